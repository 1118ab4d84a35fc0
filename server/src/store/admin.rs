//! What administration asks of the database: switching teams, themes and
//! areas on and off, staff roles and invitations, reply templates, and the
//! audit entries for all of it. Written once for both backends, like
//! `impl_store!`.

use super::StoreResult;
use domain::workspace::Outcome;
use domain::{CatalogKind, Role};

/// A reply template: a starting text for a public reply, per theme (or any
/// theme), outcome (or any) and language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplyTemplate {
    /// 0 for a new template.
    pub id: i64,
    pub theme_id: Option<i64>,
    pub outcome: Option<Outcome>,
    pub locale: String,
    pub title: String,
    pub body: String,
}

#[async_trait::async_trait]
pub trait AdminStore: Send + Sync {
    async fn set_catalog_active(&self, kind: CatalogKind, id: i64, active: bool) -> StoreResult<()>;
    /// Changes name and role; a role change ends the person's sessions.
    async fn update_staff(&self, staff_id: i64, display_name: &str, role: Role) -> StoreResult<()>;
    /// Records an invitation link (its hash) for an account.
    async fn create_invite(
        &self,
        staff_id: i64,
        token_hash: &str,
        now: chrono::DateTime<chrono::Utc>,
        expires_at: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<()>;
    /// The account an unexpired invitation belongs to.
    async fn invite_staff(&self, token_hash: &str, now: chrono::DateTime<chrono::Utc>) -> StoreResult<Option<i64>>;
    /// Sets the password from an invitation and uses the invitation up.
    /// `false` when the invitation is unknown or expired.
    async fn accept_invite(&self, token_hash: &str, password_hash: &str, now: chrono::DateTime<chrono::Utc>) -> StoreResult<bool>;
    async fn list_reply_templates(&self) -> StoreResult<Vec<ReplyTemplate>>;
    /// Creates (`id` 0) or replaces a template; returns its id.
    async fn save_reply_template(&self, template: &ReplyTemplate) -> StoreResult<i64>;
    async fn delete_reply_template(&self, id: i64) -> StoreResult<()>;
    /// An audit entry for a configuration change (no item).
    async fn audit_admin(&self, staff_id: i64, action: &str, detail: &str) -> StoreResult<()>;
}

/// The table holding one kind of catalog entry (a constant, never input).
pub(crate) fn catalog_table(kind: CatalogKind) -> &'static str {
    match kind {
        CatalogKind::Team => "team",
        CatalogKind::Theme => "theme",
        CatalogKind::Area => "area",
    }
}

macro_rules! impl_admin_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::admin::AdminStore for $store {
            async fn set_catalog_active(&self, kind: ::domain::CatalogKind, id: i64, active: bool) -> $crate::store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                // The table name is a constant of `CatalogKind`, never input.
                sqlx::query(&format!("update {} set active = $2 where id = $1", $crate::store::admin::catalog_table(kind)))
                    .bind(id)
                    .bind(active)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn update_staff(&self, staff_id: i64, display_name: &str, role: ::domain::Role) -> $crate::store::StoreResult<()> {
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

            async fn create_invite(
                &self,
                staff_id: i64,
                token_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
                expires_at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<()> {
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

            async fn invite_staff(&self, token_hash: &str, now: chrono::DateTime<chrono::Utc>) -> $crate::store::StoreResult<Option<i64>> {
                let row: Option<(i64,)> = sqlx::query_as("select staff_id from staff_invite where token_hash = $1 and expires_at > $2")
                    .bind(token_hash)
                    .bind(now)
                    .fetch_optional(self.reader())
                    .await?;
                Ok(row.map(|(id,)| id))
            }

            async fn accept_invite(&self, token_hash: &str, password_hash: &str, now: chrono::DateTime<chrono::Utc>) -> $crate::store::StoreResult<bool> {
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

            async fn list_reply_templates(&self) -> $crate::store::StoreResult<Vec<$crate::store::admin::ReplyTemplate>> {
                let rows: Vec<(i64, Option<i64>, Option<String>, String, String, String)> =
                    sqlx::query_as("select id, theme_id, outcome, locale, title, body from reply_template order by locale, title, id")
                        .fetch_all(self.reader())
                        .await?;
                rows.into_iter()
                    .map(|(id, theme_id, outcome, locale, title, body)| {
                        Ok($crate::store::admin::ReplyTemplate {
                            id,
                            theme_id,
                            outcome: outcome
                                .map(|o| {
                                    ::domain::workspace::Outcome::parse(&o).ok_or_else(|| $crate::store::StoreError::Corrupt(format!("template outcome {o}")))
                                })
                                .transpose()?,
                            locale,
                            title,
                            body,
                        })
                    })
                    .collect()
            }

            async fn save_reply_template(&self, t: &$crate::store::admin::ReplyTemplate) -> $crate::store::StoreResult<i64> {
                let now = chrono::Utc::now();
                let mut tx = self.begin_write().await?;
                let id = if t.id == 0 {
                    let (id,): (i64,) = sqlx::query_as(
                        "insert into reply_template (theme_id, outcome, locale, title, body, updated_at) values ($1, $2, $3, $4, $5, $6) returning id",
                    )
                    .bind(t.theme_id)
                    .bind(t.outcome.map(|o| o.as_str()))
                    .bind(&t.locale)
                    .bind(&t.title)
                    .bind(&t.body)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                    id
                } else {
                    let done =
                        sqlx::query("update reply_template set theme_id = $2, outcome = $3, locale = $4, title = $5, body = $6, updated_at = $7 where id = $1")
                            .bind(t.id)
                            .bind(t.theme_id)
                            .bind(t.outcome.map(|o| o.as_str()))
                            .bind(&t.locale)
                            .bind(&t.title)
                            .bind(&t.body)
                            .bind(now)
                            .execute(&mut *tx)
                            .await?;
                    if done.rows_affected() == 0 {
                        return Err($crate::store::StoreError::NotFound("reply template"));
                    }
                    t.id
                };
                tx.commit().await?;
                Ok(id)
            }

            async fn delete_reply_template(&self, id: i64) -> $crate::store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("delete from reply_template where id = $1").bind(id).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn audit_admin(&self, staff_id: i64, action: &str, detail: &str) -> $crate::store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("insert into audit_log (at, staff_id, action, detail) values ($1, $2, $3, $4)")
                    .bind(chrono::Utc::now())
                    .bind(staff_id)
                    .bind(action)
                    .bind(detail)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }
        }
    };
}
pub(crate) use impl_admin_store;
