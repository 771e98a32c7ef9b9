//! Output: human text or one JSON object per run, and the one place that
//! prints errors (two parts on stderr: what failed, what to do next).
//!
//! Writes to stdout never panic: a closed pipe (`stepup … | head`) just stops
//! the output.

use crate::domain::names::printable;
use crate::error::{self, CodeRequired, Error};
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::io::Write;

/// What a successful command reports.
#[derive(Debug, Default)]
pub struct Outcome {
    fields: Map<String, Value>,
    text: String,
    notes: Vec<String>,
}

impl Outcome {
    pub fn new() -> Outcome {
        Outcome::default()
    }

    /// A JSON field.
    pub fn field(mut self, key: &str, value: impl Serialize) -> Outcome {
        self.fields.insert(
            key.to_string(),
            serde_json::to_value(value).unwrap_or(Value::Null),
        );
        self
    }

    /// A line of human output (stdout, not in JSON mode).
    pub fn line(mut self, text: impl AsRef<str>) -> Outcome {
        self.text.push_str(text.as_ref());
        self.text.push('\n');
        self
    }

    /// A note for the person (stderr, in both modes): warnings and advice.
    pub fn note(mut self, text: impl Into<String>) -> Outcome {
        self.notes.push(text.into());
        self
    }
}

/// "s" unless there is exactly one.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The items joined with commas, or "none".
pub fn list_or_none(items: &[&str]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}

/// Writes to stdout, ignoring a closed pipe.
pub fn stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

fn stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

fn json_line(value: &Value) {
    stdout(&format!("{value}\n"));
}

pub fn print_outcome(outcome: &Outcome, json: bool) {
    for note in &outcome.notes {
        stderr(&format!("{note}\n"));
    }
    if json {
        let mut obj = Map::new();
        obj.insert("status".into(), json!("ok"));
        obj.extend(outcome.fields.clone());
        json_line(&Value::Object(obj));
    } else {
        stdout(&outcome.text);
    }
}

/// Prints an error once: words on stderr, and the JSON object on stdout in
/// JSON mode. Returns the exit code.
pub fn print_error(err: &anyhow::Error, json: bool) -> i32 {
    let code = error::exit_code(err);
    let ours = error::find(err);
    if let Some(Error::CodeRequired(req)) = ours {
        print_code_required(req, json);
        return code;
    }
    // The whole chain, outermost first, made safe to print.
    let message = printable_multiline(&format!("{err:#}"));
    let hint = ours.and_then(Error::hint_text);
    let mut words = format!("error: {message}\n");
    if let Some(h) = hint {
        words.push_str(&format!("  hint: {}\n", printable_multiline(h)));
    }
    stderr(&words);
    if json {
        let kind = ours.map_or("failure", Error::kind);
        let mut obj = json!({ "status": "error", "kind": kind, "message": message });
        if let Some(h) = hint {
            obj["hint"] = json!(h);
        }
        if let Some(Error::Locked { retry_after, .. }) = ours {
            obj["retry_after_seconds"] = json!(retry_after);
            obj["needs_unlock"] = json!(retry_after.is_none());
        }
        json_line(&obj);
    }
    code
}

fn print_code_required(req: &CodeRequired, json: bool) {
    if json {
        let mut obj = json!({
            "status": "code_required",
            "action": req.action.command(),
            "purpose": req.purpose,
            "options": req.options,
            "method": req.method,
            "sent_to": req.sent_to,
            "message": req.message,
            "next": req.next,
        });
        if let Some(e) = &req.enrollment {
            obj["secret"] = json!(e.secret.as_str());
            obj["otpauth_uri"] = json!(e.otpauth_uri.as_str());
        }
        json_line(&obj);
    } else {
        if let Some(e) = &req.enrollment {
            stdout(&crate::io::qr::enrollment_block(&e.secret, &e.otpauth_uri));
        }
        stderr(&format!("{}\n  next: {}\n", req.message, req.next));
    }
}

/// Like [`printable`] but keeps line breaks and has no length cap (messages
/// are ours; only the user input inside them was already made printable).
fn printable_multiline(text: &str) -> String {
    text.split('\n')
        .map(|l| {
            l.chars()
                .map(|c| {
                    if c == '\t' {
                        c.to_string()
                    } else {
                        crate::domain::names::escaped(c)
                    }
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A simple aligned table for human output.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let fmt_row = |cells: Vec<String>| {
        let mut line = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<w$}  ", w = widths[i]));
            }
        }
        line.trim_end().to_string() + "\n"
    };
    let mut out = fmt_row(headers.iter().map(|h| h.to_string()).collect());
    for row in rows {
        out.push_str(&fmt_row(row.iter().map(|c| printable(c)).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align() {
        let t = table(
            &["NAME", "ROLE"],
            &[
                vec!["al".into(), "admin".into()],
                vec!["bobby".into(), "member".into()],
            ],
        );
        assert_eq!(t, "NAME   ROLE\nal     admin\nbobby  member\n");
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(printable_multiline("a\u{1b}[2Jb\nc"), "a\\u{1b}[2Jb\nc");
    }
}
