//! The arc-hybrid transition system (Kuhlmann et al. 2011) with a
//! single-root constraint, and its dynamic oracle (Goldberg and Nivre 2013).
//!
//! Words are numbered `1..=n`; `0` is the artificial root, which starts on
//! the stack. `SHIFT` moves the front of the buffer onto the stack, `LEFT`
//! attaches the stack top to the front of the buffer and pops it, `RIGHT`
//! attaches the stack top to the item below it and pops it. `RIGHT` onto
//! the root is only allowed once the buffer is empty, so every terminal
//! state is a tree with exactly one word attached to the root.

/// No such position / no child.
pub(crate) const NONE: u32 = u32::MAX;

/// A transition (unlabeled; labels come from the labeler).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    Shift = 0,
    Left = 1,
    Right = 2,
}

pub(crate) const MOVES: [Move; 3] = [Move::Shift, Move::Left, Move::Right];

/// A parser configuration.
pub(crate) struct State {
    /// Number of words.
    pub n: u32,
    pub stack: Vec<u32>,
    /// Front of the buffer (`n + 1` when empty).
    pub buf: u32,
    /// Head of each position (`NONE` until attached); index 0 unused.
    pub heads: Vec<u32>,
    /// Label id of each position (0 until attached; label ids start at 1).
    pub labels: Vec<u16>,
    /// Leftmost, second leftmost, rightmost, second rightmost child.
    pub lc1: Vec<u32>,
    pub lc2: Vec<u32>,
    pub rc1: Vec<u32>,
    pub rc2: Vec<u32>,
    /// Number of left and right children.
    pub nleft: Vec<u8>,
    pub nright: Vec<u8>,
    /// Bit sets of the labels of left and right children.
    pub lset: Vec<u64>,
    pub rset: Vec<u64>,
}

impl State {
    pub fn new(n: usize) -> State {
        let mut st = State {
            n: 0,
            stack: Vec::new(),
            buf: 1,
            heads: Vec::new(),
            labels: Vec::new(),
            lc1: Vec::new(),
            lc2: Vec::new(),
            rc1: Vec::new(),
            rc2: Vec::new(),
            nleft: Vec::new(),
            nright: Vec::new(),
            lset: Vec::new(),
            rset: Vec::new(),
        };
        st.reset(n);
        st
    }

    /// The initial configuration for `n` words, reusing the buffers.
    pub fn reset(&mut self, n: usize) {
        let m = n + 1;
        self.n = n as u32;
        self.stack.clear();
        self.stack.reserve(m);
        self.stack.push(0);
        self.buf = 1;
        for v in [&mut self.heads, &mut self.lc1, &mut self.lc2, &mut self.rc1, &mut self.rc2] {
            v.clear();
            v.resize(m, NONE);
        }
        self.labels.clear();
        self.labels.resize(m, 0);
        self.nleft.clear();
        self.nleft.resize(m, 0);
        self.nright.clear();
        self.nright.resize(m, 0);
        self.lset.clear();
        self.lset.resize(m, 0);
        self.rset.clear();
        self.rset.resize(m, 0);
    }

    pub fn is_terminal(&self) -> bool {
        self.buf > self.n && self.stack.len() == 1
    }

    /// The `i`th item from the top of the stack.
    pub fn s(&self, i: usize) -> u32 {
        let len = self.stack.len();
        if i < len {
            self.stack[len - 1 - i]
        } else {
            NONE
        }
    }

    /// The `i`th item of the buffer.
    pub fn b(&self, i: u32) -> u32 {
        let p = self.buf + i;
        if p <= self.n {
            p
        } else {
            NONE
        }
    }

    pub fn is_legal(&self, m: Move) -> bool {
        let buffer = self.buf <= self.n;
        match m {
            Move::Shift => buffer,
            Move::Left => buffer && self.stack.len() >= 2,
            Move::Right => self.stack.len() >= 3 || (self.stack.len() == 2 && !buffer),
        }
    }

    /// The (head, dependent) an arc move would create.
    pub fn arc(&self, m: Move) -> Option<(u32, u32)> {
        match m {
            Move::Shift => None,
            Move::Left => Some((self.buf, self.s(0))),
            Move::Right => Some((self.s(1), self.s(0))),
        }
    }

    /// Applies a legal move; `label` is the arc's label id.
    pub fn apply(&mut self, m: Move, label: u16) {
        match m {
            Move::Shift => {
                self.stack.push(self.buf);
                self.buf += 1;
            }
            Move::Left | Move::Right => {
                if let Some((h, d)) = self.arc(m) {
                    self.stack.pop();
                    self.attach(h, d, label);
                }
            }
        }
    }

    fn attach(&mut self, h: u32, d: u32, label: u16) {
        let (hi, di) = (h as usize, d as usize);
        self.heads[di] = h;
        self.labels[di] = label;
        let bit = 1u64 << (label % 64);
        if d < h {
            self.nleft[hi] = self.nleft[hi].saturating_add(1);
            self.lset[hi] |= bit;
            if self.lc1[hi] == NONE || d < self.lc1[hi] {
                self.lc2[hi] = self.lc1[hi];
                self.lc1[hi] = d;
            } else if self.lc2[hi] == NONE || d < self.lc2[hi] {
                self.lc2[hi] = d;
            }
        } else {
            self.nright[hi] = self.nright[hi].saturating_add(1);
            self.rset[hi] |= bit;
            if self.rc1[hi] == NONE || d > self.rc1[hi] {
                self.rc2[hi] = self.rc1[hi];
                self.rc1[hi] = d;
            } else if self.rc2[hi] == NONE || d > self.rc2[hi] {
                self.rc2[hi] = d;
            }
        }
    }

    /// The number of gold arcs (`gold[d]` = head of `d`, projective) that a
    /// move makes unreachable: Goldberg and Nivre's arc-hybrid costs.
    pub fn cost(&self, m: Move, gold: &[u32]) -> u32 {
        let n = self.n;
        let buf_has = |x: u32| x >= self.buf && x <= n;
        match m {
            Move::Shift => {
                let b = self.buf;
                let mut c = 0;
                for &d in &self.stack {
                    if d != 0 && gold[d as usize] == b {
                        c += 1;
                    }
                }
                let h = gold[b as usize];
                if h != NONE && h != self.s(0) && self.stack.contains(&h) {
                    c += 1;
                }
                c
            }
            Move::Left | Move::Right => {
                let s0 = self.s(0);
                let mut c = 0;
                for d in self.buf..=n {
                    if gold[d as usize] == s0 {
                        c += 1;
                    }
                }
                let h = gold[s0 as usize];
                if m == Move::Left {
                    if h != self.buf && (h == self.s(1) || buf_has(h)) {
                        c += 1;
                    }
                } else if h != self.s(1) && buf_has(h) {
                    c += 1;
                }
                c
            }
        }
    }
}

/// Lifts non-projective arcs (each to its head's head, shortest first)
/// until the tree is projective. `heads[i]` for words `1..=n`, index 0
/// unused. Returns `None` when `heads` is not a tree.
pub(crate) fn projectivize(heads: &[u32]) -> Option<Vec<u32>> {
    let n = heads.len().saturating_sub(1);
    if !is_tree(heads) {
        return None;
    }
    let mut h = heads.to_vec();
    for _ in 0..(n * n + 1) {
        let mut worst: Option<(u32, usize)> = None;
        for d in 1..=n {
            if !arc_projective(&h, h[d] as usize, d) {
                let len = (h[d] as usize).abs_diff(d) as u32;
                if worst.is_none_or(|(l, _)| len < l) {
                    worst = Some((len, d));
                }
            }
        }
        match worst {
            None => return Some(h),
            Some((_, d)) => {
                let g = h[h[d] as usize];
                h[d] = g;
            }
        }
    }
    None
}

/// True when `heads` (index 0 unused, words `1..=n`, 0 = root) is a tree
/// with exactly one root word.
pub(crate) fn is_tree(heads: &[u32]) -> bool {
    let n = heads.len().saturating_sub(1);
    let mut roots = 0;
    for d in 1..=n {
        let h = heads[d] as usize;
        if h > n || h == d {
            return false;
        }
        if h == 0 {
            roots += 1;
        }
        // walk up; a cycle shows as more than n steps
        let mut x = d;
        let mut steps = 0;
        while x != 0 {
            x = heads[x] as usize;
            if x > n {
                return false;
            }
            steps += 1;
            if steps > n {
                return false;
            }
        }
    }
    roots == 1 || n == 0
}

fn arc_projective(h: &[u32], head: usize, d: usize) -> bool {
    let (lo, hi) = if head < d { (head, d) } else { (d, head) };
    for k in lo + 1..hi {
        // k must descend from head
        let mut x = k;
        let mut ok = false;
        let mut steps = 0;
        while x != 0 && steps <= h.len() {
            x = h[x] as usize;
            if x == head {
                ok = true;
                break;
            }
            steps += 1;
        }
        if !ok && head != 0 {
            return false;
        }
    }
    true
}
