//! The persistence layer's one error type. Callers map `Database` and `Corrupt` to an
//! internal error (logged, never shown); the rest are outcomes a caller handles.

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database error: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("stored data does not fit the domain: {0}")]
    Corrupt(String),
    #[error("the database already holds members; the demo network goes only into an empty one")]
    NotEmpty,
    #[error("session data could not be encoded: {0}")]
    Encoding(#[from] serde_json::Error),
}

pub type Result<T> = std::result::Result<T, Error>;
