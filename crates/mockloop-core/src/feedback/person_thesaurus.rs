//! Words that describe people, for the `about_person` model's features (`person_features`): a
//! thesaurus of character, temperament, ability and praise, written from general English, never
//! copied from labelled items. Unlike the rules' tables (`person_words`) these are only evidence,
//! weighed by the model with their context: "sloppy" after "you're" is a verdict, "sloppy joins"
//! is about the work. Entries are compared after stemming, so one entry covers its inflections.

/// Adjectives of character, temperament, intellect and competence, praise and insult alike.
#[rustfmt::skip]
pub(crate) const PERSON_ADJECTIVES: &[&str] = &[
    // intellect
    "smart", "clever", "bright", "brilliant", "intelligent", "gifted", "talented", "sharp", "astute",
    "shrewd", "slow", "dim", "dense", "dull", "dumb", "stupid", "clueless", "ignorant",
    "naive", "gullible", "wise", "savvy", "brainy", "genius", "ingenious", "witty", "dopey",
    // temperament
    "nervous", "anxious", "jittery", "jumpy", "edgy", "tense", "calm", "cool", "composed", "unflappable",
    "steady", "stable", "unstable", "moody", "emotional", "volatile", "hotheaded", "touchy", "prickly",
    "sensitive", "thinskinned", "fragile", "insecure", "confident", "overconfident", "cocky", "arrogant",
    "smug", "vain", "proud", "humble", "modest", "meek", "timid", "shy", "bashful", "reserved", "quiet",
    "introverted", "extroverted", "outgoing", "bubbly", "cheerful", "grumpy", "aloof",
    "distant", "stiff", "awkward", "goofy", "weird", "odd", "quirky", "eccentric", "intense", "highstrung",
    "uptight", "laidback", "easygoing", "relaxed", "chill", "mellow", "passive", "aggressive", "combative",
    "confrontational", "argumentative", "stubborn", "obstinate", "rigid", "inflexible", "closedminded",
    "openminded", "dogmatic", "defensive", "prideful", "spineless", "weak", "soft", "tough", "fearless",
    "brave", "cowardly", "indecisive", "wishywashy", "flaky", "erratic", "scatterbrained", "ditzy",
    "absentminded", "forgetful", "disorganised", "disorganized", "messy", "chaotic", "impulsive", "reckless",
    "careless", "sloppy", "lazy", "idle", "unmotivated", "apathetic", "indifferent", "checkedout", "bored",
    "diligent", "conscientious", "meticulous", "thorough", "hardworking", "industrious", "driven",
    "ambitious", "motivated", "passionate", "enthusiastic", "eager", "keen", "curious", "inquisitive",
    // manner with others
    "rude", "polite", "courteous", "gracious", "kind", "nice", "mean", "harsh", "abrasive", "blunt",
    "condescending", "patronising", "patronizing", "dismissive", "disrespectful", "respectful", "arrogant",
    "pompous", "pretentious", "entitled", "bossy", "pushy", "domineering", "controlling", "manipulative",
    "selfish", "selfless", "generous", "humble", "likeable", "likable", "charming", "charismatic",
    "magnetic", "engaging", "personable", "friendly", "unfriendly", "approachable", "unapproachable",
    "difficult", "prickly", "agreeable", "disagreeable", "cooperative", "uncooperative", "trustworthy",
    "untrustworthy", "honest", "dishonest", "sincere", "insincere", "fake", "genuine", "slick", "smarmy",
    "sleazy", "shady", "sneaky", "cunning",
    // presence and polish
    "articulate", "inarticulate", "eloquent", "wellspoken", "polished", "unpolished", "poised", "mature",
    "immature", "childish", "juvenile",     "professional", "unprofessional", "competent", "incompetent", "capable",
    "incapable", "useless", "hopeless", "clumsy", "inept", "amateurish", "solid", "strong", "weak",
    "impressive", "unimpressive", "mediocre", "exceptional", "outstanding", "stellar",
    "amazing", "awesome", "incredible", "phenomenal", "gifted", "natural", "born", "innate", "instinctive",
    "intuitive", "visionary", "creative", "imaginative", "analytical", "logical", "methodical",
    "rigorous", "nerdy", "geeky", "academic", "theoretical", "bookish", "cerebral", "scrappy", "hungry",
];

/// Nouns that label a person: roles as verdicts, archetypes, praise and insult.
#[rustfmt::skip]
pub(crate) const PERSON_LABELS: &[&str] = &[
    "genius", "prodigy", "wizard", "guru", "ninja", "rockstar", "superstar", "hero", "legend",
    "natural", "talent", "gem", "diamond", "asset", "beast", "monster",
    "pro", "expert", "master", "virtuoso", "whiz", "ace", "brain", "brains", "egghead", "nerd",
    "geek", "boffin", "bluffer", "fraud", "impostor", "imposter", "poser", "faker", "charlatan",     "amateur", "rookie", "newbie", "novice", "beginner", "greenhorn", "kid", "child", "baby",     "diva", "primadonna", "knowitall", "smartass", "showoff", "knob", "jerk", "idiot", "fool", "moron",
    "clown", "dinosaur", "boomer", "millennial", "pushover", "doormat", "bully", "tyrant", "micromanager",
    "perfectionist", "overachiever", "underachiever", "slacker", "procrastinator", "worrier", "introvert",
    "extrovert", "loner", "dreamer", "idealist", "purist", "theorist", "academic", "architect", "visionary",
    "thinker", "leader", "follower", "fighter", "survivor", "personality", "character", "freak",
    "snob", "cowboy", "hotshot", "maverick", "workhorse", "grinder", "hustler",
];

/// Nouns of what someone is or has inside, rather than what they did.
#[rustfmt::skip]
pub(crate) const PERSON_QUALITIES: &[&str] = &[
    "personality", "character", "temperament", "nature", "attitude", "ego", "pride", "vanity", "arrogance",
    "humility", "confidence", "insecurity", "nerve", "nerves", "courage", "backbone", "spine", "grit",
    "drive", "ambition", "hunger", "passion", "enthusiasm", "energy", "vibe", "aura", "presence", "charisma",
    "charm", "warmth", "poise", "composure", "maturity", "intelligence", "intellect", "brilliance", "talent",
    "gift", "genius", "instinct", "intuition", "flair", "knack", "aptitude", "potential", "mindset",
    "headspace", "temper", "patience", "impatience", "empathy", "heart", "soul", "veins", "blood", "dna",
    "genes", "wiring", "mentality", "psyche",
];
