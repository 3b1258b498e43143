//! The command's outputs and inputs as a user meets them: `-o` on every kind of target
//! (a FIFO, a symlink, a folder, an interrupted run; all made in a temporary folder, never
//! the real `/dev/null`), options that do not apply to the chosen format, CSV tables that
//! count every document, failed documents in `--format text`, and files of a folder that
//! are read or passed over and counted.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const SEED: &str = "corpus/seeds/000_2e29eb4606567f33.txt";

fn zhenggai() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zhenggai"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn run(args: &[&str]) -> Output {
    zhenggai().args(args).output().expect("run zhenggai")
}

fn describe(o: &Output) -> String {
    format!(
        "status {:?}\n--- stderr ---\n{}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A temporary folder of the test's own, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        let dir =
            std::env::temp_dir().join(format!("zhenggai-output-{}-{name}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        Scratch(dir)
    }

    fn join(&self, p: &str) -> PathBuf {
        self.0.join(p)
    }

    /// The names in the folder, sorted.
    fn names(&self) -> Vec<String> {
        names(&self.0)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(ok.success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn output_to_a_fifo_is_written_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let dir = Scratch::new("fifo");
    let fifo = dir.join("pipe");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).expect("read the FIFO"))
    };
    let o = run(&["extract", "-q", "-o", s(&fifo), SEED]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let got = reader.join().expect("reader thread");
    assert_eq!(got.lines().count(), 1, "one record through the FIFO");
    let meta = std::fs::symlink_metadata(&fifo).expect("still there");
    assert!(meta.file_type().is_fifo(), "the FIFO is still a FIFO");
    assert_eq!(dir.names(), ["pipe"], "no temporary file left");
}

#[cfg(unix)]
#[test]
fn output_through_a_symlink_replaces_its_target_and_keeps_the_link() {
    let dir = Scratch::new("symlink");
    std::fs::create_dir(dir.join("data")).unwrap();
    std::fs::write(dir.join("data/out.jsonl"), "old\n").unwrap();
    std::os::unix::fs::symlink("data/out.jsonl", dir.join("latest.jsonl")).unwrap();
    let o = run(&["extract", "-q", "-o", s(&dir.join("latest.jsonl")), SEED]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let link = std::fs::symlink_metadata(dir.join("latest.jsonl")).unwrap();
    assert!(link.file_type().is_symlink(), "the link stays a link");
    let text = std::fs::read_to_string(dir.join("data/out.jsonl")).unwrap();
    assert!(
        text.starts_with("{\"schema\""),
        "target replaced: {text:.40}"
    );
    assert_eq!(dir.names(), ["data", "latest.jsonl"]);
    assert_eq!(names(&dir.join("data")), ["out.jsonl"]);
}

#[test]
fn output_to_a_folder_is_a_usage_error_that_leaves_nothing() {
    let dir = Scratch::new("folder");
    std::fs::create_dir(dir.join("out")).unwrap();
    let o = run(&["extract", "-q", "-o", s(&dir.join("out")), SEED]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is a folder"));
    assert_eq!(dir.names(), ["out"]);
    assert!(names(&dir.join("out")).is_empty());
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_removes_its_temporary_file_and_keeps_the_old_output() {
    for signal in ["TERM", "INT"] {
        let dir = Scratch::new("signal");
        let out = dir.join("out.jsonl");
        std::fs::write(&out, "old\n").unwrap();
        // the list of inputs is a FIFO nobody writes: the run waits with its output open
        let list = dir.join("list");
        mkfifo(&list);
        let mut child = zhenggai()
            .args(["extract", "-q", "-o", s(&out), "--files-from", s(&list)])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn zhenggai");
        let started = Instant::now();
        while !dir.names().iter().any(|n| n.ends_with(".partial")) {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "no temporary file"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let pid = child.id().to_string();
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status();
        assert!(sent.expect("kill runs").success());
        let status = child.wait().expect("zhenggai ends");
        let expected = if signal == "TERM" { 143 } else { 130 };
        assert_eq!(status.code(), Some(expected), "SIG{signal}");
        assert_eq!(dir.names(), ["list", "out.jsonl"], "SIG{signal}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "old\n");
    }
}

#[test]
fn options_that_do_nothing_for_the_format_are_usage_errors() {
    let cases: &[(&[&str], &str)] = &[
        (&["--excel"], "--excel"),
        (&["--format", "json", "--per", "document"], "--per"),
        (&["--format", "csv", "--explain"], "--explain"),
        (&["--format", "csv", "--emit-text"], "--emit-text"),
    ];
    for (args, named) in cases {
        let mut all = vec!["extract", "-q"];
        all.extend_from_slice(args);
        all.push(SEED);
        let o = run(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", describe(&o));
        assert!(o.stdout.is_empty());
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(named),
            "{args:?}"
        );
    }
}

#[test]
fn text_format_shows_a_failed_documents_error() {
    let o = run(&[
        "extract",
        "-q",
        "--format",
        "text",
        "tests/data/formats/05_scanned.pdf",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("error: scanned PDF: no text layer (OCR it first)"),
        "{text}"
    );
}

#[test]
fn csv_counts_every_document_in_both_tables() {
    let inputs = [SEED, "tests/data/formats/05_scanned.pdf"];
    let mut args = vec!["extract", "-q", "--format", "csv"];
    args.extend(inputs);
    let tasks = run(&args);
    assert_eq!(tasks.status.code(), Some(1), "{}", describe(&tasks));
    let text = String::from_utf8_lossy(&tasks.stdout).into_owned();
    let last = text
        .trim_end()
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    assert!(
        last.starts_with("tests/data/formats/05_scanned.pdf,"),
        "{last}"
    );
    assert!(
        last.contains(",scanned PDF: no text layer (OCR it first),"),
        "{last}"
    );
    args.extend(["--per", "document"]);
    let docs = run(&args);
    let text = String::from_utf8_lossy(&docs.stdout).into_owned();
    let rows: Vec<&str> = text.trim_end().split("\r\n").collect();
    assert_eq!(rows.len(), 3, "header and one row a document: {text}");
    assert!(rows[0].starts_with("doc_id,path,title,date,issuer,number,addressees,format"));
}

#[test]
fn folders_read_documents_by_name_and_content_and_count_what_they_skip() {
    let dir = Scratch::new("folder-read");
    let notice = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED)).unwrap();
    let root = dir.join("notices");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("a.jsp"), &notice).unwrap();
    std::fs::write(
        root.join("b.do"),
        [b"<!DOCTYPE html><html><body>".as_slice(), &notice].concat(),
    )
    .unwrap();
    std::fs::write(root.join("c.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    std::fs::write(root.join("d.xlsx"), b"PK\x03\x04 not a document").unwrap();
    std::fs::write(root.join("e.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/formats/02_notice_numbering.docx"),
        root.join("f.docx"),
    )
    .unwrap();
    let o = run(&["extract", "--verbose", s(&root)]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let ids: Vec<String> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["doc"]["id"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(ids, ["notices/a.jsp", "notices/b.do", "notices/f.docx"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("3 documents"), "{err}");
    assert!(err.contains("3 skipped: 2 .png, 1 .xlsx"), "{err}");
    assert!(err.contains("skipped ") && err.contains("d.xlsx"), "{err}");
}
