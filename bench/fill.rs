//! Fills a workspace for the scale benchmark (`bench/scale.py`): appends
//! audit events and sessions through stepup's own storage layer, in one
//! transaction, as a long-lived workspace would have them. Built as a cargo
//! example (`cargo build --release --example fill`); not part of stepup.
//!
//!     fill DB EVENTS SESSIONS USERS
//!
//! Events are logins of `bulk0` … `bulk{USERS-1}` in turn (actor and user);
//! sessions belong to those users, half of them expired a day ago.

use std::time::{Duration, SystemTime, UNIX_EPOCH};
use stepup::domain::audit::{Event, Outcome};
use stepup::domain::secret::sha256;
use stepup::domain::session::Session;
use stepup::domain::time::Timestamp;
use stepup::store::{Location, Options, Store, location::Given};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, db, events, sessions, users] = args.as_slice() else {
        anyhow::bail!("usage: fill DB EVENTS SESSIONS USERS");
    };
    let (events, sessions, users): (u64, u64, u64) =
        (events.parse()?, sessions.parse()?, users.parse()?);
    let location = Location::parse(std::ffi::OsStr::new(db), Given::FlagOrEnv)?;
    let options = Options::plain(Duration::from_secs(60), Default::default(), false);
    let store = Store::open(&location, &options)?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
    store.write(|tx| {
        for i in 0..events {
            let name = format!("bulk{}", i % users);
            let e = Event::new(Timestamp(now - (events - i)), "login", Outcome::Ok)
                .actor(&name)
                .user(&name)
                .method("password");
            tx.audit_event(&e)?;
        }
        for i in 0..sessions {
            let key = sha256(&[b"bench-session", &i.to_be_bytes()]);
            let at = if i % 2 == 0 { now - 86_400 * 2 } else { now };
            let s = Session {
                user: format!("bulk{}", i % users),
                created_at: Timestamp(at),
                last_used: Timestamp(at),
                fresh: Default::default(),
                bound: None,
            };
            tx.put_session(&key, &s)?;
        }
        Ok(())
    })?;
    eprintln!("fill: {events} events and {sessions} sessions added to {db}");
    Ok(())
}
