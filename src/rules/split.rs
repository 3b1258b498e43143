//! A rule's value group read without a capture search. A pattern whose value group is one
//! element of its top-level sequence, `A (?P<value>B) C`, is split there; a match's value
//! is then where the match's text splits into a piece of each part, when it splits one
//! way only. The capture search this saves clears a table of the size of the pattern's
//! automaton times the match's length on every match, and the body-subject patterns'
//! automata are large (alternations of a hundred and more heads and markers).

use super::compile::LazyRegex;
use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::{Anchored, Input, MatchKind};
use regex_syntax::hir::{Hir, HirKind, Look, LookSet};
use std::sync::{Arc, OnceLock};

/// The three parts of a pattern around its value group, compiled on first use: A to a DFA
/// that finds every piece of it opening a text in one pass (see [`Opening`]), B and C to
/// match a whole text, `^(?:B)$`, `^(?:C)$`.
///
/// Exact: every match the capture search reports is a way of matching its text as a piece
/// of A, the value as a piece of B and a piece of C (the parts hold no look-around but `^`
/// and `$`, which hold of a piece wherever they hold in the text). So when the match's text
/// splits so in one way only, that way is the one the capture search takes; when it splits
/// in several, [`Split::value`] says nothing and the capture search decides.
#[derive(Debug, Clone)]
pub(super) struct Split {
    before: Opening,
    value: Part,
    after: Part,
}

/// One part of a split pattern: its whole-text regex and the lengths a piece of it has.
#[derive(Debug, Clone)]
struct Part {
    regex: LazyRegex,
    /// The shortest piece, in bytes.
    min: usize,
    /// The longest piece, in bytes, when bounded.
    max: Option<usize>,
}

/// The sequence `parts` as one pattern, when it holds no look-around but `^` and `$`.
fn part_of(parts: &[Hir]) -> Option<Hir> {
    let hir = Hir::concat(parts.to_vec());
    let allowed = LookSet::empty().insert(Look::Start).insert(Look::End);
    (hir.properties().look_set().subtract(allowed).is_empty()).then_some(hir)
}

/// The part before the value, as a DFA run from a match's start: every place where a piece
/// of the part ends, in one pass that stops where no piece can end any more (most texts a
/// character or two in), rather than a regex search of every prefix.
#[derive(Debug, Clone)]
struct Opening {
    source: Arc<str>,
    dfa: Arc<OnceLock<Option<dense::DFA<Vec<u32>>>>>,
}

impl Opening {
    fn new(hir: &Hir) -> Opening {
        Opening {
            source: hir.to_string().into(),
            dfa: Arc::default(),
        }
    }

    /// The DFA, built now if it is not yet (`None` when it cannot be).
    fn dfa(&self) -> Option<&dense::DFA<Vec<u32>>> {
        let build = || {
            // every end, not the leftmost-first one: no state is dropped after a match
            let config = (dense::Config::new())
                .start_kind(StartKind::Anchored)
                .match_kind(MatchKind::All);
            dense::Builder::new()
                .configure(config)
                .build(&self.source)
                .ok()
        };
        self.dfa.get_or_init(build).as_ref()
    }

    /// The ends (bytes into `text`) of the pieces of the part that open `text`, each piece
    /// read as a whole text (as `^(?:A)$` on it), in order; `None` when the DFA cannot be
    /// built or a search fails.
    fn ends(&self, text: &str) -> Option<Vec<usize>> {
        let dfa = self.dfa()?;
        let input = Input::new(text).anchored(Anchored::Yes);
        let mut state = dfa.start_state_forward(&input).ok()?;
        let mut ends = Vec::new();
        for (i, &byte) in text.as_bytes().iter().enumerate() {
            // a match state is seen one byte late: the end of the text at `i` tells
            if dfa.is_match_state(dfa.next_eoi_state(state)) && text.is_char_boundary(i) {
                ends.push(i);
            }
            state = dfa.next_state(state, byte);
            if dfa.is_quit_state(state) {
                return None;
            }
            if dfa.is_dead_state(state) {
                return Some(ends);
            }
        }
        if dfa.is_match_state(dfa.next_eoi_state(state)) {
            ends.push(text.len());
        }
        Some(ends)
    }
}

impl Part {
    /// The part of the sequence `parts`.
    fn of(parts: &[Hir]) -> Option<Part> {
        let hir = part_of(parts)?;
        Some(Part {
            min: hir.properties().minimum_len()?,
            max: hir.properties().maximum_len(),
            regex: LazyRegex::new(format!("^(?:{hir})$")),
        })
    }

    /// Whether a piece `len` bytes long may be of this part.
    fn fits(&self, len: usize) -> bool {
        len >= self.min && self.max.is_none_or(|max| len <= max)
    }

    /// Whether `piece` is a piece of this part (`None` when its regex does not compile).
    fn matches(&self, piece: &str) -> Option<bool> {
        Some(self.fits(piece.len()) && self.regex.get()?.is_match(piece))
    }
}

impl Split {
    /// The split of the pattern `hir` around group `group`, when the group is an element
    /// of its top-level sequence and no part holds a look-around but `^` and `$`.
    pub(super) fn of(hir: &Hir, group: usize) -> Option<Split> {
        let HirKind::Concat(parts) = hir.kind() else {
            return None;
        };
        let at = parts
            .iter()
            .position(|p| matches!(p.kind(), HirKind::Capture(c) if c.index as usize == group))?;
        let HirKind::Capture(value) = parts.get(at)?.kind() else {
            return None;
        };
        Some(Split {
            before: Opening::new(&part_of(parts.get(..at)?)?),
            value: Part::of(std::slice::from_ref(&value.sub))?,
            after: Part::of(parts.get(at + 1..)?)?,
        })
    }

    /// The value of the match `start..end` of `text` (byte offsets), when the match's text
    /// splits into the three parts in one way only; `None` when it splits in several (or
    /// in none, or a part's regex does not compile).
    pub(super) fn value(&self, text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
        let opening = self.before.ends(text.get(start..end)?)?;
        let mut found = None;
        for y in (start..=end).rev().filter(|&y| text.is_char_boundary(y)) {
            if !self.after.fits(end - y) {
                continue;
            }
            if !self.after.matches(text.get(y..end)?)? {
                continue;
            }
            for x in opening.iter().map(|&x| start + x).take_while(|&x| x <= y) {
                if self.value.fits(y - x) && self.value.matches(text.get(x..y)?)? {
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
