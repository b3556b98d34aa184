//! `dateline train`: build the language core's models from treebanks.

use anyhow::{Context, Result};
use dateline_nlp::conllu::{self, TreebankSentence, NON_COMMERCIAL_GUM_GENRES};
use dateline_nlp::parse::{self, NetTrainConfig, ParseExample, Parser, ParserTrainConfig};
use dateline_nlp::tag::{DenseConfig, Tagger, TrainConfig};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const DEFAULT_TRAIN: &[&str] =
    &["../shared/bench/syntax/en_ewt-train.conllu.gz", "../shared/bench/syntax/en_gum-train.conllu.gz"];
const DEFAULT_DEV: &[&str] =
    &["../shared/bench/syntax/en_ewt-dev.conllu.gz", "../shared/bench/syntax/en_gum-dev.conllu.gz"];

#[derive(clap::Args, Debug)]
pub struct TrainArgs {
    #[command(subcommand)]
    model: Model,
}

/// Options every model shares.
#[derive(clap::Args, Debug)]
struct Common {
    /// Training treebanks (CoNLL-U, gzipped or not).
    #[arg(long, num_args = 1.., value_name = "FILE", default_values = DEFAULT_TRAIN)]
    train: Vec<PathBuf>,
    /// Development treebanks, scored after each epoch.
    #[arg(long, num_args = 1.., value_name = "FILE", default_values = DEFAULT_DEV)]
    dev: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(short, long, value_name = "FILE")]
    out: PathBuf,
    /// Passes over the training data (default: the model's own).
    #[arg(long)]
    epochs: Option<usize>,
    /// Seed for shuffling: the same data and seed give the same model.
    #[arg(long)]
    seed: Option<u64>,
    /// Also train on GUM's wikiHow and fiction documents, which are
    /// CC BY-NC-SA: the model is then not redistributable commercially.
    #[arg(long)]
    include_non_commercial: bool,
}

#[derive(clap::Subcommand, Debug)]
enum Model {
    /// The named-entity recogniser (PER, ORG, LOC, MISC) from CoNLL-style
    /// token files (token, BIO tag), with name lists from the actor KB.
    ///
    /// Example: dateline train ner --out data/models/ner.bin
    Ner {
        /// Training file (token TAB tag, `-DOCSTART-` lines between documents).
        #[arg(long, value_name = "FILE", default_value = "../shared/bench/ner/conll2003_train.tsv")]
        train: PathBuf,
        /// Development file, scored after training.
        #[arg(long, value_name = "FILE", default_value = "../shared/bench/ner/conll2003_dev.tsv")]
        dev: PathBuf,
        /// Where to write the model.
        #[arg(short, long, value_name = "FILE")]
        out: PathBuf,
        /// Passes over the training data (default: the model's own).
        #[arg(long)]
        epochs: Option<usize>,
        /// Seed for shuffling: the same data and seed give the same model.
        #[arg(long)]
        seed: Option<u64>,
        /// The actor KB whose names become gazetteer features (default:
        /// `$DATELINE_KB`, else the shipped data/kb).
        #[arg(long, env = "DATELINE_KB", value_name = "DIR")]
        kb: Option<PathBuf>,
    },
    /// The POS tagger and lemmatizer (UPOS, Penn XPOS, lemmas).
    ///
    /// Then, unless --no-network, the window network over word vectors
    /// that rescores the words the perceptron is unsure of (12 epochs;
    /// weights 12 in the first pass and 8 in the second, asked up to a
    /// margin of 30: the values chosen on EWT+GUM dev, see
    /// data/models/README.md). The shipped model is rebuilt byte for byte.
    ///
    /// Example: dateline train tagger --out data/models/tagger.bin
    Tagger {
        #[command(flatten)]
        common: Common,
        /// Word vectors for the network, made by data/models/vectors.py
        /// (default: vectors.tsv.gz beside the shipped models).
        #[arg(long, value_name = "FILE")]
        vectors: Option<PathBuf>,
        /// Passes of the network over the training words.
        #[arg(long, default_value_t = 12)]
        network_epochs: usize,
        /// Train the perceptron passes only.
        #[arg(long)]
        no_network: bool,
    },
    /// The dependency parser, trained on tags predicted by taggers trained
    /// on the other folds of the training data (jackknifing), so it learns
    /// to live with tagging errors.
    ///
    /// With --network, then the transition network (hidden 128, word
    /// embeddings started from the word vectors, a label head) that the
    /// perceptron asks when it is unsure (weight 12000 up to a margin of
    /// 8000; labels 12000 up to 3000: the values chosen on EWT+GUM dev):
    /// +0.24 LAS on EWT dev and +0.45 on GUM dev for about a fifth less
    /// parsing speed, so the shipped model has none (data/models/README.md).
    ///
    /// Example: dateline train parser --out data/models/parser.bin
    Parser {
        #[command(flatten)]
        common: Common,
        /// Folds for jackknifed training tags.
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// Train on predicted tags only, without the gold-tag copy of each
        /// sentence.
        #[arg(long)]
        predicted_only: bool,
        /// Tagger used to tag the development data (default: the shipped one).
        #[arg(long, value_name = "FILE")]
        tagger: Option<PathBuf>,
        /// Word vectors that start the network's word embeddings, made by
        /// data/models/vectors.py (default: vectors.tsv.gz beside the
        /// shipped models).
        #[arg(long, value_name = "FILE")]
        vectors: Option<PathBuf>,
        /// Passes of the network over the parser's states.
        #[arg(long, default_value_t = 5)]
        network_epochs: usize,
        /// Also train the transition network (slower parsing, see above).
        #[arg(long)]
        network: bool,
    },
}

fn read_all(paths: &[PathBuf], include_non_commercial: bool) -> Result<Vec<TreebankSentence>> {
    let mut out = Vec::new();
    for path in paths {
        let sentences = conllu::read_file(path).with_context(|| format!("reading {}", path.display()))?;
        out.extend(if include_non_commercial {
            sentences
        } else {
            conllu::without_genres(sentences, NON_COMMERCIAL_GUM_GENRES)
        });
    }
    Ok(out)
}

fn save(out: &Path, bytes: Vec<u8>) -> Result<()> {
    std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(())
}

pub fn run(args: TrainArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let mut log = |line: &str| eprintln!("{line}");
    match args.model {
        Model::Ner { train, dev, out, epochs, seed, kb } => {
            let docs =
                dateline_ner::read_tsv(&train).with_context(|| format!("reading {}", train.display()))?;
            let kb = match kb {
                Some(dir) => dateline_actors::Kb::load(&dir)?,
                None => dateline_actors::Kb::load_default()?,
            };
            let mut cfg = dateline_ner::TrainConfig::default();
            cfg.epochs = epochs.unwrap_or(cfg.epochs);
            cfg.seed = seed.unwrap_or(cfg.seed);
            cfg.lists = dateline_ner::kb_lists(&kb);
            eprintln!("training the NER model on {} documents with {} KB names", docs.len(), cfg.lists.len());
            let model = dateline_ner::train(&docs, &cfg).context("training the NER model")?;
            save(&out, model.to_bytes())?;
            let dev_docs =
                dateline_ner::read_tsv(&dev).with_context(|| format!("reading {}", dev.display()))?;
            let (mut gold, mut pred) = (Vec::new(), Vec::new());
            for d in &dev_docs {
                let spans = model.tag_document(&d.token_refs());
                for (s, sp) in d.sentences.iter().zip(&spans) {
                    gold.push(s.tags.clone());
                    pred.push(dateline_ner::data::spans_to_bio(s.tokens.len(), sp));
                }
            }
            let scores = dateline_ner::score::score_tags(&gold, &pred, None);
            eprintln!("{scores}");
        }
        Model::Tagger { common: c, vectors, network_epochs, no_network } => {
            let train = read_all(&c.train, c.include_non_commercial)?;
            let dev = read_all(&c.dev, true)?;
            eprintln!("training the tagger on {} sentences, dev {}", train.len(), dev.len());
            let mut cfg = TrainConfig::default();
            cfg.epochs = c.epochs.unwrap_or(cfg.epochs);
            cfg.seed = c.seed.unwrap_or(cfg.seed);
            let mut tagger = Tagger::train(&train, &dev, &cfg, &mut log);
            if !no_network {
                let vectors =
                    vectors.unwrap_or_else(|| Tagger::default_path().with_file_name("vectors.tsv.gz"));
                // The network learns on top of the perceptron as saved
                // (quantised, pruned), exactly as it will run.
                tagger = Tagger::from_bytes(&tagger.to_bytes()).context("reloading the trained tagger")?;
                let dense = DenseConfig { epochs: network_epochs, ..DenseConfig::default() };
                eprintln!("training the window network over {} ({network_epochs} epochs)", vectors.display());
                tagger
                    .train_dense(&train, &vectors, &dense, &mut |epoch, loss, _| {
                        eprintln!("network epoch {}: loss {loss:.4}", epoch + 1)
                    })
                    .with_context(|| format!("training the window network over {}", vectors.display()))?;
                tagger.set_dense(8.0, 30.0);
                tagger.set_dense_first(12.0);
            }
            save(&c.out, tagger.to_bytes())?;
        }
        Model::Parser { common: c, folds, predicted_only, tagger, vectors, network_epochs, network } => {
            let train = read_all(&c.train, c.include_non_commercial)?;
            let dev_sentences = read_all(&c.dev, true)?;
            eprintln!("jackknifing tags over {folds} folds of {} sentences", train.len());
            let examples =
                parse::training_examples(&train, &TrainConfig::default(), folds, !predicted_only, &mut log);
            let tagger_path = tagger.unwrap_or_else(Tagger::default_path);
            let tagger = Tagger::load(&tagger_path)
                .with_context(|| format!("loading the tagger {}", tagger_path.display()))?;
            let dev: Vec<ParseExample> = dev_sentences
                .iter()
                .map(|s| {
                    let mut ex = ParseExample::from_treebank(s);
                    let words: Vec<&str> = ex.words.iter().map(String::as_str).collect();
                    let (upos, xpos): (Vec<_>, Vec<_>) =
                        tagger.tag_pos(&words).into_iter().map(|(u, x)| (u, x.to_string())).unzip();
                    ex.upos = upos;
                    ex.xpos = xpos;
                    ex
                })
                .collect();
            let mut cfg = ParserTrainConfig::default();
            cfg.epochs = c.epochs.unwrap_or(cfg.epochs);
            cfg.seed = c.seed.unwrap_or(cfg.seed);
            eprintln!(
                "training the parser on {} examples, dev {} (predicted tags)",
                examples.len(),
                dev.len()
            );
            let mut parser = Parser::train(&examples, &dev, &cfg, &mut log);
            if network {
                let vectors =
                    vectors.unwrap_or_else(|| Parser::default_path().with_file_name("vectors.tsv.gz"));
                // Without the vectors the network would quietly start from
                // random embeddings: a different, weaker model.
                std::fs::metadata(&vectors)
                    .with_context(|| format!("the word vectors {} for the network", vectors.display()))?;
                // The network learns on top of the perceptron as saved
                // (quantised), exactly as it will run.
                parser = Parser::from_bytes(&parser.to_bytes()).context("reloading the trained parser")?;
                let net = NetTrainConfig {
                    hidden: 128,
                    epochs: network_epochs,
                    vectors: Some(vectors),
                    label_head: true,
                    weights: vec![4000.0, 8000.0, 12000.0],
                    label_weights: vec![2000.0, 4000.0, 8000.0, 16000.0],
                    ..NetTrainConfig::default()
                };
                eprintln!("training the transition network ({network_epochs} epochs)");
                parser.train_net(&examples, &dev, &net, &mut log);
                parser.set_net(12000.0, 8000.0);
                parser.set_net_labels(12000.0);
                parser.set_net_label_margin(3000.0);
            }
            save(&c.out, parser.to_bytes())?;
        }
    }
    eprintln!("done in {:.0} s", started.elapsed().as_secs_f64());
    Ok(ExitCode::SUCCESS)
}
