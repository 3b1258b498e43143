//! Responsibility notes: the bracketed line after a measure that says who carries it out
//! (`……落实到位。（财政部牵头，各地区按职责分工负责）`, `（市场监管总局负责）`).
//!
//! A note is a bracketed run whose every clause (split at `，；。`) is a list of bodies
//! closed by a word that assigns them (lexicons `role-lead`: `牵头`, `role-support`:
//! `参与`, `按职责分工负责`, `role-none`: `负责`, `指导`), `X会同Y负责` (X leads, Y
//! assists), a key and its list (`责任单位：A、B，C`, `牵头单位：X；配合单位：Y`: the keys of a
//! table's columns, their names running on over `，` to the next key), or one of three remarks: a standing assignment (`以下均需试点城市政府落实`:
//! lexicon `note-standing` before the bodies), the first-named leads
//! (`排在第一位的部门为牵头部门`: lexicon `note-first-leads` with a `role-lead` word), or a
//! remark that changes nothing (`下同`, `不再列出`: lexicon `note-skip`).
//!
//! The note itself is no task. Its bodies are those of the measures it closes: the body
//! units before it back to the previous note, a unit of another section, or a unit opening
//! with an item number (that one included), at most [`NOTE_REACH`] units
//! ([`super::document`]). A standing assignment joins every later note of the same
//! top-level section; once a note says the first-named leads, the first body of every
//! later note without a role of its own leads.

use crate::record::BodyRole;
use crate::rules::RuleSet;

/// The most units one note closes.
pub const NOTE_REACH: usize = 12;

/// The id of the step that gives a measure the bodies of the note after it.
pub const INHERIT_NOTE: &str = "body.inherit.note";

/// The id of the step that makes a note's first-named body its lead.
pub const ROLE_FIRST_LEADS: &str = "body.role.first-leads";

/// The id of the step that gives a note's bodies the role its words name.
pub const ROLE_NOTE_WORDS: &str = "body.role.note-words";

/// Longest name of a body in a note, in chars.
const MAX_NAME_CHARS: usize = 24;

/// A body a note names: byte offsets into the note's text, and its role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteBody {
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// Its role, when the note's words give one.
    pub role: Option<BodyRole>,
}

/// A responsibility note, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Note {
    /// The bodies it assigns the measures it closes, in order.
    pub bodies: Vec<NoteBody>,
    /// The bodies it assigns every later measure too (`以下均需…落实`).
    pub standing: Vec<NoteBody>,
    /// Whether it says the first-named body of a note leads (`排在第一位的部门为牵头部门`).
    pub first_leads: bool,
    /// Its clauses that say when (`2020年底前完成`): byte ranges, the times of the measures
    /// it closes.
    pub times: Vec<(usize, usize)>,
}

/// The note `text` is or ends with: a bracketed run (with terminators after it) that is
/// the whole text, or closes it (`……回收网点（商务部负责）。`); with the byte offset of its
/// opening bracket. `None` when the text holds no note.
pub fn find(rules: &RuleSet, text: &str) -> Option<(usize, Note)> {
    let body = text.trim_end_matches(crate::structure::TERMINATORS);
    let inner_end = body.strip_suffix(['）', ')']).map(str::len)?;
    let open = body[..inner_end].rfind(['（', '('])?;
    let inner_start = open + body[open..].chars().next()?.len_utf8();
    let note = parse(rules, &body[inner_start..inner_end], inner_start)?;
    Some((open, note))
}

/// Reads the inside of a bracketed run as a note; offsets are shifted by `base`.
fn parse(rules: &RuleSet, inner: &str, base: usize) -> Option<Note> {
    let mut note = Note::default();
    let mut from = 0;
    let mut assigned = false;
    // the role of the last key (`牵头单位：`), whose names run on over `，`
    let mut keyed: Option<Option<BodyRole>> = None;
    for (i, c) in inner
        .char_indices()
        .chain(std::iter::once((inner.len(), '，')))
    {
        // `、` parts two clauses where the one before it closes an assignment
        // (`市市场监管局牵头负责、各区政府组织落实`), else two names of a list
        let parts = matches!(c, '，' | ',' | '；' | ';' | '。')
            || (c == '、' && closing_word(rules, &inner[from..i]).is_some());
        if !parts {
            continue;
        }
        let clause = &inner[from..i];
        let at = base + from;
        from = i + c.len_utf8();
        if clause.trim().is_empty() || starts_with_any(rules, "note-skip", clause) {
            continue;
        }
        if is_first_leads(rules, clause) {
            note.first_leads = true;
            continue;
        }
        if is_time(rules, clause) {
            note.times.push((at, at + clause.len()));
            continue;
        }
        if let Some(p) = prefix(rules, "note-standing", clause) {
            note.standing
                .extend(assignment(rules, &clause[p..], at + p)?);
            continue;
        }
        // `责任单位：A、B，C`: a key, then names up to the next key or the note's end
        if let Some((k, role)) = key(rules, clause) {
            note.bodies
                .extend(names_in(rules, &clause[k..], at + k, role)?);
            (keyed, assigned) = (Some(role), true);
            continue;
        }
        match keyed.filter(|_| closing_word(rules, clause).is_none()) {
            Some(role) => note.bodies.extend(names_in(rules, clause, at, role)?),
            None => note.bodies.extend(assignment(rules, clause, at)?),
        }
        assigned = true;
    }
    // one of its bodies at least reads as a body's name (`各地区`, `财政部`)
    let named = (note.bodies.iter().chain(&note.standing))
        .any(|b| super::body::ends_in_body_head(&inner[b.start - base..b.end - base], rules));
    (assigned && named).then_some(note)
}

/// The bodies of one clause `<names><word>` (`X会同Y负责`: X leads, Y assists); offsets
/// shifted by `base`. `None` when the clause is not of that shape.
fn assignment(rules: &RuleSet, clause: &str, base: usize) -> Option<Vec<NoteBody>> {
    let (len, role) = closing_word(rules, clause)?;
    let names = &clause[..clause.len() - len];
    if let Some(k) = names.find("会同") {
        let mut out = names_in(rules, &names[..k], base, Some(BodyRole::Lead))?;
        let after = k + "会同".len();
        out.extend(names_in(
            rules,
            &names[after..],
            base + after,
            Some(BodyRole::Support),
        )?);
        return Some(out);
    }
    names_in(rules, names, base, role)
}

/// The key opening a clause that lists bodies (`责任单位：`, `牵头单位：`, `配合单位：`, the
/// lexicons of a table's columns): its length in bytes with its colon, and the role it
/// gives.
fn key(rules: &RuleSet, clause: &str) -> Option<(usize, Option<BodyRole>)> {
    [
        ("table-lead", Some(BodyRole::Lead)),
        ("table-support", Some(BodyRole::Support)),
        ("table-body", None),
    ]
    .into_iter()
    .flat_map(|(lex, role)| rules.lexicon(lex).iter().map(move |w| (w, role)))
    .filter_map(|(w, role)| {
        let rest = clause.strip_prefix(w.as_str())?;
        let colon = rest.chars().next().filter(|c| matches!(c, '：' | ':'))?;
        Some((w.len() + colon.len_utf8(), role))
    })
    .max_by_key(|&(len, _)| len)
}

/// The word closing a clause that assigns its bodies, longest first: its length in bytes
/// and the role it gives (also the word closing an item of a table's body cell:
/// `财政部牵头`).
pub(super) fn closing_word(rules: &RuleSet, clause: &str) -> Option<(usize, Option<BodyRole>)> {
    [
        ("role-lead", Some(BodyRole::Lead)),
        ("role-support", Some(BodyRole::Support)),
        ("role-none", None),
    ]
    .into_iter()
    .flat_map(|(lex, role)| rules.lexicon(lex).iter().map(move |w| (w, role)))
    .filter(|(w, _)| clause.ends_with(w.as_str()) && clause.len() > w.len())
    .max_by_key(|(w, _)| w.len())
    .map(|(w, role)| (w.len(), role))
}

/// The names of a list (`A、B和C`), each of Han characters (brackets allowed) and at most
/// [`MAX_NAME_CHARS`] long, with `role`; `None` when one is not a name. A 和, 及 or 与 parts
/// two names only when the part before it is one (ends in a body head): in `工业和信息化部`
/// or `文化和旅游部` it is inside one name.
fn names_in(
    rules: &RuleSet,
    list: &str,
    base: usize,
    role: Option<BodyRole>,
) -> Option<Vec<NoteBody>> {
    let mut seps = Vec::new();
    let mut last = 0;
    for (i, sep) in list.match_indices(['、', '和', '及', '与', '/']) {
        if matches!(sep, "、" | "/") || super::body::ends_in_body_head(&list[last..i], rules) {
            seps.push((i, sep));
            last = i + sep.len();
        }
    }
    let mut out = Vec::new();
    let mut from = 0;
    for (i, sep) in seps.into_iter().chain(std::iter::once((list.len(), ""))) {
        let mut name = &list[from..i];
        let mut start = from;
        from = i + sep.len();
        // `由财政部负责`, `财政部等按职责分工负责`: the name without them
        if let Some(rest) = name.strip_prefix('由') {
            (name, start) = (rest, start + '由'.len_utf8());
        }
        name = name.strip_suffix('等').unwrap_or(name);
        let n = name.chars().count();
        let fits = |c: char| crate::text::is_han(c) || "（）()".contains(c);
        if !(2..=MAX_NAME_CHARS).contains(&n) || !name.chars().all(fits) {
            return None;
        }
        out.push(NoteBody {
            start: base + start,
            end: base + start + name.len(),
            role,
        });
    }
    Some(out)
}

/// Whether a clause says when (`2020年底前完成`, `长期坚持`): a number with 年, 月 or 日,
/// or a word of `note-time`.
fn is_time(rules: &RuleSet, clause: &str) -> bool {
    let numbered =
        clause.chars().any(|c| c.is_ascii_digit()) && clause.contains(['年', '月', '日']);
    numbered || (rules.lexicon("note-time").iter()).any(|w| clause.contains(w.as_str()))
}

/// Whether a clause says the first-named body leads.
fn is_first_leads(rules: &RuleSet, clause: &str) -> bool {
    (rules.lexicon("note-first-leads").iter()).any(|w| clause.contains(w.as_str()))
        && (rules.lexicon("role-lead").iter()).any(|w| clause.contains(w.as_str()))
}

/// The length of the longest word of lexicon `lex` the clause starts with.
fn prefix(rules: &RuleSet, lex: &str, clause: &str) -> Option<usize> {
    (rules.lexicon(lex).iter())
        .filter(|w| clause.starts_with(w.as_str()))
        .map(String::len)
        .max()
}

fn starts_with_any(rules: &RuleSet, lex: &str, clause: &str) -> bool {
    prefix(rules, lex, clause).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A note read: its bodies with roles, its standing bodies, whether the first leads.
    type Read = (Vec<(String, Option<BodyRole>)>, Vec<String>, bool);

    fn read(text: &str) -> Option<Read> {
        let rules = RuleSet::defaults().unwrap();
        let (_, n) = find(&rules, text)?;
        let b = (n.bodies.iter())
            .map(|b| (text[b.start..b.end].to_string(), b.role))
            .collect();
        let s = (n.standing.iter())
            .map(|b| text[b.start..b.end].to_string())
            .collect();
        Some((b, s, n.first_leads))
    }

    #[test]
    fn notes_and_what_they_assign() {
        let (b, _, _) = read("（审计署牵头，各省级人民政府按职责分工负责）").unwrap();
        assert_eq!(
            b,
            vec![
                ("审计署".to_string(), Some(BodyRole::Lead)),
                ("各省级人民政府".to_string(), Some(BodyRole::Support))
            ]
        );
        let (b, _, first) =
            read("（教育部、人力资源社会保障部负责，排在第一位的为牵头单位，下同）").unwrap();
        assert_eq!(b.len(), 2);
        assert!(first);
        let (b, s, _) =
            read("（水利部指导，各流域城市负责落实。以下均需各流域城市落实，不再列出）").unwrap();
        assert_eq!(b[0], ("水利部".to_string(), None));
        assert_eq!(s, vec!["各流域城市"]);
        let (b, _, _) = read("（交通运输部会同公安部负责）").unwrap();
        assert_eq!(
            b,
            vec![
                ("交通运输部".to_string(), Some(BodyRole::Lead)),
                ("公安部".to_string(), Some(BodyRole::Support))
            ]
        );
        // a note closing a sentence
        assert!(read("完善回收网点（商务部负责）。").is_some());
        let (b, _, _) =
            read("（由人民银行、银保监会等按职责分工负责，2021年6月底前完成）").unwrap();
        assert_eq!(
            b,
            vec![
                ("人民银行".to_string(), Some(BodyRole::Support)),
                ("银保监会".to_string(), Some(BodyRole::Support))
            ]
        );
        // a 和 inside a ministry's name parts nothing; one between two names does
        let (b, _, _) = read("（工业和信息化部、文化和旅游部牵头）").unwrap();
        let names: Vec<&str> = b.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["工业和信息化部", "文化和旅游部"]);
        let (b, _, _) = read("（教育部和财政部负责）").unwrap();
        let names: Vec<&str> = b.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["教育部", "财政部"]);
    }

    #[test]
    fn keyed_notes_list_their_bodies_by_key() {
        let (b, _, _) = read("（责任单位：市规划资源局、市商务委，各区政府）").unwrap();
        let names: Vec<&str> = b.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["市规划资源局", "市商务委", "各区政府"]);
        assert!(b.iter().all(|(_, role)| role.is_none()));
        let (b, _, _) = read("（牵头单位：市应急局；配合单位：市公安局、市消防救援局）").unwrap();
        assert_eq!(
            b,
            vec![
                ("市应急局".to_string(), Some(BodyRole::Lead)),
                ("市公安局".to_string(), Some(BodyRole::Support)),
                ("市消防救援局".to_string(), Some(BodyRole::Support))
            ]
        );
        // two assignments parted by `、`
        let (b, _, _) = read("（市市场监管局牵头负责、各区政府组织落实）").unwrap();
        assert_eq!(
            b,
            vec![
                ("市市场监管局".to_string(), Some(BodyRole::Lead)),
                ("各区政府".to_string(), None)
            ]
        );
        // a key with no name after it lists nothing
        assert!(read("（责任单位：）").is_none());
    }

    #[test]
    fn asides_that_are_no_notes() {
        assert!(read("（此件公开发布）").is_none());
        assert!(read("（2019年12月底前完成）").is_none());
        assert!(read("（党委宣传部 供稿）").is_none());
        assert!(read("（以下简称通知）").is_none());
        assert!(read("（一）加强组织领导").is_none());
    }
}
