//! Practice circles, their members and invite links.

use mockloop_core::{check_invite, CircleRole, InviteRejection, InviteState};

use super::{in_transaction, on_pool, Store, StoreError, StoreResult};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CircleRow {
    pub id: String,
    pub name: String,
    pub created_by: String,
    pub created_at: i64,
}

/// A circle as listed for one member.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MyCircleRow {
    pub id: String,
    pub name: String,
    pub role: String,
    pub member_count: i64,
    pub created_at: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MemberRow {
    pub user_id: String,
    pub display_name: String,
    pub role: String,
    pub joined_at: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct InviteRow {
    pub id: String,
    pub circle_id: String,
    pub circle_name: String,
    pub created_by_name: String,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

/// What leaving a circle did to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeaveOutcome {
    Left,
    /// The owner left; the longest-standing member now owns the circle.
    OwnershipPassed,
    /// The last member left; the circle and its data were deleted.
    CircleDeleted,
    NotAMember,
}

pub fn parse_role(text: &str) -> StoreResult<CircleRole> {
    CircleRole::parse(text).ok_or_else(|| StoreError::Corrupt(format!("unknown circle role {text:?}")))
}

impl Store {
    #[tracing::instrument(skip_all)]
    pub async fn create_circle(
        &self,
        id: &str,
        name: &str,
        owner_id: &str,
        now: i64,
    ) -> StoreResult<CircleRow> {
        in_transaction!(self, |tx| {
            sqlx::query("INSERT INTO circles (id, name, created_by, created_at) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(name)
                .bind(owner_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO circle_members (circle_id, user_id, role, joined_at) VALUES ($1, $2, 'owner', $3)")
                .bind(id)
                .bind(owner_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        });
        Ok(CircleRow {
            id: id.to_owned(),
            name: name.to_owned(),
            created_by: owner_id.to_owned(),
            created_at: now,
        })
    }

    #[tracing::instrument(skip_all)]
    pub async fn circles_of(&self, user_id: &str) -> StoreResult<Vec<MyCircleRow>> {
        let sql = "SELECT c.id, c.name, m.role, \
                     (SELECT COUNT(*) FROM circle_members all_m WHERE all_m.circle_id = c.id) AS member_count, \
                     c.created_at \
                   FROM circle_members m JOIN circles c ON c.id = m.circle_id \
                   WHERE m.user_id = $1 ORDER BY c.created_at, c.id";
        Ok(on_pool!(self, |pool| sqlx::query_as(sql).bind(user_id).fetch_all(pool).await)?)
    }

    /// The caller's role in a circle, or `None` when they are not a member (or it does not exist).
    /// Every circle-scoped route goes through this before touching the circle's data.
    #[tracing::instrument(skip_all)]
    pub async fn membership(&self, circle_id: &str, user_id: &str) -> StoreResult<Option<CircleRole>> {
        let role: Option<String> = on_pool!(self, |pool| sqlx::query_scalar(
            "SELECT role FROM circle_members WHERE circle_id = $1 AND user_id = $2"
        )
        .bind(circle_id)
        .bind(user_id)
        .fetch_optional(pool)
        .await)?;
        role.as_deref().map(parse_role).transpose()
    }

    #[tracing::instrument(skip_all)]
    pub async fn circle(&self, circle_id: &str) -> StoreResult<Option<CircleRow>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(
            "SELECT id, name, created_by, created_at FROM circles WHERE id = $1"
        )
        .bind(circle_id)
        .fetch_optional(pool)
        .await)?)
    }

    #[tracing::instrument(skip_all)]
    pub async fn circle_members(&self, circle_id: &str) -> StoreResult<Vec<MemberRow>> {
        let sql = "SELECT m.user_id, u.display_name, m.role, m.joined_at \
                   FROM circle_members m JOIN users u ON u.id = m.user_id \
                   WHERE m.circle_id = $1 ORDER BY m.joined_at, u.display_name";
        Ok(on_pool!(self, |pool| sqlx::query_as(sql).bind(circle_id).fetch_all(pool).await)?)
    }

    #[tracing::instrument(skip_all)]
    pub async fn create_invite(
        &self,
        id: &str,
        circle_id: &str,
        token_hash: &str,
        created_by: &str,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query(
            "INSERT INTO circle_invites (id, circle_id, token_hash, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)"
        )
        .bind(id)
        .bind(circle_id)
        .bind(token_hash)
        .bind(created_by)
        .bind(now)
        .bind(expires_at)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    pub async fn invite_by_token_hash(&self, token_hash: &str) -> StoreResult<Option<InviteRow>> {
        let sql = "SELECT i.id, i.circle_id, c.name AS circle_name, u.display_name AS created_by_name, \
                          i.expires_at, i.used_at \
                   FROM circle_invites i JOIN circles c ON c.id = i.circle_id JOIN users u ON u.id = i.created_by \
                   WHERE i.token_hash = $1";
        Ok(on_pool!(self, |pool| sqlx::query_as(sql).bind(token_hash).fetch_optional(pool).await)?)
    }

    /// Joins `user_id` to the invite's circle and uses the invite up, atomically: of two people
    /// accepting one link at once, exactly one gets in.
    #[tracing::instrument(skip_all)]
    pub async fn accept_invite(
        &self,
        token_hash: &str,
        user_id: &str,
        now: i64,
    ) -> StoreResult<Option<Result<String, InviteRejection>>> {
        let outcome = in_transaction!(self, |tx| {
            let invite: Option<(String, String, i64, Option<i64>)> = sqlx::query_as(
                "SELECT id, circle_id, expires_at, used_at FROM circle_invites WHERE token_hash = $1",
            )
            .bind(token_hash)
            .fetch_optional(&mut *tx)
            .await?;
            match invite {
                None => None,
                Some((invite_id, circle_id, expires_at, used_at)) => {
                    let member_count: i64 =
                        sqlx::query_scalar("SELECT COUNT(*) FROM circle_members WHERE circle_id = $1")
                            .bind(&circle_id)
                            .fetch_one(&mut *tx)
                            .await?;
                    let already: Option<String> = sqlx::query_scalar(
                        "SELECT role FROM circle_members WHERE circle_id = $1 AND user_id = $2",
                    )
                    .bind(&circle_id)
                    .bind(user_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                    let state = InviteState {
                        expires_at,
                        used: used_at.is_some(),
                        member_count: usize::try_from(member_count).unwrap_or(usize::MAX),
                        invitee_is_member: already.is_some(),
                    };
                    match check_invite(state, now) {
                        Err(rejection) => Some(Err(rejection)),
                        Ok(()) => {
                            let claimed = sqlx::query(
                                "UPDATE circle_invites SET used_at = $1, used_by = $2 WHERE id = $3 AND used_at IS NULL",
                            )
                            .bind(now)
                            .bind(user_id)
                            .bind(&invite_id)
                            .execute(&mut *tx)
                            .await?
                            .rows_affected();
                            if claimed == 0 {
                                Some(Err(InviteRejection::AlreadyUsed))
                            } else {
                                sqlx::query(
                                    "INSERT INTO circle_members (circle_id, user_id, role, joined_at) VALUES ($1, $2, 'member', $3)",
                                )
                                .bind(&circle_id)
                                .bind(user_id)
                                .bind(now)
                                .execute(&mut *tx)
                                .await?;
                                Some(Ok(circle_id))
                            }
                        }
                    }
                }
            }
        });
        Ok(outcome)
    }

    /// Removes `user_id` from the circle. An owner who leaves hands the circle to the
    /// longest-standing member; the last member to leave deletes it.
    #[tracing::instrument(skip_all)]
    pub async fn leave_circle(&self, circle_id: &str, user_id: &str) -> StoreResult<LeaveOutcome> {
        let outcome = in_transaction!(self, |tx| {
            let role: Option<String> =
                sqlx::query_scalar("SELECT role FROM circle_members WHERE circle_id = $1 AND user_id = $2")
                    .bind(circle_id)
                    .bind(user_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            match role.as_deref().map(parse_role).transpose()? {
                None => LeaveOutcome::NotAMember,
                Some(role) => {
                    sqlx::query("DELETE FROM circle_members WHERE circle_id = $1 AND user_id = $2")
                        .bind(circle_id)
                        .bind(user_id)
                        .execute(&mut *tx)
                        .await?;
                    let successor: Option<String> = sqlx::query_scalar(
                        "SELECT user_id FROM circle_members WHERE circle_id = $1 ORDER BY joined_at, user_id LIMIT 1",
                    )
                    .bind(circle_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                    match (successor, role) {
                        (None, _) => {
                            sqlx::query("DELETE FROM circles WHERE id = $1")
                                .bind(circle_id)
                                .execute(&mut *tx)
                                .await?;
                            LeaveOutcome::CircleDeleted
                        }
                        (Some(next_owner), CircleRole::Owner) => {
                            sqlx::query("UPDATE circle_members SET role = 'owner' WHERE circle_id = $1 AND user_id = $2")
                                .bind(circle_id)
                                .bind(next_owner)
                                .execute(&mut *tx)
                                .await?;
                            LeaveOutcome::OwnershipPassed
                        }
                        (Some(_), CircleRole::Member) => LeaveOutcome::Left,
                    }
                }
            }
        });
        Ok(outcome)
    }

    /// Removes a non-owner member; returns whether someone was removed.
    #[tracing::instrument(skip_all)]
    pub async fn remove_member(&self, circle_id: &str, user_id: &str) -> StoreResult<bool> {
        let removed = on_pool!(self, |pool| sqlx::query(
            "DELETE FROM circle_members WHERE circle_id = $1 AND user_id = $2 AND role = 'member'"
        )
        .bind(circle_id)
        .bind(user_id)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))?;
        Ok(removed > 0)
    }
}
