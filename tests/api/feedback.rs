//! The feedback exchange through the API: a giver is held up by vague items, fixes them and
//! submits; the candidate self-assesses, reads the feedback, asks, is answered, thanks and keeps a
//! takeaway. Visibility: drafts stay with their giver, feedback waits for the self-assessment,
//! the shadow's is labelled, private notes never appear, and other members of the circle see nothing.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::Visitor;
use crate::loops::{trio_with_loop, Trio};
use crate::on_both_backends;

struct Round {
    base: String,
    candidate: usize,
    interviewer: usize,
    shadow: usize,
}

fn first_round(trio: &Trio) -> Round {
    let round = &trio.rounds[0];
    let seat = |name: &str| trio.people.iter().position(|p| round[name]["id"] == p.user_id()).expect("seat");
    Round {
        base: format!(
            "/api/v1/circles/{}/loops/{}/rounds/{}",
            trio.circle,
            trio.loop_id,
            round["id"].as_str().expect("id")
        ),
        candidate: seat("interviewee"),
        interviewer: seat("interviewer"),
        shadow: seat("shadow"),
    }
}

fn strength() -> Value {
    json!({"kind": "strength", "situation": "At 12:40, while sizing the feature store",
           "behavior": "You derived 3 TB/day on the whiteboard from users x events x bytes before choosing storage",
           "impact": "I could check the cost estimate and we moved on to serving quickly",
           "suggestion": "Keep writing the arithmetic on the board; next time also state the retention window",
           "theme": "scalability_and_serving"})
}

fn improvement() -> Value {
    json!({"kind": "improvement", "situation": "When I asked about latency in the serving phase",
           "behavior": "You listed two options, batch and online scoring, but never picked one",
           "impact": "We spent eight minutes without a decision and skipped monitoring",
           "suggestion": "Say which option you choose and the requirement that decides it, within two minutes",
           "theme": "tradeoff_justification"})
}

fn complete_form(items: Vec<Value>) -> Value {
    json!({
        "items": items,
        "ratings": {"communication": 3, "problem_solving": 2, "technical_depth": 3, "tradeoffs": 2},
        "rating_comments": {
            "communication": "You checked that I was following after each component of the design.",
            "problem_solving": "You asked about scale and freshness before drawing the pipeline.",
            "technical_depth": "When I probed the two-tower model you explained why in-batch negatives bias towards popular items.",
        },
        "staff_bar": "at",
    })
}

async fn codes_of(reply: &Value) -> Vec<String> {
    let mut codes: Vec<String> = reply["report"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .flat_map(|item| item["problems"].as_array().cloned().unwrap_or_default())
        .chain(reply["report"]["problems"].as_array().cloned().unwrap_or_default())
        .filter_map(|problem| problem["code"].as_str().map(str::to_owned))
        .collect();
    codes.sort();
    codes
}

async fn give_feedback(giver: &mut Visitor, base: &str, items: Vec<Value>) {
    let saved = giver.put_json(&format!("{base}/feedback/draft"), &complete_form(items)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let submitted = giver.post_json(&format!("{base}/feedback/submit"), &json!({"confirm": []})).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
}

on_both_backends! {
    async fn the_whole_exchange_from_a_blocked_submission_to_a_kept_takeaway(app) {
        let mut trio = trio_with_loop(&app).await;
        let round = first_round(&trio);
        let base = round.base.clone();
        let note = trio.people[round.interviewer].post_json(&format!("{base}/notes"), &json!({"body": "PRIVATE: rambled on the feature store", "tags": []})).await;
        assert_eq!(note.status, StatusCode::CREATED, "{}", note.body);

        // A vague item blocks the submission until it is fixed.
        let vague = json!({"kind": "improvement", "situation": "During the interview", "behavior": "It was okay", "impact": "n/a", "suggestion": "Practice more"});
        let saved = trio.people[round.interviewer].put_json(&format!("{base}/feedback/draft"), &complete_form(vec![strength(), vague])).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let codes = codes_of(&saved.json()).await;
        for code in ["vague", "missing_impact", "not_actionable"] {
            assert!(codes.contains(&code.to_owned()), "{code} in {codes:?}");
        }
        let blocked = trio.people[round.interviewer].post_json(&format!("{base}/feedback/submit"), &json!({"confirm": []})).await;
        assert_eq!(blocked.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(blocked.error_code(), "unconfirmed_problems");
        assert!(blocked.json()["unconfirmed"].as_array().is_some_and(|open| open.iter().any(|p| p["code"] == "vague" && p["item"] == 1)));

        // Other people cannot touch or read the draft; the candidate has nothing to read yet.
        let meddling = trio.people[round.candidate].put_json(&format!("{base}/feedback/draft"), &complete_form(vec![strength()])).await;
        assert_eq!(meddling.status, StatusCode::FORBIDDEN);
        let early = trio.people[round.candidate].get(&format!("{base}/feedback")).await.json();
        assert!(early["received"].as_array().is_some_and(Vec::is_empty) && early["mine"].is_null());
        assert!(!early.to_string().contains("Practice more"), "a draft reached the candidate");

        let fixed = trio.people[round.interviewer].put_json(&format!("{base}/feedback/draft"), &complete_form(vec![strength(), improvement()])).await;
        assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.body);
        assert!(codes_of(&fixed.json()).await.is_empty(), "{}", fixed.body);
        let submitted = trio.people[round.interviewer].post_json(&format!("{base}/feedback/submit"), &json!({"confirm": []})).await;
        assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
        let again = trio.people[round.interviewer].put_json(&format!("{base}/feedback/draft"), &complete_form(vec![strength()])).await;
        assert_eq!(again.status, StatusCode::CONFLICT, "a submitted form is final");

        // Submitted, but waiting for the candidate's own view first.
        let waiting = trio.people[round.candidate].get(&format!("{base}/feedback")).await.json();
        assert_eq!(waiting["waiting_for_self_assessment"], 1);
        assert!(waiting["received"].as_array().is_some_and(Vec::is_empty));
        let notified = trio.people[round.candidate].get("/api/v1/notifications").await.json();
        assert_eq!(notified["unread"], 1, "{notified}");

        let incomplete = trio.people[round.candidate].put_json(&format!("{base}/self-assessment"), &json!({"ratings": {"communication": 3}, "staff_bar": "at", "went_well": "x", "to_improve": "y"})).await;
        assert_eq!(incomplete.status, StatusCode::UNPROCESSABLE_ENTITY);
        let assessment = json!({"ratings": {"communication": 4, "problem_solving": 3, "technical_depth": 3, "tradeoffs": 3}, "staff_bar": "above",
                                "went_well": "Sizing the feature store", "to_improve": "Deciding between serving options faster"});
        let assessed = trio.people[round.candidate].put_json(&format!("{base}/self-assessment"), &assessment).await;
        assert_eq!(assessed.status, StatusCode::CREATED, "{}", assessed.body);
        let twice = trio.people[round.candidate].put_json(&format!("{base}/self-assessment"), &assessment).await;
        assert_eq!(twice.status, StatusCode::CONFLICT);

        let view = trio.people[round.candidate].get(&format!("{base}/feedback")).await.json();
        let received = view["received"].as_array().expect("received");
        assert_eq!(received.len(), 1);
        assert_eq!(received[0]["label"], "Interviewer's feedback");
        let tradeoffs = view["calibration"]["rows"].as_array().expect("rows").iter().find(|r| r["dimension"] == "tradeoffs").cloned().expect("row");
        assert_eq!(tradeoffs["gap"], 1.0, "self 3 against 2");
        assert!(!view.to_string().contains("PRIVATE"), "a private note reached the candidate");
        assert!(received[0]["confirmed"].as_array().is_some_and(Vec::is_empty));

        // Ask, be answered, thank, keep a takeaway.
        let form_id = received[0]["id"].as_str().expect("form").to_owned();
        let item_id = received[0]["draft"]["items"][1]["id"].as_str().expect("item id").to_owned();
        let item = format!("{base}/feedback/{form_id}/items/{item_id}");
        let asked = trio.people[round.candidate].post_json(&format!("{item}/messages"), &json!({"body": "Which requirement should have decided it?"})).await;
        assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.body);
        let giver_notes = trio.people[round.interviewer].get("/api/v1/notifications").await.json();
        assert!(giver_notes["items"][0]["message"].as_str().is_some_and(|m| m.contains("asked")), "{giver_notes}");
        let answered = trio.people[round.interviewer].post_json(&format!("{item}/messages"), &json!({"body": "The 100 ms p99 budget."})).await;
        assert_eq!(answered.status, StatusCode::CREATED);
        let shadow_try = trio.people[round.shadow].post_json(&format!("{item}/messages"), &json!({"body": "me too"})).await;
        assert_eq!(shadow_try.status, StatusCode::NOT_FOUND, "the shadow cannot write on another giver's form");
        assert_eq!(trio.people[round.candidate].post_json(&format!("{item}/thanks"), &json!(null)).await.status, StatusCode::NO_CONTENT);
        let kept = trio.people[round.candidate].post_json(&format!("{item}/takeaway"), &json!({"text": "Decide within two minutes, tied to a requirement"})).await;
        assert_eq!(kept.status, StatusCode::NO_CONTENT, "{}", kept.body);
        let takeaways = trio.people[round.candidate].get("/api/v1/me/takeaways").await.json();
        assert_eq!(takeaways[0]["text"], "Decide within two minutes, tied to a requirement");
        let thread = trio.people[round.candidate].get(&format!("{base}/feedback")).await.json();
        let messages = thread["received"][0]["messages"].as_array().expect("messages");
        assert_eq!(messages.len(), 2);
        assert_eq!(thread["received"][0]["reactions"][0]["thanked"], true);
        let calibration = trio.people[round.candidate].get("/api/v1/me/calibration").await.json();
        assert_eq!(calibration.as_array().map(Vec::len), Some(1));
        let report = trio.people[round.candidate].get(&format!("/api/v1/circles/{}/loops/{}/report.md", trio.circle, trio.loop_id)).await;
        assert_eq!(report.status, StatusCode::OK);
        for expected in ["## Agenda", "you were the candidate", "Interviewer's feedback", "Decide within two minutes", "Your self-assessment"] {
            assert!(report.body.contains(expected), "{expected} in the report:\n{}", report.body);
        }
        assert!(!report.body.contains("PRIVATE"), "a private note reached the report");
        let shadow_report = trio.people[round.shadow].get(&format!("/api/v1/circles/{}/loops/{}/report.md", trio.circle, trio.loop_id)).await;
        assert!(!shadow_report.body.contains("two options, batch and online"), "someone else's feedback reached the report");
        let printable = trio.people[round.candidate].get(&format!("/circles/{}/loops/{}/report", trio.circle, trio.loop_id)).await;
        assert!(printable.status == StatusCode::OK && printable.body.contains("<table>"), "{}", printable.status);
        // The candidate's history, as the CLI exports it, carries the released feedback and scores.
        let candidate_email = format!("{}@example.test", ["ana", "ben", "chen"][round.candidate]);
        let exported = std::process::Command::new(env!("CARGO_BIN_EXE_mockloop"))
            .args(["export", "--candidate", &candidate_email, "--database-url", &app.database_url()])
            .output()
            .expect("runs");
        assert!(exported.status.success(), "{}", String::from_utf8_lossy(&exported.stderr));
        let history: Value = serde_json::from_slice(&exported.stdout).expect("history JSON");
        assert_eq!(history["rounds"].as_array().map(Vec::len), Some(1));
        assert_eq!(history["rounds"][0]["items"][1]["theme"], "tradeoff_justification");
        assert_eq!(history["rounds"][0]["ratings"]["tradeoffs"], 2);
        let focus = std::process::Command::new(env!("CARGO_BIN_EXE_mockloop"))
            .args(["insights", "focus", "--json", "--history", "/dev/stdin"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().expect("stdin").write_all(&exported.stdout)?;
                child.wait_with_output()
            })
            .expect("runs");
        let report: Value = serde_json::from_slice(&focus.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&focus.stderr)));
        assert_eq!(report["focus"][0], "tradeoff_justification", "{report}");
        let progress = trio.people[round.candidate].get("/progress").await;
        assert_eq!(progress.status, StatusCode::OK);
        assert!(progress.body.contains("<svg") && progress.body.contains("Trade-off justification"), "charts and the heatmap's theme");
        let giver_progress = trio.people[round.interviewer].get("/progress").await;
        assert!(!giver_progress.body.contains("Trade-off justification"), "a giver's progress page shows only their own rounds");
    }

    async fn a_shadow_s_feedback_is_labelled_and_can_be_released_early(app) {
        let mut trio = trio_with_loop(&app).await;
        let round = first_round(&trio);
        give_feedback(&mut trio.people[round.shadow], &round.base, vec![strength(), improvement()]).await;
        let shadow_view = trio.people[round.shadow].get(&format!("{}/feedback", round.base)).await.json();
        assert_eq!(shadow_view["mine"]["giver_role"], "shadow");
        assert!(shadow_view["received"].as_array().is_some_and(Vec::is_empty), "givers read only their own form");
        assert!(shadow_view["self_assessment"].is_null());
        let interviewer_view = trio.people[round.interviewer].get(&format!("{}/feedback", round.base)).await.json();
        assert!(interviewer_view["mine"].is_null(), "the interviewer does not see the shadow's form");

        let released = trio.people[round.shadow].post_json(&format!("{}/feedback/release", round.base), &json!(null)).await;
        assert_eq!(released.status, StatusCode::NO_CONTENT);
        let view = trio.people[round.candidate].get(&format!("{}/feedback", round.base)).await.json();
        assert_eq!(view["received"][0]["label"], "Shadow's feedback (second opinion)");
        assert!(view["calibration"].is_null(), "no calibration without a self-assessment");
    }

    async fn focus_areas_are_asked_about_and_checked(app) {
        let mut trio = trio_with_loop(&app).await;
        let round = first_round(&trio);
        let too_many = trio.people[round.candidate].put_json("/api/v1/me/focus-areas", &json!({"themes": ["time_management", "thinking_aloud", "code_quality"]})).await;
        assert_eq!(too_many.status, StatusCode::UNPROCESSABLE_ENTITY);
        let unknown = trio.people[round.candidate].put_json("/api/v1/me/focus-areas", &json!({"themes": ["astrology"]})).await;
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
        let set = trio.people[round.candidate].put_json("/api/v1/me/focus-areas", &json!({"themes": ["tradeoff_justification"]})).await;
        assert_eq!(set.status, StatusCode::OK, "{}", set.body);
        let view = trio.people[round.interviewer].get(&format!("{}/feedback", round.base)).await.json();
        assert_eq!(view["focus_areas"], json!(["tradeoff_justification"]));
        let page = trio.people[round.interviewer].get(&format!("/circles/{}/loops/{}/rounds/{}/feedback", trio.circle, trio.loop_id, trio.rounds[0]["id"].as_str().expect("id"))).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Trade-off justification"), "the form names the focus area");
        // The interviewer's brief shows the focus area and what to watch for; the candidate's side has no brief.
        let brief_focus = trio.people[round.interviewer].get(&format!("{}/brief/focus", round.base)).await.json();
        assert_eq!(brief_focus[0]["theme"], "tradeoff_justification");
        assert!(brief_focus[0]["watch_for"].as_array().is_some_and(|w| !w.is_empty()));
        assert_eq!(trio.people[round.candidate].get(&format!("{}/brief/focus", round.base)).await.status, StatusCode::NOT_FOUND);
        let brief_page = trio.people[round.interviewer].get(&format!("/circles/{}/loops/{}/rounds/{}/brief", trio.circle, trio.loop_id, trio.rounds[0]["id"].as_str().expect("id"))).await;
        assert!(brief_page.body.contains("is working on"), "the brief page names the focus areas");
    }

    async fn members_outside_the_round_see_none_of_it(app) {
        let mut trio = trio_with_loop(&app).await;
        let round = first_round(&trio);
        give_feedback(&mut trio.people[round.interviewer], &round.base, vec![strength(), improvement()]).await;
        // A fourth member joins the circle: they are in it, but not in this round.
        let mut dana = app.signed_up("dana").await;
        let invite = trio.people[0].invite_token(&trio.circle).await;
        assert_eq!(dana.post_json(&format!("/api/v1/invites/{invite}/accept"), &json!(null)).await.status, StatusCode::OK);
        // Every feedback route, every method, with real ids of this round's form and items.
        let form = trio.people[round.interviewer].get(&format!("{}/feedback", round.base)).await.json();
        let form_id = form["mine"]["id"].as_str().expect("form").to_owned();
        let item_id = form["mine"]["draft"]["items"][0]["id"].as_str().expect("item").to_owned();
        let round_id = trio.rounds[0]["id"].as_str().expect("id").to_owned();
        let routes: Vec<&str> = mockloop::http::route_paths()
            .into_iter()
            .filter(|p| p.contains("{round_id}") && (p.contains("/feedback") || p.contains("/self-assessment")))
            .collect();
        assert!(routes.len() >= 9, "{routes:?}");
        for route in routes {
            let path = route
                .replace("{circle_id}", &trio.circle)
                .replace("{loop_id}", &trio.loop_id)
                .replace("{round_id}", &round_id)
                .replace("{form_id}", &form_id)
                .replace("{item_id}", &item_id);
            for method in [reqwest::Method::GET, reqwest::Method::POST, reqwest::Method::PUT] {
                // A body every route accepts the shape of, so only the authorisation can refuse.
                let mut everything = complete_form(vec![strength()]);
                for (key, value) in [("body", json!("Why?")), ("text", json!("Keep it")), ("confirm", json!([])), ("went_well", json!("x")), ("to_improve", json!("y"))] {
                    everything[key] = value;
                }
                let body = Some(crate::helpers::Body::Json(everything));
                let reply = dana.send(method.clone(), &path, body, true).await;
                assert!(
                    matches!(reply.status, StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
                    "{method} {route} answered a member outside the round with {}", reply.status
                );
                assert!(!reply.body.contains("arithmetic"), "{method} {route} leaked the feedback");
            }
        }
    }

    async fn the_lint_and_theme_tools_answer_per_item_in_order(app) {
        let mut ana = app.signed_up("ana").await;
        let items = json!([
            {"situation": "At 12:40, while sizing the feature store", "behavior": "You derived 3 TB/day from users x events x bytes",
             "impact": "I could check the cost estimate", "suggestion": "Next time also state the retention window"},
            {"situation": "-", "behavior": "You're a natural leader", "impact": "Good", "suggestion": "Keep it up"},
        ]);
        let reports = ana.post_json("/api/v1/feedback/lint", &items).await.json();
        assert_eq!(reports[0]["ok"], true, "{reports}");
        let codes: Vec<&str> = reports[1]["problems"].as_array().expect("problems").iter().filter_map(|p| p["code"].as_str()).collect();
        for code in ["missing_situation", "about_person", "not_actionable"] {
            assert!(codes.contains(&code), "{code} in {codes:?}");
        }
        let themes = ana.post_json("/api/v1/feedback/themes", &json!([{"text": "You ran out of time and never tested the edge cases"}])).await.json();
        assert!(themes[0]["theme"].is_string() && themes[0]["alternatives"].is_array(), "{themes}");
        let too_many = ana.post_json("/api/v1/feedback/lint", &Value::Array(vec![json!({}); 501])).await;
        assert_eq!(too_many.status, StatusCode::UNPROCESSABLE_ENTITY);
        let anonymous = app.visitor().post_json("/api/v1/feedback/lint", &items).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    }

    async fn focus_areas_from_feedback_become_a_plan_and_a_share_link(app) {
        let mut trio = trio_with_loop(&app).await;
        let round = first_round(&trio);
        give_feedback(&mut trio.people[round.interviewer], &round.base, vec![strength(), improvement()]).await;
        let assessment = json!({"ratings": {"communication": 3, "problem_solving": 3, "technical_depth": 3, "tradeoffs": 3},
                                "staff_bar": "at", "went_well": "Estimates", "to_improve": "Decisions"});
        assert_eq!(trio.people[round.candidate].put_json(&format!("{}/self-assessment", round.base), &assessment).await.status, StatusCode::CREATED);
        let candidate = &mut trio.people[round.candidate];
        let insights = candidate.get("/api/v1/me/insights").await.json();
        assert_eq!(insights["suggested"]["focus"][0], "tradeoff_justification", "{insights}");
        assert!(insights["chosen"].as_array().is_some_and(Vec::is_empty));

        let confirmed = candidate.post_form("/focus", &[("first", "tradeoff_justification"), ("second", "")]).await;
        assert_eq!(confirmed.status, StatusCode::SEE_OTHER, "{}", confirmed.body);
        let insights = candidate.get("/api/v1/me/insights").await.json();
        assert_eq!(insights["chosen"][0]["status"], "new", "the chosen area's status comes from the feedback");
        let plan = candidate.get("/api/v1/me/practice-plan").await.json();
        let drills = plan["plans"][0]["drills"].as_array().expect("drills");
        assert!(!drills.is_empty() && !plan["plans"][0]["checklist"].as_array().expect("checklist").is_empty());
        let drill = drills[0]["question_id"].as_str().expect("id").to_owned();
        let tick = candidate.put_json("/api/v1/me/practice-plan/ticks", &json!({"theme": "tradeoff_justification", "key": format!("drill:{drill}"), "done": true})).await;
        assert_eq!(tick.status, StatusCode::NO_CONTENT);
        let bogus = candidate.put_json("/api/v1/me/practice-plan/ticks", &json!({"theme": "tradeoff_justification", "key": "drill:nope", "done": true})).await;
        assert_eq!(bogus.status, StatusCode::UNPROCESSABLE_ENTITY);
        let page = candidate.get("/focus").await;
        assert!(page.body.contains("Your practice plan") && page.body.contains("checked"), "the tick shows");

        let shared = candidate.post_form("/focus/share", &[]).await;
        let url = shared.body.split("id=\"share-url\" readonly value=\"").nth(1).and_then(|rest| rest.split('"').next()).expect("a share link").to_owned();
        let path = url.split_once("/shared/").map(|(_, rest)| format!("/shared/{rest}")).expect("path");
        let outside = app.visitor().get(&path).await;
        assert_eq!(outside.status, StatusCode::OK);
        assert!(outside.body.contains("Trade-off justification"), "the focus area is shared");
        assert!(!outside.body.contains("batch and online"), "the feedback itself is not");
        assert_eq!(app.visitor().get("/shared/focus/fs_not_a_token").await.status, StatusCode::NOT_FOUND);
        let history = candidate.get("/api/v1/me/history").await.json();
        assert_eq!(history["rounds"].as_array().map(Vec::len), Some(1));
        let stranger = app.signed_up("stranger").await.get("/api/v1/me/history").await.json();
        assert!(stranger["rounds"].as_array().is_some_and(Vec::is_empty), "nobody sees another's history");
    }
}
