//! The CLI's `extract -q --jobs 1 FILE` (default rules, JSONL on stdout) on the system
//! allocator, for heap profilers that see only malloc (`valgrind --tool=massif`,
//! heaptrack): the CLI itself runs on mimalloc. See the README's "Benchmark".
//!
//!   cargo build --release --example memprofile
//!   valgrind --tool=massif target/release/examples/memprofile FILE >/dev/null

use std::io::{self, Write};
use zhenggai::output::{Format, Writer};
use zhenggai::{rules::RuleSet, Options, Pipeline};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: memprofile FILE")?;
    let pipeline = Pipeline::new(RuleSet::defaults()?)?;
    let bytes = std::fs::read(&path)?;
    let out = pipeline.run_owned(&path, &path, bytes, &Options::default());
    let mut writer = Writer::new(
        io::BufWriter::new(io::stdout().lock()),
        Format::Jsonl,
        false,
    )?;
    writer.write(&out.record)?;
    writer.finish()?.flush()?;
    Ok(())
}
