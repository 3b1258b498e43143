//! Batch: many inputs through the pipeline, in parallel, output in a stable order.
//!
//! Takes paths (files and folders, recursively), gives one record per input document in
//! sorted order, whatever the number of threads: documents are processed in chunks with
//! rayon and each chunk is written in input order before the next starts, so memory is
//! bounded by a chunk, not by the corpus. A file that cannot be read becomes a record with
//! `error` set and a line on stderr; the batch goes on.

use crate::output::{Record, Writer};
use crate::{error_record, Options, Pipeline};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// File name endings read from folders; files named on the command line are always read.
pub const EXTENSIONS: &[&str] = &["txt", "htm", "html", "md", "shtml", "xhtml"];

/// Documents processed together before their records are written.
const CHUNK: usize = 256;

/// One input document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Stable id: the path below the folder it was found in, prefixed by that folder's name.
    pub id: String,
    /// The path to read.
    pub path: PathBuf,
}

/// A problem met while listing inputs (a path that does not exist, a folder that cannot be read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListError {
    /// The id the record gets.
    pub id: String,
    /// The path.
    pub path: PathBuf,
    /// The cause.
    pub message: String,
}

/// Lists the documents under the given paths: folders recursively (files ending in one of
/// [`EXTENSIONS`] or with no extension), sorted by id within each path.
pub fn list_inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<ListError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        let meta = std::fs::metadata(root);
        match meta {
            Err(e) => errors.push(ListError {
                id: slashed(root),
                path: root.clone(),
                message: e.to_string(),
            }),
            Ok(m) if m.is_dir() => {
                let prefix = root
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let mut found = Vec::new();
                for entry in walkdir::WalkDir::new(root).follow_links(true) {
                    match entry {
                        Err(e) => {
                            let path = e.path().map_or_else(|| root.clone(), Path::to_path_buf);
                            errors.push(ListError {
                                id: slashed(&path),
                                path,
                                message: e.to_string(),
                            })
                        }
                        Ok(e) if e.file_type().is_file() && wanted(e.path()) => {
                            let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                            let id = if prefix.is_empty() {
                                slashed(rel)
                            } else {
                                format!("{prefix}/{}", slashed(rel))
                            };
                            found.push(Input {
                                id,
                                path: e.path().to_path_buf(),
                            });
                        }
                        Ok(_) => {}
                    }
                }
                found.sort_by(|a, b| a.id.cmp(&b.id));
                inputs.extend(found);
            }
            Ok(_) => inputs.push(Input {
                id: slashed(root),
                path: root.clone(),
            }),
        }
    }
    (inputs, errors)
}

fn wanted(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        None => !path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.')),
        Some(ext) => EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()),
    }
}

fn slashed(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Reads and processes one input; never fails.
pub fn process(pipeline: &Pipeline, input: &Input, opts: &Options) -> Record {
    let path = slashed(&input.path);
    match std::fs::read(&input.path) {
        Ok(bytes) => pipeline.run_bytes(&input.id, &path, &bytes, opts).record,
        Err(e) => error_record(&input.id, &path, format!("cannot read: {e}")),
    }
}

/// Totals of a batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records written.
    pub documents: usize,
    /// Task items written.
    pub tasks: usize,
    /// Records with `error` set.
    pub failed: usize,
    /// Bytes read.
    pub bytes: u64,
}

/// Runs the pipeline over `inputs` on the current rayon pool and writes every record, in
/// input order, to `writer`; list errors come first as error records. Each failure is
/// reported on `log` with the file and the cause.
pub fn run<W: Write, L: Write>(
    pipeline: &Pipeline,
    inputs: &[Input],
    list_errors: &[ListError],
    opts: &Options,
    writer: &mut Writer<W>,
    log: &mut L,
) -> std::io::Result<Summary> {
    let mut summary = Summary::default();
    let mut emit =
        |record: &Record, summary: &mut Summary, writer: &mut Writer<W>| -> std::io::Result<()> {
            summary.documents += 1;
            summary.tasks += record.tasks.len();
            if let Some(e) = &record.error {
                summary.failed += 1;
                writeln!(log, "zhenggai: {}: {e}", record.doc.path)?;
            }
            writer.write(record)
        };
    for e in list_errors {
        let record = error_record(&e.id, &slashed(&e.path), e.message.clone());
        emit(&record, &mut summary, writer)?;
    }
    for chunk in inputs.chunks(CHUNK) {
        let records: Vec<(Record, u64)> = chunk
            .par_iter()
            .map(|input| {
                let size = std::fs::metadata(&input.path).map_or(0, |m| m.len());
                (process(pipeline, input, opts), size)
            })
            .collect();
        for (record, size) in &records {
            summary.bytes += size;
            emit(record, &mut summary, writer)?;
        }
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_folders_sorted_with_prefixed_ids_and_reports_missing_paths() {
        let dir = std::env::temp_dir().join(format!("zhenggai-batch-{}", std::process::id()));
        let sub = dir.join("b");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(dir.join("z.txt"), "x").unwrap();
        std::fs::write(sub.join("a.html"), "x").unwrap();
        std::fs::write(dir.join("skip.png"), "x").unwrap();
        std::fs::write(dir.join("NOEXT"), "x").unwrap();
        let (inputs, errors) = list_inputs(&[dir.clone(), dir.join("missing.txt")]);
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let ids: Vec<String> = inputs.iter().map(|i| i.id.clone()).collect();
        assert_eq!(
            ids,
            vec![
                format!("{name}/NOEXT"),
                format!("{name}/b/a.html"),
                format!("{name}/z.txt")
            ]
        );
        assert_eq!(errors.len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
