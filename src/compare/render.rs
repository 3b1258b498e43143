//! Render: a comparison [`Report`] as Markdown or as one self-contained HTML page.
//!
//! Markdown: a coverage table of the headline groups (rows: categories, then all, then
//! framing; columns: local plans), the groups with their members, per plan its additions and
//! missing groups, then the matched pairs whose deadlines differ in firmness. HTML: the same
//! coverage as a heatmap (rows: local plans; columns: categories), each cell a `<details>`
//! that opens on each group's headline and the local texts that carry it out; inline CSS and
//! a few lines of inline script (open/close all buttons; the page works without), nothing
//! fetched from the network, every text escaped.

use super::{Coverage, HeadlineGroup, Item, Plan, Report};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Items of a report by id.
/// Every item of a report by its id.
type ById<'a> = HashMap<&'a str, &'a Item>;

fn items_by_id(report: &Report) -> ById<'_> {
    report
        .central
        .iter()
        .chain(report.plans.iter().flat_map(|p| &p.items))
        .map(|i| (i.id.as_str(), i))
        .collect()
}

fn percent(c: &Coverage) -> String {
    c.coverage
        .map_or_else(|| "–".to_string(), |x| format!("{:.0}%", x * 100.0))
}

/// `covered/central · local`, or `– · local` when the category has no central items.
fn counts(c: &Coverage) -> String {
    if c.central == 0 {
        format!("– · {}", c.local)
    } else {
        format!("{}/{} · {}", c.covered, c.central, c.local)
    }
}

fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max).collect();
        s.push('…');
        s
    }
}

/// Escapes what Markdown would read as markup; line breaks become spaces.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

fn category_name<'a>(report: &'a Report, id: &'a str) -> &'a str {
    report
        .categories
        .iter()
        .find(|c| c.id == id)
        .map_or(id, |c| c.name.as_str())
}

/// Longest text shown in Markdown lists; the JSON and HTML keep every text whole.
const MD_TEXT_CHARS: usize = 90;
/// Longest member text shown under a group in Markdown.
const MD_MEMBER_CHARS: usize = 60;

/// An item's deadline for a reader: `date (年底前)`, or `no deadline`.
fn deadline_text(item: &Item) -> String {
    if item.deadlines.is_empty() {
        "no deadline".to_string()
    } else {
        format!("`{}` ({})", item.firmness, md(&item.deadlines.join("、")))
    }
}

fn group_by_id<'a>(report: &'a Report, id: &str) -> Option<&'a HeadlineGroup> {
    report.groups.iter().find(|g| g.id == id)
}

/// The report as Markdown: a header, the coverage table, the headline groups, and per plan
/// its additions, missing groups and deadline differences.
pub fn markdown(report: &Report) -> String {
    let by_id = items_by_id(report);
    let mut s = String::new();
    md_header(&mut s, report);
    md_coverage(&mut s, report);
    md_groups(&mut s, report, &by_id);
    md_additions(&mut s, report, &by_id);
    md_missing(&mut s, report);
    md_deadlines(&mut s, report, &by_id);
    s
}

fn md_header(s: &mut String, report: &Report) {
    let _ = writeln!(s, "# Central tasks against local plans\n");
    for d in &report.central_docs {
        let _ = writeln!(
            s,
            "- central: {} (`{}`)",
            md(d.title.as_deref().unwrap_or("")),
            d.id
        );
    }
    let _ = writeln!(
        s,
        "- {} central task items: {} headline groups (what coverage counts) and {} framing items \
         (preamble, organisation, follow-up: counted apart, in the `framing` row)",
        report.central.len(),
        report.groups.len(),
        report.framing.len()
    );
    let _ = writeln!(
        s,
        "- {} local plans{}, match threshold {}\n",
        report.plans.len(),
        if report.by_section {
            " (speakers' parts)"
        } else {
            ""
        },
        report.threshold
    );
}

fn md_coverage(s: &mut String, report: &Report) {
    let _ = writeln!(s, "## Coverage\n");
    let _ = writeln!(
        s,
        "A cell reads `covered/central · local`: headline groups of the category carried out by \
         at least one local item (a match to any member of a group covers it), headline groups \
         of the category, local items of the category (each counted under its main category). \
         The `framing` row: framing items matched / framing items · local items that match \
         framing items only.\n"
    );
    let _ = write!(s, "| category |");
    for p in &report.plans {
        let _ = write!(s, " {} |", md(&p.name));
    }
    let _ = write!(s, "\n|---|");
    for _ in &report.plans {
        let _ = write!(s, "---|");
    }
    s.push('\n');
    for (i, cat) in report.categories.iter().enumerate() {
        let _ = write!(s, "| {} `{}` |", md(&cat.name), cat.id);
        for p in &report.plans {
            let _ = write!(
                s,
                " {} |",
                p.coverage.get(i).map_or_else(String::new, counts)
            );
        }
        s.push('\n');
    }
    let _ = write!(s, "| **all** |");
    for p in &report.plans {
        let _ = write!(s, " **{}** {} |", percent(&p.total), counts(&p.total));
    }
    let _ = write!(s, "\n| framing |");
    for p in &report.plans {
        let _ = write!(s, " {} |", counts(&p.framing));
    }
}

fn md_groups(s: &mut String, report: &Report, by_id: &ById<'_>) {
    s.push_str(
        "\n\n## Headline groups\n\nA headline task and the central items that spell it out.\n\n",
    );
    if report.groups.is_empty() {
        s.push_str("None.\n");
    }
    for g in &report.groups {
        let _ = writeln!(
            s,
            "- **{}** {} `{}`",
            g.id,
            md(&clip(&g.headline, MD_TEXT_CHARS)),
            g.category
        );
        for m in g
            .members
            .iter()
            .filter(|m| Some(*m) != g.headline_item.as_ref())
        {
            if let Some(i) = by_id.get(m.as_str()) {
                let _ = writeln!(s, "  - {}", md(&clip(&i.text, MD_MEMBER_CHARS)));
            }
        }
    }
}

fn md_additions(s: &mut String, report: &Report, by_id: &ById<'_>) {
    s.push_str(
        "\n## Additions\n\nLocal items that carry out no headline group, by main category; \
        *(framing)* marks one that resembles a framing item (how the campaign is run).\n",
    );
    for p in &report.plans {
        let _ = writeln!(s, "\n### {}\n", md(&p.name));
        if p.additions.is_empty() {
            s.push_str("None.\n");
        }
        for g in &p.additions {
            let _ = writeln!(
                s,
                "- {} `{}`",
                md(category_name(report, &g.category)),
                g.category
            );
            for id in &g.items {
                if let Some(i) = by_id.get(id.as_str()) {
                    let mark = if i.matches.iter().flatten().next().is_some() {
                        " *(framing)*"
                    } else {
                        ""
                    };
                    let _ = writeln!(s, "  - {}{mark}", md(&clip(&i.text, MD_TEXT_CHARS)));
                }
            }
        }
    }
}

fn md_missing(s: &mut String, report: &Report) {
    s.push_str("\n## Missing\n\nHeadline groups that no local item of the plan carries out.\n");
    for p in &report.plans {
        let _ = writeln!(
            s,
            "\n### {} ({} of {})\n",
            md(&p.name),
            p.missing.len(),
            report.groups.len()
        );
        if p.missing.is_empty() {
            s.push_str("None.\n");
        }
        for g in p.missing.iter().filter_map(|id| group_by_id(report, id)) {
            let _ = writeln!(
                s,
                "- **{}** {}",
                g.id,
                md(&clip(&g.headline, MD_TEXT_CHARS))
            );
        }
    }
}

fn md_deadlines(s: &mut String, report: &Report, by_id: &ById<'_>) {
    s.push_str("\n## Deadline differences\n\nMatched pairs whose local deadline is firmer or looser than the central one.\n\n");
    let mut any = false;
    for p in &report.plans {
        for local in &p.items {
            for m in local
                .matches
                .iter()
                .flatten()
                .filter(|m| m.deadline != "same")
            {
                let Some(c) = by_id.get(m.central.as_str()) else {
                    continue;
                };
                any = true;
                let _ = writeln!(
                    s,
                    "- {}: **{}** — local {} against central {}: {} / {}",
                    md(&p.name),
                    m.deadline,
                    deadline_text(local),
                    deadline_text(c),
                    md(&clip(&local.text, 40)),
                    md(&clip(&c.text, 40)),
                );
            }
        }
    }
    if !any {
        s.push_str("None.\n");
    }
}

/// Escapes text for HTML content and attribute values.
fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The heatmap colour of a coverage: red at 0, yellow at ½, green at 1; grey without central items.
fn heat(c: &Coverage) -> String {
    match c.coverage {
        Some(x) => format!("hsl({:.0}, 70%, 78%)", x.clamp(0.0, 1.0) * 120.0),
        None => "#eeeeee".to_string(),
    }
}

const CSS: &str = "body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}table.heatmap{border-collapse:collapse;font-size:.85em}
.heatmap th,.heatmap td{border:1px solid #bbb;padding:.3em .4em;vertical-align:top}
.heatmap thead th{font-weight:normal;font-size:.85em;min-width:4.5em;max-width:7em}
.heatmap thead th code{display:block;font-size:.75em;color:#555;word-break:break-all}.heatmap tbody th{text-align:left;white-space:nowrap}
.heatmap summary{cursor:pointer;white-space:nowrap}.heatmap summary small{color:#444}
.pairs{width:26em;white-space:normal;background:#fff;border:1px solid #999;padding:.4em;margin-top:.3em}
.pair{border-bottom:1px dotted #aaa;padding:.2em 0}.central{font-weight:bold;margin:.1em 0}
.local{margin:.1em 0 .1em 1em;padding:0}.local li{list-style:'→ '}.none{color:#a00;margin:.1em 0 .1em 1em}
.score{color:#555;font-size:.85em}.added{background:#eef;margin-top:.3em;padding:.2em}
.legend span{display:inline-block;min-width:3em;padding:0 .3em;text-align:center;white-space:nowrap}";

/// Buttons that open or close every cell: a convenience, the page works without script.
const SCRIPT: &str = "(function(){var t=document.getElementById('coverage');if(!t)return;
var bar=document.createElement('p');bar.id='toggles';
[['open all',true],['close all',false]].forEach(function(x){var b=document.createElement('button');
b.type='button';b.textContent=x[0];b.onclick=function(){t.querySelectorAll('details').forEach(function(d){d.open=x[1];});};
bar.appendChild(b);});t.parentNode.insertBefore(bar,t);})();";

/// The report as one self-contained HTML page.
pub fn html_page(report: &Report) -> String {
    let by_id = items_by_id(report);
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(
        s,
        "<title>zhenggai compare</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>"
    );
    let _ = writeln!(s, "<h1>Central tasks against local plans</h1>");
    for d in &report.central_docs {
        let _ = writeln!(
            s,
            "<p class=\"doc\">Central: {} (<code>{}</code>)</p>",
            html(d.title.as_deref().unwrap_or("")),
            html(&d.id)
        );
    }
    let _ = writeln!(
        s,
        "<p>{} central task items: {} headline groups and {} framing items (counted apart); {} \
         local plans, match threshold {}. A cell shows the share of the category's headline \
         groups that the plan carries out; open it for the aligned texts.</p>",
        report.central.len(),
        report.groups.len(),
        report.framing.len(),
        report.plans.len(),
        report.threshold
    );
    let _ = writeln!(
        s,
        "<p class=\"legend\">coverage: <span style=\"background:{}\">0%</span><span style=\"background:{}\">50%</span><span style=\"background:{}\">100%</span><span style=\"background:#eeeeee\">no central</span></p>",
        heat(&cov(0.0)),
        heat(&cov(0.5)),
        heat(&cov(1.0))
    );
    s.push_str("<table id=\"coverage\" class=\"heatmap\">\n<thead><tr><th>plan</th>");
    for c in &report.categories {
        let _ = write!(
            s,
            "<th data-category=\"{}\">{} <code>{}</code></th>",
            html(&c.id),
            html(&c.name),
            html(&c.id)
        );
    }
    s.push_str("<th data-category=\"*\">all</th></tr></thead>\n<tbody>\n");
    for p in &report.plans {
        let _ = write!(
            s,
            "<tr data-plan=\"{}\"><th title=\"{}\">{}</th>",
            html(&p.name),
            html(&format!("{} {}", p.doc, p.section.as_deref().unwrap_or(""))),
            html(&p.name)
        );
        for (c, cat) in p.coverage.iter().zip(&report.categories) {
            s.push_str(&cell_html(report, p, c, &cat.id, &by_id));
        }
        let _ = write!(
            s,
            "<td class=\"cell total\" style=\"background:{}\"><b>{}</b> <small>{}/{}</small><br><small>framing {}/{}</small></td>",
            heat(&p.total),
            percent(&p.total),
            p.total.covered,
            p.total.central,
            p.framing.covered,
            p.framing.central
        );
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n");
    let _ = writeln!(s, "<script>\n{SCRIPT}\n</script>\n</body>\n</html>");
    s
}

fn cov(x: f64) -> Coverage {
    Coverage {
        category: String::new(),
        central: 1,
        local: 0,
        covered: 0,
        coverage: Some(x),
    }
}

/// One heatmap cell: the headline groups of the category, each with the plan's items that
/// match one of its members, then the plan's additions of the category.
fn cell_html(
    report: &Report,
    plan: &Plan,
    c: &Coverage,
    category: &str,
    by_id: &HashMap<&str, &Item>,
) -> String {
    let mut s = String::new();
    let summary = if c.central == 0 {
        format!("<small>{}</small>", counts(c))
    } else {
        format!("{} <small>{}</small>", percent(c), counts(c))
    };
    let _ = write!(
        s,
        "<td class=\"cell\" data-category=\"{}\" style=\"background:{}\"><details><summary>{summary}</summary><div class=\"pairs\">",
        html(category),
        heat(c),
    );
    for group in report.groups.iter().filter(|g| g.category == category) {
        let _ = write!(
            s,
            "<div class=\"pair\"><p class=\"central\" title=\"{} items\">{}</p>",
            group.members.len(),
            html(&group.headline)
        );
        // matches are best first: the first one to the group is the item's best for it
        let locals: Vec<(&Item, f64, &str)> = plan
            .items
            .iter()
            .filter_map(|l| {
                l.matches
                    .iter()
                    .flatten()
                    .find(|m| m.group.as_deref() == Some(group.id.as_str()))
                    .map(|m| (l, m.score, m.deadline.as_str()))
            })
            .collect();
        if locals.is_empty() {
            s.push_str("<p class=\"none\">no local match</p>");
        } else {
            s.push_str("<ul class=\"local\">");
            for (l, score, deadline) in locals {
                let note = if deadline == "same" {
                    String::new()
                } else {
                    format!(", deadline {deadline}")
                };
                let _ = write!(
                    s,
                    "<li>{} <span class=\"score\">({score:.2}{note})</span></li>",
                    html(&l.text)
                );
            }
            s.push_str("</ul>");
        }
        s.push_str("</div>");
    }
    let added: Vec<&Item> = plan
        .additions
        .iter()
        .filter(|g| g.category == category)
        .flat_map(|g| &g.items)
        .filter_map(|id| by_id.get(id.as_str()).copied())
        .collect();
    if !added.is_empty() {
        s.push_str("<div class=\"added\"><b>additions</b><ul class=\"local\">");
        for a in added {
            let _ = write!(s, "<li>{}</li>", html(&a.text));
        }
        s.push_str("</ul></div>");
    }
    s.push_str("</div></details></td>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            html("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(md("a|b*c\nd"), "a\\|b\\*c d");
        assert_eq!(clip("一二三四", 2), "一二…");
        assert_eq!(clip("一二", 2), "一二");
    }

    #[test]
    fn heat_runs_red_to_green() {
        assert_eq!(heat(&cov(0.0)), "hsl(0, 70%, 78%)");
        assert_eq!(heat(&cov(1.0)), "hsl(120, 70%, 78%)");
        assert_eq!(
            heat(&Coverage {
                coverage: None,
                ..cov(0.0)
            }),
            "#eeeeee"
        );
    }
}
