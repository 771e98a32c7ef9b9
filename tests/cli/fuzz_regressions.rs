//! Replays the saved fuzz corpus (`tests/fuzz-regressions/TARGET/`) through
//! the same checks the fuzz targets run (`stepup::fuzzing`), so every input
//! the fuzzer found interesting stays a regression test. `fuzz/run.sh --save`
//! refreshes the corpus.

use std::path::Path;

#[test]
fn the_fuzz_corpus_replays_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fuzz-regressions");
    let mut replayed = 0;
    for (name, check) in stepup::fuzzing::TARGETS {
        let dir = root.join(name);
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{name} fails on {}", path.display());
            replayed += 1;
        }
    }
    assert!(
        replayed >= stepup::fuzzing::TARGETS.len(),
        "the corpus is missing"
    );
}
