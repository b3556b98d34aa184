//! A reader for CoNLL-U treebanks (Universal Dependencies), gzipped or not.
//!
//! Multiword-token lines (`1-2`) and empty nodes (`1.1`) are skipped: models
//! see syntactic words, which in UD English are always substrings of the
//! text. The sentence's `# text =` is kept for evaluation from raw text.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// One syntactic word of a treebank sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// FORM.
    pub form: String,
    /// LEMMA.
    pub lemma: String,
    /// UPOS.
    pub upos: String,
    /// XPOS.
    pub xpos: String,
    /// FEATS (`_` when none).
    pub feats: String,
    /// HEAD: 0 for the root, else the 1-based index of the head word.
    pub head: usize,
    /// DEPREL.
    pub deprel: String,
    /// MISC (`SpaceAfter=No` ...).
    pub misc: String,
}

impl Word {
    /// False when MISC says `SpaceAfter=No`.
    pub fn space_after(&self) -> bool {
        !self.misc.split('|').any(|m| m == "SpaceAfter=No")
    }
}

/// One sentence of a treebank.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TreebankSentence {
    /// `# sent_id =`.
    pub id: String,
    /// `# text =`: the raw sentence.
    pub text: String,
    /// `# newdoc id =` when a document starts here.
    pub newdoc: Option<String>,
    /// `# newpar` or `# newpar id =` seen: a paragraph starts here.
    pub newpar: bool,
    /// The words.
    pub words: Vec<Word>,
}

/// Why a treebank could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConlluError {
    /// The file could not be read.
    #[error("{path}")]
    Io {
        /// The file.
        path: String,
        /// The IO error.
        source: std::io::Error,
    },
    /// A malformed line.
    #[error("{path}:{line}: {message}")]
    Format {
        /// The file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// Reads a `.conllu` or `.conllu.gz` file.
pub fn read_file(path: &Path) -> Result<Vec<TreebankSentence>, ConlluError> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| ConlluError::Io { path: name.clone(), source })?;
    let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    read(BufReader::new(reader), &name)
}

/// Reads CoNLL-U from `reader`; `name` is used in errors.
pub fn read(reader: impl BufRead, name: &str) -> Result<Vec<TreebankSentence>, ConlluError> {
    let mut sentences = Vec::new();
    let mut current = TreebankSentence::default();
    for (idx, line) in reader.lines().enumerate() {
        let line = line.map_err(|source| ConlluError::Io { path: name.to_string(), source })?;
        let line = line.trim_end_matches('\r');
        let err = |message: String| ConlluError::Format { path: name.to_string(), line: idx + 1, message };
        if line.is_empty() {
            if !current.words.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim();
            if let Some(v) = comment.strip_prefix("sent_id =") {
                current.id = v.trim().to_string();
            } else if let Some(v) = comment.strip_prefix("text =") {
                current.text = v.trim().to_string();
            } else if let Some(v) = comment.strip_prefix("newdoc id =") {
                current.newdoc = Some(v.trim().to_string());
                current.newpar = true;
            } else if comment.starts_with("newdoc") {
                current.newdoc = Some(String::new());
                current.newpar = true;
            } else if comment.starts_with("newpar") {
                current.newpar = true;
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(err(format!("expected 10 tab-separated columns, found {}", cols.len())));
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6].parse().map_err(|_| err(format!("bad HEAD {:?}", cols[6])))?
        };
        current.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if !current.words.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

/// GUM genres whose texts are CC BY-NC-SA: models trained for shipping
/// leave them out so the models stay redistributable.
pub const NON_COMMERCIAL_GUM_GENRES: &[&str] = &["whow", "fiction"];

/// Drops whole documents of the given GUM genres (document ids
/// `GUM_<genre>_...`); sentences of other treebanks are kept.
pub fn without_genres(sentences: Vec<TreebankSentence>, genres: &[&str]) -> Vec<TreebankSentence> {
    let mut keep = true;
    sentences
        .into_iter()
        .filter(|s| {
            if let Some(id) = &s.newdoc {
                keep = !genres
                    .iter()
                    .any(|g| id.strip_prefix("GUM_").is_some_and(|rest| rest.starts_with(&format!("{g}_"))));
            }
            keep
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = doc1
# sent_id = s1
# text = Niger's junta met.
1-2\tNiger's\t_\t_\t_\t_\t_\t_\t_\t_
1\tNiger\tNiger\tPROPN\tNNP\tNumber=Sing\t3\tnmod:poss\t_\t_
2\t's\t's\tPART\tPOS\t_\t1\tcase\t_\t_
3\tjunta\tjunta\tNOUN\tNN\tNumber=Sing\t4\tnsubj\t_\t_
4\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

# sent_id = s2
# text = Yes
1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\t_
";

    #[test]
    fn reads_sentences_and_skips_multiword_lines() {
        let s = read(SAMPLE.as_bytes(), "sample").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].id, "s1");
        assert_eq!(s[0].text, "Niger's junta met.");
        assert_eq!(s[0].newdoc.as_deref(), Some("doc1"));
        let forms: Vec<&str> = s[0].words.iter().map(|w| w.form.as_str()).collect();
        assert_eq!(forms, ["Niger", "'s", "junta", "met", "."]);
        assert_eq!(s[0].words[3].head, 0);
        assert!(!s[0].words[3].space_after());
        assert_eq!(s[1].words[0].upos, "INTJ");
    }

    #[test]
    fn drops_documents_of_a_genre() {
        let doc = |id: &str| TreebankSentence { newdoc: Some(id.into()), ..TreebankSentence::default() };
        let sents = vec![
            doc("GUM_news_a"),
            TreebankSentence::default(),
            doc("GUM_fiction_b"),
            TreebankSentence::default(),
            doc("weblog-x"),
        ];
        let kept = without_genres(sents, NON_COMMERCIAL_GUM_GENRES);
        let ids: Vec<Option<&str>> = kept.iter().map(|s| s.newdoc.as_deref()).collect();
        assert_eq!(ids, [Some("GUM_news_a"), None, Some("weblog-x")]);
    }

    #[test]
    fn reports_bad_lines() {
        let err = read("1\tx\n".as_bytes(), "bad").unwrap_err();
        assert!(err.to_string().starts_with("bad:1: expected 10"), "{err}");
    }
}
