//! The session, with named operations instead of string keys. Every value the site
//! keeps in a session is one [`Key`] here, so the code that writes an entry and the
//! code that reads or removes it cannot spell it differently.
//!
//! The session holds the signed-in member's id (the store also copies it into an
//! indexed column, to sign a member out everywhere), the CSRF token of its forms, a
//! one-time message for the next page, when the join form was shown, and the day the
//! session was last seen.

use axum::{extract::FromRequestParts, http::request::Parts};
use membernet_domain::MemberId;
use membernet_persistence::sessions::{DbSessionStore, MEMBER_ID_KEY};
use serde::{Serialize, de::DeserializeOwned};
use time::OffsetDateTime;
use tower_sessions::{Expiry, Session, SessionManagerLayer, cookie::SameSite, session::Id};

use crate::error::AppError;

pub const SESSION_COOKIE: &str = "membernet_session";
/// A session unused for this long ends (and any session 30 days after it began:
/// `sessions::ABSOLUTE_LIFETIME`).
const IDLE_LIFETIME: time::Duration = time::Duration::days(14);

/// The session cookie's name. With secure cookies it carries the `__Host-` prefix:
/// browsers then take it only over HTTPS, for this host alone and every path, so no
/// plain-HTTP page or sibling subdomain can set or shadow it.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-membernet_session"
    } else {
        SESSION_COOKIE
    }
}

/// Sessions in the database, in an `HttpOnly`, `SameSite=Lax` cookie.
pub fn layer(store: DbSessionStore, secure: bool) -> SessionManagerLayer<DbSessionStore> {
    SessionManagerLayer::new(store)
        .with_name(cookie_name(secure))
        .with_path("/")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(IDLE_LIFETIME))
}

/// Everything a session may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    MemberId,
    CsrfToken,
    Flash,
    JoinFormShownAt,
    SeenOnDay,
}

impl Key {
    fn name(self) -> &'static str {
        match self {
            // The store reads this one to fill its `member_id` column.
            Key::MemberId => MEMBER_ID_KEY,
            Key::CsrfToken => "csrf_token",
            Key::Flash => "flash",
            Key::JoinFormShownAt => "join_form_shown_at",
            Key::SeenOnDay => "seen_on_day",
        }
    }
}

#[derive(Clone)]
pub struct AuthSession(Session);

impl AuthSession {
    pub fn new(session: Session) -> Self {
        Self(session)
    }

    async fn get<T: DeserializeOwned>(&self, key: Key) -> Result<Option<T>, AppError> {
        Ok(self.0.get::<T>(key.name()).await?)
    }

    async fn set<T: Serialize + Send + Sync>(&self, key: Key, value: T) -> Result<(), AppError> {
        Ok(self.0.insert(key.name(), value).await?)
    }

    async fn remove(&self, key: Key) -> Result<(), AppError> {
        self.0.remove_value(key.name()).await?;
        Ok(())
    }

    /// The session's id, once it has been saved.
    pub fn id(&self) -> Option<Id> {
        self.0.id()
    }

    pub async fn member_id(&self) -> Result<Option<MemberId>, AppError> {
        Ok(self.get::<i64>(Key::MemberId).await?.map(MemberId))
    }

    /// Signs `member` in on a fresh session id (no fixation).
    pub async fn sign_in(&self, member: MemberId) -> Result<(), AppError> {
        self.0.cycle_id().await?;
        // A token seen before signing in must not work after it.
        self.remove(Key::CsrfToken).await?;
        self.set(Key::MemberId, member.0).await
    }

    /// Keeps an active session alive: sessions are saved only when they change, so
    /// once a day a signed-in session is marked as seen, which pushes its expiry on.
    pub async fn mark_seen_today(&self) -> Result<(), AppError> {
        let today = OffsetDateTime::now_utc().unix_timestamp() / 86_400;
        if self.get::<i64>(Key::SeenOnDay).await? != Some(today) {
            self.set(Key::SeenOnDay, today).await?;
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
        self.set(Key::Flash, key).await
    }

    pub async fn take_flash(&self) -> Result<Option<String>, AppError> {
        if self.0.get_value(Key::Flash.name()).await?.is_none() {
            return Ok(None);
        }
        Ok(self.0.remove::<String>(Key::Flash.name()).await?)
    }

    pub async fn mark_join_form_shown(&self, now: OffsetDateTime) -> Result<(), AppError> {
        self.set(Key::JoinFormShownAt, now.unix_timestamp()).await
    }

    pub async fn join_form_shown_at(&self) -> Result<Option<i64>, AppError> {
        self.get::<i64>(Key::JoinFormShownAt).await
    }

    /// The CSRF token of the session's forms, if it has one.
    pub async fn csrf_token(&self) -> Result<Option<String>, AppError> {
        self.get::<String>(Key::CsrfToken).await
    }

    pub async fn set_csrf_token(&self, token: &str) -> Result<(), AppError> {
        self.set(Key::CsrfToken, token).await
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
