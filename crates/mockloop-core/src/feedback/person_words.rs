//! The word tables of the `about_person` rules (see `person`): a data table, so longer than the
//! usual file. Entries describe classes of phrasing (who can be judged, verbs that predicate a
//! quality, traits, person nouns, identity), written as a thesaurus, never copied from labelled
//! items.

/// Who a judgement can be about.
#[rustfmt::skip]
pub(crate) const SUBJECTS: &[&str] =
    &["you", "he", "she", "they", "candidate", "interviewee", "guy", "gal", "person", "individual"];

/// Verbs that predicate a quality of the subject. Longest first so "seem like" wins over "seem".
#[rustfmt::skip]
pub(crate) const COPULAS: &[&str] = &[
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
pub(crate) const MODIFIERS: &[&str] = &[
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
    "sensitive", "stubborn", "indecisive", "nicer", "meaner", "smarter", "ambitious", "driven", "motivated", "unmotivated", "passionate", "enthusiastic",
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
pub(crate) const NOT_AGENT_NOUNS: &[&str] = &[
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
pub(crate) const IDENTITY_NOUNS: &[&str] = &[
    "communicator", "thinker", "listener", "speaker", "presenter", "solver", "learner", "genius", "rockstar",
    "leader", "talent", "personality", "newbie", "novice",
    "mind", "brain", "temperament", "disposition", "ego", "demeanor", "demeanour", "presence",
];

/// Phrases that are about the person wherever they appear: identity, character, potential.
#[rustfmt::skip]
pub(crate) const PERSON_PHRASES: &[&str] = &[
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
    "social skills", "soft skills", "emotional intelligence", "his age", "her age",
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
#[rustfmt::skip]
pub(crate) const PERSON_ONLY_TRAITS: &[&str] = &[
    "introverted", "extroverted", "introvert", "extrovert", "shy", "timid", "insecure", "anxious",
    "nervous", "arrogant", "cocky", "humble", "charismatic", "eloquent", "likeable", "likable",
    "personable", "charming", "bossy", "pushy", "shrill", "hysterical", "rude", "abrasive", "condescending",
    "egotistical", "selfish", "nerdy", "geeky", "attractive", "handsome", "beautiful", "ugly", "brash",
    "unintelligent", "stupid", "dumb", "incompetent", "impatient", "entitled", "easygoing", "gifted",
    "talented", "genius", "intelligent", "lovable", "humorless", "quickwitted", "slowwitted", "unmotivated",
    "lovely",
];

/// Subject-less openers ("Seems nervous.", "Comes across as arrogant.") that still predicate a
/// trait of the person.
#[rustfmt::skip]
pub(crate) const OPENING_COPULAS: &[&str] = &[
    "seem", "seems", "seemed", "comes across as", "came across as", "come across as", "strikes me as",
    "struck me as", "looks", "sounds", "appears",
];

/// Intensifiers that open a verbless fragment such as "Very smart." or "So talented!".
#[rustfmt::skip]
pub(crate) const FRAGMENT_OPENERS: &[&str] = &["very", "really", "so", "super", "clearly", "extremely", "incredibly"];

/// A fragment this short that opens with an intensifier is a verdict on someone, not a description.
pub(crate) const MAX_FRAGMENT_WORDS: usize = 4;

/// Openers of a verdict whose subject is left out ("Clearly brilliant", "Definitely a natural",
/// "Such a pushover"): hedges, intensifiers and articles.
#[rustfmt::skip]
pub(crate) const VERDICT_OPENERS: &[&str] = &[
    "clearly", "obviously", "definitely", "certainly", "honestly", "frankly", "probably", "maybe",
    "perhaps", "just", "simply", "very", "really", "so", "such", "quite", "pretty", "super", "extremely",
    "incredibly", "truly", "genuinely", "total", "totally", "real", "absolute", "absolutely", "bit", "of",
    "kind", "sort", "a", "an", "the", "too", "naturally", "seriously", "evidently", "undeniably", "also",
];

/// Words after a verdict that point at the person ("Clearly brilliant, that one").
#[rustfmt::skip]
pub(crate) const DEICTIC_TAILS: &[&str] = &["that one", "this one", "this guy", "that guy", "this person"];

/// Possessives that, before a trait noun, make the text about someone's qualities ("their" is
/// left out: "their age" is usually a feature of users).
#[rustfmt::skip]
pub(crate) const POSSESSIVES: &[&str] = &["your", "his", "her"];

/// Qualities a person has rather than things a person does.
#[rustfmt::skip]
pub(crate) const TRAIT_NOUNS: &[&str] = &[
    "personality", "attitude", "intelligence", "ego", "temperament", "character", "nature", "demeanor",
    "demeanour", "charisma", "talent", "talents", "gift", "enthusiasm", "passion", "energy", "confidence",
    "humility", "curiosity", "maturity", "instincts", "brain", "brains", "iq", "age", "accent", "looks",
    "appearance", "gender", "race", "religion", "upbringing", "genes",
    "temper", "insecurity", "insecurities", "arrogance", "shyness", "nerves", "nervousness", "anxiety",
    "introversion", "laziness", "stubbornness", "warmth", "charm", "wit", "presence", "gravitas",
    "seniority", "pedigree", "vibe", "aura", "drive", "ambition", "likeability", "likability", "patience",
    "impatience", "modesty", "empathy",
];

/// Verbs by which someone has or lacks a quality ("you lack charisma", "she has a brilliant mind").
#[rustfmt::skip]
pub(crate) const HAVING_VERBS: &[&str] = &[
    "have", "has", "had", "having", "lack", "lacks", "lacked", "lacking", "possess", "possesses", "got",
];

/// Groups a remark can put someone in: gender, family, origin, schooling and career background.
#[rustfmt::skip]
pub(crate) const IDENTITY_GROUPS: &[&str] = &[
    "woman", "man", "girl", "boy", "guy", "lady", "gentleman", "mother", "father", "mom", "mum", "dad",
    "parent", "immigrant", "foreigner", "expat", "native", "phd", "academic", "bootcamp", "grad",
    "graduate", "dropout", "newcomer", "outsider", "physicist", "mathematician", "economist", "consultant",
    "millennial", "boomer", "veteran", "junior", "senior", "beginner", "novice", "newbie", "intern",
    "student", "quant", "career", "changer", "selftaught", "nonnative", "introvert", "extrovert",
];

/// Where someone comes from, as in "coming from academia".
#[rustfmt::skip]
pub(crate) const ORIGINS: &[&str] = &[
    "academia", "consulting", "a bootcamp", "bootcamp", "a phd", "finance", "big tech", "a startup", "abroad",
    "overseas", "research", "a research lab", "physics", "economics", "another country", "a small company",
];

/// Verbs that introduce where someone comes from.
#[rustfmt::skip]
pub(crate) const COMING_FROM: &[&str] = &["coming from", "comes from", "came from", "come from", "being from"];
