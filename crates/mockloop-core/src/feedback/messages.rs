//! What the giver reads: for each problem, how to fix it and an example of a rewrite. The examples
//! show the shape of good feedback (a moment, an observable act, a consequence, a next step).

use super::types::{FeedbackProblem, Field, ProblemCode};
use crate::bank::Dimension;

pub(crate) fn problem(code: ProblemCode, field: Field) -> FeedbackProblem {
    FeedbackProblem { code, field, message: message(code, field) }
}

fn message(code: ProblemCode, field: Field) -> String {
    match (code, field) {
        (ProblemCode::MissingSituation, _) => "Say when it happened: the phase, question or minute. \
            For example: \"About 10 minutes in, while you were sketching the retrieval stage\"."
            .to_owned(),
        (ProblemCode::MissingBehavior, _) => "Describe what the candidate did or said that you could \
            see or hear. For example: \"you proposed a two-tower model without asking about the latency budget\"."
            .to_owned(),
        (ProblemCode::MissingImpact, _) => "Say what it changed for the round or for you as the \
            listener. For example: \"I couldn't tell which metric you were optimising, and we spent 5 \
            minutes backtracking\"."
            .to_owned(),
        (ProblemCode::MissingSuggestion, _) => "Add one next step the candidate can do on cue. For \
            example: \"Before choosing a model, ask for the QPS and the latency target and write them on \
            the board\"."
            .to_owned(),
        (ProblemCode::Vague, Field::Situation) => "Pin down the moment instead of the whole round: name \
            the phase, the question or the minute. Instead of \"during the interview\", write \"in the \
            clarification phase, when I said the data arrives daily\" or \"around minute 25\"."
            .to_owned(),
        (ProblemCode::Vague, Field::Impact) => "Name the consequence you observed: what you as the \
            listener could or could not do, the time it cost, or what it changed in the solution. Instead \
            of \"it was not great\", write \"I lost track of which of the two designs you were costing, so \
            I had to ask twice\"."
            .to_owned(),
        (ProblemCode::Vague, _) => "Describe the observable behavior rather than a verdict: what was said, \
            written or drawn, with its object. Instead of \"your communication was good\", write \"you \
            summarised the three requirements in one sentence before drawing anything\"."
            .to_owned(),
        (ProblemCode::NotActionable, _) => "Turn the advice into an action with an object and a cue or an \
            amount. Instead of \"practice more\" or \"be clearer\", write \"next time you choose between \
            two models, state one reason tied to a requirement\" or \"do two timed SQL problems a day \
            this week\"."
            .to_owned(),
        (ProblemCode::AboutPerson, _) => "Describe what the candidate did, not who they are: traits, \
            talents, level or identity (even as compliments) are not feedback they can act on and invite \
            bias. Instead of \"you're a natural communicator\", write \"you checked I was following after \
            each component of the design\"."
            .to_owned(),
        (ProblemCode::NoStrength, _) => "Start with at least one strength: a specific behavior worth \
            repeating. For example: \"When I challenged the metric, you named two alternatives and picked \
            recall@50 because of the candidate stage\"."
            .to_owned(),
        (ProblemCode::StrengthsNotFirst, _) => "Put the strengths before the improvements, so the \
            candidate hears what to keep before what to change. Move your strength items to the top."
            .to_owned(),
        (ProblemCode::DimensionNotCovered, Field::RatingComment(dimension)) => uncovered(dimension),
        (ProblemCode::DimensionNotCovered, _) => "Cover every dimension with an item or a rating comment."
            .to_owned(),
    }
}

fn uncovered(dimension: Dimension) -> String {
    let example = match dimension {
        Dimension::Communication => {
            "\"You said which step you were on each time you moved, so I could follow the whole design\""
        }
        Dimension::ProblemSolving => {
            "\"You asked about scale and the success metric before proposing anything, then outlined four steps\""
        }
        Dimension::TechnicalDepth => {
            "\"When I probed the loss, you derived why log loss penalises confident mistakes\""
        }
        Dimension::Tradeoffs => {
            "\"You compared batch and online scoring on latency and cost and chose batch because features \
            change daily\""
        }
    };
    format!(
        "Nothing in this feedback addresses {heading}. Add an item on it or a rating comment, for example: {example}.",
        heading = dimension.heading().to_lowercase(),
    )
}
