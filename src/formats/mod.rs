//! Formats: documents as governments publish them, read into what the pipeline takes.
//!
//! **Takes** one document's bytes and its name (for the extension).
//! **Gives** a [`Source`]: the bytes themselves for [`crate::decode`] (plain text, and HTML
//! under any extension: `.shtml`, `.jsp`, `.aspx` …), or markup already in Unicode that
//! [`crate::clean`] reads as it reads a web page — a DOCX's paragraphs as `<p>` and its
//! tables as `<table><tr><td>` rows ([`docx`]), a PDF's text in reading order, one `<p>` a
//! paragraph and `<tr>` rows where the layout shows a table ([`pdf`]) — or a
//! [`FormatError`] naming the format and the cause.
//!
//! Detection goes by content first, by name second ([`detect`]): `%PDF-` in the first
//! 1024 bytes is a PDF; a zip holding `word/document.xml` is a DOCX; an OLE2 compound file
//! (`D0 CF 11 E0`: Word 97–2003 `.doc`, WPS `.wps`, a password-protected `.docx`) is not
//! read, and the error says how to convert it; anything else goes to decode. The name only
//! matters when the content is not what it says: a `.pdf` or `.docx` that is binary but not
//! of its format is an error naming the format, not a decoding failure.
//!
//! Invariants: any bytes give a source or an error, never a panic; no part of a container
//! is read beyond `limit` bytes (a zip bomb costs `limit`).

pub mod docx;
pub mod page;
pub mod pdf;

/// What a document turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text or HTML: decoded, then cleaned.
    Text,
    /// Office Open XML word processing (`.docx`).
    Docx,
    /// PDF with a text layer.
    Pdf,
    /// An OLE2 compound file: Word 97–2003, WPS, or an encrypted Office file.
    Ole2,
}

impl Format {
    /// The name written in the record's `doc.format` (`docx`, `pdf`); `text` for plain text and HTML.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Ole2 => "ole2",
        }
    }
}

/// A document made ready for the pipeline.
#[derive(Debug)]
pub enum Source<'a> {
    /// Bytes to decode: plain text or HTML.
    Bytes(&'a [u8]),
    /// Markup in Unicode for the clean stage, read from a container format.
    Markup {
        /// What it was read from.
        format: Format,
        /// HTML-like markup: `<p>` paragraphs, `<table><tr><td>` rows, text escaped.
        markup: String,
        /// What the reader should know (a PDF page without text, fonts without Unicode).
        warnings: Vec<String>,
    },
}

/// Why a document of a known format cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// A PDF whose pages hold images but no text.
    #[error("scanned PDF: no text layer (OCR it first)")]
    ScannedPdf,
    /// A format that is recognised but not read.
    #[error("{format}: not read; {hint}")]
    Unsupported {
        /// The format, as a reader would name it.
        format: &'static str,
        /// How to get a readable file.
        hint: &'static str,
    },
    /// The file is of the format but broken, encrypted or empty.
    #[error("{format}: {cause}")]
    Corrupt {
        /// The format.
        format: &'static str,
        /// What is wrong.
        cause: String,
    },
    /// A part of a container unpacks to more than the limit.
    #[error("{format}: {part} is larger than --max-bytes ({limit} bytes) unpacked")]
    TooLarge {
        /// The format.
        format: &'static str,
        /// The part.
        part: String,
        /// The limit.
        limit: u64,
    },
}

/// How to convert a file that is not read.
const CONVERT_HINT: &str = "convert it to DOCX or PDF first (in Word or WPS: Save As; \
    or `libreoffice --headless --convert-to docx FILE`)";

/// What the bytes are, by content alone.
pub fn detect(bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        Format::Pdf
    } else if bytes.starts_with(b"PK\x03\x04") && docx::is_docx(bytes) {
        Format::Docx
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Format::Ole2
    } else {
        Format::Text
    }
}

/// Reads a document of any format into what the pipeline takes.
pub fn read<'a>(bytes: &'a [u8], name: &str, limit: u64) -> Result<Source<'a>, FormatError> {
    let ext = extension(name);
    match detect(bytes) {
        Format::Pdf => {
            let (markup, warnings) = pdf::to_markup(bytes)?;
            Ok(Source::Markup {
                format: Format::Pdf,
                markup,
                warnings,
            })
        }
        Format::Docx => Ok(Source::Markup {
            format: Format::Docx,
            markup: docx::to_markup(bytes, limit)?,
            warnings: Vec::new(),
        }),
        Format::Ole2 => Err(ole2_error(bytes, &ext)),
        Format::Text => {
            // (memchr: a byte at a time, this was about 0.4 % of the instructions)
            let binary = memchr::memchr(0, bytes.get(..4096).unwrap_or(bytes)).is_some();
            match ext.as_str() {
                "pdf" if binary || bytes.is_empty() => Err(FormatError::Corrupt {
                    format: "PDF",
                    cause: "not a PDF file (no %PDF header)".to_string(),
                }),
                "docx" if binary || bytes.is_empty() => Err(FormatError::Corrupt {
                    format: "DOCX",
                    cause: "not a DOCX file (not a zip archive holding word/document.xml)"
                        .to_string(),
                }),
                "doc" | "wps" if binary && bytes.starts_with(b"PK\x03\x04") => {
                    Err(FormatError::Corrupt {
                        format: "DOCX",
                        cause: "a zip archive without word/document.xml".to_string(),
                    })
                }
                _ => Ok(Source::Bytes(bytes)),
            }
        }
    }
}

/// The error for an OLE2 compound file: which format it is, and how to convert it.
fn ole2_error(bytes: &[u8], ext: &str) -> FormatError {
    // directory entry names are UTF-16LE
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    if find(bytes, &utf16("EncryptedPackage")).is_some() {
        return FormatError::Unsupported {
            format: "password-protected Office document",
            hint: "remove the password (in Word or WPS) and save it as DOCX",
        };
    }
    let format = match ext {
        "wps" => "WPS Writer document (.wps)",
        "doc" | "dot" => "Word 97-2003 document (.doc)",
        _ if find(bytes, &utf16("WordDocument")).is_some() => "Word 97-2003 document (.doc, OLE2)",
        _ => "OLE2 compound file (Word 97-2003, WPS, Excel or PowerPoint)",
    };
    FormatError::Unsupported {
        format,
        hint: CONVERT_HINT,
    }
}

/// The lower-case extension of the last path segment (of an archive entry too).
pub(crate) fn extension(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// Where `needle` first occurs in `hay`.
pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether the start of a file reads as a web page or a document this crate reads, for a
/// file met in a folder whose extension says nothing (`.do`, `.action`, none known).
pub fn looks_like_document(head: &[u8]) -> bool {
    if head.starts_with(b"%PDF-") {
        return true;
    }
    let text = String::from_utf8_lossy(&head[..head.len().min(2048)]).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    // markup from the first byte on: a page, or a fragment of one (not a table or a
    // script that merely mentions a tag)
    text.starts_with('<')
        && !text.starts_with("<?php")
        && [
            "<!doctype html",
            "<html",
            "<head",
            "<meta",
            "<body",
            "<div",
            "<p",
            "<table",
        ]
        .iter()
        .any(|m| text.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_content_and_names_the_format_in_errors() {
        assert_eq!(detect(b"%PDF-1.7\n"), Format::Pdf);
        assert_eq!(detect(b"<html>"), Format::Text);
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        assert_eq!(detect(&ole), Format::Ole2);
        let err = read(&ole, "x/通知.doc", 1 << 20).unwrap_err().to_string();
        assert!(
            err.starts_with("Word 97-2003 document (.doc): not read;"),
            "{err}"
        );
        assert!(
            err.contains("libreoffice --headless --convert-to docx"),
            "{err}"
        );
        let err = read(&ole, "a.wps", 1 << 20).unwrap_err().to_string();
        assert!(err.starts_with("WPS Writer document (.wps)"), "{err}");
        let err = read(b"\x89PNG\r\n\x1a\n\0\0", "a.pdf", 1 << 20).unwrap_err();
        assert!(err.to_string().contains("no %PDF header"), "{err}");
        // an HTML page saved under a document's name is read as HTML
        assert!(matches!(
            read("<p>通知</p>".as_bytes(), "a.doc", 1 << 20),
            Ok(Source::Bytes(_))
        ));
    }

    #[test]
    fn extensions_and_sniffing() {
        assert_eq!(extension("dir.x/a.DOCX"), "docx");
        assert_eq!(extension("a.zip!/b/c.Pdf"), "pdf");
        assert_eq!(extension(".hidden"), "");
        assert_eq!(extension("noext"), "");
        assert!(looks_like_document(b"\xef\xbb\xbf  <!DOCTYPE html><html>"));
        assert!(looks_like_document(b"<div class=x><p>text</p></div>"));
        assert!(looks_like_document(b"%PDF-1.4\n"));
        assert!(!looks_like_document(b"a log that names %PDF-1.4"));
        assert!(!looks_like_document(b"\x89PNG\r\n"));
        assert!(!looks_like_document(b"body { color: red }"));
        assert!(!looks_like_document(
            b"name\tdescription\na.txt\tan HTML <p> fragment"
        ));
        assert!(!looks_like_document(b"<?php echo '<html>'; ?>"));
    }
}
