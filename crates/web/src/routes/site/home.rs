//! The home page: what the network is, its headline numbers, the way in.

use askama::Template;
use askama_web::WebTemplate;
use axum::{Router, extract::State, routing::get};

use crate::{
    error::Result,
    page::Page,
    services::{Services, public_figures},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}

#[derive(Template, WebTemplate)]
#[template(path = "site/home.html")]
struct HomeTemplate {
    page: Page,
    headline: Option<String>,
}

async fn home(State(services): State<Services>, page: Page) -> Result<HomeTemplate> {
    let members = public_figures::headline(&services).await?;
    let headline = (members.total() > 0).then(|| {
        page.locale.t_with(
            "home.headline",
            &[
                ("members", &members.total().to_string()),
                ("countries", &members.countries().to_string()),
            ],
        )
    });
    Ok(HomeTemplate { page, headline })
}
