//! Detecting feedback about the person rather than the behavior: trait judgements ("you're lazy",
//! "you seem like the kind of person who..."), compliments of traits ("you're a natural
//! communicator", "your enthusiasm"), level labels ("too junior") and identity (age, accent,
//! gender, nationality). Negations are already gone, so "not a people person" is caught too.
//!
//! Trait adjectives alone are not enough ("a smart choice of index" praises a behavior); they count
//! when predicated of the person: subject + copula ("you are", "she seemed", "came across as").

use std::sync::LazyLock;

use super::person_words::{
    COPULAS, FRAGMENT_OPENERS, IDENTITY_NOUNS, MAX_FRAGMENT_WORDS, MODIFIERS, NOT_AGENT_NOUNS,
    OPENING_COPULAS, PERSON_NOUNS, PERSON_ONLY_TRAITS, PERSON_PHRASES, SUBJECTS, TRAIT_ADJECTIVES,
};
use super::text::{split_words, Text};

struct PersonLexicon {
    copulas: Vec<Vec<String>>,
    person_phrases: Vec<Vec<String>>,
    opening_copulas: Vec<Vec<String>>,
}

static LEXICON: LazyLock<PersonLexicon> = LazyLock::new(|| {
    let words = |phrases: &[&str]| -> Vec<Vec<String>> {
        let mut list: Vec<Vec<String>> = phrases.iter().map(|phrase| split_words(phrase)).collect();
        // Longest first, so a multi-word copula is preferred to its first word.
        list.sort_by_key(|phrase| std::cmp::Reverse(phrase.len()));
        list
    };
    PersonLexicon {
        copulas: words(COPULAS),
        person_phrases: words(PERSON_PHRASES),
        opening_copulas: words(OPENING_COPULAS),
    }
});

/// Whether the text judges the person (traits, identity, level) rather than a behavior.
pub(crate) fn is_about_person(text: &Text) -> bool {
    let words = &text.words;
    let lexicon = &*LEXICON;
    if lexicon.person_phrases.iter().any(|phrase| text.contains_words(phrase)) {
        return true;
    }
    if predicates_trait_after(words, 0, &lexicon.opening_copulas)
        || is_trait_fragment(words)
        || words.iter().any(|word| PERSON_ONLY_TRAITS.contains(&word.as_str()))
        || names_a_kind_of_person(words)
    {
        return true;
    }
    (0..words.len()).any(|index| {
        let is_subject = SUBJECTS.contains(&words[index].as_str());
        let labels_identity = matches!(words[index].as_str(), "a" | "an") && names_identity(words, index + 1);
        (is_subject && predicates_trait_after(words, index + 1, &lexicon.copulas)) || labels_identity
    })
}

/// "Very smart.", "Strong candidate!", "Natural leader": a verbless verdict on someone.
fn is_trait_fragment(words: &[String]) -> bool {
    let opens_with_intensifier = words.first().is_some_and(|word| FRAGMENT_OPENERS.contains(&word.as_str()))
        && words.iter().any(|word| TRAIT_ADJECTIVES.contains(&word.as_str()));
    let ends_with_person = words.len() >= 2
        && words.last().is_some_and(|word| IDENTITY_NOUNS.contains(&word.as_str()) || word == "candidate");
    words.len() <= MAX_FRAGMENT_WORDS && (opens_with_intensifier || ends_with_person)
}

/// "the kind of engineer who...", "the type of candidate that...": a category of person.
fn names_a_kind_of_person(words: &[String]) -> bool {
    words.windows(4).any(|window| {
        matches!(window[0].as_str(), "kind" | "type" | "sort")
            && window[1] == "of"
            && matches!(window[3].as_str(), "who" | "that")
            && !matches!(window[2].as_str(), "thing" | "problem" | "question" | "issue" | "mistake" | "bug")
    })
}

/// Whether, at `start`, a copula is followed (through modifiers) by a trait or a person noun.
fn predicates_trait_after(words: &[String], start: usize, copulas: &[Vec<String>]) -> bool {
    let Some(copula) = copulas.iter().find(|copula| words[start.min(words.len())..].starts_with(copula))
    else {
        return false;
    };
    let mut index = start + copula.len();
    let mut skipped_adjective = false;
    while let Some(word) = words.get(index) {
        let next = words.get(index + 1).map(String::as_str);
        if matches!(word.as_str(), "kind" | "sort" | "type") && next == Some("of") {
            // "kind of vague" hedges; "kind of person" is caught by PERSON_PHRASES.
            index += 2;
        } else if TRAIT_ADJECTIVES.contains(&word.as_str())
            || PERSON_NOUNS.contains(&word.as_str())
            || word.ends_with("minded")
            || (is_article_context(words, index) || skipped_adjective) && is_agent_noun(word)
        {
            return true;
        } else if MODIFIERS.contains(&word.as_str()) {
            index += 1;
        } else if !skipped_adjective && is_article_context(words, index) {
            // "a strong engineer": one free adjective after an article, before the noun.
            skipped_adjective = true;
            index += 1;
        } else {
            return false;
        }
    }
    false
}

/// "a talker", "a perfectionist", "an optimist": agent nouns label what someone is.
fn is_agent_noun(word: &str) -> bool {
    word.len() > 4
        && ["er", "or", "ist"].iter().any(|suffix| word.ends_with(suffix))
        && !NOT_AGENT_NOUNS.contains(&word)
}

fn is_article_context(words: &[String], index: usize) -> bool {
    index > 0 && matches!(words[index - 1].as_str(), "a" | "an" | "the")
}

/// "a natural communicator", "an excellent listener": an article, at most one adjective, and a
/// noun that labels a person.
fn names_identity(words: &[String], start: usize) -> bool {
    words.iter().skip(start).take(2).any(|word| IDENTITY_NOUNS.contains(&word.as_str()))
}
