//! Signatures: proof that something the site hands out (a browser's CSRF secret, the
//! moment a form was shown, a link to unsubscribe) was written by the site and not
//! changed, without storing it. HMAC-SHA-256 with the network's one signing key,
//! kept in the database so every instance checks what any instance signed.
//!
//! Each use has its own [`Purpose`], mixed into the signature, so a signature made
//! for one thing is never accepted for another.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// What a signature is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A browser's CSRF secret, in its cookie, for visitors without a session.
    CsrfCookie,
    /// The moment a form was shown (the join form's minimum fill time).
    FormShown,
    /// A guest's link to confirm an event registration.
    EventConfirm,
    /// A registrant's link to cancel without signing in.
    EventCancel,
    /// A campaign recipient's link to stop receiving a topic, without signing in.
    Unsubscribe,
    /// A member's link to say their bounced address takes mail again.
    AddressWorks,
    /// A file uploaded with a form that had another field to correct: the form
    /// carries its key back so the file need not be chosen again.
    UploadedFile,
}

impl Purpose {
    fn label(self) -> &'static [u8] {
        match self {
            Purpose::CsrfCookie => b"csrf-cookie",
            Purpose::FormShown => b"form-shown",
            Purpose::EventConfirm => b"event-confirm",
            Purpose::EventCancel => b"event-cancel",
            Purpose::Unsubscribe => b"unsubscribe",
            Purpose::AddressWorks => b"address-works",
            Purpose::UploadedFile => b"uploaded-file",
        }
    }
}

/// The key every signature is made with: 256 random bits, ready to sign.
#[derive(Clone)]
pub struct SigningKey(Hmac<Sha256>);

/// A signature's length in bytes.
pub const SIGNATURE_BYTES: usize = 32;

impl SigningKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        // HMAC takes a key of any length: this cannot fail.
        Self(<Hmac<Sha256> as KeyInit>::new_from_slice(&bytes).unwrap_or_else(|_| unreachable!()))
    }

    fn mac(&self, purpose: Purpose, message: &[u8]) -> Hmac<Sha256> {
        let mut mac = self.0.clone();
        mac.update(purpose.label());
        mac.update(&[0]);
        mac.update(message);
        mac
    }

    pub fn sign(&self, purpose: Purpose, message: &[u8]) -> [u8; SIGNATURE_BYTES] {
        let mut signature = [0u8; SIGNATURE_BYTES];
        signature.copy_from_slice(&self.mac(purpose, message).finalize().into_bytes());
        signature
    }

    /// Whether `signature` is this key's for `message` and `purpose` (compared in
    /// constant time).
    pub fn verify(&self, purpose: Purpose, message: &[u8], signature: &[u8]) -> bool {
        self.mac(purpose, message).verify_slice(signature).is_ok()
    }
}

impl SigningKey {
    /// `message.signature` (URL-safe base64), for a link: `message` must hold no
    /// character a URL would change, and the signature is after its last dot.
    pub fn sign_text(&self, purpose: Purpose, message: &str) -> String {
        let signature = self.sign(purpose, message.as_bytes());
        format!("{message}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// The message of a [`SigningKey::sign_text`] text, when this key signed it
    /// unchanged for `purpose`.
    pub fn verify_text<'a>(&self, purpose: Purpose, signed: &'a str) -> Option<&'a str> {
        let (message, signature) = signed.rsplit_once('.')?;
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        self.verify(purpose, message.as_bytes(), &signature)
            .then_some(message)
    }
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_for_its_message_and_purpose_only() {
        let key = SigningKey::from_bytes([7; 32]);
        let signature = key.sign(Purpose::CsrfCookie, b"secret");
        assert!(key.verify(Purpose::CsrfCookie, b"secret", &signature));
        assert!(!key.verify(Purpose::CsrfCookie, b"secreT", &signature));
        assert!(!key.verify(Purpose::FormShown, b"secret", &signature));
        let other = SigningKey::from_bytes([8; 32]);
        assert!(!other.verify(Purpose::CsrfCookie, b"secret", &signature));
        assert!(!key.verify(Purpose::CsrfCookie, b"secret", &signature[..31]));
    }

    #[test]
    fn a_signed_text_reads_back_only_unchanged_and_for_its_purpose() {
        let key = SigningKey::from_bytes([7; 32]);
        let signed = key.sign_text(Purpose::Unsubscribe, "12.news.7");
        assert_eq!(
            key.verify_text(Purpose::Unsubscribe, &signed),
            Some("12.news.7")
        );
        assert_eq!(key.verify_text(Purpose::EventCancel, &signed), None);
        assert_eq!(
            key.verify_text(Purpose::Unsubscribe, &format!("1{signed}")),
            None
        );
        assert_eq!(key.verify_text(Purpose::Unsubscribe, "12.news.7"), None);
    }

    #[test]
    fn the_key_stays_out_of_logs() {
        assert_eq!(
            format!("{:?}", SigningKey::from_bytes([7; 32])),
            "SigningKey(…)"
        );
    }
}
