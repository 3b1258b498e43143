//! Training: multinomial logistic regression by stochastic gradient descent (AdaGrad
//! steps, L2 on the weights an example touches), deterministic: each pass visits the
//! examples in the order of a hash of each one's own content (its document and features)
//! with the seed and the pass, so the same examples give the same model, and an example
//! added or taken away moves none of the others in the order (a change of the rules that
//! moves a handful of examples does not reshuffle the whole training run). A
//! feature an example has twice (a pair of characters repeated) counts twice, as it does
//! when the model scores.
//!
//! A feature is learned only when it occurs in at least [`TrainConfig::min_docs`] training
//! documents: a word one notice alone uses (a name, a place) teaches nothing that holds
//! elsewhere. Weights are rounded to 3 decimals and those that round to 0 are left out.

use super::{Combine, Example, ModelFile, Provenance, Target, MODEL_SCHEMA};
use crate::record::Kind;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The settings of training (all written into the model file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainConfig {
    /// Passes over the examples.
    pub epochs: usize,
    /// AdaGrad's base step.
    pub rate: f32,
    /// L2 penalty on the weights an example touches, per step.
    pub l2: f32,
    /// Fewest training documents a feature must occur in.
    pub min_docs: usize,
    /// Categories: the share of the target the gold's main category gets; the rest is
    /// spread over its other categories (1.0: the main category alone).
    pub main_share: f32,
    /// The feature kinds learned, by prefix (`w`, `cue` …; empty: all). The default is
    /// [`CATEGORY_GROUPS`].
    pub groups: Vec<String>,
    /// The seed of the order the examples are visited in.
    pub seed: u64,
    /// Weights smaller than this (once each feature's are centred on their median, which
    /// leaves every probability as it was) are left out of the file.
    pub prune: f32,
}

/// The feature kinds the category model learns by default: the unit's words, the title's
/// words and categories, the rules' category cues and decisions, the document's prevailing
/// kind and genre. Cross-validation on half a found the others (pairs of characters, kind
/// cues, the rules' kind and the unit's leaning, table and speaker, heading depth, where the
/// rules' main category came from) no help, or not worth their cost (README, "The category
/// model").
pub const CATEGORY_GROUPS: &[&str] = &[
    "w", "t", "tcat", "cue", "own", "own1", "ctx", "rule", "rule1", "prevail", "genre",
];

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 15,
            rate: 0.05,
            l2: 0.001,
            min_docs: 3,
            main_share: 0.7,
            groups: CATEGORY_GROUPS.iter().map(|g| g.to_string()).collect(),
            seed: 14,
            prune: 0.1,
        }
    }
}

impl TrainConfig {
    /// Whether a feature's kind is learned.
    fn learns(&self, feature: &str) -> bool {
        let prefix = feature.split(':').next().unwrap_or(feature);
        self.groups.is_empty() || self.groups.iter().any(|g| g == prefix)
    }
}

/// The classes of a target found in the examples: for categories those the gold uses, in
/// the order of `order` (the taxonomy's), then any other in name order; for kinds,
/// `directive` and `report`.
pub fn classes(target: Target, examples: &[Example], order: &[String]) -> Vec<String> {
    match target {
        Target::Kind => vec!["directive".into(), "report".into()],
        Target::Category => {
            let used: BTreeSet<&str> = (examples.iter())
                .flat_map(|e| e.categories.iter().map(String::as_str))
                .collect();
            let mut out: Vec<String> = (order.iter())
                .filter(|c| used.contains(c.as_str()))
                .cloned()
                .collect();
            out.extend(
                (used.iter())
                    .filter(|c| !order.iter().any(|o| o == *c))
                    .map(|c| c.to_string()),
            );
            out
        }
    }
}

/// An example as training sees it: feature indices with how often the example has each
/// (a pair of characters a unit repeats counts as often), and the target distribution.
struct Row {
    features: Vec<(usize, f32)>,
    target: Vec<f32>,
    /// A hash of the example's content: its place in each pass's order.
    key: u64,
}

/// Trains a model of `target` on `examples` (those whose gold gives no category teach the
/// category model nothing); `classes` from [`classes`]; `command` and `combine` are
/// written into the file as they are given.
pub fn train(
    target: Target,
    examples: &[Example],
    classes: &[String],
    config: &TrainConfig,
    combine: Combine,
    command: &str,
) -> ModelFile {
    let features = vocabulary(examples, config);
    let index: HashMap<&str, usize> = (features.iter().enumerate())
        .map(|(i, f)| (f.as_str(), i))
        .collect();
    let rows: Vec<Row> = (examples.iter())
        .filter_map(|e| row(target, e, classes, &index, config))
        .collect();
    let (weights, bias) = fit(&rows, features.len(), classes.len(), config);
    // adding one number to all of a feature's weights changes no probability: centred on
    // their median, most are near 0 and can be left out
    let by_class = |w: &[f32], prune: f32| -> BTreeMap<String, f32> {
        let mut sorted = w.to_vec();
        sorted.sort_by(f32::total_cmp);
        let median = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
        (classes.iter().zip(w))
            .map(|(c, &x)| (c.clone(), ((x - median) * 1000.0).round() / 1000.0))
            .filter(|(_, x)| x.abs() >= prune.max(f32::MIN_POSITIVE))
            .collect()
    };
    let weights: BTreeMap<String, BTreeMap<String, f32>> = (features.iter().enumerate())
        .map(|(i, f)| {
            let w = &weights[i * classes.len()..][..classes.len()];
            (f.clone(), by_class(w, config.prune))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let documents: BTreeSet<&str> = examples.iter().map(|e| e.doc.as_str()).collect();
    let support = support(target, examples);
    ModelFile {
        schema: MODEL_SCHEMA.into(),
        target,
        trained: Provenance {
            command: command.to_string(),
            documents: documents.len(),
            examples: rows.len(),
            config: config.clone(),
        },
        combine,
        classes: classes.to_vec(),
        support,
        bias: by_class(&bias, 0.0),
        weights,
    }
}

/// Per class, how many documents give it as some example's main value (the gold's first
/// category, or its kind).
fn support(target: Target, examples: &[Example]) -> BTreeMap<String, usize> {
    let mut docs: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for e in examples {
        let main = match target {
            Target::Category => e.categories.first().cloned(),
            Target::Kind => Some(e.kind.as_str().to_string()),
        };
        if let Some(c) = main {
            docs.entry(c).or_default().insert(e.doc.as_str());
        }
    }
    docs.into_iter().map(|(c, d)| (c, d.len())).collect()
}

/// The features learned: those of a learned kind that occur in at least `min_docs`
/// documents, in name order.
fn vocabulary(examples: &[Example], config: &TrainConfig) -> Vec<String> {
    let mut docs: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for e in examples {
        for f in e.features.iter().filter(|f| config.learns(f)) {
            docs.entry(f.as_str()).or_default().insert(e.doc.as_str());
        }
    }
    (docs.into_iter())
        .filter(|(_, d)| d.len() >= config.min_docs)
        .map(|(f, _)| f.to_string())
        .collect()
}

/// An example's row; none when its gold says nothing of the target's classes.
fn row(
    target: Target,
    e: &Example,
    classes: &[String],
    index: &HashMap<&str, usize>,
    config: &TrainConfig,
) -> Option<Row> {
    let mut t = vec![0.0; classes.len()];
    let at = |c: &str| classes.iter().position(|x| x == c);
    match target {
        Target::Kind => t[at(e.kind.as_str())?] = 1.0,
        Target::Category => {
            let gold: Vec<usize> = e.categories.iter().filter_map(|c| at(c)).collect();
            let (&main, rest) = gold.split_first()?;
            let share = if rest.is_empty() {
                1.0
            } else {
                config.main_share
            };
            t[main] += share;
            for &c in rest {
                t[c] += (1.0 - share) / rest.len() as f32;
            }
        }
    }
    let mut found: Vec<usize> = (e.features.iter())
        .filter_map(|f| index.get(f.as_str()).copied())
        .collect();
    found.sort_unstable();
    let mut features: Vec<(usize, f32)> = Vec::with_capacity(found.len());
    for f in found {
        match features.last_mut() {
            Some(last) if last.0 == f => last.1 += 1.0,
            _ => features.push((f, 1.0)),
        }
    }
    let mut key = Fnv::default();
    key.write(e.doc.as_bytes());
    for f in &e.features {
        key.write(&[0]);
        key.write(f.as_bytes());
    }
    Some(Row {
        features,
        target: t,
        key: key.0,
    })
}

/// AdaGrad over the rows in a seeded order: (weights, `features` × `classes`, row-major;
/// biases).
fn fit(
    rows: &[Row],
    features: usize,
    classes: usize,
    config: &TrainConfig,
) -> (Vec<f32>, Vec<f32>) {
    const EPS: f32 = 1e-6;
    let (mut w, mut gw) = (
        vec![0.0f32; features * classes],
        vec![0.0f32; features * classes],
    );
    let (mut b, mut gb) = (vec![0.0f32; classes], vec![0.0f32; classes]);
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let mut sums = vec![0.0f32; classes];
    for epoch in 0..config.epochs {
        let pass = mix(config.seed ^ mix(epoch as u64 + 1));
        // (each row's place computed once a pass, not at every comparison)
        order.sort_by_cached_key(|&i| (mix(rows[i].key ^ pass), i));
        for &i in &order {
            let r = &rows[i];
            sums.copy_from_slice(&b);
            for &(f, n) in &r.features {
                for (s, x) in sums.iter_mut().zip(&w[f * classes..][..classes]) {
                    *s += n * x;
                }
            }
            let p = super::softmax(&sums);
            for c in 0..classes {
                let g = p[c] - r.target[c];
                gb[c] += g * g;
                b[c] -= config.rate * g / (gb[c].sqrt() + EPS);
                for &(f, n) in &r.features {
                    let k = f * classes + c;
                    let g = n * g + config.l2 * w[k];
                    gw[k] += g * g;
                    w[k] -= config.rate * g / (gw[k].sqrt() + EPS);
                }
            }
        }
    }
    (w, b)
}

/// FNV-1a, 64 bits: a hash of an example's content that does not depend on the platform
/// or the process (unlike the standard library's).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A 64-bit finaliser (splitmix64's): spreads a key and the pass's salt over all bits.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Out-of-fold probabilities: the documents `fold` gives a fold (of `k`) are held out in
/// turn and scored by a model trained on every other example (those without a fold always
/// train); one entry per example, none for those never held out.
pub fn out_of_fold(
    target: Target,
    examples: &[Example],
    classes: &[String],
    config: &TrainConfig,
    fold: &dyn Fn(&Example) -> Option<usize>,
    k: usize,
) -> Vec<Option<Vec<f32>>> {
    let mut out = vec![None; examples.len()];
    for held in 0..k {
        let kept: Vec<Example> = (examples.iter())
            .filter(|e| fold(e) != Some(held))
            .cloned()
            .collect();
        let combine = Combine {
            main_at: 2.0,
            extra_at: 2.0,
            min_support: 0,
            document: 0.0,
        };
        let file = train(target, &kept, classes, config, combine, "out-of-fold");
        let Ok(model) = super::Model::compile(&file) else {
            continue;
        };
        for (i, e) in examples
            .iter()
            .enumerate()
            .filter(|(_, e)| fold(e) == Some(held))
        {
            let none = super::Base::default();
            let scored = model.score(&none, |f| {
                for x in &e.features {
                    f(super::Feature::from_name(x));
                }
            });
            out[i] = Some(scored.probs);
        }
    }
    out
}

/// The kind named by a kind model's class.
pub fn kind_of_class(class: &str) -> Option<Kind> {
    match class {
        "directive" => Some(Kind::Directive),
        "report" => Some(Kind::Report),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(doc: &str, words: &[&str], cats: &[&str]) -> Example {
        Example {
            doc: doc.into(),
            features: words.iter().map(|w| format!("w:{w}")).collect(),
            predicted_kind: Kind::Directive,
            predicted_categories: Vec::new(),
            kind: Kind::Directive,
            categories: cats.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn learns_words_seen_in_two_documents_deterministically() {
        let examples = vec![
            ex("a", &["学习", "党课"], &["study-education"]),
            ex("b", &["学习", "名字"], &["study-education"]),
            ex("a", &["学校", "招生"], &["sector-work"]),
            ex("b", &["学校", "招生"], &["sector-work", "institutions"]),
        ];
        let order = ["sector-work", "study-education", "institutions"].map(String::from);
        let classes = classes(Target::Category, &examples, &order);
        assert_eq!(classes, order);
        let combine = Combine {
            main_at: 0.5,
            extra_at: 2.0,
            min_support: 0,
            document: 0.0,
        };
        let config = TrainConfig {
            min_docs: 2,
            ..TrainConfig::default()
        };
        let m = train(
            Target::Category,
            &examples,
            &classes,
            &config,
            combine.clone(),
            "t",
        );
        assert!(m.weights.contains_key("w:学习"));
        assert!(!m.weights.contains_key("w:名字"), "one document only");
        assert!(!m.weights.contains_key("w:党课"), "one document only");
        assert_eq!(m.trained.examples, 4);
        let again = train(Target::Category, &examples, &classes, &config, combine, "t");
        assert_eq!(m, again);
        let model = super::super::Model::compile(&m).unwrap();
        let none = super::super::Base::default();
        let s = model.score(&none, |f| f(super::super::Feature::Word("学习")));
        assert_eq!(model.classes[s.best().0], "study-education");
    }
}
