//! SQL of one item: its detail, decisions, referrals and trail, the actions
//! staff take on it, the revealed contact, and the reply templates.

use super::trail::{audit, event, queue_mail, queue_update_mail};
use super::{Backend, Db};
use crate::store::{StoreError, StoreResult};

/// Makes `team_id` an active owner (or active again).
async fn own(tx: &mut sqlx::Transaction<'static, Db>, now: chrono::DateTime<chrono::Utc>, submission_id: i64, team_id: i64, via: &str) -> StoreResult<()> {
    sqlx::query(
        "insert into submission_team (submission_id, team_id, via, added_at) values ($1, $2, $3, $4)
         on conflict (submission_id, team_id) do update set active = true, via = excluded.via, added_at = excluded.added_at",
    )
    .bind(submission_id)
    .bind(team_id)
    .bind(via)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

type Time = chrono::DateTime<chrono::Utc>;

/// The item's own columns.
#[derive(sqlx::FromRow)]
struct ItemRow {
    reference: String,
    kind: String,
    status: String,
    outcome: Option<String>,
    outcome_detail: Option<String>,
    theme_id: Option<i64>,
    area_id: Option<i64>,
    submitter_kind: String,
    organisation_name: Option<String>,
    locale: String,
    title: Option<String>,
    body: String,
    address_text: Option<String>,
    personal_data_flags: String,
    assignee_id: Option<i64>,
    reopened_count: i64,
    created_at: Time,
    due_at: Option<Time>,
    first_public_reply_at: Option<Time>,
    closed_at: Option<Time>,
    duplicate_of: Option<String>,
    has_contact: bool,
    held_reason: Option<String>,
    restricted: bool,
    kept_for: Option<String>,
    anonymised: bool,
    via_api: Option<String>,
    requests_help: bool,
}

#[derive(sqlx::FromRow)]
struct DecisionRow {
    team_id: Option<i64>,
    rule_id: Option<i64>,
    suggested: bool,
    explanation: String,
    decided_at: Time,
}

#[derive(sqlx::FromRow)]
struct ReferralRow {
    from_team_id: Option<i64>,
    to_team_id: Option<i64>,
    reason: String,
    staff_name: String,
    kept_own: bool,
    created_at: Time,
}

impl From<ReferralRow> for domain::workspace::Referral {
    fn from(r: ReferralRow) -> Self {
        domain::workspace::Referral {
            from_team: r.from_team_id,
            to_team: r.to_team_id,
            reason: r.reason,
            staff_name: r.staff_name,
            kept_own: r.kept_own,
            at: r.created_at,
        }
    }
}

/// A timeline event with the name of the member of staff behind it, if any.
#[derive(sqlx::FromRow)]
struct EventRow {
    kind: String,
    is_public: bool,
    body: Option<String>,
    status: Option<String>,
    staff_name: Option<String>,
    team_id: Option<i64>,
    created_at: Time,
}

impl From<EventRow> for domain::workspace::Event {
    fn from(e: EventRow) -> Self {
        domain::workspace::Event {
            kind: e.kind,
            is_public: e.is_public,
            body: e.body,
            status: e.status,
            staff_name: e.staff_name,
            team_id: e.team_id,
            at: e.created_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct TemplateRow {
    id: i64,
    theme_id: Option<i64>,
    outcome: Option<String>,
    locale: String,
    title: String,
    body: String,
}

#[derive(sqlx::FromRow)]
struct StepRow {
    position: i64,
    team_id: Option<i64>,
    team_choice: String,
    channel: String,
    what_happened: String,
    feeling: i64,
    went_wrong: bool,
}

/// One step on an item inside the caller's transaction: `act` takes one,
/// `follow_ups` many in one.
pub(super) async fn act_in(
    tx: &mut sqlx::Transaction<'static, Db>,
    id: i64,
    actor: domain::workspace::Actor,
    action: &domain::workspace::ItemAction,
    mail: Option<&crate::store::outbox::UpdateMail>,
    now: chrono::DateTime<chrono::Utc>,
) -> StoreResult<()> {
    use domain::workspace::{ItemAction, Status};
    let found: Option<(String, Option<String>)> =
        sqlx::query_as("select status, held_reason from submission where id = $1").bind(id).fetch_optional(&mut **tx).await?;
    let Some((status, held)) = found else {
        return Err(StoreError::NotFound("item"));
    };
    let who = Some(actor);
    let detail = match action {
        ItemAction::Assign { assignee_id } => {
            sqlx::query("update submission set assignee_id = $2, updated_at = $3 where id = $1")
                .bind(id)
                .bind(*assignee_id)
                .bind(now)
                .execute(&mut **tx)
                .await?;
            event(tx, now, id, "assigned", false, None, None, who, actor.team_id).await?;
            format!("assignee={}", assignee_id.map(|a| a.to_string()).unwrap_or_default())
        }
        ItemAction::SetStatus(new_status) => {
            sqlx::query("update submission set status = $2, updated_at = $3 where id = $1")
                .bind(id)
                .bind(new_status.as_str())
                .bind(now)
                .execute(&mut **tx)
                .await?;
            event(tx, now, id, "status", true, None, Some(new_status.as_str()), who, actor.team_id).await?;
            format!("status={}", new_status.as_str())
        }
        ItemAction::Note(text) => {
            event(tx, now, id, "internal_note", false, Some(text.as_str()), None, who, actor.team_id).await?;
            String::new()
        }
        ItemAction::Reply(text) => {
            sqlx::query("update submission set first_public_reply_at = coalesce(first_public_reply_at, $2), updated_at = $2 where id = $1")
                .bind(id)
                .bind(now)
                .execute(&mut **tx)
                .await?;
            event(tx, now, id, "public_reply", true, Some(text.as_str()), None, who, actor.team_id).await?;
            String::new()
        }
        ItemAction::Refer { to_team, reason, keep } => {
            if !*keep {
                if let Some(from) = actor.team_id {
                    sqlx::query("update submission_team set active = false where submission_id = $1 and team_id = $2 and team_id <> $3")
                        .bind(id)
                        .bind(from)
                        .bind(*to_team)
                        .execute(&mut **tx)
                        .await?;
                }
            }
            own(tx, now, id, *to_team, if *keep { "added" } else { "referral" }).await?;
            sqlx::query(
                "insert into referral (submission_id, from_team_id, to_team_id, reason, staff_id, kept_own, created_at)
                 values ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(actor.team_id)
            .bind(*to_team)
            .bind(reason.as_str())
            .bind(actor.staff_id)
            .bind(*keep)
            .bind(now)
            .execute(&mut **tx)
            .await?;
            if status == Status::Triage.as_str() {
                sqlx::query("update submission set status = 'new' where id = $1").bind(id).execute(&mut **tx).await?;
            }
            sqlx::query("update submission set updated_at = $2 where id = $1").bind(id).bind(now).execute(&mut **tx).await?;
            let how = if *keep { "added" } else { "handed_over" };
            event(tx, now, id, "referred", true, None, Some(how), who, Some(*to_team)).await?;
            format!("to_team={to_team} from_team={}", actor.team_id.map(|t| t.to_string()).unwrap_or_default())
        }
        ItemAction::MarkHelpRequest { intake_team } => {
            sqlx::query(
                "update submission set requests_help = true, updated_at = $2,
                     status = case when status = 'triage' then 'new' else status end
                 where id = $1",
            )
            .bind(id)
            .bind(now)
            .execute(&mut **tx)
            .await?;
            own(tx, now, id, *intake_team, "added").await?;
            // Never published: an idea leaves the public pages and the moderation queue.
            sqlx::query("delete from idea where submission_id = $1").bind(id).execute(&mut **tx).await?;
            event(tx, now, id, "referred", true, None, Some("added"), who, Some(*intake_team)).await?;
            format!("to_team={intake_team}")
        }
        ItemAction::Close { outcome, detail, duplicate_of, reply } => {
            sqlx::query(
                "update submission set status = 'closed', outcome = $2, outcome_detail = $3, duplicate_of_id = $4,
                     closed_at = $5, updated_at = $5,
                     first_public_reply_at = case when $6 then coalesce(first_public_reply_at, $5) else first_public_reply_at end
                 where id = $1",
            )
            .bind(id)
            .bind(outcome.as_str())
            .bind(detail.as_ref().map(|d| d.as_str()))
            .bind(*duplicate_of)
            .bind(now)
            .bind(reply.is_some())
            .execute(&mut **tx)
            .await?;
            event(tx, now, id, "closed", true, reply.as_ref().map(|r| r.as_str()), Some(outcome.as_str()), who, actor.team_id).await?;
            format!("outcome={}", outcome.as_str())
        }
        ItemAction::ConfirmTriage { team_id } => {
            own(tx, now, id, *team_id, "triage").await?;
            // A held post is released by being triaged: a person has read it.
            sqlx::query(
                "update submission set status = case when status = 'triage' then 'new' else status end, held_reason = null, updated_at = $2
                 where id = $1",
            )
            .bind(id)
            .bind(now)
            .execute(&mut **tx)
            .await?;
            sqlx::query(
                "insert into routing_decision (submission_id, rule_id, team_id, suggested, explanation, decided_at)
                 values ($1, null, $2, false, $3, $4)",
            )
            .bind(id)
            .bind(*team_id)
            .bind(domain::routing::Explanation::TriageConfirmed.to_json())
            .bind(now)
            .execute(&mut **tx)
            .await?;
            event(tx, now, id, "referred", true, None, Some("handed_over"), who, Some(*team_id)).await?;
            if held.is_some() {
                // Held posts mailed nobody: the receipt goes out now.
                queue_mail(tx, id, "receipt", now).await?;
            }
            match &held {
                Some(reason) => format!("team={team_id} released={reason}"),
                None => format!("team={team_id}"),
            }
        }
    };
    audit(tx, now, who, action.audit_name(), id, &detail).await?;
    // A held post mails nobody (its address may be someone a script typed in).
    if let (true, Some(builder), None) = (action.notifies_resident(), mail, &held) {
        queue_update_mail(tx, id, builder, now).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl crate::store::items::ItemStore for Backend {
    async fn item(&self, id: i64) -> StoreResult<Option<domain::workspace::ItemDetail>> {
        use domain::workspace::*;
        let Some(row): Option<ItemRow> = sqlx::query_as(
            "select s.id, s.reference, s.kind, s.status, s.outcome, s.outcome_detail, s.theme_id, s.area_id, s.submitter_kind,
                 s.organisation_name, s.locale, s.title, s.body, s.address_text, s.personal_data_flags, s.assignee_id,
                 s.reopened_count, s.created_at, s.due_at, s.first_public_reply_at, s.closed_at,
                 (select d.reference from submission d where d.id = s.duplicate_of_id) as duplicate_of,
                 exists (select 1 from submission_contact c where c.submission_id = s.id) as has_contact, s.held_reason,
                 s.restricted_at is not null as restricted, s.kept_for, s.anonymised_at is not null as anonymised,
                 (select k.name from open311_request o join api_key k on k.id = o.api_key_id where o.submission_id = s.id) as via_api,
                 s.requests_help
             from submission s where s.id = $1",
        )
        .bind(id)
        .fetch_optional(self.reader())
        .await?
        else {
            return Ok(None);
        };
        let teams: Vec<(i64, String, Option<i64>, bool)> =
            sqlx::query_as("select team_id, via, journey_step_position, active from submission_team where submission_id = $1 order by added_at, team_id")
                .bind(id)
                .fetch_all(self.reader())
                .await?;
        let decisions: Vec<DecisionRow> =
            sqlx::query_as("select team_id, rule_id, suggested, explanation, decided_at from routing_decision where submission_id = $1 order by id")
                .bind(id)
                .fetch_all(self.reader())
                .await?;
        let referrals: Vec<Referral> = sqlx::query_as::<_, ReferralRow>(
            "select r.from_team_id, r.to_team_id, r.reason, u.display_name as staff_name, r.kept_own, r.created_at
             from referral r join staff_user u on u.id = r.staff_id where r.submission_id = $1 order by r.id",
        )
        .bind(id)
        .fetch_all(self.reader())
        .await?
        .into_iter()
        .map(Referral::from)
        .collect();
        let events: Vec<Event> = sqlx::query_as::<_, EventRow>(
            "select e.kind, e.is_public, e.body, e.status, u.display_name as staff_name, e.team_id, e.created_at
             from submission_event e left join staff_user u on u.id = e.staff_id where e.submission_id = $1 order by e.created_at, e.id",
        )
        .bind(id)
        .fetch_all(self.reader())
        .await?
        .into_iter()
        .map(Event::from)
        .collect();
        let journey: Option<(String, String, Option<String>)> =
            sqlx::query_as("select goal, result, what_would_have_helped from journey where submission_id = $1").bind(id).fetch_optional(self.reader()).await?;
        let journey = match journey {
            Some((goal, result, what_would_have_helped)) => {
                let steps: Vec<StepRow> = sqlx::query_as(
                    "select position, team_id, team_choice, channel, what_happened, feeling, went_wrong
                     from journey_step where submission_id = $1 order by position",
                )
                .bind(id)
                .fetch_all(self.reader())
                .await?;
                let steps = steps
                    .into_iter()
                    .map(|StepRow { position, team_id, team_choice, channel, what_happened, feeling, went_wrong }| Step {
                        position,
                        team_id,
                        team_choice,
                        channel,
                        what_happened,
                        feeling,
                        went_wrong,
                    })
                    .collect();
                Some(Journey { goal, result, what_would_have_helped, steps })
            }
            None => None,
        };
        let concern: Option<(String, Option<String>, bool, String)> =
            sqlx::query_as("select concern_kind, occurred_text, ongoing, on_behalf from concern where submission_id = $1")
                .bind(id)
                .fetch_optional(self.reader())
                .await?;
        let corrupt = |what: &str| StoreError::Corrupt(what.to_string());
        Ok(Some(ItemDetail {
            id,
            reference: row.reference,
            kind: domain::submission::InputKind::parse(&row.kind).ok_or_else(|| corrupt("kind"))?,
            status: Status::parse(&row.status).ok_or_else(|| corrupt("status"))?,
            held: row.held_reason.as_deref().map(|r| domain::submission::HeldReason::parse(r).ok_or_else(|| corrupt("held_reason"))).transpose()?,
            restricted: row.restricted,
            kept_for: row.kept_for.as_deref().map(|k| domain::vocabulary::KeptFor::parse(k).ok_or_else(|| corrupt("kept_for"))).transpose()?,
            anonymised: row.anonymised,
            via_api: row.via_api,
            requests_help: row.requests_help,
            outcome: row.outcome.map(|o| Outcome::parse(&o).ok_or_else(|| corrupt("outcome"))).transpose()?,
            outcome_detail: row.outcome_detail,
            theme_id: row.theme_id,
            area_id: row.area_id,
            submitter_kind: row.submitter_kind,
            organisation_name: row.organisation_name,
            locale: row.locale,
            title: row.title,
            body: row.body,
            address: row.address_text,
            personal_data_flags: row.personal_data_flags.split(',').filter(|f| !f.is_empty()).map(str::to_string).collect(),
            has_contact: row.has_contact,
            assignee_id: row.assignee_id,
            reopened_count: row.reopened_count,
            created_at: row.created_at,
            due_at: row.due_at,
            first_public_reply_at: row.first_public_reply_at,
            closed_at: row.closed_at,
            duplicate_of: row.duplicate_of,
            teams: teams.into_iter().map(|(team_id, via, journey_step, active)| ItemTeam { team_id, via, journey_step, active }).collect(),
            decisions: decisions
                .into_iter()
                .map(|DecisionRow { team_id, rule_id, suggested, explanation, decided_at }| {
                    Ok(StoredDecision {
                        team_id,
                        rule_id,
                        suggested,
                        explanation: domain::routing::Explanation::from_json(&explanation).ok_or_else(|| corrupt("explanation"))?,
                        decided_at,
                    })
                })
                .collect::<Result<_, StoreError>>()?,
            referrals,
            events,
            journey,
            concern: concern.map(|(kind, occurred, ongoing, on_behalf)| Concern { kind, occurred, ongoing, on_behalf }),
        }))
    }

    async fn act(
        &self,
        id: i64,
        actor: domain::workspace::Actor,
        action: &domain::workspace::ItemAction,
        mail: Option<&crate::store::outbox::UpdateMail>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        act_in(&mut tx, id, actor, action, mail, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn follow_ups(&self, steps: &[crate::store::items::FollowUp]) -> StoreResult<Vec<bool>> {
        use crate::store::items::FollowUp;
        let mut tx = self.begin_write().await?;
        let mut done = Vec::with_capacity(steps.len());
        for step in steps {
            done.push(match step {
                FollowUp::Act { id, actor, action, at } => act_in(&mut tx, *id, *actor, action, None, *at).await.map(|()| true)?,
                FollowUp::ModerateIdea { id, decision, actor, at } => {
                    super::participation::moderate_idea_in(&mut tx, *id, decision, *actor, None, *at).await.map(|()| true)?
                }
                FollowUp::Reopen { id, comment, at } => super::submissions::reopen_in(&mut tx, *id, comment, *at).await?,
            });
        }
        tx.commit().await?;
        Ok(done)
    }

    async fn reveal_contact(
        &self,
        id: i64,
        actor: domain::workspace::Actor,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<Option<crate::store::items::RevealedContact>> {
        let mut tx = self.begin_write().await?;
        let contact: Option<(Option<String>, Option<String>)> =
            sqlx::query_as("select email, phone from submission_contact where submission_id = $1").bind(id).fetch_optional(&mut *tx).await?;
        audit(&mut tx, now, Some(actor), "view_contact", id, "").await?;
        tx.commit().await?;
        Ok(contact.map(|(email, phone)| crate::store::items::RevealedContact { email, phone }))
    }

    async fn audit_entries(&self, id: i64) -> StoreResult<Vec<(String, Option<i64>, String)>> {
        Ok(sqlx::query_as("select action, staff_id, detail from audit_log where submission_id = $1 order by id").bind(id).fetch_all(self.reader()).await?)
    }

    async fn list_reply_templates(&self) -> StoreResult<Vec<crate::store::items::ReplyTemplate>> {
        let rows: Vec<TemplateRow> =
            sqlx::query_as("select id, theme_id, outcome, locale, title, body from reply_template order by locale, title, id").fetch_all(self.reader()).await?;
        rows.into_iter()
            .map(|TemplateRow { id, theme_id, outcome, locale, title, body }| {
                Ok(crate::store::items::ReplyTemplate {
                    id,
                    theme_id,
                    outcome: outcome
                        .map(|o| domain::workspace::Outcome::parse(&o).ok_or_else(|| StoreError::Corrupt(format!("template outcome {o}"))))
                        .transpose()?,
                    locale,
                    title,
                    body,
                })
            })
            .collect()
    }

    async fn save_reply_template(&self, t: &crate::store::items::ReplyTemplate) -> StoreResult<i64> {
        let now = chrono::Utc::now();
        let mut tx = self.begin_write().await?;
        let id = if t.id == 0 {
            let (id,): (i64,) =
                sqlx::query_as("insert into reply_template (theme_id, outcome, locale, title, body, updated_at) values ($1, $2, $3, $4, $5, $6) returning id")
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
            let done = sqlx::query("update reply_template set theme_id = $2, outcome = $3, locale = $4, title = $5, body = $6, updated_at = $7 where id = $1")
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
                return Err(StoreError::NotFound("reply template"));
            }
            t.id
        };
        tx.commit().await?;
        Ok(id)
    }

    async fn delete_reply_template(&self, id: i64) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("delete from reply_template where id = $1").bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }
}
