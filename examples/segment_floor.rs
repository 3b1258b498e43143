//! The floor of the benchmark: bare jieba-rs segmentation (`cut` with HMM, the pipeline's
//! dictionary) of the cleaned texts of the given inputs, one thread. Decoding and cleaning
//! are not timed; throughput counts the input bytes, as the pipeline's summary line does.
//!
//! `cargo run --release --example segment_floor -- PATH...` prints one line:
//! `segment: N documents, B bytes, S s, M MB/s`.

// the allocator of the CLI, so that both sides measure what `zhenggai extract` does
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::ops::ControlFlow;
use std::time::{Duration, Instant};
use zhenggai::input::Lister;
use zhenggai::rules::RuleSources;

fn main() -> anyhow::Result<()> {
    let paths: Vec<std::path::PathBuf> = std::env::args_os().skip(1).map(Into::into).collect();
    let rules = RuleSources::defaults()?.compile()?;
    let segmenter = zhenggai::segment::Segmenter::new(&rules.dictionaries)?;
    let lister = Lister::new(zhenggai::batch::sources(&paths));
    let (mut docs, mut bytes, mut words) = (0u64, 0u64, 0usize);
    let mut timed = Duration::ZERO;
    let _ = lister.walk(&mut |doc| {
        let max = lister.max_bytes;
        if let Ok(raw) = doc.bytes(max) {
            if let Ok(decoded) = zhenggai::decode::decode(&raw, None) {
                let cleaned = zhenggai::clean::clean(&decoded.text, &rules.furniture);
                let started = Instant::now();
                words += segmenter.words(&cleaned.text).len();
                timed += started.elapsed();
                docs += 1;
                bytes += raw.len() as u64;
            }
        }
        ControlFlow::Continue(())
    });
    let secs = timed.as_secs_f64();
    println!(
        "segment: {docs} documents, {bytes} bytes, {words} words, {secs:.2} s, {:.2} MB/s",
        bytes as f64 / 1e6 / secs.max(1e-9)
    );
    Ok(())
}
