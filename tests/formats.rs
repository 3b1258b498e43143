//! Documents as governments publish them: DOCX and PDF files made with real tools from real
//! notices of `corpus/real` (see `tests/data/formats/README.md`) give the same task items
//! as the text or HTML original, within what each format loses — stated per case below.
//! A scan, a Word 97 file and a file that is not what its name says give error records.

mod common;

use common::pipeline;
use std::path::Path;
use zhenggai::record::Record;
use zhenggai::Options;

fn read(path: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn record(path: &str) -> Record {
    let out = pipeline().run_bytes(path, path, &read(path), &Options::default());
    out.record
}

/// The task texts, white space removed (line breaks differ between formats).
fn tasks(r: &Record) -> Vec<String> {
    r.tasks
        .iter()
        .map(|t| t.text.chars().filter(|c| !c.is_whitespace()).collect())
        .collect()
}

const NOTICE_02: &str = "corpus/real/02_meikuang_anjianju_wasi_zhili_zhenggai_tongzhi_2020.txt";
const NOTICE_05: &str = "corpus/real/05_sichuan_quanmian_ducha_zicha_tongzhi_2014.txt";
const TABLE_A05: &str =
    "corpus/real/A05_shicheng_xian_2018_hezhangzhi_zerendanwei_kaohe_xize_table.txt";

fn assert_same_tasks(original: &str, converted: &str) {
    let (a, b) = (record(original), record(converted));
    assert_eq!(b.error, None, "{converted}");
    assert_eq!(tasks(&a), tasks(&b), "{converted} against {original}");
}

#[test]
fn docx_with_automatic_chinese_numbering_gives_the_notices_tasks() {
    // LibreOffice made the headings 一、 … 四、 Word's automatic numbering
    // (taiwaneseCountingThousand, "%1、"): written out, they read as in the text.
    // Loss: none.
    let r = record("tests/data/formats/02_notice_numbering.docx");
    assert_eq!(r.doc.format.as_deref(), Some("docx"));
    assert_eq!(r.doc.encoding, None);
    let titles: Vec<&str> = r.doc.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles.len(), 4, "{titles:?}");
    assert!(titles[0].starts_with("一、切实抓好"), "{titles:?}");
    assert!(titles[3].starts_with("四、扎实做好"), "{titles:?}");
    assert_same_tasks(NOTICE_02, "tests/data/formats/02_notice_numbering.docx");
}

#[test]
fn docx_table_fills_vertically_merged_cells_in_every_row() {
    // A05's HTML table has rowspans (考核类别 over 18 rows, a unit over its 3 or 4
    // measures) and colspans; in the DOCX they are vertically and horizontally merged
    // cells (`vMerge`, `gridSpan`), whose text every row they span repeats. The clean stage
    // fills an HTML table's merged cells the same way, so both give the same rows: the
    // same tasks (every measure cell one), with the same bodies, deadlines, kinds and
    // categories. Loss: none.
    let (html, docx) = (
        record(TABLE_A05),
        record("tests/data/formats/A05_table_merged.docx"),
    );
    assert_eq!(docx.error, None);
    assert_eq!(tasks(&html), tasks(&docx));
    // each task's bodies, deadlines, kind and categories
    let fields = |r: &Record| -> Vec<String> {
        (r.tasks.iter())
            .map(|t| {
                let bodies: Vec<&str> = t.bodies.iter().map(|b| b.text.as_str()).collect();
                let deadline: Vec<&str> = t.deadline.iter().map(|d| d.text.as_str()).collect();
                format!("{bodies:?} {deadline:?} {:?} {:?}", t.kind, t.categories)
            })
            .collect()
    };
    assert_eq!(fields(&html), fields(&docx));
    let filled = (docx.tasks.iter())
        .filter(|t| t.bodies.iter().any(|b| b.text == "县农粮局"))
        .count();
    assert!(
        filled >= 3,
        "each measure of 县农粮局's merged cell names it"
    );
}

#[test]
fn pdf_table_drawn_with_rules_reads_as_rows() {
    // Chromium's print of the same table: 12 pages, cells bordered by rules, text
    // vertically centred in tall cells, rows cut by page breaks. Rows come from the rules;
    // a row cut by a page break is joined again; a cell merged down rows gives its text to
    // each row it spans within a page; a cell's lines are joined without a space, so a
    // numbered item right after a closing bracket starts a unit (`（30分）2.对…`).
    // Loss: on the first page every row merges the two columns of 考核项目, so no rule
    // divides them and the header row names one column fewer than the later pages' rows
    // hold: there the 评分标准 cells stand under 说明 and are tasks only where a cue makes
    // them so, and the 考核类别 of a merged cell cut by a page break is missing. Every task
    // read is the HTML's (or, once, two of them where a cell glues `…5分2.…`), in order.
    let (html, pdf) = (
        record(TABLE_A05),
        record("tests/data/formats/A05_table_chromium.pdf"),
    );
    assert_eq!(pdf.error, None);
    let (a, b) = (tasks(&html), tasks(&pdf));
    let mut from = 0;
    for t in &b {
        let found = (from..a.len())
            .find_map(|i| (i + 1..=a.len().min(i + 2)).find(|&j| a[i..j].concat() == *t));
        let j = found.unwrap_or_else(|| panic!("{t} is no task of the HTML after #{from}"));
        from = j;
    }
    assert!(
        b.len() * 10 >= a.len() * 8,
        "{} of {} tasks",
        b.len(),
        a.len()
    );
}

#[test]
fn pdf_from_chromium_drops_running_header_footer_and_joins_lines_across_pages() {
    // Chromium's print of the notice: WenQuanYi Micro Hei as CID TrueType (Identity-H),
    // three pages, each with a running header (date, page title) and footer (file URL,
    // page n/3), paragraphs set apart by spacing, lines broken before numbers.
    // Loss: none.
    let r = record("tests/data/formats/02_notice_chromium.pdf");
    assert_eq!(r.doc.format.as_deref(), Some("pdf"));
    let text = pipeline()
        .run_bytes(
            "x",
            "x.pdf",
            &read("tests/data/formats/02_notice_chromium.pdf"),
            &Options::default(),
        )
        .text;
    for furniture in ["file://", "1/3", "AM"] {
        assert!(!text.contains(furniture), "{furniture} left in:\n{text}");
    }
    assert_same_tasks(NOTICE_02, "tests/data/formats/02_notice_chromium.pdf");
}

#[test]
fn pdf_from_libreoffice_with_indented_paragraphs() {
    // LibreOffice's export of the DOCX above: TrueType subsets with ToUnicode maps,
    // paragraphs marked by a first-line indent only. Loss: none.
    assert_same_tasks(NOTICE_02, "tests/data/formats/02_notice_libreoffice.pdf");
}

#[test]
fn pdf_with_type3_fonts_as_chromium_writes_noto_cjk() {
    // Chromium with Noto Serif CJK (an OpenType/CFF collection) writes every glyph as a
    // Type 3 font with a ToUnicode map. Loss: none.
    assert_same_tasks(NOTICE_05, "tests/data/formats/05_notice_chromium_type3.pdf");
}

#[test]
fn scanned_pdf_doc_and_misnamed_files_are_error_records() {
    let scan = record("tests/data/formats/05_scanned.pdf");
    assert_eq!(
        scan.error.as_deref(),
        Some("scanned PDF: no text layer (OCR it first)")
    );
    assert!(scan.tasks.is_empty());
    let doc = record("tests/data/formats/05_notice_word97.doc");
    let e = doc.error.unwrap_or_default();
    assert!(
        e.starts_with("Word 97-2003 document (.doc): not read;"),
        "{e}"
    );
    assert!(e.contains("convert it to DOCX or PDF"), "{e}");
    // a PNG named .pdf, a PDF cut short, a DOCX named .txt
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let out = pipeline().run_bytes("a.pdf", "a.pdf", png, &Options::default());
    assert!(out
        .record
        .error
        .unwrap_or_default()
        .contains("no %PDF header"));
    let pdf = read("tests/data/formats/02_notice_chromium.pdf");
    let cut = pipeline().run_bytes("b.pdf", "b.pdf", &pdf[..pdf.len() / 3], &Options::default());
    assert!(cut.record.error.is_some() || !cut.record.warnings.is_empty());
    let docx = read("tests/data/formats/02_notice_numbering.docx");
    let renamed = pipeline().run_bytes("c.txt", "c.txt", &docx, &Options::default());
    assert_eq!(renamed.record.doc.format.as_deref(), Some("docx"));
    assert_eq!(renamed.record.tasks.len(), record(NOTICE_02).tasks.len());
}

#[test]
fn a_docx_part_larger_than_the_limit_is_refused() {
    let docx = read("tests/data/formats/A05_table_merged.docx");
    let opts = Options {
        max_bytes: 1000,
        ..Options::default()
    };
    let out = pipeline().run_bytes("a.docx", "a.docx", &docx, &opts);
    let e = out.record.error.unwrap_or_default();
    assert!(e.contains("larger than --max-bytes (1000 bytes)"), "{e}");
}

#[test]
fn damaged_docx_and_pdf_files_give_records_not_panics() {
    // cut short at ten places and with bytes overwritten at ten places, every file still
    // gives a record (an error, or what could be read)
    for name in [
        "02_notice_numbering.docx",
        "A05_table_merged.docx",
        "02_notice_chromium.pdf",
        "02_notice_libreoffice.pdf",
    ] {
        let bytes = read(&format!("tests/data/formats/{name}"));
        for k in 1..=10 {
            let at = bytes.len() * k / 11;
            let cut = &bytes[..at];
            let out = pipeline().run_bytes(name, name, cut, &Options::default());
            assert_eq!(out.record.doc.id, name);
            let mut flipped = bytes.clone();
            for b in flipped.iter_mut().skip(at).take(64) {
                *b = b.wrapping_mul(31).wrapping_add(7);
            }
            let out = pipeline().run_bytes(name, name, &flipped, &Options::default());
            assert_eq!(out.record.doc.id, name);
        }
    }
}
