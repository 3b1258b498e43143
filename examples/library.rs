//! zhenggai as a library: compile the rules once, run a notice, read its task items.
//! The README's "Use it as a library" shows this program (`cargo run --example library`).

use zhenggai::{rules::RuleSet, Options, Pipeline};

fn main() -> Result<(), zhenggai::Error> {
    let pipeline = Pipeline::new(RuleSet::defaults()?)?; // compile the rules once
    let text = "整治不担当不作为的问题。各级党委要于年底前完成整改。";
    let out = pipeline.run_bytes(
        "notice.txt",
        "notice.txt",
        text.as_bytes(),
        &Options::default(),
    );
    for task in &out.record.tasks {
        println!(
            "{} {:?} {:?}",
            task.text,
            task.kind,
            task.bodies.iter().map(|b| &b.text).collect::<Vec<_>>()
        );
    }
    println!("{}", serde_json::to_string(&out.record).unwrap_or_default()); // the CLI's JSON
    Ok(())
}
