//! A file to download (a CSV table, a member's data as JSON): its type, a file name
//! the browser saves it under, and no caching (exports are personal or change). And
//! a stored file served ([`StoredBody`]: a library document or photo, a share kit's
//! graphic): its real type, shown or saved, cached while it is public, sandboxed.

use axum::{
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use bytes::Bytes;

pub struct Download {
    content_type: &'static str,
    file_name: String,
    body: String,
}

impl Download {
    /// An iCalendar file (`views::calendar`).
    pub fn calendar(file_name: impl Into<String>, body: String) -> Self {
        Self {
            content_type: "text/calendar; charset=utf-8",
            file_name: file_name.into(),
            body,
        }
    }

    /// UTF-8 CSV (RFC 4180 lines, see `views::csv`).
    pub fn csv(file_name: impl Into<String>, body: String) -> Self {
        Self {
            content_type: "text/csv; charset=utf-8",
            file_name: file_name.into(),
            body,
        }
    }

    pub fn json(file_name: impl Into<String>, body: String) -> Self {
        Self {
            content_type: "application/json; charset=utf-8",
            file_name: file_name.into(),
            body,
        }
    }
}

/// A file name as one quoted token of a header: anything but ASCII letters,
/// digits, `-`, `_` and `.` is replaced.
fn header_safe(file_name: &str) -> String {
    file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A stored file's bytes as served: with its real type (never sniffed), shown in
/// the page (`inline`: images) or saved (documents), kept by caches an hour while
/// it is public (it never changes under its address, but it may be withdrawn) and
/// never while it is not, and sandboxed (a file that is opened alone runs nothing).
pub struct StoredBody {
    pub content_type: &'static str,
    pub file_name: String,
    pub inline: bool,
    pub public: bool,
    pub body: Bytes,
}

impl IntoResponse for StoredBody {
    fn into_response(self) -> Response {
        let disposition = format!(
            "{}; filename=\"{}\"",
            if self.inline { "inline" } else { "attachment" },
            header_safe(&self.file_name)
        );
        let mut response = self.body.into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        if let Ok(value) = HeaderValue::from_str(&disposition) {
            headers.insert(header::CONTENT_DISPOSITION, value);
        }
        let cache = if self.public {
            "public, max-age=3600"
        } else {
            "private, no-store"
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; sandbox"),
        );
        response
    }
}

impl IntoResponse for Download {
    fn into_response(self) -> Response {
        // File names are built from codes and dates; anything else is replaced so
        // the header stays one quoted token.
        let file_name = header_safe(&self.file_name);
        let disposition = format!("attachment; filename=\"{file_name}\"");
        let mut response = self.body.into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        if let Ok(value) = HeaderValue::from_str(&disposition) {
            headers.insert(header::CONTENT_DISPOSITION, value);
        }
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_download_is_named_and_never_cached() {
        let response = Download::csv("members-KE-2026-11-29.csv", "a,b\r\n".into()).into_response();
        let headers = response.headers();
        assert_eq!(headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
        assert_eq!(
            headers[header::CONTENT_DISPOSITION],
            "attachment; filename=\"members-KE-2026-11-29.csv\""
        );
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    }

    #[test]
    fn a_file_name_cannot_break_out_of_its_header() {
        let response = Download::csv("a\"; x=\r\ny.csv", String::new()).into_response();
        assert_eq!(
            response.headers()[header::CONTENT_DISPOSITION],
            "attachment; filename=\"a___x___y.csv\""
        );
    }
}
