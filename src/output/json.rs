//! A task's JSON written by hand: the bytes `serde_json::to_writer` gives for a
//! [`Task`] (the fields in declaration order, the optional ones left out when absent,
//! strings escaped as serde_json escapes them, numbers as it writes them), without serde's
//! generic path, which cost a tenth of the pipeline (every string went through a table
//! lookup a byte and three writes). A test checks the bytes against serde_json's.

use crate::record::{Body, Deadline, Explanation, Metric, Problem, Task};

/// Appends the JSON of `task` to `out`.
pub fn write_task(out: &mut Vec<u8>, task: &Task) {
    out.extend_from_slice(b"{\"id\":");
    string(out, &task.id);
    key(out, "text");
    string(out, &task.text);
    key(out, "span");
    span(out, task.span);
    key(out, "section");
    list(out, &task.section, |out, s| string(out, s));
    key(out, "kind");
    string(out, task.kind.as_str());
    if let Some(s) = task.strength {
        key(out, "strength");
        string(out, s.as_str());
    }
    key(out, "categories");
    list(out, &task.categories, |out, s| string(out, s));
    key(out, "bodies");
    list(out, &task.bodies, body);
    if let Some(p) = &task.problem {
        key(out, "problem");
        problem(out, p);
    }
    key(out, "deadline");
    list(out, &task.deadline, deadline);
    key(out, "actions");
    list(out, &task.actions, |out, s| string(out, s));
    key(out, "metrics");
    list(out, &task.metrics, metric);
    key(out, "rules");
    list(out, &task.rules, |out, s| string(out, s));
    if let Some(e) = &task.explain {
        key(out, "explain");
        list(out, e, explanation);
    }
    out.push(b'}');
}

fn body(out: &mut Vec<u8>, b: &Body) {
    out.extend_from_slice(b"{\"text\":");
    string(out, &b.text);
    optional(out, "canonical", b.canonical.as_deref());
    key(out, "source");
    string(out, b.source.as_str());
    if let Some(s) = b.span {
        key(out, "span");
        span(out, s);
    }
    optional(out, "role", b.role.map(|r| r.as_str()));
    key(out, "rule");
    string(out, &b.rule);
    out.push(b'}');
}

fn problem(out: &mut Vec<u8>, p: &Problem) {
    out.extend_from_slice(b"{\"text\":");
    string(out, &p.text);
    key(out, "span");
    span(out, p.span);
    out.push(b'}');
}

fn deadline(out: &mut Vec<u8>, d: &Deadline) {
    out.extend_from_slice(b"{\"text\":");
    string(out, &d.text);
    key(out, "kind");
    string(out, d.kind.as_str());
    key(out, "span");
    span(out, d.span);
    optional(out, "date", d.date.as_deref());
    optional(out, "from", d.from.as_deref());
    optional(out, "to", d.to.as_deref());
    optional(out, "duration", d.duration.as_deref());
    optional(out, "every", d.every.as_deref());
    key(out, "rule");
    string(out, &d.rule);
    out.push(b'}');
}

fn metric(out: &mut Vec<u8>, m: &Metric) {
    out.extend_from_slice(b"{\"text\":");
    string(out, &m.text);
    key(out, "value");
    // serde_json's own float formatting (and `null` for what is not finite): rare enough
    if serde_json::to_writer(&mut *out, &m.value).is_err() {
        out.extend_from_slice(b"null");
    }
    key(out, "unit");
    string(out, &m.unit);
    key(out, "span");
    span(out, m.span);
    out.push(b'}');
}

fn explanation(out: &mut Vec<u8>, e: &Explanation) {
    out.extend_from_slice(b"{\"field\":");
    string(out, &e.field);
    key(out, "value");
    string(out, &e.value);
    key(out, "rule");
    string(out, &e.rule);
    key(out, "text");
    string(out, &e.text);
    if let Some(s) = e.span {
        key(out, "span");
        span(out, s);
    }
    out.push(b'}');
}

/// `,"name":`.
fn key(out: &mut Vec<u8>, name: &str) {
    out.extend_from_slice(b",\"");
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\":");
}

/// `,"name":value` when there is a value.
fn optional(out: &mut Vec<u8>, name: &str, value: Option<&str>) {
    if let Some(v) = value {
        key(out, name);
        string(out, v);
    }
}

/// `[a,b,…]`.
fn list<T>(out: &mut Vec<u8>, items: &[T], mut each: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        each(out, item);
    }
    out.push(b']');
}

/// `[start,end]`.
fn span(out: &mut Vec<u8>, [start, end]: [usize; 2]) {
    out.push(b'[');
    number(out, start);
    out.push(b',');
    number(out, end);
    out.push(b']');
}

/// A number in decimal.
fn number(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    out.extend_from_slice(digits.get(at..).unwrap_or_default());
}

/// A string in quotes, escaped as serde_json escapes it: `"` and `\` with a backslash,
/// the control characters below 0x20 as `\b \t \n \f \r` or `\u00xx`; everything else
/// (all of UTF-8 above) as it is.
fn string(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let bytes = s.as_bytes();
    if !any_escape(bytes) {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !needs_escape(b) {
            continue;
        }
        out.extend_from_slice(bytes.get(from..i).unwrap_or_default());
        escape(out, b);
        from = i + 1;
    }
    out.extend_from_slice(bytes.get(from..).unwrap_or_default());
    out.push(b'"');
}

/// Whether some byte of `bytes` [`needs_escape`] (most strings hold none): a fold with no
/// early exit, which the compiler turns into a check of many bytes at once.
fn any_escape(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |any, &b| any | needs_escape(b))
}

/// Whether serde_json escapes byte `b`.
#[inline]
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The escape of byte `b` ([`needs_escape`]).
fn escape(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x09 => b't',
        0x0A => b'n',
        0x0C => b'f',
        0x0D => b'r',
        _ => 0,
    };
    if short != 0 {
        out.extend_from_slice(&[b'\\', short]);
    } else {
        let hex = |d: u8| HEX.get(usize::from(d)).copied().unwrap_or(b'0');
        out.extend_from_slice(&[b'\\', b'u', b'0', b'0', hex(b >> 4), hex(b & 0xF)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{BodyRole, BodySource, DeadlineKind, Kind, Strength};
    use proptest::prelude::*;

    fn full_task(s: &str, value: f64) -> Task {
        Task {
            id: format!("{s}#0"),
            text: s.into(),
            span: [0, usize::MAX],
            section: vec![s.into(), "一、".into()],
            kind: Kind::Report,
            strength: Some(Strength::Prohibited),
            categories: vec!["other".into(), s.into()],
            bodies: vec![
                Body {
                    text: s.into(),
                    canonical: Some(s.into()),
                    source: BodySource::Inherited,
                    span: Some([3, 10]),
                    role: Some(BodyRole::Support),
                    rule: "body.x".into(),
                },
                Body {
                    text: "各部门".into(),
                    canonical: None,
                    source: BodySource::Explicit,
                    span: None,
                    role: None,
                    rule: s.into(),
                },
            ],
            problem: Some(Problem {
                text: s.into(),
                span: [1, 2],
            }),
            deadline: vec![Deadline {
                text: s.into(),
                kind: DeadlineKind(s.into()),
                span: [7, 99],
                date: Some("2019-06-30".into()),
                from: Some(s.into()),
                to: None,
                duration: Some("P3Y6M".into()),
                every: Some(s.into()),
                rule: "deadline.x".into(),
            }],
            actions: vec![s.into()],
            metrics: vec![Metric {
                text: s.into(),
                value,
                unit: s.into(),
                span: [10, 12],
            }],
            rules: vec![s.into(), "kind.task.action".into()],
            explain: Some(vec![
                Explanation {
                    field: "kind".into(),
                    value: s.into(),
                    rule: s.into(),
                    text: s.into(),
                    span: Some([0, 1]),
                },
                Explanation {
                    field: "bodies".into(),
                    value: String::new(),
                    rule: "r".into(),
                    text: String::new(),
                    span: None,
                },
            ]),
        }
    }

    fn bare_task(s: &str) -> Task {
        Task {
            strength: None,
            problem: None,
            explain: None,
            section: vec![],
            bodies: vec![],
            deadline: vec![],
            metrics: vec![],
            ..full_task(s, 0.0)
        }
    }

    fn ours(t: &Task) -> String {
        let mut out = Vec::new();
        write_task(&mut out, t);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_escape_is_serde_jsons() {
        let all: String = (0u8..0x80).map(char::from).collect();
        for t in [full_task(&all, 1.5), bare_task(&all)] {
            assert_eq!(ours(&t), serde_json::to_string(&t).unwrap());
        }
    }

    #[test]
    fn a_byte_to_escape_is_found_wherever_it_is() {
        for b in 0u8..=0x7f {
            for at in 0..20 {
                let mut s = vec![b'a'; 20];
                s.extend_from_slice("整改".as_bytes());
                if let Some(x) = s.get_mut(at) {
                    *x = b;
                }
                assert_eq!(any_escape(&s), needs_escape(b), "{b:#x} at {at}");
            }
        }
    }

    #[test]
    fn numbers_are_serde_jsons() {
        for v in [
            0.0,
            -0.0,
            8.0,
            12.2,
            1e21,
            1e-7,
            f64::MAX,
            f64::NAN,
            f64::INFINITY,
        ] {
            let t = full_task("8个", v);
            assert_eq!(ours(&t), serde_json::to_string(&t).unwrap());
        }
        for n in [0, 9, 10, 99, 100, 12345, usize::MAX] {
            let mut t = bare_task("a");
            t.span = [n, n / 7];
            assert_eq!(ours(&t), serde_json::to_string(&t).unwrap());
        }
    }

    proptest! {
        #[test]
        fn any_task_is_written_as_serde_json_writes_it(s in "\\PC*|[\\x00-\\x7f]*", v in any::<f64>()) {
            for t in [full_task(&s, v), bare_task(&s)] {
                prop_assert_eq!(ours(&t), serde_json::to_string(&t).unwrap());
            }
        }
    }
}
