//! Feedback rules: the item and form linter, the theme suggester and their evaluation. Pure
//! functions over plain types: the app reads files and forms, this module only judges text.
//!
//! # API
//! - [`lint_item`]`(&FeedbackItem) -> ItemReport`: problems of one situation-behavior-impact item
//!   plus its suggestion, as `{"ok", "problems": [{"code", "field", "message"}]}`. Item codes:
//!   `missing_situation`, `missing_behavior`, `missing_impact`, `missing_suggestion` (empty or
//!   filler), `vague` (situation, behavior or impact with nothing specific), `not_actionable`
//!   (suggestion with no concrete action), `about_person` (traits, talents, level or identity, in
//!   any field). Every message says how to fix the problem and shows an example rewrite.
//! - [`ThemeSuggester::new`]`(&[Theme])`, then [`ThemeSuggester::suggest`]`(&ThemeInput,
//!   Option<RoundKind>) -> Option<ThemeSuggestion>`: `{"theme", "confidence", "alternatives":
//!   [{"theme", "confidence"}]}` (three alternatives; confidences are a softmax over all themes).
//!   [`ThemeInput`] is free text (`{"text"}`) or the four fields. [`suggest_theme`] builds a
//!   suggester for a single call. `new` trains on the embedded examples
//!   ([`training_theme_examples`]); [`ThemeSuggester::with_examples`]`(&[Theme],
//!   &[LabelledThemeItem])` trains on the caller's examples instead.
//! - [`lint_form`]`(&FormDraft, &ThemeSuggester) -> FormReport`: every item (with its index) and
//!   the form rules `no_strength`, `strengths_not_first` (field `items`) and
//!   `dimension_not_covered` (field `rating_comments.<dimension>`). A dimension is covered by an
//!   item's chosen theme, by the suggester on an item's text (at least 0.4 of the confidence on
//!   matched themes of that dimension) or by a rating comment that is not filler.
//! - [`eval`]: [`eval::evaluate_lint`] and [`eval::evaluate_themes`] score labelled items
//!   ([`eval::LabelledLintItem`], [`eval::LabelledThemeItem`], the shapes of
//!   `tests/data/feedback_lint.json` and `feedback_themes.json`); their reports implement
//!   `Display` as tables and hold metrics only. `lint_mistakes` and `theme_mistakes` list errors
//!   for tuning on a development set. [`eval::evaluate_suggester`] scores a given suggester and
//!   [`eval::cross_validate_themes`]`(&[LabelledThemeItem], &[Theme], folds)` runs k-fold
//!   cross-validation (item `i` in fold `i % folds`).
//!
//! # Training data
//! `content/feedback/training_themes.json` is compiled into the core with `include_str!` and
//! parsed once per process (`training`): the core stays free of I/O, and every caller of
//! `ThemeSuggester::new` (form linter, evaluation, app) gets the trained suggester without
//! threading data through. `content/feedback/training_lint.json` (what the `about_person` phrasing
//! classes were written from; `feedback_data` prints its report) and
//! `content/feedback/training_person.json` are compiled in the same way and train the
//! `about_person` model once per process (`person_model`). Nothing
//! under `tests/data` is trained on.
//!
//! # How it decides
//! The linter is rule-based and negation-insensitive (`text`): a field is vague when, without
//! numbers, times, quotes or code, no informative word is left once verdicts, hedges, round-level
//! topics and traits are set aside (`vocab`, `signals`); a suggestion is actionable when a clause
//! leads with a non-generic verb and an object, or a generic one with a cue or an amount (`lint`);
//! trait judgements are found by subject + copula + trait patterns, person-only adjectives,
//! identity phrases, clause-level verdicts without a subject, qualities someone has, group and
//! background remarks and advice to change character (`person`, tables in `person_words`), and,
//! where those rules flag no field of the item, by a logistic regression over each field's stems,
//! bigrams and structural features (subject + copula + predicate and its suffix, person words from
//! a thesaurus in context, short verbless verdicts; `person_features`, `person_thesaurus`,
//! `logistic`, `person_model`) on the field it scores highest. Its settings and threshold were
//! picked by 5-fold cross-validation on the training items (`tests/person_tuning.rs`,
//! [`eval::cross_validate_about_person`]). The
//! suggester adds two votes (`themes`): a lexicon that weighs phrases from the bank and
//! `theme_vocab` by rarity across themes (`lexicon`), and a multinomial naive Bayes over stems and
//! stem bigrams trained at construction on the bank's theme texts and the training examples
//! (`naive_bayes`, `training`); the round kind is a prior. Weights were picked by 5-fold
//! cross-validation on the training examples (`tests/tuning.rs`).

pub mod eval;
mod form;
mod lexicon;
mod lint;
mod logistic;
mod messages;
mod naive_bayes;
mod person;
mod person_features;
mod person_model;
mod person_thesaurus;
mod person_words;
mod signals;
mod text;
mod theme_vocab;
mod themes;
mod training;
mod types;
mod vocab;

#[cfg(test)]
mod tests;

pub use form::{lint_form, FormDraft, FormItem, FormItemReport, FormReport, ItemKind};
pub use lint::lint_item;
pub use themes::{suggest_theme, LabelledThemeItem, ThemeInput, ThemeScore, ThemeSuggester, ThemeSuggestion};
pub use training::training_theme_examples;
pub use types::{FeedbackItem, FeedbackProblem, Field, ItemReport, ProblemCode};
