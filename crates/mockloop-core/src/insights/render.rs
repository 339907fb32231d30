//! The text rendering of a focus report: the chosen focus areas with their reasons, then every
//! scored theme in a ranked table.

use std::fmt::Write;

use super::focus::FocusReport;
use crate::bank::Theme;

/// A report as `mockloop insights focus` prints it without `--json`.
pub fn render_focus_text(report: &FocusReport, candidate: &str, themes: &[Theme]) -> String {
    let mut text = String::new();
    let who = if candidate.is_empty() { String::new() } else { format!(" for {candidate}") };
    let as_of = report.as_of.map(|date| format!(" (as of {date})")).unwrap_or_default();
    let _ = writeln!(text, "Focus areas{who}{as_of}:");
    if report.focus.is_empty() {
        let _ = writeln!(text, "  none: no theme has enough unresolved evidence");
    }
    for (number, focus) in report.focus.iter().enumerate() {
        let reason = report.themes.iter().find(|theme| theme.theme == *focus).map_or("", |t| &t.reason);
        let _ = writeln!(
            text,
            "  {}. {} ({focus})\n     {reason}",
            number + 1,
            theme_name(themes, focus.as_str())
        );
    }
    if report.themes.is_empty() {
        return text;
    }
    let width = report.themes.iter().map(|theme| theme.theme.as_str().len()).max().unwrap_or(5).max(5);
    let _ = writeln!(text, "\nRanked themes:");
    let _ = writeln!(text, "  {:>4}  {:<width$}  {:>6}  {:<9}  reason", "rank", "theme", "score", "trend");
    for (rank, theme) in report.themes.iter().enumerate() {
        let _ = writeln!(
            text,
            "  {:>4}  {:<width$}  {:>6.3}  {:<9}  {}",
            rank + 1,
            theme.theme.as_str(),
            theme.score,
            theme.trend.as_str(),
            theme.reason
        );
    }
    text
}

fn theme_name<'a>(themes: &'a [Theme], id: &'a str) -> &'a str {
    themes.iter().find(|theme| theme.id.as_str() == id).map_or(id, |theme| &theme.name)
}
