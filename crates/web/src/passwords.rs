//! Password hashing with argon2id, off the async runtime.
//!
//! Production uses OWASP's parameters (`Argon2::default()`: m=19 MiB, t=2, p=1).
//! Signing in with an unknown address still verifies against a dummy hash made with
//! the same parameters, so the response takes as long as for a real account.

use std::sync::{Arc, OnceLock};

use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version};

use crate::config::PasswordHashing;

#[derive(Clone)]
pub struct Passwords {
    params: Params,
    dummy_hash: Arc<OnceLock<String>>,
}

impl Passwords {
    pub fn new(cost: PasswordHashing) -> Self {
        let params = match cost {
            PasswordHashing::Owasp => Params::default(),
            // The smallest cost argon2 accepts: tests hash many passwords on two cores.
            PasswordHashing::CheapForTests => {
                Params::new(Params::MIN_M_COST, Params::MIN_T_COST, 1, None).unwrap_or_default()
            }
        };
        Self {
            params,
            dummy_hash: Arc::new(OnceLock::new()),
        }
    }

    fn argon2(params: Params) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
    }

    pub async fn hash(&self, password: String) -> anyhow::Result<String> {
        let params = self.params.clone();
        tokio::task::spawn_blocking(move || hash_blocking(params, &password)).await?
    }

    /// Whether `password` matches `hash`. With no hash (unknown account, or one that
    /// has no password yet) it checks a dummy and answers false, taking the same time.
    pub async fn verify(&self, password: String, hash: Option<String>) -> bool {
        let params = self.params.clone();
        let dummy = Arc::clone(&self.dummy_hash);
        let outcome = tokio::task::spawn_blocking(move || {
            let is_real = hash.is_some();
            let hash = match hash {
                Some(hash) => hash,
                None => dummy
                    .get_or_init(|| {
                        hash_blocking(params.clone(), "not a password anyone has")
                            .unwrap_or_default()
                    })
                    .clone(),
            };
            let matches = Self::argon2(params)
                .verify_password(password.as_bytes(), hash.as_str())
                .is_ok();
            is_real && matches
        })
        .await;
        outcome.unwrap_or(false)
    }
}

fn hash_blocking(params: Params, password: &str) -> anyhow::Result<String> {
    Passwords::argon2(params)
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|error| anyhow::anyhow!("argon2 could not hash: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let passwords = Passwords::new(PasswordHashing::CheapForTests);
        let hash = passwords.hash("river ledger".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            passwords
                .verify("river ledger".into(), Some(hash.clone()))
                .await
        );
        assert!(!passwords.verify("river ledgex".into(), Some(hash)).await);
    }

    #[tokio::test]
    async fn without_a_hash_verification_fails() {
        let passwords = Passwords::new(PasswordHashing::CheapForTests);
        assert!(
            !passwords
                .verify("not a password anyone has".into(), None)
                .await
        );
    }

    #[test]
    fn production_uses_the_owasp_parameters() {
        let passwords = Passwords::new(PasswordHashing::Owasp);
        assert_eq!(passwords.params.m_cost(), 19_456);
        assert_eq!(passwords.params.t_cost(), 2);
        assert_eq!(passwords.params.p_cost(), 1);
    }
}
