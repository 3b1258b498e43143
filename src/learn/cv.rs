//! Cross-validation: how a model would do on documents it was not trained on, and which
//! way of combining it with the rules does best there (`zhenggai train --folds K`).
//!
//! The documents of one gold set are split into K folds (in name order, in turn); each fold
//! is held out once while a model is trained on the others and on every example outside the
//! set. The held-out examples' figures are those of scoring restricted to the best task of
//! each found gold item: category main (the first category is the gold's first), category
//! any (one category shared with the gold's) and kind, for the rules alone, the model alone
//! and each [`Combine`] of a small grid.

use super::train::{classes, out_of_fold};
use super::{combine_categories, Combine, Example, Settings, Target};
use crate::eval::{self, EvalError};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

/// What cross-validation gives.
#[derive(Debug, Clone, Default)]
pub struct CvReport {
    /// The figures, a line a way of combining.
    pub text: String,
    /// Each held-out example's probabilities, a JSON line each.
    pub jsonl: String,
}

/// The documents a gold folder annotates (their names as the gold gives them).
pub fn documents_of(gold_dir: &Path) -> Result<HashSet<String>, EvalError> {
    Ok((eval::gold_documents(gold_dir)?.into_iter())
        .map(|(_, d)| d)
        .collect())
}

/// Cross-validates each of `targets` over `k` folds of the documents `held` names (module
/// doc); `order`: the taxonomy's category ids.
pub fn cross_validate(
    examples: &[Example],
    order: &[String],
    settings: &Settings,
    targets: &[Target],
    held: &HashSet<String>,
    k: usize,
    none: Option<&str>,
) -> CvReport {
    let mut docs: Vec<&str> = held.iter().map(String::as_str).collect();
    docs.sort_unstable();
    let fold = |e: &Example| docs.iter().position(|d| *d == e.doc).map(|i| i % k.max(1));
    let mut report = CvReport::default();
    for &target in targets {
        let classes = classes(target, examples, order);
        let probs = out_of_fold(target, examples, &classes, &settings.config, &fold, k);
        let held: Vec<(&Example, &Vec<f32>)> = (examples.iter().zip(&probs))
            .filter_map(|(e, p)| Some((e, p.as_ref()?)))
            .collect();
        for (e, p) in &held {
            let line = serde_json::json!({
                "target": target.as_str(), "doc": e.doc, "gold": gold_of(target, e),
                "rules": rules_of(target, e), "classes": classes, "probs": p,
            });
            report.jsonl += &format!("{line}\n");
        }
        let _ = writeln!(
            report.text,
            "{}: {} held-out examples of {} documents",
            target.as_str(),
            held.len(),
            docs.len()
        );
        report.text += &match target {
            Target::Category => category_figures(&held, &classes, &settings.category, none),
            Target::Kind => kind_figures(&held, &classes, &settings.kind),
        };
    }
    report
}

fn gold_of(target: Target, e: &Example) -> Vec<String> {
    match target {
        Target::Category => e.categories.clone(),
        Target::Kind => vec![e.kind.as_str().to_string()],
    }
}

fn rules_of(target: Target, e: &Example) -> Vec<String> {
    match target {
        Target::Category => e.predicted_categories.clone(),
        Target::Kind => vec![e.predicted_kind.as_str().to_string()],
    }
}

/// Category main and any of the held-out examples for each way of combining.
fn category_figures(
    held: &[(&Example, &Vec<f32>)],
    classes: &[String],
    chosen: &Combine,
    none: Option<&str>,
) -> String {
    // the mean of each held-out document's probabilities (over its found gold items, where
    // extraction takes all its task units)
    let mut means: HashMap<&str, Vec<f32>> = HashMap::new();
    for (e, _) in held {
        if !means.contains_key(e.doc.as_str()) {
            let probs = (held.iter().filter(|(x, _)| x.doc == e.doc)).map(|(_, p)| p.as_slice());
            means.insert(e.doc.as_str(), super::mean_of(probs));
        }
    }
    let scored = |combine: &Combine| {
        let (mut main, mut any, mut n) = (0usize, 0usize, 0usize);
        for (e, p) in held.iter().filter(|(e, _)| !e.categories.is_empty()) {
            let p = match means.get(e.doc.as_str()).filter(|_| combine.document > 0.0) {
                Some(mean) => super::with_document(p, mean, combine.document),
                None => p.to_vec(),
            };
            // a fold's support is not kept: the grid is scored without abstention
            let cats = combine_categories(&e.predicted_categories, classes, &p, combine, &[], none);
            n += 1;
            main += usize::from(cats.first().map(|c| &c.0) == e.categories.first());
            any += usize::from(cats.iter().any(|c| e.categories.contains(&c.0)));
        }
        let r = |x: usize| x as f64 / n.max(1) as f64;
        (r(any), r(main))
    };
    let mut out = String::from("  main_at extra_at document   cat any  cat main\n");
    let mut grid: Vec<Combine> = Vec::new();
    for main_at in [2.0, 0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8] {
        for extra_at in [2.0, 0.5, 0.3, 0.2, 0.1] {
            grid.push(Combine {
                main_at,
                extra_at,
                min_support: 0,
                document: 0.0,
            });
        }
    }
    for document in [0.3, 0.5, 0.7, 1.0, 1.5] {
        for extra_at in [0.3, 0.2, 0.1] {
            grid.push(Combine {
                main_at: 0.0,
                extra_at,
                min_support: 0,
                document,
            });
        }
    }
    grid.push(chosen.clone());
    for (i, c) in grid.iter().enumerate() {
        let (any, main) = scored(c);
        let mark = if i + 1 == grid.len() {
            "  (chosen)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {:7.2} {:8.2} {:8.2}   {any:.3}     {main:.3}{mark}",
            c.main_at, c.extra_at, c.document
        );
    }
    out
}

/// Kind accuracy of the held-out examples for each threshold.
fn kind_figures(held: &[(&Example, &Vec<f32>)], classes: &[String], chosen: &Combine) -> String {
    let accuracy = |main_at: f32| {
        let ok = (held.iter())
            .filter(|(e, p)| {
                let (best, prob) = p.iter().copied().enumerate().fold((0, f32::MIN), |b, x| {
                    if x.1 > b.1 {
                        x
                    } else {
                        b
                    }
                });
                let model = classes
                    .get(best)
                    .and_then(|c| super::train::kind_of_class(c));
                let kind = match model {
                    Some(k) if prob >= main_at => k,
                    _ => e.predicted_kind,
                };
                kind == e.kind
            })
            .count();
        ok as f64 / held.len().max(1) as f64
    };
    let mut out = String::from("  main_at   kind\n");
    for main_at in [2.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, chosen.main_at] {
        let _ = writeln!(out, "  {main_at:7.2}   {:.3}", accuracy(main_at));
    }
    out
}
