//! `zhenggai eval` agrees with the reference scorer `tests/data/score.py`: on every gold
//! set of the repository, given the same extracted records, both give the same figures to
//! three decimals, over the set and for each document.
//!
//! The reference scorer decodes a document as UTF-8, else GB18030; it reads neither Big5
//! (whose bytes are well-formed GB18030, so it misreads them and stops on a gold quote it
//! cannot find) nor UTF-16. Documents that zhenggai decodes as anything but UTF-8 or
//! GB18030 (h06 of the held-out set, in Big5) are left out of the comparison, with a note
//! naming them; `zhenggai eval --decode detect` scores them, checked here too.
//!
//! Needs `python3`. Without it the tests print a note and pass, unless
//! `ZHENGGAI_REQUIRE_PYTHON=1` (set by `.ci/run`): then they fail.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const SCORE_PY: &str = "tests/data/score.py";

/// The encodings (zhenggai's names) the reference scorer reads.
const READ_BY_SCORE_PY: [&str; 2] = ["UTF-8", "GB18030"];

fn root(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

fn zhenggai() -> Command {
    Command::new(env!("CARGO_BIN_EXE_zhenggai"))
}

/// Whether python3 runs; without it, a note, or a failure under ZHENGGAI_REQUIRE_PYTHON=1.
fn have_python() -> bool {
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("ZHENGGAI_REQUIRE_PYTHON").as_deref() != Ok("1"),
            "python3 is not on PATH and ZHENGGAI_REQUIRE_PYTHON=1: the agreement with score.py must be checked"
        );
        println!("note: python3 is not on PATH; agreement with score.py not checked");
    }
    ok
}

/// A fresh empty folder for one gold set.
fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("eval-agree-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn run(cmd: &mut Command, what: &str) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The gold files of a set whose document the reference scorer can read, copied into
/// `into`; the others are named on stdout and returned.
fn gold_readable_by_score_py(gold: &Path, corpus: &Path, into: &Path) -> Vec<String> {
    let mut left_out = Vec::new();
    for entry in std::fs::read_dir(gold).expect("gold dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let doc = read_json(&path)["doc"]
            .as_str()
            .expect("gold doc")
            .to_owned();
        let bytes = std::fs::read(corpus.join(&doc)).expect("corpus document");
        let encoding = zhenggai::decode::decode(&bytes, None)
            .map(|d| d.encoding)
            .unwrap_or("undecodable");
        if READ_BY_SCORE_PY.contains(&encoding) {
            std::fs::copy(&path, into.join(path.file_name().expect("name"))).expect("copy");
        } else {
            println!(
                "note: {doc} ({encoding}) left out of the comparison: score.py reads UTF-8 and GB18030 only"
            );
            left_out.push(doc);
        }
    }
    left_out
}

/// Where the two scorers' figures differ by 0.0005 or more (or one is null).
fn differences(place: &str, py: &Value, rs: &Value) -> Vec<String> {
    let Some(py) = py.as_object() else {
        return vec![format!("{place}: score.py gave no figures")];
    };
    let mut out = Vec::new();
    for (key, want) in py {
        let got = &rs[key.as_str()];
        let same = match (want.as_f64(), got.as_f64()) {
            (Some(a), Some(b)) => (a - b).abs() < 0.0005,
            (None, None) => want.is_null() && got.is_null(),
            _ => false,
        };
        if !same {
            out.push(format!("{place}: {key}: score.py {want}, zhenggai {got}"));
        }
    }
    out
}

/// Extracts `corpus`, scores the records with both scorers against `gold`, and requires
/// the same figures over the set and per document.
fn agree_on(set: &str, gold: &str, corpus: &str) {
    if !have_python() {
        return;
    }
    let (gold, corpus) = (root(gold), root(corpus));
    let dir = temp_dir(set);
    let records = dir.join("records.jsonl");
    run(
        zhenggai()
            .args(["extract", "-q", "-o"])
            .arg(&records)
            .arg(&corpus),
        "zhenggai extract",
    );
    let readable = dir.join("gold");
    std::fs::create_dir_all(&readable).expect("gold copy");
    let left_out = gold_readable_by_score_py(&gold, &corpus, &readable);
    let (py_json, rs_json) = (dir.join("score_py.json"), dir.join("zhenggai.json"));
    run(
        Command::new("python3")
            .arg(root(SCORE_PY))
            .arg("--gold")
            .arg(&readable)
            .arg("--corpus")
            .arg(&corpus)
            .arg(&records)
            .arg("--json")
            .arg(&py_json),
        "score.py",
    );
    run(
        zhenggai()
            .arg("eval")
            .arg("--gold")
            .arg(&readable)
            .arg("--corpus")
            .arg(&corpus)
            .arg(&records)
            .arg("--json")
            .arg(&rs_json),
        "zhenggai eval",
    );
    let (py, rs) = (read_json(&py_json), read_json(&rs_json));
    let mut diffs = differences(&format!("{set} total"), &py["total"], &rs["total"]);
    let docs = py["per_doc"].as_object().expect("per_doc");
    let rs_docs = rs["per_doc"].as_object().expect("per_doc");
    assert_eq!(
        docs.keys().collect::<Vec<_>>(),
        rs_docs.keys().collect::<Vec<_>>(),
        "{set}: documents"
    );
    for (doc, figures) in docs {
        diffs.extend(differences(&format!("{set} {doc}"), figures, &rs_docs[doc]));
    }
    assert!(
        diffs.is_empty(),
        "zhenggai eval and score.py disagree:\n{}",
        diffs.join("\n")
    );
    let figure = |key: &str| match py["total"][key].as_f64() {
        Some(v) => format!("{key} {v:.3}"),
        None => format!("{key} -"),
    };
    let shown = ["task_precision", "task_recall", "body_f1", "deadline_f1"].map(figure);
    println!(
        "{set}: {} documents agree with score.py to 3 decimals, {} left out ({})",
        docs.len(),
        left_out.len(),
        shown.join(", ")
    );
    if !left_out.is_empty() {
        scores_left_out_with_detect(set, &gold, &corpus, &records, &left_out);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The documents left out are scored by `zhenggai eval --decode detect`.
fn scores_left_out_with_detect(
    set: &str,
    gold: &Path,
    corpus: &Path,
    records: &Path,
    left_out: &[String],
) {
    let json = records.with_file_name("detect.json");
    run(
        zhenggai()
            .args(["eval", "--decode", "detect", "--gold"])
            .arg(gold)
            .arg("--corpus")
            .arg(corpus)
            .arg(records)
            .arg("--json")
            .arg(&json),
        "zhenggai eval --decode detect",
    );
    let figures = read_json(&json);
    for doc in left_out {
        let recall = figures["per_doc"][doc.as_str()]["task_recall"].as_f64();
        assert!(
            recall.is_some_and(|r| r > 0.0),
            "{set}: {doc} not scored with --decode detect"
        );
    }
}

#[test]
fn dev_seeds_agree() {
    agree_on("dev", "corpus/gold/dev", "corpus/seeds");
}

#[test]
fn real_notices_agree() {
    agree_on("real", "corpus/gold/real", "corpus/real");
}

#[test]
fn heldout_notices_agree() {
    agree_on("heldout", "corpus/gold/heldout", "corpus/heldout");
}
