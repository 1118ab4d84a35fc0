//! Free text as people type it, the field error that says what was wrong
//! with it, and the word folding that lets search and keyword rules ignore
//! case and accents.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A field's validation failure: which field, and the text key explaining it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub key: &'static str,
}

impl FieldError {
    pub fn new(field: &'static str, key: &'static str) -> Self {
        FieldError { field, key }
    }
}

/// Free text with limits in characters and bytes. Stored verbatim (HTML
/// included; it is escaped when shown), with surrounding whitespace trimmed
/// and line breaks normalised to `\n`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoundedText(String);

/// Limits for one text field.
#[derive(Clone, Copy, Debug)]
pub struct TextLimits {
    pub required: bool,
    pub max_chars: usize,
}

impl TextLimits {
    /// Bytes allowed: 4 per character covers any UTF-8, combining marks and emoji.
    pub fn max_bytes(self) -> usize {
        self.max_chars * 4
    }
}

impl BoundedText {
    /// `Ok(None)` for an empty optional field.
    /// Invisible direction overrides, embeddings and isolates are removed:
    /// typed into a name or a file name they make text read differently
    /// than it is ("\u{202e}gnp.exe"), and left open they reorder what the
    /// page shows after them. The marks LRM and RLM stay: they reorder nothing
    /// beyond themselves.
    pub fn parse(field: &'static str, input: &str, limits: TextLimits) -> Result<Option<BoundedText>, FieldError> {
        let text: String = input.chars().filter(|c| !is_direction_control(*c)).collect();
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let text = text.trim();
        if text.is_empty() {
            return if limits.required { Err(FieldError::new(field, "validation.required")) } else { Ok(None) };
        }
        if text.chars().count() > limits.max_chars || text.len() > limits.max_bytes() {
            return Err(FieldError::new(field, "validation.too_long"));
        }
        if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err(FieldError::new(field, "validation.control_characters"));
        }
        Ok(Some(BoundedText(text.to_string())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// U+202A–U+202E (embeddings and overrides) and U+2066–U+2069 (isolates).
fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Lower-cased words with accents removed (é → e, å → a; æ and ø are letters
/// of their own and stay), so "Støy", "STØY" and "støy" match alike.
pub fn fold_words(text: &str) -> Vec<String> {
    let folded: String = text.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect();
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_overrides_are_removed_and_marks_kept() {
        let limits = TextLimits { required: true, max_chars: 100 };
        let parsed = BoundedText::parse("f", "faktura\u{202e}gnp.exe \u{2067}مرحبا\u{2069} \u{200f}ok", limits).unwrap().unwrap();
        assert_eq!(parsed.as_str(), "fakturagnp.exe مرحبا \u{200f}ok");
        assert!(BoundedText::parse("f", "\u{202e}", limits).is_err(), "nothing left: required");
    }

    const BODY: TextLimits = TextLimits { required: true, max_chars: 10 };

    #[test]
    fn text_is_trimmed_and_limited_in_characters() {
        assert_eq!(BoundedText::parse("body", "  hei  ", BODY).unwrap().unwrap().as_str(), "hei");
        assert_eq!(BoundedText::parse("body", "   ", BODY).unwrap_err(), FieldError::new("body", "validation.required"));
        assert_eq!(BoundedText::parse("body", "", TextLimits { required: false, ..BODY }).unwrap(), None);
        assert_eq!(BoundedText::parse("body", "12345678901", BODY).unwrap_err().key, "validation.too_long");
        // Ten characters of four bytes each are allowed; characters, not bytes, are what people count.
        assert!(BoundedText::parse("body", &"😀".repeat(10), BODY).is_ok());
    }

    #[test]
    fn html_right_to_left_and_combining_text_is_kept_verbatim() {
        let limits = TextLimits { required: true, max_chars: 200 };
        for text in ["</textarea><script>alert(1)</script>", "مرحبا بالعالم", "e\u{301}le\u{300}ve", "line one\nline two"] {
            assert_eq!(BoundedText::parse("body", text, limits).unwrap().unwrap().as_str(), text);
        }
        assert_eq!(BoundedText::parse("body", "a\r\nb", limits).unwrap().unwrap().as_str(), "a\nb");
        assert_eq!(BoundedText::parse("body", "a\u{0}b", limits).unwrap_err().key, "validation.control_characters");
    }
}
