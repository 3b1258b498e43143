//! Tests of loading, compiling, the prefilter and matching.

use super::compile::Relaxed;
use super::prefilter::*;
use super::*;
use crate::words::{Segmented, Word};
use regex::Regex;

/// The rules of `text` alone, with the default lexicons and deadline kinds they may name.
fn load(text: &str) -> Result<RuleSet> {
    let mut s = RuleSources::default();
    for (file, content) in DEFAULT_FILES {
        if matches!(*file, "lexicons.toml" | "deadline-kinds.toml") {
            s.add_toml(file, content)?;
        }
    }
    s.add_toml("t.toml", text)?;
    s.compile()
}

#[test]
fn the_prefilters_dfa_finds_what_its_nfa_finds() {
    let rules = RuleSet::defaults().unwrap();
    let texts = [
        "各级党委（党组）要于2024年9月底前完成整改，由县纪委监委牵头督导。",
        "截至目前，已查处违反中央八项规定精神问题91件，处理120人。",
        "整治形式主义、官僚主义问题，切实为基层减负。",
    ];
    for family in [&rules.kind, &rules.category, &rules.body, &rules.deadline] {
        let p = &family.prefilter;
        let by_nfa: Vec<Candidates> = texts
            .iter()
            .map(|t| p.candidates(t, None).sorted())
            .collect();
        // cross the mark: from here on the DFA scans
        assert!(p.literals.automaton(DFA_AFTER_BYTES).is_some());
        assert!(p.literals.dfa.get().is_some_and(|d| d.is_some()));
        let by_dfa: Vec<Candidates> = texts
            .iter()
            .map(|t| p.candidates(t, None).sorted())
            .collect();
        assert_eq!(by_nfa, by_dfa);
    }
}

#[test]
fn the_rules_that_may_match_are_listed_in_order() {
    let rules = RuleSet::defaults().unwrap();
    let texts = [
        "各级党委（党组）要于2024年9月底前完成整改，由县纪委监委牵头督导。",
        "截至目前，已查处违反中央八项规定精神问题91件，处理120人。",
        "",
    ];
    for family in families(&rules) {
        let p = &family.prefilter;
        for text in texts {
            let scan = rules.scan(text);
            for found in [p.candidates(text, Some(&scan)), p.candidates(text, None)] {
                let listed: Vec<usize> = p.mays_in_order(&found).collect();
                let each: Vec<usize> = (0..family.rules.len())
                    .filter(|&i| p.may(&found, i))
                    .collect();
                assert_eq!(listed, each, "{text}");
            }
        }
    }
}

/// The matchers of the families run on units (those the unit scan serves).
fn families(rules: &RuleSet) -> [&Matcher; 8] {
    [
        &rules.kind,
        &rules.category,
        &rules.body,
        &rules.deadline,
        &rules.metric,
        &rules.action,
        &rules.strength,
        &rules.structure,
    ]
}

/// Notices' sentences with the clauses a body search cuts them into.
const SCANNED: [&str; 4] = [
    "各级党委（党组）要于2024年9月底前完成整改，由县纪委监委牵头督导。",
    "截至目前，已查处违反中央八项规定精神问题91件，处理120人。",
    "第一，县民政局要同步完善低保公示制度；市委主题教育办设立专项整治组",
    "整治形式主义、官僚主义问题，切实为基层减负，2024年底前形成长效机制。",
];

#[test]
fn a_unit_scan_gives_each_family_the_candidates_of_its_own_scan() {
    let rules = RuleSet::defaults().unwrap();
    let other = RuleSet::defaults().unwrap();
    for text in SCANNED {
        let scan = rules.scan(text);
        let foreign = other.scan(text);
        // the text, each clause, and each tail a clause starts
        let mut parts = vec![text];
        for (i, c) in text.char_indices() {
            if "，；：".contains(c) {
                parts.push(&text[i + c.len_utf8()..]);
                parts.push(&text[..i]);
            }
        }
        for family in families(&rules) {
            let p = &family.prefilter;
            for part in &parts {
                let own = p.candidates(part, None).sorted();
                assert_eq!(p.candidates(part, Some(&scan)).sorted(), own, "{part}");
                // another rule set's scan is not taken
                assert_eq!(p.candidates(part, Some(&foreign)).sorted(), own, "{part}");
            }
            // a text that is not part of the scanned one is scanned afresh
            let copy = text.to_string();
            assert_eq!(
                p.candidates(&copy, Some(&scan)).sorted(),
                p.candidates(&copy, None).sorted()
            );
        }
    }
}

#[test]
fn a_scan_of_a_part_holds_only_the_literals_inside_it() {
    let rules = load(
        r#"
[[rule]]
id = "deadline.t.a"
description = "d"
label = "date"
pattern = "月底前"
[[rule]]
id = "deadline.t.b"
description = "d"
label = "date"
pattern = "底前完成"
"#,
    )
    .unwrap();
    let text = "9月底前完成";
    let scan = rules.scan(text);
    let p = &rules.deadline.prefilter;
    assert_eq!(p.mays(&p.candidates(text, Some(&scan))), vec![true, true]);
    // `底前完成` ends past the part, `月底前` starts before the last one
    assert_eq!(
        p.mays(&p.candidates(&text[..10], Some(&scan))),
        vec![true, false]
    );
    assert_eq!(
        p.mays(&p.candidates(&text[4..], Some(&scan))),
        vec![false, true]
    );
    // the hits in the part's own offsets
    let (_, slot) = p.linked.unwrap();
    let part: Vec<_> = scan.within(slot, &text[4..]).unwrap().collect();
    assert_eq!(part, vec![(0, 12, 1)]);
}

#[test]
fn the_scan_of_a_part_is_the_parts_own_scan() {
    let rules = RuleSet::defaults().unwrap();
    let text = SCANNED.join("\n");
    let scan = rules.scan(&text);
    let mut parts: Vec<&str> = text.split(['\n', '，', '；']).collect();
    parts.push(&text);
    for part in parts {
        let own = rules.scan(part);
        assert!(scan.covers(part));
        let served = rules.scan_part(Some(&scan), part);
        assert!(matches!(served, std::borrow::Cow::Borrowed(_)));
        for slot in 0..own.hits.len() {
            let from_whole: Vec<(usize, usize, u32)> = scan.within(slot, part).unwrap().collect();
            let own_hits: Vec<(usize, usize, u32)> = (own.within(slot, part).unwrap()).collect();
            assert_eq!(from_whole, own_hits, "{part}");
            assert_eq!(own_hits.len(), own.hits[slot].len());
        }
    }
    // the default rules' hits pack into 8 bytes, in (start, end, literal) order
    assert!(rules.scanner.packs);
    let (a, b) = (
        super::prefilter::pack(7, 9, 3),
        super::prefilter::pack(7, 12, 1),
    );
    assert_eq!(super::prefilter::unpack(&a), (7, 9, 3));
    assert_eq!(super::prefilter::unpack(&b), (7, 12, 1));
    assert!(a < b && b < super::prefilter::pack(8, 9, 0));
    let longest = super::prefilter::PACKED_LEN;
    let top = super::prefilter::PACKED_LOCALS as u32 - 1;
    assert_eq!(
        super::prefilter::unpack(&super::prefilter::pack(5, 5 + longest, top)),
        (5, 5 + longest, top)
    );
    // a copy is not a part of the scanned text
    let copy = String::from(SCANNED[0]);
    assert!(!scan.covers(&copy) && scan.within(0, &copy).is_none());
    let own = rules.scan_part(Some(&scan), &copy);
    assert!(matches!(own, std::borrow::Cow::Owned(_)));
    assert_eq!(own.hits, rules.scan(&copy).hits);
}

#[test]
fn a_rule_runs_only_when_each_of_its_literal_sets_occurs() {
    let rule = r#"id = "body.t.a"
description = "d"
label = "subject"
pattern = '(?:部门|单位)[\p{Han}]{0,3}(?:要求|必须)'"#;
    let rules = load(&format!("[[rule]]\n{rule}\n")).unwrap();
    let p = &rules.body.prefilter;
    for (text, may) in [
        ("有关部门抓紧要求整改", true),
        ("有关部门抓紧整改", false),
        ("必须抓紧整改", false),
        ("整改，部门；必须", true),
    ] {
        assert_eq!(p.mays(&p.candidates(text, None)), vec![may], "{text}");
        let scan = rules.scan(text);
        assert_eq!(
            p.mays(&p.candidates(text, Some(&scan))),
            vec![may],
            "{text}"
        );
    }
}

#[test]
fn a_literal_rule_finds_from_the_scan_what_its_regex_finds() {
    let rules = RuleSet::defaults().unwrap();
    // the sentences of the seeds, the rules' examples and a few made to overlap terms
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/seeds");
    let mut seeds = String::new();
    for e in std::fs::read_dir(dir).unwrap() {
        seeds.push_str(&std::fs::read_to_string(e.unwrap().path()).unwrap());
    }
    let mut texts: Vec<&str> = seeds.split(['。', '\n']).collect();
    texts.extend(SCANNED);
    texts.extend(["督促指导督促督导", "监督检查监督", "严禁严禁", ""]);
    for r in rules.all_rules() {
        texts.extend(
            r.examples
                .iter()
                .chain(&r.counter_examples)
                .map(String::as_str),
        );
    }
    let mut literal = 0;
    for family in families(&rules) {
        let p = &family.prefilter;
        for (i, rule) in family.rules.iter().enumerate().filter(|(_, r)| r.literal) {
            literal += 1;
            let mut fired = false;
            for text in &texts {
                let by_regex = rule.raw_matches(text, None);
                fired |= !by_regex.is_empty();
                let scan = rules.scan(text);
                for found in [p.candidates(text, Some(&scan)), p.candidates(text, None)] {
                    assert_eq!(
                        found.literal_matches(i, p),
                        by_regex,
                        "{} on {text}",
                        rule.id
                    );
                }
            }
            assert!(fired, "{} fires on none of the texts", rule.id);
        }
    }
    // the category cues and the action verbs at least
    assert!(literal >= 30, "{literal} literal rules");
}

#[test]
fn a_relaxed_pattern_finds_what_the_pattern_finds() {
    let rules = RuleSet::defaults().unwrap();
    let relaxed: Vec<&Rule> = rules.all_rules().filter(|r| r.relaxed.is_some()).collect();
    // the body subjects' `{0,18}` at least
    assert!(relaxed.iter().any(|r| r.id == "body.subject.before-marker"));
    let long = "省委巡视办会同省纪委监委驻省委组织部纪检监察组和有关市县党委组织部门要加强督导";
    for r in relaxed {
        let strict = Rule {
            relaxed: None,
            ..r.clone()
        };
        let mut texts: Vec<&str> = SCANNED.to_vec();
        texts.extend(
            r.examples
                .iter()
                .chain(&r.counter_examples)
                .map(String::as_str),
        );
        texts.push(long);
        for text in texts {
            // every prefix: short ones take the relaxed pattern, long ones the gate
            for (i, _) in text.char_indices().skip(1) {
                let t = &text[..i];
                assert_eq!(
                    r.raw_matches(t, None),
                    strict.raw_matches(t, None),
                    "{} on {t}",
                    r.id
                );
            }
        }
    }
}

#[test]
fn a_relaxed_match_within_the_bounds_is_the_patterns_a_longer_one_is_not() {
    let rule = r#"id = "deadline.t.a"
description = "d"
label = "date"
group = "v"
pattern = '(?P<v>[a-z]{0,5})x'"#;
    let rules = load(&format!("[[rule]]\n{rule}\n")).unwrap();
    let r = &rules.deadline.rules[0];
    assert!(r.relaxed.is_some());
    let strict = Rule {
        relaxed: None,
        ..r.clone()
    };
    // short matches in a long text; a match the open form takes too long (`bbbbbbbbx`:
    // the pattern takes `bbbbbx`); lazy and greedy neighbours
    for text in [
        "aax-bx-cccx-dx-eex-fx",
        "aax bbbbbbbbx cx",
        "xxxxxxxx",
        "abcdefghijx",
        "ax",
    ] {
        assert_eq!(
            r.raw_matches(text, None),
            strict.raw_matches(text, None),
            "{text}"
        );
    }
    assert_eq!(
        r.raw_matches("aax bbbbbbbbx", None),
        vec![((0, 3), (0, 2)), ((7, 13), (7, 12))]
    );
}

#[test]
fn a_relaxed_pattern_is_exact_on_texts_its_bounds_cannot_exceed() {
    let of = |p: &str| Relaxed::of(&regex_syntax::parse(p).unwrap());
    let r = of(r"^(?P<b>[a-z]{0,5})x").unwrap();
    assert_eq!(r.exact_up_to, 5);
    assert!(r.exact_on("aaaax"));
    assert!(!r.exact_on("aaaaaax"));
    // on the longer text the two differ: the gate passes it, the pattern decides
    let strict = Regex::new(r"^(?P<b>[a-z]{0,5})x").unwrap();
    assert!(r.regex.get().unwrap().is_match("aaaaaax") && !strict.is_match("aaaaaax"));
    // a narrow or a character-less repetition is left as it is
    assert!(of(r"\d{1,2}年").is_none());
    assert!(of(r"(?:a?){0,9}b").is_none());
}

#[test]
fn required_literals_of_a_part_every_match_passes() {
    let lits = |p: &str| {
        required_literals(&regex_syntax::parse(p).unwrap()).map(|sets| {
            let sets = sets.into_iter().map(|ls| {
                let mut v: Vec<String> = ls
                    .into_iter()
                    .map(|l| String::from_utf8(l).unwrap())
                    .collect();
                v.sort();
                v.join("|")
            });
            sets.collect::<Vec<String>>()
        })
    };
    // the prefixes, and each part every match goes through
    assert_eq!(
        lits("(?:整治|治理)问题"),
        Some(vec![
            "整治问题|治理问题".into(),
            "整治|治理".into(),
            "问题".into()
        ])
    );
    assert_eq!(
        lits(r"^\d?[\p{Han}]{0,4}(?P<b>(?:部门|单位))(?:要|必须)"),
        Some(vec!["单位|部门".into(), "必须|要".into()])
    );
    // a set with a literal shorter than a character only when there is no other
    assert_eq!(lits(r"[，,]\s*(?:要求)"), Some(vec!["要求".into()]));
    assert_eq!(lits(r"^\s*[，,]"), Some(vec![",|，".into()]));
    // optional parts and open classes give nothing to look for
    assert_eq!(lits(r"[\p{Han}]{2,8}(?:要)?"), None);
    assert_eq!(lits(r"^(?:于)?[\p{Han}]+$"), None);
}

#[test]
fn all_of_runs_only_the_wanted_rules() {
    let rules = RuleSet::defaults().unwrap();
    let text = "县民政局要于年底前完成整改";
    let all = rules.body.all(text, Context::default());
    let subjects = rules
        .body
        .all_of(text, Context::default(), |r| r.label == "subject");
    assert!(!subjects.is_empty());
    assert!(subjects.iter().all(|m| m.rule.label == "subject"));
    let from_all: Vec<_> = all
        .iter()
        .filter(|m| m.rule.label == "subject")
        .map(|m| (&m.rule.id, m.start, m.end))
        .collect();
    let from_of: Vec<_> = subjects
        .iter()
        .map(|m| (&m.rule.id, m.start, m.end))
        .collect();
    assert_eq!(from_all, from_of);
}

#[test]
fn defaults_compile() {
    let r = RuleSet::defaults().expect("default rules compile");
    assert!(!r.deadline.rules.is_empty());
    assert!(r.categories.iter().any(|c| c.id == "eight-rules"));
    // the embedded rules' regexes are compiled on first use: each of them compiles
    for rule in r.all_rules() {
        if let Pattern::Regex(regex) = &rule.pattern {
            assert!(regex.get().is_some(), "{}: {}", rule.id, regex.as_str());
        }
        if let Some(relaxed) = &rule.relaxed {
            assert!(relaxed.regex.get().is_some(), "{} relaxed", rule.id);
        }
    }
}

#[test]
fn a_users_pattern_is_compiled_at_load() {
    // a pattern that parses but is past the regex's size limit: an error at load, not a
    // rule that silently finds nothing
    let pattern = r"(?:\w{1000}){1000}";
    assert!(regex_syntax::parse(pattern).is_ok());
    let rule = "[[rule]]\nid = \"deadline.x\"\ndescription = \"d\"\nlabel = \"date\"\n";
    let e = load(&format!("{rule}pattern = '{pattern}'\n"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("pattern: does not compile"), "{e}");
}

#[test]
fn errors_name_file_rule_and_field() {
    let e = load(
        "[[rule]]\nid = \"deadline.x\"\ndescription = \"d\"\nlabel = \"date\"\npattern = \"(\"\n",
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("t.toml: rule `deadline.x`: pattern: does not compile"),
        "{e}"
    );
    let e = load(
        "[[rule]]\nid = \"deadline.x\"\ndescription = \"d\"\nlabel = \"soon\"\nterms = [\"a\"]\n",
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("label: unknown label `soon`"), "{e}");
    let e =
        load("[[rule]]\nid = \"nope.x\"\ndescription = \"d\"\nlabel = \"a\"\nterms = [\"a\"]\n")
            .unwrap_err()
            .to_string();
    assert!(e.contains("unknown family `nope`"), "{e}");
    let e = load(
        "[[rule]]\nid = \"kind.x\"\ndescription = \"d\"\nlabel = \"task\"\npattern = \"{nolex}\"\n",
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("lexicon `{nolex}`"), "{e}");
    let e = load("[[rule]]\nid = \"kind.x\"\ndescription = \"d\"\nlabel = \"task\"\nterms = [\"a\"]\nbogus = 1\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown field `bogus`"), "{e}");
    let dup = "[[rule]]\nid = \"kind.x\"\ndescription = \"d\"\nlabel = \"task\"\nterms = [\"a\"]\n";
    let e = load(&format!("{dup}{dup}")).unwrap_err().to_string();
    assert!(e.contains("used twice"), "{e}");
    let e = load("\u{feff}[lexicon]").unwrap_err().to_string();
    assert!(e.contains("byte-order mark"), "{e}");
}

#[test]
fn lexicon_macros_expand_and_repetitions_stay() {
    let r = load(
        "[lexicon.head]\ndescription = \"d\"\nterms = [\"党委\", \"党委(党组)\"]\n\
         [[rule]]\nid = \"body.x\"\ndescription = \"d\"\nlabel = \"subject\"\npattern = \"[各]{1,2}{head}要\"\n",
    )
    .unwrap();
    let m = r.body.find("各党委(党组)要整改", Context::default());
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].end - m[0].start, "各党委(党组)要".len());
}

#[test]
fn a_lexicon_takes_in_another_by_name_and_an_unknown_name_is_an_error() {
    let r = load(
        "[lexicon.title]\ndescription = \"d\"\nterms = [\"局长\"]\n\
         [lexicon.head]\ndescription = \"d\"\nterms = [\"党委\", \"{title}\"]\n\
         [[rule]]\nid = \"body.x\"\ndescription = \"d\"\nlabel = \"subject\"\npattern = \"王{head}要\"\n",
    )
    .unwrap();
    assert_eq!(r.lexicon("head"), ["党委", "局长"]);
    assert_eq!(r.body.find("王局长要整改", Context::default()).len(), 1);
    let e = load("[lexicon.head]\ndescription = \"d\"\nterms = [\"{nothing}\"]\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("names no lexicon"), "{e}");
}

#[test]
fn overlap_policy_longer_then_priority_then_position() {
    let r = load(
        "[[rule]]\nid = \"deadline.a\"\ndescription = \"d\"\nlabel = \"ongoing\"\nterms = [\"持续\"]\n\
         [[rule]]\nid = \"deadline.b\"\ndescription = \"d\"\nlabel = \"ongoing\"\nterms = [\"持续整治\"]\n\
         [[rule]]\nid = \"deadline.c\"\ndescription = \"d\"\nlabel = \"periodic\"\nterms = [\"整治\"]\npriority = 5\n\
         [[rule]]\nid = \"deadline.d\"\ndescription = \"d\"\nlabel = \"date\"\nterms = [\"整治\"]\n",
    )
    .unwrap();
    let m = r.deadline.find("持续整治，再整治", Context::default());
    let ids: Vec<&str> = m.iter().map(|m| m.rule.id.as_str()).collect();
    // the longer match wins over both shorter ones; among equal ones the higher priority
    assert_eq!(ids, vec!["deadline.b", "deadline.c"]);
}

#[test]
fn token_rules_load_check_and_need_words() {
    let r = load(
        "[lexicon.modal]\ndescription = \"d\"\nterms = [\"要\"]\n\
         [[rule]]\nid = \"body.t\"\ndescription = \"d\"\nlabel = \"subject\"\ngroup = \"b\"\n\
         tokens = \"(?P<b> [pos=n*]+ ) {modal}\"\n",
    )
    .unwrap();
    let text = "部门要";
    let seg = Segmented {
        bounds: vec![0, 6, 9],
        words: vec![
            Word {
                start: 0,
                end: 6,
                tag: crate::segment::PosTag::new("n"),
            },
            Word {
                start: 6,
                end: 9,
                tag: crate::segment::PosTag::new("v"),
            },
        ],
    };
    let m = r.body.find(text, Context::of(&seg, None));
    assert_eq!((m[0].start, m[0].end, m[0].whole_end), (0, 6, 9));
    // without words a token rule finds nothing
    assert!(r.body.find(text, Context::default()).is_empty());
    for (bad, want) in [
        ("tokens = \"[pos=n\"\npattern = \"a\"", "give one of"),
        ("tokens = \"[nope=1]\"", "tokens: unknown condition"),
        ("tokens = \"{nolex}\"", "lexicon `nolex`"),
    ] {
        let e = load(&format!(
            "[[rule]]\nid = \"body.t\"\ndescription = \"d\"\nlabel = \"subject\"\n{bad}\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(e.contains(want), "{e}");
    }
    let e = load(
        "[[rule]]\nid = \"structure.t\"\ndescription = \"d\"\nlabel = \"date\"\ntokens = \"年\"\n",
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("use `pattern`"), "{e}");
}

#[test]
fn not_before_and_report_label() {
    let r = load(
        "[[rule]]\nid = \"deadline.a\"\ndescription = \"d\"\nlabel = \"date\"\nreport_label = \"since\"\n\
         terms = [\"上半年\"]\nnot_before = [\"度\"]\n",
    )
    .unwrap();
    assert!(r.deadline.find("上半年度", Context::default()).is_empty());
    let ctx = Context {
        kind: Some("report"),
        ..Context::default()
    };
    assert_eq!(r.deadline.find("上半年完成", ctx)[0].label, "since");
}

#[test]
fn not_containing_voids_a_match_whose_value_holds_a_literal() {
    let r = load(
        "[[rule]]\nid = \"kind.not-task.t\"\ndescription = \"d\"\nlabel = \"not-task\"\n\
         pattern = '^他表示，[^。]*。$'\nnot_containing = [\"成立了\"]\n",
    )
    .unwrap();
    assert_eq!(
        r.kind
            .find("他表示，会议开得很好。", Context::default())
            .len(),
        1
    );
    assert!(r
        .kind
        .find("他表示，学校成立了领导小组。", Context::default())
        .is_empty());
}
