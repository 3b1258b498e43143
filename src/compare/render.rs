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

use crate::output::html::{escape as html, CJK_FONTS};

/// The heatmap colour of a share: red at 0, yellow at ½, green at 1; grey without central items.
fn heat(share: Option<f64>) -> String {
    match share {
        Some(x) => format!("hsl({:.0}, 70%, 78%)", x.clamp(0.0, 1.0) * 120.0),
        None => "#eeeeee".to_string(),
    }
}

/// The page's style. The table fits the window: the plan and `all` columns stay at the left
/// (sticky) while the category columns scroll inside `.table-box`; ids break only after a
/// hyphen; an opened cell's texts show in a row under the plan, as wide as the window.
const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',var(--cjk);margin:1.5em;color:#222}
:lang(zh),:lang(zh-CN){font-family:var(--cjk)}
h1{font-size:1.4em}.table-box{overflow-x:auto;max-width:100%;border:1px solid #bbb}
table.heatmap{border-collapse:separate;border-spacing:0;font-size:.85em}
.heatmap th,.heatmap td{border-right:1px solid #bbb;border-bottom:1px solid #bbb;padding:.3em .4em;vertical-align:top;box-sizing:border-box}
.heatmap thead th{font-weight:normal;font-size:.85em;min-width:5.5em;max-width:8em}
.heatmap thead th code{display:block;font-size:.8em;color:#555;white-space:normal;word-break:normal;overflow-wrap:normal;hyphens:manual}
.heatmap .plan{position:sticky;left:0;z-index:2;background:#fff;width:9em;min-width:9em;max-width:9em;text-align:left;overflow-wrap:anywhere}
.heatmap .all{position:sticky;left:9em;z-index:2;width:8.5em;min-width:8.5em;max-width:8.5em;border-right:3px solid #888}
.heatmap thead .all{background:#fff;font-weight:bold}
.heatmap a.open{display:block;color:inherit;text-decoration:none;cursor:pointer}
.heatmap a.open:hover{text-decoration:underline}.heatmap td.on{outline:3px solid #1864ab;outline-offset:-3px}
.heatmap small{color:#444}tr.detail td{padding:0;border-right:0}tr.detail td:empty{border:0}
.cell-detail{display:none;position:sticky;left:0;max-width:calc(100vw - 4em);padding:.4em .8em;background:#fff;border-top:2px solid #1864ab}
.cell-detail:target,.cell-detail.open,.all-open .cell-detail{display:block}
.cell-detail h3{font-size:1em;margin:.2em 0}
.pair{border-bottom:1px dotted #aaa;padding:.2em 0}.central{font-weight:bold;margin:.1em 0}
.member{margin:.1em 0 .1em 1em}.member.missing{color:#777}.member>p{margin:0}
.local{margin:.1em 0 .1em 1em;padding:0}.local li{list-style:'→ '}.none{color:#a00;margin:.1em 0 .1em 1em}
.score{color:#555;font-size:.85em}.added{background:#eef;margin-top:.3em;padding:.2em}
.legend span{display:inline-block;min-width:3em;padding:0 .3em;text-align:center;white-space:nowrap}";

/// Cells open on click (several at once), and buttons open or close them all. Without
/// script a cell's link opens its texts as the page's target, one at a time.
const SCRIPT: &str = "(function(){var t=document.getElementById('coverage');if(!t)return;
var bar=document.createElement('p');bar.id='toggles';
[['open all',true],['close all',false]].forEach(function(x){var b=document.createElement('button');
b.type='button';b.textContent=x[0];b.onclick=function(){t.querySelectorAll('.cell-detail').forEach(function(d){d.classList.toggle('open',x[1]);});
t.querySelectorAll('td.cell').forEach(function(c){c.classList.toggle('on',x[1]&&!!c.querySelector('a.open'));});};
bar.appendChild(b);});t.parentNode.parentNode.insertBefore(bar,t.parentNode);
t.addEventListener('click',function(e){var a=e.target.closest('a.open');if(!a)return;e.preventDefault();
var d=document.getElementById(a.getAttribute('href').slice(1));if(!d)return;
var on=d.classList.toggle('open');a.parentNode.classList.toggle('on',on);});})();";

/// An id with a break allowed after each hyphen and nowhere else.
fn id_breaking_at_hyphens(id: &str) -> String {
    html(id).replace('-', "-<wbr>")
}

/// The report as one self-contained HTML page.
pub fn html_page(report: &Report) -> String {
    let by_id = items_by_id(report);
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        s,
        "<title>zhenggai compare</title>\n<style>\n:root{{--cjk:{CJK_FONTS}}}\n{CSS}\n</style>\n</head>\n<body>"
    );
    html_intro(&mut s, report);
    s.push_str("<div class=\"table-box\">\n<table id=\"coverage\" class=\"heatmap\">\n<thead><tr><th class=\"plan\">plan</th>");
    s.push_str("<th class=\"all\" data-category=\"*\">all <small>(headline groups carried out)</small></th>");
    for c in &report.categories {
        let _ = write!(
            s,
            "<th data-category=\"{}\">{} <code>{}</code></th>",
            html(&c.id),
            html(&c.name),
            id_breaking_at_hyphens(&c.id)
        );
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for (i, p) in report.plans.iter().enumerate() {
        html_plan_rows(&mut s, report, i, p, &by_id);
    }
    s.push_str("</tbody>\n</table>\n</div>\n");
    let _ = writeln!(s, "<script>\n{SCRIPT}\n</script>\n</body>\n</html>");
    s
}

fn html_intro(s: &mut String, report: &Report) {
    let _ = writeln!(s, "<h1>Central tasks against local plans</h1>");
    for d in &report.central_docs {
        let _ = writeln!(
            s,
            "<p class=\"doc\">Central: <span lang=\"zh-CN\">{}</span> (<code>{}</code>)</p>",
            html(d.title.as_deref().unwrap_or("")),
            html(&d.id)
        );
    }
    let _ = writeln!(
        s,
        "<p>{} central task items: {} headline groups and {} framing items (counted apart); {} \
         local plans, match threshold {}. <b>all</b>, the graded figure, is the share of the \
         headline groups a plan carries out (one matched item carries a group). A category's \
         cell is the share of the central items of its groups — headlines and the sub-items \
         that spell them out — that the plan's items match (items carried / items; hover for \
         the groups carried and the plan's items of the category); click it for the aligned \
         texts.</p>",
        report.central.len(),
        report.groups.len(),
        report.framing.len(),
        report.plans.len(),
        report.threshold
    );
    let _ = writeln!(
        s,
        "<p class=\"legend\">share: <span style=\"background:{}\">0%</span><span style=\"background:{}\">50%</span><span style=\"background:{}\">100%</span><span style=\"background:#eeeeee\">no central</span></p>",
        heat(Some(0.0)),
        heat(Some(0.5)),
        heat(Some(1.0))
    );
}

/// A plan's row of the heatmap, then the row its opened cells show in.
fn html_plan_rows(s: &mut String, report: &Report, i: usize, p: &Plan, by_id: &ById<'_>) {
    let _ = write!(
        s,
        "<tr data-plan=\"{}\"><th class=\"plan\" lang=\"zh-CN\" title=\"{}\">{}</th>",
        html(&p.name),
        html(&format!("{} {}", p.doc, p.section.as_deref().unwrap_or(""))),
        html(&p.name)
    );
    let _ = write!(
        s,
        "<td class=\"cell total all\" data-category=\"*\" style=\"background:{}\"><b>{}</b> <small>{}/{} groups · {}/{} items · framing {}/{}</small></td>",
        heat(p.total.coverage),
        percent(&p.total),
        p.total.covered,
        p.total.central,
        p.total.items_carried,
        p.total.items,
        p.framing.covered,
        p.framing.central
    );
    for (j, (c, cat)) in p.coverage.iter().zip(&report.categories).enumerate() {
        let share = c
            .items_share
            .map_or_else(|| "–".to_string(), |x| format!("{:.0}%", x * 100.0));
        let (counts, title) = if c.central == 0 {
            (
                format!("{} local", c.local),
                format!("no central group; {} local items", c.local),
            )
        } else {
            (
                format!("{}/{}", c.items_carried, c.items),
                format!(
                    "central items carried {}/{} · groups {}/{} · {} local items",
                    c.items_carried, c.items, c.covered, c.central, c.local
                ),
            )
        };
        let _ = write!(
            s,
            "<td class=\"cell\" data-category=\"{}\" style=\"background:{}\" title=\"{title}\"><a class=\"open\" href=\"#c{i}-{j}\"><b>{share}</b> <small>{counts}</small></a></td>",
            html(&cat.id),
            heat(c.items_share),
        );
    }
    let _ = write!(
        s,
        "</tr>\n<tr class=\"detail\" data-plan=\"{}\"><td colspan=\"{}\">",
        html(&p.name),
        report.categories.len() + 2
    );
    for (j, cat) in report.categories.iter().enumerate() {
        let _ = write!(
            s,
            "<div class=\"cell-detail\" id=\"c{i}-{j}\" data-category=\"{}\"><h3 lang=\"zh-CN\">{} × {} <code>{}</code></h3>",
            html(&cat.id),
            html(&p.name),
            html(&cat.name),
            html(&cat.id)
        );
        cell_detail(s, report, p, &cat.id, by_id);
        s.push_str("</div>");
    }
    s.push_str("</td></tr>\n");
}

/// The local items of `plan` that match central item `id`, best match first in each item.
fn locals_of<'a>(plan: &'a Plan, id: &str) -> Vec<(&'a Item, f64, &'a str)> {
    plan.items
        .iter()
        .filter_map(|l| {
            l.matches
                .iter()
                .flatten()
                .find(|m| m.central == id)
                .map(|m| (l, m.score, m.deadline.as_str()))
        })
        .collect()
}

fn local_list(s: &mut String, locals: &[(&Item, f64, &str)]) {
    s.push_str("<ul class=\"local\">");
    for (l, score, deadline) in locals {
        let note = if *deadline == "same" {
            String::new()
        } else {
            format!(", deadline {deadline}")
        };
        let _ = write!(
            s,
            "<li lang=\"zh-CN\">{} <span class=\"score\">({score:.2}{note})</span></li>",
            html(&l.text)
        );
    }
    s.push_str("</ul>");
}

/// One cell's texts: each headline group of the category with its central items, each
/// followed by the plan's items that match it (or `no local match`), then the plan's
/// additions of the category.
fn cell_detail(s: &mut String, report: &Report, plan: &Plan, category: &str, by_id: &ById<'_>) {
    for group in report.groups.iter().filter(|g| g.category == category) {
        let _ = write!(
            s,
            "<div class=\"pair\"><p class=\"central\" lang=\"zh-CN\" title=\"{} items\">{}</p>",
            group.members.len(),
            html(&group.headline)
        );
        for m in &group.members {
            let locals = locals_of(plan, m);
            let headline = group.headline_item.as_deref() == Some(m.as_str());
            let class = if locals.is_empty() {
                "missing"
            } else {
                "carried"
            };
            let _ = write!(s, "<div class=\"member {class}\">");
            if !headline {
                let text = by_id.get(m.as_str()).map_or("", |i| i.text.as_str());
                let _ = write!(s, "<p lang=\"zh-CN\">{}</p>", html(text));
            }
            if locals.is_empty() {
                s.push_str("<p class=\"none\">no local match</p>");
            } else {
                local_list(s, &locals);
            }
            s.push_str("</div>");
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
            let _ = write!(s, "<li lang=\"zh-CN\">{}</li>", html(&a.text));
        }
        s.push_str("</ul></div>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(id_breaking_at_hyphens("a-b<c"), "a-<wbr>b&lt;c");
        assert_eq!(md("a|b*c\nd"), "a\\|b\\*c d");
        assert_eq!(clip("一二三四", 2), "一二…");
        assert_eq!(clip("一二", 2), "一二");
    }

    #[test]
    fn heat_runs_red_to_green() {
        assert_eq!(heat(Some(0.0)), "hsl(0, 70%, 78%)");
        assert_eq!(heat(Some(1.0)), "hsl(120, 70%, 78%)");
        assert_eq!(heat(None), "#eeeeee");
    }
}
