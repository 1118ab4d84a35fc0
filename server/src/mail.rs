//! E-mail through an outbox of intents. What to send (template, item,
//! locale, recipient) is written to the `outbox` table in the same
//! transaction as the change that causes it, so a submission never waits
//! for, or fails because of, the mail server. A background worker writes each
//! due mail when it sends it (`MailWriter`), retries failures with
//! exponential backoff, and gives up ("dead") when a mail is older than
//! `mail.give_up_after_hours` (three days unless set), or at once when it
//! cannot be written at all. Administrators see dead mails and send them
//! again (`http::staff::admin::mail`). The private tracking link is derived at
//! sending time and never stored.
//!
//! Mails carry no story text or other sensitive content: only that the input
//! was received or has an update, the reference and the private link.

use crate::config::Settings;
use crate::keys::KeyRing;
use crate::store::Store;
use app::i18n::{I18n, Locale};
use domain::Email;
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// When failed mails are tried again, and when they are given up.
#[derive(Clone, Copy, Debug)]
pub struct Retries {
    /// First retry delay; doubles per attempt, at most an hour.
    pub base: Duration,
    /// Age (since queued or sent again) after which a failing mail is dead.
    pub give_up_after: Duration,
}

impl Retries {
    /// When to try a mail again after its `attempts`-th failure, or `None`
    /// to give it up: it was queued (or sent again) at `since`, and its time
    /// is up. The last try falls on the deadline itself.
    pub fn retry_at(&self, attempts: i64, since: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> Option<chrono::DateTime<chrono::Utc>> {
        let deadline = since + chrono::Duration::from_std(self.give_up_after).unwrap_or_default();
        let next = now + chrono::Duration::from_std(backoff(attempts, self.base)).unwrap_or_default();
        (now < deadline).then(|| next.min(deadline))
    }
}
/// How long a claimed mail is reserved for one worker before another may retry it.
const LEASE: Duration = Duration::from_secs(600);
/// The SMTP conversation's time limit (lettre's default of 60 s is too long).
const SMTP_TIMEOUT: Duration = Duration::from_secs(10);

/// A mail written and ready to send.
#[derive(Clone, Debug)]
pub struct OutgoingMail {
    pub recipient: Email,
    pub locale: String,
    pub template: &'static str,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
}

/// A mail claimed from the outbox for sending: the intent, with what the
/// store knows of its item.
#[derive(Clone, Debug)]
pub struct QueuedMail {
    pub id: i64,
    pub recipient: String,
    pub locale: String,
    /// `receipt` or `update`.
    pub template: String,
    /// Including this attempt.
    pub attempts: i64,
    /// When it was queued, or sent again by an administrator: its age counts from here.
    pub since: chrono::DateTime<chrono::Utc>,
    /// The item's reference and form key; `None` when the item is gone.
    pub item: Option<QueuedItem>,
}

/// The item a queued mail is about.
#[derive(Clone, Debug)]
pub struct QueuedItem {
    pub reference: String,
    /// What the tracking token is derived from, and with which key (see `keys`).
    pub token_seed: String,
    pub token_key_id: String,
}

/// Writes queued mails: the reference, the private link derived from the
/// item's key, and the municipality's name, in the recipient's language.
#[derive(Clone)]
pub struct MailWriter {
    pub public_url: String,
    pub municipality: String,
    pub keys: Arc<KeyRing>,
}

impl MailWriter {
    pub fn new(settings: &Settings, keys: Arc<KeyRing>) -> MailWriter {
        MailWriter { public_url: settings.public_url.as_str().trim_end_matches('/').to_string(), municipality: settings.municipality_name.clone(), keys }
    }

    /// The mail for an intent, or why it cannot be written (kept as the
    /// row's last error; never the address).
    pub fn write(&self, mail: &QueuedMail) -> Result<OutgoingMail, String> {
        let recipient = Email::parse(&mail.recipient).map_err(|_| "recipient address refused".to_string())?;
        let item = mail.item.as_ref().ok_or_else(|| "the item is gone".to_string())?;
        let token = self
            .keys
            .tracking_token(&item.token_seed, &item.token_key_id)
            .ok_or_else(|| format!("the key {} that derives this item's link is no longer configured", item.token_key_id))?;
        let link = format!("{}/sak/{}", self.public_url, token.as_str());
        let locale = Locale::from_code(&mail.locale).unwrap_or(Locale::DEFAULT);
        match mail.template.as_str() {
            "receipt" => Ok(receipt(locale, recipient, &item.reference, &link, &self.municipality)),
            "update" => Ok(update(locale, recipient, &item.reference, &link, &self.municipality)),
            _ => Err("unknown template".to_string()),
        }
    }
}

/// The receipt: reference and private link, nothing of what was written.
pub fn receipt(locale: Locale, recipient: Email, reference: &str, link: &str, municipality: &str) -> OutgoingMail {
    compose(locale, recipient, "receipt", reference, link, municipality)
}

/// "There is an update on your input": sent after a public reply, a
/// referral or closing. Like the receipt, it holds no content, only the link.
pub fn update(locale: Locale, recipient: Email, reference: &str, link: &str, municipality: &str) -> OutgoingMail {
    compose(locale, recipient, "update", reference, link, municipality)
}

/// Both mails have the same shape: greeting, one sentence, the private link.
/// Their texts are `mail.<template>.*`.
fn compose(locale: Locale, recipient: Email, template: &'static str, reference: &str, link: &str, municipality: &str) -> OutgoingMail {
    let i18n = I18n::new(locale);
    let args = [("reference", reference), ("municipality", municipality)];
    let key = |part: &str| match (template, part) {
        ("update", "subject") => "mail.update.subject",
        ("update", "greeting") => "mail.update.greeting",
        ("update", "body") => "mail.update.body",
        ("update", _) => "mail.update.link",
        (_, "subject") => "mail.receipt.subject",
        (_, "greeting") => "mail.receipt.greeting",
        (_, "body") => "mail.receipt.body",
        _ => "mail.receipt.link",
    };
    let subject = i18n.t_with(key("subject"), &args);
    let lines = [i18n.t_with(key("greeting"), &args), i18n.t_with(key("body"), &args), i18n.t(key("link")).to_string()];
    let footer = i18n.t_with("mail.footer", &args);
    let body_text = format!("{}\n\n{}\n\n{}\n{link}\n\n-- \n{footer}\n", lines[0], lines[1], lines[2]);
    let escape = app::forms::escape_text;
    let body_html = format!(
        "<!DOCTYPE html><html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\"><title>{subject}</title></head><body>\
         <p>{}</p><p>{}</p><p>{}<br><a href=\"{link_attr}\">{link_text}</a></p><hr><p>{}</p></body></html>",
        escape(&lines[0]),
        escape(&lines[1]),
        escape(&lines[2]),
        escape(&footer),
        lang = locale.code(),
        dir = locale.direction().as_str(),
        subject = escape(&subject),
        link_attr = escape(link).replace('"', "&quot;"),
        link_text = escape(link),
    );
    OutgoingMail { recipient, locale: locale.code().to_string(), template, subject, body_text, body_html }
}

/// Where mail goes: an SMTP relay, or `.eml` files for local use.
#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

impl Transport {
    pub fn from_settings(settings: &Settings) -> Result<Transport, String> {
        let Some(smtp) = &settings.smtp else {
            std::fs::create_dir_all(&settings.mail_dir).map_err(|e| format!("cannot create mail.dir {}: {e}", settings.mail_dir.display()))?;
            return Ok(Transport::Files(AsyncFileTransport::new(&settings.mail_dir)));
        };
        let builder = match smtp.tls.as_str() {
            "none" => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host),
            "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host).map_err(|e| format!("smtp.host: {e}"))?,
            _ => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host).map_err(|e| format!("smtp.host: {e}"))?,
        };
        let mut builder = builder.port(smtp.port).timeout(Some(SMTP_TIMEOUT));
        if let (Some(user), Some(password)) = (&smtp.username, &smtp.password) {
            builder = builder.credentials(lettre::transport::smtp::authentication::Credentials::new(user.clone(), password.expose().to_string()));
        }
        Ok(Transport::Smtp(builder.build()))
    }

    async fn send(&self, message: Message) -> Result<(), String> {
        match self {
            Transport::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Transport::Files(files) => files.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
        }
    }
}

/// The wait before attempt `attempts + 1`: 2^(attempts-1) × base, at most an hour.
pub fn backoff(attempts: i64, base: Duration) -> Duration {
    let factor = 2u32.saturating_pow(u32::try_from(attempts.saturating_sub(1)).unwrap_or(u32::MAX).min(16));
    base.saturating_mul(factor).min(Duration::from_secs(3600))
}

/// Mails claimed at once: under load (a receipt for every second post)
/// two writes per batch instead of two per mail, which on SQLite share the
/// one writer with the submissions.
const MAIL_BATCH: i64 = 20;

/// Sends due mails until the process stops. `wakeup` is notified when new
/// mail is queued, so receipts go out at once rather than on the next poll.
pub async fn run_worker(store: Arc<dyn Store>, transport: Transport, from: Mailbox, writer: MailWriter, retries: Retries, wakeup: Arc<Notify>) {
    loop {
        let now = chrono::Utc::now();
        let lease_until = now + chrono::Duration::from_std(LEASE).unwrap_or_default();
        match store.claim_mails(now, lease_until, MAIL_BATCH).await {
            Ok(mails) if !mails.is_empty() => {
                let mut sent = Vec::with_capacity(mails.len());
                for mail in mails {
                    // A mail that cannot be written will not be written by waiting.
                    let (outcome, may_retry) = match writer.write(&mail).and_then(|written| build(&from, &written, mail.id)) {
                        Ok(message) => (transport.send(message).await, true),
                        Err(error) => (Err(error), false),
                    };
                    match outcome {
                        Ok(()) => {
                            tracing::info!(mail_id = mail.id, attempts = mail.attempts, "mail sent");
                            sent.push(mail.id);
                        }
                        Err(error) => {
                            // SMTP errors can quote the address: log only the kind of failure.
                            let reason: String =
                                error.chars().take(200).filter(|c| !c.is_control()).collect::<String>().replace(&mail.recipient, "<recipient>");
                            let retry_at = retries.retry_at(mail.attempts, mail.since, chrono::Utc::now()).filter(|_| may_retry);
                            tracing::warn!(mail_id = mail.id, attempts = mail.attempts, dead = retry_at.is_none(), "mail not sent");
                            if let Err(error) = store.mail_failed(mail.id, &reason, retry_at).await {
                                tracing::error!(error = %crate::telemetry::ErrorChain(&error), "outbox update failed");
                            }
                        }
                    }
                }
                // A crash before this line sends these again after the lease,
                // with the same Message-ID (see `build`).
                if let Err(error) = store.mails_sent(&sent, chrono::Utc::now()).await {
                    tracing::error!(error = %crate::telemetry::ErrorChain(&error), "outbox update failed");
                }
            }
            Ok(_) => {
                tokio::select! {
                    _ = wakeup.notified() => {},
                    _ = tokio::time::sleep(Duration::from_secs(5)) => {},
                }
            }
            Err(error) => {
                tracing::warn!(error = %crate::telemetry::ErrorChain(&error), "outbox unavailable");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
}

/// The mail as sent. Its Message-ID comes from its outbox row, so when a
/// worker dies between sending and marking it sent and the mail goes out
/// again after the lease, the copy carries the same id, and mail servers and
/// programs that drop duplicates drop it.
fn build(from: &Mailbox, mail: &OutgoingMail, outbox_id: i64) -> Result<Message, String> {
    let to: Mailbox = mail.recipient.as_str().parse().map_err(|_| "recipient address refused".to_string())?;
    Message::builder()
        .message_id(Some(format!("<innspill-mail-{outbox_id}@{}>", from.email.domain())))
        .from(from.clone())
        .to(to)
        .subject(&mail.subject)
        .multipart(
            MultiPart::alternative()
                .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(mail.body_text.clone()))
                .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(mail.body_html.clone())),
        )
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mail_sent_again_after_a_crash_carries_the_same_message_id() {
        let from: Mailbox = "Innspill <innspill@moss.kommune.no>".parse().unwrap();
        let mail =
            receipt(Locale::DEFAULT, Email::parse("kari@eksempel.no").unwrap(), "MOSS-2026-00001", "https://innspill.moss.kommune.no/sak/x", "Moss kommune");
        let id = |outbox_id| {
            let text = String::from_utf8(build(&from, &mail, outbox_id).unwrap().formatted()).unwrap();
            text.lines().find(|l| l.to_ascii_lowercase().starts_with("message-id:")).map(str::to_string).unwrap()
        };
        assert_eq!(id(42), id(42));
        assert_eq!(id(42), "Message-ID: <innspill-mail-42@moss.kommune.no>");
        assert_ne!(id(42), id(43));
    }

    #[test]
    fn a_failing_mail_is_tried_for_its_whole_time_and_then_given_up() {
        let retries = Retries { base: Duration::from_secs(30), give_up_after: Duration::from_secs(72 * 3600) };
        let since = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let hours = |h: i64| since + chrono::Duration::hours(h);
        // Far more than eight attempts over a long outage: still tried, an hour apart.
        assert_eq!(retries.retry_at(40, since, hours(40)), Some(hours(41)));
        // The last try falls on the deadline, then it is given up.
        assert_eq!(retries.retry_at(70, since, hours(71) + chrono::Duration::minutes(30)), Some(hours(72)));
        assert_eq!(retries.retry_at(71, since, hours(72)), None);
        assert_eq!(retries.retry_at(1, since, hours(100)), None);
        // Sent again by an administrator: the time starts anew.
        assert_eq!(retries.retry_at(1, hours(100), hours(100)), Some(hours(100) + chrono::Duration::seconds(30)));
    }

    #[test]
    fn backoff_doubles_from_the_base_and_stops_at_an_hour() {
        let base = Duration::from_secs(30);
        assert_eq!(backoff(1, base), Duration::from_secs(30));
        assert_eq!(backoff(2, base), Duration::from_secs(60));
        assert_eq!(backoff(4, base), Duration::from_secs(240));
        assert_eq!(backoff(20, base), Duration::from_secs(3600));
    }

    #[test]
    fn the_receipt_holds_the_reference_and_link_in_the_readers_language() {
        let email = Email::parse("kari@eksempel.no").unwrap();
        let mail = receipt(Locale::En, email, "MOSS-2026-00042", "https://innspill.moss.kommune.no/sak/abc", "Moss kommune");
        assert!(mail.subject.contains("MOSS-2026-00042"));
        assert!(mail.body_text.contains("https://innspill.moss.kommune.no/sak/abc"));
        assert!(mail.body_html.contains(r#"<a href="https://innspill.moss.kommune.no/sak/abc">"#));
        assert!(mail.body_html.starts_with("<!DOCTYPE html><html lang=\"en\" dir=\"ltr\">"));
        let nb = receipt(Locale::Nb, Email::parse("kari@eksempel.no").unwrap(), "MOSS-2026-00042", "x", "Moss kommune");
        assert_ne!(nb.subject, mail.subject, "translated");
    }
}
