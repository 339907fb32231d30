//! Export and import restore a database exactly, on both backends and through the CLI.

use mockloop::store::export::ExportDocument;
use serde_json::json;

use crate::helpers::{fresh_store, Backend, TestApp};
use crate::on_both_backends;

async fn populate(app: &TestApp) {
    let mut ana = app.signed_up("ana").await;
    let mut ben = app.signed_up("ben").await;
    let circle = ana.create_circle("Round trip").await;
    let invite = ana.invite_token(&circle).await;
    ben.post_json(&format!("/api/v1/invites/{invite}/accept"), &json!(null)).await;
    ana.invite_token(&circle).await;
    ana.post_json("/api/v1/tokens", &json!({"name": "cli"})).await;
    let participants = [ana.user_id().to_owned(), ben.user_id().to_owned()];
    let planned = ana
        .post_json(
            &format!("/api/v1/circles/{circle}/loops"),
            &json!({"template": "staff-ds", "participants": participants, "start": "2030-01-07T09:00",
                    "time_zone": "Europe/London", "max_hours_per_day": 5}),
        )
        .await;
    assert_eq!(planned.status, reqwest::StatusCode::CREATED, "{}", planned.body);
}

fn tables(document: &ExportDocument) -> serde_json::Value {
    serde_json::Value::Object(document.tables.clone())
}

on_both_backends! {
    async fn export_then_import_restores_every_row(app) {
        populate(&app).await;
        let exported = app.store.export_all(1).await.expect("export");
        assert_eq!(exported.tables["users"].as_array().map(Vec::len), Some(2));
        assert_eq!(exported.tables["circle_members"].as_array().map(Vec::len), Some(2));
        assert_eq!(exported.tables["loop_rounds"].as_array().map(Vec::len), Some(10));

        let (target, _, _dir) = fresh_store(app.backend).await.expect("same backend available");
        let imported = target.import_all(&exported).await.expect("import");
        assert!(imported >= 8);
        let again = target.export_all(1).await.expect("export again");
        assert_eq!(tables(&again), tables(&exported));

        let refused = target.import_all(&exported).await.expect_err("not empty any more");
        assert!(refused.to_string().contains("not empty"));
        target.close().await;
    }

    async fn a_broken_export_imports_nothing(app) {
        populate(&app).await;
        let mut exported = app.store.export_all(1).await.expect("export");
        exported.tables.insert("circles".into(), json!([{"id": 7, "name": "bad"}]));
        let (target, _, _dir) = fresh_store(app.backend).await.expect("available");
        let error = target.import_all(&exported).await.expect_err("bad row");
        assert!(error.to_string().contains("table circles, row 0"), "{error}");
        let empty = target.export_all(1).await.expect("export");
        assert!(empty.tables["users"].as_array().expect("rows").is_empty(), "all or nothing");
        target.close().await;
    }
}

#[tokio::test]
async fn cli_export_and_import_round_trip_through_files() {
    let app = crate::helpers::spawn_app(Backend::Sqlite).await.expect("sqlite");
    populate(&app).await;
    let dir = tempfile::tempdir().expect("dir");
    let source = app.store.export_all(1).await.expect("export");
    let source_db = dir.path().join("source.db");
    let target_db = dir.path().join("target.db");
    let first = dir.path().join("first.json");
    let second = dir.path().join("second.json");
    std::fs::write(&first, serde_json::to_vec(&source).expect("json")).expect("write");

    let binary = env!("CARGO_BIN_EXE_mockloop");
    let import = std::process::Command::new(binary)
        .args(["import", first.to_str().expect("utf8"), "--database-url"])
        .arg(format!("sqlite://{}", source_db.display()))
        .output()
        .expect("runs");
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    let export = std::process::Command::new(binary)
        .args(["export", "--out", second.to_str().expect("utf8"), "--database-url"])
        .arg(format!("sqlite://{}", source_db.display()))
        .output()
        .expect("runs");
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let written: ExportDocument =
        serde_json::from_slice(&std::fs::read(&second).expect("read")).expect("parses");
    assert_eq!(tables(&written), tables(&source));

    let garbage = dir.path().join("garbage.json");
    std::fs::write(&garbage, b"{not json").expect("write");
    let refused = std::process::Command::new(binary)
        .args(["import", garbage.to_str().expect("utf8"), "--database-url"])
        .arg(format!("sqlite://{}", target_db.display()))
        .output()
        .expect("runs");
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(stderr.lines().count(), 1, "one clear line: {stderr}");
    app.cleanup().await;
}

#[test]
fn unreachable_database_fails_with_one_line() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_mockloop"))
        .args(["migrate", "--database-url", "postgres://nobody@127.0.0.1:1/none"])
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("mockloop: could not connect to the database"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}
