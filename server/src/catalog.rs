//! Teams, themes, areas and routing rules change rarely (administrators edit
//! them) but every form page, post and inbox needs them. They are loaded
//! once, on first use, and then refreshed in the background every `TTL`, so
//! no request waits for them; an administrator's change refreshes them at
//! once on the instance that made it, and within `TTL` on the others.

use crate::store::{Store, StoreResult};
pub use domain::intake::Catalog;
use std::sync::{Arc, RwLock};
use std::time::Duration;

pub const TTL: Duration = Duration::from_secs(10);

#[derive(Default)]
pub struct CatalogCache {
    cached: RwLock<Option<Arc<Catalog>>>,
}

impl CatalogCache {
    /// The cached catalog, loading it if this is the first use.
    pub async fn get(&self, store: &dyn Store) -> StoreResult<Arc<Catalog>> {
        if let Some(catalog) = self.cached.read().ok().and_then(|guard| guard.clone()) {
            return Ok(catalog);
        }
        self.refresh(store).await
    }

    /// Reads the catalog from the database now and keeps it.
    pub async fn refresh(&self, store: &dyn Store) -> StoreResult<Arc<Catalog>> {
        let catalog = Arc::new(Catalog {
            teams: store.list_teams().await?,
            themes: store.list_themes().await?,
            areas: store.list_areas().await?,
            rules: store.list_routing_rules().await?,
        });
        if let Ok(mut guard) = self.cached.write() {
            *guard = Some(catalog.clone());
        }
        Ok(catalog)
    }

    /// Refreshes every `TTL` while the server runs, once the catalog is in
    /// use; a failed refresh keeps the last good copy.
    pub async fn keep_fresh(self: Arc<Self>, store: Arc<dyn Store>) {
        let mut interval = tokio::time::interval(TTL);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            let in_use = self.cached.read().map(|guard| guard.is_some()).unwrap_or(false);
            if in_use {
                if let Err(error) = self.refresh(store.as_ref()).await {
                    tracing::warn!(error = %crate::telemetry::ErrorChain(&error), "catalog refresh failed; keeping the last copy");
                }
            }
        }
    }
}
