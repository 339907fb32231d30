//! Detecting feedback about the person rather than the behavior: trait judgements ("you're lazy",
//! "you seem like the kind of person who..."), compliments of traits ("you're a natural
//! communicator", "your enthusiasm"), level labels ("too junior") and identity (age, accent,
//! gender, nationality). Negations are already gone, so "not a people person" is caught too.
//!
//! Trait adjectives alone are not enough ("a smart choice of index" praises a behavior); they count
//! when predicated of the person: subject + copula ("you are", "she seemed", "came across as").

use std::sync::LazyLock;

use super::person_words::{
    COMING_FROM, COPULAS, DEICTIC_TAILS, FRAGMENT_OPENERS, HAVING_VERBS, IDENTITY_GROUPS, IDENTITY_NOUNS,
    MAX_FRAGMENT_WORDS, MODIFIERS, NOT_AGENT_NOUNS, OPENING_COPULAS, ORIGINS, PERSON_NOUNS,
    PERSON_ONLY_TRAITS, PERSON_PHRASES, POSSESSIVES, SUBJECTS, TRAIT_ADJECTIVES, TRAIT_NOUNS,
    VERDICT_OPENERS,
};
use super::signals::is_number;
use super::text::{split_words, Text};

struct PersonLexicon {
    copulas: Vec<Vec<String>>,
    person_phrases: Vec<Vec<String>>,
    opening_copulas: Vec<Vec<String>>,
    deictic_tails: Vec<Vec<String>>,
    origins: Vec<Vec<String>>,
    coming_from: Vec<Vec<String>>,
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
        deictic_tails: words(DEICTIC_TAILS),
        origins: words(ORIGINS),
        coming_from: words(COMING_FROM),
    }
});

/// Whether the text judges the person (traits, identity, level) rather than a behavior.
pub(crate) fn is_about_person(text: &Text) -> bool {
    let words = &text.words;
    let lexicon = &*LEXICON;
    // Single-word phrases match their plural too ("Americans", "moms").
    let plural_of_phrase = |word: &String| {
        word.strip_suffix('s').is_some_and(|singular| {
            lexicon.person_phrases.iter().any(|phrase| phrase.len() == 1 && phrase[0] == singular)
        })
    };
    if lexicon.person_phrases.iter().any(|phrase| text.contains_words(phrase))
        || words.iter().any(plural_of_phrase)
    {
        return true;
    }
    if words.iter().any(|word| PERSON_ONLY_TRAITS.contains(&word.as_str()))
        || names_a_kind_of_person(words)
        || names_a_quality(words)
        || places_in_a_group(words)
        || names_a_background(words, lexicon)
        || generalises_about_a_kind(words)
    {
        return true;
    }
    // Verdicts without a subject open a clause: "Found it fast; clearly brilliant, that one."
    let clause_verdict = is_trait_fragment(words)
        || clauses(&text.raw).iter().any(|clause| {
            predicates_trait_after(clause, 0, &lexicon.opening_copulas)
                || is_intensified_trait(clause)
                || is_elided_verdict(clause, lexicon)
                || asks_to_change_character(clause)
        });
    clause_verdict
        || (0..words.len()).any(|index| {
            let is_subject = SUBJECTS.contains(&words[index].as_str());
            let labels_identity =
                matches!(words[index].as_str(), "a" | "an") && names_identity(words, index + 1);
            (is_subject && predicates_trait_after(words, index + 1, &lexicon.copulas)) || labels_identity
        })
}

/// The text's clauses, split at punctuation, each normalised like the text (negations dropped).
fn clauses(raw: &str) -> Vec<Vec<String>> {
    // A hyphen between spaces is a dash; inside a word it joins ("know-it-all").
    raw.replace(" - ", ". ")
        .split(['.', ';', ',', '!', '?', ':', '(', ')', '\n', '\u{2014}', '\u{2013}'])
        .map(|part| Text::new(part).words)
        .filter(|words| !words.is_empty())
        .collect()
}

/// Advice to be someone else: "Be less stubborn", "Stop being so indecisive", "Don't be such a
/// know-it-all", "Less ego". Aspirations ("be more confident", "be a better leader") are generic
/// advice rather than a judgement, so the clause must say "stop", "less", "so" or "such".
fn asks_to_change_character(clause: &[String]) -> bool {
    let start = clause
        .iter()
        .take_while(|word| matches!(word.as_str(), "stop" | "try" | "to" | "just" | "please" | "do"))
        .count();
    let be = ["be", "being", "become"].map(|word| vec![word.to_owned()]);
    let reproach = clause[..start].iter().any(|word| word == "stop")
        || clause.iter().skip(start + 1).take(2).any(|word| matches!(word.as_str(), "less" | "so" | "such"));
    let less_of_a_quality = matches!(clause.get(start).map(String::as_str), Some("less"))
        && clause.get(start + 1).is_some_and(|word| TRAIT_NOUNS.contains(&word.as_str()));
    (reproach && predicates_trait_after(clause, start, &be)) || less_of_a_quality
}

/// "typical academic", "the typical big-tech engineer", "PhD types", "as sharp as you": a person
/// described as a member of a kind, or compared as a person.
fn generalises_about_a_kind(words: &[String]) -> bool {
    let is_group = |word: &String| {
        IDENTITY_GROUPS.contains(&word.as_str())
            || PERSON_NOUNS.contains(&word.as_str())
            || is_agent_noun(word)
            || (word.starts_with("ex") && word.len() > 4 && is_agent_noun(&word[2..]))
    };
    let typical = (0..words.len())
        .any(|index| words[index] == "typical" && words.iter().skip(index + 1).take(3).any(is_group));
    let types = words.windows(2).any(|pair| {
        matches!(pair[1].as_str(), "type" | "types") && IDENTITY_GROUPS.contains(&pair[0].as_str())
    });
    let compared = words.windows(4).any(|window| {
        window[0] == "as"
            && TRAIT_ADJECTIVES.contains(&window[1].as_str())
            && window[2] == "as"
            && matches!(window[3].as_str(), "you" | "him" | "her")
    });
    typical || types || compared
}

/// "Clearly brilliant", "Definitely a natural", "Such a pushover", "A real talent, that one": a
/// clause that is only openers and then a trait or a person noun, so it can only be about someone.
fn is_elided_verdict(clause: &[String], lexicon: &PersonLexicon) -> bool {
    let mut clause = clause;
    if let Some(tail) =
        lexicon.deictic_tails.iter().find(|tail| clause.len() > tail.len() && clause.ends_with(tail))
    {
        clause = &clause[..clause.len() - tail.len()];
    }
    let openers = clause.iter().take_while(|word| VERDICT_OPENERS.contains(&word.as_str())).count();
    let has_article = clause[..openers].iter().any(|word| matches!(word.as_str(), "a" | "an"));
    let has_hedge = clause[..openers].iter().any(|word| !matches!(word.as_str(), "a" | "an" | "the"));
    match &clause[openers..] {
        [word] if TRAIT_ADJECTIVES.contains(&word.as_str()) => has_hedge,
        [word] if PERSON_NOUNS.contains(&word.as_str()) || IDENTITY_NOUNS.contains(&word.as_str()) => {
            has_article
        }
        [word] => has_article && has_hedge && is_agent_noun(word),
        [_, noun] if has_article => {
            PERSON_NOUNS.contains(&noun.as_str()) || IDENTITY_NOUNS.contains(&noun.as_str())
        }
        // "Smart guy", "Sloppy person": an adjective and a word that can only mean a person.
        [adjective, noun] => {
            !is_number(adjective) && matches!(noun.as_str(), "guy" | "person" | "girl" | "gal" | "type")
        }
        // "a pushover when challenged": the verdict, then when it shows.
        [noun, qualifier, ..] if matches!(qualifier.as_str(), "when" | "under" | "whenever") => {
            has_article && (PERSON_NOUNS.contains(&noun.as_str()) || is_agent_noun(noun))
        }
        _ => false,
    }
}

/// "your charisma", "she lacks presence", "you have a big ego": qualities someone has.
fn names_a_quality(words: &[String]) -> bool {
    let is_trait_noun = |word: &String| TRAIT_NOUNS.contains(&word.as_str());
    let possessed =
        words.windows(2).any(|pair| POSSESSIVES.contains(&pair[0].as_str()) && is_trait_noun(&pair[1]));
    let had = (0..words.len()).any(|index| {
        matches!(words[index].as_str(), "you" | "he" | "she")
            && words.get(index + 1).is_some_and(|verb| HAVING_VERBS.contains(&verb.as_str()))
            && words.iter().skip(index + 2).take(4).any(is_trait_noun)
    });
    possessed || had
}

/// "as a woman", "for a new grad", "for someone your age": a remark that puts someone in a group.
fn places_in_a_group(words: &[String]) -> bool {
    (0..words.len()).any(|index| {
        matches!(words[index].as_str(), "as" | "for")
            && matches!(words.get(index + 1).map(String::as_str), Some("a" | "an" | "someone" | "somebody"))
            && words.iter().skip(index + 2).take(2).any(|word| IDENTITY_GROUPS.contains(&word.as_str()))
    })
}

/// "with a research background", "given your background", "coming from academia".
fn names_a_background(words: &[String], lexicon: &PersonLexicon) -> bool {
    let background = (0..words.len()).any(|index| {
        let before = |back: usize| index.checked_sub(back).and_then(|at| words.get(at)).map(String::as_str);
        let introduced =
            |word: Option<&str>| matches!(word, Some("with" | "given" | "from" | "considering" | "of"));
        let owner = |word: Option<&str>| {
            word.is_some_and(|word| POSSESSIVES.contains(&word) || matches!(word, "a" | "an" | "their"))
        };
        let possessive = |word: Option<&str>| word.is_some_and(|word| POSSESSIVES.contains(&word));
        // "with a research background", "given your background", "your engineering background".
        words[index] == "background"
            && ((owner(before(1)) && introduced(before(2)))
                || (owner(before(2)) && introduced(before(3)))
                || possessive(before(2)))
    });
    let origin = (0..words.len()).any(|index| {
        lexicon.coming_from.iter().any(|verb| words[index..].starts_with(verb))
            && lexicon.origins.iter().any(|origin| words[(index + 2).min(words.len())..].starts_with(origin))
    });
    background || origin
}

/// "Very smart.", "Strong candidate!", "Natural leader": a verbless verdict on someone.
fn is_trait_fragment(words: &[String]) -> bool {
    let ends_with_person = words.len() >= 2
        && words.last().is_some_and(|word| IDENTITY_NOUNS.contains(&word.as_str()) || word == "candidate");
    is_intensified_trait(words) || (words.len() <= MAX_FRAGMENT_WORDS && ends_with_person)
}

/// "Very smart", "So talented": a short clause that opens with an intensifier and names a trait.
fn is_intensified_trait(words: &[String]) -> bool {
    words.len() <= MAX_FRAGMENT_WORDS
        && words.first().is_some_and(|word| FRAGMENT_OPENERS.contains(&word.as_str()))
        && words.iter().any(|word| TRAIT_ADJECTIVES.contains(&word.as_str()))
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
            || has_character_suffix(word)
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

/// "business-minded", "detail-oriented", "hot-headed", "good-natured": compounds that name a
/// disposition (hyphens are already joined).
fn has_character_suffix(word: &str) -> bool {
    ["minded", "oriented", "headed", "hearted", "natured", "tempered", "willed", "witted", "spirited"]
        .iter()
        .any(|suffix| word.len() > suffix.len() + 2 && word.ends_with(suffix))
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
