//! Parsing what a user typed as a one-time code. One field accepts both a
//! 6-digit code (authenticator app or email) and a recovery code; the two are
//! told apart by their shape. Input is forgiving: case, spaces and hyphens do
//! not matter, and compatibility forms (full-width digits) are normalised.

use super::recovery;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

/// Longest input looked at; anything longer is refused before any work.
pub const MAX_INPUT: usize = 256;

/// A code, cleaned up.
#[derive(Debug, PartialEq, Eq)]
pub enum CodeInput {
    /// Six ASCII digits.
    OneTime(Zeroizing<String>),
    /// A recovery code: 18 lower-case alphabet characters, no separators.
    Recovery(Zeroizing<String>),
}

impl CodeInput {
    pub fn is_recovery(&self) -> bool {
        matches!(self, CodeInput::Recovery(_))
    }
}

/// Why the input is not a code at all (a usage error, not a failed attempt).
pub const FORMAT_HELP: &str = "a code is the 6 digits from your authenticator app or email, \
     or a recovery code like abcdef-ghjkmn-pqrstv";

/// Why an input is not a code at all. Never echoes what was typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("the code is {0} bytes long; {FORMAT_HELP}")]
    TooLong(usize),
    #[error("the code is empty; {FORMAT_HELP}")]
    Empty,
    #[error("the code has {0} digits; {FORMAT_HELP}")]
    Digits(usize),
    #[error("that is not a code; {FORMAT_HELP}")]
    NotACode,
}

pub fn parse_code(raw: &str) -> Result<CodeInput, FormatError> {
    if raw.len() > MAX_INPUT {
        return Err(FormatError::TooLong(raw.len()));
    }
    let cleaned: Zeroizing<String> = Zeroizing::new(
        raw.nfkc()
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{2010}'..='\u{2015}'))
            .flat_map(char::to_lowercase)
            .collect(),
    );
    if cleaned.is_empty() {
        return Err(FormatError::Empty);
    }
    if cleaned.len() == 6 && cleaned.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(CodeInput::OneTime(cleaned));
    }
    if recovery::looks_like_code(&cleaned) {
        return Ok(CodeInput::Recovery(cleaned));
    }
    if cleaned.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FormatError::Digits(cleaned.len()));
    }
    Err(FormatError::NotACode)
}

impl std::ops::Deref for CodeInput {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            CodeInput::OneTime(s) | CodeInput::Recovery(s) => s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_digit_codes_in_many_spellings() {
        for input in [
            "123456",
            " 123 456 ",
            "123-456",
            "１２３４５６",
            "123\u{2013}456\n",
        ] {
            assert_eq!(
                parse_code(input),
                Ok(CodeInput::OneTime(Zeroizing::new("123456".into()))),
                "{input:?}"
            );
        }
    }

    #[test]
    fn recovery_codes_in_many_spellings() {
        for input in [
            "abcdef-ghjkmn-pqrstv",
            "ABCDEF GHJKMN PQRSTV",
            "abcdefghjkmnpqrstv",
            " Abcdef-Ghjkmn-Pqrstv\r\n",
        ] {
            assert_eq!(
                parse_code(input),
                Ok(CodeInput::Recovery(Zeroizing::new(
                    "abcdefghjkmnpqrstv".into()
                ))),
                "{input:?}"
            );
        }
    }

    #[test]
    fn everything_else_is_a_format_error() {
        for input in [
            "",
            "   ",
            "12345",
            "1234567",
            "12345a",
            "abcdef-ghjkmn-pqrst0",
            "\0\0\0\0\0\0",
            "abcdef-ghjkmn-pqrstv-x",
        ] {
            assert!(parse_code(input).is_err(), "{input:?} accepted");
        }
        assert!(parse_code(&"1".repeat(1 << 20)).is_err());
    }

    #[test]
    fn errors_do_not_echo_the_input() {
        let err = parse_code("secret-ish-input-9").unwrap_err();
        assert_eq!(err, FormatError::NotACode);
        assert!(!err.to_string().contains("secret"));
    }
}
