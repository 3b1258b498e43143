//! Input: what the command line names, as a stream of documents.
//!
//! Takes [`Source`]s — paths (files, folders read recursively, glob patterns), `-` for one
//! document on stdin, lists of paths (`--files-from`) — and gives [`Doc`]s one at a time
//! through a callback, never holding the corpus. Archives (`.zip`, `.tar`, `.tar.gz`,
//! `.tgz`), named directly or found in a folder, are read as streams without unpacking to
//! disk; their entries become documents with ids like `archive.zip!/dir/notice.txt`.
//!
//! Order, stable from run to run: sources in the order given; a folder depth first with
//! each level sorted by file name; an archive's entries in archive order (tar stream, zip
//! central directory); a glob's matches in the order of the `glob` crate (sorted).
//!
//! What is read from folders and archives: files with a document's extension
//! ([`EXTENSIONS`]: text, web pages saved under any server's extension, DOCX, PDF, and
//! `.doc`/`.wps`, which get an error record saying how to convert them), files with no
//! extension, and files whose first bytes read as a web page or a PDF whatever their name
//! (`.do`, `.action`, see [`crate::formats::looks_like_document`]). Every other file is
//! passed over as a [`Skipped`] given to [`Lister::walk_all`], so that a summary can count
//! it; hidden files are not.
//!
//! Invariants: every input yields exactly one [`Doc`]; one that cannot be listed or read
//! (a dangling link, a folder that loops, a corrupt archive) yields a doc whose content is
//! [`Content::Failed`] with a short cause, so that the batch goes on and accounts for it.
//! No document is ever read beyond `max_bytes + 1` bytes, whatever size it declares.

use std::io::{self, BufRead, BufReader, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

/// File name endings read from folders and archives; files named directly are always read.
pub const EXTENSIONS: &[&str] = &[
    "txt", "htm", "html", "md", "shtml", "shtm", "xhtml", "jsp", "jhtml", "php", "asp", "aspx",
    "docx", "pdf", "doc", "wps",
];

/// How many bytes of a file with an unknown extension are read to tell whether it is a
/// document.
pub const SNIFF_BYTES: usize = 2048;

/// Default of `--max-bytes`: 64 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 64 << 20;

/// The id and path of the document read from stdin.
pub const STDIN_ID: &str = "-";

/// What the user named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file, folder, archive or glob pattern; `-` is stdin.
    Path(PathBuf),
    /// A file listing one path a line (`--files-from`); `-` is stdin.
    FilesFrom(PathBuf),
}

/// One document to run the pipeline over.
#[derive(Debug)]
pub struct Doc {
    /// Stable id: a folder's name joined with the path below it, a file's path as given,
    /// `<archive id>!/<entry name>` for an archive's entry.
    pub id: String,
    /// Where it was read from, for messages and the record's `doc.path`.
    pub path: String,
    /// The bytes, or where to get them, or why there are none.
    pub content: Content,
    /// What the reader should know about the input itself (a file name that is not UTF-8).
    pub warnings: Vec<String>,
}

/// A file met in a folder or an archive that is not a document, passed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Where it is (`dir/table.xlsx`, `archive.zip!/a.png`).
    pub path: String,
    /// Its extension, lower case, with the dot (`.xlsx`).
    pub extension: String,
}

/// What a walk gives, in order: a document, or a file passed over.
#[derive(Debug)]
pub enum Listed {
    /// A document to run the pipeline over.
    Doc(Doc),
    /// A file that is not a document.
    Skipped(Skipped),
}

/// A document's bytes, or where to get them, or why there are none.
#[derive(Debug)]
pub enum Content {
    /// A file on disk, read when the document is processed (see [`Doc::bytes`]).
    File(PathBuf),
    /// Bytes already read (stdin, an archive's entry), at most `max_bytes`.
    Bytes(Vec<u8>),
    /// The input could not be listed or read: the cause.
    Failed(String),
}

impl Doc {
    fn failed(id: String, path: String, cause: String) -> Doc {
        Doc {
            id,
            path,
            content: Content::Failed(cause),
            warnings: Vec::new(),
        }
    }

    /// The document's bytes (reading a file now, at most `max_bytes`), or the cause of failure.
    pub fn bytes(self, max_bytes: u64) -> Result<Vec<u8>, String> {
        match self.content {
            Content::Bytes(b) => Ok(b),
            Content::Failed(cause) => Err(cause),
            Content::File(path) => {
                let file = std::fs::File::open(&path).map_err(|e| format!("cannot open: {e}"))?;
                if let Ok(m) = file.metadata() {
                    if m.is_dir() {
                        return Err("is a folder".to_string());
                    }
                    if m.len() > max_bytes {
                        return Err(too_large(max_bytes));
                    }
                }
                read_bounded(file, max_bytes).map_err(|e| format!("cannot read: {e}"))?
            }
        }
    }
}

fn too_large(max_bytes: u64) -> String {
    format!("larger than --max-bytes ({max_bytes} bytes)")
}

/// Reads at most `max_bytes + 1` bytes: the bytes, or the too-large cause when there are more.
/// Never allocates by a declared size.
pub(crate) fn read_bounded<R: Read>(
    reader: R,
    max_bytes: u64,
) -> io::Result<Result<Vec<u8>, String>> {
    let mut buf = Vec::new();
    reader
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut buf)?;
    Ok(if buf.len() as u64 > max_bytes {
        Err(too_large(max_bytes))
    } else {
        // reading doubled the buffer as it went: up to twice the document, kept until decoded
        buf.shrink_to_fit();
        Ok(buf)
    })
}

/// `--shard K/N`: the documents whose id hashes to `K - 1` modulo `N` (K counts from 1).
///
/// The hash is FNV-1a 64 of the id's UTF-8 bytes, so the split depends on the ids only:
/// N machines running `--shard 1/N` … `--shard N/N` over the same inputs process every
/// document exactly once, with no coordination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// K, from 1 to `count`.
    pub index: u64,
    /// N, at least 1.
    pub count: u64,
}

impl Shard {
    /// Parses `K/N` with 1 ≤ K ≤ N.
    pub fn parse(s: &str) -> Result<Shard, String> {
        let err = || format!("--shard `{s}`: expected K/N with 1 <= K <= N, e.g. 1/4");
        let (k, n) = s.split_once('/').ok_or_else(err)?;
        let index: u64 = k.trim().parse().map_err(|_| err())?;
        let count: u64 = n.trim().parse().map_err(|_| err())?;
        if index == 0 || index > count {
            return Err(err());
        }
        Ok(Shard { index, count })
    }

    /// Whether the document with this id belongs to the shard.
    pub fn contains(&self, id: &str) -> bool {
        fnv1a64(id.as_bytes()) % self.count == self.index - 1
    }
}

/// FNV-1a, 64 bits.
pub(crate) fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The sources of a run and how to read them.
#[derive(Debug, Clone)]
pub struct Lister {
    /// What to read, in order.
    pub sources: Vec<Source>,
    /// Largest document read (`--max-bytes`); larger ones fail. Default: [`DEFAULT_MAX_BYTES`].
    pub max_bytes: u64,
    /// Only the documents of this shard. Default: all.
    pub shard: Option<Shard>,
}

impl Lister {
    /// A lister over these sources with the defaults.
    pub fn new(sources: Vec<Source>) -> Lister {
        Lister {
            sources,
            max_bytes: DEFAULT_MAX_BYTES,
            shard: None,
        }
    }

    /// Gives every document to `f`, in order; stops when `f` breaks.
    pub fn walk(&self, f: &mut dyn FnMut(Doc) -> ControlFlow<()>) -> ControlFlow<()> {
        self.walk_all(&mut |listed| match listed {
            Listed::Doc(doc) => f(doc),
            Listed::Skipped(_) => ControlFlow::Continue(()),
        })
    }

    /// Gives every document, and every file passed over, to `f`, in order; stops when `f`
    /// breaks.
    pub fn walk_all(&self, f: &mut dyn FnMut(Listed) -> ControlFlow<()>) -> ControlFlow<()> {
        let mut w = Walker {
            lister: self,
            emit: f,
            count_only: false,
        };
        for s in &self.sources {
            w.source(s)?;
        }
        ControlFlow::Continue(())
    }

    /// All documents at once (small corpora, tests).
    pub fn collect(&self) -> Vec<Doc> {
        let mut out = Vec::new();
        let _ = self.walk(&mut |d| {
            out.push(d);
            ControlFlow::Continue(())
        });
        out
    }

    /// How many documents [`Lister::walk`] will give, counted without reading them; `None`
    /// when that needs reading a stream (a tar archive, a list on stdin).
    pub fn count(&self) -> Option<u64> {
        let mut n = 0u64;
        let mut f = |listed: Listed| {
            n += u64::from(matches!(listed, Listed::Doc(_)));
            ControlFlow::Continue(())
        };
        let mut w = Walker {
            lister: self,
            emit: &mut f,
            count_only: true,
        };
        for s in &self.sources {
            if w.source(s).is_break() {
                return None;
            }
        }
        Some(n)
    }
}

/// One walk over the sources; in `count_only` mode nothing is read and streams break.
struct Walker<'a> {
    lister: &'a Lister,
    emit: &'a mut dyn FnMut(Listed) -> ControlFlow<()>,
    count_only: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ArchiveKind {
    Zip,
    Tar,
    TarGz,
}

fn archive_kind(name: &str) -> Option<ArchiveKind> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".zip") {
        Some(ArchiveKind::Zip)
    } else if lower.ends_with(".tar") {
        Some(ArchiveKind::Tar)
    } else if lower.ends_with(".tar.gz") || lower.ends_with(".tgz") {
        Some(ArchiveKind::TarGz)
    } else {
        None
    }
}

/// Whether a file met in a folder or an archive is a document by its name (see
/// [`EXTENSIONS`]; files with no extension count, hidden ones do not).
#[cfg(test)]
fn wanted(name: &str) -> bool {
    matches!(by_name(name), ByName::Document)
}

/// What a file's name says about it.
#[derive(Debug, PartialEq, Eq)]
enum ByName {
    /// A document's extension, or none.
    Document,
    /// A hidden file or a folder entry: neither read nor counted.
    Hidden,
    /// Another extension (lower case, with the dot): read only if its content is a document.
    Other(String),
}

fn by_name(name: &str) -> ByName {
    let base = name.rsplit('/').next().unwrap_or(name);
    match base.rsplit_once('.') {
        None if base.is_empty() => ByName::Hidden,
        None => ByName::Document,
        Some(("", _)) => ByName::Hidden,
        Some((_, ext)) => {
            let ext = ext.to_ascii_lowercase();
            if EXTENSIONS.contains(&ext.as_str()) {
                ByName::Document
            } else {
                ByName::Other(format!(".{ext}"))
            }
        }
    }
}

/// Whether the first bytes a reader gives look like a document; reads at most [`SNIFF_BYTES`].
fn sniff<R: Read>(reader: R) -> io::Result<(bool, Vec<u8>)> {
    let mut head = Vec::new();
    reader.take(SNIFF_BYTES as u64).read_to_end(&mut head)?;
    Ok((crate::formats::looks_like_document(&head), head))
}

/// A path with `/` separators, lossy where it is not UTF-8.
pub(crate) fn slashed(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

fn name_warning(p: &Path) -> Vec<String> {
    if p.to_str().is_none() {
        vec![format!(
            "file name is not UTF-8: {} (undecodable bytes shown as U+FFFD)",
            slashed(p)
        )]
    } else {
        Vec::new()
    }
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

impl Walker<'_> {
    fn emit(&mut self, doc: Doc) -> ControlFlow<()> {
        match self.lister.shard {
            Some(s) if !s.contains(&doc.id) => ControlFlow::Continue(()),
            _ => (self.emit)(Listed::Doc(doc)),
        }
    }

    /// Passes over a file that is not a document (counted unless only counting documents).
    fn skip(&mut self, path: String, extension: String) -> ControlFlow<()> {
        if self.count_only {
            return ControlFlow::Continue(());
        }
        (self.emit)(Listed::Skipped(Skipped { path, extension }))
    }

    fn in_shard(&self, id: &str) -> bool {
        self.lister.shard.is_none_or(|s| s.contains(id))
    }

    fn fail(&mut self, id: String, path: String, cause: String) -> ControlFlow<()> {
        self.emit(Doc::failed(id, path, cause))
    }

    fn source(&mut self, s: &Source) -> ControlFlow<()> {
        match s {
            Source::Path(p) => self.path(p),
            Source::FilesFrom(list) => self.files_from(list),
        }
    }

    fn stdin(&mut self) -> ControlFlow<()> {
        let id = STDIN_ID.to_string();
        if self.count_only || !self.in_shard(&id) {
            return self.emit(Doc::failed(id.clone(), id, String::new()));
        }
        let doc = match read_bounded(io::stdin().lock(), self.lister.max_bytes) {
            Ok(Ok(b)) => Doc {
                id: id.clone(),
                path: id,
                content: Content::Bytes(b),
                warnings: Vec::new(),
            },
            Ok(Err(cause)) => Doc::failed(id.clone(), id, cause),
            Err(e) => Doc::failed(id.clone(), id, format!("cannot read stdin: {e}")),
        };
        self.emit(doc)
    }

    fn files_from(&mut self, list: &Path) -> ControlFlow<()> {
        let reader: Box<dyn BufRead> = if list.as_os_str() == "-" {
            if self.count_only {
                return ControlFlow::Break(());
            }
            Box::new(io::stdin().lock())
        } else {
            match std::fs::File::open(list) {
                Ok(f) => Box::new(BufReader::new(f)),
                Err(e) => {
                    let id = slashed(list);
                    return self.fail(id.clone(), id, format!("cannot read the list: {e}"));
                }
            }
        };
        for line in reader.split(b'\n') {
            let mut line = match line {
                Ok(l) => l,
                Err(e) => {
                    let id = slashed(list);
                    return self.fail(id.clone(), id, format!("cannot read the list: {e}"));
                }
            };
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.path(&path_from_bytes(line))?;
        }
        ControlFlow::Continue(())
    }

    fn path(&mut self, p: &Path) -> ControlFlow<()> {
        if p.as_os_str() == "-" {
            return self.stdin();
        }
        let id = slashed(p);
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => self.folder(p),
            Ok(_) => self.file(p, id),
            Err(_) if is_glob(&id) && p.to_str().is_some() => self.glob(&id),
            Err(e) => {
                let cause = match std::fs::symlink_metadata(p) {
                    Ok(l) if l.file_type().is_symlink() => {
                        format!("dangling or looping symbolic link: {e}")
                    }
                    _ => format!("cannot read: {e}"),
                };
                self.fail(id.clone(), id, cause)
            }
        }
    }

    fn glob(&mut self, pattern: &str) -> ControlFlow<()> {
        let paths = match glob::glob(pattern) {
            Ok(p) => p,
            Err(e) => {
                return self.fail(
                    pattern.to_string(),
                    pattern.to_string(),
                    format!("bad glob pattern: {e}"),
                )
            }
        };
        let mut any = false;
        for entry in paths {
            any = true;
            match entry {
                Ok(p) if p.is_dir() => self.folder(&p)?,
                Ok(p) => self.file(&p, slashed(&p))?,
                Err(e) => {
                    let id = slashed(e.path());
                    self.fail(id.clone(), id, format!("cannot read: {}", e.error()))?
                }
            }
        }
        if any {
            ControlFlow::Continue(())
        } else {
            self.fail(
                pattern.to_string(),
                pattern.to_string(),
                "no file matches the pattern".to_string(),
            )
        }
    }

    /// A file given directly or met in a folder, under the given id.
    fn file(&mut self, p: &Path, id: String) -> ControlFlow<()> {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(kind) = archive_kind(&name) {
            return self.archive(p, id, kind);
        }
        self.emit(Doc {
            id,
            path: slashed(p),
            content: Content::File(p.to_path_buf()),
            warnings: name_warning(p),
        })
    }

    fn folder(&mut self, root: &Path) -> ControlFlow<()> {
        let prefix = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let id_of = |path: &Path| {
            let rel = slashed(path.strip_prefix(root).unwrap_or(path));
            if prefix.is_empty() {
                rel
            } else if rel.is_empty() {
                prefix.clone()
            } else {
                format!("{prefix}/{rel}")
            }
        };
        let walk = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walk {
            match entry {
                Err(e) => {
                    let path = e
                        .path()
                        .map_or_else(|| root.to_path_buf(), Path::to_path_buf);
                    let cause = match e.loop_ancestor() {
                        Some(a) => format!(
                            "folder loops back to {} through a symbolic link",
                            slashed(a)
                        ),
                        None => match e.io_error() {
                            Some(io)
                                if std::fs::symlink_metadata(&path)
                                    .is_ok_and(|m| m.file_type().is_symlink()) =>
                            {
                                format!("dangling symbolic link: {io}")
                            }
                            Some(io) => format!("cannot read: {io}"),
                            None => e.to_string(),
                        },
                    };
                    self.fail(id_of(&path), slashed(&path), cause)?;
                }
                Ok(e) if e.file_type().is_file() => {
                    let name = e.file_name().to_string_lossy();
                    let read = archive_kind(&name).is_some()
                        || match by_name(&name) {
                            ByName::Document => true,
                            ByName::Hidden => false,
                            ByName::Other(ext) => {
                                let is_doc = std::fs::File::open(e.path())
                                    .and_then(sniff)
                                    .is_ok_and(|(doc, _)| doc);
                                if !is_doc {
                                    self.skip(slashed(e.path()), ext)?;
                                }
                                is_doc
                            }
                        };
                    if read {
                        self.file(e.path(), id_of(e.path()))?;
                    }
                }
                Ok(_) => {}
            }
        }
        ControlFlow::Continue(())
    }

    fn archive(&mut self, p: &Path, id: String, kind: ArchiveKind) -> ControlFlow<()> {
        let path = slashed(p);
        if self.count_only && kind != ArchiveKind::Zip {
            return ControlFlow::Break(());
        }
        let file = match std::fs::File::open(p) {
            Ok(f) => f,
            Err(e) => return self.fail(id, path, format!("cannot open: {e}")),
        };
        match kind {
            ArchiveKind::Zip => self.zip(file, &id, &path),
            ArchiveKind::Tar => self.tar(BufReader::new(file), &id, &path),
            ArchiveKind::TarGz => self.tar(
                flate2::read::MultiGzDecoder::new(BufReader::new(file)),
                &id,
                &path,
            ),
        }
    }

    fn zip(&mut self, file: std::fs::File, id: &str, path: &str) -> ControlFlow<()> {
        let mut zip = match zip::ZipArchive::new(BufReader::new(file)) {
            Ok(z) => z,
            Err(e) => {
                return self.fail(
                    id.to_string(),
                    path.to_string(),
                    format!("not a readable zip archive: {e}"),
                )
            }
        };
        for i in 0..zip.len() {
            let Some(name) = zip.name_for_index(i).map(str::to_string) else {
                continue;
            };
            if name.ends_with('/') {
                continue;
            }
            match by_name(&name) {
                ByName::Document => {}
                ByName::Hidden => continue,
                ByName::Other(ext) => {
                    let is_doc = !self.count_only
                        && zip
                            .by_index(i)
                            .map_err(io::Error::other)
                            .and_then(sniff)
                            .is_ok_and(|(doc, _)| doc);
                    if !is_doc {
                        self.skip(format!("{path}!/{name}"), ext)?;
                        continue;
                    }
                }
            }
            let entry_id = format!("{id}!/{name}");
            let entry_path = format!("{path}!/{name}");
            if self.count_only || !self.in_shard(&entry_id) {
                self.emit(Doc::failed(entry_id, entry_path, String::new()))?;
                continue;
            }
            let content = match zip.by_index(i) {
                Ok(entry) => match read_bounded(entry, self.lister.max_bytes) {
                    Ok(Ok(b)) => Content::Bytes(b),
                    Ok(Err(cause)) => Content::Failed(cause),
                    Err(e) => Content::Failed(format!("corrupt zip entry: {e}")),
                },
                Err(e) => Content::Failed(format!("unreadable zip entry: {e}")),
            };
            self.emit(Doc {
                id: entry_id,
                path: entry_path,
                content,
                warnings: Vec::new(),
            })?;
        }
        ControlFlow::Continue(())
    }

    fn tar<R: Read>(&mut self, reader: R, id: &str, path: &str) -> ControlFlow<()> {
        let mut archive = tar::Archive::new(reader);
        let entries = match archive.entries() {
            Ok(e) => e,
            Err(e) => {
                return self.fail(
                    id.to_string(),
                    path.to_string(),
                    format!("not a readable tar archive: {e}"),
                )
            }
        };
        let mut last: Option<String> = None;
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let after = last.map_or_else(String::new, |l| format!(" after entry `{l}`"));
                    return self.fail(
                        id.to_string(),
                        path.to_string(),
                        format!("corrupt or truncated archive{after}: {e}"),
                    );
                }
            };
            let raw = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            let name = raw.trim_start_matches("./").to_string();
            last = Some(name.clone());
            if !entry.header().entry_type().is_file() {
                continue;
            }
            let entry_id = format!("{id}!/{name}");
            let entry_path = format!("{path}!/{name}");
            let mut entry: Box<dyn Read> = Box::new(entry);
            match by_name(&name) {
                ByName::Document => {}
                ByName::Hidden => continue,
                ByName::Other(ext) => match sniff(&mut entry) {
                    Ok((true, head)) => entry = Box::new(io::Cursor::new(head).chain(entry)),
                    Ok((false, _)) => {
                        self.skip(entry_path, ext)?;
                        continue;
                    }
                    Err(e) => {
                        return self.fail(
                            entry_id,
                            entry_path,
                            format!("corrupt or truncated archive: {e}"),
                        )
                    }
                },
            }
            if !self.in_shard(&entry_id) {
                continue;
            }
            match read_bounded(entry, self.lister.max_bytes) {
                Ok(r) => {
                    let content = match r {
                        Ok(b) => Content::Bytes(b),
                        Err(cause) => Content::Failed(cause),
                    };
                    self.emit(Doc {
                        id: entry_id,
                        path: entry_path,
                        content,
                        warnings: Vec::new(),
                    })?
                }
                Err(e) => {
                    // the stream is broken: nothing after this entry can be read
                    return self.fail(
                        entry_id,
                        entry_path,
                        format!("corrupt or truncated archive: {e}"),
                    );
                }
            }
        }
        ControlFlow::Continue(())
    }
}

#[cfg(unix)]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_the_reference_values() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn shards_parse_one_based_and_split_ids_exactly_once() {
        assert_eq!(Shard::parse("2/4"), Ok(Shard { index: 2, count: 4 }));
        for bad in ["0/4", "5/4", "1/0", "x/2", "1", "-1/2"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        let shards: Vec<Shard> = (1..=3).map(|k| Shard { index: k, count: 3 }).collect();
        for i in 0..100 {
            let id = format!("dir/{i}.txt");
            assert_eq!(shards.iter().filter(|s| s.contains(&id)).count(), 1);
        }
    }

    #[test]
    fn wanted_names() {
        assert!(wanted("a/b.TXT"));
        assert!(wanted("NOEXT"));
        assert!(!wanted(".hidden"));
        assert!(!wanted("x/.hidden"));
        assert!(!wanted("a.png"));
        assert!(!wanted("dir/"));
    }

    #[test]
    fn read_bounded_stops_after_max_plus_one() {
        let big = io::repeat(b'x');
        assert!(read_bounded(big, 10).unwrap().is_err());
        assert_eq!(
            read_bounded(&b"0123456789"[..], 10).unwrap().unwrap().len(),
            10
        );
    }

    #[test]
    fn lists_folders_sorted_with_prefixed_ids_and_reports_missing_paths() {
        let dir = std::env::temp_dir().join(format!("zhenggai-input-{}", std::process::id()));
        let sub = dir.join("b");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(dir.join("z.txt"), "x").unwrap();
        std::fs::write(sub.join("a.html"), "x").unwrap();
        std::fs::write(dir.join("skip.png"), "x").unwrap();
        std::fs::write(dir.join("NOEXT"), "x").unwrap();
        let lister = Lister::new(vec![
            Source::Path(dir.clone()),
            Source::Path(dir.join("missing.txt")),
        ]);
        let docs = lister.collect();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let ids: Vec<String> = docs.iter().map(|d| d.id.clone()).collect();
        assert_eq!(
            ids,
            vec![
                format!("{name}/NOEXT"),
                format!("{name}/b/a.html"),
                format!("{name}/z.txt"),
                slashed(&dir.join("missing.txt")),
            ]
        );
        assert!(matches!(docs[3].content, Content::Failed(_)));
        assert_eq!(lister.count(), Some(4));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
