//! Email notifications through a real SMTP conversation with a small in-test server: feedback
//! arriving reaches the candidate's inbox with a link back to the page.

use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use crate::helpers::{spawn_app_with, Backend};
use crate::loops::trio_with_loop;
use crate::pool::proposed_pair;

/// Accepts SMTP sessions and sends each message's recipients and data to the channel.
async fn fake_smtp() -> (u16, mpsc::UnboundedReceiver<(Vec<String>, String)>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let (sender, receiver) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let sender = sender.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 fake ESMTP\r\n").await;
                let mut recipients = Vec::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    let verb = line.split_whitespace().next().unwrap_or_default().to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 fake\r\n",
                        "RCPT" => {
                            recipients.push(line.clone());
                            b"250 ok\r\n"
                        }
                        "DATA" => {
                            let _ = write.write_all(b"354 go ahead\r\n").await;
                            let mut data = String::new();
                            while let Ok(Some(line)) = lines.next_line().await {
                                if line == "." {
                                    break;
                                }
                                data.push_str(&line);
                                data.push('\n');
                            }
                            let _ = sender.send((std::mem::take(&mut recipients), data));
                            b"250 queued\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            return;
                        }
                        _ => b"250 ok\r\n",
                    };
                    if write.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (port, receiver)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feedback_arriving_is_emailed_when_smtp_is_configured() {
    let (port, mut inbox) = fake_smtp().await;
    let app = spawn_app_with(Backend::Sqlite, |config| {
        config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        config.mail_from = "mockloop <noreply@mockloop.test>".to_owned();
    })
    .await
    .expect("sqlite always runs");
    let mut trio = trio_with_loop(&app).await;
    let round = trio.rounds[0].clone();
    let seat = |name: &str| trio.people.iter().position(|p| round[name]["id"] == p.user_id()).expect("seat");
    let (candidate, interviewer) = (seat("interviewee"), seat("interviewer"));
    let base = format!(
        "/api/v1/circles/{}/loops/{}/rounds/{}",
        trio.circle,
        trio.loop_id,
        round["id"].as_str().expect("id")
    );
    let form = json!({
        "items": [{"kind": "strength", "situation": "At 12:40, sizing the feature store",
                   "behavior": "You derived 3 TB/day from users x events x bytes", "impact": "I could check the estimate",
                   "suggestion": "Next time also state the retention window"}],
        "ratings": {"communication": 3, "problem_solving": 3, "technical_depth": 3, "tradeoffs": 3},
        "staff_bar": "at",
    });
    assert_eq!(
        trio.people[interviewer].put_json(&format!("{base}/feedback/draft"), &form).await.status,
        reqwest::StatusCode::OK
    );
    let confirm = json!({"confirm": [
        {"item": null, "code": "dimension_not_covered"},
    ]});
    let submitted = trio.people[interviewer].post_json(&format!("{base}/feedback/submit"), &confirm).await;
    assert_eq!(submitted.status, reqwest::StatusCode::OK, "{}", submitted.body);
    assert_eq!(submitted.json()["confirmed"][0]["code"], "dimension_not_covered", "the override is recorded");

    let (recipients, data) = tokio::time::timeout(Duration::from_secs(10), inbox.recv())
        .await
        .expect("an email in time")
        .expect("message");
    // Long lines travel quoted-printable: undo its soft line breaks.
    let data = data.replace("=\n", "");
    let candidate_email = format!("{}@example.test", ["ana", "ben", "chen"][candidate]);
    assert!(recipients.iter().any(|r| r.contains(&candidate_email)), "{recipients:?}");
    assert!(data.contains("sent feedback on your"), "{data}");
    assert!(data.contains("/feedback"), "the email links to the feedback page: {data}");
    assert!(!data.contains("retention window"), "the email does not carry the feedback itself");
    app.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_formed_group_gets_its_agenda_with_a_calendar_attached() {
    let (port, mut inbox) = fake_smtp().await;
    let app = spawn_app_with(Backend::Sqlite, |config| {
        config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        config.mail_from = "mockloop <noreply@mockloop.test>".to_owned();
    })
    .await
    .expect("sqlite always runs");
    let (mut ana, mut ben, id) = proposed_pair(&app).await;
    ana.post_json(&format!("/api/v1/pool/proposals/{id}/accept"), &json!({})).await;
    let formed = ben.post_json(&format!("/api/v1/pool/proposals/{id}/accept"), &json!({})).await;
    assert_eq!(formed.json()["status"], "accepted", "{}", formed.body);
    let mut recipients = Vec::new();
    while recipients.len() < 2 {
        let (to, data) = tokio::time::timeout(Duration::from_secs(20), inbox.recv())
            .await
            .expect("an email within 20 s")
            .expect("the fake server is running");
        assert!(data.contains("practice group"), "{data}");
        assert!(data.contains("text/calendar") && data.contains("mockloop-staff-ds.ics"), "{data}");
        assert!(data.contains("Advanced coding"), "the agenda is in the body: {data}");
        recipients.extend(to);
    }
    let recipients = recipients.join(" ");
    assert!(
        recipients.contains("ana@example.test") && recipients.contains("ben@example.test"),
        "{recipients}"
    );
    app.cleanup().await;
}
