//! The domain core: policy evaluation, verification options and step-up,
//! TOTP, email codes, recovery codes, throttling, passwords and sessions.
//!
//! Nothing here knows about clap, terminals, mail transports or redb, and
//! nothing reads the clock: every rule that depends on time takes a
//! [`time::Timestamp`], so it is unit-tested in-process.

pub mod account;
pub mod audit;
pub mod chain;
pub mod code;
pub mod email_code;
pub mod enrollment;
pub mod names;
pub mod notify;
pub mod password;
pub mod policy;
pub mod recovery;
pub mod seal;
pub mod secret;
pub mod session;
pub mod settings;
pub mod stepup;
pub mod throttle;
pub mod time;
pub mod totp;
pub mod verify;
