//! The item linter: is each field there, specific, actionable and about behavior?
//!
//! - A field is **missing** when it is empty or made only of filler ("n/a", "nothing to add").
//! - A situation, behavior or impact is **vague** when nothing in it is specific: no strong signal
//!   (number, clock time, quote, code) and no informative word once verdicts, hedges, round-level
//!   topics and traits are set aside ("Did fine overall", "During the interview"), or when a long
//!   text is almost all generic. Length earns nothing; a short line naming a thing passes.
//! - A suggestion is **not actionable** unless one of its clauses is advice with something to do:
//!   a lead verb that is not a generic advice verb ("practice", "work on", "be more") with an
//!   object, or a generic one made specific by a cue, an amount or several specific words.
//! - Any field is **about the person** when it judges traits, talents, level or identity: the
//!   rules flag it, or, when they flag no field, the model scores it highest and confidently.

use super::messages::problem;
use super::person_model::{trained_model, PreparedItem, RuleCheck};
use super::signals::{informative_words, is_filler, strong_signals};
use super::text::{split_words, Text};
use super::types::{FeedbackItem, FeedbackProblem, Field, ItemReport, ProblemCode};
use super::vocab::{GENERIC_LEAD_VERBS, LEAD_INS, OPENING_VERDICTS, TRIGGERS};

/// From this many words on, a text is judged by its share of informative words, so a long
/// paragraph with one stray content word is still vague. The share is low on purpose: a long
/// sentence that names a single thing ("that reframed the whole problem") is specific.
const LONG_TEXT_WORDS: usize = 12;
const MIN_INFORMATIVE_SHARE: f64 = 0.06;

/// A clause led by a generic advice verb is specific enough with this many informative words
/// ("practise reading canonical loss curves with overfitting").
const SPECIFIC_OBJECT_WORDS: usize = 3;

/// Words that open a statement rather than an instruction ("you're a natural", "it was fine").
#[rustfmt::skip]
const STATEMENT_SUBJECTS: &[&str] =
    &["you", "he", "she", "it", "that", "this", "there", "i", "we", "they", "your"];

/// Lints one item. Problems come in field order: situation, behavior, impact, suggestion.
pub fn lint_item(item: &FeedbackItem) -> ItemReport {
    let about_person =
        trained_model().flagged_fields(&PreparedItem::from_item(item, false, RuleCheck::Always));
    let mut problems = Vec::new();
    for (field, about_person) in Field::ITEM_FIELDS.into_iter().zip(about_person) {
        problems.extend(lint_field(field, field_text(item, field), about_person));
    }
    ItemReport::new(problems)
}

pub(crate) fn field_text(item: &FeedbackItem, field: Field) -> &str {
    match field {
        Field::Situation => &item.situation,
        Field::Behavior => &item.behavior,
        Field::Impact => &item.impact,
        Field::Suggestion | Field::Items | Field::RatingComment(_) => &item.suggestion,
    }
}

/// `about_person` is decided for the whole item (`person_model`), since the model picks one field.
fn lint_field(field: Field, raw: &str, about_person: bool) -> Vec<FeedbackProblem> {
    let text = Text::new(raw);
    if is_filler(&text) {
        return missing_code(field).map(|code| problem(code, field)).into_iter().collect();
    }
    let mut problems = Vec::new();
    if about_person {
        problems.push(problem(ProblemCode::AboutPerson, field));
    }
    match field {
        Field::Suggestion if !is_actionable(&text) => {
            problems.push(problem(ProblemCode::NotActionable, field))
        }
        Field::Situation | Field::Behavior | Field::Impact if is_vague(&text) => {
            problems.push(problem(ProblemCode::Vague, field));
        }
        _ => {}
    }
    problems
}

fn missing_code(field: Field) -> Option<ProblemCode> {
    match field {
        Field::Situation => Some(ProblemCode::MissingSituation),
        Field::Behavior => Some(ProblemCode::MissingBehavior),
        Field::Impact => Some(ProblemCode::MissingImpact),
        Field::Suggestion => Some(ProblemCode::MissingSuggestion),
        Field::Items | Field::RatingComment(_) => None,
    }
}

/// Whether a situation, behavior or impact says nothing specific.
pub(crate) fn is_vague(text: &Text) -> bool {
    if strong_signals(text) > 0 {
        return false;
    }
    let informative = informative_words(&text.words);
    let words = text.words.len();
    informative == 0
        || (words >= LONG_TEXT_WORDS && (informative as f64) < MIN_INFORMATIVE_SHARE * words as f64)
}

/// Whether a suggestion gives the candidate something to do.
pub(crate) fn is_actionable(text: &Text) -> bool {
    let informative = informative_words(&text.words);
    (strong_signals(text) > 0 && informative > 0)
        || clauses(&text.raw).iter().any(|clause| is_action_clause(clause))
}

/// Splits advice into clauses at punctuation and at the conjunctions that join instructions.
fn clauses(raw: &str) -> Vec<Vec<String>> {
    let mut clauses = Vec::new();
    for part in raw.split(['.', ';', ':', '!', '?', ',', '(', ')', '\n']) {
        let mut clause = Vec::new();
        for word in split_words(part) {
            if matches!(word.as_str(), "and" | "but" | "then" | "or") && !clause.is_empty() {
                clauses.push(std::mem::take(&mut clause));
            } else {
                clause.push(word);
            }
        }
        clauses.push(clause);
    }
    clauses.retain(|clause| !clause.is_empty());
    clauses
}

fn is_action_clause(clause: &[String]) -> bool {
    let clause = strip_lead_ins(clause);
    let Some(lead) = clause.first() else {
        return false;
    };
    if STATEMENT_SUBJECTS.contains(&lead.as_str()) || OPENING_VERDICTS.contains(&lead.as_str()) {
        return false;
    }
    let object_words = informative_words(&clause[1..]);
    if !GENERIC_LEAD_VERBS.contains(&lead.as_str()) {
        return object_words > 0;
    }
    object_words >= SPECIFIC_OBJECT_WORDS || (object_words > 0 && has_trigger(clause))
}

/// Drops openers such as "next time", "I'd suggest", "maybe", "just", and manner adverbs.
fn strip_lead_ins(mut clause: &[String]) -> &[String] {
    'strip: loop {
        for lead_in in LEAD_INS {
            let words = split_words(lead_in);
            if clause.len() > words.len() && clause.starts_with(&words) {
                clause = &clause[words.len()..];
                continue 'strip;
            }
        }
        match clause.first() {
            Some(word) if word.len() > 4 && word.ends_with("ly") && clause.len() > 1 => clause = &clause[1..],
            _ => return clause,
        }
    }
}

fn has_trigger(clause: &[String]) -> bool {
    TRIGGERS.iter().any(|trigger| {
        let words = split_words(trigger);
        clause.windows(words.len().max(1)).any(|window| window == words.as_slice())
    })
}
