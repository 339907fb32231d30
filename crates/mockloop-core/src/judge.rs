//! Judging a run: comparing what the candidate's code produced with what each test expects, and
//! the overall verdict. Execution happens elsewhere (the sandbox); this is the pure part.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::bank::Comparison;

/// Tolerance for numbers in float comparisons and SQL result sets.
pub const FLOAT_TOLERANCE: f64 = 1e-6;

/// The overall outcome of a run, in the order of precedence used when several apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Accepted,
    WrongAnswer,
    RuntimeError,
    TimeLimit,
    MemoryLimit,
    OutputLimit,
    CompileError,
    SandboxError,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::WrongAnswer => "wrong_answer",
            Self::RuntimeError => "runtime_error",
            Self::TimeLimit => "time_limit",
            Self::MemoryLimit => "memory_limit",
            Self::OutputLimit => "output_limit",
            Self::CompileError => "compile_error",
            Self::SandboxError => "sandbox_error",
        }
    }
}

/// Whether two numbers are equal within an absolute or relative tolerance.
fn close(a: f64, b: f64) -> bool {
    let diff = (a - b).abs();
    diff <= FLOAT_TOLERANCE || diff <= FLOAT_TOLERANCE * a.abs().max(b.abs())
}

fn equal_with_floats(expected: &Value, got: &Value) -> bool {
    match (expected, got) {
        (Value::Number(a), Value::Number(b)) => match (a.as_f64(), b.as_f64()) {
            (Some(a), Some(b)) => close(a, b),
            _ => a == b,
        },
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| equal_with_floats(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(key, x)| b.get(key).is_some_and(|y| equal_with_floats(x, y)))
        }
        _ => expected == got,
    }
}

/// Exact JSON equality, except that an integer and a float of the same value are equal
/// (Python's `2 == 2.0`).
fn equal_exact(expected: &Value, got: &Value) -> bool {
    match (expected, got) {
        (Value::Number(a), Value::Number(b)) => match (a.as_f64(), b.as_f64()) {
            (Some(a), Some(b)) => a == b,
            _ => a == b,
        },
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| equal_exact(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(key, x)| b.get(key).is_some_and(|y| equal_exact(x, y)))
        }
        _ => expected == got,
    }
}

/// Matches the elements of two lists in any order, each element used once.
fn same_multiset(expected: &[Value], got: &[Value], equal: fn(&Value, &Value) -> bool) -> bool {
    if expected.len() != got.len() {
        return false;
    }
    let mut used = vec![false; got.len()];
    expected.iter().all(|want| {
        let found = got.iter().enumerate().position(|(i, have)| !used[i] && equal(want, have));
        found.map(|i| used[i] = true).is_some()
    })
}

/// Compares a Python function's return value with the expected one.
pub fn python_matches(expected: &Value, got: &Value, comparison: Comparison) -> bool {
    match comparison {
        Comparison::Exact => equal_exact(expected, got),
        Comparison::Float => equal_with_floats(expected, got),
        Comparison::Unordered => match (expected, got) {
            (Value::Array(a), Value::Array(b)) => same_multiset(a, b, equal_exact),
            _ => equal_exact(expected, got),
        },
    }
}

/// Compares a SQL result set `{"columns": [...], "rows": [[...]]}` with the expected one: column
/// names case-insensitively, numbers within tolerance, row order only when `ordered`.
pub fn sql_matches(expected: &Value, got: &Value, ordered: bool) -> bool {
    let columns = |value: &Value| -> Option<Vec<String>> {
        value.get("columns")?.as_array()?.iter().map(|c| c.as_str().map(str::to_lowercase)).collect()
    };
    let rows = |value: &Value| value.get("rows").and_then(Value::as_array).cloned();
    match (columns(expected), columns(got), rows(expected), rows(got)) {
        (Some(ec), Some(gc), Some(er), Some(gr)) if ec == gc => {
            if ordered {
                er.len() == gr.len() && er.iter().zip(&gr).all(|(a, b)| equal_with_floats(a, b))
            } else {
                same_multiset(&er, &gr, equal_with_floats)
            }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn exact_treats_two_and_two_point_zero_alike_but_not_close_floats() {
        assert!(python_matches(&json!([1, 2]), &json!([1.0, 2]), Comparison::Exact));
        assert!(!python_matches(&json!(0.3), &json!(0.30000000000000004), Comparison::Exact));
        assert!(!python_matches(&json!([1, 2]), &json!([2, 1]), Comparison::Exact));
    }

    #[test]
    fn float_comparison_uses_absolute_and_relative_tolerance() {
        assert!(python_matches(&json!(0.3), &json!(0.30000000000000004), Comparison::Float));
        assert!(python_matches(&json!([1e12]), &json!([1.0000000001e12]), Comparison::Float));
        assert!(!python_matches(&json!(0.3), &json!(0.3001), Comparison::Float));
    }

    #[test]
    fn unordered_ignores_top_level_order_but_counts_duplicates() {
        assert!(python_matches(&json!([[1, 2], [3]]), &json!([[3], [1, 2]]), Comparison::Unordered));
        assert!(!python_matches(&json!([1, 1, 2]), &json!([1, 2, 2]), Comparison::Unordered));
        assert!(
            !python_matches(&json!([[1, 2]]), &json!([[2, 1]]), Comparison::Unordered),
            "only the top level"
        );
    }

    #[test]
    fn sql_compares_columns_case_insensitively_and_rows_by_order_setting() {
        let expected = json!({"columns": ["day", "n"], "rows": [["a", 1], ["b", 2.5]]});
        let shuffled = json!({"columns": ["DAY", "N"], "rows": [["b", 2.5000000001], ["a", 1]]});
        assert!(sql_matches(&expected, &shuffled, false));
        assert!(!sql_matches(&expected, &shuffled, true));
        let renamed = json!({"columns": ["day", "count"], "rows": [["a", 1], ["b", 2.5]]});
        assert!(!sql_matches(&expected, &renamed, false));
        let missing_row = json!({"columns": ["day", "n"], "rows": [["a", 1]]});
        assert!(!sql_matches(&expected, &missing_row, false));
    }

    #[test]
    fn verdict_codes_are_the_documented_ids() {
        assert_eq!(Verdict::TimeLimit.as_str(), "time_limit");
        assert_eq!(serde_json::to_value(Verdict::CompileError).expect("json"), json!("compile_error"));
    }
}
