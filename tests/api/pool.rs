//! The matching pool through the API and the `mockloop pool` command: joining with checked
//! fields, pause/resume/leave, a run proposing groups, accepting into a circle with a loop laid
//! into common time, declining and expiry returning the others first in line, proposals hidden
//! from everyone else, and no-shows counting against reliability.

use std::process::Command;

use jiff::tz::TimeZone;
use jiff::Timestamp;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use mockloop::mail::Mailer;
use mockloop::notify::Notifier;
use mockloop::pool::Matchmaker;

use crate::helpers::{Body, TestApp, Visitor};
use crate::on_both_backends;

/// Evenings every day in Berlin: plenty of common time for two Berlin evenings people.
pub fn entry(track: &str, group_size: Value) -> Value {
    let evenings: Vec<Value> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .map(|day| json!({"day": day, "start": "18:00", "end": "22:00"}))
        .collect();
    json!({"track": track, "level": "staff", "tz": "Europe/Berlin", "availability": evenings,
           "group_size": group_size, "wants": ["coding", "ml_system_design"],
           "ready_to_interview": ["coding", "ml_system_design", "behavioral"], "focus": []})
}

pub async fn join(visitor: &mut Visitor, body: &Value) {
    let reply = visitor.put_json("/api/v1/pool", body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["entry"]["status"], "active");
}

fn pool_command(app: &TestApp, args: &[&str]) -> Value {
    let url = app.database_url();
    let output = Command::new(env!("CARGO_BIN_EXE_mockloop"))
        .args(["pool"])
        .args(args)
        .args(["--database-url", url.as_str()])
        .output()
        .expect("mockloop runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("JSON")
}

pub fn run_matching(app: &TestApp) -> Value {
    pool_command(app, &["run", "--json", "--seed", "7"])
}

async fn only_proposal(visitor: &mut Visitor) -> Value {
    let reply = visitor.get("/api/v1/pool").await;
    assert_eq!(reply.status, StatusCode::OK);
    let proposals = reply.json()["proposals"].as_array().expect("proposals").clone();
    assert_eq!(proposals.len(), 1, "{proposals:?}");
    proposals[0].clone()
}

/// Ana and Ben join for a pair and a run proposes them; returns both and the proposal id.
pub async fn proposed_pair(app: &TestApp) -> (Visitor, Visitor, String) {
    let mut ana = app.signed_up("ana").await;
    let mut ben = app.signed_up("ben").await;
    join(&mut ana, &entry("ds", json!(2))).await;
    join(&mut ben, &entry("ds", json!(2))).await;
    run_matching(app);
    let id = only_proposal(&mut ana).await["id"].as_str().expect("id").to_owned();
    (ana, ben, id)
}

fn waiting_since(pool: &Value, user_id: &str) -> String {
    let people = pool["people"].as_array().expect("people");
    let person = people.iter().find(|p| p["id"] == user_id).expect("in the pool");
    person["waiting_since"].as_str().expect("date").to_owned()
}

on_both_backends! {
    async fn joining_checks_every_field_and_pause_resume_leave_work(app) {
        let mut ana = app.signed_up("ana").await;
        assert_eq!(ana.get("/api/v1/pool").await.json()["entry"], Value::Null);
        for (field, patch) in [
            ("tz", json!({"tz": "Mars/Olympus"})),
            ("availability", json!({"availability": []})),
            ("availability", json!({"availability": [{"day": "someday", "start": "18:00", "end": "19:00"}]})),
            ("availability", json!({"availability": [{"day": "mon", "start": "25:00", "end": "19:00"}]})),
            ("track", json!({"track": "quant"})),
            ("level", json!({"level": "intern"})),
            ("group_size", json!({"group_size": "5"})),
            ("wants", json!({"wants": ["juggling"]})),
            ("focus", json!({"focus": ["not_a_theme"]})),
            ("rematch", json!({"rematch": ["01STRANGER0000000000000000"]})),
        ] {
            let mut body = entry("ds", json!("any"));
            for (key, value) in patch.as_object().expect("object") {
                body[key] = value.clone();
            }
            let reply = ana.put_json("/api/v1/pool", &body).await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", reply.body);
            assert_eq!(reply.json()["error"]["field"], field, "{}", reply.body);
        }
        assert_eq!(ana.get("/api/v1/pool").await.json()["entry"], Value::Null, "a refused entry stores nothing");

        join(&mut ana, &entry("ds", json!(2))).await;
        let view = ana.get("/api/v1/pool").await.json();
        assert_eq!(view["entry"]["group_size"], 2);
        assert_eq!(view["entry"]["availability"].as_array().map(Vec::len), Some(7));
        assert_eq!(ana.post_json("/api/v1/pool/pause", &json!({})).await.status, StatusCode::NO_CONTENT);
        assert_eq!(ana.get("/api/v1/pool").await.json()["entry"]["status"], "paused");
        assert_eq!(ana.post_json("/api/v1/pool/pause", &json!({})).await.status, StatusCode::CONFLICT);
        assert_eq!(ana.post_json("/api/v1/pool/resume", &json!({})).await.status, StatusCode::NO_CONTENT);
        assert_eq!(ana.get("/api/v1/pool").await.json()["entry"]["status"], "active");
        assert_eq!(ana.delete("/api/v1/pool").await.status, StatusCode::NO_CONTENT);
        assert_eq!(ana.get("/api/v1/pool").await.json()["entry"], Value::Null);

        // The page keeps what was typed beside the problem.
        let page = ana.post_form("/pool", &[("track", "ds"), ("level", "staff"), ("tz", "Nowhere/Atlantis"),
            ("group_size", "any"), ("slot_day", "tue"), ("slot_start", "19:00"), ("slot_end", "21:30")]).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.body.contains("Nowhere/Atlantis") && page.body.contains("21:30"), "{}", page.body);
        let saved = ana.post_form("/pool", &[("track", "mle"), ("level", "principal"), ("tz", "America/New_York"),
            ("group_size", "3"), ("slot_day", "sat"), ("slot_start", "09:00"), ("slot_end", "13:00"),
            ("slot_day", "mon"), ("slot_start", ""), ("slot_end", ""), ("wants", "coding"), ("wants", "behavioral")]).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let entry = ana.get("/api/v1/pool").await.json()["entry"].clone();
        assert_eq!(entry["track"], "mle");
        assert_eq!(entry["availability"], json!([{"day": "sat", "start": "09:00", "end": "13:00"}]));
        assert_eq!(entry["wants"], json!(["coding", "behavioral"]));
        assert!(ana.get("/pool").await.body.contains("Update your entry"));
    }

    async fn a_run_proposes_a_pair_and_accepting_forms_a_circle_with_a_loop_in_common_time(app) {
        let mut ana = app.signed_up("ana").await;
        let mut ben = app.signed_up("ben").await;
        let mut cai = app.signed_up("cai").await;
        join(&mut ana, &entry("ds", json!(2))).await;
        join(&mut ben, &entry("ds", json!("any"))).await;
        join(&mut cai, &entry("mle", json!("any"))).await;

        let summary = run_matching(&app);
        assert_eq!(summary["people"], 3);
        assert_eq!(summary["proposals"].as_array().map(Vec::len), Some(1));
        assert_eq!(summary["unmatched"], 1);

        let proposal = only_proposal(&mut ana).await;
        let id = proposal["id"].as_str().expect("id").to_owned();
        let names: Vec<&str> = proposal["members"].as_array().expect("members").iter().filter_map(|m| m["name"].as_str()).collect();
        assert_eq!(names.len(), 2);
        assert!(names.contains(&"ana") && names.contains(&"ben"));
        assert!(proposal["reasons"].as_array().is_some_and(|r| !r.is_empty()));
        assert!(!proposal["reasons"].to_string().contains(ana.user_id()), "reasons name people, not ids");
        assert_eq!(ana.get("/api/v1/pool").await.json()["entry"]["status"], "proposed");
        let dashboard = ana.get("/").await.body;
        assert!(dashboard.contains(&format!("/pool/proposals/{id}")), "the dashboard asks for an answer");
        let cais = cai.get("/api/v1/pool").await.json();
        assert!(cais["entry"]["note"].as_str().is_some_and(|n| !n.is_empty()), "{cais}");
        assert_eq!(cais["proposals"], json!([]));

        // Nobody outside the group can see or answer it, through any proposal route or method.
        let proposal_routes: Vec<&str> =
            mockloop::http::route_paths().into_iter().filter(|p| p.contains("{proposal_id}")).collect();
        assert!(proposal_routes.len() >= 6, "{proposal_routes:?}");
        for route in proposal_routes {
            let path = route.replace("{proposal_id}", &id);
            for method in [Method::GET, Method::POST, Method::PUT, Method::DELETE] {
                let reply = cai.send(method.clone(), &path, Some(Body::Json(json!({}))), true).await;
                assert!(
                    reply.status == StatusCode::NOT_FOUND || reply.status == StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {route}: {}", reply.status
                );
                assert!(!reply.body.contains("ana"), "{method} {route} leaked a member");
            }
        }
        let notes = ana.get("/api/v1/notifications").await.json();
        assert!(notes.to_string().contains(&format!("/pool/proposals/{id}")), "{notes}");

        let first = ana.post_json(&format!("/api/v1/pool/proposals/{id}/accept"), &json!({})).await;
        assert_eq!(first.status, StatusCode::OK, "{}", first.body);
        assert_eq!(first.json()["status"], "open");
        // The last acceptance forms the group: its rounds start a lead time after this.
        let forming = Timestamp::now();
        let second = ben.post_json(&format!("/api/v1/pool/proposals/{id}/accept"), &json!({})).await;
        assert_eq!(second.status, StatusCode::OK, "{}", second.body);
        let formed = second.json();
        assert_eq!(formed["status"], "accepted");
        let circle_id = formed["circle_id"].as_str().expect("circle").to_owned();
        let loop_id = formed["loop_id"].as_str().expect("loop").to_owned();
        let late = ana.post_json(&format!("/api/v1/pool/proposals/{id}/decline"), &json!({})).await;
        assert_eq!(late.status, StatusCode::CONFLICT, "a formed group cannot be declined");

        let circle = ben.get(&format!("/api/v1/circles/{circle_id}")).await;
        assert_eq!(circle.status, StatusCode::OK, "{}", circle.body);
        assert_eq!(circle.json()["members"].as_array().map(Vec::len), Some(2));
        assert_eq!(cai.get(&format!("/api/v1/circles/{circle_id}")).await.status, StatusCode::NOT_FOUND);
        let planned = ana.get(&format!("/api/v1/circles/{circle_id}/loops/{loop_id}")).await.json();
        assert_eq!(planned["template"], "staff-ds", "{planned}");
        let rounds = planned["rounds"].as_array().expect("rounds");
        assert_eq!(rounds.len(), 10, "five rounds for each of two people");
        let berlin = TimeZone::get("Europe/Berlin").expect("zone");
        let mut previous_end: Option<Timestamp> = None;
        for round in rounds {
            let start: jiff::Zoned = round["start"].as_str().expect("start").parse().expect("zoned");
            let feedback_end: jiff::Zoned = round["feedback_end"].as_str().expect("end").parse().expect("zoned");
            assert!(start.timestamp() > forming + jiff::SignedDuration::from_hours(12), "rounds start after a lead time");
            if previous_end.is_none() {
                // The members' evenings start on the hour; a loop formed during one starts at a quarter hour.
                assert_eq!(start.timestamp().as_second() % 900, 0, "the first round starts on the quarter hour: {start}");
            }
            let (start_local, end_local) = (start.with_time_zone(berlin.clone()), feedback_end.with_time_zone(berlin.clone()));
            assert!(start_local.hour() >= 18 && (end_local.hour() < 22 || (end_local.hour() == 22 && end_local.minute() == 0)),
                "{} – {} is outside the common evenings", start_local, end_local);
            assert!(previous_end.is_none_or(|end| end <= start.timestamp()), "rounds overlap");
            previous_end = Some(feedback_end.timestamp());
        }
        assert_eq!(ana.get("/api/v1/pool").await.json()["entry"]["status"], "matched");
        let told = ben.get("/api/v1/notifications").await.json().to_string();
        assert!(told.contains(&format!("/circles/{circle_id}/loops/{loop_id}")), "{told}");
        // Rejoining after a formed group waits afresh.
        join(&mut ana, &entry("ds", json!(2))).await;
    }

    async fn a_decline_returns_the_others_first_in_line(app) {
        let (mut ana, mut ben, id) = proposed_pair(&app).await;
        assert_eq!(ana.post_json(&format!("/api/v1/pool/proposals/{id}/accept"), &json!({})).await.status, StatusCode::OK);
        let declined = ben.post_json(&format!("/api/v1/pool/proposals/{id}/decline"), &json!({})).await;
        assert_eq!(declined.status, StatusCode::OK, "{}", declined.body);
        assert_eq!(declined.json()["status"], "declined");
        let anas = ana.get("/api/v1/pool").await.json();
        assert_eq!(anas["entry"]["status"], "active");
        assert_eq!(anas["entry"]["priority"], true);
        let bens = ben.get("/api/v1/pool").await.json();
        assert_eq!(bens["entry"]["status"], "active");
        assert_eq!(bens["entry"]["priority"], false);
        assert!(ana.get("/api/v1/notifications").await.body.contains("first in line"));
        // The one who accepted is first in line: the next pool file dates her wait back.
        let pool = pool_command(&app, &["export"]);
        let (anas_wait, bens_wait) = (waiting_since(&pool, ana.user_id()), waiting_since(&pool, ben.user_id()));
        assert!(anas_wait < bens_wait, "{anas_wait} vs {bens_wait}");
        assert_eq!(ana.post_json(&format!("/api/v1/pool/proposals/{id}/accept"), &json!({})).await.status, StatusCode::CONFLICT);
    }

    async fn an_unanswered_proposal_expires_and_pauses_the_silent(app) {
        let (mut ana, mut ben, id) = proposed_pair(&app).await;
        assert_eq!(ana.post_json(&format!("/api/v1/pool/proposals/{id}/accept"), &json!({})).await.status, StatusCode::OK);
        app.execute(&format!("UPDATE match_proposals SET deadline = 1 WHERE id = '{id}'")).await;
        // An answer after the deadline is refused even before the deadline is settled.
        assert_eq!(ben.post_json(&format!("/api/v1/pool/proposals/{id}/accept"), &json!({})).await.status, StatusCode::CONFLICT);
        let summary = run_matching(&app);
        assert_eq!(summary["expired"], 1, "{summary}");
        assert_eq!(ana.get(&format!("/api/v1/pool/proposals/{id}")).await.json()["status"], "expired");
        let anas = ana.get("/api/v1/pool").await.json();
        assert_eq!(anas["entry"]["status"], "active");
        assert_eq!(anas["entry"]["priority"], true);
        assert_eq!(ben.get("/api/v1/pool").await.json()["entry"]["status"], "paused");
        assert!(ben.get("/api/v1/notifications").await.body.contains("paused"));
    }

    async fn no_shows_are_reported_by_the_rounds_people_and_count_in_the_next_pool(app) {
        let (mut ana, mut ben, id) = proposed_pair(&app).await;
        ana.post_json(&format!("/api/v1/pool/proposals/{id}/accept"), &json!({})).await;
        let formed = ben.post_json(&format!("/api/v1/pool/proposals/{id}/accept"), &json!({})).await.json();
        let (circle_id, loop_id) = (formed["circle_id"].as_str().expect("circle"), formed["loop_id"].as_str().expect("loop"));
        let planned = ana.get(&format!("/api/v1/circles/{circle_id}/loops/{loop_id}")).await.json();
        let round = planned["rounds"][0]["id"].as_str().expect("round").to_owned();
        let path = format!("/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round}/no-shows");
        let early = ana.post_json(&path, &json!({"absent": ben.user_id()})).await;
        assert_eq!(early.status, StatusCode::CONFLICT, "not before the round starts: {}", early.body);
        app.execute(&format!("UPDATE loop_rounds SET starts_at = 1000 WHERE id = '{round}'")).await;
        let myself = ana.post_json(&path, &json!({"absent": ana.user_id()})).await;
        assert_eq!(myself.status, StatusCode::UNPROCESSABLE_ENTITY);
        let reported = ana.post_json(&path, &json!({"absent": ben.user_id()})).await;
        assert_eq!(reported.status, StatusCode::OK, "{}", reported.body);
        assert_eq!(reported.json()["absent"], json!([ben.user_id()]));
        assert_eq!(ana.post_json(&path, &json!({"absent": ben.user_id()})).await.status, StatusCode::OK, "reporting twice is harmless");
        let mut outsider = app.signed_up("outsider").await;
        assert_eq!(outsider.post_json(&path, &json!({"absent": ben.user_id()})).await.status, StatusCode::NOT_FOUND);

        // Back in the pool, Ben carries one no-show and Ana as a recent partner.
        join(&mut ben, &entry("ds", json!(2))).await;
        let pool = pool_command(&app, &["export"]);
        let bens = pool["people"].as_array().expect("people").iter().find(|p| p["id"] == ben.user_id()).expect("ben").clone();
        assert_eq!(bens["no_shows"], 1, "{bens}");
        assert_eq!(bens["recent_partners"], json!([ana.user_id()]));
        // Ben may now ask to meet Ana again; a stranger is still refused.
        let mut again = entry("ds", json!(2));
        again["rematch"] = json!([ana.user_id()]);
        assert_eq!(ben.put_json("/api/v1/pool", &again).await.status, StatusCode::OK);
        assert!(ben.get(&format!("/circles/{circle_id}/loops/{loop_id}")).await.body.contains("Report a no-show"));
        // Matched again, Ana reads why, but not Ben's no-show record.
        join(&mut ana, &entry("ds", json!(2))).await;
        assert_eq!(run_matching(&app)["proposals"].as_array().map(Vec::len), Some(1));
        let proposals = ana.get("/api/v1/pool").await.json()["proposals"].clone();
        let open = proposals.as_array().expect("proposals").iter().find(|p| p["status"] == "open").expect("an open one");
        let reasons = open["reasons"].to_string();
        assert!(reasons.contains("met recently"), "{reasons}");
        assert!(!reasons.contains("no-show"), "{reasons}");
    }

    async fn each_scheduled_run_is_claimed_by_one_instance(app) {
        let mut ana = app.signed_up("ana").await;
        let mut ben = app.signed_up("ben").await;
        join(&mut ana, &entry("ds", json!(2))).await;
        join(&mut ben, &entry("ds", json!(2))).await;
        let (bank, _) = mockloop::content::load(&mockloop::content::ContentSource::from_option(None)).expect("bank");
        let bank = std::sync::Arc::new(bank);
        let instance = || Matchmaker {
            notifier: Notifier {
                store: app.store.clone(),
                mailer: Mailer::disabled(),
                base_url: url::Url::parse("http://mockloop.test/").expect("url"),
            },
            bank: bank.clone(),
            answer_seconds: 3600,
        };
        let (first, second) = (instance(), instance());
        let hour = 3600;
        app.execute("DELETE FROM settings WHERE key = 'next_match_run'").await;
        let now = mockloop::secrets::now();
        assert!(first.scheduled_step(hour, now).await.expect("step").is_none(), "the first look only sets the time");
        assert_eq!(app.store.next_match_run().await.expect("read"), Some(now + hour));
        assert!(first.scheduled_step(hour, now + 10).await.expect("step").is_none(), "not due yet");
        // Two instances look at the clock when the run is due: exactly one runs it.
        let due = now + hour + 5;
        let (a, b) = tokio::join!(first.scheduled_step(hour, due), second.scheduled_step(hour, due));
        let runs: Vec<_> = [a.expect("step"), b.expect("step")].into_iter().flatten().collect();
        assert_eq!(runs.len(), 1, "{runs:?}");
        assert_eq!(runs[0].proposals.len(), 1);
        assert_eq!(app.store.next_match_run().await.expect("read"), Some(now + 2 * hour));
        assert_eq!(only_proposal(&mut ben).await["status"], "open");
        // Downtime does not pile up runs: one run, and the next falls on the rhythm after now.
        let late = now + 5 * hour + 60;
        assert!(first.scheduled_step(hour, late).await.expect("step").is_some());
        assert_eq!(app.store.next_match_run().await.expect("read"), Some(now + 6 * hour));
        // Without a schedule, nothing runs, but deadlines are still settled.
        app.execute("UPDATE match_proposals SET deadline = 1").await;
        assert!(first.scheduled_step(0, late).await.expect("step").is_none());
        assert_eq!(only_proposal(&mut ben).await["status"], "expired");
    }
}
