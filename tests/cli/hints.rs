//! Hints lead somewhere that works from where the user is: each test takes
//! the hint an error printed and runs it.

use crate::support::*;

/// The `stepup ...` command inside a hint, as words.
fn command_in(hint: &str) -> Vec<String> {
    let start = hint.find("stepup ").expect("a command in the hint") + "stepup ".len();
    let rest = &hint[start..];
    let end = rest.find([')', ',', ';', '`']).unwrap_or(rest.len());
    rest[..end]
        .split_whitespace()
        .map(|w| w.trim_end_matches('.').to_string())
        .collect()
}

#[test]
fn under_disabled_the_hints_of_method_disable_are_not_circular() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    let alice = env.token("alice", ALICE_PW);
    env.token(ADMIN, ADMIN_PW);
    let (_alice_app, _) = enroll_totp(&env, Some(&alice));
    let (mut app, codes) = enroll_totp(&env, None);
    let (rc, v) = env
        .stepup(&["policy", "set", "disabled", "--code", &codes[0]])
        .json();
    assert_eq!(rc, 0, "{v}");

    // The admin: raise the policy, then disable with a code.
    let (rc, v) = env.stepup(&["method", "disable", "totp"]).json();
    assert_eq!(rc, 3, "{v}");
    let hint = v["hint"].as_str().unwrap();
    let next = command_in(hint);
    assert_eq!(next, ["policy", "set", "enabled"], "{hint}");
    let args: Vec<&str> = next.iter().map(String::as_str).collect();
    let (rc, v) = env.stepup(&args).json();
    assert_eq!(rc, 0, "{v}");
    let (rc, v) = env
        .stepup(&["method", "disable", "totp", "--code", &app.next_code()])
        .json();
    assert_eq!(rc, 0, "{v}");

    // A member: the admin's command in the hint works.
    let (rc, v) = env.stepup(&["policy", "set", "disabled"]).json();
    assert_eq!(rc, 0, "{v}");
    let (rc, v) = env
        .stepup(&["method", "disable", "totp"])
        .session(&alice)
        .json();
    assert_eq!(rc, 3, "{v}");
    let next = command_in(v["hint"].as_str().unwrap());
    assert_eq!(next, ["user", "reset-mfa", "alice"]);
    let args: Vec<&str> = next.iter().map(String::as_str).collect();
    let (rc, v) = env.stepup(&args).json();
    assert_eq!(rc, 0, "{v}");
}

#[test]
fn the_hints_for_a_missing_session_and_an_enrollment_only_one_work() {
    let env = Env::with_admin();
    env.stepup(&["logout"]).run().ok();
    let (rc, v) = env.stepup(&["whoami"]).json();
    assert_eq!(rc, 3);
    assert_eq!(command_in(v["hint"].as_str().unwrap()), ["login", "NAME"]);
    env.token(ADMIN, ADMIN_PW);
    let (_, codes) = enroll_totp(&env, None);
    env.stepup(&["policy", "set", "required", "--code", &codes[0]])
        .run()
        .ok();
    env.add_user("alice", ALICE_PW, None);
    let (rc, v) = env
        .stepup(&["login", "alice", "--password-stdin", "--print-token"])
        .stdin(format!("{ALICE_PW}\n"))
        .json();
    assert_eq!(rc, 0, "{v}");
    let alice = v["token"].as_str().unwrap().to_string();
    let (rc, v) = env.stepup(&["recovery", "list"]).session(&alice).json();
    assert_eq!(rc, 3);
    let next = command_in(v["hint"].as_str().unwrap());
    assert_eq!(next, ["method", "enable", "totp|email"]);
    let (rc, v) = env
        .stepup(&["method", "enable", "totp"])
        .session(&alice)
        .json();
    assert_eq!(rc, 10, "the hint's first choice starts an enrollment: {v}");
}

/// Every `stepup ...` command line that the source can print (hints, notes,
/// help examples), with its placeholders filled in.
fn printed_commands() -> Vec<(String, String)> {
    let mut found = Vec::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for literal in string_literals(&text) {
                    for command in commands_in(&literal) {
                        found.push((path.display().to_string(), command));
                    }
                }
            }
        }
    }
    found
}

/// The contents of the string literals in Rust source, comments skipped.
fn string_literals(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in source.lines() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let mut chars = code.chars();
        while let Some(c) = chars.next() {
            if c != '"' {
                continue;
            }
            let mut lit = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => match chars.next() {
                        Some('n') => lit.push('\n'),
                        Some(other) => lit.push(other),
                        None => {}
                    },
                    '"' => break,
                    c => lit.push(c),
                }
            }
            out.push(lit);
        }
    }
    out
}

/// The commands after each `stepup ` in `text`, up to where prose resumes.
fn commands_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("stepup ") {
        let after = &rest[at + "stepup ".len()..];
        let end = after
            .find([')', ';', ',', '`', '\n', '|'])
            .unwrap_or(after.len());
        let mut command = after[..end].trim().trim_end_matches('.').to_string();
        for prose in [" && ", " (or ", " or ", " > "] {
            if let Some(i) = command.find(prose) {
                command.truncate(i);
            }
        }
        out.push(command);
        rest = &after[end..];
    }
    out
}

/// Ways to fill a `{...}` placeholder; a command is good if one way of
/// filling all of them parses.
const SAMPLES: [&str; 8] = [
    "alice",
    "totp",
    "codes.email_resend_seconds",
    "users.csv",
    "10m",
    "required",
    "allow",
    "deny",
];

/// Every way of filling the placeholders of `command` from [`SAMPLES`].
fn fillings(command: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    for w in command.split_whitespace() {
        let choices: Vec<String> = if w.starts_with('{') && w.ends_with('}') {
            SAMPLES.iter().map(|s| s.to_string()).collect()
        } else {
            vec![filled_word(w)]
        };
        out = out
            .into_iter()
            .flat_map(|argv| {
                choices.iter().map(move |c| {
                    let mut next = argv.clone();
                    next.push(c.clone());
                    next
                })
            })
            .collect();
    }
    out
}

fn filled_word(w: &str) -> String {
    {
        {
            {
                match w {
                    "NAME" => "alice".into(),
                    "ADDR" => "alice@acme.example".into(),
                    "METHOD" => "totp".into(),
                    "VALUE" => "5".into(),
                    "ID" => "a1b2c3d4".into(),
                    w => w.trim_matches('"').to_string(),
                }
            }
        }
    }
}

#[test]
fn every_command_the_cli_can_print_is_one_it_accepts() {
    use clap::Parser;
    let subcommands: Vec<String> = <stepup::cli::Cli as clap::CommandFactory>::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let mut checked = 0;
    let mut bad = Vec::new();
    for (file, command) in printed_commands() {
        // "another stepup process", "not a stepup database": prose.
        let first = command.split_whitespace().next().unwrap_or("");
        if !subcommands.iter().any(|s| s == first) {
            continue;
        }
        checked += 1;
        let parses = fillings(&command).into_iter().any(|words| {
            let mut argv = vec!["stepup".to_string()];
            argv.extend(words);
            stepup::cli::Cli::try_parse_from(&argv).is_ok()
        });
        if !parses {
            bad.push(format!("{file}: stepup {command}"));
        }
    }
    assert!(
        bad.is_empty(),
        "commands stepup prints but refuses:\n{}",
        bad.join("\n")
    );
    // The scan found the hints (a broken scan would check nothing).
    assert!(checked >= 60, "only {checked} commands found");
}
