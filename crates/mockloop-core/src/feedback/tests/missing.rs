//! `missing_*`: empty fields and filler.

use super::super::{Field, ProblemCode};
use super::flags;

#[test]
fn empty_and_filler_fields_are_missing() {
    let cases = [
        (Field::Situation, ProblemCode::MissingSituation),
        (Field::Behavior, ProblemCode::MissingBehavior),
        (Field::Impact, ProblemCode::MissingImpact),
        (Field::Suggestion, ProblemCode::MissingSuggestion),
    ];
    for (field, code) in cases {
        for filler in
            ["", "   ", "n/a", "N/A", "-", "--", "...", "none", "None.", "TBD", "nothing to add", "idk"]
        {
            assert!(flags(field, filler, code), "{field} {filler:?}");
        }
    }
}

#[test]
fn a_missing_field_is_not_also_vague_or_not_actionable() {
    assert!(!flags(Field::Behavior, "n/a", ProblemCode::Vague));
    assert!(!flags(Field::Suggestion, "-", ProblemCode::NotActionable));
}

#[test]
fn a_short_generic_word_is_vague_rather_than_missing() {
    assert!(!flags(Field::Impact, "fine", ProblemCode::MissingImpact));
    assert!(flags(Field::Impact, "fine", ProblemCode::Vague));
}
