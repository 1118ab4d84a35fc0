//! SQL of consultations: details, ordered questions and options, answer
//! sets stored once per respondent, and the answers read back for staff.

use super::{Backend, Db};
use crate::store::consultation::Now;
use crate::store::dialect::{parse_json_rows, parse_json_time, Dialect};
use crate::store::{StoreError, StoreResult};

/// A write transaction holding the consultation's row, if its questions
/// may still change (it exists and nobody has answered); else `None`.
async fn questions_editable(store: &Backend, id: i64, now: chrono::DateTime<chrono::Utc>) -> StoreResult<Option<sqlx::Transaction<'static, Db>>> {
    let mut tx = store.begin_write().await?;
    let touched = sqlx::query("update consultation set updated_at = $2 where id = $1").bind(id).bind(now).execute(&mut *tx).await?;
    if touched.rows_affected() == 0 {
        return Ok(None);
    }
    let (count,): (i64,) = sqlx::query_as("select count(*) from consultation_response where consultation_id = $1").bind(id).fetch_one(&mut *tx).await?;
    Ok((count == 0).then_some(tx))
}

async fn consultation_audit(
    tx: &mut sqlx::Transaction<'static, Db>,
    now: chrono::DateTime<chrono::Utc>,
    actor: domain::workspace::Actor,
    action: &str,
    consultation_id: i64,
) -> StoreResult<()> {
    super::trail::audit_row(tx, now, Some(actor), action, None, &format!("consultation:{consultation_id}")).await
}

async fn write_details(tx: &mut sqlx::Transaction<'static, Db>, id: i64, draft: &domain::consultation::ConsultationDraft) -> StoreResult<()> {
    sqlx::query("delete from consultation_area where consultation_id = $1").bind(id).execute(&mut **tx).await?;
    for area in &draft.area_ids {
        sqlx::query("insert into consultation_area (consultation_id, area_id) values ($1, $2) on conflict do nothing")
            .bind(id)
            .bind(area)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ListingRow {
    id: i64,
    slug: String,
    title: String,
    state: String,
    opens_at: Now,
    closes_at: Now,
    results_published_at: Option<Now>,
    owning_team_id: i64,
    responses: i64,
}

fn listing(row: ListingRow) -> domain::consultation::ConsultationListing {
    let ListingRow { id, slug, title, state, opens_at, closes_at, results_published_at, owning_team_id, responses } = row;
    domain::consultation::ConsultationListing { id, slug, title, state, opens_at, closes_at, results_published_at, owning_team_id, responses }
}

const LISTING_SELECT: &str = "select c.id, c.slug, c.title, c.state, c.opens_at, c.closes_at, c.results_published_at, c.owning_team_id,
        (select count(*) from consultation_response r where r.consultation_id = c.id) as responses
     from consultation c";

#[derive(sqlx::FromRow)]
struct ConsultationRow {
    id: i64,
    slug: String,
    owning_team_id: i64,
    state: String,
    locale: String,
    title: String,
    introduction: String,
    opens_at: Now,
    closes_at: Now,
    results_published_at: Option<Now>,
}

#[async_trait::async_trait]
impl crate::store::consultation::ConsultationStore for Backend {
    async fn list_consultations(&self) -> StoreResult<Vec<domain::consultation::ConsultationListing>> {
        let rows: Vec<ListingRow> = sqlx::query_as(&format!("{LISTING_SELECT} order by c.created_at desc, c.id desc")).fetch_all(self.reader()).await?;
        Ok(rows.into_iter().map(listing).collect())
    }

    async fn public_consultations(&self) -> StoreResult<Vec<domain::consultation::ConsultationListing>> {
        let rows: Vec<ListingRow> =
            sqlx::query_as(&format!("{LISTING_SELECT} where c.state <> 'draft' order by c.opens_at desc, c.id desc")).fetch_all(self.reader()).await?;
        Ok(rows.into_iter().map(listing).collect())
    }

    async fn consultation(&self, id: i64) -> StoreResult<Option<domain::consultation::Consultation>> {
        use domain::consultation::{Consultation, Question, QuestionKind, QuestionOption};
        let mut reader = self.reader().acquire().await?;
        let row: Option<ConsultationRow> = sqlx::query_as(
            "select id, slug, owning_team_id, state, locale, title, introduction, opens_at, closes_at, results_published_at
             from consultation where id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *reader)
        .await?;
        let Some(ConsultationRow { id, slug, owning_team_id, state, locale, title, introduction, opens_at, closes_at, results_published_at }) = row else {
            return Ok(None);
        };
        let areas: Vec<(i64,)> =
            sqlx::query_as("select area_id from consultation_area where consultation_id = $1 order by area_id").bind(id).fetch_all(&mut *reader).await?;
        let questions: Vec<(i64, i64, String, String, bool)> =
            sqlx::query_as("select id, position, kind, prompt, required from consultation_question where consultation_id = $1 order by position")
                .bind(id)
                .fetch_all(&mut *reader)
                .await?;
        let options: Vec<(i64, i64, String)> = sqlx::query_as(
            "select o.question_id, o.id, o.label from consultation_option o
             join consultation_question q on q.id = o.question_id where q.consultation_id = $1 order by o.question_id, o.position",
        )
        .bind(id)
        .fetch_all(&mut *reader)
        .await?;
        let (responses,): (i64,) =
            sqlx::query_as("select count(*) from consultation_response where consultation_id = $1").bind(id).fetch_one(&mut *reader).await?;
        let questions = questions
            .into_iter()
            .map(|(qid, position, kind, prompt, required)| {
                let kind = QuestionKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("question kind {kind}")))?;
                let options = options.iter().filter(|o| o.0 == qid).map(|o| QuestionOption { id: o.1, label: o.2.clone() }).collect();
                Ok(Question { id: qid, position, kind, prompt, required, options })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Some(Consultation {
            id,
            slug,
            owning_team_id,
            state,
            locale,
            title,
            introduction,
            opens_at,
            closes_at,
            results_published_at,
            area_ids: areas.into_iter().map(|(a,)| a).collect(),
            questions,
            responses,
        }))
    }

    async fn consultation_id_by_slug(&self, slug: &str) -> StoreResult<Option<i64>> {
        let row: Option<(i64,)> = sqlx::query_as("select id from consultation where slug = $1").bind(slug).fetch_optional(self.reader()).await?;
        Ok(row.map(|(id,)| id))
    }

    async fn create_consultation(
        &self,
        draft: &domain::consultation::ConsultationDraft,
        slug: &str,
        actor: domain::workspace::Actor,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        // A free slug: the title's, or with -2, -3, … added.
        let taken: Vec<(String,)> =
            sqlx::query_as("select slug from consultation where slug = $1 or slug like $2").bind(slug).bind(format!("{slug}-%")).fetch_all(&mut *tx).await?;
        let taken: std::collections::HashSet<String> = taken.into_iter().map(|(s,)| s).collect();
        let free = std::iter::once(slug.to_string()).chain((2..).map(|n| format!("{slug}-{n}"))).find(|s| !taken.contains(s)).unwrap_or_default();
        let (id,): (i64,) = sqlx::query_as(
            "insert into consultation (slug, owning_team_id, state, locale, title, introduction, opens_at, closes_at, created_by, created_at, updated_at)
             values ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $9) returning id",
        )
        .bind(&free)
        .bind(draft.owning_team_id)
        .bind(&draft.locale)
        .bind(&draft.title)
        .bind(&draft.introduction)
        .bind(draft.opens_at())
        .bind(draft.closes_at())
        .bind(actor.staff_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        write_details(&mut tx, id, draft).await?;
        consultation_audit(&mut tx, now, actor, "consultation_create", id).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn update_consultation(
        &self,
        id: i64,
        draft: &domain::consultation::ConsultationDraft,
        actor: domain::workspace::Actor,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "update consultation set owning_team_id = $2, title = $3, introduction = $4, opens_at = $5, closes_at = $6, updated_at = $7
             where id = $1",
        )
        .bind(id)
        .bind(draft.owning_team_id)
        .bind(&draft.title)
        .bind(&draft.introduction)
        .bind(draft.opens_at())
        .bind(draft.closes_at())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        write_details(&mut tx, id, draft).await?;
        consultation_audit(&mut tx, now, actor, "consultation_update", id).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn save_question(
        &self,
        consultation_id: i64,
        question_id: Option<i64>,
        draft: &domain::consultation::QuestionDraft,
        actor: domain::workspace::Actor,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<bool> {
        let Some(mut tx) = questions_editable(self, consultation_id, now).await? else {
            return Ok(false);
        };
        let question_id = match question_id {
            Some(question_id) => {
                let updated = sqlx::query("update consultation_question set kind = $3, prompt = $4, required = $5 where id = $1 and consultation_id = $2")
                    .bind(question_id)
                    .bind(consultation_id)
                    .bind(draft.kind.as_str())
                    .bind(&draft.prompt)
                    .bind(draft.required)
                    .execute(&mut *tx)
                    .await?;
                if updated.rows_affected() == 0 {
                    return Ok(false);
                }
                sqlx::query("delete from consultation_option where question_id = $1").bind(question_id).execute(&mut *tx).await?;
                question_id
            }
            None => {
                let (next,): (i64,) = sqlx::query_as("select coalesce(max(position), 0) + 1 from consultation_question where consultation_id = $1")
                    .bind(consultation_id)
                    .fetch_one(&mut *tx)
                    .await?;
                if next as usize > domain::consultation::MAX_QUESTIONS {
                    return Ok(false);
                }
                let (id,): (i64,) = sqlx::query_as(
                    "insert into consultation_question (consultation_id, position, kind, prompt, required) values ($1, $2, $3, $4, $5) returning id",
                )
                .bind(consultation_id)
                .bind(next)
                .bind(draft.kind.as_str())
                .bind(&draft.prompt)
                .bind(draft.required)
                .fetch_one(&mut *tx)
                .await?;
                id
            }
        };
        for (index, label) in draft.options.iter().enumerate() {
            sqlx::query("insert into consultation_option (question_id, position, label) values ($1, $2, $3)")
                .bind(question_id)
                .bind(index as i64 + 1)
                .bind(label)
                .execute(&mut *tx)
                .await?;
        }
        consultation_audit(&mut tx, now, actor, "consultation_question", consultation_id).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn move_question(
        &self,
        consultation_id: i64,
        question_id: i64,
        up: bool,
        actor: domain::workspace::Actor,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<bool> {
        let Some(mut tx) = questions_editable(self, consultation_id, now).await? else {
            return Ok(false);
        };
        let positions: Vec<(i64, i64)> = sqlx::query_as("select id, position from consultation_question where consultation_id = $1 order by position")
            .bind(consultation_id)
            .fetch_all(&mut *tx)
            .await?;
        let Some(index) = positions.iter().position(|(id, _)| *id == question_id) else {
            return Ok(false);
        };
        let other = if up { index.checked_sub(1) } else { Some(index + 1).filter(|i| *i < positions.len()) };
        if let Some(other) = other {
            let (a, b) = (positions[index], positions[other]);
            // Through a free position: (consultation, position) is unique.
            for (id, position) in [(a.0, -1), (b.0, a.1), (a.0, b.1)] {
                sqlx::query("update consultation_question set position = $2 where id = $1").bind(id).bind(position).execute(&mut *tx).await?;
            }
            consultation_audit(&mut tx, now, actor, "consultation_question", consultation_id).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn delete_question(
        &self,
        consultation_id: i64,
        question_id: i64,
        actor: domain::workspace::Actor,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<bool> {
        let Some(mut tx) = questions_editable(self, consultation_id, now).await? else {
            return Ok(false);
        };
        let deleted = sqlx::query("delete from consultation_question where id = $1 and consultation_id = $2")
            .bind(question_id)
            .bind(consultation_id)
            .execute(&mut *tx)
            .await?;
        consultation_audit(&mut tx, now, actor, "consultation_question", consultation_id).await?;
        tx.commit().await?;
        Ok(deleted.rows_affected() == 1)
    }

    async fn set_consultation_state(&self, id: i64, state: &str, actor: domain::workspace::Actor, now: chrono::DateTime<chrono::Utc>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("update consultation set state = $2, updated_at = $3 where id = $1").bind(id).bind(state).bind(now).execute(&mut *tx).await?;
        if state == "closed" {
            // Closing early moves the end to now, so the dates shown stay true.
            sqlx::query("update consultation set closes_at = $2 where id = $1 and closes_at > $2 and opens_at < $2")
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        consultation_audit(&mut tx, now, actor, if state == "closed" { "consultation_close" } else { "consultation_publish" }, id).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn publish_results(&self, id: i64, actor: domain::workspace::Actor, now: chrono::DateTime<chrono::Utc>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("update consultation set results_published_at = $2, updated_at = $2 where id = $1 and results_published_at is null")
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        consultation_audit(&mut tx, now, actor, "consultation_results", id).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn store_response(&self, response: &domain::consultation::NewResponse) -> StoreResult<domain::consultation::ResponseOutcome> {
        use domain::consultation::{Answer, ResponseOutcome};
        let mut tx = self.begin_write().await?;
        let open = sqlx::query("update consultation set updated_at = $2 where id = $1 and state = 'open' and opens_at <= $2 and closes_at > $2")
            .bind(response.consultation_id)
            .bind(response.now)
            .execute(&mut *tx)
            .await?;
        if open.rows_affected() == 0 {
            return Ok(ResponseOutcome::NotOpen);
        }
        let inserted: Option<(i64,)> = sqlx::query_as(
            "insert into consultation_response (consultation_id, respondent_hash, locale, personal_data_flags, idempotency_hash, created_at)
             values ($1, $2, $3, $4, $5, $6) on conflict do nothing returning id",
        )
        .bind(response.consultation_id)
        .bind(&response.respondent_hash)
        .bind(&response.locale)
        .bind(&response.personal_data_flags)
        .bind(&response.idempotency_hash)
        .bind(response.now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((response_id,)) = inserted else {
            // The same form sent twice (double click, back and resend) is one answer set.
            let repeat: Option<(i64,)> = sqlx::query_as("select id from consultation_response where idempotency_hash = $1")
                .bind(&response.idempotency_hash)
                .fetch_optional(&mut *tx)
                .await?;
            return Ok(if repeat.is_some() { ResponseOutcome::Stored } else { ResponseOutcome::AlreadyAnswered });
        };
        for answer in &response.answers {
            let rows: Vec<(i64, Option<i64>, Option<i64>, Option<&str>)> = match answer {
                Answer::Choices { question_id, option_ids } => option_ids.iter().map(|o| (*question_id, Some(*o), None, None)).collect(),
                Answer::Scale { question_id, value } => vec![(*question_id, None, Some(*value), None)],
                Answer::Text { question_id, text } => vec![(*question_id, None, None, Some(text.as_str()))],
            };
            for (question_id, option_id, scale_value, text) in rows {
                sqlx::query("insert into consultation_answer (response_id, question_id, option_id, scale_value, text_value) values ($1, $2, $3, $4, $5)")
                    .bind(response_id)
                    .bind(question_id)
                    .bind(option_id)
                    .bind(scale_value)
                    .bind(text)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        // The results' numbers, kept as the answers arrive (one upsert).
        let mut counts: Vec<(i64, String)> = Vec::new();
        for answer in &response.answers {
            match answer {
                Answer::Choices { question_id, option_ids } => counts.extend(option_ids.iter().map(|o| (*question_id, format!("option:{o}")))),
                Answer::Scale { question_id, value } => counts.push((*question_id, format!("scale:{value}"))),
                Answer::Text { question_id, .. } => counts.push((*question_id, "texts".into())),
            }
            let question_id = match answer {
                Answer::Choices { question_id, .. } | Answer::Scale { question_id, .. } | Answer::Text { question_id, .. } => *question_id,
            };
            counts.push((question_id, "answered".into()));
        }
        if !counts.is_empty() {
            let mut qb = sqlx::QueryBuilder::<Db>::new("insert into consultation_count (question_id, counted, answers) ");
            qb.push_values(&counts, |mut row, (question_id, counted)| {
                row.push_bind(*question_id).push_bind(counted.as_str()).push_bind(1_i64);
            });
            qb.push(" on conflict (question_id, counted) do update set answers = consultation_count.answers + excluded.answers");
            qb.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(ResponseOutcome::Stored)
    }

    async fn has_answered(&self, consultation_id: i64, respondent_hash: &str) -> StoreResult<bool> {
        let row: Option<(i64,)> = sqlx::query_as("select id from consultation_response where consultation_id = $1 and respondent_hash = $2")
            .bind(consultation_id)
            .bind(respondent_hash)
            .fetch_optional(self.reader())
            .await?;
        Ok(row.is_some())
    }

    async fn log_consultation_export(&self, id: i64, actor: domain::workspace::Actor, now: chrono::DateTime<chrono::Utc>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        consultation_audit(&mut tx, now, actor, "consultation_export", id).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn consultation_counts(&self, id: i64, texts_per_question: i64) -> StoreResult<domain::consultation::Counted> {
        // The numbers kept as answers arrived (see `store_response`), and
        // each question's newest written answers from its own index.
        let mut reader = self.reader().acquire().await?;
        let rows: Vec<(i64, String, i64)> = sqlx::query_as(
            "select c.question_id, c.counted, c.answers from consultation_count c
             join consultation_question q on q.id = c.question_id where q.consultation_id = $1",
        )
        .bind(id)
        .fetch_all(&mut *reader)
        .await?;
        let mut counted = domain::consultation::Counted::default();
        for (question, key, answers) in rows {
            match key.split_once(':') {
                Some(("option", option)) => counted.choices.push((question, option.parse().ok(), None, answers)),
                Some(("scale", value)) => counted.choices.push((question, None, value.parse().ok(), answers)),
                _ if key == "answered" => counted.answered.push((question, answers)),
                _ if key == "texts" => counted.text_totals.push((question, answers)),
                _ => return Err(StoreError::Corrupt(format!("consultation count {key}"))),
            }
        }
        if texts_per_question > 0 {
            for (question, _) in counted.text_totals.clone() {
                let texts: Vec<(String,)> = sqlx::query_as(
                    "select text_value from consultation_answer where question_id = $1 and text_value is not null order by response_id desc limit $2",
                )
                .bind(question)
                .bind(texts_per_question)
                .fetch_all(&mut *reader)
                .await?;
                counted.texts.extend(texts.into_iter().map(|(text,)| (question, text)));
            }
        }
        Ok(counted)
    }

    async fn consultation_answer_page(
        &self,
        id: i64,
        after_response: i64,
        limit: i64,
    ) -> StoreResult<(Vec<domain::consultation::StoredResponse>, Vec<domain::consultation::StoredAnswer>)> {
        use domain::consultation::{StoredAnswer, StoredResponse};
        // Each page's rows come as one JSON array per statement: sqlx's
        // SQLite driver hands every result row across threads separately,
        // which cost more than the query for thousands of answers. The
        // aggregates keep no order of their own; the rows are sorted here.
        let mut reader = self.reader().acquire().await?;
        let (responses,): (String,) = sqlx::query_as(&format!(
            "select {} from (select id, created_at, personal_data_flags from consultation_response
                             where consultation_id = $1 and id > $2 order by id limit $3) page",
            Backend::json_rows("id, created_at, personal_data_flags")
        ))
        .bind(id)
        .bind(after_response)
        .bind(limit)
        .fetch_one(&mut *reader)
        .await?;
        // Times borrowed from the JSON text.
        let mut responses: Vec<(i64, &str, String)> = parse_json_rows(&responses, "consultation answer sets")?;
        responses.sort_unstable_by_key(|r| r.0);
        let (Some(first), Some(last)) = (responses.first().map(|r| r.0), responses.last().map(|r| r.0)) else {
            return Ok((Vec::new(), Vec::new()));
        };
        let (answers,): (String,) = sqlx::query_as(&format!(
            "select {} from consultation_answer
             where response_id in (select id from consultation_response where consultation_id = $1 and id between $2 and $3)",
            Backend::json_rows("response_id, question_id, option_id, scale_value, text_value")
        ))
        .bind(id)
        .bind(first)
        .bind(last)
        .fetch_one(&mut *reader)
        .await?;
        let mut answers: Vec<(i64, i64, Option<i64>, Option<i64>, Option<String>)> = parse_json_rows(&answers, "consultation answers")?;
        answers.sort_unstable_by_key(|a| (a.0, a.1, a.2));
        let responses = responses
            .into_iter()
            .map(|(id, at, personal_data_flags)| Ok(StoredResponse { id, at: parse_json_time(at, "consultation answer sets")?, personal_data_flags }))
            .collect::<StoreResult<Vec<_>>>()?;
        Ok((
            responses,
            answers
                .into_iter()
                .map(|(response_id, question_id, option_id, scale_value, text)| StoredAnswer { response_id, question_id, option_id, scale_value, text })
                .collect(),
        ))
    }
}
