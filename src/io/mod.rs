//! The edges of the program: files and paths, prompts and standard input,
//! human and JSON output, QR codes and the mail transport.

pub mod input;
pub mod mail;
pub mod output;
pub mod paths;
pub mod qr;
pub mod sockets;
pub mod userfile;
