use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;

on_both_backends! {
    async fn sign_up_sign_out_and_sign_in_again(app) {
        let mut ana = app.signed_up("ana").await;
        let me = ana.get("/api/v1/me").await;
        assert_eq!(me.status, StatusCode::OK);
        assert_eq!(me.json()["display_name"], "ana");
        assert_eq!(me.json()["is_admin"], true, "the first account is the admin");

        let out = ana.delete("/api/v1/session").await;
        assert_eq!(out.status, StatusCode::NO_CONTENT);
        assert_eq!(ana.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);

        let back = ana.post_json("/api/v1/session", &json!({"email": "ANA@example.test", "password": "correct horse battery"})).await;
        assert_eq!(back.status, StatusCode::OK, "{}", back.body);
        assert_eq!(ana.get("/api/v1/me").await.status, StatusCode::OK);
    }

    async fn second_account_is_not_admin_and_email_is_unique(app) {
        app.signed_up("ana").await;
        let mut ben = app.signed_up("ben").await;
        assert_eq!(ben.get("/api/v1/me").await.json()["is_admin"], false);
        let mut again = app.visitor();
        let reply = again.post_json("/api/v1/accounts", &json!({"email": "Ben@Example.test", "display_name": "Other", "password": "0123456789"})).await;
        assert_eq!(reply.status, StatusCode::CONFLICT);
        assert_eq!(reply.json()["error"]["field"], "email");
    }

    async fn short_password_and_bad_email_are_rejected_with_the_field(app) {
        let mut visitor = app.visitor();
        let short = visitor.post_json("/api/v1/accounts", &json!({"email": "a@example.test", "display_name": "A", "password": "123456789"})).await;
        assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(short.json()["error"]["field"], "password");
        let email = visitor.post_json("/api/v1/accounts", &json!({"email": "nope", "display_name": "A", "password": "0123456789"})).await;
        assert_eq!(email.json()["error"]["field"], "email");
    }

    async fn wrong_password_is_refused_without_revealing_accounts(app) {
        app.signed_up("ana").await;
        let mut visitor = app.visitor();
        let wrong = visitor.post_json("/api/v1/session", &json!({"email": "ana@example.test", "password": "not the password"})).await;
        let unknown = visitor.post_json("/api/v1/session", &json!({"email": "zed@example.test", "password": "not the password"})).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(wrong.body, unknown.body, "same answer for a wrong password and an unknown account");
        assert_eq!(visitor.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    }

    async fn repeated_failures_lock_the_account_even_for_the_right_password(app) {
        app.signed_up("ana").await;
        let mut attacker = app.visitor();
        for _ in 0..5 {
            let reply = attacker.post_json("/api/v1/session", &json!({"email": "ana@example.test", "password": "guess guess guess"})).await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        }
        let locked = attacker.post_json("/api/v1/session", &json!({"email": "ana@example.test", "password": "correct horse battery"})).await;
        assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(locked.error_code(), "rate_limited");
        assert!(locked.headers.contains_key("retry-after"));
    }

    async fn changing_password_needs_the_current_one_and_signs_out_other_sessions(app) {
        let mut ana = app.signed_up("ana").await;
        let mut laptop = app.visitor();
        let signed_in = laptop.post_json("/api/v1/session", &json!({"email": "ana@example.test", "password": "correct horse battery"})).await;
        assert_eq!(signed_in.status, StatusCode::OK);

        let wrong = ana.put_json("/api/v1/me/password", &json!({"current_password": "nope nope nope", "new_password": "a brand new secret"})).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        let changed = ana.put_json("/api/v1/me/password", &json!({"current_password": "correct horse battery", "new_password": "a brand new secret"})).await;
        assert_eq!(changed.status, StatusCode::NO_CONTENT, "{}", changed.body);

        assert_eq!(ana.get("/api/v1/me").await.status, StatusCode::OK, "this session stays");
        assert_eq!(laptop.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED, "other sessions end");
        let old = laptop.post_json("/api/v1/session", &json!({"email": "ana@example.test", "password": "correct horse battery"})).await;
        assert_eq!(old.status, StatusCode::UNPROCESSABLE_ENTITY);
    }

    async fn api_token_authenticates_without_csrf_and_can_be_revoked(app) {
        let mut ana = app.signed_up("ana").await;
        let created = ana.post_json("/api/v1/tokens", &json!({"name": "laptop"})).await;
        assert_eq!(created.status, StatusCode::CREATED);
        let token = created.json()["token"].as_str().expect("token").to_owned();
        let token_id = created.json()["id"].as_str().expect("id").to_owned();

        let mut script = app.visitor();
        script.bearer = Some(token.clone());
        assert_eq!(script.get("/api/v1/me").await.json()["display_name"], "ana");
        let circle = script.post_json("/api/v1/circles", &json!({"name": "From a script"})).await;
        assert_eq!(circle.status, StatusCode::CREATED, "bearer writes need no CSRF token");
        let listed = ana.get("/api/v1/tokens").await;
        assert!(!listed.body.contains(&token), "the secret is never listed");

        assert_eq!(ana.delete(&format!("/api/v1/tokens/{token_id}")).await.status, StatusCode::NO_CONTENT);
        assert_eq!(script.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    }

    async fn admin_can_make_sign_up_invite_only(app) {
        let mut admin = app.signed_up("ana").await;
        let mut ben = app.signed_up("ben").await;
        let denied = ben.put_json("/api/v1/admin/settings", &json!({"signup_mode": "invite_only"})).await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);
        let set = admin.put_json("/api/v1/admin/settings", &json!({"signup_mode": "invite_only"})).await;
        assert_eq!(set.status, StatusCode::OK, "{}", set.body);

        let mut stranger = app.visitor();
        let refused = stranger.post_json("/api/v1/accounts", &json!({"email": "c@example.test", "display_name": "C", "password": "0123456789"})).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        let circle = admin.create_circle("Prep").await;
        let invite = admin.invite_token(&circle).await;
        let invited = stranger.post_json("/api/v1/accounts", &json!({"email": "c@example.test", "display_name": "C", "password": "0123456789", "invite": invite})).await;
        assert_eq!(invited.status, StatusCode::CREATED, "{}", invited.body);
        let joined = stranger.post_json(&format!("/api/v1/invites/{invite}/accept"), &json!(null)).await;
        assert_eq!(joined.status, StatusCode::OK);
    }

    async fn pages_sign_up_and_sign_in_through_forms(app) {
        let mut browser = app.visitor();
        let page = browser.get("/signup").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("name=\"csrf_token\""));
        let created = browser.post_form("/signup", &[("email", "dee@example.test"), ("display_name", "Dee"), ("password", "0123456789"), ("next", "/")]).await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
        let dashboard = browser.get("/").await;
        assert!(dashboard.body.contains("Your circles"));
        let out = browser.post_form("/signout", &[]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert_eq!(browser.get("/").await.location(), "/signin");
        let wrong = browser.post_form("/signin", &[("email", "dee@example.test"), ("password", "wrong password!")]).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.body.contains("do not match"), "the form shows the error");
        let right = browser.post_form("/signin", &[("email", "dee@example.test"), ("password", "0123456789"), ("next", "/settings")]).await;
        assert_eq!(right.location(), "/settings");
    }
}
