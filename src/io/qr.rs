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
use qr2term::qr::Qr;
use qr2term::render::{Color, QrLight, Renderer};

/// The quiet zone around the code, in modules (ISO 18004 asks for 4).
const QUIET_ZONE: usize = 4;

/// Whether the user asked for no colours (https://no-color.org).
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// The QR code of `data` as terminal text.
pub fn qr_text(data: &str) -> Result<String, String> {
    let mut matrix = Qr::from(data)
        .map_err(|e| format!("cannot draw the QR code: {e}"))?
        .to_matrix();
    matrix.surround(QUIET_ZONE, QrLight);
    if no_color() {
        Ok(render_plain(&matrix))
    } else {
        let mut buf = Vec::new();
        Renderer::default()
            .render(&matrix, &mut buf)
            .map_err(|e| format!("cannot draw the QR code: {e}"))?;
        String::from_utf8(buf).map_err(|e| format!("cannot draw the QR code: {e}"))
    }
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

/// Everything an authenticator app needs: QR code, secret and URI.
pub fn enrollment_block(secret: &str, uri: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_rendering_has_no_escapes_and_square_proportions() {
        let mut m = Qr::from("otpauth://totp/x:y?secret=AAAA&issuer=x")
            .unwrap()
            .to_matrix();
        m.surround(QUIET_ZONE, QrLight);
        let text = render_plain(&m);
        assert!(!text.contains('\u{1b}'));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), m.size().div_ceil(2));
        assert!(lines.iter().all(|l| l.chars().count() == m.size()));
        // The quiet zone is light: the first row is all full blocks.
        assert!(lines[0].chars().all(|c| c == '█'));
    }

    #[test]
    fn secrets_are_grouped_by_four() {
        assert_eq!(grouped_secret("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }
}
