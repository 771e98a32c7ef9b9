//! The QR code and text shown while enrolling an authenticator app.
//!
//! qr2term draws the code with explicit black and white colours, so it scans
//! on any terminal theme. With `NO_COLOR` set, qr2term's output has no
//! colours and no longer scans, so stepup draws the code itself with block
//! characters and no escape sequences, in the convention of
//! `qrencode -t UTF8`: light modules are drawn as blocks, which reads right on
//! the usual dark terminal background. The secret and the otpauth URI are
//! always printed beside it. Output is built as a string and written by the
//! caller, so a closed pipe cannot make it panic (qr2term's `print_qr` would).

use qr2term::matrix::Matrix;
use qr2term::render::{Color, QrLight, Renderer};

/// The quiet zone around the code, in modules (ISO 18004 asks for 4).
const QUIET_ZONE: usize = 4;

/// The widest code, quiet zone included, that leaves room beside it on an
/// 80-column terminal and fits 23 rows (version 5: 37 modules + 8).
pub const MAX_FITTING_WIDTH: usize = 45;

/// Columns of text beside the code.
const PANEL: usize = 80 - MAX_FITTING_WIDTH - 2;

/// Whether the user asked for no colours (https://no-color.org).
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// The code of `data` with its quiet zone, at error-correction level L
/// (the smallest code: a terminal is a clean surface, and every module
/// saved is a row of screen).
fn matrix(data: &str) -> Result<Matrix<Color>, String> {
    let code = qrcode::QrCode::with_error_correction_level(data, qrcode::EcLevel::L)
        .map_err(|e| format!("cannot draw the QR code: {e}"))?;
    let mut m = Matrix::new(code.to_colors());
    m.surround(QUIET_ZONE, QrLight);
    Ok(m)
}

/// The QR code of `data` as terminal rows.
fn qr_rows(m: &Matrix<Color>) -> Result<Vec<String>, String> {
    let text = if no_color() {
        render_plain(m)
    } else {
        let mut buf = Vec::new();
        Renderer::default()
            .render(m, &mut buf)
            .map_err(|e| format!("cannot draw the QR code: {e}"))?;
        String::from_utf8(buf).map_err(|e| format!("cannot draw the QR code: {e}"))?
    };
    Ok(text.lines().map(str::to_string).collect())
}

/// The QR code of `data` as terminal text.
pub fn qr_text(data: &str) -> Result<String, String> {
    let mut out = qr_rows(&matrix(data)?)?.join("\n");
    out.push('\n');
    Ok(out)
}

/// Two modules per character cell (upper and lower half), light as ink.
fn render_plain(matrix: &Matrix<Color>) -> String {
    let size = matrix.size();
    let px = matrix.pixels();
    let light = |row: usize, col: usize| row >= size || px[row * size + col] == QrLight;
    let mut out = String::new();
    for row in (0..size).step_by(2) {
        for col in 0..size {
            out.push(match (light(row, col), light(row + 1, col)) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        out.push('\n');
    }
    // An odd size leaves the last half row light, which is quiet zone anyway.
    out
}

/// The secret in groups of four, easier to type by hand.
pub fn grouped_secret(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Everything an authenticator app needs: QR code, secret and URI, laid
/// out for an 80×24 terminal: the code (at most 23 rows) with the key and
/// the URI beside it, so that the code, its quiet zone and the prompt that
/// follows are all on one screen. A code that would not fit (issuer and name
/// longer than about 40 characters) is not drawn: one line says so, and the
/// key and the URI follow.
pub fn enrollment_block(secret: &str, uri: &str) -> String {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        screen_block(secret, uri)
    } else {
        stream_block(secret, uri)
    }
}

/// For output that is not a terminal (a file, a pipe to a script): the code,
/// then the key and the URI each on a line of its own, easy to pick out.
pub fn stream_block(secret: &str, uri: &str) -> String {
    let mut out = String::new();
    out.push_str("Scan this QR code with your authenticator app:\n\n");
    match qr_text(uri) {
        Ok(qr) => out.push_str(&qr),
        Err(e) => out.push_str(&format!("({e})\n")),
    }
    out.push('\n');
    out.push_str(&format!(
        "Or enter this key by hand (time-based, 6 digits, 30 seconds):\n  {}\n",
        grouped_secret(secret)
    ));
    out.push_str(&format!("otpauth URI:\n  {uri}\n"));
    out
}

/// The 80×24 layout of [`enrollment_block`].
pub fn screen_block(secret: &str, uri: &str) -> String {
    let key = grouped_secret(secret);
    let drawn = matrix(uri).and_then(|m| {
        if m.size() > MAX_FITTING_WIDTH {
            Err("the QR code would not fit an 80×24 terminal (the issuer and name are long)".into())
        } else {
            Ok((m.size(), qr_rows(&m)?))
        }
    });
    let (width, rows) = match drawn {
        Ok(d) => d,
        Err(why) => {
            return format!(
                "{why}: enter the key in your authenticator app (time-based, 6 digits, 30 seconds), or open the URI:\n  {key}\n  {uri}\n"
            );
        }
    };
    let halves: Vec<String> = key
        .split(' ')
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|c| c.join(" "))
        .collect();
    let mut panel: Vec<String> = vec![
        String::new(),
        "Scan this code with your".into(),
        "authenticator app, or enter the".into(),
        "key (time-based, 6 digits, 30 s):".into(),
    ];
    panel.extend(halves.iter().map(|h| format!("  {h}")));
    panel.push(String::new());
    panel.push("otpauth URI:".into());
    let chars: Vec<char> = uri.chars().collect();
    panel.extend(chars.chunks(PANEL).map(|c| c.iter().collect::<String>()));
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        out.push_str(row);
        if let Some(text) = panel.get(i).filter(|t| !t.is_empty()) {
            out.push_str("  ");
            out.push_str(text);
        }
        out.push('\n');
    }
    // A panel longer than the code (cannot happen below version 6) goes on.
    for text in panel.iter().skip(rows.len()) {
        out.push_str(&format!("{:w$}  {text}\n", "", w = width));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_rendering_has_no_escapes_and_square_proportions() {
        let m = matrix("otpauth://totp/x:y?secret=AAAA&issuer=x").unwrap();
        let text = render_plain(&m);
        assert!(!text.contains('\u{1b}'));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), m.size().div_ceil(2));
        assert!(lines.iter().all(|l| l.chars().count() == m.size()));
        // The quiet zone is light: the first row is all full blocks.
        assert!(lines[0].chars().all(|c| c == '█'));
    }

    #[test]
    fn a_typical_enrollment_fits_23_rows_and_80_columns() {
        let uri = "otpauth://totp/stepup:alice.smith?secret=ABCDEFGHIJKLMNOPQRSTUVWXYZ234567&issuer=stepup";
        let block = screen_block("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", uri);
        let lines: Vec<&str> = block.lines().collect();
        assert!(lines.len() <= 23, "{} rows", lines.len());
        let strip = |l: &str| {
            let mut out = String::new();
            let mut rest = l;
            while let Some(i) = rest.find('\u{1b}') {
                out.push_str(&rest[..i]);
                rest = &rest[i..];
                rest = &rest[rest.find('m').map_or(rest.len(), |j| j + 1)..];
            }
            out.push_str(rest);
            out
        };
        assert!(
            lines.iter().all(|l| strip(l).chars().count() <= 80),
            "{block}"
        );
        let panel: String = lines
            .iter()
            .map(|l| strip(l))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(panel.contains("ABCD EFGH IJKL MNOP"), "{panel}");
        let long = format!(
            "otpauth://totp/{0}:{1}?secret=ABCDEFGHIJKLMNOPQRSTUVWXYZ234567&issuer={0}",
            "a-very-long-issuer-name-of-a-company", "a.rather.long.user.name"
        );
        let block = screen_block("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", &long);
        assert_eq!(block.lines().count(), 3, "{block}");
        assert!(block.starts_with("the QR code would not fit"), "{block}");
    }

    #[test]
    fn secrets_are_grouped_by_four() {
        assert_eq!(grouped_secret("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }
}
