//! A fresh database for the benchmark, written through the `Store` before the server starts:
//! three people in one circle, loops whose coding rounds are the rooms, a session per person and
//! the cookie key the server will sign with, so the bench can sign session cookies as the server
//! would and connect to each room exactly as a browser does.
//!
//! Seeding goes straight to the store rather than through sign-up: argon2 per account would
//! dominate the set-up, and the benchmark measures the live rooms, not sign-in.

use axum::http::header::SET_COOKIE;
use axum::response::IntoResponse;
use axum_extra::extract::cookie::{Cookie, Key, SignedCookieJar};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use mockloop_core::bank::{Bank, Question, RoundKind};
use mockloop_core::{DisplayName, Email};

use crate::http::auth::{hash_password, SESSION_COOKIE};
use crate::secrets;
use crate::store::loops::{LoopRow, NewLoop, RoundRow};
use crate::store::settings::COOKIE_KEY;
use crate::store::users::NewUser;
use crate::store::Store;

/// Rounds per seeded loop. Opening a room socket loads the round's whole loop, so loops stay the
/// size of a long real one rather than one loop holding every room.
const ROUNDS_PER_LOOP: usize = 10;

/// The seats of a round, in the order clients take them (a fourth client reuses the first seat).
pub const SEATS: usize = 3;

/// What the bench needs to open the seeded rooms.
#[derive(Debug)]
pub struct Seeded {
    pub circle_id: String,
    /// (loop id, round id) per room.
    pub rooms: Vec<(String, String)>,
    /// A `Cookie` header value per seat: interviewee, interviewer, shadow.
    pub cookies: Vec<String>,
}

impl Seeded {
    /// The path of a room's Yjs socket.
    pub fn doc_path(&self, room: usize) -> Option<String> {
        let (loop_id, round_id) = self.rooms.get(room)?;
        Some(format!("/api/v1/circles/{}/loops/{loop_id}/rounds/{round_id}/room/doc", self.circle_id))
    }
}

/// The question every bench room is a round of: the bank's first coding question with starter
/// code, which mockloop puts in a new round's document.
pub fn bench_question(bank: &Bank) -> Result<&Question, String> {
    bank.questions
        .iter()
        .find(|q| {
            q.kind == RoundKind::Coding && q.coding.as_ref().is_some_and(|c| !c.starter_code.is_empty())
        })
        .ok_or_else(|| "the question bank has no coding question with starter code".to_owned())
}

/// The starter code of [`bench_question`].
pub fn starter_code(bank: &Bank) -> Result<String, String> {
    let question = bench_question(bank)?;
    Ok(question.coding.as_ref().map(|coding| coding.starter_code.clone()).unwrap_or_default())
}

/// Creates the people, circle, rounds and sessions for `rooms` rooms in an empty, migrated store.
pub async fn seed(store: &Store, bank: &Bank, rooms: usize) -> Result<Seeded, String> {
    let question = bench_question(bank)?;
    let key_bytes = secrets::random_bytes::<64>();
    store.put_setting(COOKIE_KEY, &STANDARD.encode(key_bytes)).await.map_err(|e| e.to_string())?;
    let key = Key::try_from(key_bytes.as_slice()).map_err(|e| e.to_string())?;
    let now = secrets::now();
    // One hash for everyone: nobody signs in with it, but every account has a real one.
    let password_hash = hash_password("bench-password-not-used").map_err(|e| format!("{e:?}"))?;
    let mut people = Vec::new();
    for seat in 0..SEATS {
        let id = secrets::new_id();
        let email = Email::parse(&format!("bench{seat}@example.com")).map_err(|e| e.to_string())?;
        let name = DisplayName::parse(&format!("Bench {seat}")).map_err(|e| e.to_string())?;
        let new = NewUser {
            id: &id,
            email: &email,
            display_name: &name,
            password_hash: &password_hash,
            created_at: now,
        };
        store.create_user(new).await.map_err(|e| e.to_string())?;
        people.push(id.to_string());
    }
    let circle_id = secrets::new_id().to_string();
    store.create_circle(&circle_id, "Bench circle", &people[0], now).await.map_err(|e| e.to_string())?;
    for person in &people[1..] {
        let token_hash = secrets::hash_token(&secrets::new_token("inv_"));
        let invite_id = secrets::new_id().to_string();
        store
            .create_invite(&invite_id, &circle_id, &token_hash, &people[0], now, now + 3600)
            .await
            .map_err(|e| e.to_string())?;
        store.accept_invite(&token_hash, person, now).await.map_err(|e| e.to_string())?;
    }
    let mut seeded = Seeded { circle_id, rooms: Vec::with_capacity(rooms), cookies: Vec::new() };
    let mut remaining = rooms;
    while remaining > 0 {
        let count = remaining.min(ROUNDS_PER_LOOP);
        let new = new_loop(&seeded.circle_id, &people, &question.id, count, now);
        seeded.rooms.extend(new.rounds.iter().map(|round| (new.row.id.clone(), round.id.clone())));
        store.create_loop(&new).await.map_err(|e| e.to_string())?;
        remaining -= count;
    }
    for person in &people {
        let token = secrets::new_token("");
        store
            .create_session(&secrets::hash_token(&token), person, now, now + 86_400)
            .await
            .map_err(|e| e.to_string())?;
        seeded.cookies.push(signed_cookie(&key, &token)?);
    }
    Ok(seeded)
}

/// A fresh, migrated SQLite store in `dir` with one seeded round, and the round's id: for tests
/// that need a round to write under (foreign keys hold).
#[cfg(test)]
pub async fn a_store_with_a_round(dir: &std::path::Path) -> (Store, String) {
    let url = format!("sqlite://{}", dir.join("rounds.db").display());
    let store = Store::connect(&url).await.expect("connects");
    store.migrate().await.expect("migrates");
    let (bank, _) =
        crate::content::load(&crate::content::ContentSource::from_option(None)).expect("the bundled bank");
    let seeded = seed(&store, &bank, 1).await.expect("seeds");
    let round_id = seeded.rooms[0].1.clone();
    (store, round_id)
}

/// A loop of `count` coding rounds happening now, all with the same three seats.
fn new_loop(circle_id: &str, people: &[String], question_id: &str, count: usize, now: i64) -> NewLoop {
    let loop_id = secrets::new_id().to_string();
    let rounds = (0..count)
        .map(|position| RoundRow {
            id: secrets::new_id().to_string(),
            loop_id: loop_id.clone(),
            position: position as i64,
            round_kind: RoundKind::Coding.as_str().to_owned(),
            interviewee_id: people[0].clone(),
            interviewer_id: people.get(1).cloned(),
            shadow_id: people.get(2).cloned(),
            question_id: question_id.to_owned(),
            starts_at: now,
            ends_at: now + 3600,
            feedback_ends_at: now + 7200,
        })
        .collect();
    let row = LoopRow {
        id: loop_id,
        circle_id: circle_id.to_owned(),
        template_id: "bench".to_owned(),
        time_zone: "UTC".to_owned(),
        start_local: "2026-01-01T09:00".to_owned(),
        max_minutes_per_day: 600,
        seed: 0,
        relaxed_json: "[]".to_owned(),
        created_by: people[0].clone(),
        created_at: now,
    };
    NewLoop { row, participant_ids: people.to_vec(), rounds }
}

/// The `Cookie` header a browser holding this session would send: signed with the server's key
/// by the same jar the server reads it with.
fn signed_cookie(key: &Key, token: &str) -> Result<String, String> {
    let jar = SignedCookieJar::new(key.clone()).add(Cookie::new(SESSION_COOKIE, token.to_owned()));
    let response = (jar, ()).into_response();
    let set_cookie =
        response.headers().get(SET_COOKIE).and_then(|v| v.to_str().ok()).ok_or("no cookie set")?;
    Ok(set_cookie.split(';').next().unwrap_or_default().to_owned())
}
