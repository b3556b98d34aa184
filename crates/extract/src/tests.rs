use super::*;

#[test]
fn placeholder_compiles() {
    let a = Extractor::new().extract("<p>x</p>", None);
    let _ = a.body_text();
}
