//! Loops in a circle: planning through the API and pages, and the privacy of each round's brief.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{TestApp, Visitor};
use crate::on_both_backends;

/// A circle of three with a planned staff-mle loop far in the future.
pub struct Trio {
    pub people: Vec<Visitor>,
    pub circle: String,
    pub loop_id: String,
    pub rounds: Vec<Value>,
}

pub async fn trio_with_loop(app: &TestApp) -> Trio {
    let mut ana = app.signed_up("ana").await;
    let mut ben = app.signed_up("ben").await;
    let mut chen = app.signed_up("chen").await;
    let circle = ana.create_circle("Loop circle").await;
    for guest in [&mut ben, &mut chen] {
        let invite = ana.invite_token(&circle).await;
        let joined = guest.post_json(&format!("/api/v1/invites/{invite}/accept"), &json!(null)).await;
        assert_eq!(joined.status, StatusCode::OK);
    }
    let ids: Vec<String> = [&ana, &ben, &chen].iter().map(|v| v.user_id().to_owned()).collect();
    let created = ana
        .post_json(
            &format!("/api/v1/circles/{circle}/loops"),
            &json!({"template": "staff-mle", "participants": ids, "start": "2030-01-07T09:00",
                    "time_zone": "America/New_York", "max_hours_per_day": 5, "seed": 7}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let body = created.json();
    Trio {
        people: vec![ana, ben, chen],
        circle,
        loop_id: body["id"].as_str().expect("id").to_owned(),
        rounds: body["rounds"].as_array().expect("rounds").clone(),
    }
}

fn index_of(trio: &Trio, user_id: &str) -> usize {
    trio.people.iter().position(|p| p.user_id() == user_id).expect("participant")
}

fn person_id(round: &Value, seat: &str) -> Option<String> {
    round[seat]["id"].as_str().map(str::to_owned)
}

async fn question_titles(app: &TestApp, trio: &mut Trio) -> Vec<(String, String)> {
    // The interviewer of each round sees its question; collect (round id, title) from their view.
    let mut titles = Vec::new();
    for round in trio.rounds.clone() {
        let interviewer = person_id(&round, "interviewer").expect("three people: always an interviewer");
        let who = index_of(trio, &interviewer);
        let view = trio.people[who]
            .get(&format!("/api/v1/circles/{}/loops/{}", trio.circle, trio.loop_id))
            .await
            .json();
        let mine = view["rounds"]
            .as_array()
            .expect("rounds")
            .iter()
            .find(|r| r["id"] == round["id"])
            .cloned()
            .expect("round");
        titles.push((
            round["id"].as_str().expect("id").to_owned(),
            mine["question"]["title"].as_str().expect("title").to_owned(),
        ));
    }
    let _ = app;
    titles
}

on_both_backends! {
    async fn a_planned_loop_gives_everyone_every_round_kind_as_interviewee(app) {
        let trio = trio_with_loop(&app).await;
        assert_eq!(trio.rounds.len(), 15, "3 people x 5 rounds");
        for person in &trio.people {
            let mine: Vec<&Value> = trio.rounds.iter().filter(|r| r["interviewee"]["id"] == person.user_id()).collect();
            assert_eq!(mine.len(), 5);
            assert!(trio.rounds.iter().all(|r| r["interviewee"]["id"] != r["interviewer"]["id"]));
        }
        assert!(trio.rounds[0]["start"].as_str().unwrap_or_default().starts_with("2030-01-07T09:00:00-05:00"));
    }

    async fn interviewees_never_see_their_question_or_brief_before_the_round(app) {
        let mut trio = trio_with_loop(&app).await;
        let titles = question_titles(&app, &mut trio).await;
        for (round, (round_id, title)) in trio.rounds.clone().iter().zip(&titles) {
            let interviewee = index_of(&trio, &person_id(round, "interviewee").expect("interviewee"));
            let candidate = &mut trio.people[interviewee];
            let base = format!("/api/v1/circles/{}/loops/{}", trio.circle, trio.loop_id);
            let agenda = candidate.get(&base).await;
            let mine = agenda.json()["rounds"].as_array().expect("rounds").iter().find(|r| r["id"] == round["id"]).cloned().expect("round");
            assert!(mine["question"].is_null(), "the interviewee's agenda names the question");
            assert_eq!(candidate.get(&format!("{base}/rounds/{round_id}/brief")).await.status, StatusCode::NOT_FOUND);
            assert_eq!(candidate.get(&format!("{base}/rounds/{round_id}/prompt")).await.status, StatusCode::FORBIDDEN);
            assert!(!agenda.body.contains(title.as_str()), "API agenda leaks {title}");
            let page = candidate.get(&format!("/circles/{}/loops/{}", trio.circle, trio.loop_id)).await;
            assert!(!page.body.contains(&html_escape(title)), "agenda page leaks {title}");
            let calendar = candidate.get(&format!("{base}/calendar.ics")).await;
            assert!(calendar.body.starts_with("BEGIN:VCALENDAR"));
            assert!(!unfold(&calendar.body).contains(title.as_str()), "calendar leaks {title}");
            let brief_page = candidate.get(&format!("/circles/{}/loops/{}/rounds/{round_id}/brief", trio.circle, trio.loop_id)).await;
            assert_eq!(brief_page.status, StatusCode::NOT_FOUND);
        }
    }

    async fn interviewer_and_shadow_get_the_full_brief_ahead_of_time(app) {
        let mut trio = trio_with_loop(&app).await;
        let round = trio.rounds[0].clone();
        let round_id = round["id"].as_str().expect("id").to_owned();
        for seat in ["interviewer", "shadow"] {
            let who = index_of(&trio, &person_id(&round, seat).expect("seat"));
            let path = format!("/api/v1/circles/{}/loops/{}/rounds/{round_id}/brief", trio.circle, trio.loop_id);
            let brief = trio.people[who].get(&path).await;
            assert_eq!(brief.status, StatusCode::OK, "{seat}: {}", brief.body);
            let brief = brief.json();
            assert!(brief["hints"].as_array().expect("hints").len() >= 3);
            assert_eq!(brief["rubric"].as_array().expect("rubric").len(), 4);
            let page = trio.people[who].get(&format!("/circles/{}/loops/{}/rounds/{round_id}/brief", trio.circle, trio.loop_id)).await;
            assert!(page.body.contains("Hint ladder") && page.body.contains("Rubric"));
        }
    }

    async fn the_prompt_opens_to_the_interviewee_when_the_round_starts(app) {
        let mut trio = trio_with_loop(&app).await;
        let round = trio.rounds[0].clone();
        let round_id = round["id"].as_str().expect("id").to_owned();
        app.execute(&format!("UPDATE loop_rounds SET starts_at = 1 WHERE id = '{round_id}'")).await;
        let who = index_of(&trio, &person_id(&round, "interviewee").expect("interviewee"));
        let base = format!("/api/v1/circles/{}/loops/{}/rounds/{round_id}", trio.circle, trio.loop_id);
        let prompt = trio.people[who].get(&format!("{base}/prompt")).await;
        assert_eq!(prompt.status, StatusCode::OK);
        for secret in ["hints", "probes", "rubric", "clarifications", "solution_sketch", "reference_solution"] {
            assert!(prompt.json().get(secret).is_none(), "the prompt carries {secret}");
        }
        assert_eq!(trio.people[who].get(&format!("{base}/brief")).await.status, StatusCode::NOT_FOUND, "still no brief");
        let page = trio.people[who].get(&format!("/circles/{}/loops/{}/rounds/{round_id}/prompt", trio.circle, trio.loop_id)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("Hint ladder"));
    }

    async fn only_the_interviewer_replaces_a_question_and_only_with_an_eligible_one(app) {
        let mut trio = trio_with_loop(&app).await;
        let round = trio.rounds[0].clone();
        let round_id = round["id"].as_str().expect("id").to_owned();
        let interviewer = index_of(&trio, &person_id(&round, "interviewer").expect("interviewer"));
        let shadow = index_of(&trio, &person_id(&round, "shadow").expect("shadow"));
        let path = format!("/api/v1/circles/{}/loops/{}/rounds/{round_id}/question", trio.circle, trio.loop_id);
        let used_elsewhere = question_titles(&app, &mut trio).await;
        let _ = used_elsewhere;
        let brief = trio.people[interviewer].get(&format!("/api/v1/circles/{}/loops/{}/rounds/{}/brief", trio.circle, trio.loop_id, trio.rounds[1]["id"].as_str().unwrap_or_default())).await;
        let other_round_question = if brief.status == StatusCode::OK { brief.json()["id"].as_str().map(str::to_owned) } else { None };

        let listed: Vec<Value> = serde_json::from_str(&std::process::Command::new(env!("CARGO_BIN_EXE_mockloop")).args(["bank", "list", "--kind", "coding", "--json"]).output().map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).expect("bank list")).expect("json");
        let current = trio.people[interviewer].get(&format!("/api/v1/circles/{}/loops/{}/rounds/{round_id}/brief", trio.circle, trio.loop_id)).await.json()["id"].as_str().expect("id").to_owned();
        let in_loop: Vec<String> = futures_in_loop(&app, &trio).await;
        let fresh = listed.iter().filter_map(|q| q["id"].as_str()).find(|id| !in_loop.iter().any(|used| used == id)).expect("an unused coding question").to_owned();

        assert_eq!(trio.people[shadow].post_json(&path, &json!({"question_id": fresh})).await.status, StatusCode::FORBIDDEN);
        if let Some(taken) = other_round_question.filter(|id| *id != current) {
            assert_eq!(trio.people[interviewer].post_json(&path, &json!({"question_id": taken})).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        }
        let design = listed.iter().find(|q| q["kind"] != "coding").map(|q| q["id"].clone());
        assert!(design.is_none(), "listing was filtered to coding");
        let replaced = trio.people[interviewer].post_json(&path, &json!({"question_id": fresh})).await;
        assert_eq!(replaced.status, StatusCode::NO_CONTENT, "{}", replaced.body);
        let brief = trio.people[interviewer].get(&format!("/api/v1/circles/{}/loops/{}/rounds/{round_id}/brief", trio.circle, trio.loop_id)).await;
        assert_eq!(brief.json()["id"], fresh.as_str());
        let wrong_kind = trio.people[interviewer].post_json(&path, &json!({"question_id": "home-feed-retrieval-ranking"})).await;
        assert_eq!(wrong_kind.status, StatusCode::UNPROCESSABLE_ENTITY);
    }

    async fn the_shadow_and_interviewer_can_swap(app) {
        let mut trio = trio_with_loop(&app).await;
        let round = trio.rounds[0].clone();
        let round_id = round["id"].as_str().expect("id").to_owned();
        let shadow_id = person_id(&round, "shadow").expect("shadow");
        let interviewer_id = person_id(&round, "interviewer").expect("interviewer");
        let interviewee = index_of(&trio, &person_id(&round, "interviewee").expect("interviewee"));
        let path = format!("/api/v1/circles/{}/loops/{}/rounds/{round_id}/swap-roles", trio.circle, trio.loop_id);
        let owner_is_interviewee = interviewee == 0;
        if !owner_is_interviewee {
            assert_eq!(trio.people[interviewee].post_json(&path, &json!(null)).await.status, StatusCode::FORBIDDEN);
        }
        let who = index_of(&trio, &shadow_id);
        assert_eq!(trio.people[who].post_json(&path, &json!(null)).await.status, StatusCode::NO_CONTENT);
        let view = trio.people[who].get(&format!("/api/v1/circles/{}/loops/{}", trio.circle, trio.loop_id)).await.json();
        let swapped = view["rounds"].as_array().expect("rounds").iter().find(|r| r["id"] == round_id.as_str()).cloned().expect("round");
        assert_eq!(swapped["interviewer"]["id"], shadow_id.as_str());
        assert_eq!(swapped["shadow"]["id"], interviewer_id.as_str());
    }

    async fn loops_are_reachable_only_through_their_own_circle(app) {
        let mut trio = trio_with_loop(&app).await;
        let mut dee = app.signed_up("dee").await;
        let own_circle = dee.create_circle("Dee's circle").await;
        let sneaky = dee.get(&format!("/api/v1/circles/{own_circle}/loops/{}", trio.loop_id)).await;
        assert_eq!(sneaky.status, StatusCode::NOT_FOUND);
        let listed = dee.get(&format!("/api/v1/circles/{own_circle}/loops")).await;
        assert_eq!(listed.json().as_array().map(Vec::len), Some(0));
        let ana = &mut trio.people[0];
        assert_eq!(ana.get(&format!("/api/v1/circles/{}/loops", trio.circle)).await.json().as_array().map(Vec::len), Some(1));
    }

    async fn bad_loop_requests_name_the_field(app) {
        let mut trio = trio_with_loop(&app).await;
        let circle = trio.circle.clone();
        let ana_id = trio.people[0].user_id().to_owned();
        let mut dee = app.signed_up("dee").await;
        let dee_id = dee.user_id().to_owned();
        let _ = dee.get("/api/v1/me").await;
        let ana = &mut trio.people[0];
        let path = format!("/api/v1/circles/{circle}/loops");
        let cases = [
            (json!({"template": "nope", "participants": [ana_id], "start": "2030-01-07T09:00", "time_zone": "UTC", "max_hours_per_day": 5}), "template"),
            (json!({"template": "staff-ds", "participants": [dee_id], "start": "2030-01-07T09:00", "time_zone": "UTC", "max_hours_per_day": 5}), "participants"),
            (json!({"template": "staff-ds", "participants": [ana_id], "start": "next tuesday", "time_zone": "UTC", "max_hours_per_day": 5}), "start"),
            (json!({"template": "staff-ds", "participants": [ana_id], "start": "2030-01-07T09:00", "time_zone": "Mars/Olympus", "max_hours_per_day": 5}), "plan"),
            (json!({"template": "staff-ds", "participants": [], "start": "2030-01-07T09:00", "time_zone": "UTC", "max_hours_per_day": 5}), "plan"),
            (json!({"template": "staff-ds", "participants": [ana_id], "start": "2030-01-07T09:00", "time_zone": "UTC", "max_hours_per_day": -1}), "plan"),
        ];
        for (body, field) in cases {
            let reply = ana.post_json(&path, &body).await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", reply.body);
            assert_eq!(reply.json()["error"]["field"], field, "{body}");
        }
    }

    async fn a_solo_loop_has_no_interviewer(app) {
        let mut ana = app.signed_up("ana").await;
        let circle = ana.create_circle("Solo").await;
        let id = ana.user_id().to_owned();
        let created = ana.post_json(&format!("/api/v1/circles/{circle}/loops"), &json!({"template": "staff-ds", "participants": [id], "start": "2030-01-07T09:00", "time_zone": "Europe/Berlin", "max_hours_per_day": 8})).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let rounds = created.json()["rounds"].as_array().expect("rounds").clone();
        assert_eq!(rounds.len(), 5);
        assert!(rounds.iter().all(|r| r["interviewer"].is_null() && r["question"].is_null()));
    }

    async fn planning_through_the_circle_page_form(app) {
        let mut ana = app.signed_up("ana").await;
        let circle = ana.create_circle("Form loop").await;
        let id = ana.user_id().to_owned();
        let page = ana.get(&format!("/circles/{circle}")).await;
        assert!(page.body.contains("Plan a loop"));
        let created = ana.post_form(&format!("/circles/{circle}/loops"), &[("template", "staff-mle"), ("participants", &id), ("start", "2030-02-04T10:00"), ("time_zone", "Asia/Tokyo"), ("max_hours_per_day", "6")]).await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
        let agenda = ana.get(&created.location()).await;
        assert_eq!(agenda.status, StatusCode::OK);
        assert!(agenda.body.contains("Advanced coding") && agenda.body.contains("Asia/Tokyo"));
        let bad = ana.post_form(&format!("/circles/{circle}/loops"), &[("template", "staff-mle"), ("participants", &id), ("start", "2030-02-04T10:00"), ("time_zone", "Asia/Tokyo"), ("max_hours_per_day", "lots")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("daily cap"));
    }
}

/// Question ids used in the loop, read as the interviewer of each round.
async fn futures_in_loop(app: &TestApp, trio: &Trio) -> Vec<String> {
    let rows = app.store.loop_rounds(&trio.loop_id).await.expect("rounds");
    rows.into_iter().map(|row| row.question_id).collect()
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// Undoes RFC 5545 line folding so a search finds text split across lines.
fn unfold(ics: &str) -> String {
    ics.replace("\r\n ", "").replace("\r\n\t", "")
}
