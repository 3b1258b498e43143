//! Sections: opened by headings and speaker lines, nested by level, closed where the next
//! one of the same or an outer level starts; bare-numeral headings accepted as a run.

use super::units::{chars, has_sentence_punct};
use super::{Role, Section, Structure, Unit};

/// Longest slogan line that can head a speaker's part (the line before the speaker's).
pub(super) const MAX_PART_TITLE_CHARS: usize = 30;
/// The level of a speaker's part: outside the numbered headings (`一、`) of its text, which
/// nest in it, so that the speaker holds for all of them.
pub(super) const SPEAKER_PART_LEVEL: u8 = 0;

/// Opens the part of a speaker. The line just before, when it is a short slogan without
/// sentence punctuation, is the part's heading: a section it already opened gets the speaker,
/// a body unit it became is turned into the heading.
#[allow(clippy::too_many_arguments)]
pub(super) fn claim_speaker_part(
    st: &mut Structure,
    stack: &mut Vec<usize>,
    text: &str,
    li: usize,
    speaker: &str,
    rule: String,
    line_start: usize,
    line: &str,
) {
    let prev = st
        .units
        .last()
        .cloned()
        .filter(|u| u.line + 2 >= li && u.pos_in_line == 0);
    if let Some(u) = prev {
        // `u` is the last unit: the units of its line are the last ones
        let prev_line_units = st
            .units
            .iter()
            .rev()
            .take_while(|x| x.line == u.line)
            .count();
        let slogan = &text[u.start..u.end];
        let short = chars(slogan) <= MAX_PART_TITLE_CHARS
            && !has_sentence_punct(slogan)
            && prev_line_units == 1;
        if short && u.role == Role::Heading {
            if let Some(sec) = st.sections.last_mut() {
                if sec.start == u.start && sec.speaker.is_none() {
                    sec.speaker = Some(speaker.to_string());
                    sec.rule = rule;
                    if stack.len() == 1 {
                        sec.level = SPEAKER_PART_LEVEL;
                    }
                    return;
                }
            }
        }
        if short && u.role == Role::Body {
            open_section(
                st,
                stack,
                slogan.to_string(),
                SPEAKER_PART_LEVEL,
                u.start,
                Some(speaker.to_string()),
                rule,
            );
            let id = current(stack);
            if let Some(last) = st.units.last_mut() {
                last.role = Role::Heading;
                last.section = id;
            }
            return;
        }
    }
    open_section(
        st,
        stack,
        line.to_string(),
        SPEAKER_PART_LEVEL,
        line_start,
        Some(speaker.to_string()),
        rule,
    );
}

pub(super) fn unit(
    start: usize,
    end: usize,
    line: usize,
    pos: usize,
    section: Option<usize>,
    role: Role,
) -> Unit {
    Unit {
        start,
        end,
        line,
        pos_in_line: pos,
        section,
        role,
        cell: None,
    }
}

/// Pushes the units of one line (`pieces` relative to the line start `ls`), all with one role.
pub(super) fn push_units(
    st: &mut Structure,
    pieces: &[(usize, usize)],
    ls: usize,
    li: usize,
    section: Option<usize>,
    role: Role,
) {
    for (pos, &(s, e)) in pieces.iter().enumerate() {
        st.units.push(unit(ls + s, ls + e, li, pos, section, role));
    }
}

pub(super) fn current(stack: &[usize]) -> Option<usize> {
    stack.last().copied()
}

pub(super) fn open_section(
    st: &mut Structure,
    stack: &mut Vec<usize>,
    title: String,
    level: u8,
    start: usize,
    speaker: Option<String>,
    rule: String,
) {
    while let Some(&top) = stack.last() {
        if st.sections[top].level >= level {
            stack.pop();
        } else {
            break;
        }
    }
    let id = st.sections.len();
    st.sections.push(Section {
        title,
        level,
        start,
        end: start,
        parent: stack.last().copied(),
        speaker,
        rule,
    });
    stack.push(id);
}

/// A section ends where the next section of the same or an outer level starts.
pub(super) fn close_sections(st: &mut Structure, text_len: usize) {
    let n = st.sections.len();
    for i in 0..n {
        let level = st.sections[i].level;
        let parent_end = None::<usize>;
        let end = st.sections[i + 1..]
            .iter()
            .find(|s| s.level <= level)
            .map_or(text_len, |s| s.start);
        st.sections[i].end = parent_end.map_or(end, |p| p.min(end));
    }
}

/// Bare-numeral headings (一坚持…。 where `、` was lost) count only as a run 一, 二, 三 … of
/// at least three; then each becomes a level-1 section and its unit a heading.
pub(super) fn accept_bare_numeral_headings(
    st: &mut Structure,
    candidates: &[(usize, u32, String)],
    text: &str,
) {
    let mut run: Vec<(usize, u32, &str)> = Vec::new();
    let mut best: Vec<(usize, &str)> = Vec::new();
    for (ui, n, rule) in candidates {
        match run.last() {
            _ if *n == 1 => run = vec![(*ui, *n, rule)],
            Some(&(_, last, _)) if *n == last + 1 => run.push((*ui, *n, rule)),
            _ => run.clear(),
        }
        if run.len() > best.len() {
            best = run.iter().map(|&(u, _, r)| (u, r)).collect();
        }
    }
    if best.len() < 3 || !st.sections.is_empty() {
        return;
    }
    for (k, &(ui, rule)) in best.iter().enumerate() {
        let u = &st.units[ui];
        let end = best
            .get(k + 1)
            .map_or(text.len(), |&(next, _)| st.units[next].start);
        st.sections.push(Section {
            title: text[u.start..u.end].to_string(),
            level: 1,
            start: u.start,
            end,
            parent: None,
            speaker: None,
            rule: rule.to_string(),
        });
    }
    let starts: Vec<(usize, usize, usize)> = st
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| (i, s.start, s.end))
        .collect();
    for (ui, u) in st.units.iter_mut().enumerate() {
        if let Some(&(i, _, _)) = starts
            .iter()
            .find(|&&(_, s, e)| u.start >= s && u.start < e)
        {
            u.section = Some(i);
        }
        if best.iter().any(|&(b, _)| b == ui) {
            u.role = Role::Heading;
        }
    }
}
