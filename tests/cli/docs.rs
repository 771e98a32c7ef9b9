//! The generated documentation is committed and fresh, man pages render
//! cleanly, and every command's help explains itself with an example.

use crate::support::*;
use clap::CommandFactory;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_committed_docs_are_fresh() {
    let generated = stepup::docs::all();
    let mut stale = Vec::new();
    for g in &generated {
        match std::fs::read(root().join(&g.path)) {
            Ok(committed) if committed == g.content => {}
            Ok(_) => stale.push(format!("{} differs", g.path)),
            Err(_) => stale.push(format!("{} is missing", g.path)),
        }
    }
    for dir in ["completions", "man"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let name = format!("{dir}/{}", entry.unwrap().file_name().to_string_lossy());
            if !generated.iter().any(|g| g.path == name) {
                stale.push(format!("{name} is not generated any more"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "generated docs are stale; run `cargo run --example generate_docs`:\n{}",
        stale.join("\n")
    );
}

#[test]
fn the_man_pages_render_without_warnings() {
    for entry in std::fs::read_dir(root().join("man")).unwrap() {
        let path = entry.unwrap().path();
        let out = std::process::Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .arg(&path)
            .output();
        let Ok(out) = out else {
            panic!(
                "groff is missing: install it (Debian: apt-get install groff-base) or run `bash .ci/run`, which does"
            );
        };
        assert!(out.status.success(), "{}", path.display());
        let warnings = String::from_utf8_lossy(&out.stderr);
        assert!(
            warnings.trim().is_empty(),
            "{}:\n{warnings}",
            path.display()
        );
    }
    let out = std::process::Command::new("man")
        .args(["-l", "man/stepup.1"])
        .current_dir(root())
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .output();
    if let Ok(out) = out {
        let text = String::from_utf8_lossy(&out.stdout);
        for section in [
            "EXIT STATUS",
            "ENVIRONMENT",
            "FILES",
            "EXAMPLES",
            "SEE ALSO",
        ] {
            assert!(
                text.contains(section),
                "{section} missing from man -l output"
            );
        }
    }
}

#[test]
fn every_command_has_a_summary_and_an_example() {
    let mut cmd = stepup::cli::Cli::command();
    cmd.build();
    let mut stack: Vec<(String, clap::Command)> = cmd
        .get_subcommands()
        .map(|c| (c.get_name().to_string(), c.clone()))
        .collect();
    while let Some((path, c)) = stack.pop() {
        if c.get_name() == "help" || c.is_hide_set() {
            continue; // clap's own `help` subcommand; stepup's own plumbing
        }
        assert!(c.get_about().is_some(), "{path} has no summary");
        let subs: Vec<_> = c.get_subcommands().cloned().collect();
        if subs.is_empty() {
            let after = c
                .get_after_help()
                .map(|s| s.to_string())
                .unwrap_or_default();
            assert!(after.contains("Example"), "{path} has no example");
            let args: Vec<&str> = path.split(' ').chain(["--help"]).collect();
            let run = Env::empty().stepup(&args).run();
            run.ok();
            assert!(
                run.stdout.contains("Example"),
                "{path} --help:\n{}",
                run.stdout
            );
        }
        for s in subs {
            stack.push((format!("{path} {}", s.get_name()), s));
        }
    }
}

#[test]
fn long_help_explains_step_up_and_exit_10() {
    let run = Env::empty().stepup(&["--help"]).run();
    run.ok();
    assert!(run.stdout.contains("Step-up verification"));
    assert!(run.stdout.contains("exit code 10") || run.stdout.contains("10 code required"));
    let run = Env::empty().stepup(&["login", "--help"]).run();
    assert!(run.stdout.contains("exit code 10"), "{}", run.stdout);
}

#[test]
fn the_readmes_config_reference_is_the_config_the_code_reads() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("Every key with its default:")
        .expect("the reference");
    let block = &readme[start..];
    let toml_start = block.find("```toml\n").unwrap() + "```toml\n".len();
    let text = &block[toml_start..toml_start + block[toml_start..].find("```").unwrap()];
    // Every key in it is one the config type takes, with a valid value...
    let config = stepup::config::Config::parse(text).unwrap_or_else(|e| panic!("{e}"));
    // ...and its limits are exactly the workspace's defaults, every one listed.
    let settings = config.initial_settings().unwrap();
    assert_eq!(settings, stepup::domain::settings::Settings::default());
    for key in stepup::domain::settings::KEYS {
        assert!(
            config.limits.iter().any(|(k, _)| k.name == key.name),
            "README's config reference lacks {}",
            key.name
        );
    }
}
