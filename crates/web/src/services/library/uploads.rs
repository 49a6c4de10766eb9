//! Files and photos sent with library forms: their kind found from their content
//! (never their name), refused when too big or not a kind the library takes,
//! photos re-encoded into a few widths without their metadata, then stored whole
//! (the store writes a file completely or not at all) before a row names them.

use bytes::Bytes;
use membernet_domain::{
    Account,
    library::{StoredFile, files::FileKind, files::download_name},
    rate_limit::LimitKey,
    signature::Purpose,
};
use membernet_persistence::library::files;
use time::OffsetDateTime;

use super::super::{Error, Result, Services, rate_limit};
use crate::files::{PHOTO_WIDTHS, PhotoError, clean_image, new_key, prepare_photo, variant_key};

/// A file as the form sent it.
#[derive(Debug, Clone)]
pub struct Upload {
    pub name: String,
    pub bytes: Bytes,
}

/// Why an upload was refused (the form says so beside the field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    TooBig,
    /// Its content is not a kind the field takes (whatever its name says).
    KindNotAllowed,
    /// It claims to be an image but cannot be read as one.
    Unreadable,
}

impl Refused {
    /// The message's key in the catalogues (`library.upload.*`).
    pub fn code(self) -> &'static str {
        match self {
            Refused::TooBig => "too_big",
            Refused::KindNotAllowed => "kind_not_allowed",
            Refused::Unreadable => "unreadable",
        }
    }
}

/// The field of a form a file is sent in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Document,
    Photo,
}

/// The file for one field of a form: a new upload stored (or refused), else the
/// one an earlier attempt stored (its signed key carried back, `carried`), else
/// none.
pub async fn attach(
    services: &Services,
    member: &Account,
    slot: Slot,
    upload: Option<&Upload>,
    carried_key: &str,
) -> Result<Result<Option<StoredFile>, Refused>> {
    Ok(match upload {
        Some(upload) => match slot {
            Slot::Document => store_document(services, member, upload).await?,
            Slot::Photo => store_photo(services, member, upload).await?,
        }
        .map(Some),
        None if !carried_key.is_empty() => Ok(carried(services, member, carried_key).await?),
        None => Ok(None),
    })
}

/// Stores a document (PDF, Office, OpenDocument, or an image) for an item.
pub async fn store_document(
    services: &Services,
    member: &Account,
    upload: &Upload,
) -> Result<Result<StoredFile, Refused>> {
    if upload.bytes.len() > services.config.upload_max {
        return Ok(Err(Refused::TooBig));
    }
    let Some(kind) = FileKind::sniff(&upload.bytes) else {
        return Ok(Err(Refused::KindNotAllowed));
    };
    limit(services, member).await?;
    // An image is stored re-encoded, without its metadata (GPS, camera), as a
    // photo is.
    let (kind, bytes) = if kind.is_image() {
        let original = upload.bytes.clone();
        match tokio::task::spawn_blocking(move || clean_image(&original))
            .await
            .map_err(|error| Error::Internal(error.into()))?
        {
            Ok(jpeg) => (FileKind::Jpeg, Bytes::from(jpeg)),
            Err(PhotoError::TooLarge) => return Ok(Err(Refused::TooBig)),
            Err(PhotoError::Unreadable) => return Ok(Err(Refused::Unreadable)),
        }
    } else {
        (kind, upload.bytes.clone())
    };
    let key = new_key();
    services
        .files
        .put(&key, bytes.clone())
        .await
        .map_err(Error::Internal)?;
    let stored = StoredFile {
        key,
        kind,
        name: download_name(&upload.name, kind),
        bytes: bytes.len() as i64,
        widths: Vec::new(),
    };
    files::insert(
        &services.db,
        &stored,
        Some(member.id),
        OffsetDateTime::now_utc(),
    )
    .await?;
    Ok(Ok(stored))
}

/// Stores a photo: JPEG, PNG or WebP by content, re-encoded as JPEG in the widths
/// of [`PHOTO_WIDTHS`] it is at least as wide as, with no metadata left.
pub async fn store_photo(
    services: &Services,
    member: &Account,
    upload: &Upload,
) -> Result<Result<StoredFile, Refused>> {
    if upload.bytes.len() > services.config.upload_max {
        return Ok(Err(Refused::TooBig));
    }
    match FileKind::sniff(&upload.bytes) {
        Some(kind) if kind.is_image() => {}
        _ => return Ok(Err(Refused::KindNotAllowed)),
    }
    limit(services, member).await?;
    let bytes = upload.bytes.clone();
    let photo = match tokio::task::spawn_blocking(move || prepare_photo(&bytes))
        .await
        .map_err(|error| Error::Internal(error.into()))?
    {
        Ok(photo) => photo,
        Err(PhotoError::TooLarge) => return Ok(Err(Refused::TooBig)),
        Err(PhotoError::Unreadable) => return Ok(Err(Refused::Unreadable)),
    };
    let key = new_key();
    let mut widths = Vec::new();
    let mut total = 0;
    for (width, jpeg) in photo.variants {
        total += jpeg.len();
        services
            .files
            .put(&variant_key(&key, width), Bytes::from(jpeg))
            .await
            .map_err(Error::Internal)?;
        widths.push(width);
    }
    debug_assert!(
        widths
            .iter()
            .all(|w| PHOTO_WIDTHS.contains(w) || *w < PHOTO_WIDTHS[0])
    );
    let stored = StoredFile {
        key,
        kind: FileKind::Jpeg,
        name: download_name(&upload.name, FileKind::Jpeg),
        bytes: total as i64,
        widths,
    };
    files::insert(
        &services.db,
        &stored,
        Some(member.id),
        OffsetDateTime::now_utc(),
    )
    .await?;
    Ok(Ok(stored))
}

/// Members' uploads count against their daily limit; staff's do not.
async fn limit(services: &Services, member: &Account) -> Result<()> {
    if member.role.is_staff() {
        return Ok(());
    }
    rate_limit::enforce(services, &LimitKey::SubmitBy(member.id)).await
}

/// A stored file's key, signed, for a form to carry when another field needs
/// correcting (the file is not chosen again).
pub fn carry(services: &Services, file: &StoredFile) -> String {
    services.signing.sign_text(Purpose::UploadedFile, &file.key)
}

/// The file a form carried back, when the signature holds and `member` uploaded it
/// (or staff did).
pub async fn carried(
    services: &Services,
    member: &Account,
    signed: &str,
) -> Result<Option<StoredFile>> {
    let Some(key) = services
        .signing
        .verify_text(Purpose::UploadedFile, signed.trim())
    else {
        return Ok(None);
    };
    let Some(access) = files::access(&services.db, key).await? else {
        return Ok(None);
    };
    Ok((member.role.is_staff() || access.people.contains(&member.id)).then_some(access.file))
}

/// The bytes of a stored document, or of a photo in one of its widths.
pub async fn read(services: &Services, file: &StoredFile, width: Option<u32>) -> Result<Bytes> {
    let key = match width {
        Some(width) if file.widths.contains(&width) => variant_key(&file.key, width),
        Some(_) => return Err(Error::NotFound),
        None if file.widths.is_empty() => file.key.clone(),
        // A photo without a width: its largest.
        None => variant_key(&file.key, *file.widths.last().unwrap_or(&0)),
    };
    services
        .files
        .get(&key)
        .await
        .map_err(Error::Internal)?
        .ok_or(Error::NotFound)
}

/// Forgets files no item uses a day after they were uploaded (a form left
/// half-way), from the store and then the database (housekeeping).
pub async fn forget_unused(services: &Services) -> Result<usize> {
    let before = OffsetDateTime::now_utc() - time::Duration::days(1);
    let unused = files::unused(&services.db, before, 500).await?;
    for file in &unused {
        if file.widths.is_empty() {
            services
                .files
                .delete(&file.key)
                .await
                .map_err(Error::Internal)?;
        }
        for width in &file.widths {
            services
                .files
                .delete(&variant_key(&file.key, *width))
                .await
                .map_err(Error::Internal)?;
        }
    }
    let keys: Vec<String> = unused.iter().map(|file| file.key.clone()).collect();
    files::forget(&services.db, &keys).await?;
    Ok(keys.len())
}
