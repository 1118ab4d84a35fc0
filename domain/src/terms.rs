//! Words and two-word phrases in residents' texts, for the insight's "what
//! grows" (issue 15): lower-cased, split on anything that is not a letter,
//! without the common words of bokmål, nynorsk and English, and without
//! anything holding a digit (phone numbers, national identity numbers,
//! house numbers) or shorter than three letters. Counted once per item, so
//! a word tells how many items use it, not how often one resident repeats it.

use std::collections::{BTreeSet, HashMap};

/// Common words of bokmål, nynorsk and English, which say nothing about a theme.
pub const STOP_WORDS: &[&str] = &[
    // bokmål
    "alle", "alt", "andre", "at", "av", "bare", "ble", "blei", "bli", "blir", "blitt", "både", "da", "de", "dem", "den", "denne", "der", "dere", "deres", "det",
    "dette", "di", "din", "disse", "dit", "ditt", "du", "eller", "en", "ene", "enn", "er", "et", "ett", "etter", "for", "fordi", "fra", "før", "ha", "hadde",
    "han", "hans", "har", "hele", "hennes", "her", "hun", "hva", "hvem", "hver", "hvilke", "hvilken", "hvis", "hvor", "hvordan", "hvorfor", "ikke", "ingen",
    "inn", "jeg", "kan", "kom", "kommer", "kun", "kunne", "man", "mange", "med", "meg", "mellom", "men", "mer", "mest", "min", "mine", "mitt", "mot", "mye",
    "må", "måtte", "ned", "noe", "noen", "nok", "nå", "når", "og", "også", "om", "opp", "oss", "over", "på", "samme", "seg", "selv", "sin", "sine", "sitt",
    "skal", "skulle", "slik", "som", "så", "sånn", "til", "tilbake", "uten", "var", "vi", "ved", "vil", "ville", "være", "vært", "vår", "våre", "vårt",
    "igjen", "fikk", "får", "gang", "gjør", "gjorde", "helt", "veldig", "litt", "enda", "ennå", "sammen", "dag", "dager", "uke", "uker", // nynorsk
    "ein", "eit", "eg", "ho", "dei", "deira", "kva", "kven", "korleis", "kvifor", "kvar", "ikkje", "berre", "frå", "vere", "vore", "meir", "noko", "nokon",
    "sjølv", "mykje", "skulle", "kunne", "hjå", "òg", "sidan", "utan", "mellom", "fekk", "gjer", "gjorde", "heile", // English
    "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out", "has", "have", "him", "his", "how", "its",
    "may", "new", "now", "own", "say", "she", "too", "use", "who", "why", "with", "this", "that", "they", "them", "their", "there", "then", "than", "what",
    "when", "where", "which", "will", "would", "could", "should", "been", "being", "from", "into", "about", "after", "again", "also", "just", "more", "most",
    "only", "over", "some", "such", "very", "were", "your", "yours", "because", "did", "does", "doing", "get", "got",
];

fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// The words and two-word phrases of one text, each once, in a stable
/// order. A phrase is two kept words that stand next to each other in
/// the text with nothing but spaces between them.
pub fn terms(text: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut words = BTreeSet::new();
    let mut phrases = BTreeSet::new();
    let mut previous: Option<String> = None;
    for (token, joined) in tokens(text) {
        let keep = token.chars().count() >= 3 && !token.chars().any(|c| c.is_numeric()) && !is_stop_word(&token);
        if !keep {
            previous = None;
            continue;
        }
        if let (Some(before), true) = (previous.take(), joined) {
            phrases.insert(format!("{before} {token}"));
        }
        words.insert(token.clone());
        previous = Some(token);
    }
    (words, phrases)
}

/// Lower-cased runs of letters and digits (not folded as search folds
/// them: the words are shown, and "fått" is not "fatt"), each with whether only spaces stood between it and the one before (a
/// comma or full stop breaks a phrase).
fn tokens(text: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut joined = false;
    let mut gap_is_space = true;
    let push = |current: &mut String, joined: bool, out: &mut Vec<(String, bool)>| {
        out.push((current.to_lowercase(), joined));
        current.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            if current.is_empty() {
                joined = gap_is_space && !out.is_empty();
            }
            current.push(c);
        } else {
            if !current.is_empty() {
                push(&mut current, joined, &mut out);
                gap_is_space = true;
            }
            if !c.is_whitespace() {
                gap_is_space = false;
            }
        }
    }
    if !current.is_empty() {
        push(&mut current, joined, &mut out);
    }
    out
}

/// Terms with the number of items using each.
pub type Counted = Vec<(String, i64)>;

/// How many of `texts` use each word and each phrase, the most used first
/// (then alphabetically), those used by fewer than `minimum` left out, at
/// most `most` of each.
pub fn most_used<'a>(texts: impl IntoIterator<Item = &'a str>, minimum: i64, most: usize) -> (Counted, Counted) {
    let mut word_counts: HashMap<String, i64> = HashMap::new();
    let mut phrase_counts: HashMap<String, i64> = HashMap::new();
    for text in texts {
        let (words, phrases) = terms(text);
        words.into_iter().for_each(|w| *word_counts.entry(w).or_default() += 1);
        phrases.into_iter().for_each(|p| *phrase_counts.entry(p).or_default() += 1);
    }
    let top = |counts: HashMap<String, i64>| {
        let mut list: Vec<(String, i64)> = counts.into_iter().filter(|(_, n)| *n >= minimum.max(1)).collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(most);
        list
    };
    (top(word_counts), top(phrase_counts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_cased_without_common_words_digits_or_short_ones() {
        let (words, phrases) = terms("Det er STØY fra naboen hver natt, ring 41234567. Naboen spiller høy musikk i oppgang B.");
        assert_eq!(words.into_iter().collect::<Vec<_>>(), ["høy", "musikk", "naboen", "natt", "oppgang", "ring", "spiller", "støy"]);
        assert!(phrases.contains("høy musikk") && phrases.contains("naboen spiller") && !phrases.contains("støy naboen"), "{phrases:?}");
        assert!(!phrases.iter().any(|p| p.contains("natt ring")), "a comma breaks a phrase: {phrases:?}");
    }

    #[test]
    fn nynorsk_and_english_common_words_go_too() {
        let (words, _) = terms("Eg har ikkje fått svar frå dei. We have not heard from them about the mould.");
        assert_eq!(words.into_iter().collect::<Vec<_>>(), ["fått", "heard", "mould", "svar"]);
    }

    #[test]
    fn each_item_counts_once_and_rare_terms_are_left_out() {
        let texts = ["mugg mugg mugg på badet", "mugg i kjelleren", "fukt og mugg på badet", "kald leilighet"];
        let (words, phrases) = most_used(texts, 2, 10);
        assert_eq!(words, [("mugg".to_string(), 3), ("badet".to_string(), 2)]);
        assert!(phrases.is_empty(), "no phrase in two items: {phrases:?}");
        let (_, phrases) = most_used(["kald leilighet nå", "en kald leilighet"], 2, 10);
        assert_eq!(phrases, [("kald leilighet".to_string(), 2)]);
    }
}
