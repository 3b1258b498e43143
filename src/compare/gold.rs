//! Gold: hand-labelled alignments, and how well a [`Report`] agrees with them.
//!
//! Takes a gold file (TSV: `plan`, a snippet of a local item's text, the snippets of the
//! headlines of the central groups it carries out, `;`-separated, empty for none) and a
//! report; gives precision and recall over (local item, group) pairs, and per plan the
//! groups covered by the labels and by the report. Items and groups are found by text
//! snippets, not ids, so the labels survive a change in how the extractor numbers tasks; a
//! snippet that finds no item, or more than one, is an error that names the line.

use super::{Plan, Report};
use std::collections::{BTreeSet, HashSet};

/// One labelled local item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldRow {
    /// The line in the file (1-based).
    pub line: usize,
    /// The plan's name.
    pub plan: String,
    /// A snippet of the local item's text.
    pub local: String,
    /// Snippets of the headlines of the groups it carries out.
    pub groups: Vec<String>,
}

/// Parses a gold file: tab-separated `plan`, `local`, `groups`; `#` lines and blank lines
/// skipped. A line without the three columns is an error that names it.
pub fn parse(text: &str) -> Result<Vec<GoldRow>, String> {
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [plan, local, groups] = cols.as_slice() else {
            return Err(format!(
                "line {}: expected 3 tab-separated columns, found {}",
                n + 1,
                cols.len()
            ));
        };
        if plan.trim().is_empty() || local.trim().is_empty() {
            return Err(format!("line {}: empty plan or local snippet", n + 1));
        }
        rows.push(GoldRow {
            line: n + 1,
            plan: plan.trim().to_string(),
            local: local.trim().to_string(),
            groups: groups
                .split(';')
                .map(str::trim)
                .filter(|g| !g.is_empty())
                .map(str::to_string)
                .collect(),
        });
    }
    Ok(rows)
}

/// How a report agrees with the labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    /// Pairs (local item, group) the report and the labels both hold.
    pub true_pos: usize,
    /// Pairs the report holds and the labels do not.
    pub false_pos: usize,
    /// Pairs the labels hold and the report does not.
    pub false_neg: usize,
    /// Items of the labelled plans no label row names (their matches count as false positives).
    pub unlabelled: usize,
    /// Per labelled plan: name, groups covered by the labels, groups covered by the report.
    pub plans: Vec<(String, BTreeSet<String>, BTreeSet<String>)>,
}

impl Agreement {
    /// `tp / (tp + fp)`, 1 when the report holds no pair.
    pub fn precision(&self) -> f64 {
        frac(self.true_pos, self.true_pos + self.false_pos)
    }

    /// `tp / (tp + fn)`, 1 when the labels hold no pair.
    pub fn recall(&self) -> f64 {
        frac(self.true_pos, self.true_pos + self.false_neg)
    }

    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn frac(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// The one group whose headline holds `snippet`.
fn group_id<'a>(report: &'a Report, snippet: &str, line: usize) -> Result<&'a str, String> {
    let found: Vec<&str> = report
        .groups
        .iter()
        .filter(|g| g.headline.contains(snippet))
        .map(|g| g.id.as_str())
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(format!("line {line}: no group headline holds `{snippet}`")),
        _ => Err(format!(
            "line {line}: {} group headlines hold `{snippet}`",
            found.len()
        )),
    }
}

fn plan<'a>(report: &'a Report, name: &str, line: usize) -> Result<&'a Plan, String> {
    report
        .plans
        .iter()
        .find(|p| p.name == name)
        .ok_or_else(|| format!("line {line}: no plan `{name}`"))
}

/// Scores `report` against the labels, counting only matches whose score reaches
/// `min_score` (so that one report made at threshold 0 gives the whole curve).
pub fn agreement(report: &Report, gold: &[GoldRow], min_score: f64) -> Result<Agreement, String> {
    let mut out = Agreement {
        true_pos: 0,
        false_pos: 0,
        false_neg: 0,
        unlabelled: 0,
        plans: Vec::new(),
    };
    let mut names: Vec<&str> = Vec::new();
    for row in gold {
        if !names.contains(&row.plan.as_str()) {
            names.push(&row.plan);
        }
    }
    for name in names {
        let rows: Vec<&GoldRow> = gold.iter().filter(|r| r.plan == name).collect();
        let line = rows.first().map_or(0, |r| r.line);
        let p = plan(report, name, line)?;
        // the labelled groups of each item of the plan
        let mut labels: Vec<Option<HashSet<&str>>> = vec![None; p.items.len()];
        for row in &rows {
            let hits: Vec<usize> = p
                .items
                .iter()
                .enumerate()
                .filter(|(_, i)| i.text.contains(&row.local))
                .map(|(n, _)| n)
                .collect();
            let [n] = hits.as_slice() else {
                return Err(format!(
                    "line {}: {} items of `{name}` hold `{}` (expected one)",
                    row.line,
                    hits.len(),
                    row.local
                ));
            };
            let groups = row
                .groups
                .iter()
                .map(|g| group_id(report, g, row.line))
                .collect::<Result<HashSet<&str>, String>>()?;
            if let Some(slot) = labels.get_mut(*n) {
                slot.get_or_insert_with(HashSet::new).extend(groups);
            }
        }
        let (mut gold_cov, mut pred_cov) = (BTreeSet::new(), BTreeSet::new());
        for (item, label) in p.items.iter().zip(&labels) {
            let predicted: HashSet<&str> = item
                .matches
                .iter()
                .flatten()
                .filter(|m| m.score >= min_score)
                .filter_map(|m| m.group.as_deref())
                .collect();
            let empty = HashSet::new();
            let label = match label {
                Some(l) => l,
                None => {
                    out.unlabelled += 1;
                    &empty
                }
            };
            out.true_pos += predicted.intersection(label).count();
            out.false_pos += predicted.difference(label).count();
            out.false_neg += label.difference(&predicted).count();
            gold_cov.extend(label.iter().map(|g| g.to_string()));
            pred_cov.extend(predicted.iter().map(|g| g.to_string()));
        }
        out.plans.push((name.to_string(), gold_cov, pred_cov));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rows_and_names_a_bad_line() {
        let rows =
            parse("# plan\tlocal\tgroups\n天津\t查处\t整治甲;整治乙\n天津\t无关\t\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].groups, vec!["整治甲", "整治乙"]);
        assert!(rows[1].groups.is_empty());
        assert_eq!(rows[1].line, 3);
        assert!(parse("天津\t查处\n").unwrap_err().contains("line 1"));
    }

    #[test]
    fn precision_and_recall_of_nothing_are_one() {
        let a = Agreement {
            true_pos: 0,
            false_pos: 0,
            false_neg: 0,
            unlabelled: 0,
            plans: Vec::new(),
        };
        assert_eq!((a.precision(), a.recall()), (1.0, 1.0));
        let b = Agreement {
            true_pos: 3,
            false_pos: 1,
            false_neg: 3,
            ..a
        };
        assert_eq!(b.precision(), 0.75);
        assert_eq!(b.recall(), 0.5);
        assert!((b.f1() - 0.6).abs() < 1e-9);
    }
}
