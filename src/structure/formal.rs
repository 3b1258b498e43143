//! Formal elements of an official document: its number (`中办发〔2019〕16号`), the
//! addressee line (主送), and the closing signature (issuing bodies over a date of issue).

use super::head::date_of;
use super::lines::{is_signer, SIGNER_CHARS};
use super::units::{chars, has_sentence_punct};
use super::Structure;
use crate::rules::{Context, RuleSet};

/// The formal elements' lines and the date of issue.
pub(super) struct Formal {
    /// The lines of the number, the addressees and the signature.
    pub lines: Vec<usize>,
    /// The date of issue under the signature at the end: ISO, its year, the rule.
    pub date: Option<Dated>,
    /// The date of issue under a signature inside the text (a covering notice before what it
    /// issues), when there is none at the end.
    pub inner_date: Option<Dated>,
}

/// A date found for the document: ISO, its year, the rule.
pub(super) type Dated = (String, Option<i32>, String);

/// Finds the document number, the addressee line (among the first lines after the page's
/// metadata, `meta_lines`) and the closing signature block (issuing
/// bodies over a date of issue); fills in the number, the addressees and the issuers (when
/// not known yet) and gives the lines and the date of issue.
pub(super) fn formal_lines(
    text: &str,
    lines: &[(usize, usize)],
    meta_lines: &[usize],
    rules: &RuleSet,
    ctx: Context<'_>,
    st: &mut Structure,
) -> Formal {
    let mut out = Vec::new();
    let mut date = None;
    let non_empty: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].0 < lines[i].1)
        .collect();
    // the number and the addressees open the notice, after the page's metadata
    for &li in (non_empty.iter())
        .filter(|li| !meta_lines.contains(li))
        .take(10)
    {
        let line = &text[lines[li].0..lines[li].1];
        let matches = rules.structure.all(line, ctx);
        if let Some(m) = matches.iter().find(|m| m.label == "number") {
            let whole = m.whole_start == 0 && m.whole_end == line.len();
            if st.number.is_none() && chars(line) <= 40 {
                st.number = Some(line[m.start..m.end].to_string());
                st.rules.push(m.rule.id.clone());
                out.push(li);
            } else if whole {
                // the number again (a page's metadata named it first)
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
    // the signature: a date line among the last lines, with short organisation lines above
    // it; else, where a covering notice ends before what it issues, the first date line
    // under an organisation line
    let line = |li: usize| &text[lines[li].0..lines[li].1];
    // a date line, or the issuer and the date on one line (`某局　　2021年4月1日`): the
    // date and the issuer it names (empty when none)
    let date_line = |li: usize| -> Option<(Dated, String)> {
        let l = line(li);
        if has_sentence_punct(l) {
            return None;
        }
        let (org, m) = (rules
            .structure
            .all_of(l, ctx, |r| r.label == "date")
            .into_iter())
        .map(|m| (unspaced(&l[..m.whole_start]), m))
        .find(|(org, _)| org.is_empty() || is_signer(org, rules, ctx))?;
        if chars(&l[m.whole_start..]) > 20 {
            return None;
        }
        let iso = date_of(&l[m.whole_start..], m.rule)?;
        let year = iso.get(..4).and_then(|y| y.parse().ok());
        Some(((iso, year, m.rule.id.clone()), org))
    };
    let is_org = |li: usize| !signers(line(li), rules, ctx).is_empty();
    let last = non_empty
        .iter()
        .rev()
        .take(4)
        .find_map(|&li| Some((li, date_line(li)?)));
    let inner = || {
        (non_empty.windows(2)).find_map(|w| is_org(w[0]).then(|| Some((w[1], date_line(w[1])?)))?)
    };
    // a covering notice signed by its date alone, under its closing sentence (`…现转发给你们，
    // 请认真按照执行。` / `2017年9月6日`)
    let unsigned = || {
        (non_empty.windows(2)).find_map(|w| {
            let closes = line(w[0]).trim_end().ends_with('。');
            let (d, org) = date_line(w[1]).filter(|_| closes)?;
            org.is_empty().then_some((w[1], (d, org)))
        })
    };
    // a covering notice (its title issues or forwards what follows: 关于印发/转发…的通知) is
    // dated by its own signature, the first, not by that of what it issues at the end
    let cover = (st.title.as_deref())
        .is_some_and(|t| (rules.lexicon("title-cover").iter()).any(|w| t.contains(w.as_str())));
    let first = (cover || last.is_none()).then(inner).flatten();
    let first = first.or_else(|| cover.then(unsigned).flatten());
    let (signed, of_issue) = match (last, first) {
        (_, Some(f)) if cover => (Some(f), true),
        (Some(l), _) => (Some(l), true),
        (None, f) => (f, false),
    };
    let mut inner_date = None;
    let signed = signed.map(|(li, (d, org))| {
        match of_issue {
            true => date = Some(d),
            false => inner_date = Some(d),
        }
        (li, org)
    });
    if let Some((li, org)) = signed {
        out.push(li);
        // the issuer signing on the date's own line (`国  务  院  二○一一年十月十七日`)
        if !org.is_empty() && !st.issuer.contains(&org) {
            st.issuer.push(org);
        }
        let above = non_empty
            .iter()
            .rev()
            .skip_while(|&&x| x != li)
            .skip(1)
            .take(3);
        for &ai in above {
            let orgs = signers(line(ai), rules, ctx);
            if orgs.is_empty() {
                break;
            }
            out.push(ai);
            for org in orgs {
                if !st.issuer.contains(&org) {
                    st.issuer.push(org);
                }
            }
        }
    }
    Formal {
        lines: out,
        date,
        inner_date,
    }
}

/// How far from the end of the text a signature run into its last line may start (chars).
const RUN_IN_SIGNATURE_CHARS: usize = 80;

/// The date of a signature run into the last line after its last sentence, as a document
/// stored as one line has it (`…。某委员会2021年12月20日（联系人：…）`: an organisation, then
/// the date, then at most a bracketed note). The line stays a unit of the text: a formal
/// line ([`formal_lines`]) would take the sentences before it with it.
pub(super) fn run_in_signature(
    text: &str,
    lines: &[(usize, usize)],
    rules: &RuleSet,
    ctx: Context<'_>,
) -> Option<Dated> {
    let &(s, e) = (lines.iter().rev()).find(|(ls, le)| !text[*ls..*le].trim().is_empty())?;
    let line = &text[s..e];
    let tail = line.rsplit_once('。').map_or(line, |(_, t)| t);
    if chars(tail) > RUN_IN_SIGNATURE_CHARS {
        return None;
    }
    let m = (rules.structure.all_of(tail, ctx, |r| r.label == "date"))
        .into_iter()
        .min_by_key(|m| m.whole_start)?;
    let rest = tail[m.whole_end..].trim_start_matches('日').trim();
    let noted = rest.is_empty() || (rest.starts_with(['（', '(']) && rest.ends_with(['）', ')']));
    let org = unspaced(&tail[..m.whole_start]);
    if !noted || org.is_empty() || !is_signer(&org, rules, ctx) {
        return None;
    }
    let iso = date_of(&tail[m.whole_start..], m.rule)?;
    let year = iso.get(..4).and_then(|y| y.parse().ok());
    Some((iso, year, m.rule.id.clone()))
}

/// The organisations a signature line names: one (`国  务  院`, spaced out) or several set
/// apart by spaces (`上海市民政局　　上海市消防救援局`, each a signer); none when the line is
/// no signature.
fn signers(line: &str, rules: &RuleSet, ctx: Context<'_>) -> Vec<String> {
    if has_sentence_punct(line) {
        return Vec::new();
    }
    let whole = unspaced(line);
    if chars(&whole) <= SIGNER_CHARS && is_signer(&whole, rules, ctx) {
        return vec![whole];
    }
    let names: Vec<&str> = line.split_whitespace().collect();
    let each = names.len() > 1
        && (names.iter())
            .all(|n| chars(n) >= 2 && chars(n) <= SIGNER_CHARS && is_signer(n, rules, ctx));
    match each {
        true => names.into_iter().map(str::to_string).collect(),
        false => Vec::new(),
    }
}

/// An organisation's name without the spaces a signature sets its characters apart with
/// (`国  务  院`: every piece one character, the line's width, not part of the name); a
/// line of several names (`教育部  财政部`) is only trimmed.
fn unspaced(s: &str) -> String {
    let mut pieces = s.split_whitespace();
    if pieces.clone().count() > 1 && pieces.all(|p| p.chars().count() == 1) {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        s.trim().to_string()
    }
}
