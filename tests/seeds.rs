//! Behaviour over the bundled real notices: golden output (insta snapshots, one readable
//! line per task) and the re-encoded copies giving the same task items as the originals.

use std::path::{Path, PathBuf};
use zhenggai::record::Record;
use zhenggai::{rules::RuleSet, Options, Pipeline};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn pipeline() -> Pipeline {
    Pipeline::new(RuleSet::defaults().expect("default rules")).expect("pipeline")
}

fn run(p: &Pipeline, path: &Path) -> Record {
    let bytes = std::fs::read(path).expect("read seed");
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    p.run_bytes(&name, &name, &bytes, &Options::default())
        .record
}

fn seeds() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("corpus/seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

/// One line per task: what a reviewer wants to see change.
fn render(r: &Record) -> String {
    let mut out = format!(
        "title: {:?}\ndate: {:?}\nissuer: {:?}\naddressees: {:?}\nsections: {}\n",
        r.doc.title,
        r.doc.date,
        r.doc.issuer,
        r.doc.addressees,
        r.doc.sections.len()
    );
    for t in &r.tasks {
        let bodies: Vec<String> = t
            .bodies
            .iter()
            .map(|b| {
                format!(
                    "{}{}",
                    b.text,
                    if b.source == "inherited" { "*" } else { "" }
                )
            })
            .collect();
        let deadlines: Vec<String> = t
            .deadline
            .iter()
            .map(|d| format!("{}:{}", d.text, d.kind))
            .collect();
        let head: String = t.text.chars().take(36).collect();
        out.push_str(&format!(
            "{} {} | {} | {} | {}\n",
            &t.kind.as_str()[..1],
            head,
            t.categories.join(","),
            bodies.join(","),
            deadlines.join(",")
        ));
    }
    out
}

#[test]
fn golden_output_of_the_seeds() {
    let p = pipeline();
    for path in seeds() {
        let record = run(&p, &path);
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(name, render(&record));
    }
}

#[test]
fn re_encoded_copies_give_the_same_tasks() {
    let p = pipeline();
    let originals: Vec<PathBuf> = seeds();
    let mut checked = 0;
    for entry in std::fs::read_dir(root().join("corpus/encodings")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let prefix = &name[..3];
        let original = originals
            .iter()
            .find(|o| o.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .expect("original seed for encoded copy");
        let a = run(&p, original);
        let b = run(&p, &path);
        assert!(!b.tasks.is_empty(), "{name}: no tasks");
        assert_eq!(a.tasks.len(), b.tasks.len(), "{name}: task count");
        for (x, y) in a.tasks.iter().zip(&b.tasks) {
            assert_eq!(
                (&x.text, &x.span, &x.kind),
                (&y.text, &y.span, &y.kind),
                "{name}"
            );
            assert_eq!(
                (&x.categories, &x.bodies, &x.deadline),
                (&y.categories, &y.bodies, &y.deadline),
                "{name}"
            );
        }
        assert_eq!(a.doc.title, b.doc.title, "{name}: title");
        checked += 1;
    }
    assert!(checked >= 7, "only {checked} encoded files checked");
}
