//! Where uploaded files live, and photos made ready to serve.
//!
//! One interface (object_store's) over a folder on the local disk (the default,
//! `data/files`) and S3-compatible object storage (for several instances): a file
//! is written whole or not at all (the local store writes a temporary file and
//! renames it; an S3 PUT is atomic), so a half-written upload never shows up.

use std::sync::Arc;

use anyhow::{Context, bail};
use bytes::Bytes;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, path::Path};

mod photos;

pub use photos::{
    Cleaned, PHOTO_WIDTHS, Photo, PhotoError, clean_graphic, clean_image, prepare_photo,
};

/// Where uploaded files live: a folder on the local disk (the default,
/// `data/files`) or S3-compatible object storage for several instances. Keys are
/// [`new_key`]s: a document at `{key}`, a photo's widths at [`variant_key`].
#[derive(Clone)]
pub struct FileStore {
    inner: Arc<dyn ObjectStore>,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileStore({})", self.inner)
    }
}

impl FileStore {
    /// A folder (created if missing), or `s3://bucket/prefix` (credentials, region
    /// and endpoint from the usual `AWS_*` variables; `AWS_ENDPOINT` and
    /// `AWS_ALLOW_HTTP=true` for a MinIO-like server).
    pub fn open(location: &str) -> anyhow::Result<FileStore> {
        let location = location.trim();
        if let Some(rest) = location.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                bail!("MEMBERNET_FILES: '{location}' names no bucket (s3://bucket/prefix)");
            }
            let store = object_store::aws::AmazonS3Builder::from_env()
                .with_bucket_name(bucket)
                .build()
                .with_context(|| format!("MEMBERNET_FILES: cannot use the bucket {bucket}"))?;
            let prefix = prefix.trim_matches('/');
            let inner: Arc<dyn ObjectStore> = if prefix.is_empty() {
                Arc::new(store)
            } else {
                Arc::new(object_store::prefix::PrefixStore::new(store, prefix))
            };
            return Ok(FileStore { inner });
        }
        if location.is_empty() || location.contains("://") {
            bail!("MEMBERNET_FILES: '{location}' is not a folder nor s3://bucket/prefix");
        }
        std::fs::create_dir_all(location)
            .with_context(|| format!("MEMBERNET_FILES: cannot create the folder {location}"))?;
        // Deleting a photo's last width removes its folder too.
        let store = object_store::local::LocalFileSystem::new_with_prefix(location)
            .with_context(|| format!("MEMBERNET_FILES: cannot use the folder {location}"))?
            .with_automatic_cleanup(true);
        Ok(FileStore {
            inner: Arc::new(store),
        })
    }

    /// Kept in memory (tests).
    pub fn in_memory() -> FileStore {
        FileStore {
            inner: Arc::new(object_store::memory::InMemory::new()),
        }
    }

    pub async fn put(&self, key: &str, bytes: Bytes) -> anyhow::Result<()> {
        self.inner
            .put(&Path::from(key), PutPayload::from_bytes(bytes))
            .await
            .context("storing a file")?;
        Ok(())
    }

    /// `None` when nothing is stored under `key`.
    pub async fn get(&self, key: &str) -> anyhow::Result<Option<Bytes>> {
        match self.inner.get(&Path::from(key)).await {
            Ok(result) => Ok(Some(result.bytes().await.context("reading a file")?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(error).context("reading a file"),
        }
    }

    /// Nothing stored under `key` is fine.
    pub async fn delete(&self, key: &str) -> anyhow::Result<()> {
        match self.inner.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(error).context("deleting a file"),
        }
    }
}

/// A new key for a stored file: 128 random bits, URL-safe.
pub fn new_key() -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Where one width of a photo is stored.
pub fn variant_key(key: &str, width: u32) -> String {
    format!("{key}/{width}.jpg")
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn round_trip(store: &FileStore) {
        let key = new_key();
        assert_eq!(store.get(&key).await.unwrap(), None);
        store
            .put(&key, Bytes::from_static(b"%PDF-1.4"))
            .await
            .unwrap();
        // A second write replaces the first whole.
        store
            .put(&key, Bytes::from_static(b"%PDF-1.7"))
            .await
            .unwrap();
        assert_eq!(
            store.get(&key).await.unwrap().as_deref(),
            Some(&b"%PDF-1.7"[..])
        );
        store.delete(&key).await.unwrap();
        store.delete(&key).await.unwrap();
        assert_eq!(store.get(&key).await.unwrap(), None);
        // A photo: a width per key under the photo's own.
        let photo = new_key();
        for width in PHOTO_WIDTHS {
            let key = variant_key(&photo, width);
            store
                .put(&key, Bytes::from(vec![width as u8; 10]))
                .await
                .unwrap();
        }
        assert_eq!(
            store
                .get(&variant_key(&photo, 640))
                .await
                .unwrap()
                .as_deref(),
            Some(&[128u8; 10][..])
        );
        assert_eq!(store.get(&variant_key(&photo, 999)).await.unwrap(), None);
        assert_eq!(store.get(&photo).await.unwrap(), None);
        for width in PHOTO_WIDTHS {
            store.delete(&variant_key(&photo, width)).await.unwrap();
        }
        assert_eq!(store.get(&variant_key(&photo, 320)).await.unwrap(), None);
    }

    #[tokio::test]
    async fn files_go_in_and_come_out_of_both_stores() {
        round_trip(&FileStore::in_memory()).await;
        let root = std::env::temp_dir().join(format!("membernet-files-{}", new_key()));
        let folder = root.join("data/files");
        let store = FileStore::open(folder.to_str().unwrap()).unwrap();
        round_trip(&store).await;
        // Nothing is left behind: no half-written file, no empty photo folder.
        let left: Vec<_> = std::fs::read_dir(&folder).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
        // What is stored is a file in the folder.
        store.put("abc", Bytes::from_static(b"x")).await.unwrap();
        assert_eq!(std::fs::read(folder.join("abc")).unwrap(), b"x");
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_location_is_a_folder_or_a_bucket() {
        assert!(FileStore::open("s3://membernet-files/uploads/").is_ok());
        assert!(FileStore::open("s3://membernet-files").is_ok());
        for wrong in ["s3://", "s3:///prefix", "gs://bucket", ""] {
            let error = FileStore::open(wrong).unwrap_err();
            assert!(format!("{error:#}").contains("MEMBERNET_FILES"), "{wrong}");
        }
    }

    #[test]
    fn keys_are_long_random_and_url_safe() {
        let (a, b) = (new_key(), new_key());
        assert_ne!(a, b);
        assert_eq!(a.len(), 22);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }
}
