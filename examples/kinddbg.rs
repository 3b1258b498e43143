fn main() {
    let rules = zhenggai::rules::RuleSet::defaults().unwrap();
    let seg = zhenggai::segment::Segmenter::new(&rules.dictionaries).unwrap();
    for t in std::env::args().skip(1) {
        let b = seg.boundaries(&t);
        println!("{:?}", seg.words(&t));
        for m in rules.kind.all(&t, zhenggai::rules::Context { kind: None, boundaries: Some(&b) }) {
            println!("  {} {} [{}]", m.rule.id, m.label, &t[m.start..m.end]);
        }
    }
}
