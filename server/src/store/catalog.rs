//! The catalog: teams, themes and areas with their names per language,
//! switched on and off by administrators, and the routing rules that send
//! input to teams. SQL in `sql/catalog.rs`.

use super::StoreResult;
use domain::{Area, CatalogKind, NewArea, NewTeam, NewTheme, Team, Theme};

/// The table holding one kind of catalog entry (a constant, never input).
pub(crate) fn catalog_table(kind: CatalogKind) -> &'static str {
    match kind {
        CatalogKind::Team => "team",
        CatalogKind::Theme => "theme",
        CatalogKind::Area => "area",
    }
}

#[async_trait::async_trait]
pub trait CatalogStore: Send + Sync {
    /// Creates the team or updates it by slug (names included). Returns its id.
    async fn upsert_team(&self, team: &NewTeam) -> StoreResult<i64>;
    /// All teams, active first, in configured order.
    async fn list_teams(&self) -> StoreResult<Vec<Team>>;
    async fn upsert_theme(&self, theme: &NewTheme) -> StoreResult<i64>;
    async fn list_themes(&self) -> StoreResult<Vec<Theme>>;
    async fn upsert_area(&self, area: &NewArea) -> StoreResult<i64>;
    async fn list_areas(&self) -> StoreResult<Vec<Area>>;
    async fn set_catalog_active(&self, kind: CatalogKind, id: i64, active: bool) -> StoreResult<()>;
    /// All routing rules, active or not, with their teams.
    async fn list_routing_rules(&self) -> StoreResult<Vec<domain::routing::Rule>>;
    /// Creates the rule (`id` 0) or replaces rule `id`, teams included. Returns its id.
    async fn save_routing_rule(&self, rule: &domain::routing::Rule) -> StoreResult<i64>;
}
