//! A prebuilt dictionary: a loaded [`Jieba`]'s tables written out as bytes
//! ([`Jieba::to_prebuilt`]) and read back without parsing a line or building
//! the trie ([`Jieba::from_prebuilt`]). The tables are used where they lie in
//! the `'static` bytes (an executable's embedded data, so that only the pages
//! a text touches are read in); adding a word afterwards copies them.
//!
//! Layout, every number in the writer's byte order and width, each table
//! starting at a multiple of [`ALIGN`] bytes from the start:
//!
//! ```text
//! MAGIC
//! header: HEADER_FIELDS u64s (see `Header`)
//! freqs     (usize a word)
//! word tags (u32 a word: an index into the tags)
//! log_freqs (f64 a word)
//! root      (u32 a BMP character: the frozen trie's root table)
//! nodes     (frozen::Node a node of the frozen trie, repr(C))
//! tags      (the tag names joined by '\n')
//! ```
//!
//! The trie is stored frozen (`frozen.rs`): 12 bytes a node, read in place.
//!
//! The header records the writer's byte order and `usize` width, so bytes
//! written by a build script on another kind of machine are refused rather
//! than misread.

use std::borrow::Cow;

use crate::frozen::{FrozenParts, FrozenTrie, Node};
use crate::trie::Trie;
use crate::{Error, FxHashMap, Jieba};

/// The first bytes of a prebuilt dictionary; the last is the format's version.
const MAGIC: &[u8; 8] = b"JIEBAPB\x02";

/// Every table starts at a multiple of this many bytes, and the bytes given
/// to [`Jieba::from_prebuilt`] must start at one too.
pub const ALIGN: usize = 16;

/// Written first in the header: read back in another byte order it differs.
const BYTE_ORDER: u64 = 0x0102_0304_0506_0708;

/// Plain data: `repr(C)`, no padding, every bit pattern a valid value, so a
/// slice of it may be viewed as bytes and well-aligned bytes as a slice of it.
///
/// # Safety
///
/// Implement it only for such types.
pub(crate) unsafe trait Plain: Copy + 'static {}

// SAFETY: every bit pattern is some f64, usize or u32.
unsafe impl Plain for f64 {}
unsafe impl Plain for usize {}
unsafe impl Plain for u32 {}

fn as_bytes<T: Plain>(items: &[T]) -> &[u8] {
    // SAFETY: `T` is plain data without padding, so each of its bytes is
    // initialised, and u8 has no alignment requirement.
    unsafe { std::slice::from_raw_parts(items.as_ptr().cast::<u8>(), std::mem::size_of_val(items)) }
}

/// `bytes` as a slice of `T`, if it is aligned for `T` and a whole number of them.
fn view<T: Plain>(bytes: &'static [u8]) -> Option<&'static [T]> {
    let size = std::mem::size_of::<T>();
    if size == 0 || !bytes.len().is_multiple_of(size) || bytes.as_ptr().align_offset(std::mem::align_of::<T>()) != 0 {
        return None;
    }
    // SAFETY: aligned, in bounds, and any bytes are a valid `T` (`Plain`);
    // the bytes are immutable and live for 'static.
    Some(unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast::<T>(), bytes.len() / size) })
}

/// The header's fields, in order, after `BYTE_ORDER`.
struct Header {
    usize_bytes: u64,
    total: u64,
    log_total: u64,
    words: u64,
    root: u64,
    nodes: u64,
    tags: u64,
    tag_bytes: u64,
}

const HEADER_FIELDS: usize = 9;

impl Header {
    fn fields(&self) -> [u64; HEADER_FIELDS] {
        [
            BYTE_ORDER,
            self.usize_bytes,
            self.total,
            self.log_total,
            self.words,
            self.root,
            self.nodes,
            self.tags,
            self.tag_bytes,
        ]
    }
}

fn pad(out: &mut Vec<u8>) {
    out.resize(out.len().next_multiple_of(ALIGN), 0);
}

/// Reads the tables off the front of the bytes in turn.
struct Reader {
    bytes: &'static [u8],
    at: usize,
}

impl Reader {
    fn take(&mut self, len: usize, what: &str) -> Result<&'static [u8], Error> {
        let start = self.at.next_multiple_of(ALIGN);
        let part = start
            .checked_add(len)
            .and_then(|end| self.bytes.get(start..end))
            .ok_or_else(|| invalid(format!("{what}: the bytes end before it does")))?;
        self.at = start + len;
        Ok(part)
    }

    fn table<T: Plain>(&mut self, count: u64, what: &str) -> Result<&'static [T], Error> {
        let len = usize::try_from(count)
            .ok()
            .and_then(|n| n.checked_mul(std::mem::size_of::<T>()))
            .ok_or_else(|| invalid(format!("{what}: {count} entries")))?;
        let part = self.take(len, what)?;
        view(part).ok_or_else(|| invalid(format!("{what}: not aligned")))
    }
}

fn invalid(message: String) -> Error {
    Error::InvalidPrebuilt(message)
}

fn to_usize(value: u64, what: &str) -> Result<usize, Error> {
    usize::try_from(value).map_err(|_| invalid(format!("{what} {value} does not fit this machine")))
}

impl Jieba {
    /// The dictionary as bytes that [`Jieba::from_prebuilt`] reads back on a
    /// machine of the same byte order and word size: the words, their
    /// frequencies and tags, and the trie. A custom HMM model
    /// ([`Jieba::set_hmm_model`]) is not part of it.
    pub fn to_prebuilt(&self) -> Vec<u8> {
        let frozen = self.trie.frozen();
        let trie = frozen.parts();
        let tags = self.tags.join("\n");
        let header = Header {
            usize_bytes: std::mem::size_of::<usize>() as u64,
            total: self.total as u64,
            log_total: self.log_total.to_bits(),
            words: self.freqs.len() as u64,
            root: trie.root.len() as u64,
            nodes: trie.nodes.len() as u64,
            tags: self.tags.len() as u64,
            tag_bytes: tags.len() as u64,
        };
        let mut out = MAGIC.to_vec();
        for field in header.fields() {
            out.extend_from_slice(&field.to_ne_bytes());
        }
        for table in [
            as_bytes::<usize>(&self.freqs),
            as_bytes::<u32>(&self.word_tags),
            as_bytes::<f64>(&self.log_freqs),
            as_bytes::<u32>(trie.root),
            as_bytes::<Node>(trie.nodes),
            tags.as_bytes(),
        ] {
            pad(&mut out);
            out.extend_from_slice(table);
        }
        out
    }

    /// A segmenter over a dictionary that [`Jieba::to_prebuilt`] wrote, in
    /// the time it takes to check its header: its tables are used in place,
    /// and copied only when a word is added ([`Jieba::load_dict`],
    /// [`Jieba::add_word`]). The bytes must start at a multiple of [`ALIGN`]
    /// bytes in memory.
    ///
    /// Fails when the bytes are not such a dictionary, or one written on a
    /// machine of another byte order or word size.
    pub fn from_prebuilt(bytes: &'static [u8]) -> Result<Self, Error> {
        if bytes.as_ptr().align_offset(ALIGN) != 0 {
            return Err(invalid(format!("the bytes do not start at a multiple of {ALIGN}")));
        }
        let head = bytes
            .get(..MAGIC.len() + 8 * HEADER_FIELDS)
            .ok_or_else(|| invalid("shorter than its header".to_string()))?;
        let (magic, fields) = head.split_at(MAGIC.len());
        if magic != MAGIC {
            return Err(invalid("not a prebuilt dictionary of this version".to_string()));
        }
        let mut values = fields
            .chunks_exact(8)
            .map(|c| u64::from_ne_bytes(c.try_into().unwrap_or_default()));
        let mut next = || values.next().unwrap_or_default();
        if next() != BYTE_ORDER {
            return Err(invalid("written in another byte order".to_string()));
        }
        let header = Header {
            usize_bytes: next(),
            total: next(),
            log_total: next(),
            words: next(),
            root: next(),
            nodes: next(),
            tags: next(),
            tag_bytes: next(),
        };
        if header.usize_bytes != std::mem::size_of::<usize>() as u64 {
            return Err(invalid(format!("written where usize has {} bytes", header.usize_bytes)));
        }
        let mut reader = Reader { bytes, at: head.len() };
        let freqs = reader.table::<usize>(header.words, "frequencies")?;
        let word_tags = reader.table::<u32>(header.words, "word tags")?;
        let log_freqs = reader.table::<f64>(header.words, "log frequencies")?;
        let root = reader.table::<u32>(header.root, "trie root")?;
        let nodes = reader.table::<Node>(header.nodes, "trie nodes")?;
        let tag_bytes = reader.take(to_usize(header.tag_bytes, "tag bytes")?, "tags")?;
        let tag_text = std::str::from_utf8(tag_bytes).map_err(|e| invalid(format!("tags: {e}")))?;
        let tags: Vec<Box<str>> = match header.tags {
            0 => Vec::new(),
            _ => tag_text.split('\n').map(Box::from).collect(),
        };
        if tags.len() as u64 != header.tags {
            return Err(invalid(format!("{} tags, the header says {}", tags.len(), header.tags)));
        }
        let trie = FrozenTrie::from_parts(FrozenParts { root, nodes })
            .ok_or_else(|| invalid("the trie's tables do not fit together".to_string()))?;
        let tag_ids: FxHashMap<Box<str>, u32> = tags.iter().enumerate().map(|(i, t)| (t.clone(), i as u32)).collect();
        Ok(Jieba {
            freqs: Cow::Borrowed(freqs),
            word_tags: Cow::Borrowed(word_tags),
            log_freqs: Cow::Borrowed(log_freqs),
            tags,
            tag_ids,
            trie: Trie::Frozen(trie),
            total: to_usize(header.total, "total frequency")?,
            log_total: f64::from_bits(header.log_total),
            hmm_model: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufReader;

    /// `bytes` copied to a leaked, `ALIGN`-aligned buffer, as an executable's data would be.
    fn leak_aligned(bytes: &[u8]) -> &'static [u8] {
        let words: &'static mut [u128] = vec![0u128; bytes.len().div_ceil(16)].leak();
        let all: &'static mut [u8] =
            // SAFETY: u128 has no padding and u8 no alignment; the length is in bounds.
            unsafe { std::slice::from_raw_parts_mut(words.as_mut_ptr().cast::<u8>(), words.len() * 16) };
        all[..bytes.len()].copy_from_slice(bytes);
        &all[..bytes.len()]
    }

    fn small() -> Jieba {
        let dict = "网球 30 n\n网球拍 10 n\n拍卖 20 v\n拍卖会 5 n\n卖 3\n𦡦 2 x\n";
        Jieba::with_dict(&mut BufReader::new(dict.as_bytes())).unwrap()
    }

    #[test]
    fn round_trip() {
        let jieba = small();
        let bytes = jieba.to_prebuilt();
        let read = Jieba::from_prebuilt(leak_aligned(&bytes)).unwrap();
        assert_eq!(read.to_prebuilt(), bytes);
        for text in ["网球拍卖会", "𦡦网球", "abc 拍卖"] {
            assert_eq!(read.cut(text, false), jieba.cut(text, false));
            assert_eq!(read.tag(text, true), jieba.tag(text, true));
        }
    }

    #[test]
    fn a_word_added_after_copies_the_tables() {
        let mut read = Jieba::from_prebuilt(leak_aligned(&small().to_prebuilt())).unwrap();
        let mut loaded = small();
        for j in [&mut read, &mut loaded] {
            j.load_dict(&mut BufReader::new("球拍 100 n\n网球 1\n".as_bytes()))
                .unwrap();
        }
        assert_eq!(read.to_prebuilt(), loaded.to_prebuilt());
        assert_eq!(read.cut("网球拍卖会", false), loaded.cut("网球拍卖会", false));
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        let bytes = small().to_prebuilt();
        assert!(Jieba::from_prebuilt(leak_aligned(&bytes[..bytes.len() - 1])).is_err());
        assert!(Jieba::from_prebuilt(leak_aligned(&bytes[..40])).is_err());
        let mut other = bytes.clone();
        other[MAGIC.len()..MAGIC.len() + 8].reverse();
        assert!(Jieba::from_prebuilt(leak_aligned(&other)).is_err());
        let shifted = leak_aligned(&[&[0u8][..], &bytes].concat());
        assert!(Jieba::from_prebuilt(&shifted[1..]).is_err(), "not aligned");
    }
}
