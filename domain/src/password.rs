//! Staff passwords: the policy (ASVS 6.2: at least 12 characters, long ones
//! accepted whole, no composition rules, common passwords refused) and the
//! stored hash. Hashing itself (Argon2id) is server-only: `server::password`.

pub const MIN_CHARS: usize = 12;
/// Far above what people type; bounds the hashing cost of a hostile input.
pub const MAX_CHARS: usize = 256;

/// A password that passed the policy. Its `Debug` never shows it.
pub struct Password(String);

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("the password must have at least {MIN_CHARS} characters")]
    TooShort,
    #[error("the password must have at most {MAX_CHARS} characters")]
    TooLong,
    #[error("the password is too common; choose a longer phrase of unrelated words")]
    TooCommon,
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password([redacted])")
    }
}

impl Password {
    pub fn parse(candidate: &str) -> Result<Password, PasswordError> {
        let chars = candidate.chars().count();
        if chars < MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if chars > MAX_CHARS {
            return Err(PasswordError::TooLong);
        }
        if is_common(candidate) {
            return Err(PasswordError::TooCommon);
        }
        Ok(Password(candidate.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A stored Argon2id hash in PHC string form.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(pub String);

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash([redacted])")
    }
}

/// Common passwords of 12 or more characters (shorter ones fail the length
/// rule anyway), including Norwegian ones, compared case-insensitively and
/// with trailing digits and punctuation removed.
fn is_common(candidate: &str) -> bool {
    let folded: String = candidate.to_lowercase();
    let core = folded.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
    let list = include_str!("common-passwords.txt");
    list.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).any(|common| common == folded || (core.len() >= 4 && common == core))
        || is_repetitive(&folded)
}

/// "aaaaaaaaaaaa", "abcabcabcabc", "123412341234": a short pattern repeated.
fn is_repetitive(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    (1..=4).any(|period| chars.len() >= period * 3 && chars.iter().enumerate().all(|(i, c)| *c == chars[i % period]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passwords_are_refused() {
        assert_eq!(Password::parse("elleve tegn").unwrap_err(), PasswordError::TooShort);
        assert_eq!(Password::parse("").unwrap_err(), PasswordError::TooShort);
    }

    #[test]
    fn twelve_characters_and_very_long_phrases_are_accepted_whole() {
        assert!(Password::parse("tolv tegn ok").is_ok());
        let long = "korrekt hest batteri stift ".repeat(9);
        assert!(long.chars().count() > 64);
        assert!(Password::parse(&long).is_ok());
    }

    #[test]
    fn common_and_repetitive_passwords_are_refused() {
        for common in ["passwordpassword", "Passord12345678", "123456789012", "qwertyuiopasdf", "aaaaaaaaaaaa", "abcabcabcabc"] {
            assert_eq!(Password::parse(common).unwrap_err(), PasswordError::TooCommon, "{common}");
        }
    }
}
