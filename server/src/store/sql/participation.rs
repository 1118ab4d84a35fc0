//! SQL of public participation: the moderation queue and decisions, the
//! public ideas and comments, supports, flags, rate limits and "you said,
//! we did". The public queries read only the approved public text.

use super::trail::queue_update_mail;
use super::{Backend, Db};
use crate::store::dialect::Dialect;
use crate::store::{StoreError, StoreResult};

async fn open_flags(executor: impl sqlx::Executor<'_, Database = Db>, kind: &str, id: i64) -> StoreResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as("select reason from content_flag where target_kind = $1 and target_id = $2 and reviewed_at is null order by id")
        .bind(kind)
        .bind(id)
        .fetch_all(executor)
        .await?;
    Ok(rows.into_iter().map(|(r,)| r).collect())
}

fn state(value: &str) -> StoreResult<domain::participation::ModerationState> {
    domain::participation::ModerationState::parse(value).ok_or_else(|| StoreError::Corrupt(format!("moderation state {value}")))
}

/// One idea or comment in the moderation queue.
#[derive(sqlx::FromRow)]
struct QueueRow {
    id: i64,
    idea_id: i64,
    reference: String,
    excerpt: String,
    moderation_state: String,
    open_flags: i64,
    personal_data_flags: String,
    created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(sqlx::FromRow)]
struct IdeaModerationRow {
    reference: String,
    title: Option<String>,
    body: String,
    public_title: Option<String>,
    public_body: Option<String>,
    moderation_state: String,
    moderation_reason: Option<String>,
    moderation_note: Option<String>,
    official_answer: Option<String>,
    theme_id: Option<i64>,
    area_id: Option<i64>,
    locale: String,
}

#[derive(sqlx::FromRow)]
struct CommentModerationRow {
    idea_id: i64,
    idea_title: Option<String>,
    body: String,
    public_body: Option<String>,
    moderation_state: String,
    locale: String,
}

/// An approved idea as the public sees it.
#[derive(sqlx::FromRow)]
struct PublicIdeaRow {
    id: i64,
    title: String,
    body: String,
    theme_id: Option<i64>,
    area_id: Option<i64>,
    support_count: i64,
    status: String,
    official_answer: Option<String>,
    published_at: chrono::DateTime<chrono::Utc>,
}

#[async_trait::async_trait]
impl crate::store::participation::ParticipationStore for Backend {
    async fn moderation_queue(&self) -> StoreResult<Vec<domain::participation::QueueEntry>> {
        use domain::participation::{FlagTarget, QueueEntry};
        let ideas: Vec<QueueRow> = sqlx::query_as(
            "select s.id, s.id as idea_id, s.reference, coalesce(s.title, '') as excerpt, i.moderation_state,
                 (select count(*) from content_flag f where f.target_kind = 'idea' and f.target_id = s.id and f.reviewed_at is null) as open_flags,
                 s.personal_data_flags, s.created_at
             from idea i join submission s on s.id = i.submission_id
             where i.moderation_state in ('pending', 'hidden')
                or exists (select 1 from content_flag f where f.target_kind = 'idea' and f.target_id = s.id and f.reviewed_at is null)
             order by s.created_at, s.id",
        )
        .fetch_all(self.reader())
        .await?;
        let comments: Vec<QueueRow> = sqlx::query_as(
            "select c.id, c.submission_id as idea_id, s.reference, substr(c.body, 1, 140) as excerpt, c.moderation_state,
                 (select count(*) from content_flag f where f.target_kind = 'comment' and f.target_id = c.id and f.reviewed_at is null) as open_flags,
                 c.personal_data_flags, c.created_at
             from idea_comment c join submission s on s.id = c.submission_id
             where c.moderation_state in ('pending', 'hidden')
                or exists (select 1 from content_flag f where f.target_kind = 'comment' and f.target_id = c.id and f.reviewed_at is null)
             order by c.created_at, c.id",
        )
        .fetch_all(self.reader())
        .await?;
        let entry = |target: FlagTarget, row: QueueRow| -> StoreResult<QueueEntry> {
            Ok(QueueEntry {
                target,
                idea_id: row.idea_id,
                reference: row.reference,
                excerpt: row.excerpt,
                state: state(&row.moderation_state)?,
                open_flags: row.open_flags,
                has_personal_data: !row.personal_data_flags.is_empty(),
                created_at: row.created_at,
            })
        };
        let mut entries: Vec<QueueEntry> = Vec::new();
        for row in ideas {
            entries.push(entry(FlagTarget::Idea(row.id), row)?);
        }
        for row in comments {
            entries.push(entry(FlagTarget::Comment(row.id), row)?);
        }
        entries.sort_by_key(|e| e.created_at);
        Ok(entries)
    }

    async fn idea_for_moderation(&self, idea_id: i64) -> StoreResult<Option<domain::participation::IdeaModeration>> {
        let row: Option<IdeaModerationRow> = sqlx::query_as(
            "select s.reference, s.title, s.body, i.public_title, i.public_body, i.moderation_state, i.moderation_reason,
                 i.moderation_note, i.official_answer, s.theme_id, s.area_id, s.locale
             from idea i join submission s on s.id = i.submission_id where s.id = $1",
        )
        .bind(idea_id)
        .fetch_optional(self.reader())
        .await?;
        let Some(IdeaModerationRow {
            reference,
            title,
            body,
            public_title,
            public_body,
            moderation_state: moderation,
            moderation_reason: reason,
            moderation_note: note,
            official_answer,
            theme_id,
            area_id,
            locale,
        }) = row
        else {
            return Ok(None);
        };
        Ok(Some(domain::participation::IdeaModeration {
            submission_id: idea_id,
            reference,
            title: title.unwrap_or_default(),
            body,
            public_title,
            public_body,
            state: state(&moderation)?,
            reason,
            note,
            official_answer,
            open_flags: open_flags(self.reader(), "idea", idea_id).await?,
            locale,
            theme_id,
            area_id,
        }))
    }

    async fn moderate_idea(
        &self,
        idea_id: i64,
        decision: &domain::participation::IdeaDecision,
        actor: domain::workspace::Actor,
        mail: Option<&crate::store::outbox::UpdateMail>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        moderate_idea_in(&mut tx, idea_id, decision, actor, mail, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn comment_for_moderation(&self, comment_id: i64) -> StoreResult<Option<domain::participation::CommentModeration>> {
        let row: Option<CommentModerationRow> = sqlx::query_as(
            "select c.submission_id as idea_id, i.public_title as idea_title, c.body, c.public_body, c.moderation_state, c.locale
             from idea_comment c join idea i on i.submission_id = c.submission_id where c.id = $1",
        )
        .bind(comment_id)
        .fetch_optional(self.reader())
        .await?;
        let Some(CommentModerationRow { idea_id, idea_title, body, public_body, moderation_state: moderation, locale }) = row else {
            return Ok(None);
        };
        Ok(Some(domain::participation::CommentModeration {
            id: comment_id,
            idea_id,
            idea_title: idea_title.unwrap_or_default(),
            body,
            public_body,
            state: state(&moderation)?,
            open_flags: open_flags(self.reader(), "comment", comment_id).await?,
            locale,
        }))
    }

    async fn moderate_comment(
        &self,
        comment_id: i64,
        decision: &domain::participation::CommentDecision,
        actor: domain::workspace::Actor,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<()> {
        use domain::participation::CommentDecision;
        let mut tx = self.begin_write().await?;
        let (moderation, body) = match decision {
            CommentDecision::Approve { body } => ("approved", Some(body.as_str())),
            CommentDecision::Reject => ("rejected", None),
        };
        sqlx::query(
            "update idea_comment set moderation_state = $2, public_body = coalesce($3, public_body), moderated_by = $4, moderated_at = $5
             where id = $1",
        )
        .bind(comment_id)
        .bind(moderation)
        .bind(body)
        .bind(actor.staff_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query("update content_flag set reviewed_at = $3, reviewed_by = $4 where target_kind = $1 and target_id = $2 and reviewed_at is null")
            .bind("comment")
            .bind(comment_id)
            .bind(now)
            .bind(actor.staff_id)
            .execute(&mut *tx)
            .await?;
        super::trail::audit_row(&mut tx, now, Some(actor), "moderate_comment", None, &format!("comment={comment_id} {moderation}")).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_official_answer(
        &self,
        idea_id: i64,
        answer: Option<&str>,
        actor: domain::workspace::Actor,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("update idea set official_answer = $2 where submission_id = $1").bind(idea_id).bind(answer).execute(&mut *tx).await?;
        super::trail::audit_row(&mut tx, now, Some(actor), "official_answer", Some(idea_id), "").await?;
        tx.commit().await?;
        Ok(())
    }

    async fn public_ideas(&self, q: &domain::participation::PublicIdeaQuery) -> StoreResult<(Vec<domain::participation::PublicIdeaSummary>, i64)> {
        let filters = |qb: &mut sqlx::QueryBuilder<'_, Db>| {
            qb.push(" where i.moderation_state = 'approved'");
            if let Some(theme) = q.theme_id {
                qb.push(" and s.theme_id = ").push_bind(theme);
            }
            if let Some(area) = q.area_id {
                qb.push(" and s.area_id = ").push_bind(area);
            }
        };
        // One statement and one row per page: the page's rows as one JSON
        // array (sqlx's SQLite driver hands each result row across threads
        // separately, which cost more than the query), and the total as an
        // uncorrelated subquery, which both databases evaluate once. The
        // aggregate keeps no order of its own (SQLite would sort the page a
        // second time); the twenty rows are put in order here.
        let inner_order = if q.by_support {
            "i.support_count desc, i.published_at desc, i.submission_id desc"
        } else {
            // Ties broken by the idea's own key, so the newest-first order comes
            // straight from the `idea_public` index (SQLite keeps the rowid in it).
            "i.published_at desc, i.submission_id desc"
        };
        let mut qb = sqlx::QueryBuilder::<Db>::new("select ");
        qb.push(Backend::json_rows("id, title, body_start, theme_id, area_id, supports, comments, status, answered, published"));
        qb.push(", (select count(*) from idea i");
        // Without theme or area filters the count reads only the idea index.
        if q.theme_id.is_some() || q.area_id.is_some() {
            qb.push(" join submission s on s.id = i.submission_id");
        }
        filters(&mut qb);
        // `answered` as 0 or 1: SQLite's JSON has no booleans. Approval always
        // sets `published_at`; the fallback only keeps a row without one from
        // breaking the whole list. Only the start of each text: the list
        // shows an excerpt, and both databases count `substr` in characters.
        qb.push(format!(
            ") from (select s.id as id, coalesce(i.public_title, '') as title, substr(coalesce(i.public_body, ''), 1, {}) as body_start,
                 s.theme_id as theme_id, s.area_id as area_id, i.support_count as supports,
                 (select count(*) from idea_comment c where c.submission_id = s.id and c.moderation_state = 'approved') as comments,
                 s.status as status, case when i.official_answer is null then 0 else 1 end as answered, coalesce(i.published_at, s.created_at) as published
             from idea i join submission s on s.id = i.submission_id",
            domain::participation::EXCERPT_CHARS + 1
        ));
        filters(&mut qb);
        qb.push(" order by ").push(inner_order);
        qb.push(" limit ").push_bind(q.per_page).push(" offset ").push_bind((q.page.max(1) - 1) * q.per_page);
        qb.push(") page");
        let (rows, total): (String, i64) = qb.build_query_as().fetch_one(self.reader()).await?;
        // Times borrowed from the JSON text.
        type Row<'a> = (i64, String, String, Option<i64>, Option<i64>, i64, i64, String, i64, &'a str);
        let rows: Vec<Row<'_>> = crate::store::dialect::parse_json_rows(&rows, "public ideas")?;
        let mut ideas = rows
            .into_iter()
            .map(|(id, title, body_start, theme_id, area_id, supports, comments, status, answered, published)| {
                let published_at = crate::store::dialect::parse_json_time(published, "public ideas")?;
                Ok(domain::participation::PublicIdeaSummary {
                    id,
                    title,
                    body_start,
                    theme_id,
                    area_id,
                    supports,
                    comments,
                    status,
                    answered: answered != 0,
                    published_at,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        // The same order as `inner_order`.
        ideas.sort_unstable_by(|a, b| {
            let support = if q.by_support { b.supports.cmp(&a.supports) } else { std::cmp::Ordering::Equal };
            support.then(b.published_at.cmp(&a.published_at)).then(b.id.cmp(&a.id))
        });
        Ok((ideas, total))
    }

    async fn public_idea(&self, idea_id: i64) -> StoreResult<Option<(domain::participation::PublicIdea, Vec<domain::participation::PublicComment>)>> {
        let row: Option<PublicIdeaRow> = sqlx::query_as(
            "select s.id, coalesce(i.public_title, '') as title, coalesce(i.public_body, '') as body, s.theme_id, s.area_id, i.support_count,
                 s.status, i.official_answer, coalesce(i.published_at, s.created_at) as published_at
             from idea i join submission s on s.id = i.submission_id
             where s.id = $1 and i.moderation_state = 'approved'",
        )
        .bind(idea_id)
        .fetch_optional(self.reader())
        .await?;
        let Some(PublicIdeaRow { id, title, body, theme_id, area_id, support_count: supports, status, official_answer, published_at }) = row else {
            return Ok(None);
        };
        let comments: Vec<(i64, String, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
            "select id, coalesce(public_body, ''), created_at from idea_comment
             where submission_id = $1 and moderation_state = 'approved' order by created_at, id",
        )
        .bind(idea_id)
        .fetch_all(self.reader())
        .await?;
        let comments: Vec<_> = comments.into_iter().map(|(id, body, at)| domain::participation::PublicComment { id, body, at }).collect();
        let idea = domain::participation::PublicIdea {
            id,
            title,
            body,
            theme_id,
            area_id,
            supports,
            comments: comments.len() as i64,
            status,
            official_answer,
            published_at,
        };
        Ok(Some((idea, comments)))
    }

    async fn support_idea(&self, idea_id: i64, supporter_hash: &str, now: chrono::DateTime<chrono::Utc>) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let inserted = sqlx::query(
            "insert into idea_support (submission_id, supporter_hash, created_at) values ($1, $2, $3)
             on conflict (submission_id, supporter_hash) do nothing",
        )
        .bind(idea_id)
        .bind(supporter_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if inserted {
            sqlx::query("update idea set support_count = support_count + 1 where submission_id = $1").bind(idea_id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(inserted)
    }

    async fn add_comment(&self, c: &domain::participation::NewComment) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let (id,): (i64,) = sqlx::query_as(
            "insert into idea_comment (submission_id, locale, body, personal_data_flags, idempotency_hash, created_at)
             values ($1, $2, $3, $4, $5, $6)
             on conflict (idempotency_hash) do update set idempotency_hash = excluded.idempotency_hash
             returning id",
        )
        .bind(c.idea_id)
        .bind(&c.locale)
        .bind(&c.body)
        .bind(&c.personal_data_flags)
        .bind(&c.idempotency_hash)
        .bind(c.now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn flag(
        &self,
        target: domain::participation::FlagTarget,
        reason: &str,
        reporter: &crate::store::participation::Reporter,
        now: chrono::DateTime<chrono::Utc>,
        hide_at: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("insert into content_flag (target_kind, target_id, reason, visitor_hash, address_hash, created_at) values ($1, $2, $3, $4, $5, $6)")
            .bind(target.kind())
            .bind(target.id())
            .bind(reason)
            .bind(&reporter.visitor_hash)
            .bind(&reporter.address_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        // Distinct reporters: a new cookie from the same address, or the same
        // cookie from another address, is the same person. Older reports
        // (no hashes) count once each.
        let (visitors, addresses): (i64, i64) = sqlx::query_as(
            "select count(distinct coalesce(visitor_hash, 'report ' || id)), count(distinct coalesce(address_hash, 'report ' || id))
             from content_flag where target_kind = $1 and target_id = $2 and reviewed_at is null",
        )
        .bind(target.kind())
        .bind(target.id())
        .fetch_one(&mut *tx)
        .await?;
        if visitors.min(addresses) >= hide_at {
            let sql = match target {
                domain::participation::FlagTarget::Idea(_) => {
                    "update idea set moderation_state = 'hidden' where submission_id = $1 and moderation_state = 'approved'"
                }
                domain::participation::FlagTarget::Comment(_) => {
                    "update idea_comment set moderation_state = 'hidden' where id = $1 and moderation_state = 'approved'"
                }
            };
            sqlx::query(sql).bind(target.id()).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn prune_rate_limits(&self, before: chrono::DateTime<chrono::Utc>) -> StoreResult<u64> {
        let done = sqlx::query("delete from rate_limit where window_started_at < $1").bind(before).execute(self.writer()).await?;
        Ok(done.rows_affected())
    }

    async fn rate_limited(&self, key: &str, now: chrono::DateTime<chrono::Utc>, window: chrono::Duration, max: i64) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        // Read and write under the row's lock, so parallel hits are all counted.
        sqlx::query("insert into rate_limit (limit_key, window_started_at, hits) values ($1, $2, 0) on conflict (limit_key) do nothing")
            .bind(key)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        let sql = format!("select window_started_at, hits from rate_limit where limit_key = $1{}", Self::LOCK_ROW);
        let (started, hits): (chrono::DateTime<chrono::Utc>, i64) = sqlx::query_as(&sql).bind(key).fetch_one(&mut *tx).await?;
        let (started, hits) = if now - started < window { (started, hits + 1) } else { (now, 1) };
        sqlx::query("update rate_limit set window_started_at = $2, hits = $3 where limit_key = $1")
            .bind(key)
            .bind(started)
            .bind(hits)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(hits > max)
    }

    async fn publish_summary(&self, submission_id: i64, summary: &str, actor: domain::workspace::Actor, now: chrono::DateTime<chrono::Utc>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "insert into public_summary (submission_id, theme_id, area_id, summary, staff_id, published_at)
             select id, theme_id, area_id, $2, $3, $4 from submission where id = $1
             on conflict (submission_id) do update set summary = excluded.summary, staff_id = excluded.staff_id,
                 published_at = excluded.published_at",
        )
        .bind(submission_id)
        .bind(summary)
        .bind(actor.staff_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        super::trail::audit_row(&mut tx, now, Some(actor), "publish_summary", Some(submission_id), "").await?;
        tx.commit().await?;
        Ok(())
    }

    async fn public_summaries(&self, theme_id: Option<i64>, area_id: Option<i64>, limit: i64) -> StoreResult<Vec<domain::participation::PublicSummary>> {
        let mut qb = sqlx::QueryBuilder::<Db>::new(
            "select p.summary, p.theme_id, p.area_id, s.kind, p.published_at from public_summary p
             join submission s on s.id = p.submission_id where 1 = 1",
        );
        if let Some(theme) = theme_id {
            qb.push(" and p.theme_id = ").push_bind(theme);
        }
        if let Some(area) = area_id {
            qb.push(" and p.area_id = ").push_bind(area);
        }
        qb.push(" order by p.published_at desc, p.id desc limit ").push_bind(limit);
        let rows: Vec<(String, Option<i64>, Option<i64>, String, chrono::DateTime<chrono::Utc>)> = qb.build_query_as().fetch_all(self.reader()).await?;
        Ok(rows
            .into_iter()
            .map(|(summary, theme_id, area_id, kind, at)| domain::participation::PublicSummary { summary, theme_id, area_id, kind, at })
            .collect())
    }
}

/// A moderator publishes or rejects an idea, inside the caller's transaction.
pub(super) async fn moderate_idea_in(
    tx: &mut sqlx::Transaction<'static, Db>,
    idea_id: i64,
    decision: &domain::participation::IdeaDecision,
    actor: domain::workspace::Actor,
    mail: Option<&crate::store::outbox::UpdateMail>,
    now: chrono::DateTime<chrono::Utc>,
) -> StoreResult<()> {
    use domain::participation::IdeaDecision;
    let (moderation, detail) = match decision {
        IdeaDecision::Approve { title, body } => {
            sqlx::query(
                "update idea set moderation_state = 'approved', public_title = $2, public_body = $3, moderation_reason = null,
                     moderation_note = null, moderated_by = $4, moderated_at = $5, published_at = coalesce(published_at, $5)
                 where submission_id = $1",
            )
            .bind(idea_id)
            .bind(title)
            .bind(body)
            .bind(actor.staff_id)
            .bind(now)
            .execute(&mut **tx)
            .await?;
            ("approved", None)
        }
        IdeaDecision::Reject { reason, note } => {
            sqlx::query(
                "update idea set moderation_state = 'rejected', moderation_reason = $2, moderation_note = $3,
                     moderated_by = $4, moderated_at = $5
                 where submission_id = $1",
            )
            .bind(idea_id)
            .bind(*reason)
            .bind(note.as_deref())
            .bind(actor.staff_id)
            .bind(now)
            .execute(&mut **tx)
            .await?;
            ("rejected", Some(reason.to_string()))
        }
    };
    sqlx::query("update content_flag set reviewed_at = $3, reviewed_by = $4 where target_kind = $1 and target_id = $2 and reviewed_at is null")
        .bind("idea")
        .bind(idea_id)
        .bind(now)
        .bind(actor.staff_id)
        .execute(&mut **tx)
        .await?;
    let note = match decision {
        IdeaDecision::Reject { note, .. } => note.clone(),
        IdeaDecision::Approve { .. } => None,
    };
    sqlx::query(
        "insert into submission_event (submission_id, kind, is_public, body, status, staff_id, team_id, created_at)
         values ($1, 'moderated', true, $2, $3, $4, $5, $6)",
    )
    .bind(idea_id)
    .bind(note)
    .bind(detail.map(|reason| format!("rejected:{reason}")).unwrap_or_else(|| moderation.to_string()))
    .bind(actor.staff_id)
    .bind(actor.team_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    super::trail::audit_row(tx, now, Some(actor), "moderate_idea", Some(idea_id), moderation).await?;
    if let Some(builder) = mail {
        // Defined by `impl_workspace_store!` in the same module.
        queue_update_mail(tx, idea_id, builder, now).await?;
    }
    Ok(())
}
