//! The eval module agrees with the reference scorer `score.py`: the same predictions give
//! the same printed text (per-document lines, miss lines, summary table), the same `--json`
//! file, and the same failures; and its text functions (`decode`, `clean`, `fold`) give
//! what score.py's give on hand-made awkward input. Needs `python3`; without it the
//! tests print a note and pass.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{json, Value};

// --- where things are (the repo's own copies of the gold, the corpus and score.py) -----
use zhenggai::eval as ev;
const SCORE_PY: &str = "tests/data/score.py";
const GOLD: &str = "corpus/gold/dev";
const CORPUS: &str = "corpus/seeds";
fn root(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}
// ---------------------------------------------------------------------------------------

fn have_python() -> bool {
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        println!("note: python3 is not on PATH; agreement with score.py not checked");
    }
    ok
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh empty folder under the system's temp folder.
fn temp_dir(tag: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("eval-agree-{}-{}-{}", std::process::id(), tag, n));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// xorshift64*: a fixed sequence, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Gold files in name order, parsed.
fn gold_docs(gold: &Path) -> Vec<Value> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(gold)
        .expect("gold dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).expect("gold")).expect("json"))
        .collect()
}

struct Py {
    stdout: String,
    stderr: String,
    ok: bool,
    json: Option<String>,
}

fn run_score_py(gold: &Path, corpus: &Path, pred: &Path, dir: &Path) -> Py {
    let json_out = dir.join("py.json");
    let out = Command::new("python3")
        .arg(root(SCORE_PY))
        .arg("--gold")
        .arg(gold)
        .arg("--corpus")
        .arg(corpus)
        .arg(pred)
        .args(["--per-doc", "--misses", "1000", "--json"])
        .arg(&json_out)
        .output()
        .expect("run python3");
    Py {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        ok: out.status.success(),
        json: std::fs::read_to_string(&json_out).ok(),
    }
}

/// Write `pred_text` to a file, score it with both, and insist on the same text.
fn agree_on(tag: &str, gold: &Path, pred_text: &str) -> ev::Report {
    let dir = temp_dir(tag);
    let pred = dir.join("pred.jsonl");
    std::fs::write(&pred, pred_text).expect("write pred");
    let py = run_score_py(gold, &root(CORPUS), &pred, &dir);
    let rs = ev::load_predictions(pred_text).and_then(|recs| ev::score(gold, &root(CORPUS), &recs));
    let report = match rs {
        Ok(r) => r,
        Err(e) => panic!(
            "{tag}: the port failed ({e}); score.py {}",
            if py.ok { "did not" } else { "failed too" }
        ),
    };
    assert!(
        py.ok,
        "{tag}: score.py failed where the port did not:\n{}",
        py.stderr
    );
    let ours = ev::format_report(&report, true, 1000);
    if ours != py.stdout {
        let a: Vec<&str> = ours.lines().collect();
        let b: Vec<&str> = py.stdout.lines().collect();
        for (i, (x, y)) in a.iter().zip(&b).enumerate() {
            if x != y {
                panic!("{tag}: line {} differs:\nport:   {x}\npython: {y}", i + 1);
            }
        }
        panic!(
            "{tag}: {} lines from the port, {} from score.py",
            a.len(),
            b.len()
        );
    }
    assert_eq!(
        Some(ev::format_json(&report)),
        py.json,
        "{tag}: --json differs"
    );
    let warned: Vec<String> = py
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("warning: no prediction for "))
        .map(str::to_owned)
        .collect();
    assert_eq!(
        report.missing_predictions, warned,
        "{tag}: missing predictions"
    );
    let _ = std::fs::remove_dir_all(&dir);
    report
}

/// Both fail; when score.py stops with its own message, the port's error says the same.
fn both_fail(tag: &str, gold: &Path, corpus: &Path, pred_text: &str) -> String {
    let dir = temp_dir(tag);
    let pred = dir.join("pred.jsonl");
    std::fs::write(&pred, pred_text).expect("write pred");
    let py = run_score_py(gold, corpus, &pred, &dir);
    let rs = ev::load_predictions(pred_text).and_then(|recs| ev::score(gold, corpus, &recs));
    assert!(!py.ok, "{tag}: score.py did not fail:\n{}", py.stdout);
    let err = match rs {
        Ok(_) => panic!("{tag}: the port did not fail; score.py said {}", py.stderr),
        Err(e) => e.to_string(),
    };
    let _ = std::fs::remove_dir_all(&dir);
    let last = py.stderr.lines().last().unwrap_or_default().to_owned();
    if last.starts_with("gold quote not found") {
        assert_eq!(err, last, "{tag}: message");
    }
    last
}

fn to_jsonl(recs: &[Value]) -> String {
    recs.iter().map(|r| format!("{r}\n")).collect()
}

fn doc_name(g: &Value) -> String {
    g["doc"].as_str().expect("doc").to_owned()
}

/// The gold itself as prediction records.
fn gold_as_records(golds: &[Value]) -> Vec<Value> {
    golds
        .iter()
        .map(|g| {
            let tasks: Vec<Value> = g["tasks"]
                .as_array()
                .expect("tasks")
                .iter()
                .map(|t| {
                    json!({"text": t["quote"], "kind": t["kind"], "categories": t["categories"],
                           "bodies": t["bodies"], "deadline": t["deadline"]})
                })
                .collect();
            json!({"doc": {"path": format!("corpus/seeds/{}", doc_name(g)),
                           "title": g["meta"]["title"], "date": g["meta"]["date"]},
                   "tasks": tasks})
        })
        .collect()
}

/// Sentences of the raw document, tags cut out crudely, for extra predictions.
fn raw_units(name: &str) -> Vec<String> {
    let raw = ev::decode(&std::fs::read(root(CORPUS).join(name)).expect("corpus"));
    let mut text = String::new();
    let mut in_tag = false;
    for c in raw.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push('\n');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split(['。', '\n', '；'])
        .map(str::trim)
        .filter(|s| s.chars().count() >= 2)
        .map(str::to_owned)
        .collect()
}

/// A perturbed version: dropped, split, altered and extra items; every field form.
fn perturbed(golds: &[Value], seed: u64) -> Vec<Value> {
    let mut rng = Rng(seed);
    let kinds = ["directive", "report"];
    let mut recs = Vec::new();
    for (d, g) in golds.iter().enumerate() {
        let name = doc_name(g);
        let units = raw_units(&name);
        let mut tasks = Vec::new();
        for (i, t) in g["tasks"].as_array().expect("tasks").iter().enumerate() {
            if i % 3 == 2 {
                continue;
            }
            let quote = t["quote"].as_str().expect("quote");
            let mut kind = t["kind"].clone();
            if i % 5 == 1 {
                kind = json!(kinds[rng.below(2)]);
            }
            let mut cats = t["categories"].clone();
            if i % 4 == 3 {
                if let Some(a) = cats.as_array_mut() {
                    a.reverse();
                }
            }
            if i % 7 == 5 {
                cats = json!("other");
            }
            let mut bodies = t["bodies"].clone();
            match rng.below(6) {
                0 => bodies = json!([]),
                1 => {
                    bodies = Value::Array(
                        bodies
                            .as_array()
                            .expect("bodies")
                            .iter()
                            .map(|b| {
                                let s: String = b["text"]
                                    .as_str()
                                    .unwrap_or_default()
                                    .chars()
                                    .take(2)
                                    .collect();
                                json!(s)
                            })
                            .collect(),
                    )
                }
                2 => {
                    bodies = Value::Array(
                        bodies
                            .as_array()
                            .expect("bodies")
                            .iter()
                            .map(|b| json!({"name": b["text"], "source": "inherited"}))
                            .collect(),
                    )
                }
                3 => bodies = json!(["各地区", {"text": "  党 委 ", "source": "explicit"}]),
                _ => {}
            }
            let mut deadline = t["deadline"].clone();
            let mut deadline_key = "deadline";
            match rng.below(6) {
                0 => deadline = json!([]),
                1 => {
                    deadline = Value::Array(
                        deadline
                            .as_array()
                            .expect("deadline")
                            .iter()
                            .map(|x| x["text"].clone())
                            .collect(),
                    )
                }
                2 => {
                    deadline = Value::Array(
                        deadline
                            .as_array()
                            .expect("deadline")
                            .iter()
                            .map(|x| json!({"text": x["text"], "kind": "date"}))
                            .collect(),
                    );
                    deadline_key = "deadlines";
                }
                3 => deadline = json!([{"text": "年底前", "kind": "date"}, "立即"]),
                _ => {}
            }
            let chars: Vec<char> = quote.chars().collect();
            if chars.len() > 40 && i % 2 == 0 {
                let half = chars.len() / 2;
                let a: String = chars[..half].iter().collect();
                let b: String = chars[half..].iter().collect();
                tasks.push(json!({"text": a, "kind": kind, "categories": cats}));
                tasks.push(json!({"text": b, "kind": kind, "categories": cats,
                                  "bodies": bodies, deadline_key: deadline}));
            } else {
                let text = match i % 11 {
                    4 => quote.trim_end_matches(['。', '；', '，']).to_owned() + "！",
                    6 => quote.replace('，', ", "),
                    8 => format!(" {quote}\n"),
                    _ => quote.to_owned(),
                };
                tasks.push(json!({"text": text, "kind": kind, "categories": cats,
                                  "bodies": bodies, deadline_key: deadline}));
            }
            if !units.is_empty() && i % 6 == 0 {
                let u = &units[rng.below(units.len())];
                tasks.push(json!({"text": u, "kind": "directive", "categories": ["other"]}));
            }
        }
        tasks.push(json!({"text": "不在文中的一句话", "kind": "directive"}));
        tasks.push(json!({"text": "要"}));
        tasks.push(json!({"kind": "report"}));
        let title = match d % 3 {
            0 => g["meta"]["title"].clone(),
            1 => json!(format!(
                " {} ",
                g["meta"]["title"].as_str().unwrap_or_default()
            )),
            _ => json!("别的标题"),
        };
        let date = match d % 3 {
            0 => json!(format!(
                "{}T08:00",
                g["meta"]["date"].as_str().unwrap_or("2019")
            )),
            1 => json!("2014-12"),
            _ => Value::Null,
        };
        let doc = match d % 4 {
            0 => json!({"path": format!("x/{name}"), "title": title, "date": date}),
            1 => json!({"id": format!("seeds/{name}"), "title": title, "date": date}),
            _ => json!({"title": title, "date": date}),
        };
        let mut rec = json!({"doc": doc, "tasks": tasks});
        if d % 4 == 2 {
            rec["path"] = json!(name);
        } else if d % 4 == 3 {
            rec["id"] = json!(format!("a/b/{name}"));
        }
        // an earlier record for the same document that the later one replaces
        recs.push(json!({"path": name, "tasks": [{"text": "不在文中", "kind": "x"}]}));
        if d != 1 {
            recs.push(rec);
        }
    }
    recs.push(json!({"doc": "elsewhere/unknown.txt", "tasks": []}));
    recs.push(json!({"tasks": [{"text": "无名"}]}));
    recs.push(json!({"doc": {"path": "dir/"}, "tasks": []}));
    recs
}

#[test]
fn report_agrees_with_score_py() {
    if !have_python() {
        return;
    }
    let gold = root(GOLD);
    let golds = gold_docs(&gold);
    assert!(!golds.is_empty());

    // (a) the gold itself: everything right
    let a = gold_as_records(&golds);
    let r = agree_on("gold", &gold, &to_jsonl(&a));
    assert_eq!(r.total.task_recall, Some(1.0));
    assert_eq!(r.total.task_precision, Some(1.0));

    // the same as a JSON array and as single records per file
    agree_on(
        "gold-array",
        &gold,
        &serde_json::to_string_pretty(&a).expect("json"),
    );
    let one = serde_json::to_string_pretty(&a[0]).expect("json");
    agree_on("single-record", &gold, &one);

    // (b) perturbed, under several seeds
    for seed in [1, 7, 42, 2024] {
        let b = perturbed(&golds, seed);
        let r = agree_on(&format!("perturbed-{seed}"), &gold, &to_jsonl(&b));
        assert!(r.total.tasks_pred_fp > 0 && r.total.tasks_pred_tp > 0);
        agree_on(
            &format!("perturbed-array-{seed}"),
            &gold,
            &serde_json::to_string(&b).expect("json"),
        );
    }

    // (c) empty tasks; and nothing at all
    let c: Vec<Value> = golds
        .iter()
        .map(|g| json!({"doc": {"path": doc_name(g)}, "tasks": []}))
        .collect();
    agree_on("empty-tasks", &gold, &to_jsonl(&c));
    agree_on("empty-file", &gold, "\n \u{3000}\n");
}

#[test]
fn python_semantics_agree() {
    if !have_python() {
        return;
    }
    // a gold folder of our own: one item without bodies and deadlines (so that a
    // non-string body or deadline of its prediction is never folded), a date, a second
    // file naming the same document, and files glob() does not see
    let golds = gold_docs(&root(GOLD));
    let gold = temp_dir("gold");
    let no_body = 5;
    let mut g0 = golds[0].clone();
    g0["tasks"][no_body]["bodies"] = json!([]);
    g0["tasks"][no_body]["deadline"] = json!([]);
    g0["tasks"][7]["optional"] = json!(1);
    g0["meta"]["date"] = json!("2019-06");
    for (i, g) in golds.iter().enumerate() {
        let g = if i == 0 { &g0 } else { g };
        std::fs::write(gold.join(format!("{}.json", doc_name(g))), g.to_string()).expect("gold");
    }
    let mut dup = g0.clone();
    dup["meta"]["title"] = json!("中央主题教育领导小组对开展专项整治作出部署安排");
    dup["meta"]["date"] = json!(["2019"]);
    std::fs::write(gold.join("zz_dup.json"), dup.to_string()).expect("gold");
    std::fs::write(gold.join(".hidden.json"), "not json").expect("gold");
    std::fs::write(gold.join("notes.txt"), "not json").expect("gold");
    let name = doc_name(&g0);
    let tasks = g0["tasks"].as_array().expect("tasks").clone();
    let q = |i: usize| tasks[i]["quote"].clone();
    let odd = json!({"doc": {"path": name, "title": "", "date": "2019-06-01"}, "tasks": [
        {"text": q(0), "kind": "directive", "categories": "decision-implementation",
         "bodies": [["各地区各部门各单位"], null, 5, true], "deadline": 0, "deadlines": ["先动起来"]},
        {"text": q(1), "kind": 1, "categories": [1.0, true, null], "bodies": {"text": "各地区"}},
        {"text": q(1), "kind": "directive", "categories": [], "bodies": "各地区各部门各单位"},
        {"text": q(2), "categories": ["mass-interests", "decision-implementation"],
         "bodies": [{"text": "", "name": "第一批单位", "source": null}],
         "deadline": [{"text": "能改的抓紧改"}, {"kind": "date"}, {"text": "", "kind": "date"}]},
        {"text": q(3), "kind": "directive", "deadline": {"text": "先动起来", "kind": "immediate"},
         "bodies": [{"text": "第二批单位", "source": "inherited"}]},
        {"text": q(3), "kind": "directive", "deadline": [{"text": "能改的抓紧改", "kind": ["immediate"]}]},
        {"text": q(no_body), "kind": "directive", "bodies": [{"text": 5}], "deadline": [{"text": 7}]},
        {"text": "通知"},
        {"text": ""},
    ]});
    agree_on("odd-shapes", &gold, &to_jsonl(&[odd]));

    // numbers and booleans as names, titles, kinds
    let names = json!([
        {"doc": {"id": 5}, "tasks": []},
        {"doc": 5, "path": 0, "id": 1.5, "tasks": []},
        {"doc": {"path": null, "id": ""}, "id": true, "tasks": []},
        {"doc": name, "tasks": {}},
        {"path": doc_name(&golds[1]), "tasks": "", "doc": {"title": null, "date": ""}},
        {"path": doc_name(&golds[2]), "tasks": [], "doc": {"date": ["2014-12-15"]}},
    ]);
    agree_on(
        "names",
        &gold,
        &serde_json::to_string(&names).expect("json"),
    );

    // JSON Lines with blank lines, CRLF, white space around records
    let lines = format!(
        "\u{3000}\r\n{}\r\n\r\n  \t\n{}\u{2029}",
        json!({"path": name, "tasks": [{"text": q(0)}]}),
        json!({"path": doc_name(&golds[1]), "tasks": []})
    );
    agree_on("jsonl", &gold, &lines);
    let _ = std::fs::remove_dir_all(&gold);
}

#[test]
fn failures_agree() {
    if !have_python() {
        return;
    }
    let gold = root(GOLD);
    let golds = gold_docs(&gold);
    let name = doc_name(&golds[0]);
    let q0 = golds[0]["tasks"][0]["quote"].clone();
    for (tag, pred) in [
        (
            "categories-number",
            json!([{"path": name, "tasks": [{"text": q0, "categories": 5}]}]),
        ),
        (
            "categories-unhashable",
            json!([{"path": name, "tasks": [{"text": q0, "categories": [["a"]]}]}]),
        ),
        ("tasks-string", json!([{"path": name, "tasks": "abc"}])),
        ("tasks-null", json!([{"path": name, "tasks": null}])),
        ("task-list", json!([{"path": name, "tasks": [[q0]]}])),
        (
            "text-number",
            json!([{"path": name, "tasks": [{"text": 12}]}]),
        ),
        ("record-string", json!(["abc"])),
        (
            "body-number",
            json!([{"path": name, "tasks": [{"text": q0, "bodies": [{"text": 5}]}]}]),
        ),
        (
            "title-number",
            json!([{"path": name, "doc": {"title": 5}, "tasks": []}]),
        ),
    ] {
        both_fail(
            tag,
            &gold,
            &root(CORPUS),
            &serde_json::to_string(&pred).expect("json"),
        );
    }
    both_fail(
        "bad-json-line",
        &gold,
        &root(CORPUS),
        "{\"path\": \"a\"}\n{oops}\n",
    );

    // a gold quote that is not in the document: the same message
    let dir = temp_dir("bad-gold");
    let mut g = golds[0].clone();
    g["tasks"][1]["quote"] =
        json!("这句话并不在文中出现，而且相当长，长过四十个字符，好让截断也得到检验，对吧？");
    std::fs::write(dir.join(format!("{}.json", name)), g.to_string()).expect("write gold");
    let last = both_fail("quote-not-found", &dir, &root(CORPUS), "[]");
    assert!(last.starts_with("gold quote not found"), "{last}");
    let _ = std::fs::remove_dir_all(&dir);

    // a decimal character reference longer than Python's int() takes
    let dir = temp_dir("int-limit");
    let text = format!("<p>要整改。&#{}1;</p>", "0".repeat(4300));
    std::fs::write(dir.join("x.txt"), text).expect("write corpus");
    let g = json!({"doc": "x.txt", "tasks": [{"quote": "要整改。", "kind": "directive"}]});
    std::fs::write(dir.join("x.json"), g.to_string()).expect("write gold");
    let last = both_fail("int-limit", &dir, &dir, "[]");
    assert!(last.contains("4300"), "{last}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Awkward pieces of markup and text, glued at random.
const PIECES: &[&str] = &[
    "<",
    ">",
    "</",
    "script",
    "SCRIPT",
    "ſcript",
    "scrİpt",
    "scrıpt",
    "style",
    "STYLE",
    "<script>",
    "</script>",
    "</script >",
    "</script\n>",
    "</ſcript>",
    "</scrİpt>",
    "<scriptx>",
    "<script_",
    "<script\u{301}",
    "<style\u{93e}",
    "<script\u{24b6}",
    "<style>",
    "</style\u{3000}>",
    "<STYLE type=x>",
    "&",
    "&amp;",
    "&amp",
    "&ampx",
    "&lt;",
    "&lt",
    "&gt",
    "&nbsp",
    "&nbsp;",
    "&#",
    "&#x",
    "&#128;",
    "&#0;",
    "&#13;",
    "&#x80",
    "&#xD800;",
    "&#1114112;",
    "&#99999999999;",
    "&#65;",
    "&#x41",
    "&#xfffe;",
    "&#1;",
    "&#x9f;",
    "&notit;",
    "&ldquo;",
    "&rdquo",
    "&hellip;",
    "&amp;ldquo;",
    "&amp;amp;lt;",
    "&frac12;",
    "&frac12",
    "&ThisIsNotAnEntityAtAllButItIsLongerThan32Chars;",
    "&nbsp中央整改",
    "&#x1F600;",
    "中央",
    "整改",
    "，",
    "。",
    "“",
    "”",
    "‘",
    "「",
    "《",
    " ",
    "\u{3000}",
    "\t",
    "\n",
    "\r\n",
    "\u{1c}",
    "\u{85}",
    "\u{a0}",
    "Ａ",
    "ｂ",
    "①",
    "㈱",
    "ﬁ",
    "İ",
    "Σ",
    "ΑΣ",
    "ΑΣ ",
    "Σα",
    "\u{345}",
    "e\u{301}",
    "\u{1e030}",
    "\u{1c89}",
    "\u{a7cb}",
    "\u{10d50}",
    "Σ\u{10d50}",
    "A\u{10d50}Σ",
    "\u{16d67}\u{16d67}",
    "\u{16d67}",
    "x",
    "1",
    "_",
    "#",
    ";",
    "/",
    "<p>",
    "<br/>",
    "<>",
    "<<a>",
    "😀",
    "\u{feff}",
    "\u{200b}",
    "\u{2028}",
    "\u{fdd0}",
    "＂",
    "〈",
    "\u{2329}",
];

#[test]
fn text_functions_agree() {
    if !have_python() {
        return;
    }
    let mut rng = Rng(0x5eed);
    let mut texts: Vec<String> = PIECES.iter().map(|s| s.to_string()).collect();
    for _ in 0..4000 {
        let n = 1 + rng.below(12);
        texts.push((0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect());
    }
    let mut corpus: Vec<PathBuf> = std::fs::read_dir(root(CORPUS))
        .expect("corpus dir")
        .map(|e| e.expect("entry").path())
        .collect();
    corpus.sort();
    for path in &corpus {
        texts.push(ev::decode(&std::fs::read(path).expect("corpus")));
    }

    // byte strings: every two-byte GB18030 code, every four-byte BMP code, odd bytes
    let mut blobs: Vec<Vec<u8>> = Vec::new();
    for lead in 0x81u8..=0xFE {
        let mut b = Vec::new();
        for trail in (0x40u8..=0x7E).chain(0x80..=0xFE) {
            b.extend([lead, trail]);
        }
        blobs.push(b);
    }
    let mut b = Vec::new();
    for p in 0u32..39420 {
        let (b1, r) = (p / 12600, p % 12600);
        let (b2, r) = (r / 1260, r % 1260);
        b.extend([
            (b1 + 0x81) as u8,
            (b2 + 0x30) as u8,
            (r / 10 + 0x81) as u8,
            (r % 10 + 0x30) as u8,
        ]);
        if b.len() >= 4000 {
            blobs.push(std::mem::take(&mut b));
        }
    }
    blobs.push(b);
    blobs.push(vec![
        0x90, 0x30, 0x81, 0x30, 0xE3, 0x32, 0x9A, 0x35, 0xE3, 0x32, 0x9A, 0x36,
    ]);
    let odd = [
        0x80u8, 0xFF, 0x81, 0x30, 0x39, 0xA3, 0xA0, 0xFE, 0x59, 0x84, 0x31, 0xA4, 0x90, 0xE3, 0x32,
        0x9A, 0x35, 0x36, 0xEF, 0xBB, 0xBF, 0x41, 0xE4, 0xB8, 0xAD, 0x7F, 0x20, 0xC2,
    ];
    for _ in 0..3000 {
        let n = 1 + rng.below(10);
        blobs.push((0..n).map(|_| odd[rng.below(odd.len())]).collect());
    }
    blobs.push(b"\xEF\xBB\xBF\xE4\xB8\xAD".to_vec());
    blobs.push(b"\xEF\xBB\xBF\xD6\xD0".to_vec());
    for path in &corpus {
        blobs.push(std::fs::read(path).expect("corpus"));
    }

    let dir = temp_dir("text");
    let hex = |b: &Vec<u8>| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let input = json!({"texts": texts, "bytes": blobs.iter().map(hex).collect::<Vec<_>>()});
    std::fs::write(dir.join("in.json"), input.to_string()).expect("write");
    std::fs::write(
        dir.join("run.py"),
        "import importlib.util, json, sys\n\
         spec = importlib.util.spec_from_file_location('score', sys.argv[1])\n\
         m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n\
         inp = json.load(open(sys.argv[2], encoding='utf-8'))\n\
         out = {'clean': [m.clean(s) for s in inp['texts']],\n\
                'fold': [m.fold(m.clean(s)) for s in inp['texts']],\n\
                'decode': [m.decode(bytes.fromhex(h)) for h in inp['bytes']]}\n\
         json.dump(out, open(sys.argv[3], 'w', encoding='utf-8'))\n",
    )
    .expect("write");
    let status = Command::new("python3")
        .arg(dir.join("run.py"))
        .arg(root(SCORE_PY))
        .arg(dir.join("in.json"))
        .arg(dir.join("out.json"))
        .status()
        .expect("python3");
    assert!(status.success());
    let out: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out.json")).expect("out"))
            .expect("json");
    for (i, t) in texts.iter().enumerate() {
        let clean = ev::clean(t);
        assert_eq!(
            Some(clean.as_str()),
            out["clean"][i].as_str(),
            "clean({t:?})"
        );
        assert_eq!(
            Some(ev::fold(&clean).as_str()),
            out["fold"][i].as_str(),
            "fold(clean({t:?}))"
        );
    }
    for (i, b) in blobs.iter().enumerate() {
        let ours = ev::decode(b);
        let theirs = out["decode"][i].as_str().unwrap_or_default();
        if ours != theirs {
            let o: Vec<char> = ours.chars().collect();
            let t: Vec<char> = theirs.chars().collect();
            let at = o
                .iter()
                .zip(&t)
                .position(|(x, y)| x != y)
                .unwrap_or(o.len().min(t.len()));
            panic!(
                "decode of blob {i} ({} bytes) differs at char {at}: {:?} vs {:?}",
                b.len(),
                o.get(at),
                t.get(at)
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
