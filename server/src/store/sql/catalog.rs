//! SQL of the catalog: teams, themes and areas with their localized names,
//! switching them on and off, and the routing rules with their teams.

use super::{Backend, Db};
use crate::store::{StoreError, StoreResult};

/// Sets the localized names of one team, theme or area to exactly `names`:
/// a name left out (cleared on the admin page) is removed, so the page falls
/// back to bokmål instead of showing an old name.
/// `table` and `column` are constants from this file, never input.
async fn put_names(tx: &mut sqlx::Transaction<'static, Db>, table: &'static str, column: &'static str, id: i64, names: &domain::Names) -> StoreResult<()> {
    sqlx::query(&format!("delete from {table} where {column} = $1")).bind(id).execute(&mut **tx).await?;
    let sql = format!(
        "insert into {table} ({column}, locale, name) values ($1, $2, $3)
         on conflict ({column}, locale) do update set name = excluded.name"
    );
    for (locale, name) in names.iter() {
        sqlx::query(&sql).bind(id).bind(locale).bind(name).execute(&mut **tx).await?;
    }
    Ok(())
}

/// A team with one of its names (the list reads a team once per language).
#[derive(sqlx::FromRow)]
struct TeamRow {
    id: i64,
    slug: String,
    owns_journeys: bool,
    active: bool,
    sort_order: i64,
    locale: String,
    name: String,
}

#[derive(sqlx::FromRow)]
struct ThemeRow {
    id: i64,
    slug: String,
    response_target_days: i64,
    is_triage: bool,
    shows_danger_notice: bool,
    active: bool,
    sort_order: i64,
    locale: String,
    name: String,
}

#[derive(sqlx::FromRow)]
struct AreaRow {
    id: i64,
    slug: String,
    active: bool,
    sort_order: i64,
    locale: String,
    name: String,
}

/// Folds rows of (entry, one of its names), ordered by entry, into one
/// entry each with all its names.
fn gather_names<R, T>(
    rows: Vec<R>,
    id_and_name: impl Fn(&R) -> (i64, String, String),
    entry: impl Fn(R) -> StoreResult<T>,
    set_names: impl Fn(&mut T, domain::Names),
) -> StoreResult<Vec<T>> {
    // (id, entry, its (locale, name) pairs)
    type Gathered<T> = (i64, T, Vec<(String, String)>);
    let mut entries: Vec<Gathered<T>> = Vec::new();
    for row in rows {
        let (id, locale, name) = id_and_name(&row);
        if entries.last().map(|(last, ..)| *last) != Some(id) {
            entries.push((id, entry(row)?, Vec::new()));
        }
        if let Some((_, _, names)) = entries.last_mut() {
            names.push((locale, name));
        }
    }
    Ok(entries
        .into_iter()
        .map(|(_, mut entry, names)| {
            set_names(&mut entry, domain::Names::from_pairs(names));
            entry
        })
        .collect())
}

fn slug(value: &str) -> StoreResult<domain::Slug> {
    domain::Slug::parse(value).map_err(StoreError::Corrupt)
}

#[derive(sqlx::FromRow)]
struct RuleRow {
    id: i64,
    priority: i64,
    description: String,
    input_kind: Option<String>,
    theme_id: Option<i64>,
    area_id: Option<i64>,
    submitter_kind: Option<String>,
    keywords: String,
    active: bool,
}

#[async_trait::async_trait]
impl crate::store::catalog::CatalogStore for Backend {
    async fn upsert_team(&self, team: &domain::NewTeam) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let (id,): (i64,) = sqlx::query_as(
            "insert into team (slug, owns_journeys, sort_order, created_at) values ($1, $2, $3, $4)
             on conflict (slug) do update set owns_journeys = excluded.owns_journeys, sort_order = excluded.sort_order
             returning id",
        )
        .bind(team.slug.as_str())
        .bind(team.owns_journeys)
        .bind(team.sort_order)
        .bind(chrono::Utc::now())
        .fetch_one(&mut *tx)
        .await?;
        put_names(&mut tx, "team_name", "team_id", id, &team.names).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn list_teams(&self) -> StoreResult<Vec<domain::Team>> {
        let rows: Vec<TeamRow> = sqlx::query_as(
            "select t.id, t.slug, t.owns_journeys, t.active, t.sort_order, n.locale, n.name
             from team t join team_name n on n.team_id = t.id
             order by t.active desc, t.sort_order, t.slug, n.locale",
        )
        .fetch_all(self.reader())
        .await?;
        gather_names(
            rows,
            |r| (r.id, r.locale.clone(), r.name.clone()),
            |r| {
                let slug = slug(&r.slug)?;
                Ok(domain::Team {
                    id: r.id,
                    slug,
                    names: domain::Names::from_pairs([]),
                    owns_journeys: r.owns_journeys,
                    active: r.active,
                    sort_order: r.sort_order,
                })
            },
            |team, names| team.names = names,
        )
    }

    async fn upsert_theme(&self, theme: &domain::NewTheme) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let (id,): (i64,) = sqlx::query_as(
            "insert into theme (slug, response_target_days, is_triage, shows_danger_notice, sort_order, created_at)
             values ($1, $2, $3, $4, $5, $6)
             on conflict (slug) do update set response_target_days = excluded.response_target_days,
                 is_triage = excluded.is_triage, shows_danger_notice = excluded.shows_danger_notice,
                 sort_order = excluded.sort_order
             returning id",
        )
        .bind(theme.slug.as_str())
        .bind(theme.response_target_days)
        .bind(theme.is_triage)
        .bind(theme.shows_danger_notice)
        .bind(theme.sort_order)
        .bind(chrono::Utc::now())
        .fetch_one(&mut *tx)
        .await?;
        put_names(&mut tx, "theme_name", "theme_id", id, &theme.names).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn list_themes(&self) -> StoreResult<Vec<domain::Theme>> {
        let rows: Vec<ThemeRow> = sqlx::query_as(
            "select t.id, t.slug, t.response_target_days, t.is_triage, t.shows_danger_notice, t.active, t.sort_order, n.locale, n.name
             from theme t join theme_name n on n.theme_id = t.id
             order by t.active desc, t.sort_order, t.slug, n.locale",
        )
        .fetch_all(self.reader())
        .await?;
        gather_names(
            rows,
            |r| (r.id, r.locale.clone(), r.name.clone()),
            |r| {
                Ok(domain::Theme {
                    id: r.id,
                    slug: slug(&r.slug)?,
                    names: domain::Names::from_pairs([]),
                    response_target_days: r.response_target_days,
                    is_triage: r.is_triage,
                    shows_danger_notice: r.shows_danger_notice,
                    active: r.active,
                    sort_order: r.sort_order,
                })
            },
            |theme, names| theme.names = names,
        )
    }

    async fn upsert_area(&self, area: &domain::NewArea) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let (id,): (i64,) = sqlx::query_as(
            "insert into area (slug, sort_order, created_at) values ($1, $2, $3)
             on conflict (slug) do update set sort_order = excluded.sort_order
             returning id",
        )
        .bind(area.slug.as_str())
        .bind(area.sort_order)
        .bind(chrono::Utc::now())
        .fetch_one(&mut *tx)
        .await?;
        put_names(&mut tx, "area_name", "area_id", id, &area.names).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn list_areas(&self) -> StoreResult<Vec<domain::Area>> {
        let rows: Vec<AreaRow> = sqlx::query_as(
            "select a.id, a.slug, a.active, a.sort_order, n.locale, n.name
             from area a join area_name n on n.area_id = a.id
             order by a.active desc, a.sort_order, a.slug, n.locale",
        )
        .fetch_all(self.reader())
        .await?;
        gather_names(
            rows,
            |r| (r.id, r.locale.clone(), r.name.clone()),
            |r| Ok(domain::Area { id: r.id, slug: slug(&r.slug)?, names: domain::Names::from_pairs([]), active: r.active, sort_order: r.sort_order }),
            |area, names| area.names = names,
        )
    }

    async fn set_catalog_active(&self, kind: domain::CatalogKind, id: i64, active: bool) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        // The table name is a constant of `CatalogKind`, never input.
        sqlx::query(&format!("update {} set active = $2 where id = $1", crate::store::catalog::catalog_table(kind)))
            .bind(id)
            .bind(active)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn list_routing_rules(&self) -> StoreResult<Vec<domain::routing::Rule>> {
        use domain::routing::{Keywords, Rule};
        use domain::submission::{InputKind, SubmitterKind};
        let rows: Vec<RuleRow> = sqlx::query_as(
            "select id, priority, description, input_kind, theme_id, area_id, submitter_kind, keywords, active
             from routing_rule order by priority, id",
        )
        .fetch_all(self.reader())
        .await?;
        let teams: Vec<(i64, i64)> =
            sqlx::query_as("select rule_id, team_id from routing_rule_team order by rule_id, team_id").fetch_all(self.reader()).await?;
        let corrupt = |what: &str, value: &str| StoreError::Corrupt(format!("routing rule {what} {value}"));
        rows.into_iter()
            .map(|RuleRow { id, priority, description, input_kind: kind, theme_id, area_id, submitter_kind: submitter, keywords, active }| {
                Ok(Rule {
                    id,
                    priority,
                    description,
                    input_kind: kind.map(|k| InputKind::parse(&k).ok_or_else(|| corrupt("kind", &k))).transpose()?,
                    theme_id,
                    area_id,
                    submitter_kind: submitter.map(|k| SubmitterKind::parse(&k).ok_or_else(|| corrupt("submitter", &k))).transpose()?,
                    keywords: Keywords::parse(&keywords).ok_or_else(|| corrupt("keywords of", &id.to_string()))?,
                    team_ids: teams.iter().filter(|(rule, _)| *rule == id).map(|(_, team)| *team).collect(),
                    active,
                })
            })
            .collect()
    }

    async fn save_routing_rule(&self, rule: &domain::routing::Rule) -> StoreResult<i64> {
        let now = chrono::Utc::now();
        let mut tx = self.begin_write().await?;
        let id = if rule.id == 0 {
            let (id,): (i64,) = sqlx::query_as(
                "insert into routing_rule (priority, description, input_kind, theme_id, area_id, submitter_kind, keywords, active, created_at, updated_at)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) returning id",
            )
            .bind(rule.priority)
            .bind(&rule.description)
            .bind(rule.input_kind.map(|k| k.as_str()))
            .bind(rule.theme_id)
            .bind(rule.area_id)
            .bind(rule.submitter_kind.map(|k| k.as_str()))
            .bind(rule.keywords.to_text())
            .bind(rule.active)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            id
        } else {
            let updated = sqlx::query(
                "update routing_rule set priority = $2, description = $3, input_kind = $4, theme_id = $5, area_id = $6,
                     submitter_kind = $7, keywords = $8, active = $9, updated_at = $10 where id = $1",
            )
            .bind(rule.id)
            .bind(rule.priority)
            .bind(&rule.description)
            .bind(rule.input_kind.map(|k| k.as_str()))
            .bind(rule.theme_id)
            .bind(rule.area_id)
            .bind(rule.submitter_kind.map(|k| k.as_str()))
            .bind(rule.keywords.to_text())
            .bind(rule.active)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if updated.rows_affected() == 0 {
                return Err(StoreError::NotFound("routing rule"));
            }
            sqlx::query("delete from routing_rule_team where rule_id = $1").bind(rule.id).execute(&mut *tx).await?;
            rule.id
        };
        for team in &rule.team_ids {
            sqlx::query("insert into routing_rule_team (rule_id, team_id) values ($1, $2)").bind(id).bind(team).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(id)
    }
}
