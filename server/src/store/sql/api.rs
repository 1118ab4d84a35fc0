//! SQL of API keys and Open311 tokens.

use super::Backend;
use super::Db;
use crate::store::api::{ApiKey, KeyMember, NewApiKey, PublicRequest, PublicUpdate, RequestFilter, TokenState};
use crate::store::dialect::Dialect;
use crate::store::StoreResult;

#[derive(sqlx::FromRow)]
struct KeyRow {
    id: i64,
    name: String,
    key_hint: String,
    per_hour: i64,
    created_at: chrono::DateTime<chrono::Utc>,
    revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    last_used_at: Option<chrono::DateTime<chrono::Utc>>,
    staff_id: Option<i64>,
    team_ids: Option<String>,
}

fn key_select() -> String {
    format!(
        "select k.id, k.name, k.key_hint, k.per_hour, k.created_at, k.revoked_at, k.last_used_at, k.staff_id,
             (select {} from staff_team st where st.staff_id = k.staff_id) as team_ids
         from api_key k",
        Backend::id_list("st.team_id")
    )
}

fn api_key(row: KeyRow) -> ApiKey {
    ApiKey {
        id: row.id,
        name: row.name,
        hint: row.key_hint,
        per_hour: row.per_hour,
        created_at: row.created_at,
        revoked_at: row.revoked_at,
        last_used_at: row.last_used_at,
        member: row.staff_id.map(|staff_id| KeyMember { staff_id, team_ids: crate::store::dialect::parse_ids(row.team_ids) }),
    }
}

/// What makes an item public: an approved idea or a published summary,
/// and neither held nor restricted.
const PUBLIC_ITEM: &str = "from submission s
     left join idea i on i.submission_id = s.id and i.moderation_state = 'approved'
     left join public_summary p on p.submission_id = s.id
     where (i.submission_id is not null or p.submission_id is not null) and s.held_reason is null and s.restricted_at is null";

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: i64,
    reference: String,
    status: String,
    theme_id: Option<i64>,
    area_id: Option<i64>,
    description: String,
    reply: Option<String>,
    outcome: Option<String>,
    created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
}

#[async_trait::async_trait]
impl crate::store::api::ApiStore for Backend {
    async fn create_api_key(&self, key: &NewApiKey) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let mut staff_id = None;
        if let Some(member) = &key.member {
            // No PHC string: `password::verify` refuses every password for it.
            let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
                "insert into staff_user (email, display_name, password_hash, role, created_at, updated_at)
                 values ($1, $2, '!api-key', 'caseworker', $3, $3) returning id",
            )
            .bind(&member.email)
            .bind(&member.display_name)
            .bind(key.now)
            .fetch_one(&mut *tx)
            .await;
            let (id,) = match inserted {
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Err(crate::store::StoreError::Conflict("email")),
                other => other?,
            };
            for team in &member.team_ids {
                sqlx::query("insert into staff_team (staff_id, team_id) values ($1, $2)").bind(id).bind(team).execute(&mut *tx).await?;
            }
            staff_id = Some(id);
        }
        let (id,): (i64,) = sqlx::query_as(
            "insert into api_key (name, key_hash, key_hint, per_hour, created_at, created_by, staff_id) values ($1, $2, $3, $4, $5, $6, $7) returning id",
        )
        .bind(&key.name)
        .bind(&key.key_hash)
        .bind(&key.hint)
        .bind(key.per_hour)
        .bind(key.now)
        .bind(key.actor.staff_id)
        .bind(staff_id)
        .fetch_one(&mut *tx)
        .await?;
        let detail = match &key.member {
            Some(member) => format!("{id} teams {}", member.team_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")),
            None => id.to_string(),
        };
        super::trail::audit_row(&mut tx, key.now, Some(key.actor), "admin_api_key_issued", None, &detail).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn list_api_keys(&self) -> StoreResult<Vec<ApiKey>> {
        let rows: Vec<KeyRow> = sqlx::query_as(&format!("{} order by k.id desc", key_select())).fetch_all(self.reader()).await?;
        Ok(rows.into_iter().map(api_key).collect())
    }

    async fn api_key_by_hash(&self, key_hash: &str) -> StoreResult<Option<ApiKey>> {
        let row: Option<KeyRow> = sqlx::query_as(&format!("{} where k.key_hash = $1", key_select())).bind(key_hash).fetch_optional(self.reader()).await?;
        Ok(row.map(api_key))
    }

    async fn revoke_api_key(&self, id: i64, actor: domain::workspace::Actor, now: chrono::DateTime<chrono::Utc>) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query("update api_key set revoked_at = $1 where id = $2 and revoked_at is null").bind(now).bind(id).execute(&mut *tx).await?;
        if changed.rows_affected() == 0 {
            return Ok(false);
        }
        // Its account stops at once: the next request with the key is refused, and so is any session.
        sqlx::query(
            "update staff_user set active = false, security_version = security_version + 1, updated_at = $1
             where id = (select staff_id from api_key where id = $2)",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("delete from staff_session where staff_id = (select staff_id from api_key where id = $1)").bind(id).execute(&mut *tx).await?;
        // Its webhooks fall silent with it.
        sqlx::query(
            "update webhook_delivery set state = 'dead', last_error = 'key_revoked'
             where state in ('pending', 'sending') and webhook_id in (select id from webhook where api_key_id = $1)",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        super::trail::audit_row(&mut tx, now, Some(actor), "admin_api_key_revoked", None, &id.to_string()).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn key_member(&self, staff_id: i64) -> StoreResult<Option<domain::workspace::SignedIn>> {
        let sql = format!(
            "select u.display_name, u.role, u.updated_at, (select {} from staff_team st where st.staff_id = u.id)
             from staff_user u where u.id = $1 and u.active",
            Backend::id_list("st.team_id")
        );
        let row: Option<(String, String, chrono::DateTime<chrono::Utc>, Option<String>)> =
            sqlx::query_as(&sql).bind(staff_id).fetch_optional(self.reader()).await?;
        row.map(|(display_name, role, updated_at, teams)| {
            Ok(domain::workspace::SignedIn {
                staff_id,
                display_name,
                role: domain::Role::parse(&role).ok_or_else(|| crate::store::StoreError::Corrupt(format!("role {role}")))?,
                team_ids: crate::store::dialect::parse_ids(teams),
                // A key has no session: nothing to end or touch.
                session_hash: String::new(),
                client: None,
                last_seen_at: updated_at,
            })
        })
        .transpose()
    }

    async fn api_key_used(&self, id: i64, now: chrono::DateTime<chrono::Utc>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("update api_key set last_used_at = $1 where id = $2").bind(now).bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn open311_token(&self, token: &str) -> StoreResult<Option<TokenState>> {
        let row: Option<(String, String, bool)> = sqlx::query_as(
            "select s.reference, s.status, s.held_reason is not null from open311_request o join submission s on s.id = o.submission_id where o.token = $1",
        )
        .bind(token)
        .fetch_optional(self.reader())
        .await?;
        Ok(row.map(|(reference, status, held)| TokenState { reference, status, held }))
    }

    async fn public_requests(&self, filter: &RequestFilter) -> StoreResult<Vec<PublicRequest>> {
        let mut qb = sqlx::QueryBuilder::<Db>::new(
            "select s.id, s.reference, s.status, s.theme_id, s.area_id,
                 coalesce(p.summary, coalesce(i.public_title, '') || ': ' || coalesce(i.public_body, '')) as description,
                 (select e.body from submission_event e where e.submission_id = s.id and e.kind = 'public_reply' and e.is_public
                  order by e.created_at desc, e.id desc limit 1) as reply,
                 s.outcome, s.created_at, s.updated_at ",
        );
        qb.push(PUBLIC_ITEM);
        if filter.references.is_empty() {
            if let Some(theme) = filter.theme_id {
                qb.push(" and s.theme_id = ").push_bind(theme);
            }
            if let Some(from) = filter.from {
                qb.push(" and s.created_at >= ").push_bind(from);
            }
            if let Some(to) = filter.to {
                qb.push(" and s.created_at <= ").push_bind(to);
            }
            match (filter.open, filter.closed) {
                (true, false) => {
                    qb.push(" and s.status <> 'closed'");
                }
                (false, true) => {
                    qb.push(" and s.status = 'closed'");
                }
                _ => {}
            }
        } else {
            qb.push(" and s.reference in (");
            let mut list = qb.separated(", ");
            for reference in &filter.references {
                list.push_bind(reference.as_str());
            }
            qb.push(")");
        }
        qb.push(" order by s.created_at desc, s.id desc limit ").push_bind(filter.limit);
        let rows: Vec<RequestRow> = qb.build_query_as().fetch_all(self.reader()).await?;
        let mut teams: std::collections::HashMap<i64, Vec<i64>> = std::collections::HashMap::new();
        if !rows.is_empty() {
            let mut qb = sqlx::QueryBuilder::<Db>::new("select submission_id, team_id from submission_team where active and submission_id in (");
            let mut list = qb.separated(", ");
            for row in &rows {
                list.push_bind(row.id);
            }
            qb.push(") order by submission_id, team_id");
            let pairs: Vec<(i64, i64)> = qb.build_query_as().fetch_all(self.reader()).await?;
            for (submission, team) in pairs {
                teams.entry(submission).or_default().push(team);
            }
        }
        Ok(rows
            .into_iter()
            .map(|r| PublicRequest {
                team_ids: teams.remove(&r.id).unwrap_or_default(),
                id: r.id,
                reference: r.reference,
                status: r.status,
                theme_id: r.theme_id,
                area_id: r.area_id,
                description: r.description,
                reply: r.reply,
                outcome: r.outcome,
                requested_at: r.created_at,
                updated_at: r.updated_at,
            })
            .collect())
    }

    async fn public_updates(&self, from: chrono::DateTime<chrono::Utc>, to: chrono::DateTime<chrono::Utc>, limit: i64) -> StoreResult<Vec<PublicUpdate>> {
        type Row = (i64, String, String, Option<String>, Option<String>, Option<String>, chrono::DateTime<chrono::Utc>);
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "select e.id, s.reference, e.kind, e.status, case when e.kind = 'reopened' then null else e.body end, s.outcome, e.created_at
             from submission_event e join submission s on s.id = e.submission_id
             where e.is_public and e.created_at >= $1 and e.created_at <= $2
               and e.submission_id in (select s.id {PUBLIC_ITEM})
             order by e.created_at, e.id limit $3"
        ))
        .bind(from)
        .bind(to)
        .bind(limit)
        .fetch_all(self.reader())
        .await?;
        Ok(rows.into_iter().map(|(id, reference, kind, status, body, outcome, at)| PublicUpdate { id, reference, kind, status, body, outcome, at }).collect())
    }
}
