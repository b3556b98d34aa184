//! dateline's input readers.
//!
//! [`discover`] expands the paths named on the command line into [`Input`]s,
//! and [`read_input`] / [`read_bytes`] turn one input into [`RawDocument`]s:
//! plain text and HTML files (one document each), JSONL (one per line), WARC
//! (one per HTML response record) and RSS / Atom feeds (one per item). The
//! format is chosen by content, with the file name only as a hint; gzip is
//! undone transparently. Raw payload bytes are kept unchanged: charset
//! decoding and cleaning happen in later stages.
//!
//! Failures are reported per input, record, line or item through the same
//! sink as documents, so one bad part never stops the rest of a batch.
#![warn(missing_docs)]

mod date;
mod detect;
mod feed;
mod jsonl;
mod limited;
mod warc;

use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

pub use date::parse_date;
pub use dateline_doc::SourceFormat;
pub use detect::{detect, Detected};

/// How the payload must be cleaned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Content {
    /// An HTML page or fragment.
    Html,
    /// Plain text.
    Text,
}

/// One article as read, before cleaning. The raw bytes are kept unchanged,
/// so offsets computed later can point into them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDocument {
    /// Where it came from: `path` for a whole file, `path#L12` for JSONL line
    /// 12, `path#record-3` for the third response record of a WARC file,
    /// `path#item-2` for a feed's second item; `-` is standard input.
    pub origin: String,
    /// The container format.
    pub format: SourceFormat,
    /// How the payload must be cleaned.
    pub content: Content,
    /// The HTML or text payload.
    pub bytes: Vec<u8>,
    /// The Content-Type of the HTTP response (WARC), for its charset.
    pub http_content_type: Option<String>,
    /// Metadata the container gave.
    pub hints: Hints,
}

/// Metadata the container gave about a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    /// JSONL `id`, feed GUID / Atom id, WARC-Record-ID.
    pub external_id: Option<String>,
    /// JSONL `url`, feed item link, WARC-Target-URI.
    pub url: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The publication date as given.
    pub date: Option<String>,
    /// `date`, parsed, when it is ISO 8601, RFC 2822 or `YYYY-MM-DD`.
    pub published: Option<dateline_doc::Published>,
    /// The publication's name (JSONL `source`, feed title).
    pub source: Option<String>,
    /// Bylines.
    pub authors: Vec<String>,
    /// When it was fetched (WARC-Date).
    pub fetched_at: Option<String>,
}

impl Hints {
    fn set_date(&mut self, date: Option<String>) {
        self.published = date.as_deref().and_then(parse_date);
        self.date = date;
    }
}

/// Why an input or a part of it was skipped.
#[derive(Debug, thiserror::Error)]
#[error("{origin}: {kind}")]
pub struct ReadError {
    /// The input, record, line or item (same form as [`RawDocument::origin`]).
    pub origin: String,
    /// What went wrong.
    pub kind: ReadErrorKind,
}

impl ReadError {
    /// An error for `origin`.
    pub fn new(origin: impl Into<String>, kind: ReadErrorKind) -> ReadError {
        ReadError { origin: origin.into(), kind }
    }
}

/// What went wrong reading an input.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadErrorKind {
    /// The file could not be read.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// Nothing in it.
    #[error("empty input")]
    Empty,
    /// Over [`ReadOptions::max_bytes`].
    #[error("too large: {size} bytes, limit {limit}")]
    TooLarge {
        /// The size found (at least this many bytes).
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// Not text.
    #[error("binary data, not text")]
    Binary,
    /// A gzip stream that ends early.
    #[error("truncated gzip stream")]
    TruncatedGzip,
    /// A corrupt gzip stream.
    #[error("gzip: {0}")]
    Gzip(String),
    /// A JSONL line that is not a JSON object.
    #[error("line {line}: invalid JSON: {message}")]
    Json {
        /// The 1-based line number.
        line: usize,
        /// The parser's message.
        message: String,
    },
    /// A required field is missing.
    #[error("missing field `{0}`")]
    MissingField(&'static str),
    /// A malformed WARC record.
    #[error("WARC: {0}")]
    Warc(String),
    /// A feed that does not parse.
    #[error("feed: {0}")]
    Feed(String),
    /// Not UTF-8 where UTF-8 is required (JSONL).
    #[error("invalid UTF-8")]
    InvalidUtf8,
    /// A format this crate does not read.
    #[error("unsupported: {0}")]
    Unsupported(String),
}

/// Limits for reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// The most bytes accepted for one file after decompression (text, HTML,
    /// feeds), one JSONL line, or one WARC record. Default 50 MB.
    pub max_bytes: u64,
}

/// The default [`ReadOptions::max_bytes`]: 50 MB.
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { max_bytes: DEFAULT_MAX_BYTES }
    }
}

/// An input named on the command line, expanded.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Input {
    /// A file.
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

impl Input {
    /// The origin name: the path, or `-`.
    pub fn origin(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.origin())
    }
}

/// Expands paths: directories are walked recursively in sorted order,
/// skipping hidden files and directories (names starting with `.`) and
/// symbolic links to directories; `-` is standard input. Missing or
/// unreadable paths become errors.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<ReadError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input::Path(path.clone())),
            Err(e) => errors.push(ReadError::new(path.display().to_string(), ReadErrorKind::Io(e))),
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<ReadError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(ReadError::new(dir.display().to_string(), ReadErrorKind::Io(e)));
            return;
        }
    };
    let mut list = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => list.push(e),
            Err(e) => errors.push(ReadError::new(dir.display().to_string(), ReadErrorKind::Io(e))),
        }
    }
    list.sort_by_key(|e| e.file_name());
    for entry in list {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let is_symlink = entry.file_type().map(|t| t.is_symlink()).unwrap_or(false);
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => {
                if !is_symlink {
                    walk(&path, inputs, errors);
                }
            }
            Ok(m) if m.is_file() => inputs.push(Input::Path(path)),
            Ok(_) => {}
            Err(e) => errors.push(ReadError::new(path.display().to_string(), ReadErrorKind::Io(e))),
        }
    }
}

/// Reads one input, calling `sink` with each document or failure in order.
/// A failure of one record, line or item never stops the rest of the file.
pub fn read_input(input: &Input, opts: &ReadOptions, sink: &mut dyn FnMut(Result<RawDocument, ReadError>)) {
    match input {
        Input::Stdin => {
            let stdin = io::stdin();
            let lock = stdin.lock();
            read_stream("-", None, Box::new(lock), opts, sink);
        }
        Input::Path(path) => {
            let origin = path.display().to_string();
            match std::fs::File::open(path) {
                Ok(file) => {
                    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                    read_stream(&origin, name.as_deref(), Box::new(file), opts, sink);
                }
                Err(e) => sink(Err(ReadError::new(origin, ReadErrorKind::Io(e)))),
            }
        }
    }
}

/// Reads in-memory bytes named `origin`; `name_hint` is a file name whose
/// extension hints at the format (content wins when they disagree).
pub fn read_bytes(
    origin: &str,
    name_hint: Option<&str>,
    bytes: &[u8],
    opts: &ReadOptions,
    sink: &mut dyn FnMut(Result<RawDocument, ReadError>),
) {
    read_stream(origin, name_hint, Box::new(bytes), opts, sink);
}

/// The size of the head sniffed for format detection.
const HEAD: usize = 8192;

/// Maps an IO error from a (possibly gzip-decoding) reader.
pub(crate) fn io_kind(e: io::Error, gzip: bool) -> ReadErrorKind {
    if gzip {
        match e.kind() {
            io::ErrorKind::UnexpectedEof => ReadErrorKind::TruncatedGzip,
            io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => ReadErrorKind::Gzip(e.to_string()),
            _ => ReadErrorKind::Io(e),
        }
    } else {
        ReadErrorKind::Io(e)
    }
}

fn read_head(reader: &mut dyn Read, head: &mut Vec<u8>) -> io::Result<()> {
    let mut buf = [0u8; HEAD];
    while head.len() < HEAD {
        let want = HEAD - head.len();
        match reader.read(&mut buf[..want]) {
            Ok(0) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn read_stream(
    origin: &str,
    name_hint: Option<&str>,
    mut reader: Box<dyn Read + '_>,
    opts: &ReadOptions,
    sink: &mut dyn FnMut(Result<RawDocument, ReadError>),
) {
    let mut head = Vec::with_capacity(HEAD);
    if let Err(e) = read_head(&mut reader, &mut head) {
        if head.is_empty() {
            sink(Err(ReadError::new(origin, ReadErrorKind::Io(e))));
            return;
        }
        // Read what came before the failure; the error comes after it.
        reader = Box::new(Failing(Some(e)));
    }
    let mut gzip = false;
    let mut hint = name_hint.map(str::to_string);
    if head.starts_with(&[0x1f, 0x8b]) {
        gzip = true;
        let raw = io::Cursor::new(std::mem::take(&mut head)).chain(reader);
        reader = Box::new(flate2::read::MultiGzDecoder::new(raw));
        if let Err(e) = read_head(&mut reader, &mut head) {
            if head.is_empty() {
                sink(Err(ReadError::new(origin, io_kind(e, true))));
                return;
            }
            // A stream cut short: records before the cut are still read.
            reader = Box::new(Failing(Some(e)));
        }
        hint = hint.map(|h| strip_gz(&h).to_string());
    }
    if head.is_empty() {
        sink(Err(ReadError::new(origin, ReadErrorKind::Empty)));
        return;
    }
    let detected = detect(&head, hint.as_deref());
    let full = io::Cursor::new(head).chain(reader);
    match detected {
        Detected::Binary => sink(Err(ReadError::new(origin, ReadErrorKind::Binary))),
        Detected::Unsupported(what) => sink(Err(ReadError::new(origin, ReadErrorKind::Unsupported(what)))),
        Detected::Warc => warc::read_warc(origin, io::BufReader::new(full), gzip, opts, sink),
        Detected::Jsonl => jsonl::read_jsonl(origin, io::BufReader::new(full), gzip, opts, sink),
        Detected::Feed | Detected::Html | Detected::Text => {
            let bytes = match limited::read_all(full, opts.max_bytes) {
                Ok(b) => b,
                Err(limited::LimitError::Io(e)) => {
                    sink(Err(ReadError::new(origin, io_kind(e, gzip))));
                    return;
                }
                Err(limited::LimitError::TooLarge(size)) => {
                    sink(Err(ReadError::new(
                        origin,
                        ReadErrorKind::TooLarge { size, limit: opts.max_bytes },
                    )));
                    return;
                }
            };
            match detected {
                Detected::Feed => feed::read_feed(origin, &bytes, sink),
                Detected::Html => sink(Ok(whole(origin, SourceFormat::Html, Content::Html, bytes))),
                _ => sink(Ok(whole(origin, SourceFormat::Text, Content::Text, bytes))),
            }
        }
    }
}

fn whole(origin: &str, format: SourceFormat, content: Content, bytes: Vec<u8>) -> RawDocument {
    RawDocument {
        origin: origin.to_string(),
        format,
        content,
        bytes,
        http_content_type: None,
        hints: Hints::default(),
    }
}

fn strip_gz(name: &str) -> &str {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".gz") {
        &name[..name.len() - 3]
    } else if lower.ends_with(".tgz") {
        &name[..name.len() - 4]
    } else {
        name
    }
}

/// A reader that fails with the error it holds, once.
struct Failing(Option<io::Error>);

impl Read for Failing {
    fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}
