//! Bounded reading helpers.

use std::io::{self, BufRead, Read};

pub(crate) enum LimitError {
    Io(io::Error),
    /// The total size found (the rest is drained and counted).
    TooLarge(u64),
}

/// Reads everything, failing when more than `limit` bytes come.
pub(crate) fn read_all<R: Read>(reader: R, limit: u64) -> Result<Vec<u8>, LimitError> {
    let mut reader = reader;
    let mut out = Vec::new();
    let got = reader.by_ref().take(limit.saturating_add(1)).read_to_end(&mut out).map_err(LimitError::Io)?;
    if got as u64 > limit {
        let rest = io::copy(&mut reader, &mut io::sink()).unwrap_or(0);
        return Err(LimitError::TooLarge(got as u64 + rest));
    }
    Ok(out)
}

/// One line read by [`read_line`].
pub(crate) struct Line {
    /// Bytes consumed, terminator included (0 at end of input).
    pub consumed: u64,
    /// The line is longer than the limit: `buf` holds only its start.
    pub too_long: bool,
}

/// Reads a line ending in `\n` (kept) into `buf` (cleared first), keeping at
/// most `limit` bytes and skipping the rest of a longer line.
pub(crate) fn read_line<R: BufRead + ?Sized>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    limit: u64,
) -> io::Result<Line> {
    buf.clear();
    let mut consumed = 0u64;
    let mut too_long = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(Line { consumed, too_long });
        }
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if !too_long {
            let room = limit.saturating_sub(buf.len() as u64);
            if (take as u64) <= room {
                buf.extend_from_slice(&chunk[..take]);
            } else {
                buf.extend_from_slice(&chunk[..room as usize]);
                too_long = true;
            }
        }
        reader.consume(take);
        consumed += take as u64;
        if done {
            return Ok(Line { consumed, too_long });
        }
    }
}
