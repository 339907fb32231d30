//! What the `about_person` model reads in a field: stems and stem bigrams, plus structural
//! features that carry over to phrasings the training data never used: a subject and a copula and
//! what they predicate ("you're X", "she seemed a Y"), the shape of the predicated word (suffixes
//! such as "-ive" or "-ous" mark adjectives of character), "kind/type of" a person, hedged
//! verdicts ("I suspect you..."), short verbless verdict clauses and hits in the rules' word
//! tables. Text inside double quotes is what someone said, so its words get their own prefix and
//! no structural features: "you said \"the PM is lazy\"" is a quote, not a verdict.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::person_thesaurus::{PERSON_ADJECTIVES, PERSON_LABELS, PERSON_QUALITIES};
use super::person_words::{COPULAS, MODIFIERS, PERSON_NOUNS};
use super::text::{split_words, stem, Text};

/// Who a verdict can be about: the reader, someone else, or the candidate by role.
#[rustfmt::skip]
const PERSON_SUBJECTS: &[&str] = &["you", "he", "she", "they", "candidate", "interviewee"];

/// Openers of a hedged opinion about someone ("I suspect you...", "I feel she...").
#[rustfmt::skip]
const HEDGES: &[&str] = &["think", "suspect", "feel", "guess", "bet", "sense", "imagine", "get"];

/// Endings that mark the predicated word's kind: adjectives of character ("-ive", "-ous",
/// "-ent"), agent nouns ("-er", "-ist"), participles ("-ed", "-ing").
#[rustfmt::skip]
const SUFFIXES: &[&str] = &[
    "ous", "ive", "ent", "ant", "ful", "ic", "al", "able", "ible", "less", "ish", "ed", "ing", "er", "or",
    "ist", "ly", "y",
];

/// Verbs by which someone has or lacks a quality.
#[rustfmt::skip]
const HAVING: &[&str] = &["have", "has", "had", "lack", "lacks", "lacked", "lacking", "got", "show", "shows", "showed"];

/// A clause this short with no subject is a verdict or a fragment ("Clearly brilliant").
const SHORT_CLAUSE_WORDS: usize = 4;

/// The thesaurus, stemmed: which kind of person word a stem is.
static THESAURUS: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let mut thesaurus = HashMap::new();
    for (kind, words) in
        [("quality", PERSON_QUALITIES), ("label", PERSON_LABELS), ("adjective", PERSON_ADJECTIVES)]
    {
        for word in words {
            thesaurus.insert(stem(word), kind);
        }
    }
    thesaurus
});

/// The thesaurus kind of a word ("adjective", "label", "quality"), if it is a person word.
fn person_word(word: &str) -> Option<&'static str> {
    THESAURUS.get(&stem(word)).copied()
}

static COPULA_WORDS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    let mut list: Vec<Vec<String>> = COPULAS.iter().map(|phrase| split_words(phrase)).collect();
    list.sort_by_key(|phrase| std::cmp::Reverse(phrase.len()));
    list
});

/// The features of one field's raw text, each once, sorted.
pub(crate) fn person_features(raw: &str) -> Vec<String> {
    let (spoken, quoted) = split_quotes(raw);
    let text = Text::new(&spoken);
    let mut features = Vec::new();
    features.extend(text.stems.iter().map(|stem| format!("w:{stem}")));
    features.extend(text.stems.windows(2).map(|pair| format!("b:{} {}", pair[0], pair[1])));
    features.extend(Text::new(&quoted).stems.iter().map(|stem| format!("q:{stem}")));
    features.extend(text.words.iter().filter_map(|word| word_shape(word)).map(|shape| format!("x:{shape}")));
    predications(&text.words, &mut features);
    person_words_in_context(&text, &mut features);
    clause_shapes(&spoken, &mut features);
    // Sorted, so the order (which numbers the vocabulary) depends only on the text.
    features.sort_unstable();
    features.dedup();
    features
}

/// The text outside quotes, and the text inside them. Double quotes always delimit; a single
/// quote does when it opens before a word and closes after one, so apostrophes ("don't",
/// "users'") stay in the text.
pub(crate) fn split_quotes(raw: &str) -> (String, String) {
    let chars: Vec<char> = raw.chars().collect();
    let mut spoken = String::new();
    let mut quoted = String::new();
    let mut inside: Option<char> = None;
    for (index, &c) in chars.iter().enumerate() {
        let before = index.checked_sub(1).and_then(|at| chars.get(at)).is_some_and(|c| c.is_alphanumeric());
        let after = chars.get(index + 1).is_some_and(|c| c.is_alphanumeric());
        let quote = match c {
            '"' | '\u{201c}' | '\u{201d}' => Some('"'),
            '\'' | '\u{2018}' | '\u{2019}' => Some('\''),
            _ => None,
        };
        let toggles = match (quote, inside) {
            (Some('"'), None | Some('"')) => true,
            (Some('\''), None) => !before && after,
            (Some('\''), Some('\'')) => !after,
            _ => false,
        };
        if toggles {
            inside = if inside.is_some() { None } else { quote };
            spoken.push(' ');
            quoted.push(' ');
        } else if inside.is_some() {
            quoted.push(c);
        } else {
            spoken.push(c);
        }
    }
    (spoken, quoted)
}

/// Subject + copula + predicate: "you're (so) X", "she seemed a (Y) Z".
fn predications(words: &[String], features: &mut Vec<String>) {
    for index in 0..words.len() {
        if !PERSON_SUBJECTS.contains(&words[index].as_str()) {
            continue;
        }
        let person = if words[index] == "you" { "2" } else { "3" };
        if index > 0 && HEDGES.contains(&words[index - 1].as_str()) {
            features.push("s:hedged subject".to_owned());
        }
        let rest = &words[index + 1..];
        let Some(copula) = COPULA_WORDS.iter().find(|copula| rest.starts_with(copula)) else {
            continue;
        };
        features.push("s:subject copula".to_owned());
        features.push(format!("s:subject copula {person}"));
        let after = &rest[copula.len()..];
        let mut article = false;
        let Some(position) = after.iter().position(|word| {
            article |= matches!(word.as_str(), "a" | "an");
            !MODIFIERS.contains(&word.as_str()) || matches!(word.as_str(), "kind" | "sort" | "type")
        }) else {
            continue;
        };
        let predicate = &after[position];
        let kind = if article { "a" } else { "bare" };
        features.push(format!("s:predicate {kind}"));
        features.push(format!("s:predicate {kind} {}", stem(predicate)));
        features.extend(word_shape(predicate).map(|shape| format!("s:predicate {kind} {shape}")));
        if article {
            // "a natural coder": the noun after one adjective names the kind of person.
            if let Some(noun) = after.get(position + 1) {
                features.push(format!("s:predicate a noun {}", stem(noun)));
                features.extend(word_shape(noun).map(|shape| format!("s:predicate a noun {shape}")));
            }
        }
        let nouns = after.iter().skip(position).take(2);
        features.extend(nouns.filter_map(|word| person_word(word)).map(|kind| format!("s:predicate {kind}")));
    }
}

/// The ending class of a word, if any.
fn word_shape(word: &str) -> Option<String> {
    if word.len() < 5 || !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    SUFFIXES.iter().find(|suffix| word.ends_with(*suffix)).map(|suffix| format!("-{suffix}"))
}

/// Person words from the thesaurus and their context, and "kind of" + a person. The rules' own
/// tables are left out on purpose: the positives they find are in the training data, so the
/// model would only learn to repeat them, wherever the word stands.
fn person_words_in_context(text: &Text, features: &mut Vec<String>) {
    let words = &text.words;
    for (index, stem) in text.stems.iter().enumerate() {
        let Some(kind) = THESAURUS.get(stem).copied() else { continue };
        features.push(format!("s:thesaurus {kind}"));
        let before = |back: usize| index.checked_sub(back).and_then(|at| words.get(at)).map(String::as_str);
        if kind == "quality" && matches!(before(1), Some("your" | "his" | "her" | "their")) {
            features.push("s:possessed quality".to_owned());
        }
        if matches!(before(1), Some("a" | "an")) || matches!(before(2), Some("a" | "an")) {
            features.push(format!("s:a {kind}"));
        }
        if [before(1), before(2), before(3)]
            .iter()
            .any(|word| word.is_some_and(|word| HAVING.contains(&word)))
        {
            features.push(format!("s:having {kind}"));
        }
    }
    for window in words.windows(3) {
        if matches!(window[0].as_str(), "kind" | "type" | "sort") && window[1] == "of" {
            let person = PERSON_NOUNS.contains(&window[2].as_str())
                || word_shape(&window[2])
                    .is_some_and(|shape| matches!(shape.as_str(), "-er" | "-or" | "-ist"));
            features.push(format!("s:kind of {}", if person { "person" } else { "thing" }));
        }
    }
}

/// Short clauses with no subject, and the words of a clause that follows a break (a verdict
/// appended to an observation: "...; clearly a natural").
fn clause_shapes(spoken: &str, features: &mut Vec<String>) {
    let clauses: Vec<Vec<String>> = spoken
        .replace(" - ", ". ")
        .split(['.', ';', ',', '!', '?', ':', '(', ')', '\n', '\u{2014}', '\u{2013}'])
        .map(split_words)
        .filter(|words| !words.is_empty())
        .collect();
    for (index, clause) in clauses.iter().enumerate() {
        let has_subject = clause.iter().any(|word| {
            PERSON_SUBJECTS.contains(&word.as_str()) || matches!(word.as_str(), "i" | "we" | "it")
        });
        if clause.len() <= SHORT_CLAUSE_WORDS && !has_subject {
            features.push("s:short clause".to_owned());
            if let Some(last) = clause.last() {
                features.push(format!("s:short clause {}", stem(last)));
                features.extend(word_shape(last).map(|shape| format!("s:short clause {shape}")));
            }
            features.extend(
                clause
                    .iter()
                    .filter_map(|word| person_word(word))
                    .map(|kind| format!("s:short clause {kind}")),
            );
        }
        if index > 0 {
            features.extend(clause.iter().map(|word| format!("t:{}", stem(word))));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(raw: &str, feature: &str) -> bool {
        person_features(raw).iter().any(|candidate| candidate == feature)
    }

    #[test]
    fn a_predicated_word_gives_its_stem_and_shape() {
        assert!(has("You're so defensive", &format!("s:predicate bare {}", stem("defensive"))));
        assert!(has("You're so defensive", "s:predicate bare -ive"));
        assert!(has("She seemed a natural coder", &format!("s:predicate a noun {}", stem("coder"))));
        assert!(has("She seemed a natural coder", "s:subject copula 3"));
    }

    #[test]
    fn quoted_words_are_kept_apart() {
        let features = person_features("You said \"the PM is lazy\"");
        assert!(features.iter().any(|feature| feature == "q:lazy"));
        assert!(!features.iter().any(|feature| feature == "w:lazy" || feature.starts_with("s:predicate")));
    }

    #[test]
    fn features_are_distinct() {
        let features = person_features("You are you are you are");
        let mut sorted = features.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), features.len());
    }
}
