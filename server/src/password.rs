//! Argon2id hashing of staff passwords with OWASP's parameters
//! (m = 19 456 KiB, t = 2, p = 1). The policy and the stored hash type live
//! in `domain::password`; this is the server-only, CPU-heavy half.
//!
//! Hashing is deliberately slow: call it through `spawn_blocking` from async code.

use argon2::password_hash::{rand_core::OsRng, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use domain::password::{Password, PasswordHash};

/// Hashing a password that passed the policy.
pub trait HashPassword {
    /// Hashes with Argon2id and a random salt. CPU-heavy: off the async runtime.
    fn hash(&self) -> PasswordHash;
}

/// Checking a candidate against a stored hash.
pub trait VerifyPassword {
    /// True when `candidate` matches. CPU-heavy: off the async runtime.
    fn verify(&self, candidate: &str) -> bool;
}

impl HashPassword for Password {
    fn hash(&self) -> PasswordHash {
        let salt = SaltString::generate(&mut OsRng);
        let hash = hasher()
            .hash_password(self.expose().as_bytes(), &salt)
            .map(|h| h.to_string())
            // Only fails for out-of-range parameters, which are constants here.
            .unwrap_or_default();
        PasswordHash(hash)
    }
}

impl VerifyPassword for PasswordHash {
    fn verify(&self, candidate: &str) -> bool {
        match argon2::PasswordHash::new(&self.0) {
            Ok(parsed) => hasher().verify_password(candidate.as_bytes(), &parsed).is_ok(),
            Err(_) => false,
        }
    }
}

fn hasher() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_the_right_password_only_and_never_show_it() {
        let password = Password::parse("blå bringebær i oktober").expect("valid");
        let hash = password.hash();
        assert!(hash.0.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(hash.verify("blå bringebær i oktober"));
        assert!(!hash.verify("blå bringebær i november"));
        assert!(!format!("{password:?} {hash:?}").contains("bringebær"));
    }
}
