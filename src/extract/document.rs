//! The document a unit is read in: built once before any task is made (the first pass over
//! the body units), then read by every unit.
//!
//! It holds each body unit's words, literals, kind cues and explicit bodies; what each
//! section heading says (its categories, and the times it sets for the units under it); the
//! document's prevailing kind; its addressees; and the collective bodies it names, by
//! section and by unit.

use super::inherit::{Named, NamedBody};
use super::kind::{self, Kind, KindCues};
use super::note::{self, Note, NOTE_REACH, ROLE_FIRST_LEADS, ROLE_NOTE_WORDS};
use super::role::ROLE_ASSISTED;
use super::{body, category, deadline, Options};
use crate::rules::{RuleSet, Scan};
use crate::segment::{Segmented, Segmenter};
use crate::structure::{Role, Section, Structure, Unit};
use crate::text::{char_offsets, has_han, is_han, Piece};
use crate::words::Kept;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// A title's category cues give the context of last resort from this score on (a
/// keyword, not only general words).
const TITLE_CUES: f32 = 2.5;

/// How many opening body units may name the notice's addressees (`要求各地区各部门…`).
const ADDRESSEE_UNITS: usize = 3;

/// Whether `own` votes outnumber `other` more than twice over (and by more than 2): what the
/// other kind needs to hold against a title's genre, or a section against its document.
fn outvotes(own: usize, other: usize) -> bool {
    own > 2 * other + 2
}

/// The fewest voting units a top-level section needs for its own prevailing kind.
const SECTION_VOTES: usize = 4;

/// What a title naming the document's genre (`…整改进展情况的通报`) adds to the prior of the
/// prevailing kind it names: the author says what the document is.
const GENRE_PRIOR: f32 = 1.0;

/// How many report units must name a body first for it to be the document's author.
const AUTHOR_MIN: usize = 2;
/// How many opening body units may report the meeting a body held (`…党委召开…会`).
const HOLDER_UNITS: usize = 3;

/// Counts `name` in `counts` (name, times, where first seen).
fn tally<'t>(counts: &mut Vec<(&'t str, usize, [usize; 2])>, name: &'t str, at: [usize; 2]) {
    match counts.iter_mut().find(|(n, ..)| *n == name) {
        Some((_, k, _)) => *k += 1,
        None => counts.push((name, 1, at)),
    }
}

/// The places a first-person pronoun may name (`我市`): any body in the place may say it.
const PLACE_PRONOUNS: [&str; 4] = ["市", "区", "县", "省"];

/// The levels that open an organisation's name written by its level and field (`市教育局`).
const NAME_LEVELS: [char; 5] = ['省', '市', '区', '县', '州'];

/// Names in `text` ending in `head` that open with a level (`市教育局`, at most six
/// characters, all Han): byte ranges.
fn leveled_names(text: &str, head: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices(head) {
        let before: Vec<(usize, char)> = text[..i].char_indices().rev().take(5).collect();
        let run = before.iter().take_while(|(_, c)| is_han(*c)).count();
        let opens = (before[..run].iter())
            .rev()
            .find(|(_, c)| NAME_LEVELS.contains(c));
        if let Some(&(s, _)) = opens.filter(|&&(s, _)| text[s..i].chars().count() >= 2) {
            out.push((s, i + head.len()));
        }
    }
    out
}

/// Whether a heading passes deadlines of this kind on to the units under it (the kind's
/// `heading_passes` in the rules).
pub(super) fn passes_to_units(rules: &RuleSet, kind: &str) -> bool {
    rules.deadline_kind(kind).is_some_and(|k| k.heading_passes)
}

/// What a responsibility note assigns the measures it closes.
pub(super) struct DocNote {
    /// Its bodies, with standing ones and roles.
    pub bodies: Named,
    /// Its clauses that say when: byte ranges of the text and the char offset of each start.
    pub times: Vec<(usize, usize, usize)>,
}

/// One body unit as the first pass read it.
#[derive(Clone)]
pub(super) struct UnitRead<'a> {
    /// Index into [`Structure::units`].
    pub index: usize,
    /// Its words.
    pub words: Segmented,
    /// The rule set's scan of it.
    pub scan: Cow<'a, Scan<'a>>,
    /// Its kind cues, with those of the headings above it.
    pub cues: KindCues<'a>,
    /// The bodies it names as actors.
    pub explicit: Vec<body::Found>,
    /// Whether one of them leads as the object of 配合/协助 (the others then assist).
    pub explicit_led: bool,
    /// Whether an audience rule may match it (its literals occur): else it names no
    /// audience ([`Document::find_audience`]).
    pub may_name_audience: bool,
}

/// A body unit as the document holds it from the first pass to its task: its read (176
/// bytes instead of 288) with the words packed ([`Kept`], 4 to 12 bytes a word instead of
/// 32; in a text of [`PACK_FROM_BYTES`] or more, else held whole), its explicit bodies in a
/// list of their length, and without the kind cue hits of its headings (the same for every
/// unit under a heading: [`Document::heading_cues`] holds them once); [`Held::unpack`] gives
/// its [`UnitRead`] back whole.
#[derive(Clone)]
pub(super) struct Held<'a> {
    /// Index into [`Structure::units`].
    pub index: usize,
    /// Its kind cues, without its headings' hits (and without its own when `hits` holds
    /// them).
    pub cues: KindCues<'a>,
    /// The bodies it names as actors.
    pub explicit: Box<[body::Found]>,
    /// Whether one of them leads as the object of 配合/协助 (the others then assist).
    pub explicit_led: bool,
    /// Whether an audience rule may match it ([`UnitRead::may_name_audience`]).
    pub may_name_audience: bool,
    /// The rule set's scan of it.
    pub scan: UnitScan<'a>,
    /// Its words.
    words: Kept,
    /// Its own kind cue hits in 12 bytes each instead of 64, taken out of its cues:
    /// (cue, start, end), the cue's rule and label at [`Document::cue_names`]`[cue]`;
    /// `None` when they did not fit (then they stay in the cues).
    hits: Option<Box<[(u32, u32, u32)]>>,
}

/// A held unit's literals: a view of the rule set's scan of the whole text, or the unit's
/// own scan, boxed (a unit of a text scanned whole holds a pointer, not a [`Scan`]).
#[derive(Clone)]
pub(super) enum UnitScan<'a> {
    /// The scan of the whole text, which covers the unit.
    Whole(&'a Scan<'a>),
    /// The unit's own.
    Own(Box<Scan<'a>>),
}

impl<'a> std::ops::Deref for UnitScan<'a> {
    type Target = Scan<'a>;

    fn deref(&self) -> &Scan<'a> {
        match self {
            UnitScan::Whole(scan) => scan,
            UnitScan::Own(scan) => scan,
        }
    }
}

/// The rule and label of each kind cue the units' held hits name, each once, and where.
#[derive(Default)]
pub(super) struct CueNames<'a> {
    names: Vec<(&'a str, &'a str)>,
    index: HashMap<(&'a str, &'a str), u32>,
}

impl<'a> CueNames<'a> {
    /// The number of a rule and label, given one if new.
    fn number(&mut self, rule: &'a str, label: &'a str) -> Option<u32> {
        if let Some(&n) = self.index.get(&(rule, label)) {
            return Some(n);
        }
        let n = u32::try_from(self.names.len()).ok()?;
        self.names.push((rule, label));
        self.index.insert((rule, label), n);
        Some(n)
    }
}

impl<'a> Held<'a> {
    fn keep(read: UnitRead<'a>, names: &mut CueNames<'a>, pack: bool) -> Self {
        let UnitRead {
            index,
            words,
            scan,
            mut cues,
            explicit,
            explicit_led,
            may_name_audience,
        } = read;
        // the headings' hits follow the unit's own (read_unit): given back by unpack
        cues.hits.retain(|h| h.heading.is_none());
        // held until the unit's task is made: no room to grow
        cues.fired.shrink_to_fit();
        let scan = match scan {
            Cow::Borrowed(whole) => UnitScan::Whole(whole),
            Cow::Owned(own) => UnitScan::Own(Box::new(own)),
        };
        let (words, hits) = match pack {
            true => (words.pack(), Self::pack_hits(&mut cues, names)),
            false => (Kept::Whole(Box::new(words)), None),
        };
        Held {
            index,
            cues,
            explicit: explicit.into_boxed_slice(),
            explicit_led,
            may_name_audience,
            scan,
            words,
            hits,
        }
    }

    /// The unit's own kind cue hits, packed and taken out of its cues; `None` when they do
    /// not fit (they then stay).
    fn pack_hits(
        cues: &mut KindCues<'a>,
        names: &mut CueNames<'a>,
    ) -> Option<Box<[(u32, u32, u32)]>> {
        let hits = (cues.hits.iter())
            .map(|h| {
                let at = |o: usize| u32::try_from(o).ok();
                Some((names.number(h.rule, h.label)?, at(h.start)?, at(h.end)?))
            })
            .collect::<Option<Box<[_]>>>();
        match hits {
            Some(_) => cues.hits = Vec::new(),
            None => cues.hits.shrink_to_fit(),
        }
        hits
    }

    /// The unit's read with its words and its headings' cue hits, as [`read_unit`] made it.
    pub fn unpack(self, doc: &Document<'a>) -> UnitRead<'a> {
        let Held {
            index,
            mut cues,
            explicit,
            explicit_led,
            may_name_audience,
            scan,
            words,
            hits,
        } = self;
        for &(cue, start, end) in hits.iter().flatten() {
            if let Some(&(rule, label)) = doc.cue_names.get(cue as usize) {
                let (start, end) = (start as usize, end as usize);
                cues.hits.push(kind::Hit {
                    rule,
                    label,
                    start,
                    end,
                    heading: None,
                });
            }
        }
        let st = doc.st;
        for &si in &st.path(st.units[index].section) {
            if let Some(heading) = doc.heading_cues.get(si) {
                (cues.hits).extend(heading.hits_under(&st.sections[si].title));
            }
        }
        UnitRead {
            index,
            words: words.unpack(),
            scan: match scan {
                UnitScan::Whole(whole) => Cow::Borrowed(whole),
                UnitScan::Own(own) => Cow::Owned(*own),
            },
            cues,
            explicit: explicit.into_vec(),
            explicit_led,
            may_name_audience,
        }
    }
}

/// What a section heading says to the units under it.
pub(super) struct HeadingRead {
    /// Its categories.
    pub categories: category::Ranked,
    /// The times it sets, with their char spans.
    pub times: Vec<(deadline::Found, [usize; 2])>,
}

/// What each trained model makes of a document's own features (its title, prevailing kind
/// and genre), found once for all its units.
#[derive(Debug, Default)]
pub(super) struct ModelRows {
    /// The category model's.
    pub category: crate::learn::Base,
    /// The kind model's.
    pub kind: crate::learn::Base,
}

impl ModelRows {
    fn of(doc: &Document<'_>) -> Self {
        let m = &doc.rules.models;
        let rows = |m: Option<&crate::learn::Model>| {
            m.map(|m| m.base(|f| super::learned::document_features(doc, f)))
                .unwrap_or_default()
        };
        ModelRows {
            category: rows(m.category.as_ref()),
            kind: rows(m.kind.as_ref()),
        }
    }
}

/// Counts over all units, made once so that per-unit checks stay cheap.
pub(super) struct Layout {
    /// How many units each line holds: (line, units), by line (16 bytes a line, a third of
    /// a map's; see [`Layout::units_on`]).
    units_on_line: Vec<(usize, usize)>,
    /// The start of the first body unit of each section.
    pub first_body: HashMap<Option<usize>, usize>,
}

impl Layout {
    fn new(st: &Structure) -> Self {
        let mut lines: Vec<usize> = st.units.iter().map(|u| u.line).collect();
        lines.sort_unstable();
        let mut units_on_line: Vec<(usize, usize)> = Vec::new();
        for line in lines {
            match units_on_line.last_mut() {
                Some((l, n)) if *l == line => *n += 1,
                _ => units_on_line.push((line, 1)),
            }
        }
        units_on_line.shrink_to_fit();
        let mut first_body = HashMap::new();
        for u in st.units.iter().filter(|u| u.role == Role::Body) {
            first_body.entry(u.section).or_insert(u.start);
        }
        Layout {
            units_on_line,
            first_body,
        }
    }

    /// How many units line `line` holds.
    pub fn units_on(&self, line: usize) -> usize {
        let i = self.units_on_line.partition_point(|&(l, _)| l < line);
        match self.units_on_line.get(i) {
            Some(&(l, n)) if l == line => n,
            _ => 0,
        }
    }
}

/// The document every unit is read in.
pub(super) struct Document<'a> {
    /// The cleaned text (a Simplified fold of it for a Traditional one).
    pub text: &'a str,
    /// Its structure.
    pub st: &'a Structure,
    /// The rules.
    pub rules: &'a RuleSet,
    /// The segmenter.
    pub seg: &'a Segmenter,
    /// The rule set's scan of the whole text, when the caller has one.
    pub scan: Option<&'a Scan<'a>>,
    /// Extraction options.
    pub opts: &'a Options,
    /// The year dates resolve against.
    pub year: Option<i32>,
    /// The body units, in order; [`super::extract`] takes them to make the tasks, each
    /// dropped once its task is made.
    pub units: Vec<Held<'a>>,
    /// Char offsets `(start, end)` of every unit.
    pub unit_chars: Vec<(usize, usize)>,
    /// The kind cues of each section's heading.
    pub heading_cues: Vec<KindCues<'a>>,
    /// The rule and label of the kind cues the held units' hits name ([`Held`]).
    pub cue_names: Vec<(&'a str, &'a str)>,
    /// What each section's heading says.
    pub headings: Vec<HeadingRead>,
    /// The title's categories, when its cues are strong enough to be a context.
    pub title_categories: Option<category::Ranked>,
    /// The title's categories, whatever their cues' weight.
    pub title_categories_all: Option<category::Ranked>,
    /// The title's words of two or more chars with a Han character, each once, when a
    /// model reads them (a model is loaded or features are asked for).
    pub title_words: Vec<String>,
    /// The kind the title's genre names (`…情况的通报`: report; `…的通知`: directive).
    pub genre: Option<Kind>,
    /// The trained models' rows of the document's own features ([`super::learned`]).
    pub model_rows: ModelRows,
    /// The kind most units lean to, and the prior weight it gets.
    pub prevailing: Kind,
    /// See [`kind::prior`].
    pub prior: f32,
    /// The kind most units of a top-level section lean to, with its prior, where enough of
    /// them vote ([`SECTION_VOTES`]) and it is not the document's: a slot per section and one
    /// for the units before the first heading; empty when no section has one.
    pub section_kinds: Vec<Option<(Kind, f32)>>,
    /// The notice's addressees.
    pub addressees: Vec<String>,
    /// Whom a meeting or speech is for, with where each is named (chars).
    pub audience: Named,
    /// The body that held a meeting of its own (`…党委召开专题民主生活会`), with where it is
    /// named: what that meeting requires is for it (TASKS.md "News of meetings").
    pub holder: Named,
    /// The organisation whose own plan the document is ([`inherit::own_plan`]).
    pub own_plan: Option<String>,
    /// The body a report speaks for: the organisation most often the subject of the units
    /// that report (`学院…`, `学校党委…`), named at least twice (TASKS.md "inherited").
    pub author: Option<NamedBody>,
    /// The organisation the document speaks as, named by a first-person pronoun (`我校`,
    /// `我局`): what its reports name nobody for, it did ([`Document::find_voice`]).
    pub voice: Option<NamedBody>,
    /// The first collective body of each top-level section.
    pub section_collective: HashMap<Option<usize>, String>,
    /// Every unit's first collective body: (unit index, body), in unit order.
    pub collectives: Vec<(usize, String)>,
    /// Counts over the units.
    pub layout: Layout,
    /// What each responsibility note assigns, by note.
    pub notes: Vec<DocNote>,
    /// The note that closes each unit it covers: unit index → index into `notes`.
    pub note_of: HashMap<usize, usize>,
    /// The units that are only a responsibility note: no tasks.
    pub note_units: HashSet<usize>,
    /// The problems the text quotes ([`kind::quoted_problems`]).
    pub quoted_problems: Vec<kind::QuotedProblem>,
    /// The times a unit's paragraph sets for it ([`Document::find_paragraph_times`]): unit
    /// index → the unit that says them and what was found in it.
    pub paragraph_times: HashMap<usize, (usize, Vec<deadline::Found>)>,
}

impl<'a> Document<'a> {
    /// Reads the headings and every body unit once (`scan`: the rule set's scan of `text`).
    pub fn read(
        text: &'a str,
        st: &'a Structure,
        rules: &'a RuleSet,
        seg: &'a Segmenter,
        opts: &'a Options,
        scan: Option<&'a Scan<'a>>,
    ) -> Self {
        let year = st.year.or(opts.reference_year);
        let heading_reads: Vec<(Segmented, Scan<'_>)> = (st.sections.iter())
            .map(|sec| (seg.segment(&sec.title), rules.scan(&sec.title)))
            .collect();
        let heading_cues: Vec<KindCues<'a>> = (st.sections.iter().zip(&heading_reads))
            .map(|(sec, (words, scan))| kind::cues(rules, &sec.title, words, Some(scan)))
            .collect();
        let headings = read_headings(text, st, rules, &heading_reads, year);
        let title_categories_all =
            (st.title.as_deref()).map(|t| category::rank(rules, t, None, Some(&rules.scan(t))));
        let title_categories = (title_categories_all.clone())
            .filter(|r| r.scores.first().is_some_and(|&s| s >= TITLE_CUES));
        // the headings' words and literals are read: they go before the units are
        drop(heading_reads);
        let reader = UnitReader {
            text,
            st,
            rules,
            seg,
            scan,
            heading_cues: &heading_cues,
        };
        let (units, cue_names) = reader.all();
        let mut doc = Document {
            text,
            st,
            rules,
            seg,
            scan,
            opts,
            year,
            units,
            unit_chars: unit_char_offsets(text, st),
            heading_cues,
            cue_names,
            headings,
            title_categories,
            title_categories_all,
            title_words: title_words(st, rules, seg, opts),
            genre: None,
            model_rows: ModelRows::default(),
            prevailing: Kind::Directive,
            prior: 0.0,
            section_kinds: Vec::new(),
            addressees: st.addressees.clone(),
            audience: Vec::new(),
            holder: Vec::new(),
            own_plan: super::inherit::own_plan(st),
            author: None,
            voice: None,
            section_collective: HashMap::new(),
            collectives: Vec::new(),
            layout: Layout::new(st),
            notes: Vec::new(),
            note_of: HashMap::new(),
            note_units: HashSet::new(),
            quoted_problems: kind::quoted_problems(rules, text),
            paragraph_times: HashMap::new(),
        };
        doc.find_notes();
        doc.find_prevailing_kind();
        doc.model_rows = ModelRows::of(&doc);
        doc.find_addressees();
        doc.find_audience();
        doc.find_holder();
        doc.find_author();
        doc.voice = doc.find_voice();
        doc.find_collectives();
        doc.find_paragraph_times();
        doc
    }

    /// The unit's text and where it starts in chars.
    pub(crate) fn piece(&self, index: usize) -> Piece<'a> {
        let u = &self.st.units[index];
        Piece::new(&self.text[u.start..u.end], self.unit_chars[index].0)
    }

    /// The unit at `index` of the structure.
    pub fn unit(&self, index: usize) -> &'a Unit {
        &self.st.units[index]
    }

    /// Responsibility notes ([`note`]): which units are notes, and the note closing each
    /// unit before it, back to the previous note, a unit of another section or one opening
    /// with an item number (included), at most [`NOTE_REACH`] units; table cells take part
    /// in none.
    fn find_notes(&mut self) {
        let mut pending: Vec<usize> = Vec::new();
        let mut standing: Vec<(Option<usize>, NamedBody)> = Vec::new();
        let mut first_leads = false;
        for k in 0..self.units.len() {
            let ui = self.units[k].index;
            let u = self.unit(ui);
            let piece = self.piece(ui);
            if u.cell.is_some() {
                pending.clear();
                continue;
            }
            let found = note::find(self.rules, piece.text);
            let whole = found
                .as_ref()
                .is_some_and(|(open, _)| piece.text[..*open].trim().is_empty());
            if !whole {
                let other_section = pending
                    .last()
                    .is_some_and(|&p| self.unit(p).section != u.section);
                if other_section || crate::text::starts_numbered(piece.text) {
                    pending.clear();
                }
                if pending.len() == NOTE_REACH {
                    pending.remove(0);
                }
                pending.push(ui);
            }
            let Some((_, n)) = found else {
                continue;
            };
            if whole {
                self.note_units.insert(ui);
            }
            let top = self.st.top(u.section);
            first_leads |= n.first_leads;
            let named = self.note_bodies(ui, &n, first_leads, &standing, top);
            for b in &n.standing {
                let span = piece.span(b.start, b.end);
                let text = piece.slice(b.start, b.end).to_string();
                standing.push((top, NamedBody::plain(text, Some(span))));
            }
            let times = (n.times.iter())
                .map(|&(s, e)| (u.start + s, u.start + e, piece.char_at(s)))
                .collect();
            let idx = self.notes.len();
            self.notes.push(DocNote {
                bodies: named,
                times,
            });
            for p in pending.drain(..) {
                self.note_of.insert(p, idx);
            }
        }
    }

    /// The bodies a note of unit `ui` assigns: its own, the first leading where the
    /// document says so, then the standing ones of its top-level section `top`.
    fn note_bodies(
        &self,
        ui: usize,
        n: &Note,
        first_leads: bool,
        standing: &[(Option<usize>, NamedBody)],
        top: Option<usize>,
    ) -> Named {
        let piece = self.piece(ui);
        let mut named: Named = (n.bodies.iter())
            .map(|b| NamedBody {
                text: piece.slice(b.start, b.end).to_string(),
                span: Some(piece.span(b.start, b.end)),
                role: b.role.map(|r| (r, ROLE_NOTE_WORDS)),
            })
            .collect();
        if let Some(first) = named
            .first_mut()
            .filter(|f| first_leads && f.role.is_none())
        {
            first.role = Some((crate::record::BodyRole::Lead, ROLE_FIRST_LEADS));
        }
        for (t, b) in standing {
            if *t == top && !named.iter().any(|x| x.text == b.text) {
                named.push(b.clone());
            }
        }
        named
    }

    /// The kind most units' strong cues vote for (directive on a tie), and its prior; a title
    /// that names the document's genre (a report, a plan) holds unless the units' votes for
    /// the other kind are more than twice its own.
    fn find_prevailing_kind(&mut self) {
        let genre = self.title_genre();
        self.genre = genre.map(|(k, _)| k);
        let (mut d, mut r) = (0, 0);
        for a in &self.units {
            match a.cues.vote() {
                Some(Kind::Directive) => d += 1,
                Some(Kind::Report) => r += 1,
                None => {}
            }
        }
        self.prevailing = match self.genre {
            Some(Kind::Report) if !outvotes(d, r) => Kind::Report,
            Some(Kind::Directive) if !outvotes(r, d) => Kind::Directive,
            _ if r > d => Kind::Report,
            _ => Kind::Directive,
        };
        self.prior = kind::prior(d.max(r), d + r);
        if genre == Some((self.prevailing, true)) {
            self.prior += GENRE_PRIOR;
        }
        self.find_section_kinds();
    }

    /// The kind that prevails in each top-level section where at least [`SECTION_VOTES`]
    /// units vote, when it is not the document's: a speech's part that reviews the work
    /// done, a report's part on the next steps.
    fn find_section_kinds(&mut self) {
        // a slot per section (only top-level ones are used), the last for the units before
        // the first heading
        let mut votes = vec![(0usize, 0usize); self.st.sections.len() + 1];
        for a in &self.units {
            let slot = self.section_slot(a.index);
            let Some(v) = votes.get_mut(slot) else {
                continue;
            };
            match a.cues.vote() {
                Some(Kind::Directive) => v.0 += 1,
                Some(Kind::Report) => v.1 += 1,
                None => {}
            }
        }
        for (slot, (d, r)) in votes.into_iter().enumerate() {
            // the other kind holds a section only where it outvotes the document's kind
            // there more than twice over, as it must outvote a title's genre
            let (kind, own, other) = match self.prevailing {
                Kind::Directive => (Kind::Report, r, d),
                Kind::Report => (Kind::Directive, d, r),
            };
            if own + other >= SECTION_VOTES && outvotes(own, other) {
                if self.section_kinds.is_empty() {
                    self.section_kinds = vec![None; self.st.sections.len() + 1];
                }
                self.section_kinds[slot] = Some((kind, kind::prior(own, own + other)));
            }
        }
    }

    /// The slot of [`Document::section_kinds`] for a unit: its top-level section, or the
    /// last slot before the first heading.
    fn section_slot(&self, ui: usize) -> usize {
        let n = self.st.sections.len();
        self.top_section(ui).map_or(n, |t| t.min(n))
    }

    /// The top-level section a unit lies in (`None` before the first heading).
    pub fn top_section(&self, ui: usize) -> Option<usize> {
        self.st.top(self.unit(ui).section)
    }

    /// The kind that prevails where a unit lies, with its prior: its top-level section's
    /// when that one differs from the document's, else the document's.
    pub fn prevailing_at(&self, ui: usize) -> (Kind, f32) {
        if self.section_kinds.is_empty() {
            return (self.prevailing, self.prior);
        }
        match self.section_kinds.get(self.section_slot(ui)) {
            Some(&Some(k)) => k,
            _ => (self.prevailing, self.prior),
        }
    }

    /// The kind the title's genre names (`…情况的通报`: report; `…的通知`: directive), and
    /// whether the genre is firm (a speech's is not: it tells what was done as well; nor is
    /// the news of a meeting: it tells what the meeting required).
    fn title_genre(&self) -> Option<(Kind, bool)> {
        let title = self.st.title.as_deref()?;
        let found = self
            .rules
            .structure
            .all_of(title, crate::rules::Context::default(), |r| {
                r.label.starts_with("genre-")
            });
        found.iter().find_map(|m| match m.label {
            "genre-report" => Some((Kind::Report, true)),
            "genre-directive" => Some((Kind::Directive, true)),
            "genre-speech" => Some((Kind::Directive, false)),
            "genre-news" => Some((Kind::Report, false)),
            _ => None,
        })
    }

    /// The addressee line of a formal document, then the bodies the opening units address.
    fn find_addressees(&mut self) {
        for a in self.units.iter().take(ADDRESSEE_UNITS) {
            let t = self.piece(a.index).text;
            for f in body::addressees(self.rules, t, Some(&a.scan)) {
                let b = t[f.start..f.end].to_string();
                if !self.addressees.contains(&b) {
                    self.addressees.push(b);
                }
            }
        }
    }

    /// The audience: the groups the first unit that names one lists (news of a meeting
    /// names who attended at its start or at its end), each with where it is written.
    /// Named persons among them are guests (a supervisor, a visiting leader: `督导组组长李益民`,
    /// `沈建国、靳学军等领导同志`), not the groups the meeting's directives are for; so are the
    /// groups that inspect or supervise (`body-inspector`: `巡察组`, `督导组`).
    fn find_audience(&mut self) {
        // those who inspect or supervise (巡察组, 督导组) are guests too: what the meeting
        // directs is for those inspected; so are the guests invited from outside the body
        // that meets (人大代表, 政协委员, 民主党派负责人: lexicon body-guest)
        let inspectors = self.rules.terms("body-inspector");
        let guests = self.rules.lexicon("body-guest");
        for k in 0..self.units.len() {
            let a = &self.units[k];
            // (a unit where no audience rule may match names none: not searched)
            if !a.may_name_audience {
                continue;
            }
            let piece = self.piece(a.index);
            let found = body::audience(self.rules, piece.text, Some(&a.scan));
            if found.is_empty() {
                continue;
            }
            // its words alone, not the whole read
            let words = self.units[k].words.clone().unpack();
            for f in &found {
                for (s, e) in list_items(piece.slice(f.start, f.end)) {
                    let (s, e) = (f.start + s, f.start + e);
                    let person = (words.words_in(s, e)).any(|w| w.tag.as_str() == "nr");
                    let item = piece.slice(s, e);
                    let inspector = inspectors.ends(item);
                    let guest = guests.iter().any(|g| item.contains(g.as_str()));
                    if !person && !inspector && !guest {
                        let text = piece.slice(s, e).to_string();
                        (self.audience).push(NamedBody::plain(text, Some(piece.span(s, e))));
                    }
                }
            }
            if !self.audience.is_empty() {
                return;
            }
        }
    }

    /// The holder of the meeting the opening units report, when it held one of its own.
    fn find_holder(&mut self) {
        for a in self.units.iter().take(HOLDER_UNITS) {
            let piece = self.piece(a.index);
            if let Some(f) = body::holder(self.rules, piece.text, Some(&a.scan)).first() {
                let text = piece.slice(f.start, f.end).to_string();
                let span = Some(piece.span(f.start, f.end));
                self.holder.push(NamedBody::plain(text, span));
                return;
            }
        }
    }

    /// The author of what the document reports: the subject most often named first by a unit
    /// that reports (its cues vote for a report, or it has none in a report), not a
    /// collective, a partner, one that assists (role `support`) nor a person (lexicon
    /// body-person-title), at least twice; the earliest on a tie.
    fn find_author(&mut self) {
        // a person (姚局长) acts, but the author is the organisation the report speaks for
        let persons = self.rules.terms("body-person-title");
        // (name, count, where it is first named)
        let mut counts: Vec<(&str, usize, Option<[usize; 2]>)> = Vec::new();
        for a in &self.units {
            if a.cues.vote().unwrap_or(self.prevailing) != Kind::Report {
                continue;
            }
            let piece = self.piece(a.index);
            let Some(f) = a.explicit.iter().find(|f| !f.partner) else {
                continue;
            };
            let b = piece.slice(f.start, f.end);
            // those who assist (…，其他相关部门配合) act beside the one the report speaks for
            let assists = matches!(f.role, Some((crate::record::BodyRole::Support, _)));
            if body::is_collective(b) || persons.ends(b) || assists {
                continue;
            }
            match counts.iter_mut().find(|(name, ..)| *name == b) {
                Some((_, n, _)) => *n += 1,
                None => counts.push((b, 1, Some(piece.span(f.start, f.end)))),
            }
        }
        let most = counts.iter().map(|&(_, n, _)| n).max().unwrap_or(0);
        self.author = (counts.iter())
            .find(|&&(_, n, _)| n == most && n >= AUTHOR_MIN)
            .map(|&(b, _, span)| NamedBody::plain(b.to_string(), span));
    }

    /// The organisation the units speak as: a first-person pronoun of lexicon voice-pronoun
    /// (`我局`) names it; its name is the body the units name most often (the earliest on a
    /// tie) that ends as the pronoun does once a closing party organ or leadership is cut off
    /// (lexicon voice-organ: `绍兴一中党委` → `绍兴一中`), for `我校` also a school named by
    /// `中` or `学`; else the pronoun where it is first written.
    fn find_voice(&self) -> Option<NamedBody> {
        let (pronoun, at) = self.voice_pronoun()?;
        let own = pronoun.trim_start_matches('我');
        let ends_as_pronoun = |name: &str| {
            name.chars().count() >= 2
                && (name.ends_with(own) || (own == "校" && name.ends_with(['中', '学'])))
        };
        let organs = self.rules.lexicon("voice-organ");
        let persons = self.rules.terms("body-person-title");
        // (name, count, where it is first named)
        let mut counts: Vec<(&str, usize, [usize; 2])> = Vec::new();
        for a in &self.units {
            let piece = self.piece(a.index);
            for f in a.explicit.iter().filter(|f| !f.partner) {
                let b = piece.slice(f.start, f.end);
                if body::is_collective(b) || persons.ends(b) {
                    continue;
                }
                let name = (organs.iter())
                    .find_map(|o| b.strip_suffix(o.as_str()))
                    .unwrap_or(b);
                if ends_as_pronoun(name) && !name.starts_with('我') {
                    tally(&mut counts, name, piece.span(f.start, f.start + name.len()));
                }
            }
        }
        if counts.is_empty() && !PLACE_PRONOUNS.contains(&own) {
            // no unit names it as a body: a mention by its level and field (`市教育局`)
            for a in &self.units {
                let piece = self.piece(a.index);
                for (s, e) in leveled_names(piece.text, own) {
                    tally(&mut counts, &piece.text[s..e], piece.span(s, e));
                }
            }
        }
        let most = counts.iter().map(|&(_, k, _)| k).max().unwrap_or(0);
        let named = (counts.iter()).find(|&&(_, k, _)| k == most);
        Some(match named {
            Some(&(name, _, span)) => NamedBody::plain(name.to_string(), Some(span)),
            None => NamedBody::plain(pronoun.to_string(), Some(at)),
        })
    }

    /// Whether the voice is a place's (`我市`, or a name it gives: a place's pronoun names no
    /// organisation, so the voice is the pronoun itself).
    pub(super) fn voice_is_place(&self, v: &NamedBody) -> bool {
        (PLACE_PRONOUNS.iter()).any(|p| v.text.strip_prefix('我') == Some(*p))
    }

    /// The pronoun of lexicon voice-pronoun the units use most, an organisation's (`我局`)
    /// before a place's (`我省`, which a speaker of any body in it may use), and where it
    /// is first written.
    fn voice_pronoun(&self) -> Option<(&'a str, [usize; 2])> {
        let pronouns = self.rules.lexicon("voice-pronoun");
        // (pronoun, count, first place)
        let mut seen: Vec<(&'a str, usize, [usize; 2])> = Vec::new();
        for a in &self.units {
            let piece = self.piece(a.index);
            for (i, _) in piece.text.match_indices('我') {
                let rest = &piece.text[i..];
                let Some(p) = pronouns.iter().find(|p| rest.starts_with(p.as_str())) else {
                    continue;
                };
                tally(&mut seen, p.as_str(), piece.span(i, i + p.len()));
            }
        }
        let place = |p: &str| PLACE_PRONOUNS.contains(&p.trim_start_matches('我'));
        let rank = |&(p, k, _): &(&str, usize, [usize; 2])| (!place(p), k);
        let best = seen.iter().map(rank).max()?;
        (seen.iter())
            .find(|x| rank(x) == best)
            .map(|&(p, _, at)| (p, at))
    }

    /// Collective bodies: the first of each top-level section, and each with its unit.
    fn find_collectives(&mut self) {
        for a in &self.units {
            let u = self.unit(a.index);
            let t = self.piece(a.index).text;
            let Some(f) = a
                .explicit
                .iter()
                .find(|f| body::is_collective(&t[f.start..f.end]))
            else {
                continue;
            };
            let b = t[f.start..f.end].to_string();
            let top = self.st.top(u.section);
            self.section_collective
                .entry(top)
                .or_insert_with(|| b.clone());
            self.collectives.push((a.index, b));
        }
    }
}

/// The id of the step that gives a unit the times its paragraph sets
/// ([`Document::find_paragraph_times`]).
pub const PARAGRAPH_TIMES: &str = "deadline.inherit.paragraph";

/// What ends a sentence: a date that opens one leads no unit after it.
const SENTENCE_ENDS: [char; 6] = ['。', '！', '？', '!', '?', '.'];

impl Document<'_> {
    /// The times a paragraph sets for its other units (TASKS.md "Deadline wording"): a
    /// sentence naming the work before it as its subject (lexicon `work-before`:
    /// `以上工作要在2019年2月底前完成`) times the units of its paragraph before it. Only dates
    /// and durations pass, and only in paragraphs of two or more body units outside tables.
    ///
    /// A unit that opens with its date (`2024年3月底前，盯牢…；加强…。`) times the units after
    /// it in its sentence (the clauses after `；`): the date leads the sentence it opens.
    fn find_paragraph_times(&mut self) {
        let work_before = self.rules.terms("work-before");
        // (line, unit index, position among the body units)
        let lines: Vec<(usize, usize, usize)> = (self.units.iter().enumerate())
            .map(|(k, a)| (self.unit(a.index).line, a.index, k))
            .collect();
        for paragraph in lines.chunk_by(|a, b| a.0 == b.0) {
            if self.unit(paragraph[0].1).cell.is_some() {
                continue;
            }
            let mut opening: Option<(usize, Vec<deadline::Found>)> = None;
            for &(_, ui, k) in paragraph {
                let times = self.opening_times(k);
                if !times.is_empty() {
                    opening = Some((ui, times));
                } else if let Some((from, times)) = &opening {
                    self.paragraph_times.insert(ui, (*from, times.clone()));
                }
                // the date leads its own sentence only
                if self.piece(ui).text.trim_end().ends_with(SENTENCE_ENDS) {
                    opening = None;
                }
            }
            for (n, &(_, ui, k)) in paragraph.iter().enumerate().skip(1) {
                if !work_before.starts(self.piece(ui).text.trim_start()) {
                    continue;
                }
                let times = self.timeframes(k);
                if times.is_empty() {
                    continue;
                }
                for &(_, before, _) in &paragraph[..n] {
                    self.paragraph_times.insert(before, (ui, times.clone()));
                }
            }
        }
    }

    /// The dates and durations the `k`-th body unit opens with, before its first comma
    /// (`2024年底前，…`).
    fn opening_times(&self, k: usize) -> Vec<deadline::Found> {
        let text = self.piece(self.units[k].index).text;
        let lead = text.trim_start();
        // most units open with no year, month or day: no need to read their times
        if !opens_with_date(lead) {
            return Vec::new();
        }
        let at = text.len() - lead.len();
        let times = self.timeframes(k);
        let opens = |f: &deadline::Found| f.start == at && text[f.end..].starts_with(['，', ',']);
        if times.iter().any(opens) {
            times.into_iter().filter(opens).collect()
        } else {
            Vec::new()
        }
    }

    /// The dates and durations the `k`-th body unit says, read as a directive's, from the
    /// words and literals its first reading holds.
    fn timeframes(&self, k: usize) -> Vec<deadline::Found> {
        let held = &self.units[k];
        let text = self.piece(held.index).text;
        let words = held.words.clone().unpack();
        deadline::find(
            self.rules,
            text,
            &words,
            Kind::Directive,
            self.year,
            Some(&held.scan),
        )
        .into_iter()
        .filter(|f| matches!(f.kind.as_str(), "date" | "duration"))
        .collect()
    }
}

/// Whether a text opens with a year, a month or a day written in figures (`2024年`, `12月底前`,
/// `5日`) or with 今年/明年: the cheap test before a unit's times are read.
fn opens_with_date(lead: &str) -> bool {
    let rest = lead.trim_start_matches(|c: char| c.is_ascii_digit());
    let figures = rest.len() < lead.len() && rest.starts_with(['年', '月', '日']);
    figures || lead.starts_with("今年") || lead.starts_with("明年")
}

/// The size of text, in bytes, from which a document's held units are packed ([`Held`]):
/// packing and unpacking cost about 6 % of a small document's instructions, and the words
/// of a text below it held whole take at most a few MB.
pub(super) const PACK_FROM_BYTES: usize = 256 * 1024;

/// What the first pass reads each body unit with: the text, its structure, the rules and
/// the segmenter, the rule set's scan of the text when the caller has one, and the kind cues
/// of every section heading.
struct UnitReader<'a, 'h> {
    text: &'a str,
    st: &'a Structure,
    rules: &'a RuleSet,
    seg: &'h Segmenter,
    scan: Option<&'a Scan<'a>>,
    heading_cues: &'h [KindCues<'a>],
}

/// A unit whose cues hold for the units after it on its line ([`kind::KindCues::passes`]).
struct Lead<'a> {
    line: usize,
    passes: Vec<(kind::Hit<'a>, f32)>,
    text: &'a str,
}

impl<'a> UnitReader<'a, '_> {
    /// The first pass over every body unit, each read held ([`Held`]) in a list of its
    /// size, and the kind cues their held hits name ([`Document::cue_names`]).
    fn all(&self) -> (Vec<Held<'a>>, Vec<(&'a str, &'a str)>) {
        let st = self.st;
        let body = |i: &usize| st.units[*i].role == Role::Body;
        let mut units = Vec::with_capacity((0..st.units.len()).filter(body).count());
        let mut names = CueNames::default();
        let pack = self.text.len() >= PACK_FROM_BYTES;
        // the cues a lead passes on to the units after it in its paragraph
        let mut lead: Option<Lead<'a>> = None;
        for i in (0..st.units.len()).filter(body) {
            let mut read = self.unit(i);
            let u = &st.units[i];
            match &lead {
                Some(l) if l.line == u.line => read.cues.add_lead(&l.passes, l.text),
                _ => lead = None,
            }
            if !read.cues.passes.is_empty() {
                lead = Some(Lead {
                    line: u.line,
                    passes: std::mem::take(&mut read.cues.passes),
                    text: &self.text[u.start..u.end],
                });
            }
            units.push(Held::keep(read, &mut names, pack));
        }
        (units, names.names)
    }

    /// The first pass over one body unit: its words, literals, kind cues (with its
    /// headings') and explicit bodies.
    fn unit(&self, index: usize) -> UnitRead<'a> {
        let UnitReader {
            text,
            st,
            rules,
            seg,
            scan,
            heading_cues,
        } = *self;
        let u = &st.units[index];
        let t = &text[u.start..u.end];
        let words = seg.segment(t);
        // the unit's literals: the scan of the whole text holds them, else its own
        let scan = rules.scan_part(scan, t);
        let mut cues = kind::cues(rules, t, &words, Some(&scan));
        // a unit also takes the kind cues of its headings (下一步工作打算 heads plans)
        for &si in &st.path(u.section) {
            cues.add_heading(&heading_cues[si], &st.sections[si].title);
        }
        let nominal = |s: usize, e: usize| body::is_nominal(rules, t, &words, s, e);
        // the body rules' literals in the unit, found once for its bodies and its audience
        let found = rules.body.candidates(t, Some(&scan), |_| true);
        let explicit = body::explicit_among(rules, t, &words, Some(&scan), &nominal, &found);
        let explicit_led =
            (explicit.iter()).any(|f| f.role.is_some_and(|(_, s)| s == ROLE_ASSISTED));
        let may_name_audience = rules.body.may_match(&found, |r| r.label == "audience");
        UnitRead {
            index,
            words,
            scan,
            cues,
            explicit,
            explicit_led,
            may_name_audience,
        }
    }
}

/// What each section heading says: its categories, and the times it sets for its units.
fn read_headings(
    text: &str,
    st: &Structure,
    rules: &RuleSet,
    reads: &[(Segmented, Scan<'_>)],
    year: Option<i32>,
) -> Vec<HeadingRead> {
    let starts = char_offsets(
        text,
        &st.sections.iter().map(|s| s.start).collect::<Vec<_>>(),
    );
    (st.sections.iter().zip(reads).zip(starts))
        .map(|((sec, read), base)| HeadingRead {
            categories: category::rank(rules, &sec.title, None, Some(&read.1)),
            times: heading_times(rules, text, sec, read, base, year),
        })
        .collect()
}

/// The deadlines of a section's heading that its units inherit (the kinds the rules let
/// headings pass on, [`passes_to_units`]), with their char spans in `text` (`base`: the
/// section's start in chars); none when the heading is not found where the section starts.
fn heading_times(
    rules: &RuleSet,
    text: &str,
    sec: &Section,
    (words, scan): &(Segmented, Scan<'_>),
    base: usize,
    year: Option<i32>,
) -> Vec<(deadline::Found, [usize; 2])> {
    let title = sec.title.as_str();
    let at_start = text.get(sec.start..).is_some_and(|r| r.starts_with(title));
    // a heading written as a sentence of clauses states a case (`1.考前14天内，考生健康码
    // 异常。`: the time is when the case arises), not a stage the units under it are due in
    let sentence = title.contains(['，', ',']) && title.ends_with(['。', '.']);
    // the title of a speaker's part names or dates the speech (`（2018年9月3日）` over the
    // speaker's byline), not a stage of the work
    if !at_start || title.is_empty() || sentence || sec.speaker.is_some() {
        return Vec::new();
    }
    let piece = Piece::new(title, base);
    deadline::find(rules, title, words, Kind::Directive, year, Some(scan))
        .into_iter()
        .filter(|f| passes_to_units(rules, &f.kind))
        .map(|f| {
            let at = piece.span(f.start, f.end);
            (f, at)
        })
        .collect()
}

/// The words a model reads of a title: byte ranges of those of two or more chars with a
/// Han character.
fn model_words(text: &str, words: &Segmented) -> Vec<(usize, usize)> {
    (words.words.iter())
        .filter(|w| {
            text.get(w.start..w.end)
                .is_some_and(|t| t.chars().nth(1).is_some() && has_han(t))
        })
        .map(|w| (w.start, w.end))
        .collect()
}

/// The title's words a model reads ([`model_words`]), each once; none when no model reads
/// them.
fn title_words(st: &Structure, rules: &RuleSet, seg: &Segmenter, opts: &Options) -> Vec<String> {
    let wanted = opts.features || rules.models.category.is_some() || rules.models.kind.is_some();
    let Some(title) = st.title.as_deref().filter(|_| wanted) else {
        return Vec::new();
    };
    let mut out: Vec<String> = (model_words(title, &seg.segment(title)).into_iter())
        .filter_map(|(s, e)| title.get(s..e).map(str::to_string))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Char offsets `(start, end)` of every unit, found in one forward walk over the text.
pub(crate) fn unit_char_offsets(text: &str, st: &Structure) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(st.units.len());
    let (mut byte, mut ch) = (0usize, 0usize);
    let mut advance = |to: usize| {
        if to >= byte {
            ch += text.get(byte..to).map_or(0, |s| s.chars().count());
            byte = to;
        }
        ch
    };
    for u in &st.units {
        let s = advance(u.start);
        let e = advance(u.end);
        out.push((s, e));
    }
    out
}

/// The items of a list of bodies (`A、B，C`): byte ranges of the parts between `、` and
/// commas that hold a Han character.
pub(super) fn list_items(list: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in list
        .char_indices()
        .chain(std::iter::once((list.len(), '、')))
    {
        if matches!(c, '、' | '，' | ',') {
            let part = &list[start..i];
            // a numeral alone runs on into the next item (`二、三级专业技术人员`)
            if c == '、'
                && i < list.len()
                && part.chars().all(|ch| "一二三四五六七八九十两".contains(ch))
            {
                continue;
            }
            let lead = part.len() - part.trim_start().len();
            // a conjunction opening the item is no part of its name (`以及各学院`)
            let joined = ["以及", "还有"]
                .iter()
                .find_map(|j| part[lead..].strip_prefix(j).map(|_| j.len()))
                .unwrap_or(0);
            if crate::text::has_han(&part[lead + joined..]) {
                out.push((start + lead + joined, start + part.trim_end().len()));
            }
            start = i + c.len_utf8();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::list_items;

    fn items(list: &str) -> Vec<&str> {
        list_items(list)
            .into_iter()
            .map(|(s, e)| &list[s..e])
            .collect()
    }

    #[test]
    fn list_items_keep_numeral_ranges_and_drop_conjunctions() {
        assert_eq!(
            items("中层干部，二、三级专业技术人员，以及各民主党派负责人"),
            vec!["中层干部", "二、三级专业技术人员", "各民主党派负责人"]
        );
        assert_eq!(items("学校领导、中层干部"), vec!["学校领导", "中层干部"]);
    }
}
