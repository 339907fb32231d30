//! Cross-cutting request handling: CSRF, body limits, malformed input, headers, operations.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_app_with, Backend, Body};
use crate::on_both_backends;

on_both_backends! {
    async fn cookie_writes_without_the_csrf_token_are_rejected(app) {
        let mut ana = app.signed_up("ana").await;
        let api = ana.send(Method::POST, "/api/v1/circles", Some(Body::Json(json!({"name": "x"}))), false).await;
        assert_eq!(api.status, StatusCode::FORBIDDEN);
        assert_eq!(api.error_code(), "csrf_rejected");

        let form = ana.send(Method::POST, "/circles", Some(Body::Form(vec![("name".into(), "x".into())])), false).await;
        assert_eq!(form.status, StatusCode::FORBIDDEN);
        assert!(form.body.contains("<html"), "pages get an HTML error page");

        let forged = ana.send(Method::POST, "/circles", Some(Body::Form(vec![("name".into(), "x".into()), ("csrf_token".into(), "forged".into())])), false).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        assert!(ana.get("/api/v1/circles").await.json().as_array().expect("list").is_empty(), "nothing was created");
    }

    async fn malformed_and_mistyped_json_get_clear_errors(app) {
        let mut ana = app.signed_up("ana").await;
        let malformed = ana.send(Method::POST, "/api/v1/circles", Some(Body::Raw("application/json", b"{\"name\": ".to_vec())), true).await;
        assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
        assert_eq!(malformed.error_code(), "bad_request");
        let mistyped = ana.post_json("/api/v1/circles", &json!({"name": 42})).await;
        assert_eq!(mistyped.status, StatusCode::UNPROCESSABLE_ENTITY);
        let wrong_type = ana.send(Method::POST, "/api/v1/circles", Some(Body::Raw("text/plain", b"{}".to_vec())), true).await;
        assert_eq!(wrong_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let empty_name = ana.post_json("/api/v1/circles", &json!({"name": "   "})).await;
        assert_eq!(empty_name.json()["error"]["field"], "name");
    }

    async fn security_headers_are_on_every_page(app) {
        let mut visitor = app.visitor();
        let page = visitor.get("/signin").await;
        let csp = page.headers.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default();
        let script_src = csp.split(';').find(|d| d.trim().starts_with("script-src")).unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'") && script_src.trim() == "script-src 'self'", "{csp}");
        assert_eq!(page.headers.get("x-content-type-options").and_then(|v| v.to_str().ok()), Some("nosniff"));
        assert!(page.headers.contains_key("x-request-id"));
        let cookie = page.headers.get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    }

    async fn health_and_metrics_report(app) {
        let mut visitor = app.visitor();
        let health = visitor.get("/healthz").await;
        assert_eq!(health.status, StatusCode::OK);
        assert_eq!(health.json()["database"], "ok");
        visitor.get("/api/v1/circles").await;
        let metrics = visitor.get("/metrics").await;
        assert!(metrics.body.contains("mockloop_http_requests_total{method=\"GET\",route=\"/api/v1/circles\",status=\"401\"} 1"), "{}", metrics.body);
        assert!(metrics.body.contains("mockloop_http_request_duration_seconds_bucket"));
    }

    async fn openapi_document_is_served(app) {
        let mut visitor = app.visitor();
        let doc = visitor.get("/api/v1/openapi.json").await;
        assert_eq!(doc.status, StatusCode::OK);
        assert!(doc.json()["openapi"].as_str().unwrap_or_default().starts_with("3."));
        assert!(doc.json()["paths"]["/api/v1/circles"].is_object());
    }

    async fn every_asset_a_template_links_to_is_served(app) {
        let mut visitor = app.visitor();
        let mut checked = 0;
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/templates")).expect("templates") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
            for reference in text.split("\"/assets/").skip(1) {
                let name = reference.split('"').next().unwrap_or_default();
                let reply = visitor.get(&format!("/assets/{name}")).await;
                assert_eq!(reply.status, StatusCode::OK, "/assets/{name} is linked but not served");
                checked += 1;
            }
        }
        assert!(checked >= 4);
    }

    async fn unknown_routes_are_404_in_the_right_format(app) {
        let mut visitor = app.visitor();
        assert_eq!(visitor.get("/api/v1/nothing-here").await.error_code(), "not_found");
        let page = visitor.get("/nothing-here").await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(page.body.contains("<html"));
    }
}

#[tokio::test]
async fn oversized_bodies_get_413_before_anything_reads_them() {
    let app =
        spawn_app_with(Backend::Sqlite, |config| config.max_body_bytes = 16 * 1024).await.expect("sqlite");
    let mut ana = app.signed_up("ana").await;
    let huge = json!({"name": "x".repeat(64 * 1024)});
    let reply = ana.post_json("/api/v1/circles", &huge).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.error_code(), "payload_too_large");
    let form = ana.post_form("/circles", &[("name", &"y".repeat(64 * 1024))]).await;
    assert_eq!(form.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(ana.get("/healthz").await.status, StatusCode::OK, "the server keeps serving");
    app.cleanup().await;
}
