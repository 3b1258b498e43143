//! Properties over generated input (proptest): arbitrary bytes never panic in decode, clean
//! or the whole pipeline; every span slices the cleaned text to its value; units tile the
//! text; the output is the same on one thread and on two.
//!
//! Besides raw bytes, the generator writes notice-like text (policy vocabulary, Chinese
//! punctuation, enumerators, digits and units, tags, entities, line breaks) so that the
//! extraction paths are exercised, not only the decoder's refusals.

use proptest::prelude::*;
use rayon::prelude::*;
use zhenggai::record::Record;
use zhenggai::Options;

mod common;
use common::pipeline;

/// Pieces notice-like text is made of.
const PIECES: &[&str] = &[
    "各地区各部门",
    "各级党委（党组）",
    "中央和国家机关",
    "省纪委监委",
    "要",
    "必须",
    "严禁",
    "不得",
    "坚决",
    "整治",
    "整改",
    "形式主义",
    "官僚主义",
    "问题",
    "开展",
    "落实",
    "主体责任",
    "清理规范",
    "督查检查考核",
    "于年底前",
    "2019年底前",
    "立行立改",
    "今年6月底前",
    "完成",
    "已问责",
    "216人",
    "12.2万",
    "77.6%",
    "1000亿元",
    "1e309人",
    "99999999999999999999起",
    "。",
    "，",
    "；",
    "：",
    "、",
    "！",
    "？",
    "（",
    "）",
    "“",
    "”",
    "一、",
    "二、",
    "（一）",
    "1.",
    "一要",
    "三",
    "\n",
    "\n\n",
    "\t",
    " ",
    "　",
    "<p>",
    "</p>",
    "<div>",
    "<br>",
    "<td>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "&nbsp;",
    "&amp;",
    "&lt;p&gt;",
    "&#99999999;",
    "&#xZZ;",
    "&#8220;",
    "&",
    "<",
    "天津市委",
    "责任单位",
    "完成时限",
    "整改措施",
];

/// Notice-like text: a few dozen pieces, or a long run of them.
fn notice() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat())
}

/// Bytes: raw, or notice-like text in UTF-8 or GBK, possibly cut anywhere.
fn document() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..600),
        notice().prop_map(String::into_bytes),
        notice().prop_map(|s| encoding_rs::GBK.encode(&s).0.into_owned()),
        (notice(), any::<prop::sample::Index>()).prop_map(|(s, cut)| {
            let b = s.into_bytes();
            let at = if b.is_empty() { 0 } else { cut.index(b.len()) };
            b[..at].to_vec()
        }),
    ]
}

fn run(bytes: &[u8]) -> Record {
    let opts = Options {
        emit_text: true,
        ..Options::default()
    };
    pipeline().run_bytes("doc", "doc", bytes, &opts).record
}

/// The chars of `text` in `span`, or `None` when the span lies outside.
fn slice(chars: &[char], span: [usize; 2]) -> Option<String> {
    chars.get(span[0]..span[1]).map(|c| c.iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn decode_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2000), forced in 0usize..4) {
        let enc = [None, Some(encoding_rs::GBK), Some(encoding_rs::BIG5), Some(encoding_rs::UTF_16LE)][forced];
        if let Ok(d) = zhenggai::decode::decode(&bytes, enc) {
            prop_assert!(!d.text.contains('\0'));
        }
    }

    #[test]
    fn clean_never_panics(text in prop_oneof![notice(), any::<String>()]) {
        let rules = pipeline().rules();
        let cleaned = zhenggai::clean::clean(&text, &rules.furniture);
        prop_assert!(!cleaned.text.contains('\r'));
        // a tab is a table cell boundary and may open or close a line (an empty cell)
        let space = |c: char| c.is_whitespace() && c != '\t';
        for line in cleaned.text.split('\n') {
            prop_assert!(!line.starts_with(space) && !line.ends_with(space), "{:?}", line);
        }
    }

    #[test]
    fn spans_slice_the_text_to_their_values(bytes in document()) {
        let record = run(&bytes);
        if record.error.is_some() {
            prop_assert!(record.tasks.is_empty());
            return Ok(());
        }
        let chars: Vec<char> = record.text.as_deref().unwrap_or_default().chars().collect();
        prop_assert_eq!(chars.len(), record.doc.chars);
        for t in &record.tasks {
            prop_assert_eq!(slice(&chars, t.span), Some(t.text.clone()));
            for b in t.bodies.iter().filter(|b| b.source == "explicit") {
                prop_assert_eq!(b.span.and_then(|s| slice(&chars, s)), Some(b.text.clone()));
            }
            for d in &t.deadline {
                prop_assert_eq!(slice(&chars, d.span), Some(d.text.clone()));
            }
            for m in &t.metrics {
                prop_assert_eq!(slice(&chars, m.span), Some(m.text.clone()));
                prop_assert!(m.value.is_finite());
            }
        }
        for s in &record.doc.sections {
            prop_assert!(s.span[0] <= s.span[1] && s.span[1] <= chars.len());
        }
    }

    #[test]
    fn units_tile_the_text(text in notice()) {
        let rules = pipeline().rules();
        let cleaned = zhenggai::clean::clean(&text, &rules.furniture);
        let t = cleaned.text.as_str();
        let st = zhenggai::structure::structure(t, &cleaned.dropped, None, &cleaned.copies, rules, None);
        let mut at = 0;
        for u in &st.units {
            prop_assert!(at <= u.start && u.start < u.end && u.end <= t.len());
            let gap = t.get(at..u.start);
            prop_assert!(gap.is_some_and(|g| g.chars().all(char::is_whitespace)), "gap {:?}", gap);
            let unit = t.get(u.start..u.end).unwrap_or_default();
            prop_assert_eq!(unit.trim(), unit);
            prop_assert!(!unit.contains('\n'));
            prop_assert!(unit.chars().count() <= zhenggai::structure::MAX_UNIT_CHARS);
            at = u.end;
        }
        prop_assert!(t[at..].chars().all(char::is_whitespace));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn output_is_the_same_on_one_thread_and_two(docs in prop::collection::vec(document(), 1..12)) {
        let on = |threads: usize| -> Vec<String> {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
            pool.install(|| {
                docs.par_iter()
                    .enumerate()
                    .map(|(i, d)| {
                        let id = format!("doc{i}");
                        let r = pipeline().run_bytes(&id, &id, d, &Options::default()).record;
                        serde_json::to_string(&r).expect("serialises")
                    })
                    .collect()
            })
        };
        prop_assert_eq!(on(1), on(2));
    }
}
