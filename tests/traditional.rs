//! A notice in Traditional script (Big5): the rules, written in Simplified script, match a
//! fold of the text, and the record quotes the original characters.

use zhenggai::rules::RuleSet;
use zhenggai::{Options, Pipeline};

#[test]
fn big5_traditional_notice_is_read_with_simplified_rules() {
    let p = Pipeline::new(RuleSet::defaults().unwrap()).unwrap();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/heldout/h06_traditional_big5.txt"
    );
    let bytes = std::fs::read(path).unwrap();
    let opts = Options {
        emit_text: true,
        ..Options::default()
    };
    let out = p.run_bytes("h06", path, &bytes, &opts);
    let r = &out.record;
    assert!(
        r.warnings.iter().any(|w| w.contains("Traditional script")),
        "{:?}",
        r.warnings
    );
    let chars: Vec<char> = out.text.chars().collect();
    let slice = |[s, e]: [usize; 2]| chars[s..e].iter().collect::<String>();
    // quoted as written: every span slices the original text to the value's text
    for t in &r.tasks {
        assert_eq!(slice(t.span), t.text);
        for b in t.bodies.iter().filter(|b| b.source == "explicit") {
            assert_eq!(slice(b.span.unwrap()), b.text);
        }
        for d in &t.deadline {
            assert_eq!(slice(d.span), d.text);
        }
    }
    // rules with Simplified words fire: 党委/党组 bodies, 八项规定 categories, 年底前-style deadlines
    let bodies: Vec<&zhenggai::record::Body> = r.tasks.iter().flat_map(|t| &t.bodies).collect();
    let with_party = bodies
        .iter()
        .find(|b| b.text.contains("黨"))
        .expect("a 黨… body");
    assert!(
        with_party
            .canonical
            .as_deref()
            .is_some_and(|c| c.contains('党') && !c.contains('黨')),
        "the canonical name is Simplified: {with_party:?}"
    );
    assert!(r
        .tasks
        .iter()
        .any(|t| t.categories.iter().any(|c| c == "eight-rules")));
    assert!(r.tasks.iter().any(|t| !t.deadline.is_empty()));
    assert!(r.tasks.len() >= 15, "{}", r.tasks.len());
}
