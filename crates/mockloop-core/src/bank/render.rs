//! Questions as Markdown, for the CLI and for printing a brief.

use std::fmt::Write;

use super::view::CandidateView;
use super::{Language, Question};

fn fence(language: Option<Language>) -> &'static str {
    match language {
        Some(Language::Python) => "python",
        Some(Language::Sql) | None => "sql",
    }
}

fn phases_line(phases: &[super::Phase]) -> String {
    phases.iter().map(|p| format!("{} {} min", p.name, p.minutes)).collect::<Vec<_>>().join(" · ")
}

/// The candidate's view: prompt, phases and, for coding, starter code and visible tests.
pub fn candidate_markdown(view: &CandidateView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", view.title);
    let _ =
        writeln!(out, "{} · {} minutes · {}\n", view.kind.label(), view.minutes, phases_line(&view.phases));
    let _ = writeln!(out, "## Prompt\n\n{}\n", view.prompt);
    if let Some(schema) = &view.schema {
        let _ = writeln!(out, "## Schema\n\n```sql\n{schema}\n```\n");
    }
    if let Some(code) = &view.starter_code {
        let _ = writeln!(out, "## Starter code\n\n```{}\n{code}\n```\n", fence(view.language));
    }
    if !view.visible_tests.is_empty() {
        let _ = writeln!(out, "## Examples\n");
        for test in &view.visible_tests {
            let input = test.args.as_ref().map(|args| serde_json::Value::from(args.clone()).to_string());
            let _ = writeln!(
                out,
                "- {}: {}expected {}",
                test.name,
                input.map(|i| format!("args {i}, ")).unwrap_or_default(),
                test.expected
            );
        }
        let _ = writeln!(out, "\nSubmissions are also judged on {} hidden tests.", view.hidden_test_count);
    }
    out.trim_end().to_owned()
}

/// The interviewer's brief: everything, in the order it is used during the round.
pub fn interviewer_markdown(question: &Question) -> String {
    let mut out = candidate_markdown(&question.candidate_view());
    let _ = write!(out, "\n\n## Clarifications\n\n");
    for c in &question.clarifications {
        let _ = writeln!(out, "- **{}** {}", c.question, c.answer);
    }
    let _ = write!(out, "\n## Hints (reveal in order)\n\n");
    for (i, hint) in question.hints.iter().enumerate() {
        let _ = writeln!(out, "{}. {hint}", i + 1);
    }
    let _ = write!(out, "\n## Probes\n\n");
    for probe in &question.probes {
        let _ = writeln!(out, "- {probe}");
    }
    let _ = write!(out, "\n## Rubric\n");
    for levels in &question.rubric {
        let _ = write!(
            out,
            "\n### {}\n\n- **Below:** {}\n- **At:** {}\n- **Above:** {}\n",
            levels.dimension.heading(),
            levels.below,
            levels.at,
            levels.above
        );
    }
    let _ = write!(out, "\n## Solution sketch\n\n{}\n", question.solution_sketch);
    if let Some(coding) = &question.coding {
        let _ = write!(
            out,
            "\n## Reference solution\n\n```{}\n{}\n```\n",
            fence(Some(coding.language)),
            coding.reference_solution
        );
    }
    out.trim_end().to_owned()
}
