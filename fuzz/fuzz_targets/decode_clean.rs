//! Fuzz target: any bytes through decode (detected, and forced to GBK and UTF-16LE) and
//! clean. Never a panic; the cleaned text keeps its invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use zhenggai::clean::FurnitureRule;

fn furniture() -> &'static [FurnitureRule] {
    static F: OnceLock<Vec<FurnitureRule>> = OnceLock::new();
    F.get_or_init(|| {
        zhenggai::rules::RuleSet::defaults()
            .map(|r| r.furniture)
            .unwrap_or_default()
    })
}

fuzz_target!(|data: &[u8]| {
    let forced = [None, Some(encoding_rs::GBK), Some(encoding_rs::UTF_16LE)];
    let pick = data.first().map_or(0, |b| usize::from(*b) % forced.len());
    if let Ok(d) = zhenggai::decode::decode(data, forced[pick]) {
        assert!(!d.text.contains('\0'), "NUL in decoded text");
        let cleaned = zhenggai::clean::clean(&d.text, furniture());
        let t = &cleaned.text;
        assert!(!t.contains('\r'), "CR in cleaned text");
        // a tab is a table cell boundary and may open or close a line (an empty cell)
        let space = |c: char| c.is_whitespace() && c != '\t';
        assert!(!t.starts_with(space) && !t.ends_with(space), "untrimmed text");
        assert!(!t.contains("\n\n\n"), "more than one blank line");
    }
});
