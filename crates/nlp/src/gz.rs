//! Whole-buffer gzip inflation for the model loaders: one call into
//! zlib-rs writing straight into a buffer of the known inflated size,
//! about twice as fast as streaming through `flate2`'s default backend.
//! Compression (training) still goes through `flate2`, so the shipped
//! model files are rebuilt byte for byte.

/// Inflates the first gzip member of `gz`, which must inflate to exactly
/// `len` bytes; `None` on any failure (callers then take their streaming
/// path, which reports the error).
pub fn gunzip_exact(gz: &[u8], len: usize) -> Option<Vec<u8>> {
    // one byte more than expected, so a longer stream is not mistaken for
    // one of the right length
    let mut out = vec![0u8; len.checked_add(1)?];
    let config = zlib_rs::InflateConfig { window_bits: 16 + 15 };
    let (done, rc) = zlib_rs::decompress_slice(&mut out, gz, config);
    if rc != zlib_rs::ReturnCode::Ok || done.len() != len {
        return None;
    }
    out.truncate(len);
    Some(out)
}

/// [`gunzip_exact`] with the length from the gzip trailer (the inflated
/// size modulo 2^32, so right for a single member below 4 GiB), refusing
/// more than `max` bytes.
pub fn gunzip(gz: &[u8], max: usize) -> Option<Vec<u8>> {
    let t = gz.len().checked_sub(4).and_then(|at| gz.get(at..))?;
    let len = u32::from_le_bytes([t[0], t[1], t[2], t[3]]) as usize;
    if len > max {
        return None;
    }
    gunzip_exact(gz, len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn inflates_and_checks_lengths() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let z = gz(&data);
        assert_eq!(gunzip_exact(&z, data.len()).as_deref(), Some(&data[..]));
        assert_eq!(gunzip(&z, 1 << 20).as_deref(), Some(&data[..]));
        assert_eq!(gunzip_exact(&z, data.len() - 1), None);
        assert_eq!(gunzip_exact(&z, data.len() + 1), None);
        assert_eq!(gunzip(&z, 1000), None);
        let mut bad = z.clone();
        let n = bad.len();
        bad[n - 6] ^= 1; // CRC
        assert_eq!(gunzip_exact(&bad, data.len()), None);
        assert_eq!(gunzip(&z[..z.len() / 2], 1 << 20), None);
        assert_eq!(gunzip(&[], 10), None);
        assert_eq!(gunzip_exact(&gz(b""), 0).as_deref(), Some(&b""[..]));
    }
}
