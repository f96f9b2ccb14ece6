//! Casualty terms: the casualty words of a token list, each a single word
//! (`lexicon/casualty_words.tsv`) or a phrase of several (`lost their lives`, `shot dead`,
//! from `lexicon/casualty_phrases.tsv`). Where a phrase matches, it replaces the words it
//! is made of, the longest phrase first.

use crate::chunks::is_phrase_word;
use crate::lexicon::{casualty_phrases, CasualtyWord, Classes, PhraseWord};
use crate::tokens::Token;

/// A casualty term: tokens `first..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub first: usize,
    pub end: usize,
    pub word: CasualtyWord,
}

/// The casualty terms of `tokens`, in order, not overlapping.
pub fn casualty_terms(tokens: &[Token]) -> Vec<Term> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some(term) = phrase_at(tokens, i) {
            i = term.end;
            out.push(term);
        } else {
            if let Some(word) = tokens[i].casualty {
                out.push(Term {
                    first: i,
                    end: i + 1,
                    word,
                });
            }
            i += 1;
        }
    }
    out
}

fn phrase_at(tokens: &[Token], i: usize) -> Option<Term> {
    if !tokens[i].has(Classes::CASUALTY_PHRASE) {
        return None;
    }
    casualty_phrases().iter().find_map(|(words, word)| {
        let matches = words.iter().enumerate().all(|(k, w)| {
            tokens.get(i + k).is_some_and(|t| match w {
                PhraseWord::Exact(lower) => t.is(lower),
                PhraseWord::Possessive => matches!(&*t.lower, "his" | "her" | "their" | "its"),
                PhraseWord::Modifier => is_phrase_word(t),
            })
        });
        matches.then_some(Term {
            first: i,
            end: i + words.len(),
            word: *word,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{Category, Roles};
    use crate::tokens::tokenize;

    fn terms(text: &str) -> Vec<(String, Category, bool)> {
        let tokens = tokenize(text, 0, text.len());
        casualty_terms(&tokens)
            .iter()
            .map(|t| {
                (
                    text[tokens[t.first].start..tokens[t.end - 1].end].to_owned(),
                    t.word.category,
                    t.word.roles.has(Roles::VERB),
                )
            })
            .collect()
    }

    #[test]
    fn phrases_replace_their_words() {
        assert_eq!(
            terms("police shot dead a man; 30 people lost their lives, two injured"),
            [
                ("shot dead".to_owned(), Category::Killed, true),
                ("lost their lives".to_owned(), Category::Killed, false),
                ("injured".to_owned(), Category::Injured, true),
            ]
        );
        assert_eq!(
            terms("attacks that claim civilian lives; 130 children held captive"),
            [
                ("claim civilian lives".to_owned(), Category::Killed, false),
                ("held captive".to_owned(), Category::Captured, false),
            ]
        );
        assert_eq!(terms("they shot a film and held a meeting"), []);
    }
}
