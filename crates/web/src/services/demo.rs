//! The demo network: a synthetic, deterministic network (the domain's generator,
//! `membernet_domain::demo`) written into an empty database, labelled as synthetic on
//! every page. Every feature that has something to show adds its part here, so a new
//! user sees it working at first start (`serve --demo`).

use std::sync::atomic::Ordering;

use membernet_domain::demo::DemoNetwork;
use membernet_persistence::demo_seed;

use super::{Result, Services};

/// What seeding came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seeded {
    Seeded {
        members: u64,
        organizations: u64,
    },
    /// The database holds a network already: nothing was written.
    NotEmpty,
}

/// Writes a demo network of `members` members (the same network for the same
/// `seed`) into an empty database. `progress` is told how many members are written.
pub async fn seed(
    services: &Services,
    members: usize,
    seed: u64,
    progress: impl FnMut(u64),
) -> Result<Seeded> {
    let network = DemoNetwork::new(members, seed);
    match demo_seed::seed(&services.db, &network, progress).await {
        Ok(seeded) => {
            services.demo.store(true, Ordering::Relaxed);
            services.public_changed().await?;
            Ok(Seeded::Seeded {
                members: seeded.members,
                organizations: seeded.organizations,
            })
        }
        Err(membernet_persistence::Error::NotEmpty) => Ok(Seeded::NotEmpty),
        Err(error) => Err(error.into()),
    }
}
