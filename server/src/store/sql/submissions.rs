//! SQL of submissions: the batched insert of new ones (one statement per
//! table, whatever the batch size), lookups by token and reference, the
//! public timeline and reopening.

use super::trail::{audit, event};
use super::{Backend, Db};
use crate::store::dialect::Dialect;
use crate::store::{StoreError, StoreResult};

/// Ends one statement of `deps`: SQLite collects them for one command,
/// PostgreSQL (no multi-statement prepared queries) runs it now.
async fn end_statement(deps: &mut sqlx::QueryBuilder<'_, Db>, conn: &mut <Db as sqlx::Database>::Connection) -> StoreResult<()> {
    use sqlx::Executor as _;
    if Backend::SEVERAL_STATEMENTS_PER_COMMAND {
        deps.push(";\n");
    } else {
        conn.execute(deps.build()).await?;
        deps.reset();
    }
    Ok(())
}

/// Stores a batch of submissions with a fixed number of statements
/// whatever the batch size (one insert per table, many rows each). A
/// key seen before, in the database or earlier in the batch, returns
/// that submission (`created: false`). Results come in the order of
/// `batch`. With `begin_and_commit` (SQLite only, whose commands may
/// hold several statements) the transaction opens in the batch's first
/// command and commits in its last; otherwise the caller's transaction
/// holds it. On an error the caller rolls back.
pub(in crate::store) async fn insert_submissions(
    conn: &mut <Db as sqlx::Database>::Connection,
    batch: &[&domain::submission::NewSubmission],
    begin_and_commit: bool,
) -> StoreResult<Vec<domain::submission::CreatedSubmission>> {
    use domain::submission::{Contact, CreatedSubmission, Reference, SubmissionDetail, CONSENT_VERSION};
    use std::collections::HashMap;
    let mut known: HashMap<String, (i64, String)> = HashMap::new();
    {
        let mut qb = sqlx::QueryBuilder::<Db>::new(if begin_and_commit { "BEGIN IMMEDIATE;\n" } else { "" });
        qb.push("select idempotency_hash, id, reference from submission where idempotency_hash in (");
        let mut list = qb.separated(", ");
        for new in batch {
            list.push_bind(new.idempotency_hash.as_str());
        }
        qb.push(")");
        let rows: Vec<(String, i64, String)> = qb.build_query_as().fetch_all(&mut *conn).await?;
        for (key, id, reference) in rows {
            known.insert(key, (id, reference));
        }
    }
    // The submissions to create: each key once, not stored before.
    let mut fresh: Vec<&domain::submission::NewSubmission> = Vec::new();
    for new in batch {
        let key = new.idempotency_hash.as_str();
        if !known.contains_key(key) && !fresh.iter().any(|f| f.idempotency_hash.as_str() == key) {
            fresh.push(new);
        }
    }
    // Reference numbers: one counter update per prefix and year.
    let mut references: Vec<String> = Vec::with_capacity(fresh.len());
    let mut next: HashMap<(String, i32), i64> = HashMap::new();
    for new in &fresh {
        let year = chrono::Datelike::year(&new.received_at);
        let slot = (new.reference_prefix.clone(), year);
        if !next.contains_key(&slot) {
            let count = fresh.iter().filter(|f| f.reference_prefix == slot.0 && chrono::Datelike::year(&f.received_at) == year).count() as i64;
            let (first,): (i64,) = sqlx::query_as(
                "insert into reference_counter (prefix, year, next_number) values ($1, $2, $3 + 1)
                 on conflict (prefix, year) do update set next_number = reference_counter.next_number + $3
                 returning next_number - $3",
            )
            .bind(&slot.0)
            .bind(i64::from(year))
            .bind(count)
            .fetch_one(&mut *conn)
            .await?;
            next.insert(slot.clone(), first);
        }
        let number = next.get_mut(&slot).map(|n| {
            *n += 1;
            *n - 1
        });
        references.push(Reference::new(&slot.0, year, number.unwrap_or(1)).as_str().to_string());
    }
    let mut ids: HashMap<String, i64> = HashMap::new();
    if !fresh.is_empty() {
        let mut qb = sqlx::QueryBuilder::<Db>::new(
            "insert into submission (reference, kind, theme_id, area_id, submitter_kind, organisation_name, locale,
                 title, body, personal_data_flags, tracking_token_hash, idempotency_hash, token_key_id, created_at, updated_at,
                 address_text, status, due_at, search_text, held_reason, requests_help) ",
        );
        qb.push_values(fresh.iter().zip(&references), |mut row, (new, reference)| {
            row.push_bind(reference.clone())
                .push_bind(new.kind.as_str())
                .push_bind(new.theme_id)
                .push_bind(new.area_id)
                .push_bind(new.submitter_kind.as_str())
                .push_bind(new.organisation_name.as_ref().map(|t| t.as_str().to_string()))
                .push_bind(new.locale.clone())
                .push_bind(new.title.as_ref().map(|t| t.as_str().to_string()))
                .push_bind(new.body.as_ref().map(|b| b.as_str().to_string()).unwrap_or_default())
                .push_bind(new.personal_data_flags.clone())
                .push_bind(new.tracking_token_hash.clone())
                .push_bind(new.idempotency_hash.clone())
                .push_bind(new.token_key_id.clone())
                .push_bind(new.received_at)
                .push_bind(new.received_at)
                .push_bind(new.address.as_ref().map(|t| t.as_str().to_string()))
                .push_bind(if new.routing.triage { "triage" } else { "new" })
                .push_bind(new.due_at)
                .push_bind(new.search_text.clone())
                .push_bind(new.held.map(|reason| reason.as_str()))
                .push_bind(new.requests_help);
        });
        qb.push(" returning idempotency_hash, id");
        let rows: Vec<(String, i64)> = qb.build_query_as().fetch_all(&mut *conn).await?;
        ids.extend(rows);
    }
    let id_of = |new: &domain::submission::NewSubmission| ids.get(new.idempotency_hash.as_str()).copied().unwrap_or_default();
    // Receipts count against their address's daily limit here, in the
    // batch's transaction: one upsert per batch instead of a write per
    // post. The n-th receipt of an address in the batch is its hit number
    // (total after the batch − the batch's count + n).
    let mut queued: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let with_receipt: Vec<(&domain::submission::NewSubmission, &domain::submission::Receipt)> =
        fresh.iter().filter_map(|n| n.receipt.as_ref().map(|r| (*n, r))).collect();
    if let Some((first, _)) = with_receipt.first() {
        let mut counts: Vec<(&str, i64)> = Vec::new();
        for (_, receipt) in &with_receipt {
            match counts.iter_mut().find(|(key, _)| *key == receipt.limit_key) {
                Some((_, count)) => *count += 1,
                None => counts.push((receipt.limit_key.as_str(), 1)),
            }
        }
        let now = first.received_at;
        let cutoff = now - domain::submission::RECEIPT_WINDOW;
        let mut qb = sqlx::QueryBuilder::<Db>::new("insert into rate_limit (limit_key, window_started_at, hits) ");
        qb.push_values(&counts, |mut row, (key, count)| {
            row.push_bind(*key).push_bind(now).push_bind(*count);
        });
        qb.push(" on conflict (limit_key) do update set hits = case when rate_limit.window_started_at > ").push_bind(cutoff);
        qb.push(" then rate_limit.hits + excluded.hits else excluded.hits end, window_started_at = case when rate_limit.window_started_at > ")
            .push_bind(cutoff);
        qb.push(" then rate_limit.window_started_at else excluded.window_started_at end returning limit_key, hits");
        let totals: HashMap<String, i64> = qb.build_query_as::<(String, i64)>().fetch_all(&mut *conn).await?.into_iter().collect();
        let mut seen: HashMap<&str, i64> = HashMap::new();
        for (new, receipt) in &with_receipt {
            let key = receipt.limit_key.as_str();
            let batch_count = counts.iter().find(|(k, _)| *k == key).map(|(_, c)| *c).unwrap_or(1);
            let nth = seen.entry(key).or_insert(0);
            *nth += 1;
            let hit = totals.get(key).copied().unwrap_or(i64::MAX) - batch_count + *nth;
            if hit <= receipt.per_window {
                queued.insert(new.idempotency_hash.as_str());
            }
        }
    }
    // The rows that hang off each submission. SQLite runs them as one
    // multi-statement command (one trip to sqlx's worker thread instead
    // of one per table: the single writer's time is the limit on
    // submissions per second); PostgreSQL runs each as it is written.
    let mut deps = sqlx::QueryBuilder::<Db>::new("");
    let contacts: Vec<_> = fresh
        .iter()
        .filter_map(|n| match &n.contact {
            Contact::Reachable { email, phone } => {
                Some((id_of(n), email.as_ref().map(|e| e.as_str().to_string()), phone.as_ref().map(|p| p.as_str().to_string()), n.received_at))
            }
            Contact::Anonymous => None,
        })
        .collect();
    if !contacts.is_empty() {
        deps.push("insert into submission_contact (submission_id, email, phone, consent_version, consented_at) ");
        deps.push_values(contacts, |mut row, (id, email, phone, at)| {
            row.push_bind(id).push_bind(email).push_bind(phone).push_bind(CONSENT_VERSION).push_bind(at);
        });
        end_statement(&mut deps, &mut *conn).await?;
    }
    // A request for help is never published, so it gets no row to moderate.
    let ideas: Vec<i64> = fresh.iter().filter(|n| matches!(n.detail, SubmissionDetail::Idea) && !n.requests_help).map(|n| id_of(n)).collect();
    if !ideas.is_empty() {
        deps.push("insert into idea (submission_id) ");
        deps.push_values(ideas, |mut row, id| {
            row.push_bind(id);
        });
        end_statement(&mut deps, &mut *conn).await?;
    }
    let concerns: Vec<_> = fresh
        .iter()
        .filter_map(|n| match &n.detail {
            SubmissionDetail::Concern { concern_kind, occurred, ongoing, on_behalf } => {
                Some((id_of(n), concern_kind.as_str(), occurred.as_ref().map(|t| t.as_str().to_string()), *ongoing, on_behalf.as_str()))
            }
            _ => None,
        })
        .collect();
    if !concerns.is_empty() {
        deps.push("insert into concern (submission_id, concern_kind, occurred_text, ongoing, on_behalf) ");
        deps.push_values(concerns, |mut row, (id, kind, occurred, ongoing, on_behalf)| {
            row.push_bind(id).push_bind(kind).push_bind(occurred).push_bind(ongoing).push_bind(on_behalf);
        });
        end_statement(&mut deps, &mut *conn).await?;
    }
    let journeys: Vec<_> = fresh
        .iter()
        .filter_map(|n| match &n.detail {
            SubmissionDetail::Journey { goal, result, what_would_have_helped, steps } => {
                Some((id_of(n), goal.as_str(), result.as_str(), what_would_have_helped.as_ref().map(|t| t.as_str().to_string()), steps))
            }
            _ => None,
        })
        .collect();
    if !journeys.is_empty() {
        deps.push("insert into journey (submission_id, goal, result, what_would_have_helped) ");
        deps.push_values(&journeys, |mut row, (id, goal, result, helped, _)| {
            row.push_bind(*id).push_bind(*goal).push_bind(*result).push_bind(helped.clone());
        });
        end_statement(&mut deps, &mut *conn).await?;
        let steps: Vec<_> = journeys.iter().flat_map(|(id, _, _, _, steps)| steps.iter().enumerate().map(move |(i, step)| (*id, i as i64 + 1, step))).collect();
        deps.push("insert into journey_step (submission_id, position, team_id, team_choice, channel, what_happened, feeling, went_wrong) ");
        deps.push_values(steps, |mut row, (id, position, step)| {
            row.push_bind(id)
                .push_bind(position)
                .push_bind(step.team_id)
                .push_bind(step.team_choice)
                .push_bind(step.channel.as_str())
                .push_bind(step.what_happened.as_str().to_string())
                .push_bind(step.feeling.score())
                .push_bind(step.went_wrong);
        });
        end_statement(&mut deps, &mut *conn).await?;
    }
    let owners: Vec<_> =
        fresh.iter().flat_map(|n| n.routing.owners().into_iter().map(move |(team, via, step)| (id_of(n), team, via.as_str(), step, n.received_at))).collect();
    if !owners.is_empty() {
        deps.push("insert into submission_team (submission_id, team_id, via, journey_step_position, added_at) ");
        deps.push_values(owners, |mut row, (id, team, via, step, at)| {
            row.push_bind(id).push_bind(team).push_bind(via).push_bind(step).push_bind(at);
        });
        end_statement(&mut deps, &mut *conn).await?;
    }
    let decisions: Vec<_> = fresh
        .iter()
        .flat_map(|n| n.routing.decisions.iter().map(move |d| (id_of(n), d.rule_id, d.team_id, d.suggested, d.explanation.to_json(), n.received_at)))
        .collect();
    if !decisions.is_empty() {
        deps.push("insert into routing_decision (submission_id, rule_id, team_id, suggested, explanation, decided_at) ");
        deps.push_values(decisions, |mut row, (id, rule, team, suggested, explanation, at)| {
            row.push_bind(id).push_bind(rule).push_bind(team).push_bind(suggested).push_bind(explanation).push_bind(at);
        });
        end_statement(&mut deps, &mut *conn).await?;
    }
    // Posted through Open311: the key, the client's token, the coordinates.
    let posted: Vec<_> = fresh.iter().filter_map(|n| n.api.as_ref().map(|api| (id_of(n), api, n.received_at))).collect();
    if !posted.is_empty() {
        deps.push("insert into open311_request (submission_id, api_key_id, token, latitude, longitude) ");
        deps.push_values(&posted, |mut row, (id, api, _)| {
            row.push_bind(*id)
                .push_bind(api.key_id)
                .push_bind(api.token.clone())
                .push_bind(api.coordinates.map(|c| c.latitude))
                .push_bind(api.coordinates.map(|c| c.longitude));
        });
        end_statement(&mut deps, &mut *conn).await?;
        for (_, api, at) in &posted {
            deps.push("update api_key set last_used_at = ").push_bind(*at).push(" where id = ").push_bind(api.key_id);
            end_statement(&mut deps, &mut *conn).await?;
        }
    }
    // Receipts as intents: the worker writes the mail when it sends it.
    let mails: Vec<_> = fresh
        .iter()
        .filter(|n| queued.contains(n.idempotency_hash.as_str()))
        .filter_map(|n| n.receipt.as_ref().map(|receipt| (id_of(n), receipt, n.received_at)))
        .collect();
    if !mails.is_empty() {
        deps.push("insert into outbox (submission_id, recipient, locale, template, next_attempt_at, created_at) ");
        deps.push_values(mails, |mut row, (id, receipt, at)| {
            row.push_bind(id)
                .push_bind(receipt.recipient.as_str().to_string())
                .push_bind(receipt.locale.clone())
                .push_bind("receipt")
                .push_bind(at)
                .push_bind(at);
        });
        end_statement(&mut deps, &mut *conn).await?;
    }
    if begin_and_commit {
        deps.push("COMMIT");
    }
    // What SQLite collected (PostgreSQL has already run its statements).
    if !deps.sql().trim().is_empty() {
        deps.build().execute(&mut *conn).await?;
    }
    let created: HashMap<&str, (i64, String)> =
        fresh.iter().zip(references).map(|(n, reference)| (n.idempotency_hash.as_str(), (id_of(n), reference))).collect();
    let mut first_seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    batch
        .iter()
        .map(|new| {
            let key = new.idempotency_hash.as_str();
            match (known.get(key), created.get(key)) {
                (Some((id, reference)), _) => Ok(CreatedSubmission { id: *id, reference: reference.clone(), created: false, receipt_queued: false }),
                (None, Some((id, reference))) => {
                    let created = first_seen.insert(key);
                    Ok(CreatedSubmission { id: *id, reference: reference.clone(), created, receipt_queued: created && queued.contains(key) })
                }
                (None, None) => Err(StoreError::other("a batched submission was neither found nor stored")),
            }
        })
        .collect()
}

/// What the tracking page reads of a submission.
#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    reference: String,
    kind: String,
    status: String,
    title: Option<String>,
    body: String,
    theme_id: Option<i64>,
    area_id: Option<i64>,
    submitter_kind: String,
    locale: String,
    personal_data_flags: String,
    address: Option<String>,
    concern_kind: Option<String>,
    created_at: chrono::DateTime<chrono::Utc>,
}

#[async_trait::async_trait]
impl crate::store::submissions::SubmissionStore for Backend {
    async fn create_submission(&self, new: &domain::submission::NewSubmission) -> StoreResult<domain::submission::CreatedSubmission> {
        self.store_submission(new).await
    }

    async fn create_submissions(&self, batch: &[domain::submission::NewSubmission]) -> StoreResult<Vec<domain::submission::CreatedSubmission>> {
        let mut tx = self.begin_write().await?;
        let batch: Vec<&domain::submission::NewSubmission> = batch.iter().collect();
        let created = insert_submissions(&mut tx, &batch, false).await?;
        tx.commit().await?;
        Ok(created)
    }

    async fn submission_by_token_hash(&self, token_hash: &str) -> StoreResult<Option<domain::submission::SubmissionSummary>> {
        let row: Option<SummaryRow> = sqlx::query_as(
            "select s.id, s.reference, s.kind, s.status, s.title, s.body, s.theme_id, s.area_id, s.submitter_kind, s.locale,
                 s.personal_data_flags, s.address_text as address, c.concern_kind, s.created_at
             from submission s left join concern c on c.submission_id = s.id
             where s.tracking_token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(self.reader())
        .await?;
        row.map(
            |SummaryRow {
                 id,
                 reference,
                 kind,
                 status,
                 title,
                 body,
                 theme_id,
                 area_id,
                 submitter_kind,
                 locale,
                 personal_data_flags,
                 address,
                 concern_kind,
                 created_at,
             }| {
                Ok(domain::submission::SubmissionSummary {
                    id,
                    reference,
                    kind: domain::submission::InputKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("kind {kind}")))?,
                    status,
                    title,
                    body,
                    theme_id,
                    area_id,
                    submitter_kind,
                    locale,
                    personal_data_flags,
                    address,
                    concern_kind,
                    created_at,
                })
            },
        )
        .transpose()
    }

    async fn submission_id_by_reference(&self, reference: &str) -> StoreResult<Option<i64>> {
        let row: Option<(i64,)> = sqlx::query_as("select id from submission where reference = $1").bind(reference).fetch_optional(self.reader()).await?;
        Ok(row.map(|(id,)| id))
    }

    async fn name_unnamed_token_keys(&self, key_id: &str) -> StoreResult<u64> {
        let mut tx = self.begin_write().await?;
        let named = sqlx::query("update submission set token_key_id = $1 where token_key_id = ''").bind(key_id).execute(&mut *tx).await?.rows_affected();
        tx.commit().await?;
        Ok(named)
    }

    async fn count_submissions(&self) -> StoreResult<i64> {
        let (count,): (i64,) = sqlx::query_as("select count(*) from submission").fetch_one(self.reader()).await?;
        Ok(count)
    }

    async fn public_events(&self, id: i64) -> StoreResult<Vec<domain::workspace::Event>> {
        let rows: Vec<(String, Option<String>, Option<String>, Option<i64>, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
            "select kind, body, status, team_id, created_at from submission_event
             where submission_id = $1 and is_public order by created_at, id",
        )
        .bind(id)
        .fetch_all(self.reader())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(kind, body, status, team_id, at)| domain::workspace::Event { kind, is_public: true, body, status, staff_name: None, team_id, at })
            .collect())
    }

    async fn reopen(&self, id: i64, comment: &domain::submission::BoundedText, now: chrono::DateTime<chrono::Utc>) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        if !reopen_in(&mut tx, id, comment, now).await? {
            tx.rollback().await?;
            return Ok(false);
        }
        tx.commit().await?;
        Ok(true)
    }
}

/// A resident reopens their closed item, once, inside the caller's
/// transaction. Returns whether it was closed and not reopened before.
pub(super) async fn reopen_in(
    tx: &mut sqlx::Transaction<'static, Db>,
    id: i64,
    comment: &domain::submission::BoundedText,
    now: chrono::DateTime<chrono::Utc>,
) -> StoreResult<bool> {
    let updated = sqlx::query(
        "update submission set status = 'new', outcome = null, outcome_detail = null, duplicate_of_id = null, closed_at = null,
             reopened_count = reopened_count + 1, updated_at = $2
         where id = $1 and status = 'closed' and reopened_count = 0",
    )
    .bind(id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(false);
    }
    event(tx, now, id, "reopened", true, Some(comment.as_str()), None, None, None).await?;
    audit(tx, now, None, "reopened_by_resident", id, "").await?;
    Ok(true)
}
