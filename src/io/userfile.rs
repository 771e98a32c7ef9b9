//! The file formats of `user import` and `user export`: JSON Lines (one
//! object per line) and CSV (RFC 4180, with a header row). Parsing yields the
//! fields of each record with the line it starts on; checking the values is
//! the import command's job.

use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

/// The columns a record may have.
pub const COLUMNS: [&str; 5] = ["name", "email", "role", "password", "password_hash"];

/// One record as read from the file.
#[derive(Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Fields {
    pub name: Option<String>,
    pub email: Option<String>,
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_hash: Option<String>,
}

impl Drop for Fields {
    fn drop(&mut self) {
        if let Some(p) = &mut self.password {
            p.zeroize();
        }
    }
}

/// A record, or why its line could not be read.
pub type Line = (usize, Result<Fields, String>);

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
}

/// Guesses the format of `text`: JSON Lines when the first non-blank
/// character opens an object.
pub fn sniff(text: &str) -> Format {
    match text.trim_start().chars().next() {
        Some('{') => Format::Jsonl,
        _ => Format::Csv,
    }
}

/// Parses a whole file. Blank lines are skipped. A file-level problem (such
/// as a bad CSV header) is an Err.
pub fn parse(text: &str, format: Format) -> Result<Vec<Line>, String> {
    match format {
        Format::Jsonl => Ok(parse_jsonl(text)),
        Format::Csv => parse_csv(text),
    }
}

fn parse_jsonl(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let fields = serde_json::from_str::<Fields>(l).map_err(|e| {
                // serde's message names the field; drop its position, which
                // is the line's and would be wrong for the file.
                let msg = e.to_string();
                msg.split(" at line ").next().unwrap_or(&msg).to_string()
            });
            (i + 1, fields)
        })
        .collect()
}

/// Splits CSV text into records of fields, with each record's first line.
/// Quoted fields may hold commas, quotes (doubled) and line breaks.
fn csv_records(text: &str) -> Result<Vec<(usize, Vec<String>)>, String> {
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut start = 1;
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
            }
            '"' => return Err(format!("line {line}: a quote inside an unquoted field")),
            ',' => {
                fields.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                was_quoted = false;
                if !(fields.len() == 1 && fields[0].is_empty()) {
                    records.push((start, std::mem::take(&mut fields)));
                }
                fields.clear();
                line += 1;
                start = line;
            }
            _ if was_quoted => return Err(format!("line {line}: text after a closing quote")),
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(format!("line {start}: a quoted field is not closed"));
    }
    if !field.is_empty() || !fields.is_empty() || was_quoted {
        fields.push(field);
        records.push((start, fields));
    }
    Ok(records)
}

fn parse_csv(text: &str) -> Result<Vec<Line>, String> {
    let mut records = csv_records(text)?.into_iter();
    let Some((_, header)) = records.next() else {
        return Ok(Vec::new());
    };
    let header: Vec<String> = header
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    for h in &header {
        if !COLUMNS.contains(&h.as_str()) {
            return Err(format!(
                "line 1: unknown column '{}' (the columns are {})",
                crate::domain::names::printable(h),
                COLUMNS.join(", ")
            ));
        }
    }
    for (i, h) in header.iter().enumerate() {
        if header[..i].contains(h) {
            return Err(format!("line 1: the column '{h}' appears twice"));
        }
    }
    if !header.iter().any(|h| h == "name") {
        return Err("line 1: the header has no 'name' column".into());
    }
    Ok(records
        .map(|(line, values)| {
            if values.len() != header.len() {
                return (
                    line,
                    Err(format!(
                        "{} fields where the header has {} (put fields that hold commas, \
                         such as PHC hashes, in double quotes)",
                        values.len(),
                        header.len()
                    )),
                );
            }
            let mut f = Fields::default();
            for (col, value) in header.iter().zip(values) {
                let v = (!value.is_empty()).then_some(value);
                match col.as_str() {
                    "name" => f.name = v,
                    "email" => f.email = v,
                    "role" => f.role = v,
                    "password" => f.password = v,
                    _ => f.password_hash = v,
                }
            }
            (line, Ok(f))
        })
        .collect())
}

/// One exported record as a line of the format (CSV without the header).
pub fn write_record(format: Format, f: &Fields) -> String {
    match format {
        Format::Jsonl => serde_json::to_string(f).unwrap_or_default(),
        Format::Csv => {
            let cells = [&f.name, &f.email, &f.role, &f.password_hash];
            cells
                .iter()
                .map(|c| csv_cell(c.as_deref().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(",")
        }
    }
}

/// The CSV header of an export (the hash column stays, empty, without
/// --include-password-hashes, so the shape never changes).
pub const CSV_HEADER: &str = "name,email,role,password_hash";

fn csv_cell(v: &str) -> String {
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_records_with_line_numbers() {
        let text = "{\"name\":\"a\",\"password\":\"pw pw pw pw\"}\n\n{\"name\":\"b\",\"colour\":1}\nnot json\n";
        let lines = parse(text, Format::Jsonl).unwrap();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].0, 1);
        assert_eq!(lines[0].1.as_ref().unwrap().name.as_deref(), Some("a"));
        assert_eq!(lines[1].0, 3);
        assert!(lines[1].1.as_ref().unwrap_err().contains("colour"));
        assert_eq!(lines[2].0, 4);
        assert!(lines[2].1.is_err());
    }

    #[test]
    fn csv_with_quotes_commas_and_line_breaks() {
        let text = "name,email,password\r\nalice,a@x.y,\"pass, with \"\"quotes\"\"\"\n\nbob,,\"two\nlines\"\ncarol,c@x.y\n";
        let lines = parse(text, Format::Csv).unwrap();
        assert_eq!(lines.len(), 3);
        let alice = lines[0].1.as_ref().unwrap();
        assert_eq!(lines[0].0, 2);
        assert_eq!(alice.password.as_deref(), Some("pass, with \"quotes\""));
        let bob = lines[1].1.as_ref().unwrap();
        assert_eq!(lines[1].0, 4);
        assert_eq!(bob.email, None);
        assert_eq!(bob.password.as_deref(), Some("two\nlines"));
        assert_eq!(lines[2].0, 6);
        assert!(lines[2].1.is_err(), "two fields for three columns");
    }

    #[test]
    fn csv_file_level_errors() {
        assert!(
            parse("name,colour\n", Format::Csv)
                .unwrap_err()
                .contains("colour")
        );
        assert!(parse("email\n", Format::Csv).unwrap_err().contains("name"));
        assert!(
            parse("name,name\n", Format::Csv)
                .unwrap_err()
                .contains("twice")
        );
        assert!(
            parse("name\n\"open\n", Format::Csv)
                .unwrap_err()
                .contains("not closed")
        );
        assert!(parse("name\nab\"c\n", Format::Csv).is_err());
        assert_eq!(parse("", Format::Csv).unwrap().len(), 0);
    }

    #[test]
    fn exports_read_back() {
        let f = Fields {
            name: Some("o'neil".into()),
            email: Some("a,b@x.y".into()),
            role: Some("admin".into()),
            password: None,
            password_hash: Some("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaA".into()),
        };
        for format in [Format::Jsonl, Format::Csv] {
            let mut text = String::new();
            if format == Format::Csv {
                text.push_str(CSV_HEADER);
                text.push('\n');
            }
            text.push_str(&write_record(format, &f));
            text.push('\n');
            let lines = parse(&text, format).unwrap();
            assert_eq!(lines[0].1.as_ref().unwrap(), &f, "{format:?}");
        }
        assert_eq!(sniff("  {\"name\":1}"), Format::Jsonl);
        assert_eq!(sniff("name,email"), Format::Csv);
    }
}
