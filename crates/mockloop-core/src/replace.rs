//! Replacing a round's question after planning, under the planner's question rules.

use std::collections::BTreeSet;

use crate::bank::{Question, RoundKind};

/// Questions that may replace a round's question: the same kind, not used elsewhere in the loop,
/// and not met before by the interviewee. Sorted by id so the choice list is stable.
pub fn replacement_questions<'q>(
    questions: &'q [Question],
    kind: RoundKind,
    used_in_loop: &BTreeSet<String>,
    seen_by_interviewee: &BTreeSet<String>,
) -> Vec<&'q Question> {
    let mut eligible: Vec<&Question> = questions
        .iter()
        .filter(|q| q.kind == kind && !used_in_loop.contains(&q.id) && !seen_by_interviewee.contains(&q.id))
        .collect();
    eligible.sort_by(|a, b| a.id.cmp(&b.id));
    eligible
}
