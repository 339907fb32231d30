//! Unit tests of focus-area selection on hand-built histories, of reading histories, and of the
//! practice plan. Histories are built with the helpers below so each test shows only what matters.

mod history;
mod practice;
mod properties;
mod scoring;
mod trends;

use std::sync::OnceLock;

use super::{select_focus, FocusReport, History, HistoryItem, HistoryRound};
use crate::bank::parse::{load_bank, parse_themes, ContentFile};
use crate::bank::{Bank, Dimension, RoundKind, Theme, ThemeId};
use crate::exchange::{ItemKind, Ratings};
use crate::feedback::ThemeSuggester;

const THEMES_TOML: &str = include_str!("../../../../../content/themes.toml");

pub(super) fn bank_themes() -> &'static [Theme] {
    static THEMES: OnceLock<Vec<Theme>> = OnceLock::new();
    THEMES.get_or_init(|| {
        let file = ContentFile { path: "themes.toml".to_owned(), text: THEMES_TOML.to_owned() };
        let (themes, problems) = parse_themes(&file);
        assert!(problems.is_empty(), "{problems:?}");
        themes
    })
}

/// The real content folder, read from disk (tests may do I/O; the module itself does not).
pub(super) fn real_bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| {
        let root = format!("{}/../../content", env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        collect(std::path::Path::new(&root), &root, &mut files);
        let (bank, problems) = load_bank(&files);
        assert!(problems.is_empty(), "{problems:?}");
        bank
    })
}

fn collect(dir: &std::path::Path, root: &str, files: &mut Vec<ContentFile>) {
    for entry in std::fs::read_dir(dir).expect("content folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            collect(&path, root, files);
        } else if path.extension().is_some_and(|ext| ext == "md" || ext == "toml") {
            let relative = path.strip_prefix(root).expect("under root").to_string_lossy().replace('\\', "/");
            files.push(ContentFile { path: relative, text: std::fs::read_to_string(&path).expect("text") });
        }
    }
}

pub(super) fn suggester() -> &'static ThemeSuggester {
    static SUGGESTER: OnceLock<ThemeSuggester> = OnceLock::new();
    SUGGESTER.get_or_init(|| ThemeSuggester::new(bank_themes()))
}

pub(super) fn theme(id: &str) -> ThemeId {
    ThemeId::parse(id).expect("a theme id")
}

/// A round with no items and no ratings.
pub(super) fn round(id: &str, date: &str, kind: RoundKind, interviewer: &str) -> HistoryRound {
    HistoryRound {
        round_id: id.to_owned(),
        date: date.parse().expect("a date"),
        round_kind: kind,
        interviewer: interviewer.to_owned(),
        interviewers: Vec::new(),
        question_id: None,
        ratings: Ratings::default(),
        staff_bar: None,
        self_assessment: None,
        items: Vec::new(),
    }
}

pub(super) fn tagged(kind: ItemKind, theme_id: &str) -> HistoryItem {
    HistoryItem {
        kind,
        theme: Some(theme(theme_id)),
        situation: "During the design".to_owned(),
        behavior: format!("Observed about {theme_id}"),
        impact: "It changed how the round went".to_owned(),
        suggestion: "Do the specific thing next time".to_owned(),
        interviewer: None,
    }
}

pub(super) fn untagged(kind: ItemKind, behavior: &str, suggestion: &str) -> HistoryItem {
    HistoryItem {
        kind,
        theme: None,
        situation: String::new(),
        behavior: behavior.to_owned(),
        impact: String::new(),
        suggestion: suggestion.to_owned(),
        interviewer: None,
    }
}

/// Builder methods for hand-built rounds.
pub(super) trait RoundExt {
    fn improvement(self, theme_id: &str) -> Self;
    fn strength(self, theme_id: &str) -> Self;
    fn item(self, item: HistoryItem) -> Self;
    fn rated(self, dimension: Dimension, rating: u8) -> Self;
}

impl RoundExt for HistoryRound {
    fn improvement(self, theme_id: &str) -> Self {
        self.item(tagged(ItemKind::Improvement, theme_id))
    }

    fn strength(self, theme_id: &str) -> Self {
        self.item(tagged(ItemKind::Strength, theme_id))
    }

    fn item(mut self, item: HistoryItem) -> Self {
        self.items.push(item);
        self
    }

    fn rated(mut self, dimension: Dimension, rating: u8) -> Self {
        let slot = match dimension {
            Dimension::Communication => &mut self.ratings.communication,
            Dimension::ProblemSolving => &mut self.ratings.problem_solving,
            Dimension::TechnicalDepth => &mut self.ratings.technical_depth,
            Dimension::Tradeoffs => &mut self.ratings.tradeoffs,
        };
        *slot = Some(rating);
        self
    }
}

pub(super) fn history(rounds: Vec<HistoryRound>) -> History {
    History { candidate: "cand".to_owned(), rounds }
}

pub(super) fn report(rounds: Vec<HistoryRound>) -> FocusReport {
    select_focus(&history(rounds), bank_themes(), suggester(), None)
}

pub(super) fn focus_ids(report: &FocusReport) -> Vec<&str> {
    report.focus.iter().map(ThemeId::as_str).collect()
}

pub(super) fn ranked_ids(report: &FocusReport) -> Vec<&str> {
    report.themes.iter().map(|theme| theme.theme.as_str()).collect()
}
