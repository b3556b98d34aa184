//! Small numeric kernels shared by the tagger's and the parser's networks,
//! written so the compiler vectorises them on plain x86-64.

/// `a · b` with eight partial sums (vectorises without reassociation, so
/// results are the same on every build).
#[inline]
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    let mut s = (acc[0] + acc[4]) + (acc[1] + acc[5]) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
    for (x, y) in ra.iter().zip(rb) {
        s += x * y;
    }
    s
}

/// Exact integer `a · b`. Sixteen lane sums of products widened to i32
/// (wrapping, so the order of the additions cannot change the result):
/// the shape the compiler turns into SSE2's `pmaddwd` (an earlier form
/// summing adjacent pairs first stayed scalar in the LTO build).
#[inline]
pub(crate) fn dot_i16(a: &[i16], b: &[i16]) -> i32 {
    let mut acc = [0i32; 16];
    let (ca, cb) = (a.chunks_exact(16), b.chunks_exact(16));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..16 {
            acc[k] = acc[k].wrapping_add(i32::from(x[k]) * i32::from(y[k]));
        }
    }
    let mut s = acc.iter().fold(0i32, |s, &v| s.wrapping_add(v));
    for (x, y) in ra.iter().zip(rb) {
        s = s.wrapping_add(i32::from(*x) * i32::from(*y));
    }
    s
}

/// `y += a x`.
#[inline]
pub(crate) fn axpy(y: &mut [f32], a: f32, x: &[f32]) {
    for (u, &v) in y.iter_mut().zip(x) {
        *u += a * v;
    }
}

/// Log-softmax in place.
pub(crate) fn log_softmax(z: &mut [f32]) {
    let m = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let s: f32 = z.iter().map(|v| (v - m).exp()).sum();
    let lz = m + s.ln();
    for v in z.iter_mut() {
        *v -= lz;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernels_match_plain_loops() {
        let a: Vec<f32> = (0..37).map(|i| (i as f32 * 0.37).sin()).collect();
        let b: Vec<f32> = (0..37).map(|i| (i as f32 * 0.11).cos()).collect();
        let plain: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot(&a, &b) - plain).abs() < 1e-4);
        let ai: Vec<i16> = (0..37).map(|i| (i * 97 % 4001 - 2000) as i16).collect();
        let bi: Vec<i16> = (0..37).map(|i| (i * 31 % 2001 - 1000) as i16).collect();
        let plain: i32 = ai.iter().zip(&bi).map(|(x, y)| i32::from(*x) * i32::from(*y)).sum();
        assert_eq!(dot_i16(&ai, &bi), plain);
        let mut y = vec![1.0f32; 3];
        axpy(&mut y, 2.0, &[1.0, 2.0, 3.0]);
        assert_eq!(y, [3.0, 5.0, 7.0]);
        let mut z = [1.0f32, 2.0, 3.0];
        log_softmax(&mut z);
        assert!((z.iter().map(|v| v.exp()).sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(z[2] > z[1] && z[1] > z[0]);
    }
}
