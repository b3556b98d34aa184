//! A fast hash for in-memory tables keyed by short strings (names, words):
//! 64-bit FNV-1a. Not resistant to crafted collisions; the tables hold
//! dictionary data loaded from the repository, not keys an attacker picks.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// 64-bit FNV-1a.
#[derive(Default, Clone, Copy)]
pub struct FnvHasher(u64);

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A `HashMap` with [`FnvHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FnvHasher>>;
/// A `HashSet` with [`FnvHasher`].
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FnvHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_hash_equal_and_tables_work() {
        let mut m: FastMap<String, u32> = FastMap::default();
        m.insert("niger".into(), 1);
        m.insert("nigeria".into(), 2);
        assert_eq!(m.get("niger"), Some(&1));
        assert_eq!(m.get("nigeria"), Some(&2));
        let h = |s: &str| {
            let mut f = FnvHasher::default();
            f.write(s.as_bytes());
            f.finish()
        };
        assert_eq!(h("niger"), h("niger"));
        assert_ne!(h("niger"), h("nigeria"));
        // the FNV-1a test vector for "a"
        assert_eq!(h("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
