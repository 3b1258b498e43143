//! The CLI's `extract -q --jobs N PATH` (default rules, JSONL on stdout) on the system
//! allocator, for heap profilers that see only malloc (`valgrind --tool=massif`,
//! heaptrack): the CLI itself runs on mimalloc. See the README's "Benchmark".
//!
//!   cargo build --release --example memprofile
//!   valgrind --tool=massif target/release/examples/memprofile PATH [JOBS] >/dev/null
//!
//! PATH is a file or a folder (read as the CLI reads it); JOBS defaults to 1.

use std::io::{self, Write};
use zhenggai::input::Lister;
use zhenggai::{batch, rules::RuleSet, Options, Pipeline};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: memprofile PATH [JOBS]")?;
    let jobs: usize = args.next().map_or(Ok(1), |j| j.parse())?;
    let pipeline = Pipeline::new(RuleSet::defaults()?)?;
    let lister = Lister::new(batch::sources(&[path.into()]));
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;
    // as the CLI writes JSONL: each task as soon as it is made
    let mut out = io::BufWriter::new(io::stdout());
    let options = Options::default();
    batch::run_jsonl(
        &pipeline,
        &lister,
        &options,
        &pool,
        &mut out,
        &mut io::sink(),
        &mut |_| {},
    )?;
    out.flush()?;
    Ok(())
}
