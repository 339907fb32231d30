//! `vague`: present but generic situations, behaviors and impacts.

use super::super::{Field, ProblemCode};
use super::flags;

fn vague(field: Field, text: &str) -> bool {
    flags(field, text, ProblemCode::Vague)
}

#[test]
fn round_level_situations_are_vague() {
    for text in [
        "During the interview",
        "In the coding round",
        "Throughout the ML system design session",
        "At some point in the middle of things",
        "Overall, in general, across the whole mock and in several places during our conversation",
    ] {
        assert!(vague(Field::Situation, text), "{text:?}");
    }
}

#[test]
fn situations_with_a_moment_are_concrete() {
    for text in [
        "At 14:30",
        "Around minute 20",
        "In the first five minutes",
        "When I asked how you would pick the randomization unit",
        "During the clarification phase",
        "Right after the second hint",
        "While you were writing the window function",
        "When you drew the feature store on the whiteboard",
    ] {
        assert!(!vague(Field::Situation, text), "{text:?}");
    }
}

#[test]
fn verdicts_without_an_act_are_vague_behaviors() {
    for text in [
        "You did well",
        "Your communication was good",
        "You explained your approach clearly",
        "You did a great job with the SQL question",
        "Struggled a bit with some parts of the design, things were kind of messy at times",
        "Your overall performance was solid and you showed strong skills across many areas of the \
         interview, which was really impressive in general",
    ] {
        assert!(vague(Field::Behavior, text), "{text:?}");
    }
}

#[test]
fn observable_acts_are_concrete_behaviors_even_when_short() {
    for text in [
        "You wrote a LEFT JOIN instead of an INNER JOIN",
        "You said \"it depends\" three times",
        "You asked about latency and QPS before drawing anything",
        "You jumped into coding without asking about input size",
        "You went quiet for about 4 minutes",
        "You never mentioned a baseline model",
        "You compared precision and recall at two thresholds",
    ] {
        assert!(!vague(Field::Behavior, text), "{text:?}");
    }
}

#[test]
fn impacts_without_a_consequence_are_vague() {
    for text in ["It was good", "It helped", "Not ideal", "It made a good impression", "This is important"] {
        assert!(vague(Field::Impact, text), "{text:?}");
    }
}

#[test]
fn impacts_naming_a_consequence_are_concrete() {
    for text in [
        "We lost 10 minutes",
        "I couldn't follow which metric you were optimising",
        "There was no time left for testing, so the off-by-one bug stayed",
        "I had to ask twice before I knew which option you picked",
    ] {
        assert!(!vague(Field::Impact, text), "{text:?}");
    }
}
