//! Walks every route the router serves: each circle route must hide the circle from non-members
//! (404, as if it did not exist) and ask strangers to sign in. A new route that forgets the
//! membership check fails here without anyone having to remember to add a test.

use reqwest::{Method, StatusCode};

use crate::helpers::Body;
use crate::on_both_backends;

const METHODS: [Method; 5] = [Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE];

fn fill(path: &str, ids: &[(&str, &str)]) -> String {
    ids.iter().fold(path.to_owned(), |path, (name, value)| path.replace(&format!("{{{name}}}"), value))
}

on_both_backends! {
    async fn every_circle_route_hides_the_circle_from_non_members(app) {
        let mut owner = app.signed_up("owner").await;
        let circle = owner.create_circle("Private circle").await;
        let owner_id = owner.user_id().to_owned();
        let planned = owner
            .post_json(
                &format!("/api/v1/circles/{circle}/loops"),
                &serde_json::json!({"template": "staff-ds", "participants": [owner_id], "start": "2030-01-07T09:00",
                                    "time_zone": "UTC", "max_hours_per_day": 8}),
            )
            .await;
        assert_eq!(planned.status, StatusCode::CREATED, "{}", planned.body);
        let loop_id = planned.json()["id"].as_str().expect("loop id").to_owned();
        let round_id = planned.json()["rounds"][0]["id"].as_str().expect("round id").to_owned();
        let note_id = mockloop::secrets::new_id().to_string();
        let ids = [
            ("circle_id", circle.as_str()),
            ("user_id", owner_id.as_str()),
            ("loop_id", loop_id.as_str()),
            ("round_id", round_id.as_str()),
            ("note_id", note_id.as_str()),
            ("form_id", note_id.as_str()),
            ("item_id", note_id.as_str()),
        ];
        let mut outsider = app.signed_up("outsider").await;
        let mut anonymous = app.visitor();

        let circle_routes: Vec<&str> = mockloop::http::route_paths().into_iter().filter(|p| p.contains("{circle_id}")).collect();
        assert!(circle_routes.len() >= 8, "expected the circle routes, found {circle_routes:?}");
        for route in circle_routes {
            let path = fill(route, &ids);
            assert!(!path.contains('{'), "{route} has a parameter this test does not fill");
            let mut served = false;
            for method in METHODS {
                let body = Some(Body::Json(serde_json::json!({})));
                let reply = outsider.send(method.clone(), &path, body, true).await;
                assert!(
                    reply.status == StatusCode::NOT_FOUND || reply.status == StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {route} answered a non-member with {}: {}", reply.status, reply.body
                );
                assert!(!reply.body.contains("Private circle"), "{method} {route} leaked the circle's name");
                assert!(!reply.body.contains(&loop_id), "{method} {route} leaked the loop");
                if reply.status == StatusCode::METHOD_NOT_ALLOWED {
                    continue;
                }
                served = true;
                let stranger = anonymous.send(method.clone(), &path, Some(Body::Json(serde_json::json!({}))), true).await;
                let asked_to_sign_in = stranger.status == StatusCode::UNAUTHORIZED
                    || (stranger.status == StatusCode::SEE_OTHER && stranger.location().starts_with("/signin"));
                assert!(asked_to_sign_in, "{method} {route} answered an anonymous caller with {}", stranger.status);
            }
            assert!(served, "{route} serves no method");
        }
        // The owner still sees everything: the checks above were not passing because the routes are broken.
        assert_eq!(owner.get(&format!("/api/v1/circles/{circle}")).await.status, StatusCode::OK);
        assert_eq!(owner.get(&format!("/circles/{circle}")).await.status, StatusCode::OK);
    }

    async fn malformed_circle_ids_are_not_found(app) {
        let mut ana = app.signed_up("ana").await;
        for bad in ["..%2F..%2Fetc", "x", "0123456789ABCDEFGHJKMNPQRS"] {
            let reply = ana.get(&format!("/api/v1/circles/{bad}")).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{bad}");
        }
    }
}

#[test]
fn every_api_route_is_in_the_openapi_document() {
    let document = serde_json::to_value(<mockloop::http::openapi::ApiDoc as utoipa::OpenApi>::openapi())
        .expect("serialises");
    let documented = document["paths"].as_object().expect("paths");
    for path in mockloop::http::route_paths() {
        if path.starts_with("/api/v1/") && path != "/api/v1/openapi.json" {
            assert!(documented.contains_key(path), "{path} is served but not in openapi.json");
        }
    }
}
