//! What makes a field specific: strong signals that only an observer of one moment writes
//! (numbers, clock times, quotes, code), and informative words, i.e. words that are not generic
//! (function words, verdicts, hedges, round-level topics, traits). The linter's rules are stated
//! in these terms.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::person_words::{PERSON_NOUNS, TRAIT_ADJECTIVES};
use super::text::{split_words, Text};
use super::vocab;

/// Number words that count ("two timed problems", "three edge cases"). "one" is left out: it is
/// mostly a pronoun ("the one you chose").
#[rustfmt::skip]
const NUMBER_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen",
    "twenty", "thirty", "forty", "fifty", "sixty", "ninety", "hundred", "thousand", "million", "billion",
    "twice", "thrice", "half", "dozen", "percent",
];

/// Units of time that pin a moment or a duration.
#[rustfmt::skip]
const TIME_UNITS: &[&str] =
    &["minute", "minutes", "min", "mins", "second", "seconds", "sec", "secs", "hour", "hours"];

/// Words about the person's nature that are generic in the same way as verdicts.
#[rustfmt::skip]
const NATURE_WORDS: &[&str] =
    &["nature", "naturally", "mindset", "people", "minded", "personality", "trait", "traits"];

/// Upper-case SQL keywords are code written in the text even without backticks.
#[rustfmt::skip]
const SQL_KEYWORDS: &[&str] = &[
    "SELECT", "JOIN", "GROUP BY", "WHERE", "HAVING", "DISTINCT", "COUNT(", "PARTITION BY", "ORDER BY",
    "UNION",
];

pub(crate) struct Vocabulary {
    pub filler: HashSet<String>,
    pub generic: HashSet<String>,
    pub not_adverbs: HashSet<&'static str>,
}

pub(crate) static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    let words = |lists: &[&[&str]]| -> HashSet<String> {
        lists.iter().flat_map(|list| list.iter()).flat_map(|entry| split_words(entry)).collect()
    };
    Vocabulary {
        filler: words(&[vocab::FILLER_WORDS]),
        generic: words(&[vocab::GENERIC_WORDS, TRAIT_ADJECTIVES, PERSON_NOUNS, NATURE_WORDS]),
        not_adverbs: vocab::NOT_ADVERBS.iter().copied().collect(),
    }
});

/// Whether a word carries content of its own: not generic, not a manner adverb, not a stray letter.
pub(crate) fn is_informative(word: &str) -> bool {
    let vocabulary = &*VOCABULARY;
    let adverb = word.len() > 4 && word.ends_with("ly") && !vocabulary.not_adverbs.contains(word);
    word.len() > 1 && !adverb && !vocabulary.generic.contains(word)
}

pub(crate) fn informative_words(words: &[String]) -> usize {
    words.iter().filter(|word| is_informative(word)).count()
}

/// Numbers, clock times, quotes and code: each pins a field to something that was observed.
pub(crate) fn strong_signals(text: &Text) -> usize {
    count_numbers(text) + count_time_references(text) + count_quotes(&text.raw) + count_code(&text.raw)
}

/// Whether every word is filler ("n/a", "nothing to add", "none really"): the field is missing.
pub(crate) fn is_filler(text: &Text) -> bool {
    text.is_blank() || text.words.iter().all(|word| VOCABULARY.filler.contains(word))
}

fn count_numbers(text: &Text) -> usize {
    text.words.iter().filter(|word| is_number(word)).count()
}

/// Digits or a number word ("two", "twice", "half").
pub(crate) fn is_number(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit()) || NUMBER_WORDS.contains(&word)
}

/// "at 14:30", "minute 20", "10 minutes in", "the first five minutes", "30 seconds".
fn count_time_references(text: &Text) -> usize {
    let clock_times = text.raw.as_bytes().windows(4).filter(|window| is_clock_time(window)).count();
    let unit_mentions = text.words.iter().filter(|word| TIME_UNITS.contains(&word.as_str())).count();
    let compact = text.words.iter().filter(|word| is_compact_duration(word)).count();
    clock_times + unit_mentions + compact
}

/// "4:30" or the tail of "14:30": digit, colon, two digits.
fn is_clock_time(window: &[u8]) -> bool {
    window[0].is_ascii_digit()
        && window[1] == b':'
        && window[2].is_ascii_digit()
        && window[3].is_ascii_digit()
}

/// "20m", "90s", "5min".
fn is_compact_duration(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && matches!(&word[digits..], "m" | "s" | "min" | "mins" | "sec" | "h")
}

/// Quoted words: "...", “...”, or '...' around at least two letters (apostrophes inside words are
/// not quotes).
pub(crate) fn count_quotes(raw: &str) -> usize {
    let double = raw.matches('"').count() / 2;
    let curly = raw.matches('\u{201C}').count().min(raw.matches('\u{201D}').count());
    double + curly + count_single_quoted(raw)
}

fn count_single_quoted(raw: &str) -> usize {
    let chars: Vec<char> =
        raw.chars().map(|c| if c == '\u{2018}' || c == '\u{2019}' { '\'' } else { c }).collect();
    let mut count = 0;
    let mut open: Option<usize> = None;
    for (index, &c) in chars.iter().enumerate() {
        if c != '\'' {
            continue;
        }
        let before = index.checked_sub(1).and_then(|i| chars.get(i)).copied();
        let after = chars.get(index + 1).copied();
        let opens = before.is_none_or(|b| !b.is_alphanumeric()) && after.is_some_and(char::is_alphanumeric);
        let closes = before.is_some_and(|b| !b.is_whitespace()) && after.is_none_or(|a| !a.is_alphanumeric());
        match open {
            Some(start) if closes && index > start + 2 => {
                count += 1;
                open = None;
            }
            None if opens => open = Some(index),
            _ => {}
        }
    }
    count
}

/// Code in the text: backticks, calls, snake_case or camelCase identifiers, upper-case SQL.
fn count_code(raw: &str) -> usize {
    let backticks = raw.matches('`').count() / 2;
    let identifiers = raw
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '"' | '\'' | ':'))
        .filter(|token| is_code_identifier(token))
        .count();
    let sql = SQL_KEYWORDS.iter().filter(|keyword| raw.contains(*keyword)).count();
    backticks + identifiers + sql
}

fn is_code_identifier(token: &str) -> bool {
    let call =
        token.contains("()") || (token.contains('(') && token.contains(')') && !token.starts_with('('));
    let token = token.trim_matches(|c: char| matches!(c, '.' | '!' | '?' | '(' | ')'));
    let letters = |part: &str| part.chars().any(|c| c.is_ascii_alphabetic());
    let snake = token.contains('_')
        && token.split('_').filter(|part| !part.is_empty()).count() >= 2
        && token.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let camel = token.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && token.chars().skip(1).any(|c| c.is_ascii_uppercase())
        && token.chars().all(|c| c.is_ascii_alphanumeric());
    letters(token) && (snake || call || camel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_and_durations_are_time_references() {
        assert!(count_time_references(&Text::new("at 14:30")) > 0);
        assert!(count_time_references(&Text::new("around minute 20")) > 0);
        assert!(count_time_references(&Text::new("for 90s")) > 0);
        assert_eq!(count_time_references(&Text::new("during the interview")), 0);
    }

    #[test]
    fn quotes_are_counted_but_apostrophes_are_not() {
        assert_eq!(count_quotes(r#"you said "it depends" twice"#), 1);
        assert_eq!(count_quotes("you said 'let me think' and stopped"), 1);
        assert_eq!(count_quotes("you didn't ask, it's fine"), 0);
    }

    #[test]
    fn code_identifiers_are_code() {
        assert!(count_code("the merge_intervals helper") > 0);
        assert!(count_code("calling sorted() twice") > 0);
        assert!(count_code("a LEFT JOIN on user_id") > 0);
        assert_eq!(count_code("you did well overall."), 0);
    }

    #[test]
    fn filler_is_filler_in_any_spelling() {
        for filler in ["n/a", "N/A", "-", "none", "Nothing to add.", "...", "", "idk", "TBD", "none really"] {
            assert!(is_filler(&Text::new(filler)), "{filler:?}");
        }
        assert!(!is_filler(&Text::new("good")));
    }

    #[test]
    fn verdicts_hedges_and_traits_are_not_informative() {
        for word in ["good", "overall", "interview", "clearly", "smart", "person", "things"] {
            assert!(!is_informative(word), "{word}");
        }
        for word in ["randomisation", "leakage", "answered", "anomaly", "start"] {
            assert!(is_informative(word), "{word}");
        }
    }
}
