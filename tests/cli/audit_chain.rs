//! `stepup audit verify` on both backends: a whole chain, and each kind of
//! tampering (an event changed, removed, inserted; the end cut off) made
//! the way someone with write access to the storage would make it.

use crate::support::*;

/// The chain's verdict: exit code, JSON, stderr.
fn verify(env: &Env) -> (i32, serde_json::Value, String) {
    let run = env.stepup(&["audit", "verify", "--json"]).run();
    let v = serde_json::from_str(run.stdout.lines().last().unwrap_or("{}")).unwrap_or_default();
    (run.code, v, run.stderr)
}

/// A workspace with some history: 8 or more events.
fn with_history() -> Env {
    let env = Env::with_admin();
    for name in ["alice", "bob", "carol"] {
        env.add_user(name, ALICE_PW, None);
    }
    env.token(ADMIN, ADMIN_PW);
    env
}

#[test]
fn a_whole_chain_verifies_and_gives_its_last_number_and_mac() {
    let env = with_history();
    let (rc, v, stderr) = verify(&env);
    assert_eq!(rc, 0, "{v} {stderr}");
    let count = env
        .stepup(&["audit", "--json", "--limit", "1000"])
        .run()
        .json()["count"]
        .as_u64()
        .unwrap();
    assert_eq!(v["whole"], true);
    assert_eq!(v["events"], count);
    assert_eq!(v["last_number"], count);
    assert_eq!(v["last_mac"].as_str().unwrap().len(), 64, "{v}");
    assert_eq!(v["keyed"], false);
    assert!(stderr.contains("unkeyed"), "{stderr}");
    // The next event moves the end on by one.
    env.add_user("dave", ALICE_PW, None);
    env.token(ADMIN, ADMIN_PW);
    let (_, w, _) = verify(&env);
    let now = env
        .stepup(&["audit", "--json", "--limit", "1000"])
        .run()
        .json()["count"]
        .as_u64()
        .unwrap();
    assert!(now > count);
    assert_eq!(w["last_number"].as_u64(), Some(now), "{w}");
    assert_ne!(w["last_mac"], v["last_mac"]);
    // Members may not look.
    let alice = env.token("alice", ALICE_PW);
    env.token(ADMIN, ADMIN_PW);
    let (rc, _) = env.stepup(&["audit", "verify"]).session(&alice).json();
    assert_eq!(rc, 3);
}

#[test]
fn each_kind_of_tampering_is_named() {
    for (how, want) in [
        (Tamper::Change(3), "event 3 was changed"),
        (Tamper::Remove(4), "event 4 is missing"),
        (Tamper::InsertUnlinked, "an event was inserted after event"),
        (Tamper::Reorder(2, 3), "event 2 was changed"),
    ] {
        let env = with_history();
        let (rc, before, _) = verify(&env);
        assert_eq!(rc, 0);
        tamper(&env, &how);
        let (rc, v, stderr) = verify(&env);
        assert_eq!(rc, 1, "{how:?}: {v} {stderr}");
        assert!(stderr.contains(want), "{how:?}: {stderr}");
        assert!(stderr.contains("tampered"), "{stderr}");
        // Commands go on, and new events do not hide the break.
        env.add_user("erin", ALICE_PW, None);
        let (rc, _, stderr) = verify(&env);
        assert_eq!(rc, 1, "{how:?} still named after more events: {stderr}");
        let _ = before;
    }
    // Cutting off the end leaves a whole, shorter chain: only the number
    // and MAC kept elsewhere show it (on the file, also the index by name,
    // unless its entries go too).
    let env = with_history();
    let (_, before, _) = verify(&env);
    tamper(&env, &Tamper::CutEnd(2));
    let (rc, after, stderr) = verify(&env);
    if BACKEND == Backend::File {
        let _ = after;
        assert_eq!(rc, 1, "{stderr}");
        let last = before["last_number"].as_u64().unwrap();
        assert!(
            stderr.contains(&format!("the log has no event {}", last - 1)),
            "{stderr}"
        );
        drop_audit_index(&env);
        let (rc, again, _) = verify(&env);
        assert_eq!(rc, 0, "without the index, the shorter chain is whole");
        return cut_end_leaves_a_shorter_whole_chain(&before, &again);
    }
    assert_eq!(rc, 0);
    cut_end_leaves_a_shorter_whole_chain(&before, &after);
}

fn cut_end_leaves_a_shorter_whole_chain(before: &serde_json::Value, after: &serde_json::Value) {
    assert_eq!(
        after["last_number"].as_u64().unwrap() + 2,
        before["last_number"].as_u64().unwrap()
    );
    assert_ne!(after["last_mac"], before["last_mac"]);
}

#[derive(Debug)]
enum Tamper {
    /// The detail of event n rewritten, its link kept.
    Change(u64),
    /// Event n deleted.
    Remove(u64),
    /// A new event without a link, after the last.
    InsertUnlinked,
    /// Events a and b swapped (content only).
    Reorder(u64, u64),
    /// The last n events deleted.
    CutEnd(u64),
}

fn tamper(env: &Env, how: &Tamper) {
    match BACKEND {
        Backend::File => tamper_file(env, how),
        Backend::Postgres => tamper_pg(env, how),
    }
}

fn tamper_pg(env: &Env, how: &Tamper) {
    let mut c = pg_client(env);
    let sql = match how {
        Tamper::Change(n) => format!("UPDATE audit SET detail = 'nothing to see' WHERE chain_no = {n}"),
        Tamper::Remove(n) => format!("DELETE FROM audit WHERE chain_no = {n}"),
        Tamper::InsertUnlinked => "INSERT INTO audit (at, action, outcome, detail) VALUES (1, 'policy.set', 'ok', 'enabled')".into(),
        Tamper::Reorder(a, b) => format!(
            "UPDATE audit x SET action = y.action, actor = y.actor, user_name = y.user_name, detail = y.detail, at = y.at
               FROM audit y WHERE (x.chain_no, y.chain_no) IN (({a}, {b}), ({b}, {a}))"
        ),
        Tamper::CutEnd(k) => format!(
            "DELETE FROM audit WHERE chain_no > (SELECT max(chain_no) - {k} FROM audit)"
        ),
    };
    c.batch_execute(&sql).unwrap();
}

fn tamper_file(env: &Env, how: &Tamper) {
    use redb::{ReadableDatabase, ReadableTable, ReadableTableMetadata};
    const AUDIT: redb::TableDefinition<u64, &[u8]> = redb::TableDefinition::new("audit");
    let path = env.path().join("ws.redb");
    let db = redb::Builder::new()
        .set_concurrency_mode(redb::ConcurrencyMode::MultiWriter)
        .open(&path)
        .unwrap();
    let read = |t: &redb::Table<u64, &[u8]>, k: u64| -> serde_json::Value {
        stepup::store::record::decode(t.get(k).unwrap().unwrap().value()).unwrap()
    };
    let tx = db.begin_write().unwrap();
    {
        let mut t = tx.open_table(AUDIT).unwrap();
        let last = t.last().unwrap().unwrap().0.value();
        match how {
            Tamper::Change(n) => {
                let mut v = read(&t, *n);
                v["detail"] = "nothing to see".into();
                t.insert(*n, stepup::store::record::encode(&v).as_slice())
                    .unwrap();
            }
            Tamper::Remove(n) => {
                t.remove(*n).unwrap();
            }
            Tamper::InsertUnlinked => {
                let v = serde_json::json!({"at": 1, "action": "policy.set", "outcome": "ok", "detail": "enabled"});
                t.insert(last + 1, stepup::store::record::encode(&v).as_slice())
                    .unwrap();
            }
            Tamper::Reorder(a, b) => {
                let (mut va, mut vb) = (read(&t, *a), read(&t, *b));
                let (la, lb) = (va["link"].take(), vb["link"].take());
                va["link"] = lb;
                vb["link"] = la;
                t.insert(*a, stepup::store::record::encode(&vb).as_slice())
                    .unwrap();
                t.insert(*b, stepup::store::record::encode(&va).as_slice())
                    .unwrap();
            }
            Tamper::CutEnd(k) => {
                for key in (last + 1 - k)..=last {
                    t.remove(key).unwrap();
                }
            }
        }
        let _ = t.len();
    }
    tx.commit().unwrap();
    let _ = ReadableDatabase::begin_read(&db);
}

#[test]
fn an_event_hidden_from_audit_user_through_the_index_is_named() {
    if BACKEND == Backend::Postgres {
        return; // PostgreSQL's indexes are the server's own
    }
    use redb::ReadableTable;
    const INDEX: redb::TableDefinition<(&str, u64), ()> =
        redb::TableDefinition::new("audit_by_name");
    let env = with_history();
    let (rc, v, stderr) = verify(&env);
    assert_eq!(rc, 0, "{v} {stderr}");
    // Take alice's events out of the index: `audit --user alice` no
    // longer shows them, and `audit verify` says so.
    let db = raw_db(&env);
    let tx = db.begin_write().unwrap();
    let hidden: Vec<u64> = {
        let mut t = tx.open_table(INDEX).unwrap();
        let keys: Vec<u64> = t
            .range(("alice", 0u64)..=("alice", u64::MAX))
            .unwrap()
            .map(|e| e.unwrap().0.value().1)
            .collect();
        for n in &keys {
            t.remove(("alice", *n)).unwrap();
        }
        keys
    };
    tx.commit().unwrap();
    drop(db);
    assert!(!hidden.is_empty());
    let (_, v) = env.stepup(&["audit", "--user", "alice"]).json();
    assert_eq!(v["events"].as_array().unwrap().len(), 0, "{v}");
    let (rc, _, stderr) = verify(&env);
    assert_eq!(rc, 1, "{stderr}");
    assert!(
        stderr.contains("was tampered with")
            && stderr.contains(&format!(
                "the index of the audit log by name misses event {} under alice",
                hidden[0]
            )),
        "{stderr}"
    );
}

/// The file as a stepup from before the index by name left it: no index,
/// and no mark that it was built.
fn drop_audit_index(env: &Env) {
    let db = raw_db(env);
    let tx = db.begin_write().unwrap();
    tx.delete_table(redb::TableDefinition::<(&str, u64), ()>::new(
        "audit_by_name",
    ))
    .unwrap();
    tx.open_table(redb::TableDefinition::<&str, &[u8]>::new("meta"))
        .unwrap()
        .remove("audit_by_name")
        .unwrap();
    tx.commit().unwrap();
}

#[test]
fn a_file_without_the_index_by_name_gets_it_from_its_log_on_the_first_write() {
    if BACKEND == Backend::Postgres {
        return; // PostgreSQL's indexes are the server's own
    }
    use redb::{ReadableDatabase, ReadableTableMetadata};
    let env = with_history();
    let listing = |who: &str| {
        let (rc, v) = env.stepup(&["audit", "--user", who]).json();
        assert_eq!(rc, 0, "{v}");
        v["events"].clone()
    };
    let alice = listing("alice");
    assert!(!alice.as_array().unwrap().is_empty(), "{alice}");
    drop_audit_index(&env);
    // Read through the log while there is no index: the same events.
    assert_eq!(listing("alice"), alice);
    let entries = || {
        let db = raw_db(&env);
        let tx = db.begin_read().unwrap();
        tx.open_table(redb::TableDefinition::<(&str, u64), ()>::new(
            "audit_by_name",
        ))
        .map(|t| t.len().unwrap())
        .unwrap_or(0)
    };
    assert_eq!(entries(), 0);
    // The first write builds it from the whole log, and it is whole.
    env.add_user("dave", ALICE_PW, None);
    assert!(entries() > 0);
    assert_eq!(listing("alice"), alice);
    assert_eq!(listing("dave").as_array().unwrap().len(), 1);
    let (rc, v, stderr) = verify(&env);
    assert_eq!(rc, 0, "{v} {stderr}");
}
