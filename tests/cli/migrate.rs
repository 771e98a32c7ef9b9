//! `migrate`: a workspace moved from one backend to the other and back
//! behaves the same, and the source is frozen once it has moved.

use crate::pg;
use crate::support::*;

/// A location of the other backend than `env`'s, empty.
fn other_backend(env: &Env, n: u32) -> String {
    if env.db.to_string_lossy().starts_with("postgres://") {
        env.path()
            .join(format!("moved-{n}.redb"))
            .display()
            .to_string()
    } else {
        let server = pg::server();
        server.url(&server.create_db())
    }
}

/// Logs the admin in with a code and returns the token.
pub fn admin_token(env: &Env, code: &str) -> String {
    let (rc, v) = env
        .stepup(&[
            "login",
            ADMIN,
            "--password-stdin",
            "--print-token",
            "--code",
            code,
        ])
        .stdin(format!("{ADMIN_PW}\n"))
        .json();
    assert_eq!(rc, 0, "{v}");
    v["token"].as_str().unwrap().to_string()
}

/// An env on `location` sharing `env`'s config.
pub fn env_at(env: &Env, location: &str) -> Env {
    let next = Env::at(Some(location.to_string()), "");
    std::fs::copy(&env.config, &next.config).unwrap();
    next
}

/// What must be the same after a move, as the binary reports it.
fn observable(env: &Env, admin: &str) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for args in [
        &["policy", "show"][..],
        &["settings", "show"],
        &["action", "list"],
        &["user", "show", "alice"],
        &["user", "show", ADMIN],
    ] {
        let (rc, mut v) = env.stepup(args).session(admin).json();
        assert_eq!(rc, 0, "{args:?}: {v}");
        // The admin spends a recovery code on each step of the move.
        if args == ["user", "show", ADMIN]
            && let Some(o) = v.as_object_mut()
        {
            o.remove("recovery_remaining");
        }
        out.push(v);
    }
    out
}

#[test]
fn a_workspace_moves_to_the_other_backend_and_back_and_behaves_the_same() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    let alice = alice_token(&env);
    env.token(ADMIN, ADMIN_PW);
    let (mut alice_app, alice_codes) = enroll_totp(&env, Some(&alice));
    // The admin steps up with recovery codes: TOTP steps come one per 30 s.
    let (_app, admin_codes) = enroll_totp(&env, None);
    let mut admin_code = admin_codes.iter();
    let mut next = move || admin_code.next().unwrap().clone();
    // Alice spends a recovery code and a TOTP step, and fails twice.
    let (rc, v) = login_alice(&env, &["--code", &alice_codes[0]]);
    assert_eq!(rc, 0, "{v}");
    let spent_step = alice_app.next_code();
    let (rc, v) = login_alice(&env, &["--code", &spent_step]);
    assert_eq!(rc, 0, "{v}");
    for _ in 0..2 {
        let (rc, _) = env
            .stepup(&["login", "alice", "--password-stdin"])
            .stdin("not her password\n")
            .json();
        assert_eq!(rc, 3);
    }
    let root = admin_token(&env, &next());
    let before = observable(&env, &root);

    // Moving needs a code even in a fresh session.
    let target = other_backend(&env, 1);
    let (rc, v) = env
        .stepup(&["migrate", "--to", &target])
        .session(&root)
        .json();
    assert_eq!(rc, 10, "{v}");
    let (rc, v) = env
        .stepup(&["migrate", "--to", &target, "--code", &next()])
        .session(&root)
        .json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["users"], 2);
    assert_eq!(v["digest"].as_str().unwrap().len(), 64);

    // The source is frozen, naming where the workspace went.
    for args in [&["whoami"][..], &["user", "list"], &["policy", "show"]] {
        let (rc, v) = env.stepup(args).session(&root).json();
        assert_eq!(rc, 1, "{v}");
        assert!(v["message"].as_str().unwrap().contains("moved to"), "{v}");
    }
    let (rc, v) = login_alice(&env, &["--code", &alice_codes[1]]);
    assert_eq!(rc, 1, "no code is spent on the frozen source: {v}");

    // The target: everyone logs in again, and everything is as it was.
    let moved = env_at(&env, &target);
    let root = admin_token(&moved, &next());
    assert_eq!(observable(&moved, &root), before);
    let (rc, v) = login_alice(&moved, &["--code", &alice_codes[0]]);
    assert_eq!(rc, 3, "a used recovery slot stays used: {v}");
    let (rc, v) = login_alice(&moved, &["--code", &spent_step]);
    assert_eq!(rc, 3, "a used TOTP step stays used: {v}");
    let (rc, v) = login_alice(&moved, &["--code", &alice_codes[1]]);
    assert_eq!(rc, 0, "an unused recovery code works: {v}");
    let (_, v) = moved
        .stepup(&["audit", "--limit", "500"])
        .session(&root)
        .json();
    assert!(
        v["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "migrate"),
        "{v}"
    );

    // An occupied target is refused, and the workspace stays live.
    let (rc, v) = moved
        .stepup(&[
            "migrate",
            "--to",
            env.db.to_str().unwrap(),
            "--code",
            &next(),
        ])
        .session(&root)
        .json();
    assert_eq!(rc, 3, "{v}");
    assert!(
        v["message"].as_str().unwrap().contains("already exists"),
        "{v}"
    );
    let (rc, _) = moved.stepup(&["whoami"]).session(&root).json();
    assert_eq!(rc, 0);

    // And back to the first kind of backend.
    let back = if target.starts_with("postgres://") {
        moved.path().join("back.redb").display().to_string()
    } else {
        let server = pg::server();
        server.url(&server.create_db())
    };
    let (rc, v) = moved
        .stepup(&["migrate", "--to", &back, "--code", &next()])
        .session(&root)
        .json();
    assert_eq!(rc, 0, "{v}");
    let home = env_at(&env, &back);
    admin_token(&home, &next());
    let (rc, v) = login_alice(&home, &["--code", &alice_codes[1]]);
    assert_eq!(rc, 3, "spent on the target, spent here: {v}");
    let (rc, v) = login_alice(&home, &["--code", &alice_codes[2]]);
    assert_eq!(rc, 0, "{v}");
}

#[test]
fn migrate_refuses_a_password_on_the_command_line_and_its_own_database() {
    let env = Env::with_admin();
    let (rc, v) = env
        .stepup(&["migrate", "--to", "postgres://u:secret@127.0.0.1/x"])
        .json();
    assert_eq!(rc, 2, "{v}");
    assert!(!v.to_string().contains("secret"));
    let (rc, v) = env
        .stepup(&["migrate", "--to", env.db.to_str().unwrap()])
        .json();
    assert_eq!(rc, 2, "{v}");
    let (rc, v) = env.stepup(&["migrate", "--to", "mysql://u@h/x"]).json();
    assert_eq!(rc, 2, "{v}");
}

/// A workspace ready to move: the admin has recovery codes (`next`) and a
/// session with a code (`root`).
pub fn ready_to_move(env: &Env) -> (impl FnMut() -> String, String) {
    env.token(ADMIN, ADMIN_PW);
    let (_app, admin_codes) = enroll_totp(env, None);
    let mut admin_code = admin_codes.into_iter();
    let mut next = move || admin_code.next().unwrap();
    let root = admin_token(env, &next());
    (next, root)
}

#[test]
fn a_move_whose_target_is_still_marked_is_refused_there_and_finished_by_the_same_command() {
    let env = Env::with_admin();
    env.add_user("alice", ALICE_PW, None);
    let (mut next, root) = ready_to_move(&env);
    let server = pg::server();
    let db = server.create_db();
    let target = server.url(&db);
    let (rc, v) = env
        .stepup(&["migrate", "--to", &target, "--code", &next()])
        .session(&root)
        .json();
    assert_eq!(rc, 0, "{v}");
    // What a move leaves when the source froze and the target's mark could
    // not be cleared after (the server went away at that moment).
    let mut target_db = postgres::Client::connect(&server.admin_url(&db), postgres::NoTls).unwrap();
    target_db
        .execute(
            "INSERT INTO stepup_meta (key, value) VALUES ('arriving_from', $1)",
            &[&v["from"].as_str().unwrap()],
        )
        .unwrap();
    let moved = env_at(&env, &target);
    for args in [&["whoami"][..], &["policy", "show"]] {
        moved
            .stepup(args)
            .run()
            .exits_saying(1, "holds an unfinished copy of the workspace in");
    }
    moved
        .stepup(&["login", "alice", "--password-stdin"])
        .stdin(format!("{ALICE_PW}\n"))
        .run()
        .exits_saying(1, "unfinished copy");
    // The same command finishes it: no code, nothing copied again.
    let (rc, v) = env.stepup(&["migrate", "--to", &target]).json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["finished"], true, "{v}");
    let n: i64 = target_db
        .query_one(
            "SELECT count(*) FROM stepup_meta WHERE key = 'arriving_from'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 0);
    moved
        .stepup(&["login", "alice", "--password-stdin"])
        .stdin(format!("{ALICE_PW}\n"))
        .run()
        .ok();
    // Once finished, it is not finished twice: the source is frozen.
    env.stepup(&["migrate", "--to", &target])
        .run()
        .exits_saying(1, "moved to");
}
