//! Learn: linear classifiers trained on the repository's gold, shipped as data beside the
//! rules (`rules/model/*.json`), for the fields where hand-written cues plateau: a unit's
//! main category (shipped) and its kind (trained on demand, not shipped).
//!
//! **Takes** the features extraction reads of a task unit (`crate::extract` names them:
//! `w:学校` a word of the unit, `cue:category.study-education.kw` a rule that fired,
//! `rule1:sector-work` the rules' own main category, `t:通报` a word of the title …);
//! **gives** a probability for each class (multinomial logistic regression: a weight per
//! feature and class, summed, then softmax) and the features that carried a decision, with
//! their weights, for `explain`.
//!
//! A model is plain data ([`ModelFile`]): its classes, a bias per class and, per feature,
//! its non-zero weights. `zhenggai train` writes it ([`train`]), deterministically (the
//! examples in a fixed order, visited in an order drawn from a fixed seed); [`Model`] is
//! the compiled form loaded with the
//! [`crate::rules::RuleSet`]. How a model's answer combines with the rules' is data of the
//! model file too ([`Combine`]).

pub mod cv;
pub mod examples;
pub mod train;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use cv::{cross_validate, documents_of, CvReport};
pub use examples::{examples, Example, GoldSet};
pub use train::{train, TrainConfig};

pub use crate::extract::category::MAX_CATEGORIES;

/// Everything `zhenggai train` is told: how to train, and how each model combines with
/// the rules. The defaults are those of the shipped models.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// How to train.
    pub config: TrainConfig,
    /// How the category model combines with the rules.
    pub category: Combine,
    /// How the kind model combines with the rules.
    pub kind: Combine,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            config: TrainConfig::default(),
            category: Combine {
                main_at: 0.0,
                extra_at: 0.2,
                min_support: TrainConfig::default().min_docs,
                document: 0.2,
            },
            kind: Combine {
                main_at: 0.9,
                extra_at: 2.0,
                min_support: 0,
                document: 0.0,
            },
        }
    }
}

/// Trains the model of `target` on `examples` with `settings`; `order`: the taxonomy's
/// category ids (the order of the classes); `command` is recorded in the file.
pub fn fit(
    target: Target,
    examples: &[Example],
    order: &[String],
    settings: &Settings,
    command: &str,
) -> ModelFile {
    let classes = train::classes(target, examples, order);
    let combine = match target {
        Target::Category => settings.category.clone(),
        Target::Kind => settings.kind.clone(),
    };
    train(
        target,
        examples,
        &classes,
        &settings.config,
        combine,
        command,
    )
}

/// A model file as `zhenggai train` writes it: JSON, one line a feature, in name order.
pub fn to_json(m: &ModelFile) -> String {
    let one = |v: &dyn erased::Json| v.json();
    let mut out = String::from("{\n");
    out += &format!(" \"schema\": {},\n", one(&m.schema));
    out += &format!(" \"target\": {},\n", one(&m.target));
    out += &format!(" \"trained\": {},\n", one(&m.trained));
    out += &format!(" \"combine\": {},\n", one(&m.combine));
    out += &format!(" \"classes\": {},\n", one(&m.classes));
    if !m.support.is_empty() {
        out += &format!(" \"support\": {},\n", one(&m.support));
    }
    out += &format!(" \"bias\": {},\n", one(&m.bias));
    out += " \"weights\": {";
    for (i, (f, w)) in m.weights.iter().enumerate() {
        out += if i == 0 { "\n" } else { ",\n" };
        out += &format!("  {}: {}", one(f), one(w));
    }
    out += "\n }\n}\n";
    out
}

/// Compact JSON of any serializable value, behind one object-safe trait.
mod erased {
    pub trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap_or_default()
        }
    }
}

/// The categories of a unit: the rules' (`rules`, main first), with the model's most
/// probable class made the main one when its probability reaches `combine.main_at`, then
/// its further classes whose probability reaches `combine.extra_at` while there is room;
/// at most [`MAX_CATEGORIES`]. Each with whether the model chose it (a main category the
/// rules gave too is the model's choice when it reaches `main_at`). The `none` category
/// (the taxonomy's "none of the above", `other`, [`crate::rules::RuleSet::none_category`])
/// stands alone: dropped when another category leads, the others dropped when it leads.
/// The rules' main class stays main when `support` (per class, as [`Model::support`]; empty:
/// no abstention) is under `combine.min_support` for it.
pub fn combine_categories(
    rules: &[String],
    classes: &[String],
    probs: &[f32],
    combine: &Combine,
    support: &[usize],
    none: Option<&str>,
) -> Vec<(String, bool)> {
    let mut out: Vec<(&str, bool)> = rules.iter().map(|c| (c.as_str(), false)).collect();
    let class = |c: usize| classes.get(c).map_or("", String::as_str);
    // a rules' main class the model was hardly shown stays main: the model's best follows it
    let unseen = |r: &String| {
        let i = classes.iter().position(|c| c == r);
        i.and_then(|i| support.get(i))
            .is_some_and(|&n| n < combine.min_support)
    };
    let keep_main = rules.first().is_some_and(unseen);
    // the most probable class, the first on a tie
    let best = (probs.iter().enumerate()).fold(None, |b: Option<(usize, f32)>, (i, &p)| {
        if b.is_none_or(|b| p > b.1) {
            Some((i, p))
        } else {
            b
        }
    });
    if let Some((c, _)) = best.filter(|b| b.1 >= combine.main_at && !keep_main) {
        out.retain(|o| o.0 != class(c));
        out.insert(0, (class(c), true));
    }
    let mut more: Vec<(usize, f32)> = Vec::new();
    for (i, &p) in probs.iter().enumerate() {
        if p >= combine.extra_at && (keep_main || Some(i) != best.map(|b| b.0)) {
            more.push((i, p));
        }
    }
    more.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    for (c, _) in more {
        if out.len() < MAX_CATEGORIES && !out.iter().any(|o| o.0 == class(c)) {
            out.push((class(c), true));
        }
    }
    if let Some(f) = none {
        match out.first() {
            Some(first) if first.0 == f => out.truncate(1),
            _ => out.retain(|o| o.0 != f),
        }
    }
    out.truncate(MAX_CATEGORIES);
    out.into_iter().map(|(c, m)| (c.to_string(), m)).collect()
}

/// The schema id of a model file.
pub const MODEL_SCHEMA: &str = "zhenggai-model/1";

/// What a model decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// A task's categories (`rules/model/category.json`).
    Category,
    /// A task's kind, `directive` or `report` (`rules/model/kind.json`).
    Kind,
}

impl Target {
    /// `category` or `kind`: the file stem and the rule-like id's second segment (`model.kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Category => "category",
            Target::Kind => "kind",
        }
    }

    /// The id a value the model gave carries in a task's `rules` and `explain`.
    pub fn rule_id(self) -> &'static str {
        match self {
            Target::Category => "model.category",
            Target::Kind => "model.kind",
        }
    }
}

/// How the model's answer combines with the rules' (decided by cross-validation on the
/// training half, see `docs/TASKS.md`'s companion in the README, "Rules").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Combine {
    /// The model's first class replaces the rules' main value when its probability is at
    /// least this (1.0 or more: never).
    pub main_at: f32,
    /// Categories only: a further class of the model is added (after the rules' own, at most
    /// three in all) when its probability is at least this.
    #[serde(default = "never")]
    pub extra_at: f32,
    /// Categories only: the rules keep their main class when the model saw it as a main
    /// class in fewer training documents than this ([`ModelFile::support`]): a model cannot
    /// speak for a class it was hardly shown (a category the training notices lack, or one
    /// a user's own taxonomy adds). 0: the model may always replace it.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub min_support: usize,
    /// Categories only: how much the document's reading weighs on each unit's (0: not
    /// at all). Each class's probability is multiplied by the mean of the model's first
    /// probabilities for it over the document's task units raised to this power, then
    /// all are scaled to sum to 1 ([`with_document`]): a unit leans to the categories its
    /// document is about, as the gold's main category is often the document's campaign.
    #[serde(default, skip_serializing_if = "is_zero_f32")]
    pub document: f32,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn is_zero_f32(x: &f32) -> bool {
    *x == 0.0
}

/// A unit's probabilities (`probs`) leaning to its document's (`mean`, the mean of the
/// first probabilities of the document's units) with weight `weight`
/// ([`Combine::document`]): `probs × mean^weight`, scaled to sum to 1.
pub fn with_document(probs: &[f32], mean: &[f32], weight: f32) -> Vec<f32> {
    with_document_logs(probs, &document_logs(mean, weight))
}

/// What a document's reading (`mean`, with weight `weight`) adds to each class's log
/// probability in [`with_document`]: `weight × ln(mean + floor)`, the same for every unit of
/// the document.
pub fn document_logs(mean: &[f32], weight: f32) -> Vec<f32> {
    (mean.iter())
        .map(|&m| weight * (m + DOCUMENT_FLOOR).ln())
        .collect()
}

/// [`with_document`] with the document's part of the sums computed already
/// ([`document_logs`]).
pub fn with_document_logs(probs: &[f32], logs: &[f32]) -> Vec<f32> {
    let sums: Vec<f32> = (probs.iter().zip(logs))
        .map(|(&p, &l)| p.max(f32::MIN_POSITIVE).ln() + l)
        .collect();
    softmax(&sums)
}

/// A document's reading: the mean of its task units' first probabilities
/// ([`mean_of`]), and what it adds to each class's log probability when a unit leans on it
/// ([`document_logs`]), computed once for all the units.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentMean {
    /// The mean probabilities.
    pub probs: Vec<f32>,
    /// `weight × ln(mean + floor)`, a class each.
    pub logs: Vec<f32>,
}

impl DocumentMean {
    /// The reading of mean probabilities `probs`, leant on with weight `weight`.
    pub fn new(probs: Vec<f32>, weight: f32) -> DocumentMean {
        let logs = document_logs(&probs, weight);
        DocumentMean { probs, logs }
    }
}

/// What the document's reading adds to class `c`'s score above the classes' mean (in the
/// units of [`Scored::why`]), as [`with_document`] leans a unit with `mean` and `weight`.
pub fn document_push(mean: &[f32], weight: f32, c: usize) -> f32 {
    let log = |m: f32| weight * (m + DOCUMENT_FLOOR).ln();
    let avg = mean.iter().map(|&m| log(m)).sum::<f32>() / mean.len().max(1) as f32;
    mean.get(c).map_or(0.0, |&m| log(m) - avg)
}

/// Added to a document's mean probability before it weighs: a class no unit of the
/// document gave any probability is not ruled out.
const DOCUMENT_FLOOR: f32 = 1e-4;

/// The mean of probability vectors, one a unit (none: empty).
pub fn mean_of<'p>(probs: impl Iterator<Item = &'p [f32]>) -> Vec<f32> {
    let (mut sum, mut n) = (Vec::new(), 0usize);
    for p in probs {
        sum.resize(p.len(), 0.0);
        sum.iter_mut().zip(p).for_each(|(s, x)| *s += x);
        n += 1;
    }
    sum.iter_mut().for_each(|s| *s /= n.max(1) as f32);
    sum
}

fn never() -> f32 {
    2.0
}

/// How a model was trained: enough to train it again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// The command that trained it.
    pub command: String,
    /// Gold documents read.
    pub documents: usize,
    /// Training examples (gold items found by a task).
    pub examples: usize,
    /// The training settings.
    pub config: TrainConfig,
}

/// A model as stored: `rules/model/<target>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    /// Always [`MODEL_SCHEMA`].
    pub schema: String,
    /// What it decides.
    pub target: Target,
    /// How it was trained.
    pub trained: Provenance,
    /// How its answer combines with the rules'.
    pub combine: Combine,
    /// The classes, in a fixed order.
    pub classes: Vec<String>,
    /// Per class, how many training documents give it as some example's main value (a
    /// class it never saw is absent). Files without it claim every class.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub support: BTreeMap<String, usize>,
    /// The bias of each class.
    pub bias: BTreeMap<String, f32>,
    /// Each feature's non-zero weights by class.
    pub weights: BTreeMap<String, BTreeMap<String, f32>>,
}

/// A feature as extraction gives it; its name (`w:学校`, `c:学校`, `t:通报`, `cue:…`) is
/// how a model file stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feature<'a> {
    /// A word of the unit (jieba's): `w:学校`.
    Word(&'a str),
    /// Two Han characters next to each other in the unit: `c:学校`.
    Pair(char, char),
    /// Any other: its kind (`t`, `cue`, `rule1` …) and value: `t:通报`.
    Named(&'a str, &'a str),
}

impl<'a> Feature<'a> {
    /// The feature's name.
    pub fn name(&self) -> String {
        match self {
            Feature::Word(w) => format!("w:{w}"),
            Feature::Pair(a, b) => format!("c:{a}{b}"),
            Feature::Named(prefix, value) => format!("{prefix}:{value}"),
        }
    }

    /// The feature a name names (a name without `:` is a kind with an empty value).
    pub fn from_name(name: &'a str) -> Feature<'a> {
        let (prefix, value) = name.split_once(':').unwrap_or((name, ""));
        let mut chars = value.chars();
        match (prefix, chars.next(), chars.next(), chars.next()) {
            ("w", ..) => Feature::Word(value),
            ("c", Some(a), Some(b), None) => Feature::Pair(a, b),
            _ => Feature::Named(prefix, value),
        }
    }
}

/// Rows by a string key made of parts (`["t", ":", "通报"]`), the keys kept in one buffer:
/// a lookup hashes the parts once and compares with a slice of that buffer, without
/// allocating or chasing a pointer a key.
#[derive(Debug, Clone, Default, PartialEq)]
struct Keys {
    /// The hash of a key → (start and end in `text`, row).
    rows: rustc_hash::FxHashMap<u64, (u32, u32, u32)>,
    text: String,
}

impl Keys {
    /// The hash of the key the parts spell.
    fn hash(parts: &[&str]) -> u64 {
        use std::hash::Hasher as _;
        let mut h = rustc_hash::FxHasher::default();
        for p in parts {
            h.write(p.as_bytes());
        }
        h.finish()
    }

    /// Adds a key; false when another key has its hash (nothing added).
    fn insert(&mut self, parts: &[&str], row: u32) -> bool {
        let start = self.text.len() as u32;
        parts.iter().for_each(|p| self.text.push_str(p));
        let end = self.text.len() as u32;
        match self.rows.entry(Self::hash(parts)) {
            std::collections::hash_map::Entry::Occupied(_) => false,
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert((start, end, row));
                true
            }
        }
    }

    /// Whether it holds no key.
    fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The row of the key the parts spell.
    #[inline]
    fn get(&self, parts: &[&str]) -> Option<u32> {
        let &(start, end, row) = self.rows.get(&Self::hash(parts))?;
        let mut key = self.text.get(start as usize..end as usize)?;
        // a word (one part, most lookups): the key is it or not
        if let [part] = parts {
            return (key == *part).then_some(row);
        }
        for p in parts {
            key = key.strip_prefix(p)?;
        }
        key.is_empty().then_some(row)
    }
}

/// The key of a pair of characters.
fn pair_key(a: char, b: char) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

/// A compiled model: each feature's non-zero weights, ready for many threads.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// What it decides.
    pub target: Target,
    /// The classes.
    pub classes: Vec<String>,
    /// How its answer combines with the rules'.
    pub combine: Combine,
    /// Per class, the training documents that give it as a main value
    /// ([`ModelFile::support`]; `usize::MAX` each when the file does not say).
    pub support: Vec<usize>,
    bias: Vec<f32>,
    /// The rows of the word features (`w:学校`), by word.
    words: Keys,
    /// The rows of the character-pair features (`c:学校`), by [`pair_key`].
    pairs: rustc_hash::FxHashMap<u64, u32>,
    /// The rows of the other features, by name (`t:通报`).
    named: Keys,
    /// The feature names, by row.
    names: Vec<Box<str>>,
    /// Where each row's non-zero weights start in `classes_of` and `weights` (one more
    /// than the rows: the end of the last). Rows are short (about five of 18 classes), so
    /// the model stays small in the cache the rules' automata need.
    starts: Vec<u32>,
    /// The class of each non-zero weight.
    classes_of: Vec<u8>,
    /// The non-zero weights, row after row.
    weights: Vec<f32>,
}

/// Why a model file cannot be used: the message names the class or feature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ModelError(pub String);

impl Model {
    /// Checks and compiles a model file: a known schema, at least two classes, weights and
    /// biases only for its classes.
    pub fn compile(file: &ModelFile) -> Result<Model, ModelError> {
        if file.schema != MODEL_SCHEMA {
            return Err(ModelError(format!(
                "schema `{}`: expected `{MODEL_SCHEMA}`",
                file.schema
            )));
        }
        let n = file.classes.len();
        if n < 2 {
            return Err(ModelError("classes: fewer than two".into()));
        }
        let index = |class: &str, place: &dyn Fn() -> String| {
            (file.classes.iter().position(|c| c == class)).ok_or_else(|| {
                ModelError(format!("{}: class `{class}` is not in classes", place()))
            })
        };
        let mut bias = vec![0.0; n];
        for (class, b) in &file.bias {
            bias[index(class, &|| "bias".into())?] = *b;
        }
        if n > usize::from(u8::MAX) {
            return Err(ModelError(format!("classes: {n}, more than {}", u8::MAX)));
        }
        let mut model = Model {
            target: file.target,
            classes: file.classes.clone(),
            combine: file.combine.clone(),
            support: (file.classes.iter())
                .map(|c| match file.support.is_empty() {
                    true => usize::MAX,
                    false => file.support.get(c).copied().unwrap_or(0),
                })
                .collect(),
            bias,
            words: Keys::default(),
            pairs: rustc_hash::FxHashMap::default(),
            named: Keys::default(),
            names: Vec::with_capacity(file.weights.len()),
            starts: vec![0],
            classes_of: Vec::new(),
            weights: Vec::new(),
        };
        for (row, (feature, by_class)) in file.weights.iter().enumerate() {
            for (class, x) in by_class {
                let c = index(class, &|| format!("weights of `{feature}`"))?;
                model.classes_of.push(c as u8);
                model.weights.push(*x);
            }
            model.starts.push(model.weights.len() as u32);
            let row = row as u32;
            let added = match Feature::from_name(feature) {
                Feature::Word(w) => model.words.insert(&[w], row),
                Feature::Pair(a, b) => model.pairs.insert(pair_key(a, b), row).is_none(),
                Feature::Named(kind, value) => model.named.insert(&[kind, ":", value], row),
            };
            if !added {
                return Err(ModelError(format!(
                    "`{feature}`: a feature hashes as another"
                )));
            }
            model.names.push(feature.as_str().into());
        }
        Ok(model)
    }

    /// Whether the model reads words (`w:`) and pairs of characters (`c:`): extraction
    /// gives a model only the kinds of features it has weights for.
    pub fn reads(&self) -> Reads {
        Reads {
            words: !self.words.is_empty(),
            pairs: !self.pairs.is_empty(),
        }
    }

    /// The index of a class.
    pub fn class(&self, name: &str) -> Option<usize> {
        self.classes.iter().position(|c| c == name)
    }

    /// The non-zero weights of feature `row`: their classes and values.
    fn row(&self, row: u32) -> (&[u8], &[f32]) {
        let r = row as usize;
        let (s, e) = match (self.starts.get(r), self.starts.get(r + 1)) {
            (Some(&s), Some(&e)) => (s as usize, e as usize),
            _ => (0, 0),
        };
        let classes = self.classes_of.get(s..e).unwrap_or(&[]);
        (classes, self.weights.get(s..e).unwrap_or(&[]))
    }

    /// The row of a feature, if the model has weights for it.
    #[inline]
    pub fn row_of(&self, f: Feature<'_>) -> Option<u32> {
        match f {
            Feature::Word(w) => self.words.get(&[w]),
            Feature::Pair(a, b) => self.pairs.get(&pair_key(a, b)).copied(),
            Feature::Named(kind, value) => self.named.get(&[kind, ":", value]),
        }
    }

    /// Adds the weights of feature `row` to `sums` (one a class).
    #[inline]
    fn add(&self, row: u32, sums: &mut [f32]) {
        let (classes, weights) = self.row(row);
        for (&c, &x) in classes.iter().zip(weights) {
            if let Some(s) = sums.get_mut(usize::from(c)) {
                *s += x;
            }
        }
    }

    /// The sums of the bias and of the features `visit` gives, with the rows found: what
    /// every unit of a document shares, found once (a [`Model::scorer`]'s start).
    pub fn base(&self, visit: impl FnOnce(&mut dyn FnMut(Feature<'_>))) -> Base {
        let mut rows = Vec::new();
        visit(&mut |f| rows.extend(self.row_of(f)));
        let mut sums = self.bias.clone();
        for &row in &rows {
            self.add(row, &mut sums);
        }
        Base { sums, rows }
    }

    /// A unit's score, started from `base` (none: [`Base::default`]): give it the unit's
    /// features one by one ([`Scorer::add`]), then [`Scorer::finish`]. `explain`: keep what
    /// [`Scored::why`] needs (without, it says nothing).
    pub fn scorer<'m>(&'m self, base: &'m Base, explain: bool) -> Scorer<'m> {
        let sums = match base.sums.len() == self.bias.len() {
            true => base.sums.clone(),
            false => self.bias.clone(),
        };
        Scorer {
            model: self,
            base,
            sums,
            hits: Vec::new(),
            explain,
        }
    }

    /// Probabilities read before, as scored ones with nothing to explain them (a document's
    /// first reading kept between two passes).
    pub fn scored_as(&self, probs: Vec<f32>) -> Scored<'_> {
        Scored {
            probs,
            model: self,
            base: &[],
            hits: Vec::new(),
        }
    }

    /// Scores the features `visit` gives on top of `base`: a [`Model::scorer`] given them.
    pub fn score<'m>(
        &'m self,
        base: &'m Base,
        visit: impl FnOnce(&mut dyn FnMut(Feature<'_>)),
    ) -> Scored<'m> {
        let mut scorer = self.scorer(base, true);
        visit(&mut |f| scorer.add(f));
        scorer.finish()
    }
}

/// A unit being scored: its features are added one by one; a feature added twice counts
/// twice.
#[derive(Debug)]
pub struct Scorer<'m> {
    model: &'m Model,
    base: &'m Base,
    sums: Vec<f32>,
    hits: Vec<u32>,
    explain: bool,
}

impl<'m> Scorer<'m> {
    /// Adds a feature (nothing when the model has no weights for it).
    #[inline]
    pub fn add(&mut self, f: Feature<'_>) {
        if let Some(row) = self.model.row_of(f) {
            self.model.add(row, &mut self.sums);
            if self.explain {
                self.hits.push(row);
            }
        }
    }

    /// The probabilities.
    pub fn finish(self) -> Scored<'m> {
        Scored {
            probs: softmax(&self.sums),
            model: self.model,
            base: if self.explain { &self.base.rows } else { &[] },
            hits: self.hits,
        }
    }
}

/// Which of the many features of a unit's text a model reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reads {
    /// Words (`w:`).
    pub words: bool,
    /// Pairs of characters (`c:`).
    pub pairs: bool,
}

impl Reads {
    /// Every kind (for training).
    pub const ALL: Reads = Reads {
        words: true,
        pairs: true,
    };
}

/// What the units of one document share before their own features: the sums of the bias
/// and of the document's features, and their rows (for explanations).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Base {
    sums: Vec<f32>,
    rows: Vec<u32>,
}

/// A model's answer for one unit.
#[derive(Debug, Clone)]
pub struct Scored<'m> {
    /// The probability of each class, in the model's order.
    pub probs: Vec<f32>,
    model: &'m Model,
    /// The rows of the document's features the model knows.
    base: &'m [u32],
    /// The rows of the unit's features the model knows.
    hits: Vec<u32>,
}

impl Scored<'_> {
    /// The most probable class and its probability (the first on a tie).
    pub fn best(&self) -> (usize, f32) {
        let mut best = (0, f32::MIN);
        for (i, &p) in self.probs.iter().enumerate() {
            if p > best.1 {
                best = (i, p);
            }
        }
        best
    }

    /// The classes by falling probability (ties in class order).
    pub fn ranked(&self) -> Vec<(usize, f32)> {
        let mut r: Vec<(usize, f32)> = self.probs.iter().copied().enumerate().collect();
        r.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        r
    }

    /// What carried class `c`: the `n` features that push it most above the classes'
    /// mean, as `学校(+1.20) cue:category.x(+0.90)`; words and pairs of characters without
    /// their `w:` or `c:` (one that shows twice, as a word and a pair or given twice, shows
    /// once, its pushes summed).
    pub fn why(&self, c: usize, n: usize) -> String {
        let m = self.model;
        let classes = m.classes.len().max(1) as f32;
        let mut pushes: Vec<(&str, f32)> = (self.base.iter().chain(&self.hits))
            .map(|&row| {
                let (name, (cs, ws)) = (&*m.names[row as usize], m.row(row));
                let mean = ws.iter().sum::<f32>() / classes;
                let at = cs.iter().position(|&x| usize::from(x) == c);
                let own = at.and_then(|i| ws.get(i)).copied().unwrap_or(0.0);
                let shown = name.strip_prefix("w:").or_else(|| name.strip_prefix("c:"));
                (shown.unwrap_or(name), own - mean)
            })
            .collect();
        pushes.sort_by(|a, b| a.0.cmp(b.0));
        let mut merged: Vec<(&str, f32)> = Vec::with_capacity(pushes.len());
        for (name, x) in pushes {
            match merged.last_mut() {
                Some(last) if last.0 == name => last.1 += x,
                _ => merged.push((name, x)),
            }
        }
        merged.retain(|(_, x)| *x > 0.0);
        merged.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        (merged.iter().take(n))
            .map(|(name, x)| format!("{name}({x:+.2})"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The softmax of scores (stable: the largest is subtracted first).
pub(crate) fn softmax(sums: &[f32]) -> Vec<f32> {
    let max = sums.iter().copied().fold(f32::MIN, f32::max);
    let exp: Vec<f32> = sums.iter().map(|s| (s - max).exp()).collect();
    let total: f32 = exp.iter().sum();
    exp.iter()
        .map(|e| e / total.max(f32::MIN_POSITIVE))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> ModelFile {
        let mut weights = BTreeMap::new();
        weights.insert(
            "c:学校".to_string(),
            BTreeMap::from([("sector-work".to_string(), 1.5)]),
        );
        weights.insert(
            "c:学习".to_string(),
            BTreeMap::from([("study-education".to_string(), 2.0)]),
        );
        weights.insert(
            "t:学习".to_string(),
            BTreeMap::from([("study-education".to_string(), 2.0)]),
        );
        ModelFile {
            schema: MODEL_SCHEMA.into(),
            target: Target::Category,
            trained: Provenance {
                command: "test".into(),
                documents: 0,
                examples: 0,
                config: TrainConfig::default(),
            },
            combine: Combine {
                main_at: 0.5,
                extra_at: 0.9,
                min_support: 0,
                document: 0.0,
            },
            classes: vec!["sector-work".into(), "study-education".into()],
            support: BTreeMap::new(),
            bias: BTreeMap::from([("sector-work".to_string(), 0.1)]),
            weights,
        }
    }

    #[test]
    fn scores_and_explains() {
        let m = Model::compile(&file()).unwrap();
        let none = Base::default();
        let s = m.score(&none, |f| {
            f(Feature::Pair('学', '习'));
            f(Feature::Pair('不', '识'));
            f(Feature::Pair('学', '习'));
        });
        assert_eq!(s.best().0, 1);
        assert!((s.probs.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert_eq!(s.why(1, 3), "学习(+2.00)", "twice, counted twice");
        assert_eq!(s.why(0, 3), "");
        // the document's features, found once, count for every unit
        let title = m.base(|f| f(Feature::Named("t", "学习")));
        let both = m.score(&title, |f| f(Feature::Pair('学', '习')));
        assert_eq!(both.why(1, 3), "t:学习(+1.00) 学习(+1.00)");
        let alone = m.score(&title, |_| {});
        assert_eq!(alone.best().0, 1);
        let s = m.score(&none, |_| {});
        assert_eq!(s.best().0, 0, "the bias decides alone");
    }

    #[test]
    fn the_rules_keep_a_main_class_the_model_was_hardly_shown() {
        let classes: Vec<String> = ["sector-work", "business-environment", "institutions"]
            .map(String::from)
            .to_vec();
        let rules = vec!["business-environment".to_string()];
        let probs = [0.7, 0.05, 0.25];
        let combine = Combine {
            main_at: 0.0,
            extra_at: 0.2,
            min_support: 3,
            document: 0.0,
        };
        let names = |c: Vec<(String, bool)>| c.into_iter().map(|(c, _)| c).collect::<Vec<_>>();
        // seen in 12 and 1 training documents: the rules' main class stays, the model's follow
        let kept = combine_categories(&rules, &classes, &probs, &combine, &[12, 1, 8], None);
        assert_eq!(
            names(kept),
            ["business-environment", "sector-work", "institutions"]
        );
        // seen often enough, or no support known: the model's best leads
        for support in [&[12, 5, 8][..], &[]] {
            let led = combine_categories(&rules, &classes, &probs, &combine, support, None);
            assert_eq!(names(led)[0], "sector-work");
        }
    }

    #[test]
    fn feature_names_read_back() {
        for name in [
            "w:学校",
            "c:学校",
            "t:通报",
            "cue:category.x.kw",
            "rule1:other",
        ] {
            assert_eq!(Feature::from_name(name).name(), name);
        }
        assert_eq!(Feature::from_name("c:学校"), Feature::Pair('学', '校'));
        assert_eq!(
            Feature::from_name("c:三个字"),
            Feature::Named("c", "三个字")
        );
    }

    #[test]
    fn a_weight_for_an_unknown_class_is_an_error() {
        let mut f = file();
        f.weights.insert(
            "c:xy".into(),
            BTreeMap::from([("no-such-class".to_string(), 1.0)]),
        );
        let e = Model::compile(&f).unwrap_err().to_string();
        assert_eq!(
            e,
            "weights of `c:xy`: class `no-such-class` is not in classes"
        );
        let mut f = file();
        f.schema = "other".into();
        assert!(Model::compile(&f).is_err());
    }
}
