//! A rule's value group read without a capture search. A pattern whose value group is one
//! element of its top-level sequence, `A (?P<value>B) C`, is split there; a match's value
//! is then where the match's text splits into a piece of each part, when it splits one
//! way only. The capture search this saves clears a table of the size of the pattern's
//! automaton times the match's length on every match, and the body-subject patterns'
//! automata are large (alternations of a hundred and more heads and markers).

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, MatchKind};
use regex_syntax::hir::{Hir, HirKind, Look, LookSet};
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::{Arc, OnceLock};

/// The three parts of a pattern around its value group, each a lazy DFA built on first use
/// (only the states the texts visit are ever built): A and B run forward from a place, C
/// backward from the match's end, each in one pass that reports every place where a piece
/// of the part ends (`MatchKind::All`: no state is dropped after a match) and stops where
/// none can end any more.
///
/// Exact: every match the capture search reports is a way of matching its text as a piece
/// of A, the value as a piece of B and a piece of C (the parts hold no look-around but `^`
/// and `$`, which hold of a piece wherever they hold in the text). So when the match's text
/// splits so in one way only, that way is the one the capture search takes; when it splits
/// in several, [`Split::value`] says nothing and the capture search decides.
#[derive(Debug, Clone)]
pub(super) struct Split {
    parts: Arc<Parts>,
}

/// The pattern, where it splits, and the parts' automata once built (on the first match:
/// a run that meets no match of the rule never builds them, nor parses the pattern again).
#[derive(Debug)]
struct Parts {
    /// The whole pattern's source (shared with its regex), a sequence.
    source: Arc<str>,
    /// The value group's index.
    group: usize,
    /// The automata and their caches (`None` inside when a part's DFA cannot be built).
    built: OnceLock<Option<Built>>,
}

/// The lazy DFAs of the three parts: A and B forward, C reverse.
#[derive(Debug)]
struct Automata {
    before: DFA,
    value: DFA,
    after: DFA,
}

/// A lazy DFA's states live in its cache: one set of caches a thread at a time.
#[derive(Debug)]
struct Caches {
    before: Cache,
    value: Cache,
    after: Cache,
}

/// What makes a thread's caches.
type CachesFn = Box<dyn Fn() -> Caches + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// The automata, shared by every thread, with a pool of caches.
#[derive(Debug)]
struct Built {
    automata: Arc<Automata>,
    caches: Pool<Caches, CachesFn>,
}

/// The sequence `parts` as one pattern.
fn part_of(parts: &[Hir]) -> Hir {
    Hir::concat(parts.to_vec())
}

/// Whether the pattern `hir` holds no look-around but `^` and `$`.
fn plain(hir: &Hir) -> bool {
    let allowed = LookSet::empty().insert(Look::Start).insert(Look::End);
    hir.properties().look_set().subtract(allowed).is_empty()
}

/// The sequence of the pattern `hir` and the value group `group`'s place in it, with the
/// group's inner pattern, when the group is an element of the sequence.
fn around(hir: &Hir, group: usize) -> Option<(&[Hir], usize, &Hir)> {
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    let at = parts
        .iter()
        .position(|p| matches!(p.kind(), HirKind::Capture(c) if c.index as usize == group))?;
    let HirKind::Capture(value) = parts.get(at)?.kind() else {
        return None;
    };
    Some((parts, at, &value.sub))
}

/// The lazy DFA of `hir` that reports every match (run anchored), reading the text
/// backward when `reverse`.
fn lazy_dfa(hir: &Hir, reverse: bool) -> Option<DFA> {
    let nfa = thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .reverse(reverse)
                .which_captures(WhichCaptures::None),
        )
        .build_from_hir(hir)
        .ok()?;
    DFA::builder()
        .configure(DFA::config().match_kind(MatchKind::All))
        .build_from_nfa(nfa)
        .ok()
}

impl Built {
    /// The automata of the parts of the pattern `source` around its value group `group`.
    fn of(source: &str, group: usize) -> Option<Built> {
        let hir = regex_syntax::parse(source).ok()?;
        let (parts, at, value) = around(&hir, group)?;
        let before = part_of(parts.get(..at)?);
        let after = part_of(parts.get(at + 1..)?);
        let automata = Arc::new(Automata {
            before: lazy_dfa(&before, false)?,
            value: lazy_dfa(value, false)?,
            after: lazy_dfa(&after, true)?,
        });
        let shared = Arc::clone(&automata);
        let create: CachesFn = Box::new(move || Caches {
            before: shared.before.create_cache(),
            value: shared.value.create_cache(),
            after: shared.after.create_cache(),
        });
        Some(Built {
            automata,
            caches: Pool::new(create),
        })
    }
}

/// The places `i` in `from..=to` of `text` where `text[from..i]` is a piece of the part
/// (read as a whole text, as `^(?:A)$` on it), in order, found by one pass of its forward
/// DFA; `None` when a search fails.
fn ends(dfa: &DFA, cache: &mut Cache, text: &str, from: usize, to: usize) -> Option<Vec<usize>> {
    let piece = text.get(from..to)?;
    let input = Input::new(piece).anchored(Anchored::Yes);
    let mut state = dfa.start_state_forward(cache, &input).ok()?;
    let mut found = Vec::new();
    for (i, &byte) in piece.as_bytes().iter().enumerate() {
        // a match state is seen one byte late: the end of the text at `i` tells
        let eoi = dfa.next_eoi_state(cache, state).ok()?;
        if eoi.is_match() && piece.is_char_boundary(i) {
            found.push(from + i);
        }
        state = dfa.next_state(cache, state, byte).ok()?;
        if state.is_dead() {
            return Some(found);
        }
        if state.is_quit() {
            return None;
        }
    }
    if dfa.next_eoi_state(cache, state).ok()?.is_match() {
        found.push(to);
    }
    Some(found)
}

/// The places `i` in `from..=to` of `text` where `text[i..to]` is a piece of the part, in
/// descending order, found by one backward pass of its reverse DFA; `None` when a search
/// fails.
fn starts(dfa: &DFA, cache: &mut Cache, text: &str, from: usize, to: usize) -> Option<Vec<usize>> {
    let piece = text.get(from..to)?;
    let input = Input::new(piece).anchored(Anchored::Yes);
    let mut state = dfa.start_state_reverse(cache, &input).ok()?;
    let mut found = Vec::new();
    for (i, &byte) in piece.as_bytes().iter().enumerate().rev() {
        let eoi = dfa.next_eoi_state(cache, state).ok()?;
        if eoi.is_match() && piece.is_char_boundary(i + 1) {
            found.push(from + i + 1);
        }
        state = dfa.next_state(cache, state, byte).ok()?;
        if state.is_dead() {
            return Some(found);
        }
        if state.is_quit() {
            return None;
        }
    }
    if dfa.next_eoi_state(cache, state).ok()?.is_match() {
        found.push(from);
    }
    Some(found)
}

impl Split {
    /// The split of the pattern `source` (parsed as `hir`) around group `group`, when the
    /// group is an element of its top-level sequence and no part holds a look-around but `^`
    /// and `$`. The parts' automata are built on the first match.
    pub(super) fn of(hir: &Hir, source: Arc<str>, group: usize) -> Option<Split> {
        let (parts, at, value) = around(hir, group)?;
        let (before, after) = (parts.get(..at)?, parts.get(at + 1..)?);
        if !(before.iter().chain(after).all(plain) && plain(value)) {
            return None;
        }
        let built = OnceLock::new();
        Some(Split {
            parts: Arc::new(Parts {
                source,
                group,
                built,
            }),
        })
    }

    /// The value of the match `start..end` of `text` (byte offsets), when the match's text
    /// splits into the three parts in one way only; `None` when it splits in several (or
    /// in none, or a part's DFA cannot be built or gives up).
    pub(super) fn value(&self, text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
        let parts = &self.parts;
        let built = (parts
            .built
            .get_or_init(|| Built::of(&parts.source, parts.group)))
        .as_ref()?;
        let (dfas, mut caches) = (&built.automata, built.caches.get());
        let caches = &mut *caches;
        // where a piece of C ending at the match's end may start, descending: a value ends
        // at one of them, so no pass goes past the first
        let closing = starts(&dfas.after, &mut caches.after, text, start, end)?;
        let last = *closing.first()?;
        let mut found = None;
        for x in ends(&dfas.before, &mut caches.before, text, start, last)? {
            for y in ends(&dfas.value, &mut caches.value, text, x, last)? {
                if closing.binary_search_by(|c| y.cmp(c)).is_ok() {
                    if found.is_some() {
                        return None; // more than one way: the capture search decides
                    }
                    found = Some((x, y));
                }
            }
        }
        found
    }
}
