//! Bodies: who must act (directive) or who acted (report).
//!
//! Explicit bodies are found clause by clause: a `subject` rule anchored at the clause's
//! start (after a lead-in such as `通知要求，`), and `agent` rules anywhere in the unit
//! (`由…牵头`, `要求…`). A candidate that opens with a word of the `body-not-start` lexicon
//! (`对`, `督促`, …) is an object, not an actor, and is dropped. Coordinated bodies
//! (`各级领导班子和党员干部`) are split where both sides end in a body head.
//!
//! A unit that names nobody inherits its body from its context ([`super::inherit`]).

use super::document::{Document, UnitRead};
use super::inherit::{self, Discourse, NamedBody, Subjects};
use super::role::{self, ROLE_AFTER, ROLE_ASSISTED, ROLE_BEFORE, ROLE_NOTE};
use super::trace::Trace;
use crate::record::{Body, BodyRole, BodySource};
use crate::rules::{Candidates, Context, RuleSet, Scan, Terms};
use crate::segment::Segmented;
use crate::text::Piece;
use crate::words::Verbs;

/// A body named in a unit: byte offsets into the unit's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// The rule.
    pub rule: String,
    /// Its role, and the step that gave it ([`super::role`]).
    pub role: Option<(BodyRole, &'static str)>,
    /// Named beside the actor (a `partner` rule: `与X共同`, `配合X`): the unit still takes
    /// its actor from the context when it names no other.
    pub partner: bool,
}

/// Explicit bodies of one unit, in text order, without repeats. `words` are the unit's
/// words (for token rules); `nominal` tells whether the byte range `start..end` of the unit
/// is whole words that read as a noun phrase (the segmenter's boundaries and part-of-speech
/// tags), so that 本部 of 本部门 is no body. `scan` is the rule set's scan of the unit, when
/// there is one.
pub fn explicit(
    rules: &RuleSet,
    text: &str,
    words: &Segmented,
    scan: Option<&Scan<'_>>,
    nominal: &dyn Fn(usize, usize) -> bool,
) -> Vec<Found> {
    let found = rules.body.candidates(text, scan, |_| true);
    explicit_among(rules, text, words, scan, nominal, &found)
}

/// [`explicit`], with the literals of the body rules in `text` found already (`found`:
/// [`crate::rules::Matcher::candidates`] of the body rules, every rule wanted). A unit in
/// which no subject rule may match has none in any of its clauses: they are not searched.
pub(crate) fn explicit_among(
    rules: &RuleSet,
    text: &str,
    words: &Segmented,
    scan: Option<&Scan<'_>>,
    nominal: &dyn Fn(usize, usize) -> bool,
    found: &Candidates,
) -> Vec<Found> {
    let (verbs, attribute) = (
        rules.terms("action-verb"),
        rules.terms("body-verb-attribute"),
    );
    let unit = Explicit {
        rules,
        text,
        not_start: rules.terms("body-not-start"),
        heads: rules.terms("body-head"),
        suffixes: rules.terms("body-org-suffix"),
        things: rules.terms("body-not-a-body"),
        functions: rules.terms("body-function"),
        time_leads: rules.lexicon("body-time-lead"),
        nominal,
        action_at: &|at| {
            (words.span(at, text.len()).and_then(|ws| ws.first()))
                .and_then(|w| text.get(w.start..w.end))
                .is_some_and(|v| verbs.contains(v) && !attribute.contains(v))
        },
    };
    let mut out: Vec<Found> = Vec::new();
    // the clauses, each searched on its own: a subject's words and markers hold no clause
    // break, and a lead-in that does (`第一，`, `同时，`) opens the clause after it too
    if rules.body.may_match(found, is_clause_rule) {
        let clauses = clauses(text);
        for (k, &(s, e)) in clauses.iter().enumerate() {
            // a clause that is all a name, before a clause that opens with a modal, is that
            // clause's subject (`地方环境保护部门和其他…部门，每年要发布…`)
            let topic = || {
                (clauses.get(k + 1))
                    .is_some_and(|&(ns, _)| opens_with_modal(rules, text, words, ns))
            };
            unit.clause_subject(words, scan, s, e, &topic, &mut out);
        }
    }
    let ctx = Context::of(words, None).with_scan(scan);
    let agents = (rules.body).all_among(
        text,
        ctx,
        |r| matches!(r.label.as_str(), "agent" | "partner"),
        found,
    );
    for m in crate::rules::resolve_overlaps(agents) {
        if let Some(mut parts) = unit.parts_of(m.start, m.end, &m.rule.id, &out) {
            let partner = m.label == "partner";
            parts.iter_mut().for_each(|p| p.partner = partner);
            out.extend(parts);
        }
    }
    out.sort_by_key(|f| f.start);
    out
}

/// The byte ranges of a unit's clauses: the text between the clause breaks `，,：:；;`.
/// Found with `memchr`, not byte by byte (a loop over every byte of every unit was about
/// 1 % of the instructions): an ASCII break is its byte, a full-width one is written
/// `EF BC xx` in UTF-8, and a character's bytes never occur inside another's, so the
/// bytes found are the character.
fn clauses(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    // ，：；
    let wide = (memchr::memchr_iter(0xEF, bytes))
        .filter(|&i| matches!(bytes.get(i + 1..i + 3), Some([0xBC, 0x8C | 0x9A | 0x9B])))
        .map(|i| (i, 3));
    let ascii = memchr::memchr3_iter(b',', b':', b';', bytes).map(|i| (i, 1));
    let mut clauses = Vec::new();
    let mut from = 0;
    for (i, len) in merged(wide, ascii) {
        clauses.push((from, i));
        from = i + len;
    }
    clauses.push((from, bytes.len()));
    clauses
}

/// The items of two lists each in order of their first field, in that order.
fn merged(
    a: impl Iterator<Item = (usize, usize)>,
    b: impl Iterator<Item = (usize, usize)>,
) -> impl Iterator<Item = (usize, usize)> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y.0 < x.0 => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

/// Whether a rule finds a clause's subject.
fn is_subject(rule: &crate::rules::Rule) -> bool {
    rule.label == "subject"
}

/// Whether a rule is run on a unit's clauses: a subject rule, a person's name, or a topic
/// (tried only before a clause that opens with a modal).
fn is_clause_rule(rule: &crate::rules::Rule) -> bool {
    matches!(rule.label.as_str(), "subject" | "person" | "topic")
}

/// One unit searched for the bodies it names: its text and what a body must be.
struct Explicit<'a> {
    rules: &'a RuleSet,
    text: &'a str,
    /// Words that make what they open an object (`对`, `督促`).
    not_start: &'a Terms,
    /// Body heads (`党委`, `部门`).
    heads: &'a Terms,
    /// Organisation suffixes (`局`, `办`).
    suffixes: &'a Terms,
    /// Things that end like a body (`网站`), or a head that alone is none (`系统`).
    things: &'a Terms,
    /// Functions named by their work (`审计`, `财务`): a body as the subject of a modal.
    functions: &'a Terms,
    /// Words of time that may open a clause before its subject (`body-time-lead`).
    time_leads: &'a [String],
    /// Whether a byte range of the unit reads as a noun phrase.
    nominal: &'a dyn Fn(usize, usize) -> bool,
    /// Whether the word at a byte of the unit is a verb of action (`压实`, `细化`) that does
    /// not also qualify a body's name (`试点`地区).
    action_at: &'a dyn Fn(usize) -> bool,
}

impl Explicit<'_> {
    /// The subject of clause `s..e` (bytes of the unit), added to `out`: the longest subject
    /// rule match at the clause's start first; when it is not acceptable, a shorter one.
    /// When `topic` says the next clause opens with a modal, `topic` rules (a clause that
    /// is all a name) are tried too (it is asked only when one may match).
    fn clause_subject(
        &self,
        words: &Segmented,
        scan: Option<&Scan<'_>>,
        s: usize,
        e: usize,
        topic: &dyn Fn() -> bool,
        out: &mut Vec<Found>,
    ) {
        let body_rules = &self.rules.body;
        let clause = after_time_lead(self.time_leads, self.text[s..e].trim_start());
        let s = e - clause.len();
        // (the literals of every clause rule: those of the rules wanted below among them)
        let found = body_rules.candidates(clause, scan, is_clause_rule);
        let topic = body_rules.may_match(&found, |r| r.label == "topic") && topic();
        let is_subject = |r: &crate::rules::Rule| {
            is_subject(r) || r.label == "person" || (topic && r.label == "topic")
        };
        // a clause that holds none of the literals every subject rule needs has no subject
        // (most have none): its words are not even sliced
        if !body_rules.may_match(&found, is_subject) {
            return;
        }
        let clause_words = words.slice(s, e);
        let mut limit = clause.len();
        while limit > 0 {
            let sub = &clause[..limit];
            // the clause's own words and literals the first time round (the prefix of all
            // of it)
            let subjects = if limit == clause.len() {
                let ctx = Context::of(&clause_words, None).with_scan(scan);
                body_rules.all_among(sub, ctx, is_subject, &found)
            } else {
                let sub_words = clause_words.prefix(limit);
                let ctx = Context::of(&sub_words, None).with_scan(scan);
                body_rules.all_of(sub, ctx, is_subject)
            };
            let Some(m) = crate::rules::resolve_overlaps(subjects)
                .into_iter()
                .find(|m| m.whole_start == 0)
            else {
                return;
            };
            // a person's name, found by its shape (a family name and one or two
            // characters before a verb of reporting), is taken as it is: jieba splits names
            // into words that read as no noun phrase (王/nr 琛/g)
            if m.rule.label == "person" {
                let overlaps = out
                    .iter()
                    .any(|o| o.start < s + m.end && s + m.start < o.end);
                if !overlaps {
                    out.push(Found {
                        start: s + m.start,
                        end: s + m.end,
                        rule: m.rule.id.clone(),
                        role: None,
                        partner: false,
                    });
                }
                return;
            }
            if let Some(parts) = self.parts_of(s + m.start, s + m.end, &m.rule.id, out) {
                out.extend(parts);
                return;
            }
            let body = &sub[m.start..m.end];
            limit = m.end - body.chars().last().map_or(1, char::len_utf8);
        }
    }

    /// Whether bytes `start..end` may be a body: a noun phrase, not opening with a word
    /// that makes it an object, and either a known head word or at least three characters
    /// (民政局, not 全部).
    fn acceptable(&self, start: usize, end: usize) -> bool {
        let body = &self.text[start..end];
        // a function a rule found as a modal's subject (`财务、审计要走在前`) names a body
        if self.functions.contains(body) {
            return true;
        }
        // (a head word may open a body whatever else it starts with); a verb of action
        // opens a predicate whose object ends in a head (压实学院党委, 细化中心组)
        let opens_badly =
            (self.not_start.starts(body) || (self.action_at)(start)) && !self.heads.starts(body);
        let long_enough = body.chars().count() >= 3 || self.heads.contains(body);
        // a thing that ends like an organisation (医院网站), a head that alone is a manner (系统)
        let a_thing =
            self.things.contains(body) || (self.things.ends(body) && !self.heads.ends(body));
        !opens_badly
            && long_enough
            && !a_thing
            && !body.ends_with("总书记")
            && (self.nominal)(start, end)
    }

    /// The parts of the candidate at bytes `start..end` that are acceptable, with their
    /// roles, or none when one is not (or when it overlaps a body in `out`).
    fn parts_of(&self, start: usize, end: usize, rule: &str, out: &[Found]) -> Option<Vec<Found>> {
        let body = &self.text[start..end];
        if out.iter().any(|o| o.start < end && start < o.end) {
            return None;
        }
        // the words around the whole candidate give every part its role
        let around = role_around(self.rules, self.text, start, end);
        // `X会同Y`: X leads, Y assists; each side split where names are listed (those of
        // organisations too: `县环保局、县水文站`, else only names ending in a body head)
        let sides = match joined_at(self.rules, body) {
            Some((k, len)) => vec![
                (0, k, Some((BodyRole::Lead, ROLE_AFTER))),
                (k + len, body.len(), Some((BodyRole::Support, ROLE_BEFORE))),
            ],
            None => vec![(0, body.len(), around)],
        };
        let mut parts = Vec::new();
        for (from, to, role) in sides {
            parts.extend(self.side_parts(start, from, to, role, rule)?);
        }
        Some(parts)
    }

    /// The byte ranges of the functions `side` lists, when it is only a list of them
    /// (`财务、审计`, `组织、纪检、审计`).
    fn functions_listed(&self, side: &str) -> Option<Vec<(usize, usize)>> {
        let mut parts = Vec::new();
        let mut from = 0;
        for (i, c) in side.char_indices().chain([(side.len(), '、')]) {
            if matches!(c, '、' | '和' | '与' | '及') {
                self.functions.contains(&side[from..i]).then_some(())?;
                parts.push((from, i));
                from = i + c.len_utf8();
            }
        }
        Some(parts)
    }

    /// The names listed in bytes `from..to` of the candidate starting at byte `start`, each
    /// with `role` (or the role its own closing note gives), when all are acceptable.
    fn side_parts(
        &self,
        start: usize,
        from: usize,
        to: usize,
        role: Option<(BodyRole, &'static str)>,
        rule: &str,
    ) -> Option<Vec<Found>> {
        let body = &self.text[start..];
        let part = |(s, e): (usize, usize)| {
            let (e, role) = match role::note(self.rules, &body[s..e]) {
                Some((len, r)) => (s + len, Some((r, ROLE_NOTE))),
                None => (e, role),
            };
            Found {
                start: start + s,
                end: start + e,
                rule: rule.to_string(),
                role,
                partner: false,
            }
        };
        let side = &body[from..to];
        if let Some(list) = self.functions_listed(side) {
            return Some(
                list.into_iter()
                    .map(|(s, e)| part((from + s, from + e)))
                    .collect(),
            );
        }
        [Some(self.suffixes), None]
            .into_iter()
            .find_map(|suffixes| {
                let parts: Vec<Found> = (split_coordinated(side, self.heads, suffixes).into_iter())
                    .map(|(s, e)| part((from + s, from + e)))
                    .collect();
                (parts.iter())
                    .all(|f| self.acceptable(f.start, f.end))
                    .then_some(parts)
            })
    }
}

/// Longest clause, in chars, that may name who speaks before a lead-in verb (`杨庆山强调，`,
/// `市委书记在讲话中指出：`).
const SPEAKER_CLAUSE_MAX: usize = 16;

/// Whether a unit opens with someone's words: its first clause is short and ends with a
/// lead-in verb (`lead-in`: 强调, 指出, 要求 …) before a comma or colon.
fn opens_speech_act(rules: &RuleSet, text: &str) -> bool {
    let Some(end) = text.find(['，', ',', '：', ':']) else {
        return false;
    };
    let clause = &text[..end];
    clause.chars().count() <= SPEAKER_CLAUSE_MAX
        && (rules.lexicon("lead-in").iter()).any(|w| clause.ends_with(w.as_str()))
}

/// The bodies of a task unit, traced: those it names, with their roles; beside them those
/// its table row names ([`inherit::alongside`]); with neither, those it inherits. A unit
/// that names some becomes the `previous` subject of the units after it.
pub(super) fn of_unit(
    doc: &Document<'_>,
    unit: &UnitRead<'_>,
    piece: Piece<'_>,
    discourse: &mut Discourse,
    task_number: usize,
    kind: crate::record::Kind,
    trace: &mut Trace,
) -> Vec<Body> {
    let mut bodies: Vec<Body> = (unit.explicit.iter())
        .map(|f| explicit_body(piece, f, trace))
        .collect();
    let u = doc.unit(unit.index);
    let actor_named = unit.explicit.iter().any(|f| !f.partner);
    if actor_named {
        discourse.previous = Some(Subjects {
            line: u.line,
            section: u.section,
            task_number,
            // the actor and those it works with, with their roles
            bodies: (bodies.iter().zip(&unit.explicit))
                .map(|(b, f)| NamedBody {
                    text: b.text.clone(),
                    span: b.span,
                    role: f.role,
                })
                .collect(),
        });
    }
    if !actor_named && opens_speech_act(doc.rules, piece.text) {
        // `杨庆山强调，要…`: a new speaker's words; the subject of the sentences before is
        // not theirs to direct (TASKS.md, speeches): the audience's, the holder's …
        discourse.previous = None;
    }
    let inherited = match inherit::alongside(doc, unit.index) {
        Some(found) => Some(found),
        None if !actor_named => inherit::inherit(doc, unit.index, discourse, task_number, kind),
        None => None,
    };
    if let Some((rule, named)) = inherited {
        trace.rule(rule);
        for n in named {
            if bodies.iter().any(|b| b.text == n.text) {
                continue;
            }
            trace.explain_only("bodies", &n.text, rule, &n.text, n.span);
            if let Some((_, step)) = n.role {
                trace.rule(step);
            }
            bodies.push(Body {
                canonical: canonical(&n.text),
                text: n.text,
                source: BodySource::Inherited,
                span: n.span,
                role: n.role.map(|(r, _)| r),
                rule: rule.to_string(),
            });
        }
    }
    // the one who does 配合/协助 for a body that leads assists
    if unit.explicit_led {
        for b in bodies.iter_mut().filter(|b| b.role.is_none()) {
            b.role = Some(BodyRole::Support);
        }
    }
    bodies
}

/// Where a word of `role-support-object` joins two names inside a body (`X会同Y`): its byte
/// offset and length.
fn joined_at(rules: &RuleSet, body: &str) -> Option<(usize, usize)> {
    (rules.lexicon("role-support-object").iter())
        .filter_map(|w| body.find(w.as_str()).map(|k| (k, w.len())))
        .filter(|&(k, len)| k > 0 && k + len < body.len())
        .min()
}

/// The role the words around bytes `start..end` of `text` give the body written there.
fn role_around(
    rules: &RuleSet,
    text: &str,
    start: usize,
    end: usize,
) -> Option<(BodyRole, &'static str)> {
    if let Some(r) = role::after(rules, &text[end..]) {
        return Some((r, ROLE_AFTER));
    }
    role::before(rules, &text[..start]).map(|r| match r {
        BodyRole::Lead => (r, ROLE_ASSISTED),
        BodyRole::Support => (r, ROLE_BEFORE),
    })
}

/// A body the unit names, with the role the words around it give; traced.
fn explicit_body(piece: Piece<'_>, f: &Found, trace: &mut Trace) -> Body {
    let text = piece.slice(f.start, f.end);
    let span = piece.span(f.start, f.end);
    trace.value("bodies", text, &f.rule, text, Some(span));
    if let Some((_, step)) = f.role {
        trace.rule(step);
    }
    Body {
        text: text.to_string(),
        canonical: canonical(text),
        source: BodySource::Explicit,
        span: Some(span),
        role: f.role.map(|(r, _)| r),
        rule: f.rule.clone(),
    }
}

/// Whether bytes `s..e` of a unit read as a body's name: whole words that make a noun
/// phrase ending in a body head (`各级党委`), or an organisation's name ending in an
/// organisation suffix (`市委办`) with no modal among its words (`各单位要组织党员干部` is a
/// clause, not a name, though it ends in 部), and no word of `body-never-inside` (a copula or
/// a verb of existence: `…巡查是落实省委` is a clause that ends in 委).
pub(crate) fn is_nominal(rules: &RuleSet, t: &str, words: &Segmented, s: usize, e: usize) -> bool {
    let never = rules.terms("body-never-inside");
    let holds_a_predicate = words.span(s, e).is_some_and(|ws| {
        (ws.iter().filter_map(|w| t.get(w.start..w.end))).any(|w| never.contains(w))
    });
    let names = |w: &str| ends_in_body_head(w, rules);
    !holds_a_predicate
        && !subject_then_predicate(t, words, s, e, &names)
        && (words.is_nominal(t, (s, e), &names, Verbs::Plain)
            || head_of_words(rules, t, words, s, e)
            || ((before_modal(rules, t, words, e) || after_agent_marker(t, s))
                && words.is_nominal(t, (s, e), &names, Verbs::Qualifying))
            || (ends_in_org_suffix(&t[s..e], rules)
                && words.is_org_name(s, e)
                && !has_modal(rules, t, words, s, e)))
}

/// Whether byte `s` follows 由, which makes the noun phrase there the agent: verbs may
/// qualify its head (由执法部门依法处理, 由登记管理机关审查), as before a modal.
fn after_agent_marker(t: &str, s: usize) -> bool {
    t.get(..s).is_some_and(|before| before.ends_with('由'))
}

/// Whether bytes `s..e` end in a body head that starts at a word, whatever the tags of its
/// words (巡察/v 组, 督察/v 组: the head names the body, its verb is part of the name), after
/// words that read as a noun phrase (省委/巡察/v 组), a body it belongs to (被巡单位 领导班子),
/// that body and words that qualify the head (被巡单位 党政 负责人), or none.
fn head_of_words(rules: &RuleSet, t: &str, words: &Segmented, s: usize, e: usize) -> bool {
    let heads = rules.terms("body-head");
    let names = |w: &str| ends_in_body_head(w, rules);
    let Some(ws) = words.span(s, e) else {
        return false;
    };
    let head_from = (ws.iter().map(|w| w.start))
        .find(|&from| t.get(from..e).is_some_and(|h| heads.contains(h)));
    head_from.is_some_and(|from| {
        let before = t.get(s..from).unwrap_or_default();
        // a body, then words that qualify the head (被巡单位 党政 负责人)
        let body_first = || {
            (1..before.len())
                .filter(|&k| before.is_char_boundary(k))
                .find(|&k| heads.contains(&before[..k]))
                .is_some_and(|k| words.is_nominal(t, (s + k, from), &names, Verbs::Plain))
        };
        // the words before it: none, a body it belongs to (被巡单位/领导班子), a noun phrase
        from == s
            || heads.contains(before)
            || words.is_nominal(t, (s, from), &names, Verbs::Plain)
            || body_first()
    })
}

/// Whether bytes `s..e` of a unit are a clause rather than a name: a word that ends in a body
/// head, then a set phrase, or a verb whose object opens with a pronoun or holds a verb, with
/// at least two words after it (院/党委 高度重视/l 重点/专科; 党委/班子成员 深入/v 各/r 挂钩/v
/// 党支部). A verb may still qualify the nouns after it inside a name (党委/组织/v 部,
/// 市委/巡视/v 工作/领导小组/办公室).
fn subject_then_predicate(
    t: &str,
    words: &Segmented,
    s: usize,
    e: usize,
    names: &dyn Fn(&str) -> bool,
) -> bool {
    let Some(ws) = words.span(s, e) else {
        return false;
    };
    let tag = |i: usize| ws.get(i).map_or("", |w| w.tag.as_str());
    let verb = |i: usize| tag(i).starts_with('v') && tag(i) != "vn";
    // an object follows the verb: one that opens with a pronoun or holds a verb of its own
    // (深入/v 各/r 挂钩/v 党支部), not a name's nouns (市委 巡视/v 工作 领导小组 办公室)
    let object_after = |i: usize| (i + 1..ws.len()).any(|k| tag(k) == "r" || verb(k));
    (0..ws.len().saturating_sub(3)).any(|i| {
        let after_name = ws
            .get(i)
            .is_some_and(|w| t.get(w.start..w.end).is_some_and(names));
        after_name && (matches!(tag(i + 1), "l" | "i") || (verb(i + 1) && object_after(i + 1)))
    })
}

/// Whether the word after byte `e` of `t` is a modal (`…单位要`), or a list goes on (`、`,
/// `和`: `…登记管理机关和业务主管部门要`), or the clause ends and the next opens with a modal
/// (`…部门，每年要`).
fn before_modal(rules: &RuleSet, t: &str, words: &Segmented, e: usize) -> bool {
    let rest = &t[e..];
    if rest.starts_with(['、', '和', '及']) {
        return true;
    }
    if let Some(c) = rest.chars().next().filter(|&c| c == '，' || c == ',') {
        return opens_with_modal(rules, t, words, e + c.len_utf8());
    }
    let modal = rules.terms("modal");
    words
        .span(e, t.len())
        .and_then(|ws| ws.first())
        .is_some_and(|w| t.get(w.start..w.end).is_some_and(|m| modal.contains(m)))
}

/// Most words of time, repetition or manner (`每年`, `都`) before the modal that opens a clause.
const TOPIC_LEAD_MAX: usize = 2;

/// Whether the clause from byte `s` of `t` opens with a modal, after at most
/// [`TOPIC_LEAD_MAX`] words of time or manner (`要…`, `每年要…`, `都必须…`).
fn opens_with_modal(rules: &RuleSet, t: &str, words: &Segmented, s: usize) -> bool {
    let modal = rules.terms("modal");
    let Some(ws) = words.span(s, t.len()) else {
        return false;
    };
    let word = |i: usize| ws.get(i).and_then(|w| t.get(w.start..w.end));
    let lead = |i: usize| {
        (ws.get(i)).is_some_and(|w| matches!(w.tag.as_bytes().first(), Some(b't' | b'd')))
            || word(i).is_some_and(|w| w.starts_with('每'))
    };
    (0..=TOPIC_LEAD_MAX).any(|i| (0..i).all(lead) && word(i).is_some_and(|w| modal.contains(w)))
}

/// A clause without the time it opens with, when a name follows it with no comma between
/// (`2021年度医院…`, `2019年6月底前各省份要…`, `目前医院网站…`, `下一阶段学校…`): a date
/// ([`date_lead`]) and then any words of `body-time-lead`. The time says when, the name
/// after it acts.
fn after_time_lead<'t>(leads: &[String], clause: &'t str) -> &'t str {
    let mut rest = &clause[date_lead(clause)..];
    // (a term's first byte compared before the term: most clauses open with none, and a
    // byte is compared without decoding a character of each term for every clause)
    let opens = |rest: &str, w: &str| {
        w.as_bytes().first() == rest.as_bytes().first() && rest.starts_with(w)
    };
    while let Some(w) = leads.iter().find(|w| opens(rest, w)) {
        rest = &rest[w.len()..];
    }
    if rest.is_empty() || rest.starts_with(['，', ',', '、']) {
        clause
    } else {
        rest
    }
}

/// The length in bytes of the date that opens `s`, if any: a year (`2021年`, `2021年度`),
/// a month and day after it or alone (`6月`, `6月30日`, `6月底`, `10月中旬`), and a closing
/// `前` (`2019年6月底前各省份要…`).
fn date_lead(s: &str) -> usize {
    let digits = |t: &str| t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let strip = |t: &'_ str, any: &[&str]| -> Option<usize> {
        any.iter().find(|x| t.starts_with(*x)).map(|x| x.len())
    };
    let mut at = 0;
    let d = digits(s);
    if let Some(n) = (d > 0).then(|| strip(&s[d..], &["年度", "年"])).flatten() {
        at = d + n;
    }
    let m = digits(&s[at..]);
    if let Some(n) = (m > 0).then(|| strip(&s[at + m..], &["月"])).flatten() {
        at += m + n;
        let day = digits(&s[at..]);
        if let Some(n) = (day > 0).then(|| strip(&s[at + day..], &["日"])).flatten() {
            at += day + n;
        }
        at += strip(&s[at..], &["底", "末", "上旬", "中旬", "下旬"]).unwrap_or(0);
    }
    if at > 0 {
        at += strip(&s[at..], &["之前", "以前", "前"]).unwrap_or(0);
    }
    at
}

/// Whether a word ends in a body head or an organisation suffix (`各级党委`, `市委办`).
pub(crate) fn ends_in_body_head(word: &str, rules: &RuleSet) -> bool {
    rules.terms("body-head").ends(word) || rules.terms("body-org-suffix").ends(word)
}

/// Whether a name ends in an organisation suffix (`局`, `办`, `室`, `中心` …) and is more.
fn ends_in_org_suffix(name: &str, rules: &RuleSet) -> bool {
    rules.terms("body-org-suffix").ends_properly(name)
}

/// Whether a modal stands among the words of bytes `s..e` of `t`.
fn has_modal(rules: &RuleSet, t: &str, words: &Segmented, s: usize, e: usize) -> bool {
    let modal = rules.terms("modal");
    words.span(s, e).is_some_and(|ws| {
        (ws.iter().filter_map(|w| t.get(w.start..w.end))).any(|w| modal.contains(w))
    })
}

/// The audience named in an opening unit: those who attend (`…参加会议`), those a meeting
/// gathers (`召开全市教育局长、高校负责人会议`), the body whose report a leader hears.
pub fn audience(rules: &RuleSet, text: &str, scan: Option<&Scan<'_>>) -> Vec<Found> {
    labelled(rules, text, scan, "audience")
}

/// The body that held a meeting of its own, named in an opening unit
/// (`9月13日，某中学党委召开巡察整改专题民主生活会`).
pub fn holder(rules: &RuleSet, text: &str, scan: Option<&Scan<'_>>) -> Vec<Found> {
    labelled(rules, text, scan, "holder")
}

/// Addressees named in an opening unit (`要求各地区各部门…`); `scan` is the rule set's scan
/// of it, when there is one.
pub fn addressees(rules: &RuleSet, text: &str, scan: Option<&Scan<'_>>) -> Vec<Found> {
    labelled(rules, text, scan, "addressee")
}

/// The matches of the body rules of one label in `text`, under the overlap policy.
fn labelled(rules: &RuleSet, text: &str, scan: Option<&Scan<'_>>, label: &str) -> Vec<Found> {
    let found = (rules.body).all_of(text, Context::default().with_scan(scan), |r| {
        r.label == label
    });
    (crate::rules::resolve_overlaps(found).into_iter())
        .map(|m| Found {
            start: m.start,
            end: m.end,
            rule: m.rule.id.clone(),
            role: None,
            partner: false,
        })
        .collect()
}

/// The canonical form of a body's name: full-width parentheses, no white space; `None`
/// when it is the same as written.
pub fn canonical(body: &str) -> Option<String> {
    let c: String = body
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect();
    (c != body).then_some(c)
}

/// Whether a body names a collective: all bodies of a kind rather than one (`各地区各部门`,
/// `各级党委(党组)`, `全省各级党组织`, `全体党员`, `全校中层干部`). The one definition: the
/// comparison of plans asks it too.
pub fn is_collective(body: &str) -> bool {
    body.starts_with('各') || body.starts_with('全') || body.contains("各级")
}

/// What separates listed names (`A和B`, `A、B`), tried in this order.
const SEPARATORS: [&str; 7] = ["特别是", "尤其是", "和", "、", "及", "与", "以及"];

/// The first character of each of [`SEPARATORS`].
const SEPARATOR_FIRSTS: [char; 7] = ['特', '尤', '和', '、', '及', '与', '以'];

/// Splits `A和B` / `A、B` / `A及B` where both sides end in a body head or an organisation
/// suffix (`县环保局、县水文站`), and each side again (`A、B和C`); byte ranges into `body`.
fn split_coordinated(body: &str, heads: &Terms, suffixes: Option<&Terms>) -> Vec<(usize, usize)> {
    let ends_in_head = |s: &str| {
        // a short bracketed remark closing the name (`省财政厅（牵头）`) is no part of it
        let s = match s
            .strip_suffix(['）', ')'])
            .and_then(|t| t.rfind(['（', '(']))
        {
            Some(open) if s.len() - open <= 6 * 3 + 2 && open > 0 => &s[..open],
            _ => s,
        };
        heads.ends(s) || suffixes.is_some_and(|x| x.ends_properly(s))
    };
    // (most names hold no separator: one pass over the name for their first characters
    // rules them all out, where a search for each was seven)
    if !body.contains(SEPARATOR_FIRSTS) {
        return vec![(0, body.len())];
    }
    for sep in SEPARATORS {
        if !sep.chars().next().is_some_and(|c| body.contains(c)) {
            continue;
        }
        let mut parts = Vec::new();
        let mut start = 0;
        for (i, _) in body.match_indices(sep) {
            parts.push((start, i));
            start = i + sep.len();
        }
        parts.push((start, body.len()));
        if parts.len() > 1
            && parts
                .iter()
                .all(|&(s, e)| e > s && ends_in_head(&body[s..e]))
        {
            // each part may list names of its own (`A、B和C`: `A、B`, then `A`, `B`)
            return (parts.into_iter())
                .flat_map(|(s, e)| {
                    (split_coordinated(&body[s..e], heads, suffixes).into_iter())
                        .map(move |(a, b)| (s + a, s + b))
                })
                .collect();
        }
    }
    vec![(0, body.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bodies(text: &str) -> Vec<String> {
        let rules = RuleSet::defaults().unwrap();
        let seg = crate::segment::Segmenter::new(&rules.dictionaries).unwrap();
        let w = seg.segment(text);
        let names = |word: &str| ends_in_body_head(word, &rules);
        let nominal = |s: usize, e: usize| {
            w.is_nominal(text, (s, e), &names, Verbs::Plain) || w.is_org_name(s, e)
        };
        explicit(&rules, text, &w, None, &nominal)
            .into_iter()
            .map(|f| text[f.start..f.end].to_string())
            .collect()
    }

    /// The bodies of `text` as extraction finds them (with the stage's own nominal test).
    fn bodies_as_extracted(text: &str) -> Vec<String> {
        let rules = RuleSet::defaults().unwrap();
        let seg = crate::segment::Segmenter::new(&rules.dictionaries).unwrap();
        let w = seg.segment(text);
        let nominal = |s: usize, e: usize| is_nominal(&rules, text, &w, s, e);
        explicit(&rules, text, &w, None, &nominal)
            .into_iter()
            .map(|f| text[f.start..f.end].to_string())
            .collect()
    }

    #[test]
    fn a_name_and_its_predicate_are_no_name() {
        // the actor, then a verb and its object: the actor alone
        assert_eq!(
            bodies_as_extracted("党委班子成员深入各挂钩党支部督查指导。"),
            ["党委班子成员"]
        );
        // a verb that qualifies the nouns of a name stays in it
        assert_eq!(
            bodies_as_extracted("市委巡视工作领导小组办公室要加强督办。"),
            ["市委巡视工作领导小组办公室"]
        );
    }

    #[test]
    fn a_set_phrase_before_the_head_is_part_of_the_subject() {
        // 自然资源/l, 城乡建设/l: set phrases, naming the department a modal follows
        assert_eq!(
            bodies_as_extracted("自然资源部门要统筹规划城镇小区配套幼儿园。"),
            ["自然资源部门"]
        );
        assert_eq!(
            bodies_as_extracted("住房城乡建设部门要加强对施工建设的监管。"),
            ["住房城乡建设部门"]
        );
        // a set phrase that opens a predicate is none (紧紧围绕/l)
        assert!(bodies_as_extracted("紧紧围绕中心工作部署整改。").is_empty());
    }

    #[test]
    fn after_you_a_verb_may_qualify_the_agents_head() {
        // 由 makes what follows the agent, however its name opens
        assert_eq!(bodies_as_extracted("由执法部门依法处理。"), ["执法部门"]);
        assert_eq!(
            bodies_as_extracted("不听劝阻的，由登记管理机关责令解散。"),
            ["登记管理机关"]
        );
        // elsewhere a verb opening the phrase still opens a predicate
        assert!(bodies_as_extracted("压实学院党委主体责任。").is_empty());
    }

    #[test]
    fn things_and_manners_are_no_bodies() {
        // 站 ends organisations (水文站), not a website; 系统 alone says how, 教育系统 who
        assert!(bodies_as_extracted("目前医院网站已完成升级工作。").is_empty());
        assert!(bodies_as_extracted("系统梳理调研发现的问题，列出问题清单。").is_empty());
        assert_eq!(
            bodies_as_extracted("全市教育系统要开展专项整治。"),
            ["全市教育系统"]
        );
    }

    #[test]
    fn a_time_opening_the_clause_is_no_part_of_its_subject() {
        assert_eq!(
            bodies_as_extracted("2021年度医院共完成整改任务12项。"),
            ["医院"]
        );
        assert_eq!(
            bodies_as_extracted("下一阶段学校将持续巩固整改成果。"),
            ["学校"]
        );
        // a number that is no year stays where it is
        assert!(bodies_as_extracted("12个部门要于月底前完成清理。")
            .iter()
            .all(|b| !b.starts_with("个")));
    }

    #[test]
    fn a_clause_that_ends_in_a_body_head_is_no_body() {
        // a copula or a verb of existence makes the run a clause, whatever it ends in
        let none: Vec<String> = Vec::new();
        assert_eq!(
            bodies_as_extracted("环境督察是推动市委决策落地的抓手。"),
            none
        );
        assert_eq!(
            bodies_as_extracted("客观上确实存在党委领导弱化的现象。"),
            none
        );
        // nor may a verb done (了) stand inside a name
        let found = bodies_as_extracted("我们全面完成了市委下达的各项任务。");
        assert!(found.iter().all(|b| !b.contains('了')), "{found:?}");
        // a conjunction opens no name
        assert_eq!(
            bodies_as_extracted("无论班子整改还是个人整改，都要动真格。"),
            none
        );
        // while a name with verbs inside stays one
        assert_eq!(
            bodies_as_extracted("县行政审批局要于月底前完成清理。"),
            vec!["县行政审批局"]
        );
        // and so does a name whose first word is a verb qualifying the noun after it
        assert_eq!(
            bodies_as_extracted("业务主管部门、挂靠单位要严格审查。"),
            vec!["业务主管部门", "挂靠单位"]
        );
        // and one a passive verb qualifies (被巡察单位)
        assert_eq!(
            bodies_as_extracted("本轮被巡察单位党组织要积极配合。"),
            vec!["本轮被巡察单位党组织"]
        );
    }

    #[test]
    fn a_head_written_as_several_words_is_a_name() {
        // 巡察/v 组: the verb is part of the head, not a predicate before it
        assert_eq!(
            bodies_as_extracted("巡察组要原汁原味反馈发现的问题。"),
            vec!["巡察组"]
        );
        // a body the head belongs to (被巡单位 领导班子), related leaders (相关/v 校领导)
        assert_eq!(
            bodies_as_extracted("被巡单位领导班子要切实担起主体责任。"),
            vec!["被巡单位领导班子"]
        );
        assert_eq!(
            bodies_as_extracted("各相关校领导和责任单位要坚决推进整改。"),
            vec!["各相关校领导", "责任单位"]
        );
        // a chain of verbs qualifying the name; a body, then words qualifying the head
        assert_eq!(
            bodies_as_extracted("巡视整改工作领导小组办公室要及时跟踪督办。"),
            vec!["巡视整改工作领导小组办公室"]
        );
        assert_eq!(
            bodies_as_extracted("被巡单位党政负责人要作为巡察整改第一责任人。"),
            vec!["被巡单位党政负责人"]
        );
        assert_eq!(
            bodies_as_extracted("加强整改工作领导小组要及时跟踪督办。"),
            Vec::<String>::new()
        );
        // a name jieba left in single characters (陈/nr 岩/nr 松/v)
        assert_eq!(
            bodies_as_extracted("陈岩松同志还通报了近期调研发现的问题。"),
            vec!["陈岩松同志"]
        );
        // a date before the subject with no comma between
        assert_eq!(
            bodies_as_extracted("2019年6月底前各省份要出台具体实施方案。"),
            vec!["各省份"]
        );
        // a list whose parts list names again (A、B和C), longer than eighteen characters
        assert_eq!(
            bodies_as_extracted(
                "全体校领导班子成员、各级领导干部、各级党组织和广大党员要认真学习。"
            ),
            vec![
                "全体校领导班子成员",
                "各级领导干部",
                "各级党组织",
                "广大党员"
            ]
        );
        // a verb may qualify the head of the first of two listed subjects as of the last
        assert_eq!(
            bodies_as_extracted("社会团体登记管理机关和业务主管部门要通过清理整顿加强管理。"),
            vec!["社会团体登记管理机关", "业务主管部门"]
        );
        // whoever does it after 由, whatever the verb
        assert_eq!(
            bodies_as_extracted("七一表彰由各党支部研究上报拟表彰人员名单。"),
            vec!["各党支部"]
        );
        assert_eq!(
            bodies_as_extracted("所需经费由财政统筹安排。"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn subjects_agents_and_objects() {
        // a name with Latin letters and digits, found by the token rule over jieba's words
        assert_eq!(
            bodies("一、5G产业联盟成员单位应当按期报送材料。"),
            vec!["5G产业联盟成员单位"]
        );
        assert_eq!(
            bodies("中央和国家机关要带头开展形式主义问题大排查。"),
            vec!["中央和国家机关"]
        );
        assert_eq!(
            bodies("各级领导班子和党员干部要经常对照党章党规。"),
            vec!["各级领导班子", "党员干部"]
        );
        assert_eq!(
            bodies("对新任职党员领导干部及时开展廉政谈话。"),
            Vec::<String>::new()
        );
        assert_eq!(
            bodies("通知强调，第一批单位首先要抓好专项整治；"),
            vec!["第一批单位"]
        );
        assert_eq!(
            bodies("由市委常委牵头，逐条梳理，建立台账"),
            vec!["市委常委"]
        );
        assert_eq!(
            bodies("省区市要按照中央有关政策进行规范、整治"),
            vec!["省区市"]
        );
        assert_eq!(
            bodies("自治区党委狠抓问题整改，专门听取贫困旗县党委书记述职"),
            vec!["自治区党委"]
        );
        assert_eq!(
            bodies("重点是领导班子是否安排时间集中学习"),
            vec!["领导班子"]
        );
        assert_eq!(
            bodies("市级层面召开的会议较一季度减少77.6%"),
            Vec::<String>::new()
        );
    }

    /// Clause separators inside a unit.
    const CLAUSE_BREAKS: &[char] = &['，', ',', '：', ':', '；', ';'];

    /// [`clauses`] as it reads: the text between the breaks, read char by char.
    fn clauses_by_char(text: &str) -> Vec<(usize, usize)> {
        let mut clauses = Vec::new();
        let mut from = 0;
        for (i, c) in text.char_indices() {
            if CLAUSE_BREAKS.contains(&c) {
                clauses.push((from, i));
                from = i + c.len_utf8();
            }
        }
        clauses.push((from, text.len()));
        clauses
    }

    #[test]
    fn clauses_lie_between_the_breaks() {
        for t in [
            "",
            "，",
            "a,b：c；；d;e:",
            "同时，各部门要：一是；二是，",
            "＂Ｌ，＋",
        ] {
            assert_eq!(clauses(t), clauses_by_char(t), "{t}");
        }
    }

    proptest::proptest! {
        #[test]
        fn clauses_are_found_as_chars_are(t in "[，,：:；;、。a０-９＋-＿一-龥\\PC]{0,40}") {
            proptest::prop_assert_eq!(clauses(&t), clauses_by_char(&t));
        }
    }

    #[test]
    fn the_separators_first_characters_are_theirs() {
        let firsts: Vec<char> = SEPARATORS.iter().filter_map(|s| s.chars().next()).collect();
        assert_eq!(firsts, SEPARATOR_FIRSTS);
    }

    #[test]
    fn canonical_names() {
        assert_eq!(
            canonical("各级党委(党组)").as_deref(),
            Some("各级党委（党组）")
        );
        assert_eq!(canonical("各级党委（党组）"), None);
        assert_eq!(canonical("王 钰 组").as_deref(), Some("王钰组"));
    }

    #[test]
    fn collectives() {
        assert!(is_collective("各地区各部门各单位"));
        assert!(is_collective("全省各级党组织和广大党员干部"));
        assert!(!is_collective("省委常委会"));
    }
}
