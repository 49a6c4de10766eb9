//! The home page: what the network is, its headline numbers, the way in.

use askama::Template;
use askama_web::WebTemplate;
use axum::{Router, extract::State, routing::get};
use membernet_persistence::members;

use crate::services::Services;
use crate::{error::Result, page::Page, state::AppState};

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomeTemplate {
    page: Page,
    headline: Option<String>,
}

async fn home(State(state): State<Services>, page: Page) -> Result<HomeTemplate> {
    let totals = members::totals(&state.db).await?;
    let headline = (totals.members > 0).then(|| {
        page.locale.t_with(
            "home.headline",
            &[
                ("members", &totals.members.to_string()),
                ("countries", &totals.countries.to_string()),
            ],
        )
    });
    Ok(HomeTemplate { page, headline })
}
