//! The CLI's `extract -q --jobs 1 FILE` (default rules, JSONL on stdout) on the system
//! allocator, for heap profilers that see only malloc (`valgrind --tool=massif`,
//! heaptrack): the CLI itself runs on mimalloc. See the README's "Benchmark".
//!
//!   cargo build --release --example memprofile
//!   valgrind --tool=massif target/release/examples/memprofile FILE >/dev/null

use std::io::{self, Write};
use zhenggai::output::JsonlRecord;
use zhenggai::{rules::RuleSet, Options, Pipeline};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: memprofile FILE")?;
    let pipeline = Pipeline::new(RuleSet::defaults()?)?;
    let bytes = std::fs::read(&path)?;
    // as the CLI writes JSONL: each task as soon as it is made
    let mut line = JsonlRecord::new(io::BufWriter::new(io::stdout().lock()));
    let out = pipeline.run_owned_into(&path, &path, bytes, &Options::default(), &mut line)?;
    line.end(&out.record)?.flush()?;
    Ok(())
}
