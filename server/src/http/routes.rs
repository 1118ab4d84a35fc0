//! Every route of the application, with who may use it. The router is built
//! only through `Routes`, so a route cannot exist without an access level,
//! and `route_table()` lets a test enumerate them all and prove that every
//! route not on the public list refuses a visitor without a staff session.

use super::staff::session::require;
use super::AppState;
use axum::handler::Handler;
use axum::routing::{get, post, MethodRouter};
use axum::Router;

/// Who may use a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Residents and the public: no sign-in.
    Public,
    /// Any signed-in staff member; item-level checks happen in the handler.
    Staff,
    /// Moderators and administrators.
    Moderator,
    /// Administrators only.
    Administrator,
}

/// One registered route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteSpec {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}

/// Builds the page router and records each route's access level.
pub struct Routes {
    router: Router<AppState>,
    specs: Vec<RouteSpec>,
    state: AppState,
}

impl Routes {
    pub fn new(state: AppState) -> Routes {
        Routes { router: Router::new(), specs: Vec::new(), state }
    }

    fn add(mut self, method: &'static str, path: &'static str, access: Access, route: MethodRouter<AppState>) -> Routes {
        let route = match access {
            Access::Public => route,
            level => route.route_layer(axum::middleware::from_fn_with_state((self.state.clone(), level), require)),
        };
        self.router = self.router.route(path, route);
        self.specs.push(RouteSpec { method, path, access });
        self
    }

    pub fn get<H, T>(self, path: &'static str, access: Access, handler: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("GET", path, access, get(handler))
    }

    pub fn post<H, T>(self, path: &'static str, access: Access, handler: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("POST", path, access, post(handler))
    }

    pub fn finish(self) -> (Router<AppState>, Vec<RouteSpec>) {
        (self.router, self.specs)
    }
}
