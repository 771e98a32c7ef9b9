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
    match text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .next()
    {
        Some('{') => Format::Jsonl,
        _ => Format::Csv,
    }
}

/// Parses a whole file. Blank lines are skipped. A file-level problem (such
/// as a bad CSV header) is an Err.
pub fn parse(text: &str, format: Format) -> Result<Vec<Line>, String> {
    // Files saved by spreadsheet programs often start with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
                // is the line's and would be wrong for the file. A message
                // about a value quotes the value, which may be a password:
                // that one is replaced.
                let msg = e.to_string();
                let msg = msg.split(" at line ").next().unwrap_or(&msg);
                let names_only =
                    msg.starts_with("unknown field") || msg.starts_with("duplicate field");
                if e.is_data() && !names_only {
                    format!("every field must be a string ({})", COLUMNS.join(", "))
                } else {
                    msg.to_string()
                }
            });
            (i + 1, fields)
        })
        .collect()
}

/// A CSV record: its first line, and its fields or why it cannot be read.
type CsvRecord = (usize, Result<Vec<String>, String>);

/// Splits CSV text into records of fields, with each record's first line.
/// Quoted fields may hold commas, quotes (doubled) and line breaks. A
/// malformed record is reported on its own and reading goes on with the
/// next line.
fn csv_records(text: &str) -> Vec<CsvRecord> {
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut start = 1;
    let mut quoted = false;
    let mut was_quoted = false;
    let mut bad: Option<String> = None;
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
        if bad.is_some() && c != '\n' {
            continue; // skipping the rest of a malformed line
        }
        match c {
            '"' if field.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
            }
            '"' => bad = Some("a quote inside an unquoted field".into()),
            ',' => {
                fields.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                was_quoted = false;
                match bad.take() {
                    Some(e) => records.push((start, Err(e))),
                    None if fields.len() == 1 && fields[0].is_empty() => {}
                    None => records.push((start, Ok(std::mem::take(&mut fields)))),
                }
                fields.clear();
                line += 1;
                start = line;
            }
            _ if was_quoted => bad = Some("text after a closing quote".into()),
            _ => field.push(c),
        }
    }
    if quoted {
        records.push((start, Err("a quoted field is not closed".into())));
    } else if let Some(e) = bad {
        records.push((start, Err(e)));
    } else if !field.is_empty() || !fields.is_empty() || was_quoted {
        fields.push(field);
        records.push((start, Ok(fields)));
    }
    records
}

fn parse_csv(text: &str) -> Result<Vec<Line>, String> {
    let mut records = csv_records(text).into_iter();
    let Some((_, header)) = records.next() else {
        return Ok(Vec::new());
    };
    let header = header.map_err(|e| format!("line 1: {e}"))?;
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
            let values = match values {
                Ok(v) => v,
                Err(e) => return (line, Err(e)),
            };
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
                let value = un_neutralise(value);
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

/// Characters that make a spreadsheet read a cell as a formula (OWASP's
/// CSV injection list).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn csv_cell(v: &str) -> String {
    // A cell a spreadsheet would run as a formula is written with a leading
    // apostrophe, which spreadsheets show as text; import takes it off again.
    let neutralised;
    let v = if v.starts_with(FORMULA_START) {
        neutralised = format!("'{v}");
        neutralised.as_str()
    } else {
        v
    };
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

/// The value of a cell that export neutralised (see [`csv_cell`]).
fn un_neutralise(value: String) -> String {
    match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest.to_string(),
        _ => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_read_back() {
        for v in ["=cmd|'/Ccalc'!A0", "+1", "-bob", "@x", "\tx", "\rx"] {
            let cell = csv_cell(v);
            assert!(
                cell.trim_start_matches('"').starts_with('\''),
                "{v:?} -> {cell:?}"
            );
            assert_eq!(
                un_neutralise(cell.trim_matches('"').replace("\"\"", "\"")),
                v
            );
        }
        assert_eq!(csv_cell("alice"), "alice");
        assert_eq!(un_neutralise("'alice".into()), "'alice");
    }

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
    fn jsonl_errors_never_quote_a_value() {
        let lines = parse("{\"name\":\"a\",\"password\":31415926535}\n", Format::Jsonl).unwrap();
        let err = lines[0].1.as_ref().unwrap_err();
        assert!(!err.contains("31415926535"), "{err}");
        assert!(err.contains("string"), "{err}");
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
            parse("\"name\n", Format::Csv)
                .unwrap_err()
                .contains("not closed")
        );
        assert_eq!(parse("", Format::Csv).unwrap().len(), 0);
    }

    #[test]
    fn a_malformed_csv_line_is_reported_alone() {
        let text = "\u{feff}name,email\nab\"c,x@y.z\nbob,\"b@y.z\"tail\ncarol,c@y.z\n\"open,x\n";
        let lines = parse(text, Format::Csv).unwrap();
        let results: Vec<(usize, bool)> = lines.iter().map(|(l, r)| (*l, r.is_ok())).collect();
        assert_eq!(results, [(2, false), (3, false), (4, true), (5, false)]);
        assert!(lines[0].1.as_ref().unwrap_err().contains("quote inside"));
        assert!(
            lines[1]
                .1
                .as_ref()
                .unwrap_err()
                .contains("after a closing quote")
        );
        assert!(lines[3].1.as_ref().unwrap_err().contains("not closed"));
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
