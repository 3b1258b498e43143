//! Formal elements of an official document: its number (`中办发〔2019〕16号`), the
//! addressee line (主送), and the closing signature (issuing bodies over a date of issue).

use super::head::date_of;
use super::lines::speaker_line;
use super::units::{chars, has_sentence_punct};
use super::Structure;
use crate::rules::{Context, RuleSet};

/// Finds the document number, the addressee line and the closing signature block (issuing
/// bodies over a date of issue); fills them in and gives the indexes of their lines.
pub(super) fn formal_lines(
    text: &str,
    lines: &[(usize, usize)],
    rules: &RuleSet,
    ctx: Context<'_>,
    st: &mut Structure,
) -> Vec<usize> {
    let mut out = Vec::new();
    let non_empty: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].0 < lines[i].1)
        .collect();
    for &li in non_empty.iter().take(10) {
        let line = &text[lines[li].0..lines[li].1];
        let matches = rules.structure.all(line, ctx);
        if let Some(m) = matches.iter().find(|m| m.label == "number") {
            if st.number.is_none() && chars(line) <= 40 {
                st.number = Some(line[m.start..m.end].to_string());
                st.rules.push(m.rule.id.clone());
                out.push(li);
            }
        }
        if let Some(m) = matches
            .iter()
            .find(|m| m.label == "addressee" && m.whole_start == 0)
        {
            if st.addressees.is_empty() {
                let body = line[m.start..m.end]
                    .trim_start_matches("主送")
                    .trim_start_matches([':', '：'])
                    .trim_end_matches([':', '：']);
                st.addressees = body
                    .split(['，', ','])
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect();
                st.rules.push(m.rule.id.clone());
                out.push(li);
            }
        }
    }
    // the signature: a date line among the last lines, with short organisation lines above it
    let tail: Vec<usize> = non_empty.iter().rev().take(4).copied().collect();
    for &li in &tail {
        let line = &text[lines[li].0..lines[li].1];
        if chars(line) > 20 || has_sentence_punct(line) {
            continue;
        }
        let date = rules
            .structure
            .all_of(line, ctx, |r| r.label == "date")
            .into_iter()
            .find(|m| m.whole_start == 0);
        let Some((m, regex)) = date.and_then(|m| Some((m.clone(), m.rule.regex()?))) else {
            continue;
        };
        if let Some(iso) = date_of(&line[m.whole_start..], regex) {
            out.push(li);
            if st.date.is_none() {
                st.year = iso.get(..4).and_then(|y| y.parse().ok());
                st.date = Some(iso);
                st.rules.push(m.rule.id.clone());
            }
            let above = non_empty
                .iter()
                .rev()
                .skip_while(|&&x| x != li)
                .skip(1)
                .take(3);
            for &ai in above {
                let org = &text[lines[ai].0..lines[ai].1];
                if chars(org) > 24
                    || has_sentence_punct(org)
                    || speaker_line(org, rules, ctx).is_none()
                {
                    break;
                }
                out.push(ai);
                if !st.issuer.iter().any(|x| x == org) {
                    st.issuer.push(org.to_string());
                }
            }
        }
        break;
    }
    out
}
