//! Fuzz target: any bytes through the whole pipeline. Never a panic; every span slices the
//! cleaned text to its value; metric values are finite.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use zhenggai::{Options, Pipeline};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        let rules = zhenggai::rules::RuleSet::defaults().expect("default rules compile");
        Pipeline::new(rules).expect("segmenter builds")
    })
}

fuzz_target!(|data: &[u8]| {
    let opts = Options {
        emit_text: true,
        ..Options::default()
    };
    let record = pipeline().run_bytes("fuzz", "fuzz", data, &opts).record;
    let chars: Vec<char> = record.text.as_deref().unwrap_or_default().chars().collect();
    let slice = |s: [usize; 2]| chars.get(s[0]..s[1]).map(|c| c.iter().collect::<String>());
    for t in &record.tasks {
        assert_eq!(slice(t.span).as_deref(), Some(t.text.as_str()), "task span");
        for b in t.bodies.iter().filter(|b| b.source == "explicit") {
            assert_eq!(b.span.and_then(slice).as_deref(), Some(b.text.as_str()), "body span");
        }
        for d in &t.deadline {
            assert_eq!(slice(d.span).as_deref(), Some(d.text.as_str()), "deadline span");
        }
        for m in &t.metrics {
            assert_eq!(slice(m.span).as_deref(), Some(m.text.as_str()), "metric span");
            assert!(m.value.is_finite(), "metric value {}", m.value);
        }
    }
    serde_json::to_string(&record).expect("record serialises");
});
