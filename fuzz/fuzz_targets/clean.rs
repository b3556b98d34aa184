#![no_main]

//! Reading and cleaning arbitrary bytes: any format the detector picks, then
//! decoding, HTML extraction, furniture filtering and assembly. Checks the
//! document invariants on whatever comes out.

use dateline_clean::Cleaner;
use dateline_ingest::{read_bytes, ReadOptions};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    let cleaner = CLEANER.get_or_init(Cleaner::new);
    let opts = ReadOptions { max_bytes: 1 << 20 };
    read_bytes("fuzz", Some("page.html"), data, &opts, &mut |r| {
        let Ok(raw) = r else { return };
        let Ok(doc) = cleaner.clean(&raw) else { return };
        let text = doc.text();
        let mut previous_end = 0;
        for block in &doc.blocks {
            let (start, end) = (block.range.start().to_usize(), block.range.end().to_usize());
            assert!(start >= previous_end && end <= text.len());
            assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
            previous_end = end;
        }
        for span in doc.source_map.spans() {
            assert!(span.raw.end <= raw.bytes.len() as u64, "source map points past the raw bytes");
            if span.exact {
                let raw_bytes = &raw.bytes[span.raw.start as usize..span.raw.end as usize];
                assert_eq!(raw_bytes, doc.slice(span.text).as_bytes());
            }
        }
    });
});
