//! What every page template needs: the language, the CSRF token for its forms, who
//! is signed in (for the navigation), the path (for the language switcher), and a
//! one-time message from the previous page.

use axum::{extract::FromRequestParts, http::request::Parts};
use membernet_domain::Account;

use crate::{
    assets::{EVENTS_JS, ICON_SVG, ORGANIZATION_SUGGEST_JS, SHARE_JS, SITE_CSS},
    error::AppError,
    http::{auth::CurrentUser, csrf, session::AuthSession},
    locale::Locale,
    state::AppState,
};

pub struct Page {
    pub locale: Locale,
    pub csrf_token: String,
    pub user: Option<Account>,
    pub path: String,
    pub flash: Option<String>,
    /// The database holds the synthetic demo network: every page says so.
    pub demo: bool,
}

impl Page {
    /// A page outside any session (error pages).
    pub fn bare(locale: Locale, path: String) -> Self {
        Self {
            locale,
            csrf_token: String::new(),
            user: None,
            path,
            flash: None,
            demo: false,
        }
    }

    pub fn lang(&self) -> &'static str {
        self.locale.code()
    }

    /// The languages of the switcher.
    pub fn languages(&self) -> [Locale; 4] {
        Locale::ALL
    }

    /// The stylesheet's address, which changes whenever its content does.
    pub fn stylesheet(&self) -> String {
        SITE_CSS.url()
    }

    /// The icon's address, which changes whenever its drawing does.
    pub fn icon(&self) -> String {
        ICON_SVG.url()
    }

    /// The organisation suggester's address, which changes whenever its content does.
    pub fn organization_suggest_script(&self) -> String {
        ORGANIZATION_SUGGEST_JS.url()
    }

    pub fn events_script(&self) -> String {
        EVENTS_JS.url()
    }

    /// The share kit's copy buttons.
    pub fn share_script(&self) -> String {
        SHARE_JS.url()
    }

    pub fn is_staff(&self) -> bool {
        self.user.as_ref().is_some_and(Account::may_open_staff_area)
    }
}

impl FromRequestParts<AppState> for Page {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let locale = parts
            .extensions
            .get::<Locale>()
            .copied()
            .unwrap_or_default();
        let session = AuthSession::from_request_parts(parts, state).await?;
        let CurrentUser(user) = CurrentUser::from_request_parts(parts, state).await?;
        let flash = session.take_flash().await?.map(|key| locale.t(&key));
        Ok(Self {
            locale,
            // Signed-in pages carry the log-out form, so they need a token; for
            // visitors only pages with forms get one (see `FormPage`).
            csrf_token: match &user {
                Some(_) => csrf::session_token(&session).await?,
                None => String::new(),
            },
            user,
            path: parts.uri.path().to_owned(),
            flash,
            demo: state.services.is_demo(),
        })
    }
}

/// A page with a form: like [`Page`], and its CSRF token always exists.
pub struct FormPage(pub Page);

impl FromRequestParts<AppState> for FormPage {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let mut page = Page::from_request_parts(parts, state).await?;
        if page.csrf_token.is_empty() {
            // A visitor: the token of their signed cookie, which writes nothing.
            let visitor = parts
                .extensions
                .get::<csrf::VisitorSecret>()
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("the CSRF layer is missing")))?;
            page.csrf_token = visitor.token();
        }
        Ok(FormPage(page))
    }
}
