//! Signatures: proof that something the site hands out (a browser's CSRF secret, the
//! moment a form was shown, a link to unsubscribe) was written by the site and not
//! changed, without storing it. HMAC-SHA-256 with the network's one signing key,
//! kept in the database so every instance checks what any instance signed.
//!
//! Each use has its own [`Purpose`], mixed into the signature, so a signature made
//! for one thing is never accepted for another.

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
    fn the_key_stays_out_of_logs() {
        assert_eq!(
            format!("{:?}", SigningKey::from_bytes([7; 32])),
            "SigningKey(…)"
        );
    }
}
