//! What to do about a focus area: drills from the bank, the theme's practice notes, a checklist
//! of behaviours to show next time, and a short text to hand a partner outside mockloop.

use serde::Serialize;

use crate::bank::{Bank, Question, RoundKind, Theme, ThemeId};

/// Most drills per focus area: enough for a week of practice, few enough to finish.
pub const MAX_DRILLS: usize = 5;

/// The plan for one focus area.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PracticePlan {
    pub theme: ThemeId,
    pub name: String,
    /// Bank questions tagged with the theme: unseen first, spread across round kinds.
    pub drills: Vec<Drill>,
    /// The theme's practice notes (`practice` in `content/themes.toml`).
    pub revisit: Vec<String>,
    /// The theme's `watch_for`, reworded as behaviours to show.
    pub checklist: Vec<String>,
}

/// A question to practise the theme on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Drill {
    pub question_id: String,
    pub title: String,
    pub round_kind: RoundKind,
    /// The candidate has met it before (as interviewee or interviewer); still useful, but last.
    pub seen: bool,
}

/// The practice plan for `focus`, or `None` when the bank has no such theme.
pub fn practice_plan(focus: &ThemeId, bank: &Bank, seen_question_ids: &[String]) -> Option<PracticePlan> {
    let theme = bank.theme(focus.as_str())?;
    Some(PracticePlan {
        theme: theme.id.clone(),
        name: theme.name.clone(),
        drills: drills(focus, &bank.questions, seen_question_ids),
        revisit: theme.practice.clone(),
        checklist: theme.watch_for.iter().map(|line| as_behaviour(line)).collect(),
    })
}

/// Unseen questions first; within each group one question per round kind in turn (questions
/// where the theme comes first in their list lead), so the drills cover the kinds of round the
/// theme shows up in.
fn drills(focus: &ThemeId, questions: &[Question], seen: &[String]) -> Vec<Drill> {
    let mut tagged: Vec<(&Question, usize, bool)> = questions
        .iter()
        .filter_map(|question| {
            let rank = question.themes.iter().position(|theme| theme == focus)?;
            Some((question, rank, seen.contains(&question.id)))
        })
        .collect();
    tagged.sort_by(|a, b| (a.1, &a.0.id).cmp(&(b.1, &b.0.id)));
    let mut chosen = Vec::new();
    for seen_group in [false, true] {
        let mut by_kind: Vec<Vec<&Question>> = RoundKind::ALL
            .iter()
            .map(|kind| {
                tagged
                    .iter()
                    .filter(|(question, _, seen)| question.kind == *kind && *seen == seen_group)
                    .map(|(question, _, _)| *question)
                    .collect()
            })
            .collect();
        while by_kind.iter().any(|kind| !kind.is_empty()) {
            for kind in &mut by_kind {
                if !kind.is_empty() {
                    chosen.push((kind.remove(0), seen_group));
                }
            }
        }
    }
    chosen
        .into_iter()
        .take(MAX_DRILLS)
        .map(|(question, seen)| Drill {
            question_id: question.id.clone(),
            title: question.title.clone(),
            round_kind: question.kind,
            seen,
        })
        .collect()
}

/// "Whether the candidate says what evidence would make them reverse the decision." becomes
/// "You say what evidence would make you reverse the decision."; lines that are not a "whether"
/// question become "Keep an eye on: ...".
pub fn as_behaviour(watch_for: &str) -> String {
    let Some(rest) = watch_for.trim().strip_prefix("Whether ") else {
        return format!("Keep an eye on: {}", lowercase_first(watch_for.trim()));
    };
    let mut words: Vec<String> = Vec::new();
    // Set after "you" / "they": the next word is their verb. Then the first "and" continues the
    // same subject ("you find and fix").
    let mut conjugate_next = false;
    let mut verb_done = false;
    let mut tokens = rest.split(' ').peekable();
    while let Some(token) = tokens.next() {
        let word = match token {
            "the" if tokens.peek() == Some(&"candidate") => {
                tokens.next();
                conjugate_next = true;
                "you".to_owned()
            }
            "the" if tokens.peek() == Some(&"candidate's") => {
                tokens.next();
                "your".to_owned()
            }
            "they" => {
                conjugate_next = true;
                "you".to_owned()
            }
            "their" => "your".to_owned(),
            "them" => "you".to_owned(),
            word if conjugate_next => {
                conjugate_next = false;
                verb_done = true;
                plural_verb(word)
            }
            "and" if verb_done => {
                verb_done = false;
                conjugate_next = true;
                "and".to_owned()
            }
            word => word.to_owned(),
        };
        words.push(word);
    }
    uppercase_first(&words.join(" "))
}

/// "says" -> "say", "checks" -> "check", "fixes" -> "fix"; "can", "are", "leave" stay.
fn plural_verb(verb: &str) -> String {
    for ending in ["ches", "shes", "sses", "xes"] {
        if verb.ends_with(ending) {
            return verb[..verb.len() - 2].to_owned();
        }
    }
    match verb {
        "is" => "are".to_owned(),
        "has" => "have".to_owned(),
        "was" => "were".to_owned(),
        verb if verb.ends_with('s') && !verb.ends_with("ss") => verb[..verb.len() - 1].to_owned(),
        verb => verb.to_owned(),
    }
}

fn uppercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

/// A short plain text for a partner outside mockloop: each focus area, what it means, and what
/// to watch for. Themes the bank does not know are left out.
pub fn share_text(focus: &[ThemeId], bank: &Bank) -> String {
    let themes: Vec<&Theme> = focus.iter().filter_map(|id| bank.theme(id.as_str())).collect();
    if themes.is_empty() {
        return "I have no focus areas for this mock yet; any feedback is welcome.\n".to_owned();
    }
    let mut text = String::from("My focus areas for this mock interview:\n");
    for (number, theme) in themes.iter().enumerate() {
        text.push_str(&format!("\n{}. {}: {}\n", number + 1, theme.name, first_sentence(&theme.description)));
        for line in &theme.watch_for {
            text.push_str(&format!("   - Please watch: {}\n", lowercase_first(line.trim())));
        }
    }
    text.push_str(
        "\nAfterwards, could you tell me one moment where I did each well and one where I did not?\n",
    );
    text
}

fn first_sentence(text: &str) -> &str {
    match text.find(". ") {
        Some(end) => &text[..=end],
        None => text,
    }
}
