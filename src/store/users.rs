//! Accounts: users and their password hashes.

use mockloop_core::{DisplayName, Email, Id};

use super::{conflict_on_unique, in_transaction, on_pool, Store, StoreResult};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub is_admin: bool,
    pub created_at: i64,
}

#[derive(Debug)]
pub struct NewUser<'a> {
    pub id: &'a Id,
    pub email: &'a Email,
    pub display_name: &'a DisplayName,
    pub password_hash: &'a str,
    pub created_at: i64,
}

const USER_COLUMNS: &str = "id, email, display_name, password_hash, is_admin, created_at";

impl Store {
    /// Creates an account; the very first account becomes the admin. Counting and inserting happen
    /// in one write transaction so two simultaneous first sign-ups cannot both become admin.
    #[tracing::instrument(skip_all)]
    pub async fn create_user(&self, user: NewUser<'_>) -> StoreResult<UserRow> {
        let row = in_transaction!(self, |tx| {
            let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&mut *tx).await?;
            sqlx::query(
                "INSERT INTO users (id, email, display_name, password_hash, is_admin, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(user.id.as_str())
            .bind(user.email.as_str())
            .bind(user.display_name.as_str())
            .bind(user.password_hash)
            .bind(existing == 0)
            .bind(user.created_at)
            .execute(&mut *tx)
            .await
            .map_err(conflict_on_unique("email"))?;
            UserRow {
                id: user.id.to_string(),
                email: user.email.to_string(),
                display_name: user.display_name.as_str().to_owned(),
                password_hash: user.password_hash.to_owned(),
                is_admin: existing == 0,
                created_at: user.created_at,
            }
        });
        Ok(row)
    }

    #[tracing::instrument(skip_all)]
    pub async fn user_by_email(&self, email: &Email) -> StoreResult<Option<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
        Ok(on_pool!(self, |pool| sqlx::query_as(&sql).bind(email.as_str()).fetch_optional(pool).await)?)
    }

    /// Accounts whose display name or email matches, ignoring case (names are not unique).
    #[tracing::instrument(skip_all)]
    pub async fn users_named(&self, name: &str) -> StoreResult<Vec<UserRow>> {
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM users WHERE LOWER(display_name) = LOWER($1) OR LOWER(email) = LOWER($1) ORDER BY created_at"
        );
        Ok(on_pool!(self, |pool| sqlx::query_as(&sql).bind(name).fetch_all(pool).await)?)
    }

    #[tracing::instrument(skip_all)]
    pub async fn user_by_id(&self, id: &str) -> StoreResult<Option<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        Ok(on_pool!(self, |pool| sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)?)
    }

    #[tracing::instrument(skip_all)]
    pub async fn set_password_hash(&self, user_id: &str, password_hash: &str) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }
}
