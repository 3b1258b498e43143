//! Metrics: numbers with units (`166起`, `12.2万` → 122000, `77.6%`).
//!
//! Values saturate: a number too large for f64 becomes f64::MAX, never infinity, so the
//! JSON stays valid whatever the text says. A match that continues a longer token (the
//! `309人` of `1e309人`, the `5次` of `v1.5次`) is not a metric: its value would be a misreading.

use super::document::{Document, UnitRead};
use super::trace::Trace;
use crate::record::Metric;
use crate::rules::{Context, RuleSet, Scan};
use crate::text::Piece;

/// A metric found in a text: byte offsets into it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// The parsed value.
    pub value: f64,
    /// The unit, `""` for a bare multiple like `12.2万`.
    pub unit: String,
    /// The rule.
    pub rule: String,
}

/// The metrics of a task unit, traced.
pub(super) fn of_unit(
    doc: &Document<'_>,
    unit: &UnitRead<'_>,
    piece: Piece<'_>,
    trace: &mut Trace,
) -> Vec<Metric> {
    (find(doc.rules, piece.text, Some(&unit.scan)).into_iter())
        .map(|f| {
            let text = piece.slice(f.start, f.end).to_string();
            let span = piece.span(f.start, f.end);
            trace.value("metrics", &text, &f.rule, &text, Some(span));
            Metric {
                text,
                value: f.value,
                unit: f.unit,
                span,
            }
        })
        .collect()
}

/// Every metric of a text (`scan`: the rule set's scan of it, when there is one). A bare
/// number with neither multiplier nor unit is not a metric.
pub fn find(rules: &RuleSet, text: &str, scan: Option<&Scan<'_>>) -> Vec<Found> {
    let mut out = Vec::new();
    for m in rules.metric.find(text, Context::default().with_scan(scan)) {
        let glued = text[..m.whole_start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.');
        if glued {
            continue;
        }
        let Some(caps) = m.rule.captures(&text[m.whole_start..]) else {
            continue;
        };
        let get = |n: &str| caps.name(n).unwrap_or("");
        let (num, mult, unit) = (get("num"), get("mult"), get("unit"));
        if mult.is_empty() && unit.is_empty() {
            continue;
        }
        let Ok(base) = num.parse::<f64>() else {
            continue;
        };
        let factor = match mult {
            "千" => 1e3,
            "万" => 1e4,
            "百万" => 1e6,
            "千万" => 1e7,
            "亿" => 1e8,
            _ => 1.0,
        };
        let value = base * factor;
        let value = if value.is_finite() { value } else { f64::MAX };
        let unit = match unit {
            "％" => "%",
            u => u,
        };
        out.push(Found {
            start: m.whole_start,
            end: m.whole_end,
            value,
            unit: unit.to_string(),
            rule: m.rule.id.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_units() {
        let rules = RuleSet::defaults().unwrap();
        let t = "问责216人，分别减少77.6%，已解决12.2万贫困人口，筹措1000亿元，8个方面，2018年";
        let f = find(&rules, t, Some(&rules.scan(t)));
        let got: Vec<(f64, &str)> = f.iter().map(|m| (m.value, m.unit.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (216.0, "人"),
                (77.6, "%"),
                (122000.0, ""),
                (1e11, "元"),
                (8.0, "个")
            ]
        );
    }

    #[test]
    fn absurd_numbers_saturate() {
        let rules = RuleSet::defaults().unwrap();
        let s = format!("{}亿元", "9".repeat(400));
        let f = find(&rules, &s, None);
        assert!(f.iter().all(|m| m.value.is_finite()));
        assert_eq!(f.first().map(|m| m.value), Some(f64::MAX));
    }

    #[test]
    fn exponent_notation_is_not_read_as_a_metric() {
        let rules = RuleSet::defaults().unwrap();
        let f = find(
            &rules,
            "涉及1e309人，会议1.7976931348623157e308次，处理3人",
            None,
        );
        let got: Vec<(f64, &str)> = f.iter().map(|m| (m.value, m.unit.as_str())).collect();
        assert_eq!(got, vec![(3.0, "人")]);
    }
}
