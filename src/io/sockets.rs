//! TCP sockets a library opened for this process, found and tuned from the
//! outside: lettre 0.11.23 gives no way to reach its socket, so its
//! connection is found among this process's descriptors (`/proc/self/fd`)
//! and a duplicate of it is taken with `pidfd_getfd` (Linux 5.6+; a process
//! may always take its own), which shares the socket and its options.
//! Nothing here can fail a command: without the call, the socket simply
//! keeps Nagle's algorithm on.

use std::collections::BTreeSet;

/// The descriptors of this process that are sockets.
pub fn tcp_sockets() -> BTreeSet<i32> {
    let Ok(dir) = std::fs::read_dir("/proc/self/fd") else {
        return BTreeSet::new();
    };
    dir.flatten()
        .filter(|e| {
            std::fs::read_link(e.path()).is_ok_and(|t| t.to_string_lossy().starts_with("socket:"))
        })
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse().ok()))
        .collect()
}

/// Turns Nagle's algorithm off on every socket opened since `before` was
/// taken (only those: the process may be a host's, as under PAM).
pub fn no_delay_on_new(before: &BTreeSet<i32>) {
    let new: Vec<i32> = tcp_sockets().difference(before).copied().collect();
    if new.is_empty() {
        return;
    }
    use rustix::process::{PidfdFlags, PidfdGetfdFlags, getpid, pidfd_getfd, pidfd_open};
    let Ok(me) = pidfd_open(getpid(), PidfdFlags::empty()) else {
        return;
    };
    for n in new {
        if let Ok(dup) = pidfd_getfd(&me, n, PidfdGetfdFlags::empty()) {
            // Not TCP (a Unix socket): the call fails, and nothing changes.
            let _ = rustix::net::sockopt::set_tcp_nodelay(&dup, true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_connection_gets_nagle_off_and_older_sockets_are_left_alone() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let old = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let before = tcp_sockets();
        let new = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        assert!(!new.nodelay().unwrap());
        no_delay_on_new(&before);
        assert!(new.nodelay().unwrap(), "the new connection");
        assert!(!old.nodelay().unwrap(), "an older one is not touched");
    }
}
