//! The plan as an iCalendar file (RFC 5545), whole or as one participant's copy.
//!
//! An event covers a round and its feedback block (DTEND is the feedback's end), because that is
//! the time a participant must keep free. Question titles are a spoiler for the interviewee and
//! the shadow, so only the interviewer's own copy names the question.

use jiff::{Timestamp, Zoned};

use super::clock;
use crate::planner::plan::{Plan, Slot};

/// RFC 5545 limits content lines to 75 octets, excluding the CRLF.
const MAX_LINE_OCTETS: usize = 75;

/// Renders the plan as a `VCALENDAR` with one `VEVENT` per round, CRLF line endings.
///
/// With `for_participant`, only the rounds that person takes part in (as interviewee, interviewer
/// or shadow) are included, and the question is named in the events where they interview; a name
/// that is not in the plan gets an empty calendar. With `None`, every round is included and no
/// question is named. `now` becomes every event's DTSTAMP. UIDs depend only on the seed, template,
/// participants and the slot's index in the loop, so a re-export updates the same events.
pub fn render_ics(plan: &Plan, for_participant: Option<&str>, now: Timestamp) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//mockloop//loop planner//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
    ];
    let loop_key = loop_key(plan);
    for (index, slot) in plan.slots().enumerate() {
        if for_participant.is_some_and(|name| !slot.involves(name)) {
            continue;
        }
        let reveal_question = for_participant.is_some() && slot.interviewer.as_deref() == for_participant;
        lines.extend([
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{loop_key:016x}-{index}@mockloop"),
            format!("DTSTAMP:{}", utc(now)),
            format!("DTSTART:{}", utc(slot.start.timestamp())),
            format!("DTEND:{}", utc(slot.feedback_end.timestamp())),
            format!("SUMMARY:{}", escape_text(&summary(slot))),
            format!("DESCRIPTION:{}", escape_text(&description(plan, slot, reveal_question))),
            "END:VEVENT".to_owned(),
        ]);
    }
    lines.push("END:VCALENDAR".to_owned());
    lines.iter().map(|line| fold(line)).collect()
}

fn summary(slot: &Slot) -> String {
    let label = slot.round_kind.label();
    match &slot.interviewer {
        Some(interviewer) => format!("mockloop: {label} — {} interviewed by {interviewer}", slot.interviewee),
        None => format!("mockloop: {label} — {} practising solo", slot.interviewee),
    }
}

fn description(plan: &Plan, slot: &Slot, reveal_question: bool) -> String {
    let mut lines = vec![format!("Interviewee: {}", slot.interviewee)];
    lines.extend(slot.interviewer.as_ref().map(|name| format!("Interviewer: {name}")));
    lines.extend(slot.shadow.as_ref().map(|name| format!("Shadow: {name}")));
    lines.push(format!(
        "Round {}-{}, feedback until {} ({})",
        clock(&slot.start),
        clock(&slot.end),
        clock(&slot.feedback_end),
        plan.time_zone
    ));
    if reveal_question {
        lines.push(format!("Question: {} ({})", slot.question_title, slot.question_id));
    }
    lines.push(format!("Loop: {}", plan.template_name));
    lines.join("\n")
}

/// FNV-1a over the loop's identity: a hash that, unlike std's, never changes between releases.
fn loop_key(plan: &Plan) -> u64 {
    let identity =
        format!("{}\u{1f}{}\u{1f}{}", plan.seed, plan.template_id, plan.participants.join("\u{1f}"));
    identity
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// A UTC DATE-TIME in RFC 5545's basic form, `20261205T140000Z`.
fn utc(time: Timestamp) -> String {
    Zoned::new(time, jiff::tz::TimeZone::UTC).strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value: backslash, semicolon, comma and newline.
fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            '\r' => {}
            other => escaped.push(other),
        }
    }
    escaped
}

/// Splits a content line into 75-octet pieces (continuations start with a space, which counts),
/// never inside a UTF-8 character, each ending in CRLF.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 64 * 3 + 2);
    let mut used = 0;
    for character in line.chars() {
        if used + character.len_utf8() > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(character);
        used += character.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_values_escape_the_four_special_characters() {
        assert_eq!(escape_text("a\\b;c,d\ne"), "a\\\\b\\;c\\,d\\ne");
    }

    #[test]
    fn folded_lines_fit_in_75_octets_and_never_split_a_character() {
        let line = format!("SUMMARY:{}", "é—x".repeat(40));
        let folded = fold(&line);
        assert!(folded.split("\r\n").all(|piece| piece.len() <= MAX_LINE_OCTETS));
        assert_eq!(folded.replace("\r\n ", "").trim_end(), line);
    }

    #[test]
    fn short_lines_are_left_whole() {
        assert_eq!(fold("VERSION:2.0"), "VERSION:2.0\r\n");
    }
}
