//! The command line's surface as case files (`tests/cmd/*.toml`, run by
//! trycmd, as rage does): usage errors, the two-line error and hint, JSON
//! errors. Random and machine-specific parts are masked with `[..]`.
//! `TRYCMD=overwrite cargo test --test cli cases` rewrites them after a
//! deliberate change.

#[test]
fn the_cli_surface_matches_the_case_files() {
    trycmd::TestCases::new()
        .register_bin("stepup", crate::support::bin())
        .case("tests/cmd/*.toml");
}
