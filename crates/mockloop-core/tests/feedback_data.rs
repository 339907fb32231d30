//! The feedback linter and theme suggester measured on the labelled data sets in `tests/data/`.
//!
//! `cargo test -p mockloop-core --test feedback_data -- --ignored --nocapture` prints the reports.
//! The development sets also list mistakes (for tuning); the held-out sets under
//! `tests/data/holdout/` only ever print metrics, so nobody tunes on what they contain.

use std::path::{Path, PathBuf};

use mockloop_core::bank::parse::{parse_themes, ContentFile};
use mockloop_core::bank::Theme;
use mockloop_core::feedback::eval::{
    cross_validate_about_person, evaluate_lint, evaluate_themes, lint_mistakes, theme_mistakes,
    LabelledLintItem, LabelledThemeItem,
};

const THEMES_TOML: &str = include_str!("../../../content/themes.toml");

fn data_dir() -> PathBuf {
    std::env::var_os("MOCKLOOP_FEEDBACK_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data"))
}

fn themes() -> Vec<Theme> {
    let (themes, problems) =
        parse_themes(&ContentFile { path: "themes.toml".to_owned(), text: THEMES_TOML.to_owned() });
    assert!(problems.is_empty(), "{problems:?}");
    themes
}

fn read<T: serde::de::DeserializeOwned>(path: &Path) -> Option<Vec<T>> {
    let text = std::fs::read_to_string(path).ok()?;
    match serde_json::from_str(&text) {
        Ok(items) => Some(items),
        Err(error) => panic!("{}: {error}", path.display()),
    }
}

#[test]
#[ignore = "prints the development-set reports and mistakes"]
fn development_set_reports() {
    let dir = data_dir();
    if let Some(items) = read::<LabelledLintItem>(&dir.join("feedback_lint.json")) {
        eprintln!("{}", evaluate_lint(&items));
        for mistake in lint_mistakes(&items) {
            let item = &items[mistake.index].item;
            eprintln!(
                "#{} missed {:?} added {:?}\n  S: {}\n  B: {}\n  I: {}\n  G: {}",
                mistake.index,
                mistake.missed,
                mistake.added,
                item.situation,
                item.behavior,
                item.impact,
                item.suggestion
            );
        }
    }
    if let Some(items) = read::<LabelledThemeItem>(&dir.join("feedback_themes.json")) {
        let themes = themes();
        eprintln!("{}", evaluate_themes(&items, &themes));
        for mistake in theme_mistakes(&items, &themes) {
            eprintln!(
                "#{} expected {} got {:?} ({:.2}): {:?}",
                mistake.index,
                mistake.expected,
                mistake.suggested.map(|theme| theme.to_string()),
                mistake.confidence,
                items[mistake.index].input
            );
        }
    }
}

#[test]
#[ignore = "prints the linter's report and mistakes on the training items"]
fn training_lint_report() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/feedback/training_lint.json");
    if let Some(items) = read::<LabelledLintItem>(&path) {
        eprintln!("{}", evaluate_lint(&items));
        for mistake in lint_mistakes(&items) {
            let item = &items[mistake.index].item;
            eprintln!(
                "#{} missed {:?} added {:?}\n  S: {}\n  B: {}\n  I: {}\n  G: {}",
                mistake.index,
                mistake.missed,
                mistake.added,
                item.situation,
                item.behavior,
                item.impact,
                item.suggestion
            );
        }
    }
}

#[test]
#[ignore = "prints the cross-validated about_person report on the embedded training items"]
fn about_person_cross_validation_report() {
    eprintln!("{}", cross_validate_about_person(5));
}

#[test]
#[ignore = "prints the held-out reports (metrics only)"]
fn holdout_reports() {
    let dir = data_dir().join("holdout");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no held-out data in {}", dir.display());
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|entry| entry.ok().map(|entry| entry.path())).collect();
    paths.sort();
    for path in paths.iter().filter(|path| path.extension().is_some_and(|ext| ext == "json")) {
        let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        if name.contains("lint") {
            if let Some(items) = read::<LabelledLintItem>(path) {
                eprintln!("{name}\n{}", evaluate_lint(&items));
            }
        } else if name.contains("theme") {
            if let Some(items) = read::<LabelledThemeItem>(path) {
                eprintln!("{name}\n{}", evaluate_themes(&items, &themes()));
            }
        }
    }
}
