//! Compiling one rule: its id, label and fields checked, its pattern built (lexicons
//! expanded, terms as a longest-first alternation, token patterns), and what the
//! prefilter and the relaxed search need read off one parse of it.

use super::prefilter::{required_literals, MIN_REQUIRED_BYTES};
use super::schema::{LexiconDef, RuleDef};
use super::sources::rule_err;
use super::{TokenPattern, FAMILIES};
use crate::error::Result;
use crate::words::Word;
use regex::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::{meta, Input};
use regex_syntax::hir::{Hir, HirKind};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

/// A raw match: (whole, value) byte ranges.
type RawMatch = ((usize, usize), (usize, usize));

/// What rules may name beyond themselves: the lexicons, the taxonomy's category ids and the
/// declared deadline kinds.
pub(super) struct Known<'d> {
    /// Lexicons by name.
    pub lexicons: HashMap<&'d str, &'d LexiconDef>,
    /// Category ids.
    pub categories: HashSet<&'d str>,
    /// Deadline kind ids.
    pub deadline_kinds: HashSet<&'d str>,
}

/// The labels of a family that the code gives a meaning to; `None` for the families whose
/// labels are data (categories, deadline kinds).
pub(super) fn fixed_labels(family: &str) -> Option<&'static [&'static str]> {
    Some(match family {
        "kind" => &["directive", "report", "not-task", "task"],
        "body" => &[
            "subject",
            "topic",
            "person",
            "agent",
            "partner",
            "addressee",
            "audience",
            "holder",
            "object",
        ],
        "structure" => &[
            "date",
            "issuer",
            "heading",
            "short-heading",
            "bare-heading",
            "inline-heading",
            "speaker",
            "byline",
            "meta",
            "lead-in",
            "topic",
            "title",
            "run-in-title",
            "number",
            "addressee",
            "genre-report",
            "genre-directive",
            "genre-speech",
            "genre-news",
        ],
        "furniture" => &["head", "tail", "tail-list", "anywhere"],
        "metric" => &["count", "percent", "money", "other"],
        "action" => &["action"],
        "strength" => &["mandatory", "directive", "encouraged", "prohibited"],
        _ => return None,
    })
}

/// Whether `label` is one a rule of `family` may give.
fn label_known(family: &str, label: &str, known: &Known<'_>) -> bool {
    match (family, fixed_labels(family)) {
        ("deadline", _) => known.deadline_kinds.contains(label),
        (_, Some(labels)) => labels.contains(&label),
        (_, None) => known.categories.contains(label),
    }
}

/// How a match must align with the segmentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// Anywhere.
    Any,
    /// It starts on a word boundary.
    Start,
    /// It starts and ends on word boundaries.
    Word,
}

/// A regex compiled on its first use: most of start-up was the compiling of every rule's
/// regex, and a run needs only the rules whose literals occur in its texts. The pattern is
/// checked when the rule is loaded (parsed, or compiled at once for the rules of
/// `--rules DIR`, see [`super::RuleSources`]); the embedded rules all compile (a test
/// compiles each). Clones share the compiled regex.
///
/// The rules' own searches ([`Rule::raw_matches`]) run on the regex engine underneath
/// (`regex_automata::meta`, configured as `regex` configures it, so the matches are the
/// same) with one search cache a regex for every thread: the lazy DFA's states a regex
/// builds (a few hundred KB for many rules over a large batch, about 45 MB in all) are held
/// once, not once a thread. A thread waits while another searches with the same regex (one
/// unit's text, microseconds). [`LazyRegex::get`] gives a [`Regex`] of the same pattern,
/// compiled apart when first asked for, for the callers that need its API.
#[derive(Clone)]
pub struct LazyRegex {
    source: Arc<str>,
    compiled: Arc<OnceLock<Option<Regex>>>,
    shared: Arc<OnceLock<Option<Box<SharedSearch>>>>,
}

/// The groups of a rule's match in a text ([`Rule::captures`]).
pub struct Groups<'t> {
    text: &'t str,
    caps: Captures,
}

impl<'t> Groups<'t> {
    /// The text of the group of this name, when it took part in the match.
    pub fn name(&self, name: &str) -> Option<&'t str> {
        let span = self.caps.get_group_by_name(name)?;
        self.text.get(span.start..span.end)
    }
}

/// A regex and the one search cache every thread uses with it.
struct SharedSearch {
    regex: meta::Regex,
    cache: Mutex<Scratch>,
}

/// What a search with a regex writes to: its cache, and the captures of a search for a
/// rule's value group (made once with the cache, not at each search: a capturing search
/// runs about 19,000 times a copy of the notices).
struct Scratch {
    cache: meta::Cache,
    caps: regex_automata::util::captures::Captures,
}

/// The regex of `source` as `regex::Regex::new` builds it (regex 1.x's defaults: an NFA
/// size limit of 10 MiB, a lazy DFA cache of 2 MiB, leftmost-first, UTF-8 and no empty
/// match inside a character).
fn meta_regex(source: &str) -> Option<meta::Regex> {
    let config = meta::Config::new()
        .nfa_size_limit(Some(10 * (1 << 20)))
        .hybrid_cache_capacity(2 * (1 << 20))
        .match_kind(regex_automata::MatchKind::LeftmostFirst)
        .utf8_empty(true);
    meta::Builder::new()
        .configure(config)
        .syntax(regex_automata::util::syntax::Config::new().utf8(true))
        .build(source)
        .ok()
}

impl LazyRegex {
    /// The regex of `source`, compiled when first asked for.
    pub(super) fn new(source: String) -> LazyRegex {
        LazyRegex {
            source: source.into(),
            compiled: Arc::new(OnceLock::new()),
            shared: Arc::new(OnceLock::new()),
        }
    }

    /// A regex already compiled.
    pub(super) fn compiled(regex: Regex) -> LazyRegex {
        LazyRegex {
            source: regex.as_str().into(),
            compiled: Arc::new(OnceLock::from(Some(regex))),
            shared: Arc::new(OnceLock::new()),
        }
    }

    /// The regex, compiled now if it is not yet; `None` when it does not compile.
    pub fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| Regex::new(&self.source).ok())
            .as_ref()
    }

    /// What `find` gives run with the regex and its search cache, the regex compiled now if
    /// it is not yet; `None` when it does not compile. Waits while another thread searches
    /// with the same regex.
    fn search<T>(
        &self,
        find: impl FnOnce(&meta::Regex, &mut meta::Cache, &mut Captures) -> T,
    ) -> Option<T> {
        let shared = (self.shared.get_or_init(|| {
            let regex = meta_regex(&self.source)?;
            let scratch = Scratch {
                cache: regex.create_cache(),
                caps: regex.create_captures(),
            };
            let cache = Mutex::new(scratch);
            Some(Box::new(SharedSearch { regex, cache }))
        }))
        .as_ref()?;
        let mut scratch = shared.cache.lock().unwrap_or_else(|poisoned| {
            // a search that panicked may have left the cache half made: begin it again
            let mut scratch = poisoned.into_inner();
            scratch.cache.reset(&shared.regex);
            shared.cache.clear_poison();
            scratch
        });
        let Scratch { cache, caps } = &mut *scratch;
        Some(find(&shared.regex, cache, caps))
    }

    /// The pattern's source.
    pub fn as_str(&self) -> &str {
        &self.source
    }
}

impl std::fmt::Debug for LazyRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("LazyRegex").field(&self.source).finish()
    }
}

/// What a rule matches with.
#[derive(Debug, Clone)]
pub enum Pattern {
    /// A regex over the text (from `terms` or `pattern`), compiled on first use.
    Regex(LazyRegex),
    /// A token pattern over the text's words (from `tokens`).
    Tokens(TokenPattern),
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Unique id.
    pub id: String,
    /// The family (first segment of the id).
    pub family: String,
    /// What it yields.
    pub label: String,
    /// The label in report units, when it differs.
    pub report_label: Option<String>,
    /// Units of this kind only.
    pub only_in: Option<String>,
    /// The compiled pattern.
    pub pattern: Pattern,
    /// The pattern with its wide counted repetitions left open (see [`Relaxed`]).
    pub(super) relaxed: Option<Relaxed>,
    /// Sets of literals every match of the pattern holds one of each of (see
    /// [`required_literals`]).
    pub(super) required: Option<Vec<Vec<Vec<u8>>>>,
    /// The pattern is one alternation of literals (`required` holds all of them), longest
    /// first: its matches are the leftmost-longest occurrences, read off a literal scan.
    pub(super) literal: bool,
    /// Index of the value's capture group (0: the whole match; token groups count from 1).
    pub group: usize,
    /// Tie-breaker among equally long matches.
    pub priority: i32,
    /// Weight where matches are counted.
    pub weight: f32,
    /// Void when followed by one of these.
    pub not_before: Vec<String>,
    /// Void when preceded by one of these.
    pub not_after: Vec<String>,
    /// Void when the value holds one of these.
    pub not_containing: Vec<String>,
    /// Alignment with word boundaries.
    pub token: Token,
    /// Heading level (structure rules).
    pub level: u8,
    /// The line it drops may stand for the document's title (furniture rules).
    pub gives_title: bool,
    /// Gives way to an explicit body (`not-task` rules).
    pub yields_to_body: bool,
    /// On a heading, holds for the units under it (`not-task` rules).
    pub heading_passes: bool,
    /// Holds for the units after it in its paragraph (`directive` and `report` rules).
    pub line_passes: bool,
    /// Must fire on these.
    pub examples: Vec<String>,
    /// Must not fire on these.
    pub counter_examples: Vec<String>,
}

impl Rule {
    /// The regex, for rules written with `terms` or `pattern` (compiled now, if it was not).
    pub fn regex(&self) -> Option<&Regex> {
        match &self.pattern {
            Pattern::Regex(r) => r.get(),
            Pattern::Tokens(_) => None,
        }
    }

    /// The groups of the rule's regex's first match in `text` (`regex::Regex::captures`),
    /// searched with the regex's shared cache; `None` for a token rule or no match.
    pub fn captures<'t>(&self, text: &'t str) -> Option<Groups<'t>> {
        let Pattern::Regex(regex) = &self.pattern else {
            return None;
        };
        let caps = regex.search(|re, cache, _| {
            let mut caps = re.create_captures();
            re.search_captures_with(cache, &Input::new(text), &mut caps);
            caps
        })?;
        caps.is_match().then_some(Groups { text, caps })
    }

    /// Every raw match in `text`: (whole, value) byte ranges. A token rule needs the text's
    /// words and finds nothing without them.
    pub(super) fn raw_matches(
        &self,
        text: &str,
        words: Option<&[Word]>,
    ) -> Vec<((usize, usize), (usize, usize))> {
        match (&self.pattern, &self.relaxed) {
            (Pattern::Tokens(t), _) => self.token_matches(t, text, words),
            (Pattern::Regex(regex), relaxed) => {
                let open = relaxed
                    .as_ref()
                    .and_then(|r| Some((r, self.regex_matches(&r.regex, text)?)));
                if let Some((relaxed, open)) = open {
                    let exact = (open.iter())
                        .all(|&((s, e), _)| text.get(s..e).is_some_and(|m| relaxed.exact_on(m)));
                    if exact {
                        return open;
                    }
                }
                self.regex_matches(regex, text).unwrap_or_default()
            }
        }
    }

    /// [`Rule::raw_matches`] of the rule's regex, or of its relaxed form (`None` when it
    /// does not compile): the matches `find_iter`, or `captures_iter` for a group, give.
    fn regex_matches(&self, regex: &LazyRegex, text: &str) -> Option<Vec<RawMatch>> {
        regex.search(|re, cache, caps| {
            let mut it = regex_automata::util::iter::Searcher::new(Input::new(text));
            let mut out = Vec::new();
            if self.group == 0 {
                // the whole match: no capture groups to fill (their search is the costlier one)
                while let Some(m) = it.advance(|input| Ok(re.search_with(cache, input))) {
                    out.push(((m.start(), m.end()), (m.start(), m.end())));
                }
                return out;
            }
            while let Some(whole) = it.advance(|input| {
                re.search_captures_with(cache, input, caps);
                Ok(caps.get_match())
            }) {
                if let Some(value) = caps.get_group(self.group) {
                    out.push(((whole.start(), whole.end()), (value.start, value.end)));
                }
            }
            out
        })
    }

    /// [`Rule::raw_matches`] of a token pattern.
    fn token_matches(
        &self,
        t: &TokenPattern,
        text: &str,
        words: Option<&[Word]>,
    ) -> Vec<((usize, usize), (usize, usize))> {
        match words {
            None => Vec::new(),
            Some(words) => t
                .find_iter(text, words)
                .into_iter()
                .filter_map(|m| {
                    let value = match self.group {
                        0 => Some(m.whole),
                        g => m.groups.get(g - 1).copied().flatten(),
                    }?;
                    Some((m.whole, value))
                })
                .collect(),
        }
    }
}

/// Compiles a rule read from `file`; its regex at once when `eager` (a rule of the user's:
/// a pattern that parses may still not compile, past the regex's size limit), else on its
/// first use.
pub(super) fn compile_rule(
    file: &str,
    def: &RuleDef,
    known: &Known<'_>,
    eager: bool,
) -> Result<Rule> {
    let err = |field: &'static str, message: &str| rule_err(file, &def.id, field, message);
    let family = check_id(def).map_err(|m| err("id", &m))?;
    check_fields(def, family, known).map_err(|(field, m)| err(field, &m))?;
    let (pattern, hir) =
        build_pattern(def, family, known, eager).map_err(|(field, m)| err(field, &m))?;
    let (relaxed, required, literal) = prefilter_parts(def, &pattern, hir.as_ref(), known);
    let token = match def.token.as_deref() {
        None => Token::Any,
        Some("start") => Token::Start,
        Some("word") => Token::Word,
        Some(t) => return Err(err("token", &format!("`{t}`: use \"word\" or \"start\""))),
    };
    let group = value_group(def, &pattern, hir.as_ref()).map_err(|m| err("group", &m))?;
    Ok(Rule {
        id: def.id.clone(),
        family: family.to_string(),
        label: def.label.clone(),
        report_label: def.report_label.clone(),
        only_in: def.only_in.clone(),
        pattern,
        relaxed,
        required,
        literal,
        group,
        priority: def.priority,
        weight: def.weight,
        not_before: def.not_before.clone(),
        not_after: def.not_after.clone(),
        not_containing: def.not_containing.clone(),
        token,
        level: def.level.unwrap_or(1),
        gives_title: def.gives_title,
        yields_to_body: def.yields_to_body,
        heading_passes: def.heading_passes,
        line_passes: def.line_passes,
        examples: def.examples.clone(),
        counter_examples: def.counter_examples.clone(),
    })
}

/// The rule's family, when its id is well formed: lower-case ASCII segments joined by dots,
/// at least two, the first a family.
fn check_id(def: &RuleDef) -> std::result::Result<&str, String> {
    let id = def.id.as_str();
    let segment_ok = |seg: &str| {
        !seg.is_empty()
            && (seg.chars())
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    };
    if id.split('.').count() < 2 || !id.split('.').all(segment_ok) {
        return Err("ids are lower-case ASCII segments joined by dots, at least two (`deadline.immediate.li-gai`)".into());
    }
    let family = id.split('.').next().unwrap_or_default();
    match FAMILIES.contains(&family) {
        true => Ok(family),
        false => Err(format!(
            "unknown family `{family}`; the first segment is one of {FAMILIES:?}"
        )),
    }
}

/// The fields beside the pattern: a description, known labels, a unit kind for `only_in`,
/// attributes only where they mean something, and one of `terms`, `pattern`, `tokens`.
fn check_fields(
    def: &RuleDef,
    family: &str,
    known: &Known<'_>,
) -> std::result::Result<(), (&'static str, String)> {
    if def.description.trim().is_empty() {
        return Err(("description", "is empty".into()));
    }
    if !label_known(family, &def.label, known) {
        let what = match (family, fixed_labels(family)) {
            ("deadline", _) => format!(
                "not a declared deadline kind ({:?})",
                sorted(&known.deadline_kinds)
            ),
            (_, Some(labels)) => format!("one of {labels:?}"),
            (_, None) => "not in the taxonomy".to_string(),
        };
        return Err(("label", format!("unknown label `{}`; {what}", def.label)));
    }
    if let Some(r) = def
        .report_label
        .as_deref()
        .filter(|r| !label_known(family, r, known))
    {
        return Err(("report_label", format!("unknown label `{r}`")));
    }
    if def
        .only_in
        .as_deref()
        .is_some_and(|k| k != "directive" && k != "report")
    {
        return Err(("only_in", "is `directive` or `report`".into()));
    }
    if def.gives_title && family != "furniture" {
        return Err((
            "gives_title",
            "only furniture rules drop a line that may stand for the title".into(),
        ));
    }
    let given = [
        !def.terms.is_empty(),
        def.pattern.is_some(),
        def.tokens.is_some(),
    ];
    if given.iter().filter(|g| **g).count() != 1 {
        return Err(("terms", "give one of `terms`, `pattern` or `tokens`".into()));
    }
    Ok(())
}

fn sorted<'a>(set: &HashSet<&'a str>) -> Vec<&'a str> {
    let mut v: Vec<&str> = set.iter().copied().collect();
    v.sort_unstable();
    v
}

/// The compiled pattern: a token pattern, or a regex of the terms (longest first) or of the
/// pattern with its `{lexicon}`s expanded (compiled now when `eager`, else checked by its
/// parse), with the regex's parse (none for a rule of literal terms, which needs none).
fn build_pattern(
    def: &RuleDef,
    family: &str,
    known: &Known<'_>,
    eager: bool,
) -> std::result::Result<(Pattern, Option<Hir>), (&'static str, String)> {
    if let Some(t) = &def.tokens {
        if matches!(family, "structure" | "furniture" | "metric") {
            return Err((
                "tokens",
                format!("{family} rules run on unsegmented lines: use `pattern`"),
            ));
        }
        let lookup = |name: &str| known.lexicons.get(name).map(|l| l.terms.clone());
        return TokenPattern::compile(t, &lookup)
            .map(|t| (Pattern::Tokens(t), None))
            .map_err(|m| ("tokens", m));
    }
    let source = match &def.pattern {
        None => {
            if let Some(t) = def.terms.iter().find(|t| t.trim().is_empty()) {
                return Err(("terms", format!("empty term `{t}`")));
            }
            alternation(&def.terms)
        }
        Some(p) => expand_lexicons(p, &known.lexicons).map_err(|m| ("pattern", m))?,
    };
    let does_not_compile = |e: String| {
        let message = format!("does not compile: {}", e.replace('\n', " "));
        ("pattern", message)
    };
    // a rule of literal terms (`terms`, or one `{lexicon}`) is an alternation of escaped
    // literals: it parses whatever its terms, has no group and no repetition to relax, and
    // its required literals are its terms (see `prefilter_parts`): it is not parsed
    let literal = literal_terms(def, &known.lexicons).is_some();
    let hir = match literal {
        true => Err(None),
        false => regex_syntax::parse(&source).map_err(Some),
    };
    let regex = if eager {
        LazyRegex::compiled(Regex::new(&source).map_err(|e| does_not_compile(e.to_string()))?)
    } else {
        // the parse is the one check of the rule's regex (its compiling can fail only past
        // the size limit, which no embedded rule comes near)
        if let Err(Some(e)) = &hir {
            return Err(does_not_compile(e.to_string()));
        }
        LazyRegex::new(source)
    };
    Ok((Pattern::Regex(regex), hir.ok()))
}

/// The literal sets every match of a pattern holds one of each of (see [`required_literals`]).
type LiteralSets = Vec<Vec<Vec<u8>>>;

/// What the prefilter and the relaxed search need, from one parse of the pattern: the
/// relaxed form, the literal sets every match holds, and whether the rule is one alternation
/// of literals (read off the scan).
fn prefilter_parts(
    def: &RuleDef,
    pattern: &Pattern,
    hir: Option<&Hir>,
    known: &Known<'_>,
) -> (Option<Relaxed>, Option<LiteralSets>, bool) {
    if let Some(terms) = literal_terms(def, &known.lexicons) {
        let terms = terms.iter().map(|t| t.as_bytes().to_vec()).collect();
        return (None, Some(vec![terms]), true);
    }
    let (relaxed, required) = match pattern {
        Pattern::Regex(_) => match hir {
            Some(hir) => (Relaxed::of(hir), required_literals(hir)),
            None => (None, None),
        },
        Pattern::Tokens(t) => {
            let sets: LiteralSets = (t.required_terms().into_iter())
                .map(|terms| terms.into_iter().map(|t| t.as_bytes().to_vec()).collect())
                .filter(|set: &Vec<Vec<u8>>| set.iter().all(|t| t.len() >= MIN_REQUIRED_BYTES))
                .collect();
            (None, (!sets.is_empty()).then_some(sets))
        }
    };
    (relaxed, required, false)
}

/// The index of the capture group that holds the value (0: the whole match).
fn value_group(
    def: &RuleDef,
    pattern: &Pattern,
    hir: Option<&Hir>,
) -> std::result::Result<usize, String> {
    let Some(g) = &def.group else {
        return Ok(0);
    };
    let found = match pattern {
        Pattern::Regex(_) => {
            let names = hir.map(capture_names).unwrap_or_default();
            names.iter().position(|n| n.as_deref() == Some(g.as_str()))
        }
        Pattern::Tokens(t) => t.group_names().position(|n| n == g).map(|i| i + 1),
    };
    found.ok_or_else(|| format!("no group `{g}`"))
}

/// The names of a regex's capture groups by index, as [`Regex::capture_names`] gives them
/// (index 0, the whole match, has none), read off its parse.
pub(super) fn capture_names(hir: &Hir) -> Vec<Option<Box<str>>> {
    fn walk(hir: &Hir, out: &mut Vec<(u32, Option<Box<str>>)>) {
        match hir.kind() {
            HirKind::Capture(c) => {
                out.push((c.index, c.name.clone()));
                walk(&c.sub, out);
            }
            HirKind::Concat(cs) | HirKind::Alternation(cs) => cs.iter().for_each(|c| walk(c, out)),
            HirKind::Repetition(r) => walk(&r.sub, out),
            _ => {}
        }
    }
    let mut found = vec![(0, None)];
    walk(hir, &mut found);
    found.sort_by_key(|(index, _)| *index);
    found.into_iter().map(|(_, name)| name).collect()
}

/// A pattern with its wide counted repetitions (`{0,18}`, bounds at least [`WIDE`] apart)
/// left open (`{0,}`), the capture groups kept. The open pattern searches many times
/// faster: a counted repetition of a large class (`[\p{Han}…]{0,18}` before an alternation
/// of a hundred heads) makes the lazy DFA build fresh states in almost every text, while
/// the open one reuses a handful. Its matches are the pattern's, with the same groups,
/// whenever each is at most `exact_up_to` characters long (the smallest upper bound
/// opened), and it has no match only when the pattern has none:
/// - each iteration of an opened repetition takes at least one character, so in a match
///   that short none ran past its bound: the match is one of the pattern's too;
/// - the pattern's ways of matching are the open one's that keep to the bounds, tried in
///   the same order (a greedy or lazy repetition tries its counts in the same order), and
///   the open one took the first that succeeds, so the pattern takes it too; from the
///   same start (no earlier one matches the open pattern), and after it, from the same
///   place.
///
/// So the open pattern runs first, and the pattern only when a match is longer.
#[derive(Debug, Clone)]
pub(super) struct Relaxed {
    pub(super) regex: LazyRegex,
    pub(super) exact_up_to: usize,
}

impl Relaxed {
    /// The relaxed form of a pattern (parsed as `hir`), when it has a wide counted
    /// repetition.
    pub(super) fn of(hir: &Hir) -> Option<Relaxed> {
        use regex_syntax::hir::Repetition;
        fn relax(hir: &Hir, bound: &mut Option<u32>) -> Hir {
            match hir.kind() {
                HirKind::Repetition(r) => {
                    let takes_a_char = r.sub.properties().minimum_len().is_some_and(|n| n > 0);
                    let open = takes_a_char && r.max.is_some_and(|max| max - r.min >= WIDE);
                    if let (true, Some(max)) = (open, r.max) {
                        *bound = Some(bound.map_or(max, |b| b.min(max)));
                    }
                    Hir::repetition(Repetition {
                        min: r.min,
                        max: if open { None } else { r.max },
                        greedy: r.greedy,
                        sub: Box::new(relax(&r.sub, bound)),
                    })
                }
                HirKind::Capture(c) => Hir::capture(regex_syntax::hir::Capture {
                    index: c.index,
                    name: c.name.clone(),
                    sub: Box::new(relax(&c.sub, bound)),
                }),
                HirKind::Concat(cs) => Hir::concat(cs.iter().map(|c| relax(c, bound)).collect()),
                HirKind::Alternation(cs) => {
                    Hir::alternation(cs.iter().map(|c| relax(c, bound)).collect())
                }
                _ => hir.clone(),
            }
        }
        let mut bound = None;
        let relaxed = relax(hir, &mut bound);
        let exact_up_to = bound? as usize;
        let source = relaxed.to_string();
        let parsed = regex_syntax::parse(&source).ok()?;
        // the same groups in the same places, or the relaxed form is of no use
        let regex = LazyRegex::new(source);
        (capture_names(&parsed) == capture_names(hir)).then_some(Relaxed { regex, exact_up_to })
    }

    /// Whether a match of the relaxed pattern this long (`text`) is the pattern's match.
    pub(super) fn exact_on(&self, text: &str) -> bool {
        // bytes bound characters from above: count only when it may matter
        text.len() <= self.exact_up_to || text.chars().nth(self.exact_up_to).is_none()
    }
}

/// How far apart the bounds of a counted repetition are for [`Relaxed`] to open it.
const WIDE: u32 = 4;

/// The terms of a rule that is one alternation of them: a rule of `terms`, or of a pattern
/// that is one `{lexicon}`. Both compile to [`alternation`], longest term first, so that
/// the leftmost match is the longest: its matches are the leftmost-longest occurrences of
/// the terms, which [`Matcher::all_of`] reads off the literal scan without the regex.
pub(super) fn literal_terms<'d>(
    def: &'d RuleDef,
    lexicons: &HashMap<&str, &'d LexiconDef>,
) -> Option<&'d [String]> {
    match &def.pattern {
        None if def.tokens.is_none() && !def.terms.is_empty() => Some(&def.terms),
        Some(p) => {
            let name = p.strip_prefix('{')?.strip_suffix('}')?;
            let lex = lexicons.get(name)?;
            (!lex.terms.is_empty()).then_some(lex.terms.as_slice())
        }
        None => None,
    }
}

/// `(?:a|b|c)` of escaped terms, longest first so that the leftmost match is the longest.
pub(super) fn alternation(terms: &[String]) -> String {
    let mut sorted: Vec<&String> = terms.iter().collect();
    sorted.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    let parts: Vec<String> = sorted.iter().map(|t| regex::escape(t)).collect();
    format!("(?:{})", parts.join("|"))
}

/// Replaces `{name}` (name starting with a lower-case letter) by the lexicon's alternation.
pub(super) fn expand_lexicons(
    pattern: &str,
    lexicons: &HashMap<&str, &LexiconDef>,
) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
            .unwrap_or(after.len());
        let name = &after[..name_len];
        let is_macro = name.starts_with(|c: char| c.is_ascii_lowercase())
            && after[name_len..].starts_with('}')
            && !rest[..open].ends_with('\\');
        if is_macro {
            let lex = lexicons
                .get(name)
                .ok_or_else(|| format!("names lexicon `{{{name}}}`, which is not defined"))?;
            out.push_str(&rest[..open]);
            out.push_str(&alternation(&lex.terms));
            rest = &after[name_len + 1..];
        } else {
            out.push_str(&rest[..open + 1]);
            rest = after;
        }
    }
    out.push_str(rest);
    Ok(out)
}
