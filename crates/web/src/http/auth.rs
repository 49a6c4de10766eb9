//! Who is signed in: extractors for handlers that need a signed-in member or staff.
//!
//! The session holds only the member's id. The account is loaded once per request
//! (by primary key), so a suspension or a change of role takes effect at once.

use axum::{extract::FromRequestParts, http::request::Parts};
use membernet_domain::Account;
use membernet_persistence::members;

use super::session::AuthSession;
use crate::{error::AppError, state::AppState};

/// The signed-in account, if any (an active account with a password).
#[derive(Clone)]
pub struct CurrentUser(pub Option<Account>);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(cached) = parts.extensions.get::<CurrentUser>() {
            return Ok(cached.clone());
        }
        let session = AuthSession::from_request_parts(parts, state).await?;
        let account = match session.member_id().await? {
            Some(id) => members::find(&state.services.db, id)
                .await?
                .filter(Account::may_sign_in),
            None => None,
        };
        if account.is_some() {
            session.mark_seen_today().await?;
        }
        let user = CurrentUser(account);
        parts.extensions.insert(user.clone());
        Ok(user)
    }
}

fn requested_path(parts: &Parts) -> String {
    parts
        .uri
        .path_and_query()
        .map(|path| path.as_str().to_owned())
        .unwrap_or_else(|| "/".into())
}

/// A signed-in member; anyone else is sent to sign in.
pub struct RequireUser(pub Account);

impl FromRequestParts<AppState> for RequireUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match CurrentUser::from_request_parts(parts, state).await? {
            CurrentUser(Some(account)) => Ok(RequireUser(account)),
            CurrentUser(None) => Err(AppError::SignInRequired {
                next: requested_path(parts),
            }),
        }
    }
}

/// Signed-in staff; visitors are sent to sign in, members are refused (403).
pub struct RequireStaff(pub Account);

impl FromRequestParts<AppState> for RequireStaff {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let RequireUser(account) = RequireUser::from_request_parts(parts, state).await?;
        if account.may_open_staff_area() {
            Ok(RequireStaff(account))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// Only local paths are followed after signing in (no open redirect).
pub fn safe_next(next: Option<&str>) -> String {
    local_path_or(next, "/account")
}

/// `path` when it stays on this site, else `fallback`.
pub fn local_path_or(path: Option<&str>, fallback: &str) -> String {
    // Browsers drop tabs and newlines and read `\` as `/`, so `/\t/evil.example`
    // would leave the site: a local path has none of them and no second slash.
    let is_local = |path: &str| {
        path.starts_with('/')
            && !path.starts_with("//")
            && !path
                .chars()
                .any(|c| c == '\\' || c.is_whitespace() || c.is_control())
    };
    match path {
        Some(path) if is_local(path) => path.to_owned(),
        _ => fallback.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next(Some("/staff?x=1")), "/staff?x=1");
        assert_eq!(safe_next(Some("//evil.example")), "/account");
        assert_eq!(safe_next(Some("https://evil.example")), "/account");
        assert_eq!(safe_next(Some("/\\evil.example")), "/account");
        assert_eq!(safe_next(Some("/\t/evil.example")), "/account");
        assert_eq!(safe_next(Some("/\n/evil.example")), "/account");
        assert_eq!(safe_next(Some("/ /evil.example")), "/account");
        assert_eq!(safe_next(None), "/account");
    }
}
