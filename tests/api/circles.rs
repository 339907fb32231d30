use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;

on_both_backends! {
    async fn invite_link_joins_a_second_member(app) {
        let mut ana = app.signed_up("ana").await;
        let mut ben = app.signed_up("ben").await;
        let circle = ana.create_circle("Staff MLE prep").await;
        let invite = ana.invite_token(&circle).await;

        let preview = ben.get(&format!("/api/v1/invites/{invite}")).await;
        assert_eq!(preview.json()["circle_name"], "Staff MLE prep");
        assert_eq!(preview.json()["status"], "open");

        let joined = ben.post_json(&format!("/api/v1/invites/{invite}/accept"), &json!(null)).await;
        assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
        assert_eq!(joined.json()["circle_id"], circle.as_str());
        let listed = ben.get("/api/v1/circles").await.json();
        assert_eq!(listed[0]["name"], "Staff MLE prep");
        assert_eq!(listed[0]["role"], "member");
        assert_eq!(listed[0]["member_count"], 2);
    }

    async fn a_used_invite_cannot_be_reused(app) {
        let mut ana = app.signed_up("ana").await;
        let mut ben = app.signed_up("ben").await;
        let mut chen = app.signed_up("chen").await;
        let circle = ana.create_circle("Prep").await;
        let invite = ana.invite_token(&circle).await;
        assert_eq!(ben.post_json(&format!("/api/v1/invites/{invite}/accept"), &json!(null)).await.status, StatusCode::OK);
        let reused = chen.post_json(&format!("/api/v1/invites/{invite}/accept"), &json!(null)).await;
        assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reused.json()["error"]["message"].as_str().unwrap_or_default().contains("already been used"));
        assert_eq!(chen.get(&format!("/api/v1/circles/{circle}")).await.status, StatusCode::NOT_FOUND);
    }

    async fn an_expired_invite_is_refused(app) {
        let mut ana = app.signed_up("ana").await;
        let mut ben = app.signed_up("ben").await;
        let circle = ana.create_circle("Prep").await;
        let invite = ana.invite_token(&circle).await;
        app.execute("UPDATE circle_invites SET expires_at = 1").await;
        assert_eq!(ben.get(&format!("/api/v1/invites/{invite}")).await.json()["status"], "expired");
        let expired = ben.post_json(&format!("/api/v1/invites/{invite}/accept"), &json!(null)).await;
        assert_eq!(expired.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(expired.body.contains("expired"));
    }

    async fn unknown_invite_is_not_found(app) {
        let mut ben = app.signed_up("ben").await;
        let reply = ben.post_json("/api/v1/invites/inv_nonexistent/accept", &json!(null)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
    }

    async fn a_circle_holds_at_most_four_members(app) {
        let mut owner = app.signed_up("owner").await;
        let circle = owner.create_circle("Full house").await;
        for name in ["m1", "m2", "m3"] {
            let mut member = app.signed_up(name).await;
            let invite = owner.invite_token(&circle).await;
            assert_eq!(member.post_json(&format!("/api/v1/invites/{invite}/accept"), &json!(null)).await.status, StatusCode::OK);
        }
        let mut fifth = app.signed_up("m4").await;
        let invite = owner.invite_token(&circle).await;
        let refused = fifth.post_json(&format!("/api/v1/invites/{invite}/accept"), &json!(null)).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("full"));
    }

    async fn owner_removes_a_member_and_members_cannot(app) {
        let mut ana = app.signed_up("ana").await;
        let mut ben = app.signed_up("ben").await;
        let circle = ana.create_circle("Prep").await;
        let invite = ana.invite_token(&circle).await;
        ben.post_json(&format!("/api/v1/invites/{invite}/accept"), &json!(null)).await;

        let ana_id = ana.user_id().to_owned();
        let by_member = ben.delete(&format!("/api/v1/circles/{circle}/members/{ana_id}")).await;
        assert_eq!(by_member.status, StatusCode::FORBIDDEN);
        let ben_id = ben.user_id().to_owned();
        let removed = ana.delete(&format!("/api/v1/circles/{circle}/members/{ben_id}")).await;
        assert_eq!(removed.status, StatusCode::NO_CONTENT);
        assert_eq!(ben.get(&format!("/api/v1/circles/{circle}")).await.status, StatusCode::NOT_FOUND);
    }

    async fn leaving_passes_ownership_and_the_last_one_out_deletes_the_circle(app) {
        let mut ana = app.signed_up("ana").await;
        let mut ben = app.signed_up("ben").await;
        let circle = ana.create_circle("Prep").await;
        let invite = ana.invite_token(&circle).await;
        ben.post_json(&format!("/api/v1/invites/{invite}/accept"), &json!(null)).await;

        let left = ana.post_json(&format!("/api/v1/circles/{circle}/leave"), &json!(null)).await;
        assert_eq!(left.json()["outcome"], "ownership_passed");
        assert_eq!(ben.get(&format!("/api/v1/circles/{circle}")).await.json()["role"], "owner");
        let last = ben.post_json(&format!("/api/v1/circles/{circle}/leave"), &json!(null)).await;
        assert_eq!(last.json()["outcome"], "circle_deleted");
        assert!(ben.get("/api/v1/circles").await.json().as_array().expect("list").is_empty());
    }

    async fn circle_pages_work_through_forms(app) {
        let mut ana = app.signed_up("ana").await;
        let created = ana.post_form("/circles", &[("name", "Form circle")]).await;
        assert_eq!(created.status, StatusCode::SEE_OTHER);
        let location = created.location();
        let page = ana.get(&location).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Form circle"));
        let circle_path = location.split('?').next().unwrap_or_default().to_owned();
        let with_invite = ana.post_form(&format!("{circle_path}/invites"), &[]).await;
        assert!(with_invite.body.contains("/invites/inv_"), "the page shows the new link");

        let mut stranger = app.visitor();
        let link = with_invite.body.split("/invites/inv_").nth(1).and_then(|rest| rest.split('"').next()).expect("link");
        let invite_page = stranger.get(&format!("/invites/inv_{link}")).await;
        assert!(invite_page.body.contains("Create an account to join"));
    }
}
