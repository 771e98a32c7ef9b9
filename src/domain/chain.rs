//! The tamper-evident audit log: every event carries its number in the
//! chain and a MAC over that number, the previous event's MAC and the
//! event itself, so an event changed, removed or inserted breaks the chain
//! from there on. Keyed with the workspace's secrets key when there is one;
//! without one the key is a constant, and the chain detects accidents and
//! careless edits, not an attacker who recomputes it.

use super::audit::Event;
use hmac::{KeyInit, Mac};
use serde::{Deserialize, Serialize};

/// The key of an unkeyed chain.
pub const UNKEYED: &[u8] = b"stepup-audit-chain:unkeyed";

/// An event's place in the chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// 1 for the first event, then one more for each.
    pub n: u64,
    #[serde(with = "super::secret::b64_bytes")]
    pub mac: [u8; 32],
}

/// The MAC of event number `n` after `prev` (None for the first).
pub fn mac(key: &[u8], n: u64, prev: Option<&[u8; 32]>, event: &Event) -> [u8; 32] {
    let mut m = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key)
        .expect("HMAC takes keys of any length");
    m.update(b"stepup-audit-chain:v1\0");
    m.update(&n.to_be_bytes());
    m.update(prev.map_or(&[0u8; 32], |p| p));
    // A fixed encoding of every field, in a fixed order.
    let body = serde_json::to_vec(&(
        event.at.0,
        &event.actor,
        &event.user,
        &event.action,
        &event.method,
        event.outcome.as_str(),
        &event.detail,
    ))
    .unwrap_or_default();
    m.update(&(body.len() as u64).to_be_bytes());
    m.update(&body);
    m.finalize().into_bytes().into()
}

/// The link for the event after `last`.
pub fn next(key: &[u8], last: Option<&Link>, event: &Event) -> Link {
    let n = last.map_or(1, |l| l.n + 1);
    Link {
        n,
        mac: mac(key, n, last.map(|l| &l.mac), event),
    }
}

/// What `audit verify` found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every event is in place; the last one's link (None: no events).
    Whole { events: u64, last: Option<Link> },
    /// The first place where the chain breaks.
    Broken { position: u64, why: Break },
}

/// How the chain breaks at an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Break {
    /// Event `n` is not what was written (its MAC does not match).
    Changed { n: u64 },
    /// Events `from..=to` are gone.
    Missing { from: u64, to: u64 },
    /// An event that was never part of the chain (no link, a number that
    /// came already, or one out of order).
    Inserted { after: u64 },
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Break::Changed { n } => write!(f, "event {n} was changed (its MAC does not match)"),
            Break::Missing { from, to } if from == to => write!(f, "event {from} is missing"),
            Break::Missing { from, to } => write!(f, "events {from} to {to} are missing"),
            Break::Inserted { after: 0 } => {
                write!(f, "an event was inserted before the first one")
            }
            Break::Inserted { after } => write!(f, "an event was inserted after event {after}"),
        }
    }
}

/// Checks the events in the order they are stored.
pub fn verify<'a>(
    key: &[u8],
    events: impl IntoIterator<Item = (&'a Event, Option<&'a Link>)>,
) -> Verdict {
    let mut last: Option<Link> = None;
    let mut count = 0;
    for (position, (event, link)) in events.into_iter().enumerate() {
        let position = position as u64 + 1;
        let expected_n = last.map_or(1, |l| l.n + 1);
        let after = last.map_or(0, |l| l.n);
        let Some(link) = link else {
            return Verdict::Broken {
                position,
                why: Break::Inserted { after },
            };
        };
        if link.n < expected_n {
            return Verdict::Broken {
                position,
                why: Break::Inserted { after },
            };
        }
        let want = mac(key, link.n, last.as_ref().map(|l| &l.mac), event);
        let matches = crate::domain::secret::ct_eq(&want, &link.mac);
        if link.n > expected_n {
            // Either events are gone, or this one was made up with a number
            // further on: gone when its MAC fits its own content (it was
            // chained to the removed one, so even that is unlikely), else
            // missing is still the first thing wrong.
            return Verdict::Broken {
                position,
                why: Break::Missing {
                    from: expected_n,
                    to: link.n - 1,
                },
            };
        }
        if !matches {
            return Verdict::Broken {
                position,
                why: Break::Changed { n: link.n },
            };
        }
        last = Some(*link);
        count += 1;
    }
    Verdict::Whole {
        events: count,
        last,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::Outcome;
    use crate::domain::time::Timestamp;

    fn log(n: usize) -> (Vec<Event>, Vec<Link>) {
        let events: Vec<Event> = (0..n)
            .map(|i| Event::new(Timestamp(100 + i as u64), "login", Outcome::Ok).user("alice"))
            .collect();
        let mut links: Vec<Link> = Vec::new();
        for e in &events {
            let l = next(UNKEYED, links.last(), e);
            links.push(l);
        }
        (events, links)
    }

    fn check(events: &[Event], links: &[Option<Link>]) -> Verdict {
        verify(UNKEYED, events.iter().zip(links.iter().map(|l| l.as_ref())))
    }

    #[test]
    fn a_whole_chain_verifies_and_names_its_last_link() {
        let (events, links) = log(5);
        let opt: Vec<Option<Link>> = links.iter().copied().map(Some).collect();
        assert_eq!(
            check(&events, &opt),
            Verdict::Whole {
                events: 5,
                last: Some(links[4])
            }
        );
        assert_eq!(links[4].n, 5);
        assert_eq!(
            check(&[], &[]),
            Verdict::Whole {
                events: 0,
                last: None
            }
        );
    }

    #[test]
    fn each_kind_of_tampering_is_named_at_its_place() {
        let (mut events, links) = log(5);
        let opt: Vec<Option<Link>> = links.iter().copied().map(Some).collect();
        // Changed.
        events[2].detail = Some("edited".into());
        assert_eq!(
            check(&events, &opt),
            Verdict::Broken {
                position: 3,
                why: Break::Changed { n: 3 }
            }
        );
        events[2].detail = None;
        // Removed.
        let (mut ev, mut ln) = (events.clone(), opt.clone());
        ev.remove(1);
        ln.remove(1);
        assert_eq!(
            check(&ev, &ln),
            Verdict::Broken {
                position: 2,
                why: Break::Missing { from: 2, to: 2 }
            }
        );
        // Inserted without a link, or with a number already used.
        let (mut ev, mut ln) = (events.clone(), opt.clone());
        ev.insert(2, Event::new(Timestamp(1), "policy.set", Outcome::Ok));
        ln.insert(2, None);
        assert_eq!(
            check(&ev, &ln),
            Verdict::Broken {
                position: 3,
                why: Break::Inserted { after: 2 }
            }
        );
        let (mut ev, mut ln) = (events.clone(), opt.clone());
        ev.insert(2, events[1].clone());
        ln.insert(2, opt[1]);
        assert_eq!(
            check(&ev, &ln),
            Verdict::Broken {
                position: 3,
                why: Break::Inserted { after: 2 }
            }
        );
        // Reordered: the MAC ties each to the one before.
        let (mut ev, mut ln) = (events.clone(), opt.clone());
        ev.swap(1, 2);
        ln.swap(1, 2);
        assert!(matches!(
            check(&ev, &ln),
            Verdict::Broken { position: 2, .. }
        ));
        // Another key: nothing matches.
        assert!(matches!(
            verify(b"other", events.iter().zip(opt.iter().map(|l| l.as_ref()))),
            Verdict::Broken {
                position: 1,
                why: Break::Changed { n: 1 }
            }
        ));
        // Cut off the end: whole, but the last link tells.
        let short = check(&events[..3], &opt[..3]);
        assert_eq!(
            short,
            Verdict::Whole {
                events: 3,
                last: Some(links[2])
            }
        );
    }
}
