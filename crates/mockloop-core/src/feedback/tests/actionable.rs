//! `not_actionable`: suggestions with no concrete action.

use super::super::{Field, ProblemCode};
use super::flags;

fn not_actionable(text: &str) -> bool {
    flags(Field::Suggestion, text, ProblemCode::NotActionable)
}

#[test]
fn generic_advice_is_not_actionable() {
    for text in [
        "Practice more",
        "Be clearer",
        "Work on your communication",
        "Focus on trade-offs",
        "Keep it up!",
        "Improve your system design skills",
        "Try to be more structured in the future",
        "Think about edge cases more",
        "Keep doing what you're doing, great job overall",
        "Get more experience with experimentation and work on being more confident and clear going forward",
    ] {
        assert!(not_actionable(text), "{text:?}");
    }
}

#[test]
fn concrete_actions_are_actionable() {
    for text in [
        "Practice more: do two timed SQL problems a day",
        "Next time you choose a model, name two alternatives and compare their latency",
        "Spend the first 5 minutes listing requirements before drawing",
        "Say \"I'd pick X over Y because of Z\" for each decision",
        "Before coding, list three edge cases (empty input, duplicates, ties) and write a test for each",
        "When you get a hint, restate it and say how it changes your plan",
    ] {
        assert!(!not_actionable(text), "{text:?}");
    }
}
