//! Teams, themes, areas and routing rules change rarely (administrators edit them) but every
//! form page and post needs them. They are cached here for a few seconds, so
//! a busy submission path does not re-read them per request; with several
//! instances on one database an edit shows everywhere within `TTL`.

use crate::domain::routing::Rule;
use crate::domain::{Area, Team, Theme};
use crate::store::{Store, StoreResult};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

const TTL: Duration = Duration::from_secs(10);

pub struct Catalog {
    pub teams: Vec<Team>,
    pub themes: Vec<Theme>,
    pub areas: Vec<Area>,
    pub rules: Vec<Rule>,
}

#[derive(Default)]
pub struct CatalogCache {
    cached: RwLock<Option<(Instant, Arc<Catalog>)>>,
}

impl CatalogCache {
    /// Forgets the cached lists: the next request reads them again (after an
    /// administrator's change; other instances catch up within `TTL`).
    pub fn invalidate(&self) {
        if let Ok(mut guard) = self.cached.write() {
            *guard = None;
        }
    }

    pub async fn get(&self, store: &dyn Store) -> StoreResult<Arc<Catalog>> {
        if let Ok(guard) = self.cached.read() {
            if let Some((loaded, catalog)) = guard.as_ref().filter(|(loaded, _)| loaded.elapsed() < TTL) {
                let _ = loaded;
                return Ok(catalog.clone());
            }
        }
        let catalog = Arc::new(Catalog {
            teams: store.list_teams().await?,
            themes: store.list_themes().await?,
            areas: store.list_areas().await?,
            rules: store.list_routing_rules().await?,
        });
        if let Ok(mut guard) = self.cached.write() {
            *guard = Some((Instant::now(), catalog.clone()));
        }
        Ok(catalog)
    }
}
