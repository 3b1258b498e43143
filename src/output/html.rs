//! What the HTML pages (`compare --format html`, `review`) share: the one escape of text
//! for HTML, and the Chinese font stack every page declares, so that a machine without one
//! of the fonts falls back to the next instead of drawing boxes.

/// Chinese fonts in the order a page asks for them: Noto CJK and Source Han (Linux, and
/// any machine they were installed on), PingFang and Hiragino (macOS), Microsoft YaHei
/// (Windows), WenQuanYi (older Linux), then the browser's sans-serif.
pub const CJK_FONTS: &str = "\"Noto Sans CJK SC\", \"Noto Sans SC\", \"Source Han Sans SC\", \
\"Source Han Sans CN\", \"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\", \
\"WenQuanYi Micro Hei\", \"WenQuanYi Zen Hei\", sans-serif";

/// Escapes text for HTML content and attribute values (quoted with `"` or `'`).
pub fn escape(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
    }

    #[test]
    fn the_font_stack_ends_with_a_generic_family() {
        assert!(CJK_FONTS.starts_with("\"Noto Sans CJK SC\""));
        assert!(CJK_FONTS.ends_with("sans-serif"));
        for f in [
            "Source Han Sans",
            "PingFang SC",
            "Microsoft YaHei",
            "WenQuanYi",
        ] {
            assert!(CJK_FONTS.contains(f), "{f}");
        }
    }
}
