//! A trie frozen for reading: the form a prebuilt dictionary stores, 12 bytes
//! a node where the hash trie ([`CharTrie`]) takes a 16-byte slot at a load
//! under three quarters (5.8 MB for the default dictionary instead of 16.8).
//!
//! The nodes lie in breadth-first order, each node's children next to each
//! other, so the children of node `k` are the run `nodes[first(k)..first(k +
//! 1)]` (a last, childless sentinel closes the list). A run of up to
//! [`SCAN_LEN`] children is sorted by character and scanned; a longer one (a
//! first character's children: thousands after 中) is a small hash table of
//! its own, half as long again as the children, with holes, searched by
//! linear probing from the character's hash. A step from a node so reads its
//! entry, the next entry's `first` beside it, and one place in the run: one
//! new cache line for most steps, as the hash trie's one probe. Two small
//! filters of the characters a node's children start with, in the spare high
//! bits of `first` and `ch`, reject most characters that are not children
//! before the run is read.
//!
//! Words are found in the same order as in the hash trie (position by
//! position, shortest first), with the same ids: segmentation does not change.

use std::borrow::Cow;

use crate::trie::{CharTrie, NO_WORD};

/// A node's character in the low bits of `ch`; the first filter above it.
const CHAR_BITS: u32 = 21;
const CHAR_MASK: u32 = (1 << CHAR_BITS) - 1;
/// Bits of the first filter (`32 - CHAR_BITS`).
const FILTER_A_BITS: u32 = 32 - CHAR_BITS;

/// The index of a node's first child in the low bits of `first`; the second
/// filter in the high 8 bits.
const INDEX_BITS: u32 = 24;
const INDEX_MASK: u32 = (1 << INDEX_BITS) - 1;

/// Characters with a direct root transition.
const ROOT_TABLE_LEN: usize = 0x1_0000;

/// Runs of children up to this long are sorted and scanned, longer ones hashed.
const SCAN_LEN: usize = 8;

/// The character of a hole in a hashed run: above every Unicode scalar value.
const HOLE: u32 = CHAR_MASK;

/// One node: the character that leads to it, its first child and the word
/// that ends at it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub(crate) struct Node {
    /// Index of the first child, and the second child filter.
    first: u32,
    /// The character from the parent, and the first child filter.
    ch: u32,
    /// The word ending here, or [`NO_WORD`].
    word_id: i32,
}

// SAFETY: `repr(C)`, three 4-byte integers, no padding.
unsafe impl crate::prebuilt::Plain for Node {}

impl Node {
    #[inline(always)]
    fn first(self) -> usize {
        (self.first & INDEX_MASK) as usize
    }

    #[inline(always)]
    fn ch(self) -> u32 {
        self.ch & CHAR_MASK
    }

    /// Whether a child on `ch` may exist (never false when one does).
    #[inline(always)]
    fn may_have_child(self, ch: char) -> bool {
        let (a, b) = filter_bits(ch);
        self.ch & a != 0 && self.first & b != 0
    }
}

/// The bits a character sets in its parent's two filters: one of 11 above
/// the character, one of 8 above the first child's index.
#[inline(always)]
fn filter_bits(ch: char) -> (u32, u32) {
    let h = (ch as u32).wrapping_mul(0x9E37_79B1);
    let a = ((h >> 16) * FILTER_A_BITS) >> 16;
    (1 << (CHAR_BITS + a), 1 << (INDEX_BITS + ((h >> 13) & 7)))
}

/// Where the search for `ch` in a hashed run of `len` entries starts.
#[inline(always)]
fn home(ch: u32, len: usize) -> usize {
    ((u64::from(ch.wrapping_mul(0x9E37_79B1)) * len as u64) >> 32) as usize
}

/// The run of a node's children (character, hash trie id, word id), sorted
/// by character: as it is when short, as a hash table with holes when long.
fn lay_out(children: &[Edge]) -> Vec<Option<Edge>> {
    if children.len() <= SCAN_LEN {
        return children.iter().copied().map(Some).collect();
    }
    let mut run = vec![None; children.len() + children.len() / 2];
    for &edge in children {
        let mut i = home(edge.0 as u32, run.len());
        while run[i].is_some() {
            i = (i + 1) % run.len();
        }
        run[i] = Some(edge);
    }
    run
}

/// The tables of a [`FrozenTrie`], as a prebuilt dictionary stores them.
pub(crate) struct FrozenParts<'a> {
    pub(crate) root: &'a [u32],
    pub(crate) nodes: &'a [Node],
}

/// A read-only trie of the dictionary's words.
#[derive(Clone)]
pub(crate) struct FrozenTrie {
    /// For each BMP character, the index of the root's child on it (0: none).
    root: Cow<'static, [u32]>,
    /// Node 0 is the root; the last node is the sentinel.
    nodes: Cow<'static, [Node]>,
}

/// A node of the hash trie while it is frozen: its character, id and word.
type Edge = (char, u32, i32);

impl FrozenTrie {
    /// The words of `trie`, laid out breadth-first.
    pub(crate) fn freeze(trie: &CharTrie) -> FrozenTrie {
        let mut edges: Vec<(u32, Edge)> = Vec::new();
        trie.for_each_edge(|parent, ch, child, word_id| edges.push((parent, (ch, child, word_id))));
        edges.sort_unstable_by_key(|&(parent, (ch, _, _))| (parent, ch));
        // children of hash node `p`: edges[start[p]..start[p + 1]]
        let ids = edges.iter().map(|&(p, (_, c, _))| p.max(c)).max().unwrap_or(0) as usize + 1;
        let mut start = vec![0usize; ids + 1];
        for &(parent, _) in &edges {
            start[parent as usize + 1] += 1;
        }
        for i in 0..ids {
            start[i + 1] += start[i];
        }
        let mut nodes = vec![Node {
            first: 0,
            ch: 0,
            word_id: NO_WORD,
        }];
        // the hash trie's id of each node in order (none for a hole); a node's
        // children are placed when it is reached
        let mut order: Vec<Option<u32>> = vec![Some(0)];
        let mut children: Vec<Edge> = Vec::new();
        let mut k = 0;
        while k < order.len() {
            children.clear();
            if let Some(id) = order[k] {
                let edges = &edges[start[id as usize]..start[id as usize + 1]];
                children.extend(edges.iter().map(|&(_, edge)| edge));
            }
            let mut node = nodes[k];
            node.first = nodes.len() as u32;
            for place in lay_out(&children) {
                let Some((ch, child, word_id)) = place else {
                    nodes.push(Node {
                        first: 0,
                        ch: HOLE,
                        word_id: NO_WORD,
                    });
                    order.push(None);
                    continue;
                };
                let (a, b) = filter_bits(ch);
                node.ch |= a;
                node.first |= b;
                nodes.push(Node {
                    first: 0,
                    ch: ch as u32,
                    word_id,
                });
                order.push(Some(child));
            }
            nodes[k] = node;
            k += 1;
        }
        let end = nodes.len() as u32;
        nodes.push(Node {
            first: end,
            ch: 0,
            word_id: NO_WORD,
        });
        let mut root = vec![0u32; ROOT_TABLE_LEN];
        let (from, to) = (nodes[0].first(), nodes[1].first());
        for (i, child) in nodes.iter().enumerate().take(to).skip(from) {
            if let Some(slot) = root.get_mut(child.ch() as usize) {
                *slot = i as u32;
            }
        }
        FrozenTrie {
            root: Cow::Owned(root),
            nodes: Cow::Owned(nodes),
        }
    }

    /// The tables, for writing a prebuilt dictionary.
    pub(crate) fn parts(&self) -> FrozenParts<'_> {
        FrozenParts {
            root: &self.root,
            nodes: &self.nodes,
        }
    }

    /// A trie over the tables of a prebuilt dictionary, used where they lie;
    /// `None` when they are not the shape [`FrozenTrie::freeze`] gives. Only
    /// the sizes are checked, so that the pages no text needs are never read:
    /// every access is bounds-checked, so tables that do not fit together make
    /// a walk panic, never misread.
    pub(crate) fn from_parts(parts: FrozenParts<'static>) -> Option<FrozenTrie> {
        let FrozenParts { root, nodes } = parts;
        let len = nodes.len();
        let well_formed = root.len() == ROOT_TABLE_LEN
            && (2..=INDEX_MASK as usize).contains(&len)
            && nodes.last().is_some_and(|sentinel| sentinel.first() == len - 1)
            && nodes[0].first() == 1;
        well_formed.then_some(FrozenTrie {
            root: Cow::Borrowed(root),
            nodes: Cow::Borrowed(nodes),
        })
    }

    /// The index of the child of node `k` on `ch`, if it has one.
    #[inline(always)]
    fn child(nodes: &[Node], k: usize, ch: char) -> Option<usize> {
        let node = nodes[k];
        if !node.may_have_child(ch) {
            return None;
        }
        let lo = node.first();
        let run = &nodes[lo..nodes[k + 1].first()];
        let ch = ch as u32;
        if run.len() <= SCAN_LEN {
            return run.iter().position(|n| n.ch() == ch).map(|i| lo + i);
        }
        let mut i = home(ch, run.len());
        loop {
            match run[i].ch() {
                c if c == ch => return Some(lo + i),
                HOLE => return None,
                _ => i = if i + 1 == run.len() { 0 } else { i + 1 },
            }
        }
    }

    /// The index of the root's child on `ch`, if it has one.
    #[inline(always)]
    fn root_child(root: &[u32], nodes: &[Node], ch: char) -> Option<usize> {
        match root.get(ch as usize) {
            Some(&0) => None,
            Some(&i) => Some(i as usize),
            None => Self::child(nodes, 0, ch),
        }
    }

    /// The id of `word`, if it is in the dictionary.
    pub(crate) fn get(&self, word: &str) -> Option<i32> {
        let mut chars = word.chars();
        let mut k = Self::root_child(&self.root, &self.nodes, chars.next()?)?;
        for ch in chars {
            k = Self::child(&self.nodes, k, ch)?;
        }
        let word_id = self.nodes[k].word_id;
        (word_id != NO_WORD).then_some(word_id)
    }

    /// Call `emit(char_index, end_index, word_id)` for every dictionary word
    /// starting at every character of `chars`, as
    /// [`CharTrie::for_each_prefix_at_every_char`] does.
    pub(crate) fn for_each_prefix_at_every_char(&self, chars: &[(u32, char)], mut emit: impl FnMut(usize, usize, i32)) {
        // As in the hash trie: the children of the node a position a few
        // steps ahead starts at are touched now, to be in cache when needed.
        const LOOKAHEAD: usize = 3;
        let root: &[u32] = &self.root;
        let nodes: &[Node] = &self.nodes;
        let n = chars.len();
        for pos in 0..n {
            if let Some(&(_, c1)) = chars.get(pos + LOOKAHEAD)
                && let Some(&k) = root.get(c1 as usize)
                && k != 0
            {
                std::hint::black_box(nodes[nodes[k as usize].first()].ch);
            }
            let Some(mut k) = Self::root_child(root, nodes, chars[pos].1) else {
                continue;
            };
            let mut next = pos + 1;
            loop {
                let word_id = nodes[k].word_id;
                if word_id != NO_WORD {
                    emit(pos, next, word_id);
                }
                let Some(&(_, ch)) = chars.get(next) else {
                    break;
                };
                let Some(child) = Self::child(nodes, k, ch) else {
                    break;
                };
                k = child;
                next += 1;
            }
        }
    }

    /// Every word with its id, depth first, for rebuilding a hash trie.
    pub(crate) fn for_each_word(&self, mut emit: impl FnMut(&str, i32)) {
        let nodes: &[Node] = &self.nodes;
        let mut word = String::new();
        // (node, index of its next child to visit, length of `word` at the node)
        let mut stack: Vec<(usize, usize, usize)> = vec![(0, nodes[0].first(), 0)];
        while let Some(top) = stack.last_mut() {
            let (k, next, len) = *top;
            if next >= nodes[k + 1].first() {
                stack.pop();
                continue;
            }
            top.1 += 1;
            if nodes[next].ch() == HOLE {
                continue;
            }
            word.truncate(len);
            if let Some(ch) = char::from_u32(nodes[next].ch()) {
                word.push(ch);
            }
            if nodes[next].word_id != NO_WORD {
                emit(&word, nodes[next].word_id);
            }
            stack.push((next, nodes[next].first(), word.len()));
        }
    }

    /// Entries, holes included, the root and the sentinel left out.
    pub(crate) fn len(&self) -> usize {
        self.nodes.len() - 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars_of(text: &str) -> Vec<(u32, char)> {
        text.char_indices().map(|(o, c)| (o as u32, c)).collect()
    }

    fn both(words: &[&str]) -> (CharTrie, FrozenTrie) {
        let mut trie = CharTrie::new();
        for (i, w) in words.iter().enumerate() {
            trie.insert(w, i as i32);
        }
        let frozen = FrozenTrie::freeze(&trie);
        (trie, frozen)
    }

    #[test]
    fn finds_what_the_hash_trie_finds() {
        let mut words = vec![
            "网",
            "网球",
            "网球拍",
            "球拍",
            "拍卖",
            "拍卖会",
            "a",
            "ab",
            "𦡦",
            "𦡦𦡦",
            "中",
            "大𦡦",
        ];
        let wide: Vec<String> = (0x4E00..0x4E00 + 300)
            .map(|c| format!("大{}", char::from_u32(c).unwrap()))
            .collect();
        words.extend(wide.iter().map(String::as_str));
        // enough characters outside the BMP that the root's run of them is hashed
        let astral: Vec<String> = (0x2_0000..0x2_0020)
            .map(|c| char::from_u32(c).unwrap().to_string())
            .collect();
        words.extend(astral.iter().map(String::as_str));
        let (trie, frozen) = both(&words);
        assert!(frozen.len() >= trie.len());
        for (i, w) in words.iter().enumerate() {
            assert_eq!(frozen.get(w), Some(i as i32), "{w}");
        }
        for absent in ["", "球", "网球拍卖", "x", "𦡦x", "大", "大x", "abc"] {
            assert_eq!(frozen.get(absent), None, "{absent}");
        }
        for text in [
            "网球拍卖会",
            "𦡦𦡦𦡦大𦡦",
            "abc中大一大丁x",
            "",
            "大",
            "\u{20001}\u{20030}大\u{2001f}",
        ] {
            let chars = chars_of(text);
            let (mut a, mut b) = (Vec::new(), Vec::new());
            trie.for_each_prefix_at_every_char(&chars, |p, e, id| a.push((p, e, id)));
            frozen.for_each_prefix_at_every_char(&chars, |p, e, id| b.push((p, e, id)));
            assert_eq!(a, b, "{text}");
        }
    }

    #[test]
    fn gives_back_every_word() {
        let words = ["网球", "网", "拍卖会", "𦡦𦡦", "b", "a"];
        let (_, frozen) = both(&words);
        let mut back = Vec::new();
        frozen.for_each_word(|w, id| back.push((w.to_string(), id)));
        back.sort_by_key(|&(_, id)| id);
        let want: Vec<(String, i32)> = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.to_string(), i as i32))
            .collect();
        assert_eq!(back, want);
    }

    #[test]
    fn the_same_words_freeze_the_same_way() {
        let (_, a) = both(&["甲乙", "甲", "丙"]);
        let mut trie = CharTrie::new();
        for (w, id) in [("丙", 2), ("甲", 1), ("甲乙", 0)] {
            trie.insert(w, id);
        }
        let b = FrozenTrie::freeze(&trie);
        assert_eq!(a.parts().nodes, b.parts().nodes);
        assert_eq!(a.parts().root, b.parts().root);
    }
}
