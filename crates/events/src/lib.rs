//! Event coding (work in progress).
