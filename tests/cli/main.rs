//! Process-level tests: the real binary on a real redb file in a temporary
//! folder. All modules build into this one test binary.

mod accounts;
mod attacks;
mod bulk;
mod cases;
mod core;
mod docs;
mod examples;
mod faults;
mod fuzz_regressions;
mod hints;
mod holes;
mod hostile;
mod mfa;
mod robustness;
mod seed;
mod support;
mod terminal;
mod upgrade;
