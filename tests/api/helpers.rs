//! The test harness: a real mockloop on a random port against a fresh database per test.
//!
//! Every test runs on SQLite (a temp file) and on PostgreSQL (a fresh schema in the database that
//! `MOCKLOOP_TEST_DATABASE_URL` names). Without that variable the PostgreSQL variants skip with a
//! message, except under `CI=true`, where a missing PostgreSQL fails the run.

use std::str::FromStr;

use mockloop::store::Store;
use mockloop::{App, Config};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use sqlx::postgres::PgConnectOptions;
use sqlx::Connection;

/// Held by every test that runs code in the sandbox, so that checks for leftover sandbox
/// processes see only their own test's runs.
pub static SANDBOX_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running server and the database behind it.
pub struct TestApp {
    pub address: String,
    pub store: Store,
    pub backend: Backend,
    pub postgres_schema: Option<(String, String)>,
    _sqlite_dir: Option<tempfile::TempDir>,
}

/// Declares each test once and runs it on both backends, as `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($(async fn $name:ident($app:ident) $body:block)*) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let $app = $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await.expect("sqlite always runs");
                    $body
                    $app.cleanup().await;
                }
            )*
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some($app) = $crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await else { return };
                    $body
                    $app.cleanup().await;
                }
            )*
        }
    };
}

/// Whether the sandbox's bubblewrap is installed. Without it, tests that run code skip with a
/// message, except under `CI=true`, where they must run.
pub fn sandbox_available() -> bool {
    if std::path::Path::new("/usr/bin/bwrap").exists() {
        return true;
    }
    assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true but bubblewrap is not installed");
    eprintln!("skipping a code-run test: apt-get install bubblewrap to run it");
    false
}

pub fn postgres_url() -> Option<String> {
    match std::env::var("MOCKLOOP_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but MOCKLOOP_TEST_DATABASE_URL is not set: the PostgreSQL suite must run in CI"
            );
            eprintln!("skipping a PostgreSQL test: set MOCKLOOP_TEST_DATABASE_URL to run it");
            None
        }
    }
}

/// Connects a fresh, migrated store: a temp SQLite file, or a new PostgreSQL schema.
pub async fn fresh_store(
    backend: Backend,
) -> Option<(Store, Option<(String, String)>, Option<tempfile::TempDir>)> {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}", dir.path().join("mockloop.db").display());
            let store = Store::connect(&url).await.expect("sqlite connects");
            store.migrate().await.expect("sqlite migrates");
            Some((store, None, Some(dir)))
        }
        Backend::Postgres => {
            let url = postgres_url()?;
            let schema = format!("t_{}", mockloop::secrets::new_id());
            let mut admin = sqlx::PgConnection::connect(&url).await.expect("PostgreSQL is reachable");
            sqlx::query(&format!("CREATE SCHEMA {schema}")).execute(&mut admin).await.expect("create schema");
            admin.close().await.ok();
            let options = PgConnectOptions::from_str(&url)
                .expect("valid url")
                .options([("search_path", schema.as_str())]);
            let store = Store::connect_postgres(options).await.expect("postgres connects");
            store.migrate().await.expect("postgres migrates");
            Some((store, Some((url, schema)), None))
        }
    }
}

pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |_| {}).await
}

pub async fn spawn_app_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> Option<TestApp> {
    let (store, postgres_schema, sqlite_dir) = fresh_store(backend).await?;
    let mut config = Config::for_database("");
    // Sandboxes started ahead of time would outlive a test's lock on the sandbox and look like
    // processes another test left behind.
    config.warm_sandboxes = false;
    adjust(&mut config);
    let app = App::build_with_store(config, store.clone()).await.expect("app builds");
    let address = format!("http://{}", app.local_addr().expect("bound"));
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    Some(TestApp { address, store, backend, postgres_schema, _sqlite_dir: sqlite_dir })
}

impl TestApp {
    /// A new browser-like visitor with its own cookie jar.
    pub fn visitor(&self) -> Visitor {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Visitor { client, base: self.address.clone(), csrf: None, bearer: None, user_id: None }
    }

    /// A visitor who has signed up as `name` (email `name@example.test`).
    pub async fn signed_up(&self, name: &str) -> Visitor {
        let mut visitor = self.visitor();
        let response = visitor
            .post_json(
                "/api/v1/accounts",
                &serde_json::json!({"email": format!("{name}@example.test"), "display_name": name, "password": "correct horse battery"}),
            )
            .await;
        assert_eq!(response.status, StatusCode::CREATED, "sign-up of {name}: {:?}", response.body);
        visitor.user_id = Some(response.json()["id"].as_str().expect("id").to_owned());
        visitor
    }

    /// A URL the `mockloop` binary can open this test's database with.
    pub fn database_url(&self) -> String {
        match (&self._sqlite_dir, &self.postgres_schema) {
            (Some(dir), _) => format!("sqlite://{}", dir.path().join("mockloop.db").display()),
            (None, Some((url, schema))) => {
                let separator = if url.contains('?') { '&' } else { '?' };
                format!("{url}{separator}options[search_path]={schema}")
            }
            (None, None) => unreachable!("a test app has a SQLite file or a PostgreSQL schema"),
        }
    }

    /// Runs a statement on the test database directly (to age an invite, say).
    pub async fn execute(&self, sql: &str) {
        match &self.store {
            Store::Sqlite(pool) => {
                sqlx::query(sql).execute(pool).await.expect("sql runs");
            }
            Store::Postgres(pool) => {
                sqlx::query(sql).execute(pool).await.expect("sql runs");
            }
        }
    }

    /// Runs a `SELECT COUNT(*) ...` on the test database directly.
    pub async fn count(&self, sql: &str) -> i64 {
        let (count,): (i64,) = match &self.store {
            Store::Sqlite(pool) => sqlx::query_as(sql).fetch_one(pool).await.expect("sql runs"),
            Store::Postgres(pool) => sqlx::query_as(sql).fetch_one(pool).await.expect("sql runs"),
        };
        count
    }

    pub async fn cleanup(self) {
        self.store.close().await;
        if let Some((url, schema)) = self.postgres_schema {
            if let Ok(mut admin) = sqlx::PgConnection::connect(&url).await {
                let _ = sqlx::query(&format!("DROP SCHEMA {schema} CASCADE")).execute(&mut admin).await;
            }
        }
    }
}

/// An HTTP response read completely.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn error_code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_default().to_owned()
    }

    pub fn location(&self) -> String {
        self.headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
    }
}

pub struct Visitor {
    pub client: reqwest::Client,
    pub base: String,
    pub csrf: Option<String>,
    pub bearer: Option<String>,
    pub user_id: Option<String>,
}

impl Visitor {
    pub fn user_id(&self) -> &str {
        self.user_id.as_deref().expect("signed up")
    }

    async fn csrf(&mut self) -> String {
        if let Some(token) = &self.csrf {
            return token.clone();
        }
        let reply =
            self.client.get(format!("{}/api/v1/csrf", self.base)).send().await.expect("csrf answered");
        let body: Value = reply.json().await.expect("csrf json");
        let token = body["token"].as_str().expect("csrf token").to_owned();
        self.csrf = Some(token.clone());
        token
    }

    pub async fn send(&mut self, method: Method, path: &str, body: Option<Body>, with_csrf: bool) -> Reply {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if with_csrf && self.bearer.is_none() {
            request = request.header("x-csrf-token", self.csrf().await);
        }
        if let Some(token) = &self.bearer {
            request = request.bearer_auth(token);
        }
        request = match body {
            Some(Body::Json(value)) => request.json(&value),
            Some(Body::Form(pairs)) => request.form(&pairs),
            Some(Body::Raw(content_type, bytes)) => request.header("content-type", content_type).body(bytes),
            None => request,
        };
        let response = request.send().await.expect("request is answered");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.text().await.expect("body");
        Reply { status, headers, body }
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        self.send(Method::GET, path, None, false).await
    }

    pub async fn post_json(&mut self, path: &str, value: &Value) -> Reply {
        self.send(Method::POST, path, Some(Body::Json(value.clone())), true).await
    }

    pub async fn put_json(&mut self, path: &str, value: &Value) -> Reply {
        self.send(Method::PUT, path, Some(Body::Json(value.clone())), true).await
    }

    pub async fn delete(&mut self, path: &str) -> Reply {
        self.send(Method::DELETE, path, None, true).await
    }

    /// Posts a form the way a browser does, with the page's CSRF field.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let token = self.csrf().await;
        let mut pairs: Vec<(String, String)> =
            fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        pairs.push(("csrf_token".to_owned(), token));
        self.send(Method::POST, path, Some(Body::Form(pairs)), false).await
    }

    /// Creates a circle and returns its id.
    pub async fn create_circle(&mut self, name: &str) -> String {
        let reply = self.post_json("/api/v1/circles", &serde_json::json!({"name": name})).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        reply.json()["id"].as_str().expect("circle id").to_owned()
    }

    /// Creates an invite link for a circle and returns its token.
    pub async fn invite_token(&mut self, circle_id: &str) -> String {
        let reply = self.post_json(&format!("/api/v1/circles/{circle_id}/invites"), &Value::Null).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        reply.json()["token"].as_str().expect("token").to_owned()
    }
}

pub enum Body {
    Json(Value),
    Form(Vec<(String, String)>),
    Raw(&'static str, Vec<u8>),
}
