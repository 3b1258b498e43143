//! The prefilter: the literals each rule needs, found in one Aho-Corasick pass over a text
//! (a document's [`Scan`] serves every family, line, unit and clause in it), so that a
//! rule's costlier search runs only where it may match.

use super::{Matcher, Rule};
use aho_corasick::AhoCorasick;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// One pass over a text that rules out most rules before their (far costlier) capturing
/// search: each rule whose every match must hold one of each of some finite sets of
/// literals (see [`required_literals`]) runs only when one of each set occurs in the text;
/// the others always run. A necessary condition only, so the matches are exactly those of
/// running every rule.
///
/// A matcher scans a text itself, or takes the literals found by the rule set's one scan
/// of a unit for all the families run on it (see [`Scan`]).
#[derive(Debug, Clone, Default)]
pub(super) struct Prefilter {
    /// Every distinct literal of the filtered rules.
    pub(super) literals: Literals,
    /// The rules of each literal, with the sets of the rule's it is in (bits, see `needs`).
    pub(super) rules_of: RulesOf,
    /// Rules that run whatever the text.
    pub(super) always: Vec<bool>,
    /// The sets of literals each rule needs one of, as bits (0 for the rules that always
    /// run).
    pub(super) needs: Vec<u32>,
    /// The scanner this matcher's literals are part of, and the matcher's place in it (the
    /// list of a [`Scan`] that holds its literals, in its own numbering).
    pub(super) linked: Option<(u64, usize)>,
    /// Whether a rule is read off the literal hits ([`Candidates::literal_matches`]): the
    /// candidates keep the hits only then (the others need only which rules may match).
    keeps_hits: bool,
    /// The rules that always run (see `always`), as a [`RuleBits`].
    always_set: RuleBits,
    /// For each literal, a bit for each of the first 64 literal rules it is a term of (the
    /// rule's bit: its place among the literal rules, [`Prefilter::literal_bit`]).
    literal_rules: Vec<u64>,
    /// Each rule's bit in `literal_rules`, for the first 64 literal rules.
    literal_bit: Vec<Option<u64>>,
    /// For each literal, the rules it alone makes ready: those of the first 128 that need
    /// one set, the literal's (as the low words of a [`RuleBits`]). A unit's hits were
    /// each a walk of the literal's rules; most rules need one set, and are marked at once.
    ready_alone: Vec<[u64; 2]>,
    /// For each literal, its other rules, with the bits of the sets it is in (`rules_of`
    /// without the rules of `ready_alone`): those [`Prefilter::note`] walks.
    marks: RulesOf,
}

/// For each literal, the rules it is a term of, each with the bits of the rule's sets the
/// literal is in: one list after another in one vector (the lists of a unit's hits are
/// read a few hundred thousand times a run: one slice each, no list of lists to walk).
#[derive(Debug, Clone, Default)]
pub(super) struct RulesOf {
    /// (rule, bits), literal by literal.
    items: Vec<(u32, u32)>,
    /// Where each literal's list starts in `items`, and the end of the last.
    from: Vec<u32>,
}

impl RulesOf {
    fn new(lists: &[Vec<(usize, u32)>]) -> RulesOf {
        let mut out = RulesOf {
            items: Vec::with_capacity(lists.iter().map(Vec::len).sum()),
            from: Vec::with_capacity(lists.len() + 1),
        };
        for list in lists {
            out.from.push(out.items.len() as u32);
            out.items
                .extend(list.iter().map(|&(r, bits)| (r as u32, bits)));
        }
        out.from.push(out.items.len() as u32);
        out
    }

    /// The rules of literal `l`, with their bits (none for a literal not known).
    #[inline]
    pub(super) fn get(&self, l: usize) -> &[(u32, u32)] {
        match (self.from.get(l), self.from.get(l + 1)) {
            (Some(&from), Some(&to)) => {
                (self.items.get(from as usize..to as usize)).unwrap_or_default()
            }
            _ => &[],
        }
    }
}

/// Literals searched with an Aho-Corasick NFA, quick to build, and built on the first scan
/// (a family whose literals the document scan serves never needs its own); once they have
/// been scanned over [`DFA_AFTER_BYTES`] (a large batch), the thread that crosses the mark
/// builds the same automaton as a DFA, about twice as fast to scan but slow to build (all
/// families together cost more than the dictionary at start-up), and every later scan uses
/// it. Both find the same literals, so the output does not depend on which one ran.
#[derive(Debug, Clone, Default)]
pub(super) struct Literals {
    /// The literals themselves.
    pub(super) raw: Vec<Vec<u8>>,
    /// The NFA, once built (`None` inside when there are no literals or it cannot be).
    nfa: Arc<std::sync::OnceLock<Option<AhoCorasick>>>,
    /// The DFA, once built (`None` inside when it cannot be).
    pub(super) dfa: Arc<std::sync::OnceLock<Option<AhoCorasick>>>,
    /// Bytes scanned so far, by every thread.
    pub(super) scanned: Arc<std::sync::atomic::AtomicUsize>,
}

/// The most rules a matcher may have for the sets found of each to be marked on the stack
/// (in [`Prefilter::candidates`]; a matcher of more marks them in a list of its own).
const SEEN_ON_STACK: usize = 128;

/// The most rules a matcher may have for the sets found of each to be marked in the smaller
/// array on the stack (the families of most calls: bodies, structure lines, metrics …).
const SEEN_FEW: usize = 32;

/// Bytes a set of literals is scanned over with its NFA before it builds the DFA (see
/// `Literals`): a long batch. The scanner's DFA holds about 13 MB (its NFA under 1 MB)
/// and scans about 1 % of the pipeline's instructions faster (callgrind, the 16 MiB
/// memcurve document: 20.99 G with the NFA, 20.79 G with the DFA): a document of up to
/// 64 MiB, or a batch of a few hundred notices, keeps to the NFA.
pub const DFA_AFTER_BYTES: usize = 64 << 20;

/// How deep in the NFA of a set of literals its states have dense transitions (a table a
/// byte, not a list to search): two characters of Chinese text (six UTF-8 bytes), not the
/// crate's default of three bytes (one). Callgrind, extract -q --jobs 1 per copy of the
/// notices: 843.1 M -> 838.7 M instructions (the scan of each document), the automata
/// built once about 9 M dearer.
const DENSE_DEPTH: usize = 6;

impl Literals {
    pub(super) fn new(raw: Vec<Vec<u8>>) -> Literals {
        Literals {
            raw,
            ..Default::default()
        }
    }

    /// Whether there is a literal to look for.
    pub(super) fn any(&self) -> bool {
        !self.raw.is_empty()
    }

    /// The NFA, built now if it is not yet (`None` with no literals).
    fn nfa(&self) -> Option<&AhoCorasick> {
        let build = || {
            self.any()
                .then(|| {
                    AhoCorasick::builder()
                        .dense_depth(DENSE_DEPTH)
                        .build(&self.raw)
                        .ok()
                })
                .flatten()
        };
        self.nfa.get_or_init(build).as_ref()
    }

    /// The automaton to scan `len` more bytes with: the DFA once it is built, else the NFA
    /// (and the DFA built here, by the one call that crosses [`DFA_AFTER_BYTES`]).
    pub(super) fn automaton(&self, len: usize) -> Option<&AhoCorasick> {
        use std::sync::atomic::Ordering;
        let nfa = self.nfa()?;
        if let Some(dfa) = self.dfa.get() {
            return dfa.as_ref().or(Some(nfa));
        }
        let before = self.scanned.fetch_add(len, Ordering::Relaxed);
        if before < DFA_AFTER_BYTES && before + len >= DFA_AFTER_BYTES {
            let dfa = self.dfa.get_or_init(|| {
                AhoCorasick::builder()
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .build(&self.raw)
                    .ok()
            });
            return dfa.as_ref().or(Some(nfa));
        }
        Some(nfa)
    }

    /// Every occurrence of every literal in `text`, overlapping ones too, each given to
    /// `found`: (start, end, literal), in no particular order.
    pub(super) fn each(&self, text: &str, mut found: impl FnMut(usize, usize, u32)) {
        if let Some(ac) = self.automaton(text.len()) {
            for m in ac.find_overlapping_iter(text) {
                found(m.start(), m.end(), m.pattern().as_u32());
            }
        }
    }
}

impl Prefilter {
    pub(super) fn new(rules: &[Rule]) -> Prefilter {
        let mut index: FxHashMap<Vec<u8>, usize> = FxHashMap::default();
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut rules_of: Vec<Vec<(usize, u32)>> = Vec::new();
        let mut always = Vec::with_capacity(rules.len());
        let mut needs = vec![0u32; rules.len()];
        for (i, rule) in rules.iter().enumerate() {
            // token rules have no literal to look for: they always run
            let Some(sets) = rule.required.as_ref().filter(|s| !s.is_empty()) else {
                always.push(true);
                continue;
            };
            always.push(false);
            // one bit a set: any 32 of them are as necessary as all
            for (bit, set) in sets.iter().take(32).enumerate() {
                let bit = 1u32 << bit;
                needs[i] |= bit;
                for l in set {
                    let at = *index.entry(l.clone()).or_insert_with(|| {
                        literals.push(l.clone());
                        rules_of.push(Vec::new());
                        literals.len() - 1
                    });
                    if let Some(rs) = rules_of.get_mut(at) {
                        match rs.iter_mut().find(|(r, _)| *r == i) {
                            Some((_, bits)) => *bits |= bit,
                            None => rs.push((i, bit)),
                        }
                    }
                }
            }
        }
        // no literal to look for (structure rules, anchored bodies): no pass at all
        let literals = Literals::new(literals);
        if !literals.any() {
            always.iter_mut().for_each(|a| *a = true);
        }
        let mut literal_bit = vec![None; rules.len()];
        for (bit, (i, _)) in (rules.iter().enumerate())
            .filter(|(_, r)| r.literal)
            .take(64)
            .enumerate()
        {
            if let Some(b) = literal_bit.get_mut(i) {
                *b = Some(1u64 << bit);
            }
        }
        let literal_rules = (rules_of.iter())
            .map(|rs| {
                (rs.iter()).fold(0, |m, &(r, _)| {
                    m | literal_bit.get(r).copied().flatten().unwrap_or(0)
                })
            })
            .collect();
        let (ready_alone, marks) = ready_alone(&rules_of, &needs);
        let rules_of = RulesOf::new(&rules_of);
        let mut always_set = RuleBits::default();
        (always.iter().enumerate())
            .filter(|(_, a)| **a)
            .for_each(|(i, _)| always_set.add(i as u32));
        Prefilter {
            literals,
            rules_of,
            always,
            always_set,
            needs,
            linked: None,
            keeps_hits: rules.iter().any(|r| r.literal),
            literal_rules,
            literal_bit,
            ready_alone,
            marks,
        }
    }

    /// Which rules may match `text`, and where this matcher's literals lie in it: from
    /// `scan` when it covers the text and holds this matcher's literals, else from a scan of
    /// its own.
    pub(super) fn candidates(&self, text: &str, scan: Option<&Scan<'_>>) -> Candidates {
        let window = match (scan, self.linked) {
            (Some(scan), Some((id, slot))) if scan.scanner == id => scan.window(slot, text),
            _ => None,
        };
        let mut found = Candidates::default();
        // the sets of each rule found so far: on the stack for a matcher of a few rules (in
        // the smaller array for most: it is cleared at each call)
        let n = self.needs.len();
        let mut few = [0u32; SEEN_FEW];
        let mut more: [u32; SEEN_ON_STACK];
        let mut many = Vec::new();
        let seen: &mut [u32] = match few.get_mut(..n) {
            Some(few) => few,
            None => {
                more = [0u32; SEEN_ON_STACK];
                match more.get_mut(..n) {
                    Some(more) => more,
                    None => {
                        many.resize(n, 0);
                        &mut many
                    }
                }
            }
        };
        match window {
            // the part's hits read off the scan in one pass, the list sized once
            Some((hits, at, end)) if self.keeps_hits => {
                let last = ending_by(hits, end);
                let hits = hits.get(..last).unwrap_or_default();
                found.hits.reserve_exact(hits.len());
                for (s, e, l) in hits.iter().map(unpack).filter(|h| h.0 >= at) {
                    self.note(seen, &mut found.ready, l);
                    found.hits.push((s - at, e - at, l));
                }
            }
            Some((hits, at, end)) => {
                let inside = (hits.iter().map(unpack))
                    .take_while(|h| h.1 <= end)
                    .filter(|h| h.0 >= at);
                for (_, _, l) in inside {
                    self.note(seen, &mut found.ready, l);
                }
            }
            None => {
                self.literals.each(text, |s, e, l| {
                    self.note(seen, &mut found.ready, l);
                    if self.keeps_hits {
                        found.hits.push((s, e, l));
                    }
                });
            }
        }
        found.ready.more.sort_unstable();
        found
    }

    /// Adds to `ready` the rules literal `l` alone makes ready, marks in `seen` the sets of
    /// each other rule it is in, and adds to `ready` each of those whose sets are all
    /// marked from now on.
    #[inline]
    fn note(&self, seen: &mut [u32], ready: &mut RuleBits, l: u32) {
        if let Some(alone) = self.ready_alone.get(l as usize) {
            ready.add_low(alone);
        }
        for &(r, bits) in self.marks.get(l as usize) {
            // (most hits mark nothing new: a literal seen already, or of a set found)
            let Some(slot) = seen.get_mut(r as usize).filter(|s| **s & bits != bits) else {
                continue;
            };
            *slot |= bits;
            if self.needs.get(r as usize) == Some(slot) {
                ready.add(r);
            }
        }
    }

    /// The rules that may match the text `found` is of ([`Prefilter::may`]), in rule
    /// order: those that always run and those whose literals were all found, without
    /// looking at the others.
    pub(super) fn mays_in_order<'s>(
        &'s self,
        found: &'s Candidates,
    ) -> impl Iterator<Item = usize> + 's {
        self.always_set.union(&found.ready)
    }

    /// Whether each rule may match the text `found` is of.
    #[cfg(test)]
    pub(super) fn mays(&self, found: &Candidates) -> Vec<bool> {
        (0..self.always.len()).map(|i| self.may(found, i)).collect()
    }

    /// Whether rule `i` may match the text `found` is of: it always runs, or a literal of
    /// each of its sets was found ([`Prefilter::mays_in_order`] lists them).
    #[cfg(test)]
    pub(super) fn may(&self, found: &Candidates, i: usize) -> bool {
        self.always.get(i).copied().unwrap_or(true) || found.ready.contains(i as u32)
    }

    /// Whether the literal rules can be read off the literal hits (there is an automaton).
    pub(super) fn scans(&self) -> bool {
        self.literals.any()
    }
}

/// A set of a matcher's rules, by number: bits for the first 128 (every family's rules, as
/// they are), a sorted list of the others. A unit's candidates were a list grown and sorted
/// at each call; as bits they take no allocation, and come out in order.
#[derive(Debug, PartialEq, Eq, Default, Clone)]
pub(super) struct RuleBits {
    /// A bit for each of rules 0 to 127.
    low: [u64; 2],
    /// Rules from 128 on (sorted once all are added, see [`Prefilter::candidates`]).
    more: Vec<u32>,
}

impl RuleBits {
    /// Adds rule `r` (once: a rule is added when its last set is found).
    #[inline]
    fn add(&mut self, r: u32) {
        match self.low.get_mut(r as usize / 64) {
            Some(word) => *word |= 1 << (r % 64),
            None => self.more.push(r),
        }
    }

    /// Adds the rules of `low`, bits for rules 0 to 127.
    #[inline]
    fn add_low(&mut self, low: &[u64; 2]) {
        for (word, bits) in self.low.iter_mut().zip(low) {
            *word |= bits;
        }
    }

    /// Whether rule `r` is in the set.
    #[cfg(test)]
    fn contains(&self, r: u32) -> bool {
        match self.low.get(r as usize / 64) {
            Some(word) => word & (1 << (r % 64)) != 0,
            None => self.more.binary_search(&r).is_ok(),
        }
    }

    /// The rules of this set or `other`, in order, each once.
    fn union<'s>(&'s self, other: &'s RuleBits) -> impl Iterator<Item = usize> + 's {
        let low = self.low.iter().zip(&other.low).enumerate();
        let bits = low.flat_map(|(w, (&a, &b))| {
            let mut word = a | b;
            std::iter::from_fn(move || {
                let bit = (word != 0).then(|| word.trailing_zeros() as usize)?;
                word &= word - 1;
                Some(w * 64 + bit)
            })
        });
        let (a, b) = (&self.more[..], &other.more[..]);
        let (mut i, mut j) = (0, 0);
        let more = std::iter::from_fn(move || {
            let (x, y) = (a.get(i).copied(), b.get(j).copied());
            let next = match (x, y) {
                (Some(x), Some(y)) => x.min(y),
                (Some(x), None) => x,
                (None, y) => y?,
            };
            i += usize::from(x == Some(next));
            j += usize::from(y == Some(next));
            Some(next as usize)
        });
        bits.chain(more)
    }
}

/// For each literal (its rules and the bits of their sets in `rules_of`), the rules of
/// the first 128 it alone makes ready (they need one set: `needs` has one bit), as the low
/// words of a [`RuleBits`]; and its other rules, with their bits.
fn ready_alone(rules_of: &[Vec<(usize, u32)>], needs: &[u32]) -> (Vec<[u64; 2]>, RulesOf) {
    let alone = |r: usize| r < 128 && needs.get(r).is_some_and(|n| n.count_ones() == 1);
    let masks = (rules_of.iter())
        .map(|rs| {
            let mut low = [0u64; 2];
            for &(r, _) in rs.iter().filter(|&&(r, _)| alone(r)) {
                if let Some(word) = low.get_mut(r / 64) {
                    *word |= 1 << (r % 64);
                }
            }
            low
        })
        .collect();
    let others: Vec<Vec<(usize, u32)>> = (rules_of.iter())
        .map(|rs| rs.iter().copied().filter(|&(r, _)| !alone(r)).collect())
        .collect();
    (masks, RulesOf::new(&others))
}

/// What a matcher's literal pass found in a text (nothing when it did not run): which of its
/// rules may match there, and where its literals lie.
#[derive(Debug, PartialEq, Default)]
pub struct Candidates {
    /// The rules (not run always) a literal of each of whose sets was found.
    pub(super) ready: RuleBits,
    /// Every occurrence of the matcher's literals: (start, end, literal), in no order; none
    /// kept when no rule of the matcher is read off them.
    pub(super) hits: Vec<(usize, usize, u32)>,
}

impl Candidates {
    /// The same, hits by position (scans and automata give them in different orders).
    #[cfg(test)]
    pub(super) fn sorted(mut self) -> Candidates {
        self.hits.sort_unstable();
        self
    }

    /// The matches of literal rule `rule` (see [`literal_terms`]): the leftmost-longest
    /// occurrences of its literals, as its regex finds them.
    pub(super) fn literal_matches(
        &self,
        rule: usize,
        prefilter: &Prefilter,
    ) -> Vec<((usize, usize), (usize, usize))> {
        let bit = prefilter.literal_bit.get(rule).copied().flatten();
        let of_rule = |l: u32| match bit {
            Some(bit) => (prefilter.literal_rules.get(l as usize)).is_some_and(|m| m & bit != 0),
            None => (prefilter.rules_of.get(l as usize))
                .iter()
                .any(|&(r, _)| r as usize == rule),
        };
        // one list, made once: the rule's hits, by start and the longest first (the scan's
        // order, by end, is that order unless a hit lies inside a longer one ending after
        // it: most lists need no sort), then those that start where the last kept ended
        let mut out: Vec<((usize, usize), (usize, usize))> = (self.hits.iter())
            .filter(|h| of_rule(h.2))
            .map(|h| ((h.0, h.1), (h.0, h.1)))
            .collect();
        let key = |m: &((usize, usize), (usize, usize))| (m.0 .0, std::cmp::Reverse(m.0 .1));
        if !out.is_sorted_by_key(key) {
            out.sort_unstable_by_key(key);
        }
        let mut at = 0;
        out.retain(|&((s, e), _)| {
            let kept = s >= at;
            if kept {
                at = e;
            }
            kept
        });
        out
    }
}

/// One automaton of the literals of every family run on a unit, so that a unit is scanned
/// once, not once a family (and once a clause for the bodies).
#[derive(Debug, Clone, Default)]
pub(super) struct Scanner {
    /// Tells the scans of one rule set from another's.
    pub(super) id: u64,
    pub(super) literals: Literals,
    /// For each of the scanner's literals, the matchers that need it: (the matcher's place,
    /// the literal's index among the matcher's own).
    pub(super) owners: Vec<Vec<(u32, u32)>>,
    /// How many matchers are linked.
    pub(super) matchers: usize,
    /// Whether every hit fits a [`PackedHit`]: no literal longer than [`PACKED_LEN`] bytes,
    /// no matcher with more than [`PACKED_LOCALS`] literals (else a scan covers nothing
    /// and the matchers scan the parts they run on themselves).
    pub(super) packs: bool,
}

/// A literal found by a document's scan in 8 bytes: its start, and its length in bytes
/// above its number among the matcher's literals (a document's scan finds about one
/// literal every 4 bytes of text: 2 bytes of memory a byte instead of 3).
pub(super) type PackedHit = (u32, u32);

/// Bits of a [`PackedHit`] for the literal's number.
const LOCAL_BITS: u32 = 24;
/// The most literals a matcher may have for its hits to be packed.
pub(super) const PACKED_LOCALS: usize = 1 << LOCAL_BITS;
/// The longest literal, in bytes, whose hits can be packed.
pub(super) const PACKED_LEN: usize = (1 << (32 - LOCAL_BITS)) - 1;

/// (start, end, literal) → [`PackedHit`]; the caller has checked that it fits. Packed hits
/// sort as (start, end, literal) do.
pub(super) fn pack(start: usize, end: usize, local: u32) -> PackedHit {
    (start as u32, (((end - start) as u32) << LOCAL_BITS) | local)
}

/// [`PackedHit`] → (start, end, literal).
pub(super) fn unpack(&(start, packed): &PackedHit) -> (usize, usize, u32) {
    let start = start as usize;
    let len = (packed >> LOCAL_BITS) as usize;
    (start, start + len, packed & (PACKED_LOCALS as u32 - 1))
}

impl Scanner {
    /// The scanner of these matchers' literals, each matcher linked to it.
    pub(super) fn link(matchers: &mut [&mut Matcher]) -> Scanner {
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut index: FxHashMap<Vec<u8>, usize> = FxHashMap::default();
        let mut raw: Vec<Vec<u8>> = Vec::new();
        let mut owners: Vec<Vec<(u32, u32)>> = Vec::new();
        for (slot, m) in matchers.iter_mut().enumerate() {
            for (local, l) in m.prefilter.literals.raw.iter().enumerate() {
                let g = *index.entry(l.clone()).or_insert_with(|| {
                    raw.push(l.clone());
                    owners.push(Vec::new());
                    raw.len() - 1
                });
                if let Some(o) = owners.get_mut(g) {
                    o.push((slot as u32, local as u32));
                }
            }
            m.prefilter.linked = Some((id, slot));
        }
        let packs = raw.iter().all(|l| l.len() <= PACKED_LEN)
            && (matchers.iter()).all(|m| m.prefilter.literals.raw.len() <= PACKED_LOCALS);
        Scanner {
            id,
            literals: Literals::new(raw),
            owners,
            matchers: matchers.len(),
            packs,
        }
    }

    /// Whether a scan of `text` holds its hits (see [`Scan`]): it is shorter than 4 GiB,
    /// and every hit fits a [`PackedHit`].
    pub(super) fn covers(&self, text: &str) -> bool {
        self.packs && u32::try_from(text.len()).is_ok()
    }

    /// The literals found in `text`, each given to the matchers that need it: a list a
    /// matcher, (start, end, literal in the matcher's numbering) packed, by end, then start.
    /// Empty lists for a text the scan does not cover ([`Scanner::covers`]).
    ///
    /// The automaton reports the occurrences by end, and those ending at one place longest
    /// first, so each list is filled in its order without a sort (checked, and sorted when
    /// not). A place and an end name one literal, so the order is total.
    pub(super) fn hits(&self, text: &str) -> Vec<Vec<PackedHit>> {
        let mut lists: Vec<Vec<PackedHit>> = vec![Vec::new(); self.matchers];
        if !self.covers(text) {
            return lists;
        }
        self.literals.each(text, |s, e, g| {
            for &(slot, local) in self.owners.get(g as usize).into_iter().flatten() {
                if let Some(list) = lists.get_mut(slot as usize) {
                    list.push(pack(s, e, local));
                }
            }
        });
        let by_end = |h: &PackedHit| {
            let (s, e, _) = unpack(h);
            (e, s)
        };
        for list in &mut lists {
            if !list.is_sorted_by_key(by_end) {
                list.sort_unstable_by_key(by_end);
            }
            list.shrink_to_fit();
        }
        lists
    }
}

/// The literals of every family found in one text (a document), by [`super::RuleSet::scan`]: the
/// matchers given it in their [`super::Context`] take the literals of the text, or of a part of
/// it (a line, a unit, a clause), from here instead of scanning again. Exact: a literal lies in a part of
/// the text exactly when a scan of the part alone finds it.
///
/// The hits are kept a list a matcher, in the matcher's own numbering of its literals, so
/// that a matcher run on a part reads its own literals only, not every family's.
#[derive(Debug, Clone)]
pub struct Scan<'t> {
    pub(super) scanner: u64,
    pub(super) text: &'t str,
    /// For each linked matcher, (start, end, literal), by end, packed ([`PackedHit`]: 8
    /// bytes a hit) (a text past 4 GiB, or rules whose hits do not pack, get an empty scan
    /// that covers none of the text but its empty start, and its matchers scan the parts
    /// they run on themselves).
    pub(super) hits: Vec<Vec<PackedHit>>,
    /// For each list of `hits`, where the last window on it began ([`Scan::window`]): the
    /// parts a document's matchers run on come in text order, each near the one before.
    pub(super) cursors: Vec<std::cell::Cell<u32>>,
}

/// How many of `hits` (by end) end at or before byte `by`: a search from the front, in
/// steps that double, for hits mostly near it (a part's own, after where it starts).
fn ending_by(hits: &[PackedHit], by: usize) -> usize {
    let ends_by = |h: &PackedHit| unpack(h).1 <= by;
    let mut lo = 0;
    let mut step = 1;
    while (hits.get(lo + step - 1)).is_some_and(ends_by) {
        lo += step;
        step *= 2;
    }
    let rest = hits
        .get(lo..(lo + step).min(hits.len()))
        .unwrap_or_default();
    lo + rest.partition_point(ends_by)
}

impl<'t> Scan<'t> {
    /// Where `part` starts in the scanned text, when it is a slice of it (both borrowed, so
    /// one that lies in the other's bytes is a view of them).
    pub(super) fn offset(&self, part: &str) -> Option<usize> {
        let at = (part.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize)?;
        (at + part.len() <= self.text.len()).then_some(at)
    }

    /// Whether `part` is a slice of the scanned text: the scan serves it as a scan of it
    /// alone would.
    pub fn covers(&self, part: &str) -> bool {
        self.offset(part).is_some()
    }

    /// The literals of the matcher linked at `slot` lying wholly in `part`, when `part` is a
    /// slice of the scanned text: (start, end, literal), offsets in `part`.
    #[cfg(test)]
    pub(super) fn within(
        &self,
        slot: usize,
        part: &str,
    ) -> Option<impl Iterator<Item = (usize, usize, u32)> + '_> {
        let (hits, at, end) = self.window(slot, part)?;
        Some(
            (hits.iter().map(unpack))
                .take_while(move |h| h.1 <= end)
                .filter(move |h| h.0 >= at)
                .map(move |h| (h.0 - at, h.1 - at, h.2)),
        )
    }

    /// The hits of the matcher linked at `slot` from the first that ends in `part` on (by
    /// end: those ending in it, up to `end`, then the rest), when `part` is a slice of the
    /// scanned text; and where `part` starts and ends. Those ending in it and starting at
    /// or after its start are the literals lying wholly in `part`.
    pub(super) fn window(&self, slot: usize, part: &str) -> Option<(&[PackedHit], usize, usize)> {
        let at = self.offset(part)?;
        let hits = self.hits.get(slot).map_or(&[][..], Vec::as_slice);
        let cursor = self.cursors.get(slot);
        let from = cursor.map_or(0, |c| c.get() as usize).min(hits.len());
        // on from where the last window began, when the part lies after it; else a binary
        // search of the hits before it
        let first = match from.checked_sub(1).and_then(|i| hits.get(i)) {
            Some(h) if unpack(h).1 > at => {
                (hits.get(..from).unwrap_or_default()).partition_point(|h| unpack(h).1 <= at)
            }
            _ => from + ending_by(hits.get(from..).unwrap_or_default(), at),
        };
        if let Some(c) = cursor {
            c.set(first as u32);
        }
        Some((hits.get(first..).unwrap_or_default(), at, at + part.len()))
    }
}

/// Sets of literals every match of `hir` holds one of each of: the prefixes of the whole
/// pattern, and the best set of each part every match must go through (an element of the
/// top-level sequence, inside groups and repetitions of at least one), when they are a
/// finite set of non-empty literals of at least [`MIN_REQUIRED_BYTES`] (a comma would make
/// the scan report every comma). With no such set, the one with the longest shortest
/// literal alone; with none at all, `None`.
///
/// A part's best set is the one with the longest shortest literal among its prefixes, the
/// best sets of its own parts, and for an alternation the union of its branches' best sets
/// (every match goes through one branch): `^…是关键$|^…既要…更要…$` needs `是关键` or `既要`.
pub(super) fn required_literals(hir: &regex_syntax::hir::Hir) -> Option<Vec<Vec<Vec<u8>>>> {
    use regex_syntax::hir::{literal::Extractor, Hir, HirKind};
    pub(super) fn prefixes(hir: &Hir) -> Option<Vec<Vec<u8>>> {
        let mut ex = Extractor::new();
        ex.limit_total(4096).limit_literal_len(24);
        let seq = ex.extract(hir);
        let lits = seq.literals()?;
        (!lits.is_empty() && lits.iter().all(|l| !l.is_empty()))
            .then(|| lits.iter().map(|l| l.as_bytes().to_vec()).collect())
    }
    pub(super) fn parts<'h>(hir: &'h Hir, out: &mut Vec<&'h Hir>) {
        match hir.kind() {
            HirKind::Concat(children) => children.iter().for_each(|c| parts(c, out)),
            HirKind::Capture(c) => parts(&c.sub, out),
            HirKind::Repetition(r) if r.min >= 1 => parts(&r.sub, out),
            _ => out.push(hir),
        }
    }
    pub(super) fn shortest(lits: &[Vec<u8>]) -> usize {
        lits.iter().map(Vec::len).min().unwrap_or(0)
    }
    pub(super) fn best(hir: &Hir) -> Option<Vec<Vec<u8>>> {
        let mut found: Vec<Vec<Vec<u8>>> = prefixes(hir).into_iter().collect();
        match hir.kind() {
            HirKind::Alternation(branches) => {
                let each: Option<Vec<Vec<Vec<u8>>>> = branches.iter().map(best).collect();
                if let Some(each) = each {
                    let mut union: Vec<Vec<u8>> = each.concat();
                    union.sort();
                    union.dedup();
                    found.push(union);
                }
            }
            HirKind::Concat(_) | HirKind::Capture(_) => {
                let mut inner = Vec::new();
                parts(hir, &mut inner);
                found.extend(inner.into_iter().filter_map(best));
            }
            HirKind::Repetition(r) if r.min >= 1 => found.extend(best(&r.sub)),
            _ => {}
        }
        found.into_iter().max_by_key(|s| shortest(s))
    }
    let mut all = Vec::new();
    parts(hir, &mut all);
    let found: Vec<Vec<Vec<u8>>> = prefixes(hir)
        .into_iter()
        .chain(all.into_iter().filter_map(best))
        .collect();
    let mut sets: Vec<Vec<Vec<u8>>> = Vec::new();
    for set in found.iter().filter(|s| shortest(s) >= MIN_REQUIRED_BYTES) {
        if !sets.contains(set) {
            sets.push(set.clone());
        }
    }
    if sets.is_empty() {
        sets.extend(found.into_iter().max_by_key(|s| shortest(s)));
    }
    // a set of many literals (a pattern's prefixes through its alternations: thousands)
    // costs the scan more than it rules out where a small one is required too
    if sets.iter().any(|s| s.len() <= FEW_LITERALS) {
        sets.retain(|s| s.len() <= FEW_LITERALS);
    }
    (!sets.is_empty()).then_some(sets)
}

/// The most literals a required set may have beside a set of at most as many (see
/// [`required_literals`]): deadline.immediate.early's prefixes were 3,136 of the scanner's
/// 9,684 literals, beside a set of one.
pub(super) const FEW_LITERALS: usize = 256;

/// The shortest literal a set of required literals may have besides the best one (one
/// Chinese character).
pub(super) const MIN_REQUIRED_BYTES: usize = 3;
