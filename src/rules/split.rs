//! A rule's value group read without a capture search. A pattern whose value group is one
//! element of its top-level sequence, `A (?P<value>B) C`, is split there; a match's value
//! is then where the match's text splits into a piece of each part, when it splits one
//! way only. The capture search this saves clears a table of the size of the pattern's
//! automaton times the match's length on every match, and the body-subject patterns'
//! automata are large (alternations of a hundred and more heads and markers).

use super::compile::LazyRegex;
use regex_syntax::hir::{Hir, HirKind, Look, LookSet};

/// The three parts of a pattern around its value group, each compiled (on first use) to
/// match a whole text: `^(?:A)$`, `^(?:B)$`, `^(?:C)$`.
///
/// Exact: every match the capture search reports is a way of matching its text as a piece
/// of A, the value as a piece of B and a piece of C (the parts hold no look-around but `^`
/// and `$`, which hold of a piece wherever they hold in the text). So when the match's text
/// splits so in one way only, that way is the one the capture search takes; when it splits
/// in several, [`Split::value`] says nothing and the capture search decides.
#[derive(Debug, Clone)]
pub(super) struct Split {
    before: Part,
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

impl Part {
    /// The part of the sequence `parts`.
    fn of(parts: &[Hir]) -> Option<Part> {
        let hir = Hir::concat(parts.to_vec());
        let allowed = LookSet::empty().insert(Look::Start).insert(Look::End);
        if !hir.properties().look_set().subtract(allowed).is_empty() {
            return None;
        }
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
            before: Part::of(parts.get(..at)?)?,
            value: Part::of(std::slice::from_ref(&value.sub))?,
            after: Part::of(parts.get(at + 1..)?)?,
        })
    }

    /// The value of the match `start..end` of `text` (byte offsets), when the match's text
    /// splits into the three parts in one way only; `None` when it splits in several (or
    /// in none, or a part's regex does not compile).
    pub(super) fn value(&self, text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
        let mut found = None;
        for y in (start..=end).rev().filter(|&y| text.is_char_boundary(y)) {
            if !self.after.fits(end - y) {
                continue;
            }
            if !self.after.matches(text.get(y..end)?)? {
                continue;
            }
            for x in (start..=y).filter(|&x| text.is_char_boundary(x)) {
                if !(self.before.fits(x - start) && self.value.fits(y - x)) {
                    continue;
                }
                if self.before.matches(text.get(start..x)?)?
                    && self.value.matches(text.get(x..y)?)?
                {
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
