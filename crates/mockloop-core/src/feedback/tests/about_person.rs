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
