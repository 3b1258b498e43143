//! Prints jieba's words and tags for each argument, as the rules see them: `cargo run --example segment -- 各部门要…`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rules = zhenggai::rules::RuleSet::defaults()?;
    let seg = zhenggai::segment::Segmenter::new(&rules.dictionaries)?;
    for text in std::env::args().skip(1) {
        let s = seg.segment(&text);
        let words: Vec<String> = s
            .words
            .iter()
            .map(|w| {
                format!(
                    "{}/{}",
                    text.get(w.start..w.end).unwrap_or("?"),
                    w.tag.as_str()
                )
            })
            .collect();
        println!("{}", words.join(" "));
    }
    Ok(())
}
