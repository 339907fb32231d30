//! Failed sign-in attempts, kept in the database so the limit holds across restarts and instances.

use super::{on_pool, Store, StoreResult};

/// How many failures an account and a client address had since a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FailureCounts {
    pub account: i64,
    pub client: i64,
}

impl Store {
    #[tracing::instrument(skip_all)]
    pub async fn record_sign_in_failure(
        &self,
        id: &str,
        account_key: &str,
        client_addr: &str,
        now: i64,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query(
            "INSERT INTO sign_in_failures (id, account_key, client_addr, failed_at) VALUES ($1, $2, $3, $4)"
        )
        .bind(id)
        .bind(account_key)
        .bind(client_addr)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    pub async fn sign_in_failures_since(
        &self,
        account_key: &str,
        client_addr: &str,
        since: i64,
    ) -> StoreResult<FailureCounts> {
        let (account, client): (i64, i64) = on_pool!(self, |pool| sqlx::query_as(
            "SELECT \
               (SELECT COUNT(*) FROM sign_in_failures WHERE account_key = $1 AND failed_at >= $3), \
               (SELECT COUNT(*) FROM sign_in_failures WHERE client_addr = $2 AND failed_at >= $3)"
        )
        .bind(account_key)
        .bind(client_addr)
        .bind(since)
        .fetch_one(pool)
        .await)?;
        Ok(FailureCounts { account, client })
    }

    /// Forgets an account's failures after a successful sign-in.
    pub async fn clear_sign_in_failures(&self, account_key: &str) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query("DELETE FROM sign_in_failures WHERE account_key = $1")
            .bind(account_key)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }
}
