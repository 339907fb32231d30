//! `about_person`: traits, talents, level and identity instead of behavior, polite or not.

use super::super::{Field, ProblemCode};
use super::flags;

fn about_person(field: Field, text: &str) -> bool {
    flags(field, text, ProblemCode::AboutPerson)
}

#[test]
fn trait_judgements_are_about_the_person() {
    for text in [
        "You're a natural communicator",
        "You seem like the kind of person who doesn't like being challenged",
        "Honestly just not a people person",
        "You come across as arrogant",
        "You are clearly very smart",
        "He seemed nervous the whole time",
        "The candidate is too junior for this level",
        "You're lazy about testing",
        "Seems insecure.",
    ] {
        assert!(about_person(Field::Behavior, text), "{text:?}");
    }
}

#[test]
fn polite_compliments_of_traits_are_about_the_person() {
    for text in [
        "You're a great listener",
        "Your enthusiasm was wonderful",
        "You're so articulate and polished",
        "You have a natural talent for modelling",
        "Very talented!",
    ] {
        assert!(about_person(Field::Behavior, text), "{text:?}");
    }
}

#[test]
fn identity_is_about_the_person_in_any_field() {
    assert!(about_person(Field::Impact, "Your accent made it hard to follow"));
    assert!(about_person(Field::Situation, "For someone your age, during the coding part"));
    assert!(about_person(Field::Suggestion, "As a woman you should speak up more in design rounds"));
    assert!(about_person(Field::Impact, "which makes you look too junior for Staff"));
}

#[test]
fn praise_of_behavior_is_not_about_the_person() {
    for text in [
        "You asked three clarifying questions before writing any code",
        "A smart choice of index: you sorted once and used binary search",
        "You were clear about the randomization unit and said why",
        "Nice catch on the target leakage in the 30-day feature",
        "You mentored a junior engineer through the migration, you said",
        "You were kind of vague about the metric",
        "You proposed a natural baseline first",
    ] {
        assert!(!about_person(Field::Behavior, text), "{text:?}");
    }
}

#[test]
fn wider_classes_of_trait_phrasing_are_about_the_person() {
    for text in [
        "She was visibly nervous",
        "He lacks executive presence",
        "You tend to be a bit arrogant when challenged",
        "The kind of engineer who never asks for help",
        "Strong candidate!",
        "Typical of someone from academia",
        "Math comes naturally to you",
        "You have a curious mind",
        "You're one of those people who overthink",
        "Not senior enough for this role",
        "Probably a language barrier, since English is his second language",
        "You hate being interrupted",
    ] {
        assert!(about_person(Field::Behavior, text), "{text:?}");
    }
}

#[test]
fn words_that_also_describe_work_stay_neutral() {
    for text in [
        "Proposed a naive baseline and a lazy evaluation of the features",
        "Chose an aggressive ramp: 1% then 50%",
        "The kind of bug that only shows on empty input",
        "You validated every input defensively before the join",
        "Reserved the last 5 minutes for risks",
    ] {
        assert!(!about_person(Field::Behavior, text), "{text:?}");
    }
}

#[test]
fn verdicts_with_the_subject_left_out_are_about_the_person() {
    for text in [
        "Found the bug fast; clearly brilliant, that one",
        "Definitely a natural.",
        "Asked for help twice. Such a pushover",
        "Obviously a strong engineer",
        "Wrote the query in a minute - really gifted",
    ] {
        assert!(about_person(Field::Behavior, text), "{text:?}");
    }
}

#[test]
fn qualities_someone_has_are_about_the_person() {
    for text in [
        "Your charisma carried the story",
        "She lacks gravitas in front of executives",
        "He has a big ego",
        "You have real presence when you present",
    ] {
        assert!(about_person(Field::Impact, text), "{text:?}");
    }
}

#[test]
fn hedged_and_third_person_judgements_are_about_the_person() {
    for text in [
        "I suspect you're a perfectionist",
        "I feel like you are not very detail-oriented",
        "Probably you're just an anxious type",
        "The guy is sharp",
        "They seemed insecure about the maths",
    ] {
        assert!(about_person(Field::Behavior, text), "{text:?}");
    }
}

#[test]
fn identity_and_background_remarks_are_about_the_person() {
    for text in [
        "Good for a new grad",
        "As a mother of two you may not have time to practise",
        "Typical answer for someone with a finance background",
        "Coming from academia, you over-derive",
        "Given your background I expected more on serving",
    ] {
        assert!(about_person(Field::Impact, text), "{text:?}");
    }
}

#[test]
fn behavior_that_shares_words_with_judgements_is_not_about_the_person() {
    for text in [
        "Skipped the last candidate in the binary search",
        "You changed your mind about the metric twice",
        "Gave two minutes of background on the team before the task",
        "The latency was coming from the feature join",
        "Their age and tenure were the strongest features",
        "You have a clear plan on the board: parse, sort, sweep",
        "You had the sample size formula ready",
        "Clearly stated the assumption about touching intervals",
        "Definitely the right call to start with a baseline",
        "A custom parser for the log lines",
        "As a first step you sorted by start time",
        "For a baseline you proposed logistic regression",
        "You showed patience by waiting for me to finish the question",
    ] {
        assert!(!about_person(Field::Behavior, text), "{text:?}");
    }
}

#[test]
fn generalisations_about_a_kind_of_person_are_about_the_person() {
    for text in [
        "Over-engineered it, the typical ex-banker",
        "Argued for ten minutes, as consultant types do",
        "Germans always sound certain",
        "Someone as bright as you should have seen it",
        "Your physics background shows in the derivations",
        "Missed the deadline - a bit of a dreamer",
        "Honest guy.",
    ] {
        assert!(about_person(Field::Behavior, text), "{text:?}");
    }
}

#[test]
fn advice_to_change_character_is_about_the_person() {
    for text in ["Be less arrogant", "Stop being so stubborn", "Don't be such a perfectionist", "Less ego."] {
        assert!(about_person(Field::Suggestion, text), "{text:?}");
    }
}

#[test]
fn aspirations_and_typical_cases_are_not_about_the_person() {
    for text in [
        "Be more confident",
        "Be more curious about the data",
        "The typical case is a sorted list",
        "Typical latency was 40 ms",
        "Be less verbose: one sentence per component",
        "Tested twelve types of input",
        "Last guy in the queue got the stale value",
    ] {
        assert!(!about_person(Field::Suggestion, text), "{text:?}");
    }
}
