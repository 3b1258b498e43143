//! Training examples: the gold items a task finds, with what extraction read of that task.
//!
//! **Takes** gold folders with the corpus folders their documents are in ([`GoldSet`]) and
//! a pipeline; **gives** one [`Example`] per gold item (not optional) that a task matches,
//! paired as scoring pairs them (`crate::eval`: the task that shares the most chars with
//! the gold quote): the task's features, the rules' kind and categories, and the gold's.
//! Documents are read in gold-file order, each example in gold order, so the examples —
//! and a model trained on them — are the same on every run.

use crate::eval::{self, Decoding, EvalError};
use crate::record::Kind;
use crate::{Options, Pipeline};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// A gold folder and the folder its documents are named relative to.
#[derive(Debug, Clone)]
pub struct GoldSet {
    /// The gold files (`*.json`).
    pub gold: PathBuf,
    /// The documents.
    pub corpus: PathBuf,
}

/// One gold item found by a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    /// The document, as the gold file names it.
    pub doc: String,
    /// The task's features (`crate::extract`'s names).
    pub features: Vec<String>,
    /// The kind the extraction gave.
    pub predicted_kind: Kind,
    /// The categories the extraction gave, main first.
    pub predicted_categories: Vec<String>,
    /// The gold kind.
    pub kind: Kind,
    /// The gold categories, main first.
    pub categories: Vec<String>,
}

/// The examples of every gold file of `sets` whose document `keep` accepts (its name as the
/// gold file gives it), extracted by `pipeline` (whose models, if any, decide the predicted
/// kind and categories but not the features). Errors name the gold file.
pub fn examples(
    pipeline: &Pipeline,
    sets: &[GoldSet],
    keep: &(dyn Fn(&str) -> bool + Sync),
) -> Result<Vec<Example>, EvalError> {
    let mut files: Vec<(PathBuf, &Path, String)> = Vec::new();
    for set in sets {
        for (path, doc) in eval::gold_documents(&set.gold)? {
            if keep(&doc) {
                files.push((path, &set.corpus, doc));
            }
        }
    }
    let per_doc: Vec<Result<Vec<Example>, EvalError>> = files
        .par_iter()
        .map(|(path, corpus, doc)| of_document(pipeline, path, corpus, doc))
        .collect();
    let mut out = Vec::new();
    for r in per_doc {
        out.extend(r?);
    }
    Ok(out)
}

/// The examples of one gold file.
fn of_document(
    pipeline: &Pipeline,
    path: &Path,
    corpus: &Path,
    doc: &str,
) -> Result<Vec<Example>, EvalError> {
    let file = corpus.join(doc);
    let bytes = std::fs::read(&file).map_err(|cause| EvalError::Io { path: file, cause })?;
    let mut opts = Options::default();
    opts.extract.features = true;
    let path_text = corpus.join(doc).display().to_string();
    let out = pipeline.run_bytes(doc, &path_text, &bytes, &opts);
    let found = eval::found_items(path, &out.record, &bytes, Decoding::ScorePy)?;
    Ok((found.into_iter())
        .filter_map(|f| {
            let task = out.record.tasks.get(f.task)?;
            Some(Example {
                doc: doc.to_string(),
                features: out.features.get(f.task).cloned().unwrap_or_default(),
                predicted_kind: task.kind,
                predicted_categories: task.categories.clone(),
                kind: f.kind,
                categories: f.categories,
            })
        })
        .collect())
}
