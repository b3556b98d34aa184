#![no_main]

use dateline_ingest::{read_bytes, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A small limit so the size checks are exercised too.
    let opts = ReadOptions { max_bytes: 1 << 20 };
    read_bytes("fuzz", Some("input.warc"), data, &opts, &mut |r| {
        if let Ok(doc) = r {
            assert!(doc.origin.starts_with("fuzz"));
            assert!(doc.bytes.len() as u64 <= opts.max_bytes);
        }
    });
});
