//! SQL of staff and sessions: accounts and their teams, invitations,
//! sessions, sign-in throttling, and the audit of configuration changes.

use super::Backend;
use crate::store::dialect::Dialect;
use crate::store::{StoreError, StoreResult};

#[derive(sqlx::FromRow)]
struct StaffRow {
    id: i64,
    email: String,
    display_name: String,
    password_hash: String,
    role: String,
    active: bool,
    security_version: i64,
}

const STAFF_SELECT: &str = "select id, email, display_name, password_hash, role, active, security_version from staff_user";

fn staff_user(row: StaffRow) -> StoreResult<domain::StaffUser> {
    Ok(domain::StaffUser {
        id: row.id,
        email: domain::Email::parse(&row.email).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        display_name: row.display_name,
        password_hash: domain::PasswordHash(row.password_hash),
        role: domain::Role::parse(&row.role).ok_or_else(|| StoreError::Corrupt(format!("role {}", row.role)))?,
        active: row.active,
        security_version: row.security_version,
    })
}

#[async_trait::async_trait]
impl crate::store::staff::StaffStore for Backend {
    async fn create_staff_user(&self, user: &domain::NewStaffUser) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let now = chrono::Utc::now();
        let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
            "insert into staff_user (email, display_name, password_hash, role, created_at, updated_at)
             values ($1, $2, $3, $4, $5, $5) returning id",
        )
        .bind(user.email.as_str())
        .bind(&user.display_name)
        .bind(&user.password_hash.0)
        .bind(user.role.as_str())
        .bind(now)
        .fetch_one(&mut *tx)
        .await;
        let (id,) = match inserted {
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Err(StoreError::Conflict("email")),
            other => other?,
        };
        tx.commit().await?;
        Ok(id)
    }

    async fn find_staff_by_email(&self, email: &domain::Email) -> StoreResult<Option<domain::StaffUser>> {
        let row: Option<StaffRow> = sqlx::query_as(&format!("{STAFF_SELECT} where email = $1")).bind(email.as_str()).fetch_optional(self.reader()).await?;
        row.map(staff_user).transpose()
    }

    async fn find_staff_by_id(&self, id: i64) -> StoreResult<Option<domain::StaffUser>> {
        let row: Option<StaffRow> = sqlx::query_as(&format!("{STAFF_SELECT} where id = $1")).bind(id).fetch_optional(self.reader()).await?;
        row.map(staff_user).transpose()
    }

    async fn count_staff_users(&self) -> StoreResult<i64> {
        let (count,): (i64,) = sqlx::query_as("select count(*) from staff_user").fetch_one(self.reader()).await?;
        Ok(count)
    }

    async fn update_staff(&self, staff_id: i64, display_name: &str, role: domain::Role) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "update staff_user set display_name = $2,
                 security_version = security_version + case when role <> $3 then 1 else 0 end,
                 role = $3, updated_at = $4
             where id = $1",
        )
        .bind(staff_id)
        .bind(display_name)
        .bind(role.as_str())
        .bind(chrono::Utc::now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_staff_teams(&self, staff_id: i64, team_ids: &[i64]) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("delete from staff_team where staff_id = $1").bind(staff_id).execute(&mut *tx).await?;
        for team in team_ids {
            sqlx::query("insert into staff_team (staff_id, team_id) values ($1, $2)").bind(staff_id).bind(team).execute(&mut *tx).await?;
        }
        // Teams are read with the session on every request, so the
        // change applies from the next request without signing out.
        sqlx::query("update staff_user set updated_at = $2 where id = $1").bind(staff_id).bind(chrono::Utc::now()).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_staff_active(&self, staff_id: i64, active: bool) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("update staff_user set active = $2, security_version = security_version + 1, updated_at = $3 where id = $1")
            .bind(staff_id)
            .bind(active)
            .bind(chrono::Utc::now())
            .execute(&mut *tx)
            .await?;
        if !active {
            sqlx::query("delete from staff_session where staff_id = $1").bind(staff_id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn list_staff(&self) -> StoreResult<Vec<domain::workspace::StaffListing>> {
        let sql = format!(
            "select u.id, u.display_name, u.role, u.active, (select {} from staff_team st where st.staff_id = u.id),
                 exists (select 1 from api_key k where k.staff_id = u.id)
             from staff_user u order by u.display_name, u.id",
            Self::id_list("st.team_id")
        );
        let rows: Vec<(i64, String, String, bool, Option<String>, bool)> = sqlx::query_as(&sql).fetch_all(self.reader()).await?;
        rows.into_iter()
            .map(|(id, display_name, role, active, teams, for_key)| {
                Ok(domain::workspace::StaffListing {
                    id,
                    display_name,
                    role: domain::Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role {role}")))?,
                    active,
                    team_ids: crate::store::dialect::parse_ids(teams),
                    for_key,
                })
            })
            .collect()
    }

    async fn create_invite(
        &self,
        staff_id: i64,
        token_hash: &str,
        now: chrono::DateTime<chrono::Utc>,
        expires_at: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("delete from staff_invite where staff_id = $1").bind(staff_id).execute(&mut *tx).await?;
        sqlx::query("insert into staff_invite (token_hash, staff_id, created_at, expires_at) values ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(staff_id)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn invite_staff(&self, token_hash: &str, now: chrono::DateTime<chrono::Utc>) -> StoreResult<Option<i64>> {
        let row: Option<(i64,)> = sqlx::query_as("select staff_id from staff_invite where token_hash = $1 and expires_at > $2")
            .bind(token_hash)
            .bind(now)
            .fetch_optional(self.reader())
            .await?;
        Ok(row.map(|(id,)| id))
    }

    async fn accept_invite(&self, token_hash: &str, password_hash: &str, now: chrono::DateTime<chrono::Utc>) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let row: Option<(i64,)> = sqlx::query_as("delete from staff_invite where token_hash = $1 and expires_at > $2 returning staff_id")
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
        let Some((staff_id,)) = row else {
            tx.rollback().await?;
            return Ok(false);
        };
        sqlx::query("update staff_user set password_hash = $2, security_version = security_version + 1, updated_at = $3 where id = $1")
            .bind(staff_id)
            .bind(password_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn create_session(&self, session: &crate::store::staff::NewSession) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("delete from staff_session where staff_id = $1 and expires_at <= $2").bind(session.staff_id).bind(session.now).execute(&mut *tx).await?;
        sqlx::query(
            "insert into staff_session (id_hash, staff_id, security_version, created_at, last_seen_at, expires_at)
             values ($1, $2, $3, $4, $4, $5)",
        )
        .bind(&session.id_hash)
        .bind(session.staff_id)
        .bind(session.security_version)
        .bind(session.now)
        .bind(session.expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn signed_in(
        &self,
        id_hash: &str,
        now: chrono::DateTime<chrono::Utc>,
        idle_since: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<Option<domain::workspace::SignedIn>> {
        let sql = format!(
            "select u.id, u.display_name, u.role, s.last_seen_at,
                 (select {} from staff_team st where st.staff_id = u.id)
             from staff_session s join staff_user u on u.id = s.staff_id
             where s.id_hash = $1 and u.active and u.security_version = s.security_version
               and s.expires_at > $2 and s.last_seen_at > $3",
            Self::id_list("st.team_id")
        );
        let row: Option<(i64, String, String, chrono::DateTime<chrono::Utc>, Option<String>)> =
            sqlx::query_as(&sql).bind(id_hash).bind(now).bind(idle_since).fetch_optional(self.reader()).await?;
        row.map(|(staff_id, display_name, role, last_seen_at, teams)| {
            Ok(domain::workspace::SignedIn {
                staff_id,
                display_name,
                role: domain::Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role {role}")))?,
                team_ids: crate::store::dialect::parse_ids(teams),
                session_hash: id_hash.to_string(),
                last_seen_at,
                client: None,
            })
        })
        .transpose()
    }

    async fn touch_session(&self, id_hash: &str, now: chrono::DateTime<chrono::Utc>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("update staff_session set last_seen_at = $2 where id_hash = $1").bind(id_hash).bind(now).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn end_session(&self, id_hash: &str) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("delete from staff_session where id_hash = $1").bind(id_hash).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn login_blocked(&self, keys: &[String], now: chrono::DateTime<chrono::Utc>) -> StoreResult<Option<chrono::DateTime<chrono::Utc>>> {
        let mut until: Option<chrono::DateTime<chrono::Utc>> = None;
        for key in keys {
            let blocked: Option<(chrono::DateTime<chrono::Utc>,)> =
                sqlx::query_as("select blocked_until from login_throttle where throttle_key = $1 and blocked_until > $2")
                    .bind(key)
                    .bind(now)
                    .fetch_optional(self.reader())
                    .await?;
            until = until.max(blocked.map(|(at,)| at));
        }
        Ok(until)
    }

    async fn count_login_attempt(
        &self,
        key: &str,
        now: chrono::DateTime<chrono::Utc>,
        policy: &crate::store::staff::ThrottlePolicy,
    ) -> StoreResult<crate::store::staff::LoginAttempt> {
        use crate::store::staff::LoginAttempt;
        let mut tx = self.begin_write().await?;
        // The row must exist to be locked.
        sqlx::query("insert into login_throttle (throttle_key, failures, window_started_at) values ($1, 0, $2) on conflict (throttle_key) do nothing")
            .bind(key)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        let sql = format!("select failures, window_started_at, blocked_until from login_throttle where throttle_key = $1{}", Self::LOCK_ROW);
        let (failures, started, blocked_until): (i64, chrono::DateTime<chrono::Utc>, Option<chrono::DateTime<chrono::Utc>>) =
            sqlx::query_as(&sql).bind(key).fetch_one(&mut *tx).await?;
        if let Some(until) = blocked_until.filter(|until| *until > now) {
            tx.commit().await?;
            return Ok(LoginAttempt::Refused { until });
        }
        let (failures, started) = if now - started < policy.window { (failures + 1, started) } else { (1, now) };
        let blocked_until = policy.block_after(failures).map(|wait| now + wait);
        sqlx::query("update login_throttle set failures = $2, window_started_at = $3, blocked_until = $4 where throttle_key = $1")
            .bind(key)
            .bind(failures)
            .bind(started)
            .bind(blocked_until)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(LoginAttempt::Counted { failures, blocked_until })
    }

    async fn prune_login_throttle(&self, before: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> StoreResult<u64> {
        let done = sqlx::query("delete from login_throttle where window_started_at < $1 and (blocked_until is null or blocked_until < $2)")
            .bind(before)
            .bind(now)
            .execute(self.writer())
            .await?;
        Ok(done.rows_affected())
    }

    async fn clear_login_failures(&self, key: &str) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("delete from login_throttle where throttle_key = $1").bind(key).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn audit_admin(&self, actor: domain::workspace::Actor, action: &str, detail: &str) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        super::trail::audit_row(&mut tx, chrono::Utc::now(), Some(actor), action, None, detail).await?;
        tx.commit().await?;
        Ok(())
    }
}
