//! What each side of a round may see of a question. The candidate's view is its own type with
//! only the candidate's fields, so interviewer material cannot leak through it by accident.

use serde::Serialize;

use super::{Language, Phase, Question, RoundKind, TestCase};

/// The visible part of a test case: name, input and expected output.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VisibleTest {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub args: Option<Vec<serde_json::Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub setup: Option<String>,
    pub expected: serde_json::Value,
}

/// The question as the candidate sees it once the round starts. No id: ids are written for
/// authors and often name the diagnosis the round is meant to test.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CandidateView {
    pub title: String,
    pub kind: RoundKind,
    pub minutes: u32,
    pub phases: Vec<Phase>,
    pub prompt: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starter_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub visible_tests: Vec<VisibleTest>,
    /// How many hidden tests a submission is judged on (their content stays hidden).
    pub hidden_test_count: usize,
}

fn visible(test: &TestCase) -> VisibleTest {
    VisibleTest {
        name: test.name.clone(),
        args: test.args.clone(),
        setup: test.setup.clone(),
        expected: test.expected.clone(),
    }
}

impl Question {
    pub fn candidate_view(&self) -> CandidateView {
        let coding = self.coding.as_ref();
        CandidateView {
            title: self.title.clone(),
            kind: self.kind,
            minutes: self.minutes,
            phases: self.phases.clone(),
            prompt: self.prompt.clone(),
            language: coding.map(|c| c.language),
            starter_code: coding.map(|c| c.starter_code.clone()),
            schema: coding.and_then(|c| c.schema.clone()),
            visible_tests: coding
                .map_or_else(Vec::new, |c| c.tests.iter().filter(|t| !t.hidden).map(visible).collect()),
            hidden_test_count: coding.map_or(0, |c| c.tests.iter().filter(|t| t.hidden).count()),
        }
    }
}
