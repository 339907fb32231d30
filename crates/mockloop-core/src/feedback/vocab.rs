//! The linter's word lists, grouped by what they signal. Entries are written in plain English and
//! normalised like the texts (stems, no negations), so one entry covers its inflections.
//!
//! These lists describe classes of phrasing (generic evaluations, observable actions, artefacts of
//! a DS/ML interview), not sentences from any data set: a list should read like a thesaurus.

/// Whole texts that say nothing: after normalisation, a field made only of these words is missing.
#[rustfmt::skip]
pub const FILLER_WORDS: &[&str] = &[
    "na", "n", "a", "none", "nothing", "nil", "null", "tbd", "todo", "idk", "dunno", "nope", "applicable",
    "particular", "really", "comment", "comments", "add", "say", "suggest", "suggestion", "suggestions", "to",
    "that", "i", "can", "think", "of", "come", "comes", "mind", "at", "this", "time", "for", "now", "sure",
    "same", "as", "above", "below", "see", "ditto", "x", "xx", "xxx", "etc", "whatever", "blah", "know", "do",
    "don", "t", "any", "here", "needed", "required", "specific", "the", "none", "so", "far", "yet", "pass",
    "skip", "empty", "unknown", "nah", "lorem", "ipsum", "test", "placeholder", "tba", "later", "fill", "in",
    "it", "is", "was", "have", "has", "be", "will", "would", "much", "else", "other", "more", "all", "no",
    "not", "never", "really", "just", "nothing", "comment", "n a",
];

/// Words that carry no specific content: function words, verdicts, hedges, vague quantities,
/// generic verbs and round-level topics. A field left with no other word is generic ("Did fine
/// overall", "In the round", "It affected things"); what remains is what makes a field specific.
/// Trait adjectives and person nouns (see `person`) are generic too: a trait is not an observation.
#[rustfmt::skip]
pub const GENERIC_WORDS: &[&str] = &[
    // function words
    "the", "a", "an", "and", "or", "but", "so", "as", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "about", "into", "onto", "over", "under", "during", "throughout", "through", "while", "when",
    "where", "which", "what", "who", "whom", "whose", "how", "why", "that", "this", "these", "those", "there",
    "here", "it", "its", "itself", "you", "your", "yours", "yourself", "i", "me", "my", "mine", "we", "us",
    "our", "he", "him", "his", "she", "her", "hers", "they", "them", "their", "one", "ones", "if", "than",
    "then", "also", "too", "just", "only", "even", "still", "yet", "again", "all", "any", "some", "each",
    "every", "both", "either", "neither", "such", "same", "other", "others", "another", "else", "own", "up",
    "down", "out", "off", "across", "around", "along", "within", "without", "upon", "toward", "towards",
    "per", "via", "like", "unlike", "because", "since", "though", "although", "whether", "upon", "among",
    "between", "before", "after", "s", "t", "nt", "re", "ve", "ll", "d", "m", "o",
    // auxiliaries and empty verbs
    "be", "is", "are", "was", "were", "been", "being", "am", "do", "did", "does", "done", "doing", "have",
    "has", "had", "having", "get", "got", "gets", "getting", "gotten", "go", "went", "gone", "goes", "going",
    "come", "came", "comes", "coming", "make", "made", "makes", "making", "seem", "seems", "seemed", "feel",
    "felt", "feels", "look", "looked", "looks", "show", "showed", "shown", "shows", "think", "thought", "can",
    "could", "would", "should", "might", "may", "will", "shall", "must", "let", "matter", "mattered",
    "matters", "affect", "affected", "affects", "help", "helped", "helps", "hurt", "work", "worked", "works",
    "working", "happen", "happened", "happens", "handle", "handled", "manage", "managed", "perform",
    "performed", "struggle", "struggled", "struggling", "try", "tried", "trying", "need", "needs", "needed",
    "want", "wanted", "keep", "kept", "keeping", "continue", "continued", "put", "play", "played", "perceive",
    "perceived", "talk", "talked", "talking", "say", "said", "tell", "told", "find", "found", "see", "saw",
    "seen", "know", "knew", "known", "take", "took", "taken", "give", "gave", "given", "turn", "turned",
    "end", "ended", "cover", "covered", "bring", "brought", "improve", "improved", "improving", "practice",
    "practise", "practicing", "practising", "study", "learn", "consider", "reflect", "focus", "pay",
    "attention", "brush", "polish", "strengthen", "develop", "grow", "pin", "spend", "spent", "explain",
    "explained", "explains", "explaining", "describe", "described", "mention", "mentioned", "mentions",
    "mentioning", "communicate", "communicated", "present", "presented", "discuss", "discussed", "address",
    "addressed", "approach", "approached", "deliver", "delivered", "execute", "executed", "go", "sound",
    "sounded", "expect", "expected", "suppose", "guess", "hope", "wish", "become", "became",
    // verdicts
    "good", "great", "nice", "fine", "ok", "okay", "alright", "bad", "poor", "weak", "strong", "solid",
    "decent", "excellent", "awesome", "amazing", "impressive", "impressed", "terrible", "awful", "better",
    "worse", "best", "worst", "well", "messy", "shallow", "unclear", "clear", "clearer", "confusing",
    "confused", "lacking", "lacklustre", "lackluster", "ideal", "positive", "negative", "mixed", "wrong",
    "right", "correct", "incorrect", "useful", "useless", "helpful", "unhelpful", "effective", "ineffective",
    "valuable", "important", "interesting", "careful", "careless", "sloppy", "rough", "shaky", "smooth",
    "comfortable", "uncomfortable", "pleased", "happy", "unhappy", "disappointing", "disappointed", "stellar",
    "cool", "superb", "perfect", "flawless", "fantastic", "terrific", "wonderful", "outstanding",
    "exceptional", "remarkable", "mediocre", "average", "subpar", "insufficient", "sufficient", "adequate",
    "acceptable", "unacceptable", "reasonable", "satisfactory", "unsatisfactory", "fair", "meh", "so-so",
    "job", "stuff", "effort", "hard", "easy", "difficult", "tough", "simple", "complicated", "improvement",
    "improvements", "issue", "issues", "problem", "problems", "concern", "concerns", "concerning", "red",
    "flag", "flags", "fault", "faults", "mistake", "mistakes", "plus", "minus", "pro", "con", "win", "wins",
    "enough", "worthwhile", "worth", "off", "great", "top", "notch", "par", "bar", "ready", "unready",
    "organised", "organized", "disorganised", "disorganized", "structured", "unstructured", "confident",
    "creative", "systematic", "detailed", "thorough", "rigorous", "sharp", "quick", "slow", "fast",
    // hedges and vague quantities, places and times
    "overall", "general", "generally", "usually", "often", "sometimes", "occasionally", "always", "ever",
    "times", "time", "moment", "moments", "point", "points", "various", "several", "certain", "many", "much",
    "more", "most", "less", "least", "lot", "lots", "few", "little", "bit", "whole", "entire", "middle",
    "somewhere", "anywhere", "everywhere", "course", "different", "part", "parts", "place", "places",
    "respect", "respects", "regard", "regards", "terms", "number", "degree", "extent", "way", "ways", "case",
    "cases", "picture", "impression", "impressions", "result", "results", "effect", "effects", "impact",
    "outcome", "thing", "things", "something", "anything", "everything", "nothing", "somewhat", "kind",
    "kinds", "sort", "sorts", "type", "types", "really", "very", "quite", "pretty", "rather", "maybe",
    "perhaps", "probably", "possibly", "likely", "honestly", "mostly", "mainly", "fairly", "slightly",
    "definitely", "certainly", "clearly", "obviously", "basically", "etc", "opinion", "side", "sides", "area",
    "areas", "aspect", "aspects", "topic", "topics", "concept", "concepts", "detail", "details", "level",
    "levels", "stage", "phase", "bits", "pieces", "piece", "elements", "element", "matter", "idea", "ideas",
    "directions", "direction", "instances", "instance", "manner", "fashion", "far", "now", "today", "later",
    "earlier", "soon", "already", "anyway", "whatever", "together", "forward", "future", "going", "usual",
    "typical", "overall", "final", "picture", "relevant", "less",
    // round-level topics: they name the round, not a moment or an act in it
    "interview", "interviews", "round", "rounds", "session", "sessions", "mock", "mocks", "call", "calls",
    "conversation", "discussion", "discussions", "chat", "meeting", "loop", "exercise", "coding", "code",
    "design", "designs", "system", "systems", "ml", "machine", "learning", "stats", "statistics", "maths",
    "math", "experimentation", "behavioral", "behavioural", "leadership", "communication", "communicating",
    "technical", "technically", "solution", "solutions", "approach", "approaches", "answer", "answers",
    "question", "questions", "explanation", "explanations", "story", "stories", "reasoning", "thinking",
    "structure", "depth", "skill", "skills", "performance", "staff", "senior", "candidate", "interviewer",
    "data", "science", "engineering", "product", "knowledge", "understanding", "ability", "abilities",
    "fundamentals", "basics", "sql", "python", "deep", "dive", "dives", "material", "content", "presentation",
    "delivery", "style", "process",
];

/// Advice verbs that name an area to get better at without saying what to do: a clause led by one
/// needs a cue, an amount or a specific object to be actionable ("practice more" versus "practice
/// two timed SQL problems a day").
#[rustfmt::skip]
pub const GENERIC_LEAD_VERBS: &[&str] = &[
    "practice", "practise", "study", "improve", "work", "focus", "be", "become", "get", "think", "consider",
    "learn", "review", "revise", "reflect", "brush", "read", "pay", "polish", "strengthen", "develop", "grow",
    "try", "aim", "look", "explore", "dig", "go", "stay", "remain", "build", "gain", "level", "strive",
    "push", "spend", "invest", "refresh", "understand", "master", "remember", "care", "watch", "sharpen",
    "deepen", "broaden", "expand",
];

/// Openers that introduce the advice without being it; stripped before the lead verb is read.
#[rustfmt::skip]
pub const LEAD_INS: &[&str] = &[
    "next time", "going forward", "in the future", "moving forward", "for next time", "in future",
    "i would suggest", "i suggest", "i would recommend", "i recommend", "i think", "i feel", "i believe",
    "i would", "you should", "you could", "you can", "you might want to", "you might", "you may",
    "you need to", "you want to", "you will want to", "you will need to", "it would be good to",
    "it would be worthwhile to", "it would help to", "it might be worth", "it is worth", "worth",
    "it would be", "try to", "try and", "please", "maybe", "perhaps", "just", "also", "then", "and", "so",
    "but", "simply", "definitely", "really", "make sure to", "make sure you", "make sure", "remember to",
    "do not forget to", "don't forget to", "suggestion", "tip", "my advice is to", "advice",
];

/// Cues, schedules and examples that make advice something one can do on a given occasion.
#[rustfmt::skip]
pub const TRIGGERS: &[&str] = &[
    "when", "whenever", "before", "after", "each", "every", "per", "until", "once", "instead of",
    "rather than", "e g", "eg", "for example", "for instance", "such as", "a day", "a week", "daily",
    "weekly", "one", "at least", "at most", "up to", "in advance", "up front", "upfront", "out loud",
    "on paper", "on the board", "by name",
];

/// Verdicts that can open a clause of praise ("Great stuff", "Nice work on that"): such a clause
/// is not advice even when it names something.
#[rustfmt::skip]
pub const OPENING_VERDICTS: &[&str] = &[
    "good", "great", "nice", "well", "excellent", "solid", "awesome", "fine", "ok", "okay", "perfect",
    "brilliant", "amazing", "fantastic", "lovely", "cool", "superb", "bravo", "kudos", "congrats", "thanks",
    "thank", "overall", "generally", "honestly",
];

/// Words ending in "ly" that are not manner adverbs (which are otherwise generic: "clearly").
#[rustfmt::skip]
pub const NOT_ADVERBS: &[&str] = &[
    "anomaly", "anomalies", "apply", "supply", "reply", "assembly", "family", "italy", "july", "daily",
    "weekly", "monthly", "quarterly", "yearly", "hourly", "early", "poly", "rely", "ply", "friendly",
];
