//! Errors of the library. Each message names the place (file, rule, field) and quotes the value.

use std::path::PathBuf;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A rule file does not parse as TOML of the expected shape.
    #[error("{file}: {message}")]
    RuleSyntax {
        /// The rule file.
        file: String,
        /// What the TOML parser said.
        message: String,
    },
    /// A rule is wrong: its pattern does not compile, its id repeats, it names an unknown lexicon …
    #[error("{file}: rule `{rule}`: {field}: {message}")]
    Rule {
        /// The rule file.
        file: String,
        /// The rule id.
        rule: String,
        /// The field at fault.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A deadline kind is declared wrong.
    #[error("{file}: deadline kind `{kind}`: {field}: {message}")]
    DeadlineKind {
        /// The rule file.
        file: String,
        /// The kind's id.
        kind: String,
        /// The field at fault.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A lexicon a stage reads is not defined by any rule file.
    #[error("rules: lexicon `{name}` is not defined, and {needed_by} need it")]
    MissingLexicon {
        /// The lexicon.
        name: String,
        /// What reads it.
        needed_by: String,
    },
    /// A trained model file (`rules/model/*.json`) does not parse or does not fit the rules.
    #[error("{file}: model: {message}")]
    Model {
        /// The model file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// The jieba user dictionary could not be loaded.
    #[error("{file}: dictionary: {message}")]
    Dictionary {
        /// The dictionary file.
        file: String,
        /// What jieba said.
        message: String,
    },
    /// The bytes could not be decoded.
    #[error("{0}")]
    Decode(#[from] crate::decode::DecodeError),
    /// A document of a known format (PDF, DOCX, Word 97-2003) could not be read.
    #[error("{0}")]
    Format(#[from] crate::formats::FormatError),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
