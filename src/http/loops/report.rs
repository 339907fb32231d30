//! A loop's report for the person reading it: the agenda, the questions they met as the candidate,
//! the feedback released to them with their self-assessment, the takeaways they kept and their
//! focus areas. As Markdown to keep, and as a printable page. Only what the reader may see already
//! goes in: other people's feedback, drafts and private notes never do.

use std::fmt::Write;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use mockloop_core::access::RoundRole;
use mockloop_core::bank::Dimension;
use mockloop_core::exchange::ItemKind;

use super::feedback::feedback_view;
use super::pages::when;
use super::{load_loop, role_in, round_view, LoadedLoop};
use crate::http::auth::{CircleMember, MaybeUser};
use crate::http::csrf::CsrfToken;
use crate::http::markdown;
use crate::http::pages::{render, Chrome};
use crate::http::{AppResult, AppState};

/// Markdown special characters in user text are escaped so a name or an answer cannot reshape
/// the document.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '<' | '>' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out.replace('\n', " ")
}

async fn build(state: &AppState, member: &CircleMember, loaded: &LoadedLoop) -> AppResult<(String, String)> {
    let template = state
        .bank
        .template(&loaded.row.template_id)
        .map_or_else(|| loaded.row.template_id.clone(), |t| t.name.clone());
    let title = format!("{template} loop report");
    let me = &member.user.id;
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", text(&title));
    let _ = writeln!(md, "For {}.\n", text(&member.user.display_name));
    let _ = writeln!(md, "## Agenda\n");
    let _ =
        writeln!(md, "| Round | When | Candidate | Interviewer | Shadow |\n| --- | --- | --- | --- | --- |");
    for round in &loaded.rounds {
        let view = round_view(loaded, round, &state.bank, me);
        let name =
            |person: Option<&super::PersonRef>| person.map_or_else(|| "–".to_owned(), |p| text(&p.name));
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            text(&view.round_label),
            text(&when(&view)),
            text(&view.interviewee.name),
            name(view.interviewer.as_ref()),
            name(view.shadow.as_ref())
        );
    }
    md.push('\n');
    for round in loaded.rounds.iter().filter(|round| role_in(round, me) == RoundRole::Interviewee) {
        let view = round_view(loaded, round, &state.bank, me);
        let _ = writeln!(md, "## {} (you were the candidate)\n", text(&view.round_label));
        if view.prompt_available {
            if let Some(question) = state.bank.question(&round.question_id) {
                let _ = writeln!(md, "Question: {}\n", text(&question.title));
            }
        }
        let feedback = feedback_view(state, loaded, member, &round.id).await?;
        if let Some(own) = &feedback.self_assessment {
            let _ = writeln!(md, "Your self-assessment: {}.", own.staff_bar.label());
            let _ = writeln!(
                md,
                "What went well: {}. What to improve: {}.\n",
                text(&own.went_well),
                text(&own.to_improve)
            );
        }
        if feedback.received.is_empty() {
            let _ = writeln!(md, "No feedback released to you yet.\n");
        }
        for form in &feedback.received {
            let _ = writeln!(md, "### {} from {}\n", text(&form.label), text(&form.giver.name));
            if let Some(bar) = form.draft.staff_bar {
                let _ = writeln!(md, "Overall: {}.\n", bar.label());
            }
            let ratings: Vec<String> = Dimension::ALL
                .into_iter()
                .map(|d| {
                    format!(
                        "{} {}",
                        d.heading(),
                        form.draft.ratings.get(d).map_or_else(|| "–".to_owned(), |r| r.to_string())
                    )
                })
                .collect();
            let _ = writeln!(md, "Ratings (1-4): {}.\n", ratings.join(", "));
            for item in &form.draft.items {
                let kind = if item.kind == ItemKind::Strength { "Strength" } else { "To improve" };
                let theme = item
                    .theme
                    .as_ref()
                    .and_then(|t| state.bank.theme(t.as_str()))
                    .map_or_else(String::new, |t| format!(" ({})", text(&t.name)));
                let _ = writeln!(
                    md,
                    "- **{kind}{theme}**: {} — {} — {}. Suggestion: {}",
                    text(&item.situation),
                    text(&item.behavior),
                    text(&item.impact),
                    text(&item.suggestion)
                );
                if let Some(takeaway) =
                    form.reactions.iter().find(|r| r.item_id == item.id).and_then(|r| r.takeaway.as_ref())
                {
                    let _ = writeln!(md, "  - Your takeaway: {}", text(takeaway));
                }
            }
            md.push('\n');
        }
    }
    let focus = state.store.focus_areas_of(me).await?;
    let _ = writeln!(md, "## Your focus areas\n");
    if focus.is_empty() {
        let _ = writeln!(md, "None chosen yet.");
    }
    for id in focus {
        if let Some(theme) = state.bank.theme(&id) {
            let _ = writeln!(
                md,
                "- **{}**: {}",
                text(&theme.name),
                text(theme.practice.first().map_or("", String::as_str))
            );
        }
    }
    Ok((title, md))
}

/// The loop's report for the caller as Markdown: agenda, their questions, the feedback released to
/// them, their self-assessments, takeaways and focus areas.
#[utoipa::path(get, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/report.md", tag = "loops",
    params(("circle_id" = String, Path), ("loop_id" = String, Path)),
    responses((status = 200, content_type = "text/markdown"), (status = 404)))]
pub async fn report_markdown(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id)): Path<(String, String)>,
) -> AppResult<Response> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    let (_, md) = build(&state, &member, &loaded).await?;
    let disposition = format!("attachment; filename=\"mockloop-report-{loop_id}.md\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/markdown; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        md,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    chrome: Chrome,
    title: String,
    body_html: String,
    markdown_link: String,
    agenda_link: String,
}

/// The report as a page to read and print.
pub async fn report_page(
    State(state): State<AppState>,
    member: CircleMember,
    user: MaybeUser,
    csrf: CsrfToken,
    Path((_, loop_id)): Path<(String, String)>,
) -> AppResult<Html<String>> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    let (title, md) = build(&state, &member, &loaded).await?;
    render(&ReportPage {
        chrome: Chrome::new(&user, &csrf, None),
        title,
        body_html: markdown::to_html(&md),
        markdown_link: format!("/api/v1/circles/{}/loops/{loop_id}/report.md", member.circle_id),
        agenda_link: format!("/circles/{}/loops/{loop_id}", member.circle_id),
    })
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn user_text_cannot_reshape_the_markdown() {
        assert_eq!(text("# Big | [link](x)\nnext"), "\\# Big \\| \\[link\\](x) next");
        assert_eq!(text("plain words"), "plain words");
    }
}
