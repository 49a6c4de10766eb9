//! Who is signed in: a typed wrapper over the session, and extractors for handlers
//! that need a signed-in member or staff.
//!
//! The session holds only the member's id. The account is loaded once per request
//! (by primary key), so a suspension or a change of role takes effect at once.

use axum::{extract::FromRequestParts, http::request::Parts};
use membernet_domain::{Account, MemberId};
use membernet_persistence::{members, sessions::MEMBER_ID_KEY};
use time::OffsetDateTime;
use tower_sessions::Session;

use crate::{csrf, error::AppError, state::AppState};

const FLASH_KEY: &str = "flash";
const JOIN_FORM_SHOWN_KEY: &str = "join_form_shown_at";
const SEEN_ON_KEY: &str = "seen_on_day";

/// The session, with named operations instead of string keys.
#[derive(Clone)]
pub struct AuthSession(pub Session);

impl AuthSession {
    pub async fn member_id(&self) -> Result<Option<MemberId>, AppError> {
        Ok(self.0.get::<i64>(MEMBER_ID_KEY).await?.map(MemberId))
    }

    /// Signs `member` in on a fresh session id (no fixation).
    pub async fn sign_in(&self, member: MemberId) -> Result<(), AppError> {
        self.0.cycle_id().await?;
        // A token seen before signing in must not work after it.
        csrf::forget(&self.0).await?;
        self.0.insert(MEMBER_ID_KEY, member.0).await?;
        Ok(())
    }

    /// Keeps an active session alive: sessions are saved only when they change, so
    /// once a day a signed-in session is marked as seen, which pushes its expiry on.
    pub async fn mark_seen_today(&self) -> Result<(), AppError> {
        let today = OffsetDateTime::now_utc().unix_timestamp() / 86_400;
        if self.0.get::<i64>(SEEN_ON_KEY).await? != Some(today) {
            self.0.insert(SEEN_ON_KEY, today).await?;
        }
        Ok(())
    }

    /// Ends the session entirely: the row is deleted and the cookie cleared.
    pub async fn sign_out(&self) -> Result<(), AppError> {
        self.0.flush().await?;
        Ok(())
    }

    /// A message for the next page (a catalogue key).
    pub async fn set_flash(&self, key: &str) -> Result<(), AppError> {
        self.0.insert(FLASH_KEY, key).await?;
        Ok(())
    }

    pub async fn take_flash(&self) -> Result<Option<String>, AppError> {
        if self.0.get_value(FLASH_KEY).await?.is_none() {
            return Ok(None);
        }
        Ok(self.0.remove::<String>(FLASH_KEY).await?)
    }

    pub async fn mark_join_form_shown(&self, now: OffsetDateTime) -> Result<(), AppError> {
        self.0
            .insert(JOIN_FORM_SHOWN_KEY, now.unix_timestamp())
            .await?;
        Ok(())
    }

    pub async fn join_form_shown_at(&self) -> Result<Option<i64>, AppError> {
        Ok(self.0.get::<i64>(JOIN_FORM_SHOWN_KEY).await?)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for AuthSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(_, message)| AppError::Internal(anyhow::anyhow!(message)))?;
        Ok(AuthSession(session))
    }
}

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
            Some(id) => members::find(&state.db, id)
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
