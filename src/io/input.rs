//! Where input comes from: prompts on a terminal, or lines of standard input
//! for scripts.
//!
//! Prompting goes through the small [`Prompt`] interface. The terminal
//! implementation reads `/dev/tty` (passwords without echo, through
//! rpassword); the scripted one answers from a list, so every interactive
//! flow can be driven in-process without a terminal.

use crate::error::{Error, Result};
use std::collections::VecDeque;
use std::io::IsTerminal;
use std::io::{BufRead, Read, Write};
use zeroize::Zeroizing;

/// Most bytes read from standard input; more is refused as a usage error.
pub const MAX_STDIN: usize = 64 * 1024;

/// Asking a person for input.
pub trait Prompt {
    /// A secret, without echo.
    fn secret(&mut self, label: &str) -> Result<Zeroizing<String>>;
    /// A line of text, such as a one-time code.
    fn line(&mut self, label: &str) -> Result<Zeroizing<String>>;
    /// A choice from a numbered menu; returns the index of the item.
    fn choose(&mut self, title: &str, items: &[String]) -> Result<usize>;
    /// A message for the person at the terminal.
    fn say(&mut self, text: &str);
}

/// Prompts on the controlling terminal.
pub struct TerminalPrompt;

/// What every prompt says when the person closes it (Ctrl-D).
pub const CLOSED: &str = "no input: the prompt was closed (Ctrl-D)";

fn tty_error(e: std::io::Error) -> anyhow::Error {
    if e.kind() == std::io::ErrorKind::UnexpectedEof {
        return Error::usage(CLOSED).into();
    }
    Error::usage(format!("cannot read from the terminal: {e}"))
        .hint("use --no-input with --password-stdin, --method and --code in scripts")
        .into()
}

impl Prompt for TerminalPrompt {
    fn secret(&mut self, label: &str) -> Result<Zeroizing<String>> {
        let value = rpassword::prompt_password(format!("{label}: ")).map_err(tty_error)?;
        Ok(Zeroizing::new(value))
    }

    fn line(&mut self, label: &str) -> Result<Zeroizing<String>> {
        let tty = std::fs::File::open("/dev/tty").map_err(tty_error)?;
        eprint!("{label}: ");
        let _ = std::io::stderr().flush();
        let mut line = Zeroizing::new(String::new());
        std::io::BufReader::new(tty.take(4096))
            .read_line(&mut line)
            .map_err(tty_error)?;
        if line.is_empty() {
            return Err(Error::usage(CLOSED).into());
        }
        Ok(Zeroizing::new(
            line.trim_end_matches(['\n', '\r']).to_string(),
        ))
    }

    fn choose(&mut self, title: &str, items: &[String]) -> Result<usize> {
        ask_menu(self, title, items)
    }

    fn say(&mut self, text: &str) {
        eprintln!("{text}");
    }
}

/// The menu logic shared by every prompt: show numbered items, accept a
/// number or an item's name, ask again (three times at most) on anything else.
fn ask_menu(p: &mut dyn Prompt, title: &str, items: &[String]) -> Result<usize> {
    let mut menu = String::from(title);
    for (i, item) in items.iter().enumerate() {
        menu.push_str(&format!("\n  {}) {item}", i + 1));
    }
    p.say(&menu);
    for _ in 0..3 {
        let answer = p.line(&format!("Choose 1-{}", items.len()))?;
        let answer = answer.trim();
        if let Ok(n) = answer.parse::<usize>()
            && (1..=items.len()).contains(&n)
        {
            return Ok(n - 1);
        }
        // An item's label, or the name in its trailing parentheses (the
        // same names as --method: "Email (email)").
        let named = |it: &String| {
            it.eq_ignore_ascii_case(answer)
                || it
                    .rsplit_once('(')
                    .is_some_and(|(_, n)| n.trim_end_matches(')').eq_ignore_ascii_case(answer))
        };
        if let Some(i) = items.iter().position(named) {
            return Ok(i);
        }
        p.say(&format!(
            "Please answer with a number from 1 to {} or a name.",
            items.len()
        ));
    }
    Err(Error::usage("no valid choice after three tries").into())
}

/// Answers prompts from a list, and records what was said (for tests of the
/// interactive flows without a terminal).
#[derive(Default)]
pub struct ScriptedPrompt {
    pub answers: VecDeque<String>,
    pub said: Vec<String>,
}

impl ScriptedPrompt {
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(answers: I) -> ScriptedPrompt {
        ScriptedPrompt {
            answers: answers.into_iter().map(Into::into).collect(),
            said: Vec::new(),
        }
    }

    fn next(&mut self, label: &str) -> Result<Zeroizing<String>> {
        self.said.push(format!("? {label}"));
        self.answers
            .pop_front()
            .map(Zeroizing::new)
            .ok_or_else(|| Error::usage(format!("no scripted answer for '{label}'")).into())
    }
}

impl Prompt for ScriptedPrompt {
    fn secret(&mut self, label: &str) -> Result<Zeroizing<String>> {
        self.next(label)
    }

    fn line(&mut self, label: &str) -> Result<Zeroizing<String>> {
        self.next(label)
    }

    fn choose(&mut self, title: &str, items: &[String]) -> Result<usize> {
        ask_menu(self, title, items)
    }

    fn say(&mut self, text: &str) {
        self.said.push(text.to_string());
    }
}

/// Standard input as lines, read once, for `--password-stdin` and friends.
pub struct StdinLines {
    lines: Option<VecDeque<Zeroizing<String>>>,
    consumed: usize,
}

impl StdinLines {
    pub fn new() -> StdinLines {
        StdinLines {
            lines: None,
            consumed: 0,
        }
    }

    /// Lines from given bytes (what standard input would hold).
    pub fn from_bytes(bytes: &[u8]) -> Result<StdinLines> {
        Ok(StdinLines {
            lines: Some(split_lines(bytes)?),
            consumed: 0,
        })
    }

    fn load(&mut self) -> Result<&mut VecDeque<Zeroizing<String>>> {
        if self.lines.is_none() {
            let mut buf = Zeroizing::new(Vec::new());
            std::io::stdin()
                .lock()
                .take(MAX_STDIN as u64 + 1)
                .read_to_end(&mut buf)
                .map_err(|e| Error::usage(format!("cannot read standard input: {e}")))?;
            self.lines = Some(split_lines(&buf)?);
        }
        Ok(self.lines.get_or_insert_with(VecDeque::new))
    }

    /// The next line, or a usage error saying which input was expected.
    /// When standard input is a terminal (`--password-stdin` typed by hand),
    /// it says what it reads and reads one line with echo off, instead of
    /// waiting silently for end of input while the password shows.
    pub fn next(&mut self, what: &str) -> Result<Zeroizing<String>> {
        if self.lines.is_none() && std::io::stdin().is_terminal() {
            self.consumed += 1;
            let line = rpassword::prompt_password(format!(
                "Reading {what} from standard input (typing is hidden): "
            ))
            .map_err(|e| Error::usage(format!("cannot read standard input: {e}")))?;
            return Ok(Zeroizing::new(line));
        }
        let n = self.consumed + 1;
        let line = self.load()?.pop_front().ok_or_else(|| {
            Error::usage(format!(
                "standard input ended before {what} (expected on line {n})"
            ))
        })?;
        self.consumed = n;
        Ok(line)
    }
}

impl Default for StdinLines {
    fn default() -> Self {
        StdinLines::new()
    }
}

fn split_lines(bytes: &[u8]) -> Result<VecDeque<Zeroizing<String>>> {
    if bytes.len() > MAX_STDIN {
        return Err(Error::usage(format!(
            "standard input is larger than {} KiB",
            MAX_STDIN / 1024
        ))
        .into());
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| Error::usage("standard input is not valid UTF-8"))?;
    if text.is_empty() {
        return Ok(VecDeque::new());
    }
    // A final newline ends the last line; it does not start another one.
    let body = text.strip_suffix('\n').unwrap_or(text);
    Ok(body
        .split('\n')
        .map(|l| Zeroizing::new(l.strip_suffix('\r').unwrap_or(l).to_string()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdin_lines_in_order_with_clear_errors() {
        let mut s = StdinLines::from_bytes(b"first\r\nsecond\n").unwrap();
        assert_eq!(s.next("the password").unwrap().as_str(), "first");
        assert_eq!(s.next("the new password").unwrap().as_str(), "second");
        let err = s.next("the code").unwrap_err().to_string();
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn empty_lines_in_the_middle_are_kept() {
        let mut s = StdinLines::from_bytes(b"\nx").unwrap();
        assert_eq!(s.next("a").unwrap().as_str(), "");
        assert_eq!(s.next("b").unwrap().as_str(), "x");
    }

    #[test]
    fn bad_stdin_is_a_usage_error() {
        assert!(StdinLines::from_bytes(&[0xff, 0xfe]).is_err());
        assert!(StdinLines::from_bytes(&vec![b'a'; MAX_STDIN + 1]).is_err());
    }

    #[test]
    fn menus_take_numbers_or_names_and_give_up_after_three_tries() {
        let items = vec!["totp".to_string(), "email".to_string()];
        let mut p = ScriptedPrompt::new(["2"]);
        assert_eq!(p.choose("Pick", &items).unwrap(), 1);
        let mut p = ScriptedPrompt::new(["x", "EMAIL"]);
        assert_eq!(p.choose("Pick", &items).unwrap(), 1);
        let mut p = ScriptedPrompt::new(["0", "3", "x"]);
        assert!(p.choose("Pick", &items).is_err());
    }
}
