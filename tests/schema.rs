//! The JSON Schema of the record: `docs/record.schema.json` is what `zhenggai schema`
//! prints (regenerate with `cargo run -- schema > docs/record.schema.json`), and every
//! record of `corpus/` — with `--explain` and `--emit-text` too, and the error records of
//! documents that cannot be read — validates against it.

mod common;

use common::pipeline;
use serde_json::Value;
use std::path::Path;
use zhenggai::input::{Lister, Source};
use zhenggai::Options;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_checked_in_schema_is_the_generated_one() {
    let file = std::fs::read_to_string(root().join("docs/record.schema.json"))
        .expect("docs/record.schema.json");
    assert!(
        file == zhenggai::record::schema_json(),
        "docs/record.schema.json is stale: run `cargo run -- schema > docs/record.schema.json`"
    );
}

#[test]
fn every_record_of_the_corpus_validates() {
    let schema: Value = serde_json::from_str(&zhenggai::record::schema_json()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let lister = Lister::new(vec![
        Source::Path(root().join("corpus")),
        Source::Path(root().join("tests/data/formats")),
    ]);
    let mut opts = Options {
        emit_text: true,
        ..Options::default()
    };
    opts.extract.explain = true;
    let mut n = 0;
    for (plain, full) in [(Options::default(), false), (opts, true)] {
        for doc in lister.collect() {
            let id = doc.id.clone();
            let bytes = doc.bytes(lister.max_bytes).unwrap_or_default();
            let record = pipeline().run_bytes(&id, &id, &bytes, &plain).record;
            let value = serde_json::to_value(&record).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{id} (explain {full}): {errors:#?}");
            n += 1;
        }
    }
    assert!(n > 100, "{n} records checked");
    // another schema version does not validate
    let mut other = serde_json::to_value(
        pipeline()
            .run_bytes("a", "a", b"x", &Options::default())
            .record,
    )
    .unwrap();
    other["schema"] = "zhenggai/0".into();
    assert!(!validator.is_valid(&other));
}
