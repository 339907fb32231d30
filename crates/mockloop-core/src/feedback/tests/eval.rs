//! The evaluation's arithmetic on hand-made labelled items.

use super::super::eval::{evaluate_lint, evaluate_themes, LabelledLintItem, LabelledThemeItem};
use super::super::ProblemCode;
use super::{bank_themes, good_item};

#[test]
fn lint_metrics_count_per_item_codes() {
    let mut vague = good_item();
    vague.behavior = "Did fine overall".to_owned();
    let examples = vec![
        LabelledLintItem { item: good_item(), expected: vec![] },
        LabelledLintItem { item: vague.clone(), expected: vec![ProblemCode::Vague] },
        // A wrong label: the linter finds `vague` where none is expected.
        LabelledLintItem { item: vague, expected: vec![] },
    ];
    let report = evaluate_lint(&examples);
    assert_eq!(report.items, 3);
    assert!((report.ok_accuracy - 2.0 / 3.0).abs() < 1e-9);
    let vague_metrics = report.per_code.iter().find(|metrics| metrics.code == ProblemCode::Vague);
    let Some(vague_metrics) = vague_metrics else { panic!("every item code is reported") };
    assert_eq!(
        (vague_metrics.true_positives, vague_metrics.false_positives, vague_metrics.support),
        (1, 1, 1)
    );
    assert!((vague_metrics.precision - 0.5).abs() < 1e-9);
    assert!(report.to_string().contains("vague"));
}

#[test]
fn labelled_items_parse_in_both_shapes() {
    let json = r#"[
        {"text": "Ran out of time before testing", "round_kind": "coding", "theme": "time_management"},
        {"situation": "At 10:00", "behavior": "Never asked about scale", "impact": "Redesign at 30:00",
         "suggestion": "Ask for QPS first", "round_kind": "ml_system_design", "theme": "clarifying_requirements"}
    ]"#;
    let examples: Vec<LabelledThemeItem> = serde_json::from_str(json).unwrap_or_default();
    assert_eq!(examples.len(), 2);
    let report = evaluate_themes(&examples, &bank_themes());
    assert_eq!(report.items, 2);
    assert!(report.top3_accuracy >= report.top1_accuracy);
    assert!(report.to_string().contains("top-1"));
}
