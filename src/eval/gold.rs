//! The gold files: what an annotator writes for one document (`docs/ANNOTATION.md`).
//!
//! **Takes** a gold folder; **gives** its `*.json` files (hidden ones skipped) in file
//! name order, each read into [`GoldFile`]. Fields outside the format are refused, so a
//! misspelt field is an error naming the file rather than a silent gap in the figures.
//! Two files annotating one document are refused too.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::EvalError;
use crate::record::{BodySource, DeadlineKind, Kind};

/// One gold file: the task items of one document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GoldFile {
    /// The document's path below the corpus folder.
    pub(crate) doc: String,
    /// Title, date and issuer as the document gives them.
    #[serde(default)]
    pub(crate) meta: GoldMeta,
    /// The task items, in document order.
    pub(crate) tasks: Vec<GoldTask>,
}

/// Facts about the document; `null` where the document gives none.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GoldMeta {
    /// The notice's own title.
    #[serde(default)]
    pub(crate) title: Option<String>,
    /// The date of issue or publication: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    #[serde(default)]
    pub(crate) date: Option<String>,
    /// The issuing bodies (annotated, not scored).
    #[serde(default)]
    #[expect(dead_code, reason = "part of the gold format, not scored")]
    pub(crate) issuer: Vec<String>,
}

/// One gold task item.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GoldTask {
    /// The unit's text, copied from the document.
    pub(crate) quote: String,
    /// `directive` or `report`.
    pub(crate) kind: Kind,
    /// Category ids, main first.
    #[serde(default)]
    pub(crate) categories: Vec<String>,
    /// Who must act or acted.
    #[serde(default)]
    pub(crate) bodies: Vec<GoldBody>,
    /// The time expressions that govern the task.
    #[serde(default)]
    pub(crate) deadline: Vec<GoldDeadline>,
    /// Either answer is accepted: extracting the item or not is neither right nor wrong.
    #[serde(default)]
    pub(crate) optional: bool,
}

/// A responsible body of a gold item.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GoldBody {
    /// As written in the document.
    pub(crate) text: String,
    /// Named in the unit, or inherited from the context.
    pub(crate) source: BodySource,
    /// `lead` or `support`, when the text marks it (annotated, not scored).
    #[serde(default)]
    #[expect(dead_code, reason = "part of the gold format, not scored")]
    pub(crate) role: Option<Role>,
    /// A normalised name (annotated, not scored).
    #[serde(default)]
    #[expect(dead_code, reason = "part of the gold format, not scored")]
    pub(crate) canonical: Option<String>,
}

/// The part a body plays when the text says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Role {
    /// 牵头: leads.
    Lead,
    /// 配合: supports.
    Support,
}

/// A time expression of a gold item.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GoldDeadline {
    /// As written in the document.
    pub(crate) text: String,
    /// One of the deadline kinds of `docs/TASKS.md`.
    pub(crate) kind: DeadlineKind,
}

/// The gold files of `dir` in file name order, each with its path.
pub(crate) fn read_dir(dir: &Path) -> Result<Vec<(PathBuf, GoldFile)>, EvalError> {
    let io = |cause| EvalError::Io {
        path: dir.to_owned(),
        cause,
    };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.is_some_and(|n| n.ends_with(".json") && !n.starts_with('.')) && path.is_file() {
            paths.push(path);
        }
    }
    if paths.is_empty() {
        return Err(EvalError::NoGold {
            dir: dir.to_owned(),
        });
    }
    paths.sort();
    let mut golds: Vec<(PathBuf, GoldFile)> = Vec::with_capacity(paths.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for path in paths {
        let gold = read_file(&path)?;
        if let Some(&i) = seen.get(&gold.doc) {
            return Err(EvalError::SameDocument {
                doc: gold.doc,
                first: golds.get(i).map(|(p, _)| p.clone()).unwrap_or_default(),
                second: path,
            });
        }
        seen.insert(gold.doc.clone(), golds.len());
        golds.push((path, gold));
    }
    Ok(golds)
}

/// One gold file.
pub(crate) fn read_file(path: &Path) -> Result<GoldFile, EvalError> {
    let bytes = std::fs::read(path).map_err(|cause| EvalError::Io {
        path: path.to_owned(),
        cause,
    })?;
    serde_json::from_slice(&bytes).map_err(|cause| EvalError::Gold {
        path: path.to_owned(),
        cause,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<GoldFile, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn reads_the_format_of_annotation_md() {
        let g = parse(
            r#"{"doc": "a.txt", "meta": {"title": null, "date": "2019-06", "issuer": ["省委"]},
                "tasks": [{"quote": "各级党委要年底前完成整改。", "kind": "directive",
                           "categories": ["other"],
                           "bodies": [{"text": "各级党委", "source": "explicit", "role": "lead"}],
                           "deadline": [{"text": "年底前", "kind": "date"}], "optional": false}]}"#,
        )
        .expect("gold");
        assert_eq!(g.meta.date.as_deref(), Some("2019-06"));
        assert_eq!(g.meta.title, None);
        let t = &g.tasks[0];
        assert_eq!((t.kind, t.optional), (Kind::Directive, false));
        assert_eq!(t.bodies[0].source, BodySource::Explicit);
        assert_eq!(t.deadline[0].kind, "date");
    }

    #[test]
    fn a_misspelt_field_or_value_is_an_error_that_says_which() {
        let err = |json: &str| parse(json).map(|_| ()).unwrap_err().to_string();
        let e = err(
            r#"{"doc": "a.txt", "tasks": [{"quote": "要整改", "kind": "directive", "deadlines": []}]}"#,
        );
        assert!(e.contains("unknown field `deadlines`"), "{e}");
        let e = err(r#"{"doc": "a.txt", "tasks": [{"quote": "要整改", "kind": "task"}]}"#);
        assert!(e.contains("unknown variant `task`"), "{e}");
        let e = err(
            r#"{"doc": "a.txt", "tasks": [{"quote": "要整改", "kind": "report", "bodies": [{"text": "省委", "source": "implicit"}]}]}"#,
        );
        assert!(e.contains("unknown variant `implicit`"), "{e}");
        let e = err(r#"{"doc": "a.txt"}"#);
        assert!(e.contains("missing field `tasks`"), "{e}");
    }

    #[test]
    fn a_folder_without_gold_or_with_two_files_for_one_document_is_refused() {
        let dir = std::env::temp_dir().join(format!("zhenggai-gold-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        assert!(matches!(read_dir(&dir), Err(EvalError::NoGold { .. })));
        let gold = r#"{"doc": "a.txt", "tasks": []}"#;
        std::fs::write(dir.join("a.json"), gold).expect("write");
        std::fs::write(dir.join(".hidden.json"), "not json").expect("write");
        assert_eq!(read_dir(&dir).map(|g| g.len()).ok(), Some(1));
        std::fs::write(dir.join("b.json"), gold).expect("write");
        let e = read_dir(&dir).map(|_| ()).unwrap_err().to_string();
        assert!(e.ends_with("b.json both annotate a.txt"), "{e}");
        std::fs::write(dir.join("b.json"), "{").expect("write");
        let e = read_dir(&dir).map(|_| ()).unwrap_err().to_string();
        assert!(e.contains("b.json: not a gold file: EOF"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
