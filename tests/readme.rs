//! The README stays true: its library example is `examples/library.rs` (which `cargo build
//! --all-targets` compiles), and its first command names a corpus that is there.

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn library_example_is_the_program_in_examples() {
    let readme = read("README.md");
    let example = read("examples/library.rs");
    let program = example
        .split_once("\n\n")
        .map(|(_, p)| p)
        .expect("doc comment, then code");
    let block = format!("```rust\n{program}```");
    assert!(
        readme.contains(&block),
        "README's library example differs from examples/library.rs"
    );
}

#[test]
fn first_command_runs_the_bundled_corpus() {
    let readme = read("README.md");
    let first = (readme.lines())
        .find(|l| l.starts_with("cargo run"))
        .expect("a cargo run command");
    assert!(first.contains("extract corpus -o tasks.jsonl"), "{first}");
    assert!(root().join("corpus/seeds").is_dir() && root().join("corpus/real").is_dir());
}
