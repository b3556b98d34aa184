//! Fingerprints for finding the same story twice.
//!
//! Two questions are asked of every incoming article:
//!
//! * **Is it exactly one we have?** [`Fingerprint::content_hash`] is a 128-bit
//!   XXH3 of the article's words (case and whitespace folded, punctuation
//!   kept), so re-ingesting the same input, or the same text from another
//!   container, is recognised whatever its line breaks.
//! * **Is it a republished copy of one we have?** News sites republish wire
//!   stories with a new headline, a different intro line or a trailing promo.
//!   [`Fingerprint::minhash`] is a MinHash signature over word 5-shingles; the
//!   fraction of equal slots in two signatures estimates the Jaccard
//!   similarity of their shingle sets. To find candidates without comparing
//!   against every stored article, the signature is cut into
//!   [`N_BANDS`] bands of [`ROWS_PER_BAND`] slots (locality-sensitive hashing):
//!   two articles with Jaccard similarity `s` share at least one band with
//!   probability `1 - (1 - s^4)^16`, which is 0.98 at `s = 0.6` and 0.05 at
//!   `s = 0.2`. Candidates are then confirmed with [`Fingerprint::similarity`]
//!   against [`NEAR_DUPLICATE_THRESHOLD`].
//!
//! Short texts (fewer words than a shingle) fall back to one shingle of all
//! their words, so they are only near-duplicates of identical word sequences.

use xxhash_rust::xxh3::{xxh3_128, xxh3_64_with_seed};

/// Slots in a MinHash signature.
pub const N_HASHES: usize = 64;
/// Bands the signature is cut into for candidate lookup.
pub const N_BANDS: usize = 16;
/// Slots per band.
pub const ROWS_PER_BAND: usize = N_HASHES / N_BANDS;
/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// Estimated Jaccard similarity from which two articles are one story.
pub const NEAR_DUPLICATE_THRESHOLD: f64 = 0.5;

/// The exact and near-duplicate fingerprints of one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// Hash of the case-folded word sequence.
    pub content_hash: u128,
    /// MinHash signature of the word 5-shingles.
    pub minhash: [u32; N_HASHES],
}

/// The SplitMix64 finaliser: a bijective, well-spreading 64-bit mix.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Fixed, arbitrary seeds, one per MinHash slot: changing them changes every
/// stored signature, so they are part of the store format.
fn seed(slot: usize) -> u64 {
    // SplitMix64 of the slot number: well spread and reproducible.
    mix((slot as u64).wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

impl Fingerprint {
    /// Fingerprints `text`.
    pub fn of(text: &str) -> Fingerprint {
        let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
        let joined = words.join(" ");
        let content_hash = xxh3_128(joined.as_bytes());

        let mut minhash = [u32::MAX; N_HASHES];
        let mut add_shingle = |shingle: &[String]| {
            let mut bytes = Vec::with_capacity(shingle.iter().map(|w| w.len() + 1).sum());
            for w in shingle {
                bytes.extend_from_slice(w.as_bytes());
                bytes.push(b' ');
            }
            // One hash per shingle, then one cheap mix per slot: each slot
            // behaves as an independent permutation of the shingle space.
            let base = xxh3_64_with_seed(&bytes, 0);
            for (slot, min) in minhash.iter_mut().enumerate() {
                let h = (mix(base ^ seed(slot)) >> 32) as u32;
                *min = (*min).min(h);
            }
        };
        if words.len() < SHINGLE_WORDS {
            if !words.is_empty() {
                add_shingle(&words);
            }
        } else {
            for shingle in words.windows(SHINGLE_WORDS) {
                add_shingle(shingle);
            }
        }
        Fingerprint { content_hash, minhash }
    }

    /// The estimated Jaccard similarity of the two texts' shingle sets.
    pub fn similarity(&self, other: &Fingerprint) -> f64 {
        let equal = self.minhash.iter().zip(&other.minhash).filter(|(a, b)| a == b).count();
        equal as f64 / N_HASHES as f64
    }

    /// True when the two are copies of one story.
    pub fn is_near_duplicate(&self, other: &Fingerprint) -> bool {
        self.similarity(other) >= NEAR_DUPLICATE_THRESHOLD
    }

    /// One key per band (band number mixed in), for an index lookup.
    /// Empty texts have no bands.
    pub fn band_keys(&self) -> Vec<i64> {
        if self.minhash.iter().all(|&m| m == u32::MAX) {
            return Vec::new();
        }
        self.minhash
            .chunks(ROWS_PER_BAND)
            .enumerate()
            .map(|(band, rows)| {
                let mut bytes = Vec::with_capacity(4 * ROWS_PER_BAND + 1);
                bytes.push(band as u8);
                for r in rows {
                    bytes.extend_from_slice(&r.to_le_bytes());
                }
                xxh3_64_with_seed(&bytes, 0) as i64
            })
            .collect()
    }

    /// The signature as bytes (little-endian `u32`s), for storage.
    pub fn minhash_bytes(&self) -> Vec<u8> {
        self.minhash.iter().flat_map(|m| m.to_le_bytes()).collect()
    }

    /// Reads a signature written by [`Fingerprint::minhash_bytes`].
    pub fn minhash_from_bytes(bytes: &[u8]) -> Option<[u32; N_HASHES]> {
        if bytes.len() != 4 * N_HASHES {
            return None;
        }
        let mut out = [0u32; N_HASHES];
        for (slot, chunk) in out.iter_mut().zip(bytes.chunks_exact(4)) {
            *slot = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "A Russian delegation led by the deputy defence minister on Monday evening held \
        a meeting with Niger's military leaders in Niamey, Nigerien authorities confirmed, with the two \
        countries agreeing to strengthen military cooperation. The trip was the first official visit by a \
        member of the Russian government since the coup in Niger on July 26, when the army ousted the \
        civilian government prompting international condemnation. France has begun withdrawing its 1,500 \
        troops from the country following demands by the military rulers.";

    #[test]
    fn exact_hash_ignores_case_and_spacing() {
        let a = Fingerprint::of(STORY);
        let b = Fingerprint::of(&STORY.replace(' ', "\n  ").to_uppercase());
        assert_eq!(a.content_hash, b.content_hash);
        let c = Fingerprint::of(&STORY.replace("1,500", "1,600"));
        assert_ne!(a.content_hash, c.content_hash);
    }

    #[test]
    fn republished_copy_is_near_duplicate() {
        let original = Fingerprint::of(STORY);
        let republished = format!(
            "Russia courts Niger's junta. {STORY} Read more stories like this on our website every day."
        );
        let copy = Fingerprint::of(&republished);
        assert_ne!(original.content_hash, copy.content_hash);
        assert!(original.similarity(&copy) >= NEAR_DUPLICATE_THRESHOLD, "{}", original.similarity(&copy));
        let shared_bands = original.band_keys().iter().filter(|k| copy.band_keys().contains(k)).count();
        assert!(shared_bands > 0);
    }

    #[test]
    fn different_story_is_not() {
        let other = Fingerprint::of(
            "The central bank raised interest rates by half a percentage point on Thursday, its \
             fourth increase this year, as inflation stayed well above target and wages rose faster \
             than expected in the services sector, officials said after the meeting in Frankfurt.",
        );
        let story = Fingerprint::of(STORY);
        assert!(story.similarity(&other) < 0.2, "{}", story.similarity(&other));
        assert!(!story.is_near_duplicate(&other));
    }

    #[test]
    fn signature_bytes_round_trip_and_empty_text() {
        let f = Fingerprint::of(STORY);
        assert_eq!(Fingerprint::minhash_from_bytes(&f.minhash_bytes()), Some(f.minhash));
        assert!(Fingerprint::of("   ").band_keys().is_empty());
        assert_eq!(Fingerprint::of("Two words").band_keys().len(), N_BANDS);
    }
}
