//! Batch inputs as a researcher meets them: archives, globs, stdin, lists, shards, stats,
//! and hostile input (dangling and looping links, unreadable files, names that are not
//! UTF-8, corrupt and truncated archives, a zip bomb). Every input gets exactly one record
//! (or, for a broken archive, one record for each entry read before it broke and one for
//! the break), the batch goes on, and the exit status is 1 when any input failed.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What one run of the binary gave.
struct Ran {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

impl Ran {
    fn records(&self) -> Vec<Value> {
        let text = std::str::from_utf8(&self.stdout).expect("stdout is UTF-8");
        text.lines()
            .map(|l| {
                serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}"))
            })
            .collect()
    }

    fn ids(&self) -> Vec<String> {
        self.records()
            .iter()
            .map(|r| r["doc"]["id"].as_str().unwrap().to_string())
            .collect()
    }
}

/// Runs `zhenggai ARGS` in `dir`, with `stdin` on its standard input.
fn zhenggai_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Ran {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhenggai"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn zhenggai");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin).expect("write stdin");
    drop(input);
    let o = child.wait_with_output().expect("wait for zhenggai");
    let ran = Ran {
        code: o.status.code(),
        stdout: o.stdout,
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    };
    assert!(
        !ran.stderr.contains("panicked"),
        "zhenggai {args:?} panicked:\n{}",
        ran.stderr
    );
    ran
}

/// A temporary folder, removed when dropped.
struct Temp(PathBuf);

impl Temp {
    fn new(name: &str) -> Temp {
        let dir =
            std::env::temp_dir().join(format!("zhenggai-hostile-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Temp(dir)
    }

    fn put(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn seed(n: usize) -> Vec<u8> {
    let dir = root().join("corpus/seeds");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    std::fs::read(&names[n]).unwrap()
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, bytes) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn tgz_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut t = tar::Builder::new(gz);
    for (name, bytes) in entries {
        let mut h = tar::Header::new_gnu();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        t.append_data(&mut h, name, *bytes).unwrap();
    }
    t.into_inner().unwrap().finish().unwrap()
}

fn task_texts(record: &Value) -> Vec<String> {
    record["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap().to_string())
        .collect()
}

fn error_of(record: &Value) -> Option<&str> {
    record.get("error").and_then(Value::as_str)
}

#[test]
fn folders_archives_globs_stdin_and_lists_give_one_record_each() {
    let t = Temp::new("inputs");
    t.put("in/a.txt", &seed(0));
    t.put("in/sub/b.txt", &seed(2));
    t.put("in/skip.png", b"\x89PNG");
    t.put(
        "in/pack.zip",
        &zip_of(&[
            ("notices/c.txt", &seed(3)),
            ("img/x.png", b"x"),
            ("d/", b""),
        ]),
    );
    t.put(
        "in/pack.tgz",
        &tgz_of(&[("./notices/d.html", &seed(1)), ("notices/.hidden", b"x")]),
    );

    let one = zhenggai_in(&t.0, &["extract", "-q", "--jobs", "1", "in"], b"");
    let three = zhenggai_in(&t.0, &["extract", "-q", "--jobs", "3", "in"], b"");
    assert_eq!(one.code, Some(0), "{}", one.stderr);
    assert_eq!(
        one.ids(),
        [
            "in/a.txt",
            "in/pack.tgz!/notices/d.html",
            "in/pack.zip!/notices/c.txt",
            "in/sub/b.txt"
        ]
    );
    assert!(
        one.stdout == three.stdout,
        "output differs between --jobs 1 and --jobs 3"
    );
    for tgz_or_csv in ["jsonl", "csv"] {
        let a = zhenggai_in(
            &t.0,
            &[
                "extract",
                "-q",
                "--jobs",
                "1",
                "--format",
                tgz_or_csv,
                "in/pack.tgz",
                "in",
            ],
            b"",
        );
        let b = zhenggai_in(
            &t.0,
            &[
                "extract",
                "-q",
                "--jobs",
                "2",
                "--format",
                tgz_or_csv,
                "in/pack.tgz",
                "in",
            ],
            b"",
        );
        assert!(
            a.stdout == b.stdout,
            "{tgz_or_csv}: output differs between --jobs 1 and 2"
        );
    }

    // an entry gives the same tasks as the file it holds
    let direct = zhenggai_in(&t.0, &["extract", "-q", "-"], &seed(3));
    assert_eq!(direct.ids(), ["-"]);
    let records = one.records();
    assert!(!task_texts(&records[2]).is_empty());
    assert_eq!(
        task_texts(&records[2]),
        task_texts(&direct.records()[0]),
        "zip entry vs stdin"
    );

    // a glob, and a pattern that matches nothing
    let g = zhenggai_in(&t.0, &["extract", "-q", "in/*.txt", "in/*.nothing"], b"");
    assert_eq!(g.code, Some(1), "{}", g.stderr);
    assert_eq!(g.ids(), ["in/a.txt", "in/*.nothing"]);
    assert!(error_of(&g.records()[1])
        .unwrap()
        .contains("no file matches"));

    // --files-from a file and from stdin: paths, folders, a missing path
    t.put("list.txt", b"in/a.txt\r\n\nin/sub\nin/missing.txt\n");
    let l = zhenggai_in(&t.0, &["extract", "-q", "--files-from", "list.txt"], b"");
    let s = zhenggai_in(
        &t.0,
        &["extract", "-q", "--files-from", "-"],
        b"in/a.txt\n\nin/sub\nin/missing.txt",
    );
    assert_eq!(l.code, Some(1));
    assert_eq!(l.ids(), ["in/a.txt", "sub/b.txt", "in/missing.txt"]);
    assert!(l.stdout == s.stdout, "--files-from FILE vs --files-from -");
    assert!(l.stderr.contains("in/missing.txt"), "{}", l.stderr);

    // stdin can be read once only
    let twice = zhenggai_in(&t.0, &["extract", "-", "--files-from", "-"], b"");
    assert_eq!(twice.code, Some(2), "{}", twice.stderr);
}

#[cfg(unix)]
#[test]
fn hostile_inputs_each_get_one_record_and_the_batch_goes_on() {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{symlink, PermissionsExt};
    let t = Temp::new("hostile");
    t.put("in/good.txt", &seed(0));
    for name in [
        "bomb.zip",
        "corrupt-entry.zip",
        "truncated.tar.gz",
        "truncated.zip",
    ] {
        t.put(
            &format!("in/{name}"),
            &std::fs::read(root().join("tests/hostile/archives").join(name)).unwrap(),
        );
    }
    t.put("in/big.txt", &vec![b'a'; 1_500_000]);
    symlink(t.0.join("nowhere.txt"), t.0.join("in/dangling.txt")).unwrap();
    std::fs::create_dir_all(t.0.join("in/loop")).unwrap();
    symlink("..", t.0.join("in/loop/up")).unwrap();
    let odd = std::ffi::OsStr::from_bytes(b"in/\xff\xfe-odd.txt");
    std::fs::write(t.0.join(odd), seed(2)).unwrap();
    let locked = t.put("in/locked.txt", &seed(2));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // root reads a file whatever its mode: then the locked file is just another good one
    let locked_fails = std::fs::read(&locked).is_err();
    symlink("self.txt", t.0.join("self.txt")).unwrap();

    let o = zhenggai_in(
        &t.0,
        &["extract", "--max-bytes", "1000000", "in", "self.txt"],
        b"",
    );
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    let records = o.records();
    let by_id = |id: &str| -> &Value {
        let found: Vec<&Value> = records.iter().filter(|r| r["doc"]["id"] == id).collect();
        assert_eq!(found.len(), 1, "one record for {id}: {:?}", o.ids());
        found[0]
    };
    let failed = |id: &str, cause: &str| {
        let e = error_of(by_id(id)).unwrap_or_else(|| panic!("{id}: no error: {}", by_id(id)));
        assert!(
            e.contains(cause),
            "{id}: error `{e}` does not say `{cause}`"
        );
        assert!(
            o.stderr
                .lines()
                .any(|l| l.contains(id.trim_start_matches("in/"))),
            "stderr does not name {id}:\n{}",
            o.stderr
        );
    };
    failed("in/bomb.zip!/bomb.txt", "--max-bytes");
    failed("in/big.txt", "--max-bytes");
    failed(
        "in/corrupt-entry.zip!/notices/002_26377cdddf030d9b.txt",
        "corrupt",
    );
    failed(
        "in/truncated.tar.gz!/notices/002_26377cdddf030d9b.txt",
        "truncated",
    );
    failed("in/truncated.zip", "zip");
    failed("in/dangling.txt", "dangling");
    failed("in/loop/up", "loops");
    failed("self.txt", "symbolic link");
    for ok in [
        "in/good.txt",
        "in/corrupt-entry.zip!/notices/000_2e29eb4606567f33.txt",
        "in/truncated.tar.gz!/notices/000_2e29eb4606567f33.txt",
    ] {
        assert!(error_of(by_id(ok)).is_none(), "{ok}: {}", by_id(ok));
        assert!(!task_texts(by_id(ok)).is_empty(), "{ok}: no tasks");
    }
    let odd_id = "in/\u{fffd}\u{fffd}-odd.txt";
    assert!(error_of(by_id(odd_id)).is_none());
    assert!(
        by_id(odd_id)["warnings"].to_string().contains("not UTF-8"),
        "{}",
        by_id(odd_id)
    );
    if locked_fails {
        failed("in/locked.txt", "denied");
    } else {
        assert!(error_of(by_id("in/locked.txt")).is_none());
    }
    assert_eq!(records.len(), 13, "{:?}", o.ids());
}

#[test]
fn shards_split_the_inputs_exactly_once_in_order() {
    let corpus = root().join("corpus");
    let all = zhenggai_in(
        &corpus,
        &["extract", "-q", "seeds", "heldout", "encodings"],
        b"",
    );
    assert_eq!(all.code, Some(0), "{}", all.stderr);
    let all_ids = all.ids();
    let mut union = Vec::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let part = zhenggai_in(
            &corpus,
            &[
                "extract",
                "-q",
                "--shard",
                &shard,
                "seeds",
                "heldout",
                "encodings",
            ],
            b"",
        );
        assert_eq!(part.code, Some(0), "{}", part.stderr);
        let ids = part.ids();
        assert!(ids.len() < all_ids.len(), "shard {shard} holds everything");
        let mut in_order = all_ids
            .iter()
            .filter(|i| ids.contains(i))
            .cloned()
            .collect::<Vec<_>>();
        in_order.dedup();
        assert_eq!(ids, in_order, "shard {shard} keeps the input order");
        union.extend(ids);
    }
    union.sort();
    let mut expected = all_ids.clone();
    expected.sort();
    assert_eq!(
        union, expected,
        "the shards hold every document exactly once"
    );
    for bad in ["0/3", "4/3", "1/0", "half"] {
        let o = zhenggai_in(&corpus, &["extract", "--shard", bad, "seeds"], b"");
        assert_eq!(o.code, Some(2), "--shard {bad}: {}", o.stderr);
        assert!(o.stderr.contains(bad), "--shard {bad}: {}", o.stderr);
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn stats_count_notices_and_extracted_records_alike() {
    let t = Temp::new("stats");
    let corpus = root().join("corpus");
    let extracted = zhenggai_in(&corpus, &["extract", "-q", "seeds"], b"");
    let jsonl = t.put("out.jsonl", &extracted.stdout);
    let from_notices = zhenggai_in(&corpus, &["stats", "-q", "--json", "seeds"], b"");
    let from_records = zhenggai_in(&corpus, &["stats", "--json", jsonl.to_str().unwrap()], b"");
    assert_eq!(from_notices.code, Some(0), "{}", from_notices.stderr);
    assert_eq!(from_records.code, Some(0), "{}", from_records.stderr);
    let a: Value = serde_json::from_slice(&from_notices.stdout).unwrap();
    let b: Value = serde_json::from_slice(&from_records.stdout).unwrap();
    assert_eq!(a, b, "stats over notices vs over their records");
    let tasks: usize = extracted
        .records()
        .iter()
        .map(|r| task_texts(r).len())
        .sum();
    assert_eq!(a["tasks"], tasks);
    assert_eq!(a["documents"], 5);
    let per_category: u64 = a["categories"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert!(per_category >= tasks as u64, "every task has a category");

    let table = zhenggai_in(&corpus, &["stats", jsonl.to_str().unwrap()], b"");
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(
        text.starts_with(&format!("5 documents (0 failed), {tasks} tasks")),
        "{text}"
    );
    for heading in [
        "category",
        "body",
        "deadline kind",
        "tasks in a document",
        "year",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(heading)),
            "no `{heading}` table:\n{text}"
        );
    }

    let broken = t.put("broken.jsonl", b"{not json\n");
    let o = zhenggai_in(&t.0, &["stats", broken.to_str().unwrap()], b"");
    assert_eq!(o.code, Some(1));
    assert!(o.stderr.contains("broken.jsonl: line 1"), "{}", o.stderr);
}
