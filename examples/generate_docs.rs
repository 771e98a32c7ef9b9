//! Rewrites the generated documentation: shell completions in `completions/`
//! and man pages in `man/`. Run after changing the command line:
//!
//!     cargo run --example generate_docs
//!
//! The test `docs::the_committed_docs_are_fresh` fails until you do.

use std::path::Path;

fn main() -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let wanted: Vec<String> = stepup::docs::all().into_iter().map(|g| g.path).collect();
    // Remove pages of commands that no longer exist.
    for dir in ["completions", "man"] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir)) {
            for entry in entries {
                let path = entry?.path();
                let rel = format!(
                    "{dir}/{}",
                    path.file_name().unwrap_or_default().to_string_lossy()
                );
                if !wanted.contains(&rel) {
                    std::fs::remove_file(&path)?;
                    println!("removed {rel}");
                }
            }
        }
    }
    for path in stepup::docs::write_all(root)? {
        println!("wrote {path}");
    }
    Ok(())
}
