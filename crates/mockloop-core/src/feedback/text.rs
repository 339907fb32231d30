//! Text normalisation shared by the linter and the theme suggester: lowercase, contractions split,
//! hyphens joined, negations dropped, words reduced to crude stems, and phrase matching over stems.
//!
//! Negations are dropped on purpose: "did not ask about scale" and "asked about scale" are about the
//! same theme and are equally concrete, so every rule downstream is negation-insensitive.

/// A field's text, normalised once and matched many times.
#[derive(Clone, Debug, Default)]
pub(crate) struct Text {
    /// The original text, for the signals punctuation carries (quotes, timestamps, code).
    pub raw: String,
    /// Lowercased words with contractions expanded and negations removed, unstemmed.
    pub words: Vec<String>,
    /// `words`, stemmed: what lexicon phrases are matched against.
    pub stems: Vec<String>,
}

/// Words that only flip polarity; dropping them keeps matching negation-insensitive.
const NEGATIONS: [&str; 4] = ["not", "no", "never", "nt"];

impl Text {
    pub fn new(raw: &str) -> Self {
        let words: Vec<String> =
            split_words(raw).into_iter().filter(|word| !NEGATIONS.contains(&word.as_str())).collect();
        let stems = words.iter().map(|word| stem(word)).collect();
        Self { raw: raw.to_owned(), words, stems }
    }

    pub fn is_blank(&self) -> bool {
        self.raw.chars().all(|c| !c.is_alphanumeric())
    }

    /// How many times a stemmed phrase occurs as a contiguous run of stems.
    pub fn count(&self, phrase: &[String]) -> usize {
        count_run(&self.stems, phrase)
    }

    pub fn contains(&self, phrase: &[String]) -> bool {
        self.count(phrase) > 0
    }

    /// Whether a phrase of unstemmed words occurs (for words a stemmer would conflate).
    pub fn contains_words(&self, phrase: &[String]) -> bool {
        count_run(&self.words, phrase) > 0
    }
}

fn count_run(haystack: &[String], phrase: &[String]) -> usize {
    if phrase.is_empty() || phrase.len() > haystack.len() {
        return 0;
    }
    haystack.windows(phrase.len()).filter(|window| *window == phrase).count()
}

/// Lowercases and splits into words. Apostrophe contractions are expanded ("you're" -> "you are",
/// "didn't" -> "did nt"), possessive "'s" is dropped, and hyphens or slashes inside a word are
/// removed so "trade-off", "tradeoff" and "A/B" each become one word.
pub(crate) fn split_words(raw: &str) -> Vec<String> {
    let lowered: String = raw
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '`' => '\'',
            other => other.to_ascii_lowercase(),
        })
        .flat_map(char::to_lowercase)
        .collect();
    let chars: Vec<char> = lowered.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (index, &c) in chars.iter().enumerate() {
        let joins_word = (c == '-' || c == '/' || c == '\'')
            && !current.is_empty()
            && chars.get(index + 1).is_some_and(|next| next.is_alphanumeric());
        if c.is_alphanumeric() {
            current.push(c);
        } else if joins_word {
            if c == '\'' {
                current.push(c);
            }
        } else if !current.is_empty() {
            expand_contraction(&std::mem::take(&mut current), &mut words);
        }
    }
    if !current.is_empty() {
        expand_contraction(&current, &mut words);
    }
    words
}

fn expand_contraction(word: &str, words: &mut Vec<String>) {
    let Some((head, tail)) = word.split_once('\'') else {
        words.push(word.to_owned());
        return;
    };
    let (head, expansion) = match (head, tail) {
        ("can", "t") => ("can", "nt"),
        ("won", "t") => ("will", "nt"),
        ("shan", "t") => ("shall", "nt"),
        (head, "t") if head.ends_with('n') => (&head[..head.len() - 1], "nt"),
        (head, "re") => (head, "are"),
        (head, "m") => (head, "am"),
        (head, "ve") => (head, "have"),
        (head, "ll") => (head, "will"),
        (head, "d") => (head, "would"),
        ("it" | "that" | "he" | "she" | "there" | "what" | "who" | "here", "s") => (head, "is"),
        (head, _) => (head, ""),
    };
    words.push(head.to_owned());
    if !expansion.is_empty() {
        words.push(expansion.to_owned());
    }
}

/// A deliberately crude suffix stripper: it only has to map a word and its inflections to the same
/// key, and both lexicons and texts go through it, so over-stemming is harmless.
pub(crate) fn stem(word: &str) -> String {
    if word.len() <= 3 || !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return word.to_owned();
    }
    let mut stem = word.to_owned();
    for (suffix, replacement, min_left) in [
        ("ies", "y", 2),
        ("sses", "ss", 2),
        ("ing", "", 3),
        ("ed", "", 3),
        ("ly", "", 4),
        ("es", "", 3),
        ("s", "", 3),
    ] {
        if let Some(left) = stem.strip_suffix(suffix) {
            // "boxes" loses "es" but "cases" only "s"; "analysis" and "focus" keep theirs.
            let wrong_ending = match suffix {
                "es" => !["s", "x", "z", "ch", "sh"].iter().any(|ending| left.ends_with(ending)),
                "s" => left.ends_with('s') || left.ends_with('u') || left.ends_with('i'),
                _ => false,
            };
            if left.len() >= min_left && !wrong_ending {
                stem = format!("{left}{replacement}");
                break;
            }
        }
    }
    undouble_and_trim(stem)
}

/// "runn" -> "run", "clarifi" -> "clarify", "structure" -> "structur" so that every inflection
/// lands on one key.
fn undouble_and_trim(mut stem: String) -> String {
    let bytes = stem.as_bytes();
    let length = bytes.len();
    if length > 3
        && bytes[length - 1] == bytes[length - 2]
        && !matches!(bytes[length - 1], b'l' | b's' | b'z')
    {
        stem.pop();
    }
    if stem.len() > 3 && stem.ends_with('i') {
        stem.pop();
        stem.push('y');
    }
    if stem.len() > 3 && stem.ends_with('e') {
        stem.pop();
    }
    stem
}

/// Normalises a lexicon phrase exactly as texts are normalised, so the two can be compared.
pub(crate) fn phrase_stems(phrase: &str) -> Vec<String> {
    Text::new(phrase).stems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems_of(text: &str) -> Vec<String> {
        Text::new(text).stems
    }

    #[test]
    fn inflections_share_a_stem() {
        for group in [
            ["ask", "asked", "asking"],
            ["clarify", "clarified", "clarifying"],
            ["structure", "structured", "structures"],
            ["run", "running", "runs"],
        ] {
            let first = stem(group[0]);
            assert!(group.iter().all(|word| stem(word) == first), "{group:?}");
        }
    }

    #[test]
    fn contractions_expand_and_negations_vanish() {
        assert_eq!(stems_of("You're"), vec!["you", "are"]);
        assert_eq!(stems_of("didn't ask"), stems_of("did ask"));
        assert_eq!(stems_of("never tested it"), stems_of("tested it"));
    }

    #[test]
    fn hyphens_and_slashes_join_words() {
        assert_eq!(stems_of("trade-off"), stems_of("tradeoff"));
        assert_eq!(stems_of("A/B test"), stems_of("ab test"));
    }

    #[test]
    fn phrases_match_as_contiguous_runs() {
        let text = Text::new("You didn't ask clarifying questions before coding.");
        assert!(text.contains(&phrase_stems("clarifying question")));
        assert!(!text.contains(&phrase_stems("question clarifying")));
    }

    #[test]
    fn blank_means_no_letters_or_digits() {
        assert!(Text::new(" - ... ").is_blank());
        assert!(!Text::new("n/a").is_blank());
    }
}
