//! The output contract of `OUTPUT.md`, mirrored here field by field: records of the library
//! are serialized and read back into these structs, which refuse unknown fields and need
//! every required one. A field renamed, added or removed in `src/output.rs` fails this test;
//! a change of the contract must change this file (and the `schema` version) on purpose.

use serde::Deserialize;
use serde_json::Value;
use std::path::PathBuf;
use zhenggai::rules::RuleSet;
use zhenggai::{Options, Pipeline};

/// The category ids of spec/TASKS.md.
const CATEGORIES: &[&str] = &[
    "decision-implementation",
    "inaction",
    "eight-rules",
    "formalism-bureaucratism",
    "relatives-business",
    "mass-interests",
    "weak-party-orgs",
    "crime-protection",
    "inspection-feedback",
    "business-environment",
    "study-education",
    "self-inspection",
    "institutions",
    "supervision-accountability",
    "serve-masses",
    "discipline-integrity",
    "sector-work",
    "other",
];

/// The deadline kinds of spec/TASKS.md.
const DEADLINE_KINDS: &[&str] = &[
    "immediate",
    "date",
    "duration",
    "periodic",
    "phased",
    "unstated-limit",
    "occasion",
    "ongoing",
    "since",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    schema: String,
    doc: Doc,
    tasks: Vec<Task>,
    warnings: Vec<String>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    dropped: Option<Vec<Furniture>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Furniture {
    text: String,
    rule: String,
    at: usize,
    whole_line: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    id: String,
    path: String,
    #[serde(default)]
    encoding: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    date: Option<String>,
    issuer: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)] // read by serde: the mirror checks the field exists, not its value
    number: Option<String>,
    addressees: Vec<String>,
    chars: usize,
    sections: Vec<Section>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Section {
    id: usize,
    title: String,
    level: u8,
    span: [usize; 2],
    #[serde(default)]
    speaker: Option<String>,
    rule: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Task {
    id: String,
    text: String,
    span: [usize; 2],
    section: Vec<String>,
    kind: String,
    #[serde(default)]
    #[allow(dead_code)] // read by serde: the mirror checks the field exists, not its value
    strength: Option<String>,
    categories: Vec<String>,
    bodies: Vec<Body>,
    #[serde(default)]
    problem: Option<Problem>,
    deadline: Vec<Deadline>,
    actions: Vec<String>,
    metrics: Vec<Metric>,
    rules: Vec<String>,
    #[serde(default)]
    explain: Option<Vec<Explanation>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Explanation {
    field: String,
    value: String,
    rule: String,
    text: String,
    #[serde(default)]
    span: Option<[usize; 2]>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    text: String,
    #[serde(default)]
    #[allow(dead_code)] // read by serde: the mirror checks the field exists, not its value
    canonical: Option<String>,
    source: String,
    #[serde(default)]
    span: Option<[usize; 2]>,
    #[serde(default)]
    role: Option<String>,
    rule: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Problem {
    text: String,
    span: [usize; 2],
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Deadline {
    text: String,
    kind: String,
    span: [usize; 2],
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    #[allow(dead_code)] // read by serde: the mirror checks the field exists, not its value
    from: Option<String>,
    #[serde(default)]
    #[allow(dead_code)] // read by serde: the mirror checks the field exists, not its value
    to: Option<String>,
    #[serde(default)]
    #[allow(dead_code)] // read by serde: the mirror checks the field exists, not its value
    duration: Option<String>,
    #[serde(default)]
    #[allow(dead_code)] // read by serde: the mirror checks the field exists, not its value
    every: Option<String>,
    rule: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Metric {
    text: String,
    value: f64,
    unit: String,
    span: [usize; 2],
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn pipeline() -> Pipeline {
    Pipeline::new(RuleSet::defaults().expect("default rules")).expect("pipeline")
}

fn seeds() -> Vec<(String, PathBuf)> {
    let mut v: Vec<(String, PathBuf)> = std::fs::read_dir(root().join("corpus/seeds"))
        .expect("corpus/seeds")
        .map(|e| {
            let path = e.expect("dir entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (format!("seeds/{name}"), path)
        })
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no seeds");
    v
}

/// Runs the library over one document and reads its record back through the mirror.
fn mirror(
    p: &Pipeline,
    id: &str,
    path: &str,
    bytes: &[u8],
    opts: &Options,
) -> (Record, Value, String) {
    let outcome = p.run_bytes(id, path, bytes, opts);
    let json = serde_json::to_string(&outcome.record).expect("serialize record");
    let record: Record = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("{id}: record does not match the contract: {e}\n{json}"));
    let value: Value = serde_json::from_str(&json).unwrap();
    (record, value, outcome.text)
}

fn check_span(what: &str, [s, e]: [usize; 2], chars: usize) {
    assert!(s <= e, "{what}: span [{s}, {e}) is reversed");
    assert!(
        e <= chars,
        "{what}: span [{s}, {e}) ends beyond doc.chars = {chars}"
    );
}

fn slice(chars: &[char], [s, e]: [usize; 2]) -> String {
    chars[s..e].iter().collect()
}

/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
fn is_date(s: &str) -> bool {
    matches!(s.len(), 4 | 7 | 10)
        && s.bytes().enumerate().all(|(i, c)| match i {
            4 | 7 => c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// Every invariant of the contract that one record must keep.
fn check_record(r: &Record, text: &str) {
    let id = &r.doc.id;
    assert_eq!(r.schema, "zhenggai/1", "{id}");
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(r.doc.chars, chars.len(), "{id}: doc.chars");
    assert!(
        r.doc
            .issuer
            .iter()
            .chain(&r.doc.addressees)
            .all(|b| !b.is_empty()),
        "{id}: empty issuer or addressee"
    );
    assert!(
        r.warnings.iter().all(|w| !w.is_empty()),
        "{id}: empty warning"
    );
    assert!(!r.doc.path.is_empty(), "{id}: doc.path");
    match &r.error {
        None => assert!(
            r.doc.encoding.is_some(),
            "{id}: a decoded document names its encoding"
        ),
        Some(e) => assert!(
            !e.is_empty() && r.tasks.is_empty(),
            "{id}: error record with tasks or no message"
        ),
    }
    if let Some(title) = &r.doc.title {
        assert!(!title.trim().is_empty(), "{id}: empty title");
    }
    if let Some(date) = &r.doc.date {
        assert!(
            is_date(date),
            "{id}: doc.date {date:?} is not YYYY-MM-DD, YYYY-MM or YYYY"
        );
    }
    for (i, s) in r.doc.sections.iter().enumerate() {
        assert_eq!(s.id, i, "{id}: section ids count from 0");
        // level 0 is a speaker's part
        assert!(
            s.level >= 1 || s.speaker.is_some(),
            "{id}: section {i} level {} without a speaker",
            s.level
        );
        assert!(
            !s.title.is_empty() && !s.rule.is_empty(),
            "{id}: section {i}: {s:?}"
        );
        check_span(&format!("{id}: section {i}"), s.span, r.doc.chars);
        if let Some(speaker) = &s.speaker {
            assert!(!speaker.is_empty(), "{id}: section {i}: empty speaker");
        }
    }
    let mut previous_end = 0;
    for (n, t) in r.tasks.iter().enumerate() {
        assert_eq!(t.id, format!("{id}#{n}"), "task ids are <doc id>#<n>");
        let tid = &t.id;
        check_span(tid, t.span, r.doc.chars);
        assert!(
            t.span[0] >= previous_end,
            "{tid}: span {:?} starts before the previous task ends ({previous_end})",
            t.span
        );
        previous_end = t.span[1];
        assert_eq!(
            slice(&chars, t.span),
            t.text,
            "{tid}: text is not the slice of its span"
        );
        assert!(
            t.kind == "directive" || t.kind == "report",
            "{tid}: kind {:?}",
            t.kind
        );
        assert!(!t.categories.is_empty(), "{tid}: no category");
        for c in &t.categories {
            assert!(
                CATEGORIES.contains(&c.as_str()),
                "{tid}: unknown category {c:?}"
            );
        }
        assert!(!t.rules.is_empty(), "{tid}: no rule id");
        assert!(
            t.rules.iter().all(|r| !r.is_empty()),
            "{tid}: empty rule id"
        );
        assert!(
            t.actions.iter().all(|a| !a.is_empty()),
            "{tid}: empty action"
        );
        assert!(
            t.section.iter().all(|s| !s.is_empty()),
            "{tid}: empty heading in section path"
        );
        if let Some(p) = &t.problem {
            check_span(&format!("{tid}: problem"), p.span, r.doc.chars);
            assert_eq!(slice(&chars, p.span), p.text, "{tid}: problem span");
        }
        for b in &t.bodies {
            assert!(
                b.source == "explicit" || b.source == "inherited",
                "{tid}: body source {:?}",
                b.source
            );
            assert!(!b.text.is_empty() && !b.rule.is_empty(), "{tid}: {b:?}");
            if let Some(role) = &b.role {
                assert!(
                    role == "lead" || role == "support",
                    "{tid}: body role {role:?}"
                );
            }
            if let Some(span) = b.span {
                check_span(&format!("{tid}: body {:?}", b.text), span, r.doc.chars);
                assert_eq!(slice(&chars, span), b.text, "{tid}: body span");
            }
            if b.source == "explicit" {
                let span = b
                    .span
                    .unwrap_or_else(|| panic!("{tid}: explicit body without span: {b:?}"));
                assert!(
                    t.span[0] <= span[0] && span[1] <= t.span[1],
                    "{tid}: explicit body {b:?} outside the unit {:?}",
                    t.span
                );
            }
        }
        for d in &t.deadline {
            assert!(
                DEADLINE_KINDS.contains(&d.kind.as_str()),
                "{tid}: deadline kind {:?}",
                d.kind
            );
            assert!(!d.rule.is_empty(), "{tid}: deadline without rule: {d:?}");
            check_span(
                &format!("{tid}: deadline {:?}", d.text),
                d.span,
                r.doc.chars,
            );
            assert_eq!(slice(&chars, d.span), d.text, "{tid}: deadline span");
            if let Some(date) = &d.date {
                assert!(
                    date.len() == 10 && is_date(date),
                    "{tid}: deadline date {date:?} is not YYYY-MM-DD"
                );
            }
        }
        for m in &t.metrics {
            assert!(m.value.is_finite(), "{tid}: metric {m:?} is not finite");
            assert!(!m.text.is_empty(), "{tid}: {m:?}");
            assert!(
                !m.unit.chars().any(char::is_whitespace),
                "{tid}: metric unit {:?}",
                m.unit
            );
            check_span(&format!("{tid}: metric {:?}", m.text), m.span, r.doc.chars);
            assert_eq!(slice(&chars, m.span), m.text, "{tid}: metric span");
        }
    }
}

#[test]
fn seed_records_match_the_contract() {
    let p = pipeline();
    let mut tasks = 0;
    // optional fields must each show up somewhere, or their removal would go unnoticed
    let mut seen = std::collections::BTreeSet::<&str>::new();
    for (id, path) in seeds() {
        let bytes = std::fs::read(&path).expect("read seed");
        let shown = path.to_string_lossy().into_owned();
        let (record, value, text) = mirror(&p, &id, &shown, &bytes, &Options::default());
        assert_eq!(record.doc.id, id);
        assert_eq!(record.doc.path, shown);
        assert!(record.error.is_none(), "{id}: {:?}", record.error);
        assert!(record.text.is_none(), "{id}: text without emit_text");
        assert!(!record.tasks.is_empty(), "{id}: no tasks");
        check_record(&record, &text);
        tasks += record.tasks.len();

        let doc = &value["doc"];
        for (key, name) in [
            ("encoding", "doc.encoding"),
            ("title", "doc.title"),
            ("date", "doc.date"),
        ] {
            if doc.get(key).is_some() {
                seen.insert(name);
            }
        }
        // `speaker` is written for every section, as null when there is none
        for s in doc["sections"].as_array().unwrap() {
            assert!(
                s.get("speaker").is_some(),
                "{id}: section without `speaker`: {s}"
            );
            if !s["speaker"].is_null() {
                seen.insert("section.speaker");
            }
        }
        for t in value["tasks"].as_array().unwrap() {
            if t["bodies"]
                .as_array()
                .unwrap()
                .iter()
                .any(|b| b.get("span").is_some())
            {
                seen.insert("body.span");
            }
            for d in t["deadline"].as_array().unwrap() {
                for key in ["date", "from", "duration", "every"] {
                    if d.get(key).is_some() {
                        seen.insert(match key {
                            "date" => "deadline.date",
                            "from" => "deadline.from",
                            "duration" => "deadline.duration",
                            _ => "deadline.every",
                        });
                    }
                }
            }
            if t.get("strength").is_some() {
                seen.insert("task.strength");
            }
            if t["bodies"]
                .as_array()
                .unwrap()
                .iter()
                .any(|b| b.get("canonical").is_some())
            {
                seen.insert("body.canonical");
            }
        }
    }
    assert!(tasks > 0);
    let unseen: Vec<&str> = [
        "doc.encoding",
        "doc.title",
        "doc.date",
        "section.speaker",
        "body.span",
        "deadline.date",
        "deadline.duration",
        "deadline.every",
        "task.strength",
        "body.canonical",
    ]
    .into_iter()
    .filter(|k| !seen.contains(k))
    .collect();
    assert!(
        unseen.is_empty(),
        "optional fields never written over the seeds: {unseen:?}"
    );
}

#[test]
fn explain_gives_every_field_value_its_rule_and_text() {
    let p = pipeline();
    let mut opts = Options::default();
    opts.extract.explain = true;
    let mut explained = 0;
    for (id, path) in seeds() {
        let bytes = std::fs::read(&path).unwrap();
        let (record, _, text) = mirror(&p, &id, &id, &bytes, &opts);
        check_record(&record, &text);
        let chars: Vec<char> = text.chars().collect();
        for t in &record.tasks {
            let ex = t
                .explain
                .as_ref()
                .unwrap_or_else(|| panic!("{}: no explain", t.id));
            let of = |field: &str| ex.iter().filter(|x| x.field == field).collect::<Vec<_>>();
            // one explanation per value of each field, naming that value
            assert_eq!(
                of("kind").first().map(|x| x.value.as_str()),
                Some(t.kind.as_str()),
                "{}",
                t.id
            );
            let cats: Vec<&str> = of("categories").iter().map(|x| x.value.as_str()).collect();
            assert_eq!(cats, t.categories, "{}", t.id);
            let bodies: Vec<&str> = of("bodies").iter().map(|x| x.value.as_str()).collect();
            assert_eq!(
                bodies,
                t.bodies.iter().map(|b| b.text.as_str()).collect::<Vec<_>>(),
                "{}",
                t.id
            );
            assert_eq!(of("deadline").len(), t.deadline.len(), "{}", t.id);
            assert_eq!(of("metrics").len(), t.metrics.len(), "{}", t.id);
            assert_eq!(of("actions").len(), t.actions.len(), "{}", t.id);
            assert_eq!(
                of("strength").len(),
                usize::from(t.strength.is_some()),
                "{}",
                t.id
            );
            for x in ex {
                assert!(!x.rule.is_empty(), "{}: {x:?}", t.id);
                // the matched text is where the span says
                if let Some(span) = x.span {
                    check_span(&t.id, span, chars.len());
                    assert_eq!(slice(&chars, span), x.text, "{}: {x:?}", t.id);
                }
                // and every rule named is among the task's rules, or a default
                assert!(
                    t.rules.contains(&x.rule),
                    "{}: {} not in {:?}",
                    t.id,
                    x.rule,
                    t.rules
                );
            }
            explained += 1;
        }
    }
    assert!(explained > 300, "{explained}");
    // without the option there is none
    let (id, path) = seeds().into_iter().next().unwrap();
    let (record, _, _) = mirror(
        &p,
        &id,
        &id,
        &std::fs::read(&path).unwrap(),
        &Options::default(),
    );
    assert!(record.tasks.iter().all(|t| t.explain.is_none()));
}

#[test]
fn emit_text_and_error_records_match_the_contract() {
    let p = pipeline();
    let (id, path) = seeds().into_iter().next().unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let opts = Options {
        emit_text: true,
        ..Options::default()
    };
    let (record, _, text) = mirror(&p, &id, &id, &bytes, &opts);
    assert_eq!(
        record.text.as_deref(),
        Some(text.as_str()),
        "{id}: `text` is the cleaned text"
    );
    check_record(&record, &text);
    // the furniture dropped, each piece where it stood, in order
    let dropped = record.dropped.as_ref().expect("`dropped` with emit_text");
    let chars = text.chars().count();
    assert!(
        dropped
            .iter()
            .all(|f| f.at <= chars && f.rule.starts_with("furniture.") && !f.text.is_empty()),
        "{dropped:?}"
    );
    assert!(dropped.windows(2).all(|w| w[0].at <= w[1].at));
    // a whole line stood at the start of a line or at the end
    let chars: Vec<char> = text.chars().collect();
    assert!(
        dropped
            .iter()
            .filter(|f| f.whole_line)
            .all(|f| f.at == 0 || f.at == chars.len() || chars.get(f.at - 1) == Some(&'\n')),
        "{dropped:?}"
    );

    // a document that cannot be read: a record with `error` and no tasks
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";
    let (record, value, text) = mirror(&p, "bin.txt", "x/bin.txt", png, &opts);
    assert!(
        record.error.as_deref().is_some_and(|e| !e.is_empty()),
        "{value}"
    );
    assert!(record.tasks.is_empty());
    assert!(
        record.text.is_none(),
        "no text for an unreadable document: {value}"
    );
    assert_eq!(record.doc.chars, 0);
    check_record(&record, &text);

    // the error record of the library for files that cannot be listed or read
    let r = zhenggai::error_record("gone.txt", "x/gone.txt", "cannot read".into());
    let json = serde_json::to_string(&r).unwrap();
    let back: Record = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    assert_eq!(back.schema, "zhenggai/1");
    assert_eq!(back.error.as_deref(), Some("cannot read"));
    assert!(back.tasks.is_empty() && back.warnings.is_empty());
}

#[test]
fn the_mirror_refuses_added_renamed_and_removed_fields() {
    // the mirror itself must be strict, or the tests above prove nothing
    let p = pipeline();
    let outcome = p.run_bytes(
        "a.txt",
        "a.txt",
        "各级党委要于年底前完成整改，查处问题166起。".as_bytes(),
        &Options::default(),
    );
    let good = serde_json::to_value(&outcome.record).unwrap();
    assert!(serde_json::from_value::<Record>(good.clone()).is_ok());
    let task = &good["tasks"][0];
    assert!(
        !task["deadline"].as_array().unwrap().is_empty()
            && !task["metrics"].as_array().unwrap().is_empty(),
        "the probe needs a deadline and a metric: {task}"
    );

    type Edit = fn(&mut Value);
    let edits: &[(&str, Edit)] = &[
        ("added record field", |v| {
            v["extra"] = Value::Null;
        }),
        ("removed doc.chars", |v| {
            v["doc"].as_object_mut().unwrap().remove("chars");
        }),
        ("renamed task.deadline", |v| {
            let t = v["tasks"][0].as_object_mut().unwrap();
            let d = t.remove("deadline").unwrap();
            t.insert("deadlines".into(), d);
        }),
        ("added body field", |v| {
            v["tasks"][0]["bodies"][0]["alias"] = Value::from("x");
        }),
        ("removed deadline.kind", |v| {
            v["tasks"][0]["deadline"][0]
                .as_object_mut()
                .unwrap()
                .remove("kind");
        }),
        ("metric value as a string", |v| {
            v["tasks"][0]["metrics"][0]["value"] = Value::from("166");
        }),
    ];
    for (what, edit) in edits {
        let mut v = good.clone();
        edit(&mut v);
        assert!(
            serde_json::from_value::<Record>(v).is_err(),
            "the mirror accepts a record with {what}"
        );
    }
}
