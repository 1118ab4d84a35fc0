//! Staff accounts: e-mail, role and the validated input to create one.
//! Hashing and verifying passwords is the server's work (`server::password`).

use super::password::PasswordHash;
pub use crate::vocabulary::Role;
use validator::ValidateEmail;

/// A syntactically valid e-mail address, stored lower-cased.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("the e-mail address is empty")]
    Empty,
    #[error("the e-mail address is longer than 254 characters")]
    TooLong,
    #[error("that is not an e-mail address")]
    Invalid,
}

impl Email {
    pub fn parse(input: &str) -> Result<Email, EmailError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        if trimmed.chars().count() > 254 {
            return Err(EmailError::TooLong);
        }
        if !trimmed.validate_email() {
            return Err(EmailError::Invalid);
        }
        Ok(Email(trimmed.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// E-mail addresses are personal data: `Debug` shows only the domain.
impl std::fmt::Debug for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let domain = self.0.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
        write!(f, "Email(…@{domain})")
    }
}

#[derive(Clone, Debug)]
pub struct NewStaffUser {
    pub email: Email,
    pub display_name: String,
    pub password_hash: PasswordHash,
    pub role: Role,
}

#[derive(Clone, Debug)]
pub struct StaffUser {
    pub id: i64,
    pub email: Email,
    pub display_name: String,
    pub password_hash: PasswordHash,
    pub role: Role,
    pub active: bool,
    pub security_version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_lowercased_and_checked() {
        assert_eq!(Email::parse("  Kari.Nordmann@Moss.Kommune.no ").unwrap().as_str(), "kari.nordmann@moss.kommune.no");
        assert_eq!(Email::parse("").unwrap_err(), EmailError::Empty);
        assert_eq!(Email::parse("kari@").unwrap_err(), EmailError::Invalid);
        assert_eq!(Email::parse("not an email").unwrap_err(), EmailError::Invalid);
        assert_eq!(Email::parse(&format!("{}@moss.no", "a".repeat(250))).unwrap_err(), EmailError::TooLong);
    }

    #[test]
    fn email_debug_hides_the_local_part() {
        let email = Email::parse("kari.nordmann@moss.kommune.no").unwrap();
        assert_eq!(format!("{email:?}"), "Email(…@moss.kommune.no)");
    }
}
