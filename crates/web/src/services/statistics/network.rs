//! The public statistics page (`/stats`): the network's public figures (the same as
//! the API's and the country pages', see [`crate::services::public_figures`]) and
//! its growth since the first member.

use membernet_domain::{public_figures::PublicFigures, statistics::WORLD};
use membernet_persistence::rollup;

use crate::services::{Result, Services, public_figures};

/// What `/stats` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkStatistics {
    pub figures: PublicFigures,
    /// Members of the network at the end of each month that changed them, oldest
    /// first.
    pub month_ends: Vec<(i32, i64)>,
}

pub async fn load(services: &Services) -> Result<NetworkStatistics> {
    Ok(NetworkStatistics {
        figures: public_figures::all(services).await?,
        month_ends: rollup::month_ends(&services.db, WORLD).await?,
    })
}
