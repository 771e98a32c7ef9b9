//! Sending email codes through lettre: SMTP (lettre's URL syntax), a folder
//! of `.eml` files, or a sendmail-compatible program.

use crate::config::{EmailConfig, Transport};
use crate::domain::names::mask_email;
use crate::domain::time::Timestamp;
use crate::error::{Error, Result};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::{SendmailTransport, Transport as _};

/// One email code to deliver.
pub struct CodeMail<'a> {
    pub issuer: &'a str,
    pub to: &'a str,
    pub user: &'a str,
    pub code: &'a str,
    /// What it is for, in words ("log in", "change your password", ...).
    pub purpose: &'a str,
    pub expires_at: Timestamp,
    pub lifetime_minutes: u64,
}

/// Builds the message: From, To, Subject, Date, Message-ID and a plain-text
/// body with the code and its expiry.
pub fn build(cfg: &EmailConfig, mail: &CodeMail<'_>) -> Result<Message> {
    let from: Mailbox = cfg.from.parse().map_err(|e| {
        Error::failure(format!(
            "the configured sender '{}' is not an address: {e}",
            cfg.from
        ))
        .hint("set email.from to something like \"Acme <mfa@acme.example>\"")
    })?;
    let to: Mailbox = mail.to.parse().map_err(|e| {
        Error::failure(format!(
            "the address of {} cannot receive mail: {e}",
            mail.user
        ))
        .hint(format!(
            "an admin can fix the address: stepup user set {} --email ADDR",
            mail.user
        ))
    })?;
    // Short lines keep the body plain 7-bit text, so the code is readable
    // as is in any mail client or spool file.
    let body = format!(
        "Hello {user},\n\n\
         Your {issuer} verification code is:\n\n    {code}\n\n\
         Use it to {purpose}.\n\
         It expires in {minutes} minutes ({expires}) and works once.\n\n\
         If you did not ask for this code, someone may know your\n\
         password: change it, and tell your {issuer} admin.\n",
        user = mail.user,
        issuer = mail.issuer,
        code = mail.code,
        purpose = mail.purpose,
        minutes = mail.lifetime_minutes,
        expires = mail.expires_at,
    );
    Message::builder()
        .from(from)
        .to(to)
        .subject(format!("{} verification code", mail.issuer))
        .date_now()
        .message_id(None)
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| Error::failure(format!("cannot build the email: {e}")).into())
}

/// A notice that something changed on the account (no code in it).
pub struct Notice<'a> {
    pub issuer: &'a str,
    pub to: &'a str,
    pub user: &'a str,
    pub subject: &'a str,
    /// What happened, in a sentence or two.
    pub what: &'a str,
}

/// Builds a notice: the same headers as a code mail, a plain-text body
/// saying what happened and what to do if it was not the user.
pub fn build_notice(cfg: &EmailConfig, notice: &Notice<'_>) -> Result<Message> {
    let from: Mailbox = cfg.from.parse().map_err(|e| {
        Error::failure(format!(
            "the configured sender '{}' is not an address: {e}",
            cfg.from
        ))
    })?;
    let to: Mailbox = notice.to.parse().map_err(|e| {
        Error::failure(format!(
            "the address of {} cannot receive mail: {e}",
            notice.user
        ))
    })?;
    let body = format!(
        "Hello {user},\n\n{what}\n\n\
         If this was not you or your {issuer} admin, tell your admin at once.\n",
        user = notice.user,
        what = notice.what,
        issuer = notice.issuer,
    );
    Message::builder()
        .from(from)
        .to(to)
        .subject(format!("{}: {}", notice.issuer, notice.subject))
        .date_now()
        .message_id(None)
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| Error::failure(format!("cannot build the email: {e}")).into())
}

/// Sends a notice with the configured transport.
pub fn send_notice(cfg: &EmailConfig, notice: &Notice<'_>) -> Result<()> {
    deliver(cfg, &build_notice(cfg, notice)?, notice.to, "the notice")
}

/// Sends the message with the configured transport.
pub fn send(cfg: &EmailConfig, mail: &CodeMail<'_>) -> Result<()> {
    deliver(cfg, &build(cfg, mail)?, mail.to, "the email code")
}

/// Delivers a built message to `to` with the configured transport.
fn deliver(cfg: &EmailConfig, message: &Message, to: &str, what: &str) -> Result<()> {
    let fail = |e: String| -> anyhow::Error {
        Error::failure(format!(
            "could not send {what} to {}: {e}",
            mask_email(to)
        ))
        .hint("check the [email] settings in the configuration; nothing was changed, so you can simply try again")
        .into()
    };
    match &cfg.transport {
        Transport::Smtp { url, timeout } => {
            send_smtp(cfg, url, *timeout, message).map_err(fail)?;
        }
        Transport::File { dir } => {
            if !dir.is_dir() {
                return Err(fail(format!("the folder {} does not exist", dir.display())));
            }
            let name = format!(
                "{}.eml",
                crate::domain::secret::hex(
                    &crate::domain::secret::bytes_from::<16>(&crate::domain::secret::OsRandomness)
                        .map_err(|e| fail(e.to_string()))?
                )
            );
            // The message holds a code: written 0600 like every secret file.
            crate::io::paths::write_private(
                &dir.join(name),
                &message.formatted(),
                crate::io::paths::Existing::Keep,
            )
            .map_err(|e| fail(format!("{e:#}")))?;
        }
        Transport::Sendmail { command } => {
            let transport = match command {
                Some(c) => SendmailTransport::new_with_command(c),
                None => SendmailTransport::new(),
            };
            transport.send(message).map_err(|e| fail(e.to_string()))?;
        }
    }
    Ok(())
}

/// Sends over SMTP with lettre's connection API, the way its
/// `SmtpTransport` does (the URL read the same way: scheme, `?tls=`, port,
/// credentials, HELO name), with one difference: Nagle's algorithm is
/// turned off on the connection. lettre 0.11.23 writes a message and its
/// final `.` as two small writes, and with Nagle on the second waits for
/// the server's delayed ACK, about 40 ms per message (fixed upstream after
/// that release).
fn send_smtp(
    cfg: &EmailConfig,
    url: &str,
    timeout: std::time::Duration,
    message: &Message,
) -> std::result::Result<(), String> {
    use crate::config::{SmtpTls, smtp_tls};
    use lettre::transport::smtp::authentication::{Credentials, Mechanism};
    use lettre::transport::smtp::client::{SmtpConnection, Tls, TlsParameters};
    use lettre::transport::smtp::extension::ClientId;
    let bad = |e: &dyn std::fmt::Display| format!("bad SMTP URL: {e}");
    let parsed = url::Url::parse(url).map_err(|e| bad(&e))?;
    let host = parsed.host_str().ok_or_else(|| bad(&"no host"))?;
    let mode = smtp_tls(url);
    let tls = match &cfg.ca_file {
        Some(ca) => tls_with_ca(url, ca, cfg.ca_pem.as_deref())?,
        None if mode == SmtpTls::None => Tls::None,
        None => {
            let params = TlsParameters::new(host.into()).map_err(|e| smtp_reason(&e))?;
            match mode {
                SmtpTls::Wrapper => Tls::Wrapper(params),
                SmtpTls::Required => Tls::Required(params),
                _ => Tls::Opportunistic(params),
            }
        }
    };
    let port = parsed.port().unwrap_or(match mode {
        SmtpTls::None => 25,
        SmtpTls::Wrapper => 465,
        SmtpTls::Required | SmtpTls::Opportunistic => 587,
    });
    let hello = match parsed.path().trim_matches('/') {
        "" => ClientId::default(),
        name => ClientId::Domain(name.to_string()),
    };
    let wrapper = match &tls {
        Tls::Wrapper(p) => Some(p),
        _ => None,
    };
    let before = crate::io::sockets::tcp_sockets();
    let connected = SmtpConnection::connect((host, port), Some(timeout), &hello, wrapper, None);
    crate::io::sockets::no_delay_on_new(&before);
    let mut conn = connected.map_err(|e| smtp_reason(&e))?;
    match &tls {
        Tls::Opportunistic(p) if conn.can_starttls() => conn.starttls(p, &hello),
        Tls::Required(p) => conn.starttls(p, &hello),
        _ => Ok(()),
    }
    .map_err(|e| smtp_reason(&e))?;
    if let Some(password) = parsed.password() {
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|c| c.into_owned())
                .map_err(|e| bad(&e))
        };
        let credentials = Credentials::new(decode(parsed.username())?, decode(password)?);
        conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
            .map_err(|e| smtp_reason(&e))?;
    }
    let sent = conn.send(message.envelope(), &message.formatted());
    let _ = conn.quit();
    sent.map(|_| ()).map_err(|e| smtp_reason(&e))
}

/// The TLS the URL asks for, trusting the authority in `ca` too.
fn tls_with_ca(
    url: &str,
    ca: &std::path::Path,
    pem: Option<&[u8]>,
) -> std::result::Result<lettre::transport::smtp::client::Tls, String> {
    use crate::config::{SmtpTls, smtp_host, smtp_tls};
    use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
    let pem = match pem {
        Some(p) => p.to_vec(),
        None => std::fs::read(ca)
            .map_err(|e| format!("cannot read the [email] ca_file {}: {e}", ca.display()))?,
    };
    let cert = Certificate::from_pem(&pem).map_err(|e| {
        format!(
            "the [email] ca_file {} is not a PEM certificate: {e}",
            ca.display()
        )
    })?;
    let host = smtp_host(url).ok_or("the SMTP URL names no host")?;
    let params = TlsParameters::builder(host)
        .add_root_certificate(cert)
        .build_rustls()
        .map_err(|e| format!("cannot set up TLS: {e}"))?;
    Ok(match smtp_tls(url) {
        SmtpTls::Wrapper => Tls::Wrapper(params),
        SmtpTls::Required => Tls::Required(params),
        SmtpTls::Opportunistic => Tls::Opportunistic(params),
        SmtpTls::None => Tls::None,
    })
}

/// lettre's error with its source, without repeating itself.
fn smtp_reason(e: &lettre::transport::smtp::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_config(dir: &str) -> EmailConfig {
        EmailConfig {
            transport: Transport::File { dir: dir.into() },
            from: "Acme <mfa@acme.example>".into(),
            ca_file: None,
            ca_pem: None,
        }
    }

    fn alice_mail(expires_at: Timestamp) -> CodeMail<'static> {
        CodeMail {
            issuer: "Acme",
            to: "alice@example.com",
            user: "alice",
            code: "042917",
            purpose: "log in",
            expires_at,
            lifetime_minutes: 10,
        }
    }

    #[test]
    fn the_message_carries_the_headers_and_the_code() {
        let cfg = file_config("/nonexistent");
        let mail = alice_mail(Timestamp(1_800_000_000));
        let text = String::from_utf8(build(&cfg, &mail).unwrap().formatted()).unwrap();
        for needle in [
            "From: Acme <mfa@acme.example>",
            "To: alice@example.com",
            "Subject: Acme verification code",
            "Date: ",
            "Message-ID: <",
            "Content-Type: text/plain",
            "    042917",
            "expires in 10 minutes (2027-01-15T08:00:00Z)",
        ] {
            assert!(text.contains(needle), "missing {needle:?} in\n{text}");
        }
    }

    #[test]
    fn a_missing_folder_is_a_clear_failure() {
        let err = send(
            &file_config("/nonexistent/stepup"),
            &alice_mail(Timestamp(0)),
        )
        .unwrap_err();
        assert_eq!(crate::error::exit_code(&err), 1);
        assert!(format!("{err:#}").contains("does not exist"));
        assert!(!format!("{err:#}").contains("042917"));
    }
}
