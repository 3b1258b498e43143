//! Throughput of the pipeline against its floor, bare jieba-rs segmentation, over the
//! bundled notices (`corpus/seeds`, `corpus/heldout`, `corpus/encodings`), in input bytes
//! a second; and start-up (compiling the rules and loading the dictionaries).
//!
//! `cargo bench --bench pipeline`; `scripts/bench.sh` measures the same on a large corpus,
//! with peak memory.

// the allocator of the CLI, so that both sides measure what `zhenggai extract` does
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rayon::prelude::*;
use std::hint::black_box;
use zhenggai::input::{Content, Lister, Source};
use zhenggai::rules::RuleSources;
use zhenggai::{Options, Pipeline};

/// The bundled notices: (id, bytes).
fn corpus() -> Vec<(String, Vec<u8>)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let sources = ["seeds", "heldout", "encodings"]
        .iter()
        .map(|d| Source::Path(root.join(d)))
        .collect();
    Lister::new(sources)
        .collect()
        .into_iter()
        .filter(|d| !d.id.ends_with("README.md"))
        .filter_map(|d| match &d.content {
            Content::File(p) => std::fs::read(p).ok().map(|b| (d.id.clone(), b)),
            _ => None,
        })
        .collect()
}

fn throughput(c: &mut Criterion) {
    let docs = corpus();
    let bytes: u64 = docs.iter().map(|(_, b)| b.len() as u64).sum();
    let pipeline =
        Pipeline::from_sources(&RuleSources::defaults().expect("rules")).expect("pipeline");
    let opts = Options::default();
    let cleaned: Vec<String> = docs
        .iter()
        .filter_map(|(_, b)| zhenggai::decode::decode(b, None).ok())
        .map(|d| zhenggai::clean::clean(&d.text, &pipeline.rules().furniture).text)
        .collect();
    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    g.bench_function("segment_floor", |b| {
        b.iter(|| {
            cleaned
                .iter()
                .map(|t| pipeline.segmenter().words(black_box(t)).len())
                .sum::<usize>()
        })
    });
    let tasks = |(id, bytes): &(String, Vec<u8>)| {
        pipeline
            .run_bytes(id, id, black_box(bytes), &opts)
            .record
            .tasks
            .len()
    };
    g.bench_function("pipeline_1_thread", |b| {
        b.iter(|| docs.iter().map(tasks).sum::<usize>())
    });
    g.bench_function("pipeline_all_threads", |b| {
        b.iter(|| docs.par_iter().map(tasks).sum::<usize>())
    });
    g.finish();
}

fn startup(c: &mut Criterion) {
    let mut g = c.benchmark_group("startup");
    g.sample_size(10);
    g.bench_function("rules_and_dictionary", |b| {
        b.iter(|| {
            Pipeline::from_sources(&RuleSources::defaults().expect("rules")).expect("pipeline")
        })
    });
    g.finish();
}

criterion_group!(benches, throughput, startup);
criterion_main!(benches);
