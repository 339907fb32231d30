//! Detecting feedback about the person rather than the behavior: trait judgements ("you're lazy",
//! "you seem like the kind of person who..."), compliments of traits ("you're a natural
//! communicator", "your enthusiasm"), level labels ("too junior") and identity (age, accent,
//! gender, nationality). Negations are already gone, so "not a people person" is caught too.
//!
//! Trait adjectives alone are not enough ("a smart choice of index" praises a behavior); they count
//! when predicated of the person: subject + copula ("you are", "she seemed", "came across as").

use std::sync::LazyLock;

use super::text::{split_words, Text};

/// Who a judgement can be about.
#[rustfmt::skip]
const SUBJECTS: &[&str] = &["you", "he", "she", "they", "candidate", "interviewee"];

/// Verbs that predicate a quality of the subject. Longest first so "seem like" wins over "seem".
#[rustfmt::skip]
const COPULAS: &[&str] = &[
    "come across as", "comes across as", "came across as", "coming across as", "struck me as", "strike me as",
    "strikes me as", "seem to be", "seems to be", "seemed to be", "appear to be", "appears to be",
    "appeared to be", "seem like", "seems like", "seemed like", "look like", "looks like", "looked like",
    "sound like", "sounds like", "sounded like", "must be", "might be", "would be", "will be", "have been",
    "has been", "are", "is", "were", "was", "am", "seem", "seems", "seemed", "look", "looks", "looked",
    "sound", "sounds", "sounded", "appear", "appears", "appeared", "be", "being", "feel like", "felt like",
    "got", "get", "became", "become",
    "tend to be", "tends to be", "tended to be", "act like", "acted like", "acts like", "behave like",
    "behaved like", "remind me of", "reminded me of", "are one of those", "are the type",
];

/// Words that may stand between the copula and the trait without changing who is judged.
#[rustfmt::skip]
const MODIFIERS: &[&str] = &[
    "very", "really", "so", "too", "quite", "a", "an", "the", "such", "bit", "little", "clearly", "just",
    "pretty", "extremely", "super", "truly", "definitely", "obviously", "genuinely", "incredibly", "somewhat",
    "rather", "fairly", "overly", "always", "still", "probably", "maybe", "perhaps", "simply", "already",
    "also", "more", "less", "most", "least", "highly", "naturally", "innately", "inherently", "lot", "tad",
    "actually", "certainly", "absolutely", "of", "way", "honestly", "frankly", "generally", "usually",
    "often", "come", "across", "as", "like", "to", "be",
];

/// Qualities of a person (character, temperament, ability, level, emotional state), not of work.
#[rustfmt::skip]
pub(crate) const TRAIT_ADJECTIVES: &[&str] = &[
    "smart", "intelligent", "clever", "brilliant", "bright", "gifted", "talented", "genius", "lazy",
    "arrogant", "humble", "modest", "confident", "overconfident", "underconfident", "unconfident", "insecure",
    "nervous", "anxious", "shy", "timid", "introverted", "introvert", "extroverted", "extrovert", "friendly",
    "kind", "likeable", "likable", "pleasant", "rude", "abrasive", "aggressive", "passive", "emotional",
    "sensitive", "stubborn", "ambitious", "driven", "motivated", "unmotivated", "passionate", "enthusiastic",
    "energetic", "charismatic", "articulate", "eloquent", "wellspoken", "polished", "mature", "immature",
    "junior", "senior", "naive", "sharp", "dumb", "stupid", "incompetent", "competent", "capable",
    "incapable", "curious", "creative", "analytical", "careless", "diligent", "hardworking", "genuine",
    "authentic", "awkward", "charming", "funny", "boring", "cocky", "entitled", "difficult", "easygoing",
    "calm", "patient", "impatient", "pushy", "bossy", "shrill", "old", "young", "inexperienced",
    "experienced", "seasoned", "defensive", "flustered", "frustrated", "stressed", "rattled", "overwhelmed",
    "intimidated", "uncomfortable", "unprepared", "knowledgeable", "dismissive", "condescending",
    "disrespectful", "respectful", "professional", "unprofessional", "personable", "honest", "trustworthy",
    "reliable", "lovely", "sweet", "cheerful", "bubbly", "intense", "natural", "born", "wise", "gifted",
    "slowwitted", "quickwitted", "intuitive", "unintelligent", "humorless", "introspective", "likeable",
    "lacklustre", "insightful", "thoughtful", "personable", "egotistical", "selfish", "selfless", "weird",
    "odd", "strange", "quirky", "nerdy", "geeky", "cute", "beautiful", "handsome", "attractive", "ugly",
    "fat", "skinny", "foreign", "exotic", "emotional", "hysterical", "bossy", "abrasive", "shy", "reserved",
    "outgoing", "introverted", "lazy", "brash",
];

/// Nouns that name what kind of person someone is.
#[rustfmt::skip]
pub(crate) const PERSON_NOUNS: &[&str] = &[
    "communicator", "thinker", "leader", "engineer", "scientist", "coder", "programmer", "developer",
    "solver", "listener", "speaker", "presenter", "person", "guy", "girl", "woman", "man", "lady",
    "candidate", "hire", "talent", "fit", "learner", "worker", "player", "individual", "mind", "natural",
    "pro", "expert", "analyst", "researcher", "collaborator", "teammate", "introvert", "extrovert", "genius",
    "rockstar", "star", "ninja", "wizard", "asset", "personality", "character", "someone", "somebody",
    "junior", "senior", "newbie", "novice", "beginner", "veteran",
];

/// Words ending like agent nouns that name things, not people ("you were a bit faster", "an error").
#[rustfmt::skip]
const NOT_AGENT_NOUNS: &[&str] = &[
    "error", "order", "other", "number", "letter", "answer", "matter", "better", "faster", "slower", "longer",
    "shorter", "bigger", "smaller", "clearer", "cleaner", "simpler", "deeper", "higher", "lower", "harder",
    "easier", "quicker", "stronger", "weaker", "larger", "vector", "factor", "tensor", "cluster", "filter",
    "buffer", "layer", "parameter", "counter", "pointer", "marker", "folder", "header", "register", "paper",
    "power", "shower", "computer", "server", "router", "trigger", "wrapper", "helper", "encoder", "decoder",
    "tokenizer", "optimizer", "scheduler", "minor", "major", "prior", "monitor", "director", "sector",
    "indicator", "operator", "predictor", "estimator", "regressor", "classifier", "list", "checklist",
    "whiteboard", "further", "rather", "either", "neither", "whether", "together", "however", "after", "over",
    "under", "later", "earlier", "corner", "border", "water", "summer", "winter", "quarter",
];

/// Nouns that, after "a/an (adjective)", label a person even without a subject: "A natural
/// communicator". Roles such as "engineer" are left out because stories mention "a junior engineer".
#[rustfmt::skip]
const IDENTITY_NOUNS: &[&str] = &[
    "communicator", "thinker", "listener", "speaker", "presenter", "solver", "learner", "genius", "rockstar",
    "leader", "talent", "personality", "newbie", "novice",
    "mind", "brain", "temperament", "disposition", "ego", "demeanor", "demeanour", "presence",
];

/// Phrases that are about the person wherever they appear: identity, character, potential.
#[rustfmt::skip]
const PERSON_PHRASES: &[&str] = &[
    "people person", "team player", "natural leader", "born leader", "kind of person", "type of person",
    "sort of person", "kind of candidate", "type of candidate", "like someone who", "as someone who",
    "like somebody who", "a natural at", "a natural with", "a natural fit", "staff material",
    "senior material", "leadership material", "manager material", "principal material", "cut out for",
    "what it takes", "culture fit", "cultural fit", "x factor", "rock star", "smart cookie", "know it all",
    "knowitall", "your age", "too old", "too young", "older candidate", "younger candidate",
    "your generation", "millennial", "boomer", "gen z", "accent", "native speaker", "native english",
    "nonnative", "non native", "first language", "your english", "as a woman", "as a man", "for a woman",
    "for a girl", "for a guy", "female", "male", "gender", "your culture", "cultural background",
    "nationality", "where you are from", "your race", "ethnic", "ethnicity", "religion", "religious",
    "pregnant", "disabled", "disability", "your appearance", "your looks", "your outfit", "dressed",
    "your personality", "your attitude", "your intelligence", "your ego", "your temperament",
    "your character", "your nature", "your demeanor", "your demeanour", "your charisma", "your talent",
    "your gift", "your enthusiasm", "your passion", "your energy", "your confidence", "your humility",
    "your curiosity", "your maturity", "your instincts", "natural talent", "natural ability",
    "naturally gifted", "innate", "innately", "brilliant mind", "sharp mind", "great energy", "good energy",
    "positive energy", "good vibe", "good vibes", "vibe", "vibes", "charisma", "good person", "nice person",
    "nice guy", "strong hire", "no hire", "great fit", "good fit", "too junior", "too senior", "very junior",
    "so junior", "seem junior", "have a gift", "have a talent", "have a knack", "has a knack",
    "have a natural", "good instincts", "great instincts", "gut feeling", "have talent", "has talent",
    "personality", "attitude problem", "bad attitude", "great attitude", "good attitude", "positive attitude",
    "mindset of a", "indian", "chinese", "asian", "african", "latino", "latina", "hispanic", "mexican",
    "russian", "european", "american", "british", "german", "french", "japanese", "korean", "arab", "jewish",
    "muslim", "christian", "hindu", "your kids", "mother", "mom", "dad", "married", "your family",
    "old enough", "young enough", "how old", "at your stage", "not smart enough", "smart enough",
    "intelligent enough", "the brains", "by nature", "typical of someone", "typical for someone",
    "typical of people", "typical for people", "typical of a", "typical for a", "typical of your",
    "typical for your", "someone like you", "people like you", "someone with a", "someone from a",
    "someone fresh", "fresh out of", "woman", "women", "girl", "girls", "lady", "ladies", "young man",
    "old man", "mindset", "enough for staff", "enough for senior", "enough for principal",
    "enough for this level", "enough for the level", "enough for the role", "enough for this role",
    "cut out to", "a numbers person", "language thing", "cultural thing", "generational", "your generation",
    "your upbringing", "born",
    "lack confidence", "lacks confidence", "lacked confidence", "lacking confidence", "lack charisma",
    "lacks charisma", "lack presence", "lacks presence", "executive presence", "gravitas", "people skills",
    "social skills", "soft skills", "emotional intelligence", "his age", "her age", "their age",
    "older candidates", "older engineers", "older people", "younger candidates", "younger people",
    "years old", "digital native", "his english", "her english", "their english", "broken english",
    "language barrier", "foreigner", "immigrant", "your country", "back home", "people from",
    "where you come from", "where he is from", "where she is from", "your people", "adhd", "autistic",
    "autism", "on the spectrum", "dyslexic", "mental health", "your clothes", "your hair",
    "one of those people", "one of those candidates", "those people who", "comes naturally",
    "come naturally", "came naturally", "your dna", "in your blood", "low energy", "high energy",
    "pleasure to interview", "pleasure to talk", "pleasure to work", "joy to interview", "joy to talk",
    "knows her stuff", "knows his stuff", "know your stuff", "knows their stuff", "has potential",
    "have potential", "high potential", "lot of potential", "wired for", "instinct", "instincts",
    "academic type", "as an academic", "bootcamp grad", "self taught", "selftaught", "brazilian",
    "nigerian", "pakistani", "vietnamese", "filipino", "italian", "spanish", "canadian",
    "australian", "israeli", "iranian", "turkish", "ukrainian", "african american", "caucasian",
    "senior enough", "experienced enough", "technical enough", "mature enough", "strong enough for",
    "ready for staff", "ready for senior", "ready for principal", "you do like", "you like being",
    "you love", "you hate", "you enjoy", "you dislike", "from academia", "second language",
];

/// Adjectives that only ever describe a person (not an answer, a design or a ramp), so they are
/// a trait judgement wherever they appear: "visibly nervous", "an anxious type".
const PERSON_ONLY_TRAITS: &[&str] = &[
    "introverted",
    "extroverted",
    "introvert",
    "extrovert",
    "shy",
    "timid",
    "insecure",
    "anxious",
    "nervous",
    "arrogant",
    "cocky",
    "humble",
    "charismatic",
    "eloquent",
    "likeable",
    "likable",
    "personable",
    "charming",
    "bossy",
    "pushy",
    "shrill",
    "hysterical",
    "rude",
    "abrasive",
    "condescending",
    "egotistical",
    "selfish",
    "nerdy",
    "geeky",
    "attractive",
    "handsome",
    "beautiful",
    "ugly",
    "brash",
    "unintelligent",
    "stupid",
    "dumb",
    "incompetent",
    "impatient",
    "entitled",
    "easygoing",
    "gifted",
    "talented",
    "genius",
    "intelligent",
    "lovable",
    "humorless",
    "quickwitted",
    "slowwitted",
    "unmotivated",
    "lovely",
];

/// Subject-less openers ("Seems nervous.", "Comes across as arrogant.") that still predicate a
/// trait of the person.
#[rustfmt::skip]
const OPENING_COPULAS: &[&str] = &[
    "seem", "seems", "seemed", "comes across as", "came across as", "come across as", "strikes me as",
    "struck me as", "looks", "sounds", "appears",
];

/// Intensifiers that open a verbless fragment such as "Very smart." or "So talented!".
#[rustfmt::skip]
const FRAGMENT_OPENERS: &[&str] = &["very", "really", "so", "super", "clearly", "extremely", "incredibly"];

/// A fragment this short that opens with an intensifier is a verdict on someone, not a description.
const MAX_FRAGMENT_WORDS: usize = 4;

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
