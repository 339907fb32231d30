//! Parsing and checking the content folder: question files (TOML front matter + Markdown
//! sections, see `docs/question-format.md`), `themes.toml` and loop templates.
//!
//! Every problem carries the file and line it was found on, so `mockloop bank check` can print
//! `path:line: message` lines an author can jump to. Parsing never stops at the first problem of
//! a file when later sections can still be checked.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use super::{
    Bank, Clarification, CodingSpec, Comparison, Dimension, Language, Level, Phase, Question, RoundKind,
    RubricLevels, Template, TemplateRound, TestCase, Theme, ThemeId,
};

/// A content file as read by the caller: its path relative to the content root, and its text.
#[derive(Clone, Debug)]
pub struct ContentFile {
    pub path: String,
    pub text: String,
}

/// One thing wrong with the content, located for the author.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

pub const MIN_ROUND_MINUTES: u32 = 45;
pub const MAX_ROUND_MINUTES: u32 = 60;
pub const MIN_LADDER: usize = 3;
pub const MIN_VISIBLE_TESTS: usize = 3;
pub const MIN_HIDDEN_TESTS: usize = 5;

/// Collects problems for one file.
struct Findings<'a> {
    path: &'a str,
    problems: Vec<Problem>,
}

impl<'a> Findings<'a> {
    fn new(path: &'a str) -> Self {
        Self { path, problems: Vec::new() }
    }

    fn add(&mut self, line: usize, message: impl Into<String>) {
        self.problems.push(Problem { path: self.path.to_owned(), line, message: message.into() });
    }
}

fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn toml_error_line(text: &str, error: &toml::de::Error, first_line: usize) -> usize {
    error.span().map_or(first_line, |span| first_line + line_of_offset(text, span.start) - 1)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: String,
    title: String,
    kind: String,
    level: Level,
    themes: Vec<String>,
    minutes: u32,
    phases: Vec<Phase>,
    language: Option<Language>,
    entry: Option<String>,
    compare: Option<Comparison>,
    ordered: Option<bool>,
    time_limit_ms: Option<u32>,
    memory_mb: Option<u32>,
}

/// A line of the file with its 1-based number.
type NumberedLine<'t> = (usize, &'t str);

/// A `## Heading` and the lines under it.
#[derive(Debug)]
struct Section<'t> {
    title: &'t str,
    line: usize,
    body: Vec<(usize, &'t str)>,
}

impl Section<'_> {
    fn text(&self) -> String {
        self.body.iter().map(|(_, line)| *line).collect::<Vec<_>>().join("\n").trim().to_owned()
    }
}

const COMMON_SECTIONS: [&str; 6] =
    ["Prompt", "Clarifications", "Hints", "Probes", "Rubric", "Solution sketch"];

/// Splits the file into front matter (with its first line number) and the Markdown body.
fn split_front_matter<'t>(
    text: &'t str,
    findings: &mut Findings<'_>,
) -> Option<(&'t str, usize, Vec<NumberedLine<'t>>)> {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, line)| (i + 1, line)).collect();
    if lines.first().map(|(_, line)| line.trim()) != Some("+++") {
        findings.add(1, "the file must start with a TOML front matter between two `+++` lines");
        return None;
    }
    let Some(close) = lines.iter().skip(1).position(|(_, line)| line.trim() == "+++") else {
        findings.add(1, "the front matter is not closed by a `+++` line");
        return None;
    };
    let close_index = close + 1;
    let start = lines[0].1.len() + 1;
    let end: usize = lines[..close_index].iter().map(|(_, line)| line.len() + 1).sum();
    let front = text.get(start..end.min(text.len())).unwrap_or("");
    Some((front, 2, lines[close_index + 1..].to_vec()))
}

fn split_sections<'t>(body: &[(usize, &'t str)], findings: &mut Findings<'_>) -> Vec<Section<'t>> {
    let mut sections: Vec<Section<'t>> = Vec::new();
    let mut in_fence = false;
    for &(number, line) in body {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if !in_fence && line.starts_with("## ") {
            sections.push(Section { title: line[3..].trim(), line: number, body: Vec::new() });
        } else if let Some(section) = sections.last_mut() {
            section.body.push((number, line));
        } else if !line.trim().is_empty() {
            findings.add(number, "text before the first `## ` section");
        }
    }
    sections
}

/// List items starting with `marker` (a bullet `- ` or a number `1. `); indented lines continue an item.
fn list_items(section: &Section<'_>, numbered: bool) -> Vec<(usize, String)> {
    let mut items: Vec<(usize, String)> = Vec::new();
    for &(number, line) in &section.body {
        let trimmed = line.trim();
        let starts_item = if numbered {
            trimmed
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                && !line.starts_with(' ')
        } else {
            line.starts_with("- ")
        };
        if starts_item {
            let content =
                if numbered { trimmed.split_once(". ").map_or("", |(_, rest)| rest) } else { &trimmed[2..] };
            items.push((number, content.trim().to_owned()));
        } else if let Some(last) = items.last_mut() {
            if !trimmed.is_empty() {
                last.1.push(' ');
                last.1.push_str(trimmed);
            }
        }
    }
    items
}

/// Splits `**Bold part** rest` into its two parts.
fn bold_lead(item: &str) -> Option<(String, String)> {
    let rest = item.strip_prefix("**")?;
    let (bold, after) = rest.split_once("**")?;
    Some((bold.trim().to_owned(), after.trim().to_owned()))
}

fn fenced_block(section: &Section<'_>) -> Option<(String, String)> {
    let mut lines =
        section.body.iter().map(|(_, line)| *line).skip_while(|line| !line.trim_start().starts_with("```"));
    let opening = lines.next()?.trim_start().trim_start_matches('`').trim().to_owned();
    let mut code = Vec::new();
    for line in lines {
        if line.trim_start().starts_with("```") {
            return Some((opening, code.join("\n")));
        }
        code.push(line);
    }
    None
}

fn parse_clarifications(section: &Section<'_>, findings: &mut Findings<'_>) -> Vec<Clarification> {
    let mut out = Vec::new();
    for (line, item) in list_items(section, false) {
        match bold_lead(&item) {
            Some((question, answer)) if !question.is_empty() && !answer.is_empty() => {
                out.push(Clarification { question, answer });
            }
            _ => findings.add(line, "a clarification is `- **Question?** Answer.`"),
        }
    }
    out
}

fn parse_rubric(section: &Section<'_>, findings: &mut Findings<'_>) -> Vec<RubricLevels> {
    let mut by_heading: BTreeMap<&str, (usize, Vec<NumberedLine<'_>>)> = BTreeMap::new();
    let mut current: Option<&str> = None;
    for &(number, line) in &section.body {
        if let Some(heading) = line.strip_prefix("### ") {
            let heading = heading.trim();
            if Dimension::ALL.iter().all(|d| d.heading() != heading) {
                findings.add(number, format!("unknown rubric heading {heading:?}; use Communication, Problem solving, Technical depth, Trade-offs"));
            }
            by_heading.insert(heading, (number, Vec::new()));
            current = Some(heading);
        } else if let Some(entry) = current.and_then(|heading| by_heading.get_mut(heading)) {
            entry.1.push((number, line));
        }
    }
    let mut rubric = Vec::new();
    for dimension in Dimension::ALL {
        let Some((heading_line, body)) = by_heading.get(dimension.heading()) else {
            findings.add(section.line, format!("the rubric has no `### {}`", dimension.heading()));
            continue;
        };
        let sub = Section { title: dimension.heading(), line: *heading_line, body: body.clone() };
        let mut levels: BTreeMap<String, String> = BTreeMap::new();
        for (line, item) in list_items(&sub, false) {
            match bold_lead(&item) {
                Some((label, text))
                    if ["Below:", "At:", "Above:"].contains(&label.as_str()) && !text.is_empty() =>
                {
                    levels.insert(label.trim_end_matches(':').to_owned(), text);
                }
                _ => findings
                    .add(line, "a rubric line is `- **Below:** ...`, `- **At:** ...` or `- **Above:** ...`"),
            }
        }
        match (levels.remove("Below"), levels.remove("At"), levels.remove("Above")) {
            (Some(below), Some(at), Some(above)) => rubric.push(RubricLevels { dimension, below, at, above }),
            _ => findings
                .add(*heading_line, format!("`### {}` needs Below, At and Above", dimension.heading())),
        }
    }
    rubric
}

fn check_ladder(section: &Section<'_>, what: &str, items: usize, findings: &mut Findings<'_>) {
    if items < MIN_LADDER {
        findings.add(section.line, format!("{what} needs at least {MIN_LADDER} items, found {items}"));
    }
}

fn section_order_problems(sections: &[Section<'_>], coding: bool, findings: &mut Findings<'_>) {
    let mut expected: Vec<&str> = COMMON_SECTIONS.to_vec();
    if coding {
        expected.extend(["Starter code", "Schema", "Tests", "Reference solution", "Wrong solution"]);
    }
    let mut seen = HashSet::new();
    let mut last_index = 0;
    for section in sections {
        match expected.iter().position(|title| *title == section.title) {
            None => findings.add(section.line, format!("unknown section `## {}`", section.title)),
            Some(index) => {
                if !seen.insert(section.title) {
                    findings.add(section.line, format!("`## {}` appears twice", section.title));
                } else if index < last_index {
                    findings.add(section.line, format!("`## {}` is out of order", section.title));
                }
                last_index = last_index.max(index);
                if section.text().is_empty() {
                    findings.add(section.line, format!("`## {}` is empty", section.title));
                }
            }
        }
    }
}

fn check_front_matter(front: &FrontMatter, line: usize, findings: &mut Findings<'_>) -> Option<RoundKind> {
    let valid_id = !front.id.is_empty()
        && front.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid_id {
        findings.add(line, format!("id {:?} must be lowercase letters, digits and dashes", front.id));
    }
    if front.title.trim().is_empty() {
        findings.add(line, "title is empty");
    }
    if !(MIN_ROUND_MINUTES..=MAX_ROUND_MINUTES).contains(&front.minutes) {
        findings.add(
            line,
            format!("minutes is {}; a round is {MIN_ROUND_MINUTES}-{MAX_ROUND_MINUTES}", front.minutes),
        );
    }
    let phase_total: u32 = front.phases.iter().map(|phase| phase.minutes).sum();
    if front.phases.is_empty() || phase_total != front.minutes {
        findings.add(line, format!("phases add up to {phase_total} minutes, not {}", front.minutes));
    }
    if front.themes.is_empty() || front.themes.len() > 4 {
        findings.add(line, format!("a question has 1-4 themes, found {}", front.themes.len()));
    }
    let kind = RoundKind::parse(&front.kind);
    if kind.is_none() {
        findings.add(line, format!("unknown round kind {:?}", front.kind));
    }
    kind
}

fn parse_tests(section: &Section<'_>, language: Language, findings: &mut Findings<'_>) -> Vec<TestCase> {
    let Some((info, code)) = fenced_block(section) else {
        findings.add(section.line, "`## Tests` needs one ```json block");
        return Vec::new();
    };
    if info != "json" {
        findings.add(section.line, "the tests block must be ```json");
    }
    let tests: Vec<TestCase> = match serde_json::from_str(&code) {
        Ok(tests) => tests,
        Err(error) => {
            findings.add(
                section.line + 1 + error.line(),
                format!("tests are not valid JSON test cases: {error}"),
            );
            return Vec::new();
        }
    };
    let mut names = HashSet::new();
    for test in &tests {
        if !names.insert(test.name.as_str()) {
            findings.add(section.line, format!("test name {:?} is used twice", test.name));
        }
        match language {
            Language::Python if test.args.is_none() => {
                findings.add(section.line, format!("python test {:?} has no `args` array", test.name));
            }
            Language::Sql => {
                let shaped = test.expected.get("columns").and_then(|c| c.as_array()).is_some()
                    && test
                        .expected
                        .get("rows")
                        .and_then(|r| r.as_array())
                        .is_some_and(|rows| rows.iter().all(|row| row.is_array()));
                if !shaped {
                    findings.add(
                        section.line,
                        format!(
                            "sql test {:?}: expected must be {{\"columns\": [...], \"rows\": [[...]]}}",
                            test.name
                        ),
                    );
                }
            }
            Language::Python => {}
        }
    }
    let hidden = tests.iter().filter(|test| test.hidden).count();
    let visible = tests.len() - hidden;
    if visible < MIN_VISIBLE_TESTS || hidden < MIN_HIDDEN_TESTS {
        findings.add(section.line, format!(
            "needs at least {MIN_VISIBLE_TESTS} visible and {MIN_HIDDEN_TESTS} hidden tests, found {visible} and {hidden}"
        ));
    }
    tests
}

fn code_of(
    sections: &[Section<'_>],
    title: &str,
    language: Language,
    required: bool,
    findings: &mut Findings<'_>,
) -> Option<String> {
    let tag = match language {
        Language::Python => "python",
        Language::Sql => "sql",
    };
    let Some(section) = sections.iter().find(|s| s.title == title) else {
        if required {
            findings.add(1, format!("a {tag} coding question needs `## {title}`"));
        }
        return None;
    };
    match fenced_block(section) {
        Some((info, code)) if info == tag && !code.trim().is_empty() => Some(code),
        _ => {
            findings.add(section.line, format!("`## {title}` needs one non-empty ```{tag} block"));
            None
        }
    }
}

fn parse_coding(
    front: &FrontMatter,
    sections: &[Section<'_>],
    line: usize,
    findings: &mut Findings<'_>,
) -> Option<CodingSpec> {
    let Some(language) = front.language else {
        findings.add(line, "a coding question needs `language = \"python\"` or `\"sql\"`");
        return None;
    };
    if language == Language::Python && front.entry.as_deref().is_none_or(|entry| entry.trim().is_empty()) {
        findings.add(line, "a python question needs `entry`, the function the harness calls");
    }
    let starter_code = code_of(sections, "Starter code", language, true, findings);
    let schema = match language {
        Language::Sql => code_of(sections, "Schema", Language::Sql, true, findings),
        Language::Python => None,
    };
    let tests = match sections.iter().find(|s| s.title == "Tests") {
        Some(section) => parse_tests(section, language, findings),
        None => {
            findings.add(line, "a coding question needs `## Tests`");
            Vec::new()
        }
    };
    let reference_solution = code_of(sections, "Reference solution", language, true, findings);
    let wrong_solution = code_of(sections, "Wrong solution", language, false, findings);
    Some(CodingSpec {
        language,
        entry: front.entry.clone(),
        compare: front.compare.unwrap_or(Comparison::Exact),
        ordered: front.ordered.unwrap_or(false),
        time_limit_ms: front.time_limit_ms.unwrap_or(5_000),
        memory_mb: front.memory_mb.unwrap_or(256),
        starter_code: starter_code?,
        schema,
        tests,
        reference_solution: reference_solution?,
        wrong_solution,
    })
}

/// Parses one question file. Returns the question when it is complete, and every problem found.
pub fn parse_question(file: &ContentFile) -> (Option<Question>, Vec<Problem>) {
    let mut findings = Findings::new(&file.path);
    let Some((front_text, front_line, body)) = split_front_matter(&file.text, &mut findings) else {
        return (None, findings.problems);
    };
    let front: FrontMatter = match toml::from_str(front_text) {
        Ok(front) => front,
        Err(error) => {
            let line = toml_error_line(front_text, &error, front_line);
            findings.add(line, format!("front matter: {}", error.message()));
            return (None, findings.problems);
        }
    };
    let kind = check_front_matter(&front, front_line, &mut findings);
    let themes: Vec<ThemeId> = front
        .themes
        .iter()
        .filter_map(|theme| ThemeId::parse(theme).map_err(|message| findings.add(front_line, message)).ok())
        .collect();
    let sections = split_sections(&body, &mut findings);
    let is_coding = kind == Some(RoundKind::Coding);
    section_order_problems(&sections, is_coding, &mut findings);
    let find = |title: &str| sections.iter().find(|section| section.title == title);
    for title in COMMON_SECTIONS {
        if find(title).is_none() {
            findings.add(front_line, format!("missing section `## {title}`"));
        }
    }
    let clarifications =
        find("Clarifications").map(|s| parse_clarifications(s, &mut findings)).unwrap_or_default();
    if let Some(section) = find("Clarifications") {
        check_ladder(section, "Clarifications", clarifications.len(), &mut findings);
    }
    let hints: Vec<String> = find("Hints")
        .map(|s| list_items(s, true).into_iter().map(|(_, item)| item).collect())
        .unwrap_or_default();
    if let Some(section) = find("Hints") {
        check_ladder(section, "The hint ladder", hints.len(), &mut findings);
    }
    let probes: Vec<String> = find("Probes")
        .map(|s| list_items(s, false).into_iter().map(|(_, item)| item).collect())
        .unwrap_or_default();
    if let Some(section) = find("Probes") {
        check_ladder(section, "Probes", probes.len(), &mut findings);
    }
    let rubric = find("Rubric").map(|s| parse_rubric(s, &mut findings)).unwrap_or_default();
    let coding = if is_coding { parse_coding(&front, &sections, front_line, &mut findings) } else { None };
    if !is_coding && front.language.is_some() {
        findings.add(front_line, "only coding questions have a `language`");
    }
    let complete = findings.problems.is_empty();
    let question = kind.filter(|_| complete).map(|kind| Question {
        id: front.id,
        title: front.title,
        kind,
        level: front.level,
        themes,
        minutes: front.minutes,
        phases: front.phases,
        prompt: find("Prompt").map(Section::text).unwrap_or_default(),
        clarifications,
        hints,
        probes,
        rubric,
        solution_sketch: find("Solution sketch").map(Section::text).unwrap_or_default(),
        coding,
    });
    (question, findings.problems)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemesFile {
    themes: BTreeMap<String, ThemeEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeEntry {
    name: String,
    description: String,
    dimension: Dimension,
    round_kinds: Vec<RoundKind>,
    practice: Vec<String>,
    watch_for: Vec<String>,
    keywords: Vec<String>,
}

/// Parses `themes.toml`.
pub fn parse_themes(file: &ContentFile) -> (Vec<Theme>, Vec<Problem>) {
    let mut findings = Findings::new(&file.path);
    let parsed: ThemesFile = match toml::from_str(&file.text) {
        Ok(parsed) => parsed,
        Err(error) => {
            findings.add(toml_error_line(&file.text, &error, 1), error.message().to_owned());
            return (Vec::new(), findings.problems);
        }
    };
    let mut themes = Vec::new();
    for (id, entry) in parsed.themes {
        let line =
            file.text.find(&format!("[themes.{id}]")).map_or(1, |offset| line_of_offset(&file.text, offset));
        let theme_id = match ThemeId::parse(&id) {
            Ok(theme_id) => theme_id,
            Err(message) => {
                findings.add(line, message);
                continue;
            }
        };
        if entry.practice.is_empty() || entry.keywords.is_empty() || entry.round_kinds.is_empty() {
            findings.add(line, format!("theme {id} needs practice items, keywords and round kinds"));
        }
        themes.push(Theme {
            id: theme_id,
            name: entry.name,
            description: entry.description,
            dimension: entry.dimension,
            round_kinds: entry.round_kinds,
            practice: entry.practice,
            watch_for: entry.watch_for,
            keywords: entry.keywords,
        });
    }
    (themes, findings.problems)
}

/// Parses a loop template (`templates/<id>.toml`).
pub fn parse_template(file: &ContentFile) -> (Option<Template>, Vec<Problem>) {
    let mut findings = Findings::new(&file.path);
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Raw {
        id: String,
        name: String,
        description: String,
        feedback_minutes: u32,
        break_minutes: u32,
        rounds: Vec<TemplateRound>,
    }
    let raw: Raw = match toml::from_str(&file.text) {
        Ok(raw) => raw,
        Err(error) => {
            findings.add(toml_error_line(&file.text, &error, 1), error.message().to_owned());
            return (None, findings.problems);
        }
    };
    if raw.rounds.is_empty() {
        findings.add(1, "a template needs at least one `[[rounds]]`");
    }
    if !(10..=15).contains(&raw.feedback_minutes) {
        findings
            .add(1, format!("feedback_minutes is {}; feedback takes 10-15 minutes", raw.feedback_minutes));
    }
    for round in &raw.rounds {
        if !(MIN_ROUND_MINUTES..=MAX_ROUND_MINUTES).contains(&round.minutes) {
            findings.add(
                1,
                format!(
                    "the {} round is {} minutes; a round is {MIN_ROUND_MINUTES}-{MAX_ROUND_MINUTES}",
                    round.kind, round.minutes
                ),
            );
        }
    }
    let template = Template {
        id: raw.id,
        name: raw.name,
        description: raw.description,
        feedback_minutes: raw.feedback_minutes,
        break_minutes: raw.break_minutes,
        rounds: raw.rounds,
    };
    (findings.problems.is_empty().then_some(template), findings.problems)
}

fn file_stem(path: &str) -> (&str, &str) {
    let name = path.rsplit('/').next().unwrap_or(path);
    let folder = path.rsplit('/').nth(1).unwrap_or("");
    (folder, name.strip_suffix(".md").or_else(|| name.strip_suffix(".toml")).unwrap_or(name))
}

/// Parses and cross-checks a whole content folder: `themes.toml`, `templates/*.toml` and
/// `questions/<kind>/<id>.md`. Returns what parsed and every problem, sorted by path and line.
pub fn load_bank(files: &[ContentFile]) -> (Bank, Vec<Problem>) {
    let mut bank = Bank::default();
    let mut problems = Vec::new();
    let themes_file = files.iter().find(|file| file.path == "themes.toml");
    match themes_file {
        Some(file) => {
            let (themes, found) = parse_themes(file);
            bank.themes = themes;
            problems.extend(found);
        }
        None => problems.push(Problem {
            path: "themes.toml".into(),
            line: 1,
            message: "missing themes.toml".into(),
        }),
    }
    let known_themes: HashSet<&str> = bank.themes.iter().map(|theme| theme.id.as_str()).collect();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for file in files {
        let (folder, stem) = file_stem(&file.path);
        if file.path.starts_with("templates/") && file.path.ends_with(".toml") {
            let (template, found) = parse_template(file);
            problems.extend(found);
            if let Some(template) = template {
                if template.id != stem {
                    problems.push(Problem {
                        path: file.path.clone(),
                        line: 1,
                        message: format!("id {:?} must equal the file name {stem:?}", template.id),
                    });
                }
                bank.templates.push(template);
            }
        } else if file.path.starts_with("questions/") && file.path.ends_with(".md") {
            let (question, found) = parse_question(file);
            problems.extend(found);
            let Some(question) = question else { continue };
            let mut report =
                |message: String| problems.push(Problem { path: file.path.clone(), line: 2, message });
            if question.id != stem {
                report(format!("id {:?} must equal the file name {stem:?}", question.id));
            }
            if question.kind.as_str() != folder {
                report(format!("kind {:?} does not match the folder {folder:?}", question.kind.as_str()));
            }
            for theme in &question.themes {
                if !known_themes.contains(theme.as_str()) {
                    report(format!("unknown theme {:?} (not in themes.toml)", theme.as_str()));
                }
            }
            if let Some(other) = ids.insert(question.id.clone(), file.path.clone()) {
                report(format!("id {:?} is also used by {other}", question.id));
            }
            bank.questions.push(question);
        }
    }
    bank.questions.sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
    bank.templates.sort_by(|a, b| a.id.cmp(&b.id));
    problems.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    (bank, problems)
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
