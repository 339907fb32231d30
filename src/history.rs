//! A candidate's feedback history in the documented format (`docs/history.schema.json`), built
//! from the store: what `mockloop export --candidate` writes and what the focus page scores. Only
//! feedback released to the candidate counts, so the history matches what they have read.

use mockloop_core::bank::RoundKind;
use mockloop_core::exchange::{is_released, FormDraft, SelfAssessment};
use mockloop_core::insights::{History, HistoryItem, HistoryRound, HistorySelfAssessment};

use crate::store::{Store, StoreResult};

pub async fn history_of(store: &Store, user_id: &str, candidate: &str) -> StoreResult<History> {
    let assessments = store.self_assessments_of(user_id).await?;
    let own_of = |round_id: &str| {
        assessments
            .iter()
            .find(|(row, _)| row.round_id == round_id)
            .and_then(|(row, _)| serde_json::from_str::<SelfAssessment>(&row.body_json).ok())
    };
    let mut rounds: Vec<HistoryRound> = Vec::new();
    for row in store.history_forms(user_id).await? {
        let own = own_of(&row.round_id);
        if !is_released(true, own.is_some(), row.released_at.is_some()) {
            continue;
        }
        let (Some(kind), Ok(draft)) =
            (RoundKind::parse(&row.round_kind), serde_json::from_str::<FormDraft>(&row.draft_json))
        else {
            continue;
        };
        let items = draft.items.iter().map(|item| HistoryItem {
            kind: item.kind,
            theme: item.theme.clone(),
            situation: item.situation.clone(),
            behavior: item.behavior.clone(),
            impact: item.impact.clone(),
            suggestion: item.suggestion.clone(),
            interviewer: Some(row.giver_name.clone()),
        });
        if let Some(round) = rounds.iter_mut().find(|round| round.round_id == row.round_id) {
            // A second giver (the shadow): their items join the round; the lead's ratings stay.
            round.interviewers.push(row.giver_name.clone());
            round.items.extend(items);
            continue;
        }
        let zone = jiff::tz::TimeZone::get(&row.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
        let date = jiff::Timestamp::from_second(row.starts_at)
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
            .to_zoned(zone)
            .date();
        rounds.push(HistoryRound {
            round_id: row.round_id.clone(),
            date,
            round_kind: kind,
            interviewer: row.giver_name.clone(),
            interviewers: vec![row.giver_name.clone()],
            question_id: Some(row.question_id.clone()),
            ratings: draft.ratings,
            staff_bar: draft.staff_bar,
            self_assessment: own.map(|own| HistorySelfAssessment {
                ratings: own.ratings,
                staff_bar: Some(own.staff_bar),
                went_well: own.went_well,
                to_improve: own.to_improve,
            }),
            items: items.collect(),
        });
    }
    // `interviewers` is only worth writing when a shadow also gave feedback.
    for round in &mut rounds {
        if round.interviewers.len() < 2 {
            round.interviewers.clear();
        }
    }
    Ok(History { candidate: candidate.to_owned(), rounds })
}
