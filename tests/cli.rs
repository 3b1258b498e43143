//! The `zhenggai` command as a user runs it: exit codes, output formats, determinism,
//! bad input, rule folders and a closed stdout.

use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

const SEED_IDS: [&str; 5] = [
    "seeds/000_2e29eb4606567f33.txt",
    "seeds/001_f85b1a10ee697c7a.txt",
    "seeds/002_26377cdddf030d9b.txt",
    "seeds/003_b2d490668cee019e.txt",
    "seeds/004_51c61d9e97b41153.txt",
];

const CSV_HEADER: &str = "doc_id,path,title,date,issuer,number,error,task_id,kind,strength,\
    categories,bodies,deadline,deadline_kind,deadline_date,deadline_from,deadline_to,\
    deadline_duration,deadline_every,metrics,actions,section,span_start,span_end,text,rules";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the crate root so that `corpus/seeds` gives ids `seeds/…`.
fn zhenggai() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zhenggai"));
    c.current_dir(root());
    c
}

fn run(args: &[&str]) -> Output {
    zhenggai().args(args).output().expect("run zhenggai")
}

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn describe(o: &Output) -> String {
    format!("status {:?}\n--- stderr ---\n{}", o.status, stderr(o))
}

/// A scratch folder of its own, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir =
            std::env::temp_dir().join(format!("zhenggai-cli-{}-{name}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch folder");
        Scratch(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn join(&self, p: &str) -> PathBuf {
        self.0.join(p)
    }

    fn write(&self, p: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.join(p);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, bytes).expect("write scratch file");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn parse_jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("line {}: not JSON: {e}\n{l}", i + 1))
        })
        .collect()
}

fn tasks(record: &Value) -> &Vec<Value> {
    record["tasks"].as_array().expect("tasks is an array")
}

fn doc_id(record: &Value) -> &str {
    record["doc"]["id"].as_str().expect("doc.id is a string")
}

fn span(v: &Value) -> (usize, usize) {
    let a = v
        .as_array()
        .unwrap_or_else(|| panic!("span is not an array: {v}"));
    assert_eq!(a.len(), 2, "span {v}");
    let n = |x: &Value| {
        x.as_u64()
            .unwrap_or_else(|| panic!("span bound not a number: {v}")) as usize
    };
    (n(&a[0]), n(&a[1]))
}

fn slice(chars: &[char], (s, e): (usize, usize)) -> String {
    assert!(
        s <= e && e <= chars.len(),
        "span [{s}, {e}) outside text of {} chars",
        chars.len()
    );
    chars[s..e].iter().collect()
}

/// A minimal RFC 4180 reader: quoted fields may hold commas, quotes and line breaks.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "a row must end with CRLF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            '\n' => panic!("bare LF outside quotes: rows must end with CRLF"),
            _ => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quoted field");
    assert!(
        field.is_empty() && row.is_empty(),
        "last row is not terminated by CRLF"
    );
    rows
}

#[test]
fn extract_seeds_writes_one_sorted_record_per_file() {
    let o = run(&["extract", "corpus/seeds"]);
    assert_eq!(code(&o), Some(0), "{}", describe(&o));
    let out = stdout(&o);
    assert!(out.ends_with('\n'), "JSONL must end with a newline");
    let records = parse_jsonl(&out);
    assert_eq!(records.len(), 5, "one line per seed");
    let ids: Vec<&str> = records.iter().map(doc_id).collect();
    assert_eq!(ids, SEED_IDS);
    for r in &records {
        assert_eq!(r["schema"], "zhenggai/1", "{}", doc_id(r));
        assert!(
            r.get("error").is_none(),
            "{}: unexpected error {}",
            doc_id(r),
            r["error"]
        );
        assert!(!tasks(r).is_empty(), "{}: no tasks", doc_id(r));
    }
    // the summary goes to stderr, not into the output
    assert!(stderr(&o).contains("5 documents"), "{}", describe(&o));
}

#[test]
fn output_is_the_same_for_any_number_of_threads() {
    for format in ["jsonl", "csv"] {
        let one = run(&[
            "extract",
            "-q",
            "--jobs",
            "1",
            "--format",
            format,
            "corpus/seeds",
        ]);
        let four = run(&[
            "extract",
            "-q",
            "--jobs",
            "4",
            "--format",
            format,
            "corpus/seeds",
        ]);
        assert_eq!(code(&one), Some(0), "{}", describe(&one));
        assert_eq!(code(&four), Some(0), "{}", describe(&four));
        assert!(!one.stdout.is_empty());
        assert!(
            one.stdout == four.stdout,
            "{format}: output differs between --jobs 1 and --jobs 4"
        );
    }
}

#[test]
fn json_and_csv_formats() {
    let jsonl = run(&["extract", "-q", "corpus/seeds"]);
    assert_eq!(code(&jsonl), Some(0), "{}", describe(&jsonl));
    let records = parse_jsonl(&stdout(&jsonl));
    let task_ids: Vec<(String, String)> = records
        .iter()
        .flat_map(|r| {
            tasks(r)
                .iter()
                .map(move |t| (doc_id(r).to_string(), t["id"].as_str().unwrap().to_string()))
        })
        .collect();
    assert!(!task_ids.is_empty());

    // --format json: one array holding the same records
    let json = run(&["extract", "-q", "--format", "json", "corpus/seeds"]);
    assert_eq!(code(&json), Some(0), "{}", describe(&json));
    let array: Value = serde_json::from_slice(&json.stdout).expect("--format json parses");
    let array = array.as_array().expect("--format json gives an array");
    assert_eq!(array.len(), 5);
    assert_eq!(
        array, &records,
        "--format json holds the same records as jsonl"
    );

    // --format csv: the header, then one row a task (every seed has tasks)
    let csv = run(&["extract", "-q", "--format", "csv", "corpus/seeds"]);
    assert_eq!(code(&csv), Some(0), "{}", describe(&csv));
    let text = stdout(&csv);
    assert!(
        text.starts_with(&format!("{CSV_HEADER}\r\n")),
        "CSV header: {:?}",
        text.lines().next()
    );
    let rows = parse_csv(&text);
    assert_eq!(rows[0].join(","), CSV_HEADER);
    assert_eq!(rows.len() - 1, task_ids.len(), "one CSV row per task");
    for (row, (doc, task)) in rows[1..].iter().zip(&task_ids) {
        assert_eq!(row.len(), 26, "row of {task}: {row:?}");
        assert_eq!((&row[0], &row[7]), (doc, task));
    }
    // texts hold no line breaks, so counting CRLF lines must agree too
    assert_eq!(text.matches("\r\n").count() - 1, task_ids.len());

    // --excel: the same CSV after a UTF-8 BOM
    let excel = run(&[
        "extract",
        "-q",
        "--format",
        "csv",
        "--excel",
        "corpus/seeds",
    ]);
    assert_eq!(code(&excel), Some(0), "{}", describe(&excel));
    assert!(
        excel.stdout.starts_with(b"\xEF\xBB\xBF"),
        "--excel must start with a UTF-8 BOM"
    );
    assert!(
        excel.stdout[3..] == csv.stdout[..],
        "--excel differs from plain CSV beyond the BOM"
    );
}

#[test]
fn emit_text_spans_slice_to_their_text() {
    let o = run(&["extract", "-q", "--emit-text", "corpus/seeds"]);
    assert_eq!(code(&o), Some(0), "{}", describe(&o));
    let records = parse_jsonl(&stdout(&o));
    assert_eq!(records.len(), 5);
    let mut checked = (0, 0, 0, 0);
    for r in &records {
        let id = doc_id(r);
        let text = r["text"]
            .as_str()
            .unwrap_or_else(|| panic!("{id}: no `text` with --emit-text"));
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(
            Some(chars.len() as u64),
            r["doc"]["chars"].as_u64(),
            "{id}: doc.chars"
        );
        for t in tasks(r) {
            let tid = t["id"].as_str().unwrap();
            assert_eq!(
                slice(&chars, span(&t["span"])),
                t["text"].as_str().unwrap(),
                "{tid}: task span"
            );
            checked.0 += 1;
            for b in t["bodies"].as_array().unwrap() {
                if let Some(sp) = b.get("span") {
                    assert_eq!(
                        slice(&chars, span(sp)),
                        b["text"].as_str().unwrap(),
                        "{tid}: body {b}"
                    );
                    checked.1 += 1;
                } else {
                    assert_eq!(
                        b["source"], "inherited",
                        "{tid}: an explicit body needs a span: {b}"
                    );
                }
            }
            for d in t["deadline"].as_array().unwrap() {
                assert_eq!(
                    slice(&chars, span(&d["span"])),
                    d["text"].as_str().unwrap(),
                    "{tid}: deadline {d}"
                );
                checked.2 += 1;
            }
            for m in t["metrics"].as_array().unwrap() {
                assert_eq!(
                    slice(&chars, span(&m["span"])),
                    m["text"].as_str().unwrap(),
                    "{tid}: metric {m}"
                );
                checked.3 += 1;
            }
        }
    }
    let (t, b, d, m) = checked;
    assert!(
        t > 0 && b > 0 && d > 0 && m > 0,
        "checked {t} tasks, {b} bodies, {d} deadlines, {m} metrics"
    );

    // without the flag there is no text
    let plain = run(&["extract", "-q", "corpus/seeds/000_2e29eb4606567f33.txt"]);
    let records = parse_jsonl(&stdout(&plain));
    assert!(
        records[0].get("text").is_none(),
        "`text` without --emit-text"
    );
}

/// Pseudo-random bytes (xorshift), with NULs sprinkled in.
fn noise(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if i % 7 == 0 {
                0
            } else {
                (x >> 24) as u8
            }
        })
        .collect()
}

#[test]
fn bad_input_never_stops_the_batch() {
    let dir = Scratch::new("bad-input");
    let good_name = "002_26377cdddf030d9b.txt";
    let good = std::fs::read(root().join("corpus/seeds").join(good_name)).unwrap();
    dir.write(&format!("in/{good_name}"), good);
    dir.write("in/empty.txt", b"");
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(noise(2048));
    dir.write("in/bin.txt", png);
    let missing = dir.join("missing.txt");

    let o = run(&["extract", s(&dir.join("in")), s(&missing)]);
    assert_eq!(code(&o), Some(1), "{}", describe(&o));
    let records = parse_jsonl(&stdout(&o));
    assert_eq!(records.len(), 4, "one record per input: {records:?}");
    let find = |suffix: &str| {
        let found: Vec<&Value> = records
            .iter()
            .filter(|r| doc_id(r).ends_with(suffix))
            .collect();
        assert_eq!(found.len(), 1, "one record for {suffix}: {records:?}");
        found[0]
    };
    let has_error = |r: &Value| r["error"].as_str().is_some_and(|e| !e.is_empty());

    let m = find("missing.txt");
    assert!(has_error(m), "missing path: {m}");
    assert!(tasks(m).is_empty());

    let b = find("bin.txt");
    assert!(has_error(b), "binary file: {b}");
    assert!(tasks(b).is_empty());

    let e = find("empty.txt");
    assert!(e.get("error").is_none(), "empty file is not an error: {e}");
    assert!(tasks(e).is_empty());
    let warnings = e["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("empty")),
        "empty file: no warning saying so: {e}"
    );

    let g = find(good_name);
    assert!(g.get("error").is_none(), "{g}");
    assert!(!tasks(g).is_empty(), "the good file has tasks");

    for r in &records {
        assert_eq!(r["schema"], "zhenggai/1");
    }

    let err = stderr(&o);
    assert!(
        err.lines().any(|l| l.contains(s(&missing))),
        "stderr names the missing path:\n{err}"
    );
    assert!(
        err.lines().any(|l| l.contains("bin.txt")),
        "stderr names bin.txt:\n{err}"
    );
}

#[test]
fn output_file_is_written_whole() {
    let dir = Scratch::new("output-file");
    let out = dir.join("out.jsonl");
    let o = run(&["extract", "-q", "-o", s(&out), "corpus/seeds"]);
    assert_eq!(code(&o), Some(0), "{}", describe(&o));
    assert!(o.stdout.is_empty(), "stdout must be empty with -o");
    let text = std::fs::read_to_string(&out).expect("-o file written");
    let records = parse_jsonl(&text);
    assert_eq!(records.iter().map(doc_id).collect::<Vec<_>>(), SEED_IDS);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["out.jsonl"], "only the output file is left");
    assert!(!names.iter().any(|n| n.contains("partial")));
}

#[test]
fn usage_errors_exit_2() {
    let cases: &[(&[&str], Option<&str>)] = &[
        (&[], None),
        (&["extract"], None),
        (&["extract", "--format", "xml", "corpus/seeds"], Some("xml")),
        (
            &["extract", "--encoding", "nonsense", "corpus/seeds"],
            Some("nonsense"),
        ),
        (
            &["extract", "--ref-date", "20x", "corpus/seeds"],
            Some("20x"),
        ),
    ];
    for (args, named) in cases {
        let o = run(args);
        assert_eq!(code(&o), Some(2), "zhenggai {args:?}: {}", describe(&o));
        assert!(
            o.stdout.is_empty(),
            "zhenggai {args:?}: wrote to stdout: {}",
            stdout(&o)
        );
        let err = stderr(&o);
        assert!(!err.trim().is_empty(), "zhenggai {args:?}: says nothing");
        if let Some(word) = named {
            assert!(
                err.contains(word),
                "zhenggai {args:?}: stderr does not name `{word}`:\n{err}"
            );
        }
        assert!(!err.contains("panicked"), "zhenggai {args:?}:\n{err}");
    }
}

fn task_texts_kinds(record: &Value) -> Vec<(String, String)> {
    tasks(record)
        .iter()
        .map(|t| {
            (
                t["text"].as_str().unwrap().to_string(),
                t["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn forced_encoding_matches_detection_and_the_utf8_original() {
    let gb = "corpus/encodings/000.gb18030.txt";
    let forced = run(&["extract", "-q", "--encoding", "gbk", gb]);
    let detected = run(&["extract", "-q", gb]);
    let original = run(&["extract", "-q", "corpus/seeds/000_2e29eb4606567f33.txt"]);
    for o in [&forced, &detected, &original] {
        assert_eq!(code(o), Some(0), "{}", describe(o));
    }
    let [forced, detected, original] = [&forced, &detected, &original].map(|o| {
        parse_jsonl(&stdout(o))
            .into_iter()
            .next()
            .expect("one record")
    });
    assert_eq!(forced["doc"]["encoding"], "GB18030");
    let f = task_texts_kinds(&forced);
    assert!(!f.is_empty());
    assert!(
        !f.iter().any(|(t, _)| t.contains('\u{fffd}')),
        "replacement characters after decoding as gbk"
    );
    assert_eq!(
        f,
        task_texts_kinds(&detected),
        "--encoding gbk vs detection"
    );
    let texts = |v: &[(String, String)]| v.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>();
    assert_eq!(
        texts(&f),
        texts(&task_texts_kinds(&original)),
        "GB18030 copy vs UTF-8 original"
    );
}

#[test]
fn rules_check_and_test() {
    let check = run(&["rules", "check"]);
    assert_eq!(code(&check), Some(0), "{}", describe(&check));
    assert!(
        stdout(&check).lines().any(|l| l.starts_with("rules ok")),
        "rules check: {}",
        stdout(&check)
    );

    let test = run(&["rules", "test"]);
    assert_eq!(
        code(&test),
        Some(0),
        "{}\n{}",
        describe(&test),
        stdout(&test)
    );
    let out = stdout(&test);
    let last = out.lines().last().expect("rules test prints something");
    // `N passed (M marked with what they yield), K failed`
    let (passed, failed) = last
        .strip_suffix(" failed")
        .and_then(|l| l.split_once(", "))
        .unwrap_or_else(|| panic!("last line is not `N passed (…), K failed`: {last:?}"));
    let (passed, marked) = passed
        .split_once(" passed (")
        .and_then(|(p, m)| Some((p, m.split_once(' ')?.0)))
        .unwrap_or_else(|| panic!("{last:?}"));
    let passed: usize = passed.parse().unwrap_or_else(|_| panic!("{last:?}"));
    let marked: usize = marked.parse().unwrap_or_else(|_| panic!("{last:?}"));
    assert!(passed > 0 && marked > 100, "{last:?}");
    assert_eq!(failed, "0", "{out}");
}

#[test]
fn a_bad_rule_in_a_rules_folder_is_reported_with_file_rule_and_field() {
    let dir = Scratch::new("bad-rule");
    dir.write(
        "rules/bad.toml",
        "[[rule]]\nid = \"deadline.occasion.timely\"\ndescription = \"x\"\nlabel = \"occasion\"\npattern = \"(\"\n",
    );
    let o = run(&["extract", "--rules", s(&dir.join("rules")), "corpus/seeds"]);
    assert_eq!(code(&o), Some(2), "{}", describe(&o));
    assert!(o.stdout.is_empty(), "nothing extracted with broken rules");
    let err = stderr(&o);
    for word in ["bad.toml", "deadline.occasion.timely", "pattern"] {
        assert!(err.contains(word), "stderr does not name `{word}`:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_rules_folder_adds_rules_and_can_replace_the_defaults() {
    let dir = Scratch::new("custom-rules");
    dir.write(
        "rules/custom.toml",
        "[[rule]]\nid = \"deadline.date.custom-test\"\ndescription = \"custom\"\nlabel = \"date\"\nterms = [\"秋收前\"]\n",
    );
    let notice = dir.write("notice.txt", "各级党委要在秋收前完成整改。\n");
    let o = run(&[
        "extract",
        "-q",
        "--rules",
        s(&dir.join("rules")),
        s(&notice),
    ]);
    assert_eq!(code(&o), Some(0), "{}", describe(&o));
    let records = parse_jsonl(&stdout(&o));
    assert_eq!(records.len(), 1);
    let deadlines: Vec<&Value> = tasks(&records[0])
        .iter()
        .flat_map(|t| t["deadline"].as_array().unwrap())
        .collect();
    assert!(
        deadlines.iter().any(|d| d["text"] == "秋收前"
            && d["kind"] == "date"
            && d["rule"] == "deadline.date.custom-test"),
        "no deadline 秋收前 from the custom rule: {}",
        records[0]
    );

    // only the rules of the folder: a one-category taxonomy and one kind rule
    dir.write(
        "minimal/min.toml",
        "[[category]]\nid = \"other\"\nname = \"其他\"\n\n[[rule]]\nid = \"kind.directive.test\"\ndescription = \"test\"\nlabel = \"directive\"\nterms = [\"要\"]\n",
    );
    let notice = dir.write("minimal-notice.txt", "各级党委要完成整改。\n");
    let o = run(&[
        "extract",
        "-q",
        "--no-default-rules",
        "--rules",
        s(&dir.join("minimal")),
        s(&notice),
    ]);
    assert_eq!(code(&o), Some(0), "{}", describe(&o));
    let records = parse_jsonl(&stdout(&o));
    assert_eq!(records.len(), 1);
    let ts = tasks(&records[0]);
    assert!(
        !ts.is_empty(),
        "no tasks with the minimal rules: {}",
        records[0]
    );
    for t in ts {
        assert_eq!(t["categories"], serde_json::json!(["other"]), "{t}");
        assert_eq!(t["kind"], "directive", "{t}");
    }
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    let mut child = zhenggai()
        .args(["extract", "corpus/seeds"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn zhenggai");
    let mut first = [0u8; 16];
    child
        .stdout
        .take()
        .expect("piped stdout")
        .read_exact(&mut first)
        .expect("read the first bytes");
    // the pipe's read end is dropped here; the rest of the output (far more than a pipe holds) has nowhere to go
    assert!(
        first.starts_with(b"{"),
        "{:?}",
        String::from_utf8_lossy(&first)
    );
    let o = child.wait_with_output().expect("wait for zhenggai");
    let err = stderr(&o);
    assert!(
        !err.contains("panicked"),
        "panic on a closed stdout:\n{err}"
    );
    assert!(matches!(code(&o), Some(0) | Some(1)), "{}", describe(&o));
}

#[test]
fn eval_extracts_the_corpus_when_given_no_records_and_names_a_bad_gold_file() {
    let dir = Scratch::new("eval");
    let json = dir.join("figures.json");
    let args = [
        "eval",
        "--gold",
        "corpus/gold/dev",
        "--corpus",
        "corpus/seeds",
    ];
    let o = run(&[
        &args[..],
        &["--per-doc", "--misses", "1", "--json", s(&json)],
    ]
    .concat());
    assert_eq!(code(&o), Some(0), "{}", describe(&o));
    let text = stdout(&o);
    assert!(text.starts_with("document "), "{text}");
    assert!(text.contains("\n000_2e29eb4606567f33.txt "), "{text}");
    assert!(text.contains("\ntask_recall "), "{text}");
    let figures: Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("--json")).expect("JSON");
    assert_eq!(figures["per_doc"].as_object().map(|d| d.len()), Some(5));
    assert!(figures["total"]["tasks_gold"].as_u64() > Some(0));

    // the same records read from a file give the same figures
    let records = dir.join("records.jsonl");
    let o = run(&["extract", "-q", "-o", s(&records), "corpus/seeds"]);
    assert_eq!(code(&o), Some(0), "{}", describe(&o));
    let again = dir.join("again.json");
    let o = run(&[&args[..], &[s(&records), "--json", s(&again)]].concat());
    assert_eq!(code(&o), Some(0), "{}", describe(&o));
    assert_eq!(std::fs::read(&json).ok(), std::fs::read(&again).ok());

    let gold = dir.write(
        "gold/a.json",
        r#"{"doc": "000_2e29eb4606567f33.txt", "tasks": [{"quote": "要整改", "kind": "directive", "deadlines": []}]}"#,
    );
    let o = run(&[
        "eval",
        "--gold",
        s(&dir.join("gold")),
        "--corpus",
        "corpus/seeds",
        s(&records),
    ]);
    assert_eq!(code(&o), Some(2), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains(s(&gold)) && err.contains("unknown field `deadlines`"),
        "{err}"
    );
    let o = run(&[
        "eval",
        "--gold",
        "corpus/gold/dev",
        "--corpus",
        "corpus/seeds",
        s(&gold),
    ]);
    assert_eq!(code(&o), Some(2), "{}", describe(&o));
    assert!(stderr(&o).contains("not a record"), "{}", stderr(&o));
}
