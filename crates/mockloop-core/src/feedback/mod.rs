//! Feedback rules (placeholder doc, rewritten once the API settles).

pub mod eval;
mod form;
mod lint;
mod messages;
mod person;
mod signals;
mod text;
mod theme_vocab;
mod themes;
mod types;
mod vocab;

#[cfg(test)]
mod tests;

pub use form::{lint_form, FormDraft, FormItem, FormItemReport, FormReport, ItemKind};
pub use lint::lint_item;
pub use themes::{suggest_theme, ThemeInput, ThemeScore, ThemeSuggester, ThemeSuggestion};
pub use types::{FeedbackItem, FeedbackProblem, Field, ItemReport, ProblemCode};
