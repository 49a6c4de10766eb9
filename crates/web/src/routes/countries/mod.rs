//! Countries: every country grouped by UN M49 region, a profile for each
//! (`public`), and the workforce figures staff enter (`staff`). The figures come
//! from `services::countries` and `services::public_figures`.

mod public;
mod staff;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().merge(public::router()).merge(staff::router())
}

/// A ratio to as many decimals as a reader needs: none from 100, one from 10, two
/// below (members per million, workers per 100,000).
pub(crate) fn decimal(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}
