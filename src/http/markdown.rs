//! Question text (Markdown) to HTML for pages. Raw HTML in the source is dropped rather than
//! passed through, so even a hand-edited `--content` folder cannot inject markup or scripts.

use pulldown_cmark::{html, Event, Options, Parser};

pub fn to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
        .filter(|event| !matches!(event, Event::Html(_) | Event::InlineHtml(_)));
    let mut out = String::new();
    html::push_html(&mut out, parser);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_markdown_and_drops_raw_html() {
        let html = to_html("**bold** <script>alert(1)</script>\n\n- item");
        assert!(html.contains("<strong>bold</strong>"));
        assert!(html.contains("<li>item</li>"));
        assert!(!html.contains("<script"));
    }
}
