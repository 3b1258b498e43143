//! Scoring extracted records against gold annotations.
//!
//! **Takes** a folder of gold files (`*.json`, the format of `docs/ANNOTATION.md`), the
//! folder holding the documents they name, and the records the extractor gave for those
//! documents ([`crate::record::Record`]).
//!
//! **Gives** a [`Report`]: the [`Figures`] over all gold files and per document, the
//! gold items no record found and the predictions that match no gold item ([`Miss`]),
//! and the documents that had no record. `docs/EVAL.md` defines every figure.
//!
//! The matching and the figures are those of the reference scorer `tests/data/score.py`,
//! which stays the authority: `tests/eval_agrees_with_score_py.rs` runs both on every gold
//! set in the repository and requires the same figures. In outline:
//!
//! - `doc.rs` reads a document as the reference scorer does and folds it: tags and
//!   `<script>`/`<style>` blocks become line breaks, character references are decoded,
//!   twice over; then NFKC, no white space, no quote marks, lower case;
//! - `score.rs` locates every gold quote and every predicted task text in that
//!   folded text (in document order, each search starting where the previous item ended)
//!   and pairs a prediction with a gold item when their spans overlap by at least half of
//!   the shorter one; gold items marked `optional` count neither way;
//! - `report.rs` turns the tallies into figures, a text table and JSON.

mod doc;
mod gold;
mod report;
mod score;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::record::Record;

pub use report::{DocFigures, Figures, Miss, MissKind, Report};

/// How the documents of the corpus folder are decoded before they are matched.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Decoding {
    /// As the reference scorer does: UTF-8 (a BOM dropped), else GB18030, else Big5, else
    /// UTF-8 with U+FFFD for bad bytes. Big5 text is well-formed GB18030 and so is misread,
    /// and UTF-16 is not recognised. The default.
    #[default]
    ScorePy,
    /// As the extractor does ([`crate::decode::decode`]), which reads Big5 and UTF-16.
    Detect,
}

/// What stops scoring. Each message names the file and the cause.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file or folder could not be read.
    #[error("cannot read {}: {cause}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        cause: std::io::Error,
    },
    /// The gold folder holds no `*.json` file.
    #[error("{}: no gold files (*.json)", dir.display())]
    NoGold {
        /// The gold folder.
        dir: PathBuf,
    },
    /// A gold file is not JSON of the gold format.
    #[error("{}: not a gold file: {cause}", path.display())]
    Gold {
        /// The gold file.
        path: PathBuf,
        /// What the JSON reader said (with line and column).
        cause: serde_json::Error,
    },
    /// Two gold files annotate the same document.
    #[error("{} and {} both annotate {doc}", first.display(), second.display())]
    SameDocument {
        /// The document.
        doc: String,
        /// The gold file read first.
        first: PathBuf,
        /// The other one.
        second: PathBuf,
    },
    /// A gold quote is not in its document (or too short to be located).
    #[error("{}: task {task}: quote not found in {doc}: {quote}", path.display())]
    QuoteNotFound {
        /// The gold file.
        path: PathBuf,
        /// The task's index in the gold file, from 0.
        task: usize,
        /// The document.
        doc: String,
        /// The quote's first 40 characters.
        quote: String,
    },
}

/// Scores `records` against every gold file (`*.json`, hidden files skipped) in
/// `gold_dir`, reading the document each names from `corpus_dir`.
///
/// A record is paired with the gold file whose `doc` is the file name of the record's
/// `doc.path` (or of `doc.id` when the path is empty); of several records for one
/// document the last counts. A gold document without a record is scored as if nothing
/// were extracted from it, and listed in [`Report::missing_predictions`].
pub fn score(
    gold_dir: &Path,
    corpus_dir: &Path,
    records: &[Record],
    decoding: Decoding,
) -> Result<Report, EvalError> {
    let golds = gold::read_dir(gold_dir)?;
    let by_name: HashMap<&str, &Record> = records
        .iter()
        .filter_map(|r| Some((record_name(r)?, r)))
        .collect();
    let mut total = score::Tally::default();
    let mut per_doc = Vec::with_capacity(golds.len());
    let mut misses = Vec::new();
    let mut missing_predictions = Vec::new();
    for (path, gold) in &golds {
        let corpus_path = corpus_dir.join(&gold.doc);
        let bytes = std::fs::read(&corpus_path).map_err(|cause| EvalError::Io {
            path: corpus_path,
            cause,
        })?;
        let text = doc::FoldedDoc::read(&bytes, decoding);
        let record = by_name.get(gold.doc.as_str()).copied();
        if record.is_none() {
            missing_predictions.push(gold.doc.clone());
        }
        let tally = score::score_doc(path, gold, record, &text, &mut misses)?;
        total.add(&tally);
        per_doc.push(DocFigures {
            doc: gold.doc.clone(),
            figures: Figures::from_tally(&tally),
        });
    }
    Ok(Report {
        total: Figures::from_tally(&total),
        per_doc,
        misses,
        missing_predictions,
    })
}

/// A gold item found by a task, for training (`crate::learn`).
#[derive(Debug, Clone)]
pub(crate) struct FoundItem {
    /// The index of its best task in the record.
    pub(crate) task: usize,
    /// The gold kind.
    pub(crate) kind: crate::record::Kind,
    /// The gold categories, main first.
    pub(crate) categories: Vec<String>,
}

/// The gold files of a folder (`*.json`, hidden ones skipped, in name order): each with
/// the document it annotates, relative to the corpus folder.
pub(crate) fn gold_documents(gold_dir: &Path) -> Result<Vec<(PathBuf, String)>, EvalError> {
    Ok((gold::read_dir(gold_dir)?.into_iter())
        .map(|(path, g)| (path, g.doc))
        .collect())
}

/// The items of gold file `path` that a task of `record` finds (not optional), each with
/// its best task as scoring pairs them; `bytes`: the document.
pub(crate) fn found_items(
    path: &Path,
    record: &Record,
    bytes: &[u8],
    decoding: Decoding,
) -> Result<Vec<FoundItem>, EvalError> {
    let gold = gold::read_file(path)?;
    let text = doc::FoldedDoc::read(bytes, decoding);
    let pairs = score::best_tasks(path, &gold, record, &text)?;
    Ok((pairs.into_iter())
        .map(|(gi, task)| FoundItem {
            task,
            kind: gold.tasks[gi].kind,
            categories: gold.tasks[gi].categories.clone(),
        })
        .collect())
}

/// The file name a record is for: that of `doc.path`, else of `doc.id`.
fn record_name(record: &Record) -> Option<&str> {
    let info = &record.doc;
    let path = if info.path.is_empty() {
        &info.id
    } else {
        &info.path
    };
    Path::new(path).file_name()?.to_str()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Body, BodySource, Deadline, DeadlineKind, DocInfo, Kind, Task, SCHEMA};

    fn task(
        text: &str,
        kind: Kind,
        categories: &[&str],
        bodies: &[&str],
        deadlines: &[&str],
    ) -> Task {
        Task {
            id: String::new(),
            text: text.to_owned(),
            span: [0, 0],
            section: Vec::new(),
            kind,
            strength: None,
            categories: categories.iter().map(|c| c.to_string()).collect(),
            bodies: bodies
                .iter()
                .map(|b| Body {
                    text: b.to_string(),
                    canonical: None,
                    source: BodySource::Explicit,
                    span: None,
                    role: None,
                    rule: String::new(),
                })
                .collect(),
            problem: None,
            deadline: deadlines
                .iter()
                .map(|d| Deadline {
                    text: d.to_string(),
                    kind: DeadlineKind("immediate".into()),
                    span: [0, 0],
                    date: None,
                    from: None,
                    to: None,
                    duration: None,
                    every: None,
                    rule: String::new(),
                })
                .collect(),
            actions: Vec::new(),
            metrics: Vec::new(),
            rules: Vec::new(),
            explain: None,
        }
    }

    /// A document of three units (the third optional in the gold) in a fresh folder.
    fn fixture(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("zhenggai-eval-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["corpus", "gold"] {
            std::fs::create_dir_all(dir.join(sub)).expect("dir");
        }
        let doc = "<h1>标题</h1><p>各地区要抓好整改。&nbsp;省委要年底前完成整改。</p><p>去年已整改9项。</p>";
        std::fs::write(dir.join("corpus/a.txt"), doc).expect("write");
        let gold = r#"{"doc": "a.txt", "meta": {"title": "标题", "date": "2019-06", "issuer": []},
          "tasks": [
            {"quote": "各地区要抓好整改。", "kind": "directive", "categories": ["self-inspection"],
             "bodies": [{"text": "各地区", "source": "explicit"}], "deadline": [], "optional": false},
            {"quote": "省委要年底前完成整改。", "kind": "directive",
             "categories": ["inspection-feedback", "other"],
             "bodies": [{"text": "省委", "source": "inherited"}],
             "deadline": [{"text": "年底前", "kind": "date"}], "optional": false},
            {"quote": "去年已整改9项。", "kind": "report", "categories": ["other"], "bodies": [],
             "deadline": [], "optional": true}]}"#;
        std::fs::write(dir.join("gold/a.json"), gold).expect("write");
        dir
    }

    #[test]
    fn scores_a_small_document() {
        let dir = fixture("small");
        let stale = Record {
            schema: SCHEMA.into(),
            doc: DocInfo {
                path: "elsewhere/a.txt".into(),
                ..DocInfo::default()
            },
            tasks: vec![task("不在文中", Kind::Report, &[], &[], &[])],
            warnings: Vec::new(),
            error: None,
            text: None,
            dropped: None,
        };
        let mut record = stale.clone();
        record.doc.title = Some(" 标 题 ".into());
        record.doc.date = Some("2019-06-30".into());
        record.tasks = vec![
            task(
                "各地区要抓好整改",
                Kind::Directive,
                &["self-inspection"],
                &["各地区"],
                &[],
            ),
            task(
                "省委要年底前完成整改。",
                Kind::Report,
                &["other", "inspection-feedback"],
                &["省委"],
                &["年底前", "立即"],
            ),
            task("去年已整改9项", Kind::Report, &["other"], &[], &[]),
            task("不在文中", Kind::Directive, &[], &[], &[]),
        ];
        // the later record for a document replaces the earlier one
        let records = [stale, record];
        let r = score(
            &dir.join("gold"),
            &dir.join("corpus"),
            &records,
            Decoding::ScorePy,
        )
        .expect("score");
        let t = &r.total;
        let counts = (
            t.tasks_gold,
            t.tasks_pred_tp,
            t.tasks_pred_fp,
            t.tasks_pred_unlocated,
        );
        assert_eq!(counts, (2, 2, 1, 1));
        assert_eq!(
            (t.task_precision, t.task_recall),
            (Some(2.0 / 3.0), Some(1.0))
        );
        assert_eq!(
            (t.kind_accuracy, t.category_any, t.category_main),
            (Some(0.5), Some(1.0), Some(0.5))
        );
        assert_eq!((t.body_precision, t.body_recall), (Some(1.0), Some(1.0)));
        assert_eq!(
            (t.body_recall_explicit, t.body_recall_inherited),
            (Some(1.0), Some(1.0))
        );
        assert_eq!(
            (t.deadline_precision, t.deadline_recall),
            (Some(0.5), Some(1.0))
        );
        assert_eq!(t.deadline_kind_accuracy, Some(0.0));
        assert_eq!((t.title_accuracy, t.date_accuracy), (Some(1.0), Some(1.0)));
        assert_eq!(r.per_doc.len(), 1);
        assert_eq!(r.per_doc[0].figures, r.total);
        let extra = Miss {
            what: MissKind::Extra,
            doc: "a.txt".into(),
            text: "不在文中".into(),
        };
        assert_eq!(r.misses, vec![extra]);
        assert!(r.missing_predictions.is_empty());

        let text = r.to_text(true, 5);
        assert!(text.contains("\nextra\ta.txt\t不在文中\n"), "{text}");
        assert!(text.contains("\ntask_precision          0.667\n"), "{text}");
        let json: serde_json::Value = serde_json::from_str(&r.to_json()).expect("json");
        assert_eq!(json["total"]["tasks_pred_fp"], 1);
        assert_eq!(json["per_doc"]["a.txt"]["deadline_precision"], 0.5);

        let nothing = score(
            &dir.join("gold"),
            &dir.join("corpus"),
            &[],
            Decoding::ScorePy,
        )
        .expect("score");
        assert_eq!(nothing.missing_predictions, vec!["a.txt"]);
        assert_eq!(nothing.total.task_precision, None);
        assert_eq!(nothing.total.task_recall, Some(0.0));
        assert_eq!(nothing.misses.len(), 2);
        assert!(nothing.to_json().contains("\"task_precision\": null"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_quote_not_in_its_document_names_the_gold_file_and_the_task() {
        let dir = fixture("quote");
        let gold = r#"{"doc": "a.txt", "tasks": [
            {"quote": "各地区要抓好整改。", "kind": "directive"},
            {"quote": "不在文中的一句话", "kind": "directive"}]}"#;
        std::fs::write(dir.join("gold/a.json"), gold).expect("write");
        let e = score(
            &dir.join("gold"),
            &dir.join("corpus"),
            &[],
            Decoding::ScorePy,
        )
        .map(|_| ())
        .unwrap_err()
        .to_string();
        assert!(
            e.ends_with("a.json: task 1: quote not found in a.txt: 不在文中的一句话"),
            "{e}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
