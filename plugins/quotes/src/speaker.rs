//! Picks the attribution of each quote from the cues around it:
//! 1. a dash and a name right after the closing mark (`“…” ― Jacklyn Ashley`), as
//!    testimonials and epigraphs are signed;
//!    and a transcript's line that opens with its speaker (`“WALLACE: Let's start…”`);
//! 2. a cue right after the closing mark, when the sentence goes on (`"…," the military said`);
//! 3. else the nearest cue with a subject earlier in the same sentence
//!    (`Zelenskiy said: "…"`, `Podolyak said the landmines turned Kherson into a “city of death”`);
//! 4. else, for a quote that is a sentence of its own, the attribution of the quote before
//!    it (a quotation that goes on after its cue, or over several paragraphs);
//! 5. else nobody: titles and scare quotes (`a so-called “referendum”`) get no speaker.

use crate::cues::Cue;
use crate::{Attribution, Quote};
use quarry_text::Quoted;
use quarry_text::{floor_char_boundary, sentence_end, sentence_start};

/// How far after a closing mark its cue may start (`," the regional governor's office said`).
const MAX_GAP_AFTER: usize = 120;

pub fn attribute(text: &str, quoted: &[Quoted], cues: &[Cue<'_>]) -> Vec<Quote> {
    // Quotes and cues come in text order: lookups are binary searches, so that a document
    // with many quotes stays linear-logarithmic.
    let inside_quote = |pos: usize| {
        let after = quoted.partition_point(|q| q.open <= pos);
        after > 0 && pos < quoted[after - 1].close
    };
    let cues: Vec<&Cue<'_>> = cues
        .iter()
        .filter(|c| !inside_quote(c.verb.start))
        .collect();
    let mut quotes: Vec<Quote> = Vec::with_capacity(quoted.len());
    for (index, q) in quoted.iter().enumerate() {
        let next_open = quoted.get(index + 1).map_or(text.len(), |n| n.open);
        let attribution = if is_named_thing(text, q) || is_heading(text, q) {
            None
        } else if after_as(text, q) {
            // `known in Nigeria as “bandits”` names a thing; `Clinton cited his references
            // to Machado as “Miss Piggy”` reports words: only a cue in the sentence says so.
            cue_before(text, q, &cues)
        } else {
            signed(text, q)
                .or_else(|| labelled(text, q))
                .or_else(|| cue_after(text, q, next_open, &cues))
                .or_else(|| cue_before(text, q, &cues))
                .or_else(|| continued(text, q, quotes.last()))
        };
        quotes.push(Quote {
            span: q.span,
            attribution,
        });
    }
    quotes
}

fn attribution_of(cue: &Cue<'_>) -> Option<Attribution> {
    let subject = cue.subject()?;
    Some(Attribution {
        speaker: subject.text.clone(),
        speaker_span: subject.span,
        pronoun: subject.is_pronoun.then(|| subject.text.clone()),
        cue: Some(cue.verb_text.to_owned()),
    })
}

fn cue_after(text: &str, q: &Quoted, next_open: usize, cues: &[&Cue<'_>]) -> Option<Attribution> {
    if !q.closed {
        return None;
    }
    let rest = text[q.close..].trim_start_matches([' ', '\t']);
    let continues = rest.starts_with(|c: char| c.is_lowercase() || c == ',')
        || !ends_sentence(&text[q.span.start..q.span.end]);
    if !continues {
        return None;
    }
    let limit = sentence_end(text, q.close)
        .min(next_open)
        .min(q.close + MAX_GAP_AFTER);
    let first = cues.partition_point(|c| c.verb.start < q.close);
    cues[first..]
        .iter()
        .take_while(|c| c.verb.start < limit)
        .find(|c| {
            c.subject()
                .is_some_and(|s| !s.after_verb || s.span.start < limit + 80)
        })
        .and_then(|c| attribution_of(c))
}

/// The most words a signature's name has (`Azucena Gonzàlez`, `Mary J. Blige`).
const SIGNATURE_WORDS: usize = 4;

/// `“…” ― Jacklyn Ashley`: a quote signed with a dash and a capitalised name that ends its
/// line or clause. The dash is the cue.
fn signed(text: &str, q: &Quoted) -> Option<Attribution> {
    if !q.closed {
        return None;
    }
    let after = text[q.close..].trim_start_matches([' ', '\t']);
    let dash = after
        .chars()
        .next()
        .filter(|c| matches!(c, '―' | '—' | '–' | '-'))?;
    let name_from = q.close + (text.len() - q.close - after.len()) + dash.len_utf8();
    let line_end = text[name_from..]
        .find('\n')
        .map_or(text.len(), |i| name_from + i);
    let tokens = quarry_text::tokens::tokenize(text, name_from, line_end);
    let words = tokens
        .iter()
        .take(SIGNATURE_WORDS + 1)
        .take_while(|token| token.shape.is_capitalised())
        .count();
    let ends_clause = tokens
        .get(words)
        .is_none_or(|next| matches!(&*next.lower, "," | "." | ";" | "(" | ")"));
    if words == 0 || words > SIGNATURE_WORDS || !ends_clause {
        return None;
    }
    let span = quarry_core::Span::new(tokens[0].start, tokens[words - 1].end);
    Some(named(text, span, &dash.to_string()))
}

/// The attribution to the name written at `span`, with the mark that attributes it.
fn named(text: &str, span: quarry_core::Span, cue: &str) -> Attribution {
    Attribution {
        speaker: text[span.start..span.end].to_owned(),
        speaker_span: span,
        pronoun: None,
        cue: Some(cue.to_owned()),
    }
}

/// `“PENCE: Well, look…”`: a quote that opens with a name in capitals and a colon, as
/// transcripts give their speakers.
fn labelled(text: &str, q: &Quoted) -> Option<Attribution> {
    let opening_end = floor_char_boundary(text, (q.span.start + 60).min(q.span.end));
    let tokens = quarry_text::tokens::tokenize(text, q.span.start, opening_end);
    let colon = tokens
        .iter()
        .take(SIGNATURE_WORDS + 1)
        .position(|t| t.is(":"))?;
    let name = &tokens[..colon];
    let in_capitals = |t: &&quarry_text::Token| {
        // Three letters at least: `US: …` and `UN: …` open headlines, not lines.
        t.shape == quarry_text::Shape::AllCaps && t.end - t.start >= 3
    };
    if name.is_empty() || !name.iter().all(|t| in_capitals(&t)) {
        return None;
    }
    let span = quarry_core::Span::new(name[0].start, name[name.len() - 1].end);
    Some(named(text, span, ":"))
}

fn cue_before(text: &str, q: &Quoted, cues: &[&Cue<'_>]) -> Option<Attribution> {
    let start = sentence_start(text, q.open);
    let before = cues.partition_point(|c| c.verb.end <= q.open);
    cues[..before]
        .iter()
        .rev()
        .take_while(|c| c.verb.start >= start)
        .find(|c| c.subject().is_some_and(|s| s.span.end <= q.open))
        .and_then(|c| attribution_of(c))
}

/// A quote that is a whole sentence of its own, with no cue, continues the previous
/// quote's speaker: `“…,” said Kim. “More words.”` or a new paragraph of the same speech.
fn continued(text: &str, q: &Quoted, previous: Option<&Quote>) -> Option<Attribution> {
    let sentence = sentence_start(text, q.open);
    if !text[sentence..q.open].trim().is_empty() {
        return None;
    }
    previous?.attribution.clone()
}

fn ends_sentence(content: &str) -> bool {
    content.trim_end().ends_with(['.', '!', '?', '…'])
}

/// `so-called “referendum”`, `dubbed “Operation X”`, `known in Nigeria as “bandits”`:
/// a name, not speech.
fn is_named_thing(text: &str, q: &Quoted) -> bool {
    let before = text[..q.open].trim_end();
    let ends_with = |word: &str| {
        before.len() >= word.len()
            && before.as_bytes()[before.len() - word.len()..].eq_ignore_ascii_case(word.as_bytes())
    };
    [
        "so-called",
        "dubbed",
        "called",
        "named",
        "titled",
        "entitled",
        "known as",
        "the word",
        "the term",
    ]
    .iter()
    .any(|w| ends_with(w))
}

/// A short quote right after `as` (`described as “unhinged”`, `known locally as “bandits”`).
fn after_as(text: &str, q: &Quoted) -> bool {
    let before = text[..q.open].trim_end();
    let short = text[q.span.start..q.span.end].split_whitespace().count() <= 3;
    short && before.len() >= 3 && before.as_bytes()[before.len() - 3..].eq_ignore_ascii_case(b" as")
}

/// A quotation that is a paragraph of its own and ends without punctuation is a heading
/// or a title (`“Everything they can do”` between two paragraphs), not speech.
fn is_heading(text: &str, q: &Quoted) -> bool {
    let alone_before = q.open == 0 || text[..q.open].trim_end_matches([' ', '\t']).ends_with('\n');
    let after = text[q.close..].trim_start_matches([' ', '\t']);
    let alone_after = after.is_empty() || after.starts_with('\n');
    let content = text[q.span.start..q.span.end].trim_end();
    alone_before && alone_after && !content.ends_with(['.', ',', '!', '?', '…', ':', ';'])
}

#[cfg(test)]
mod tests {
    use crate::find_quotes;

    fn speakers(text: &str) -> Vec<(String, Option<String>)> {
        find_quotes(text)
            .into_iter()
            .map(|q| {
                (
                    text[q.span.start..q.span.end].to_owned(),
                    q.attribution.map(|a| a.speaker),
                )
            })
            .collect()
    }

    fn q(text: &str, speaker: Option<&str>) -> (String, Option<String>) {
        (text.to_owned(), speaker.map(str::to_owned))
    }

    #[test]
    fn cue_after_and_before() {
        assert_eq!(
            speakers("\"Loot continues,\" the military said. Kim said: \"Two dead.\""),
            [
                q("Loot continues,", Some("the military")),
                q("Two dead.", Some("Kim"))
            ]
        );
    }

    #[test]
    fn partial_quotes_belong_to_the_sentence_speaker() {
        assert_eq!(
            speakers("Mykhaylo Podolyak said the landmines turned Kherson into a “city of death” and predicted more."),
            [q("city of death", Some("Mykhaylo Podolyak"))]
        );
    }

    #[test]
    fn scare_quotes_get_no_speaker() {
        assert_eq!(
            speakers("Officials said the so-called “referendum” was a sham."),
            [q("referendum", None)]
        );
    }

    #[test]
    fn names_and_headings_get_no_speaker() {
        assert_eq!(
            speakers("Gunmen known in Nigeria as “bandits” kidnapped 52 people, residents said."),
            [q("bandits", None)]
        );
        assert_eq!(
            speakers("Kim said so.\n\n“Everything they can do”\n\nA resident said more."),
            [q("Everything they can do", None)]
        );
    }

    #[test]
    fn a_quote_signed_with_a_dash_and_a_name_is_that_person_s() {
        assert_eq!(
            speakers("“I cannot believe how low we got.” ― Jacklyn Ashley\n\n“Next.” — Azucena Gonzàlez, 41"),
            [
                q("I cannot believe how low we got.", Some("Jacklyn Ashley")),
                q("Next.", Some("Azucena Gonzàlez"))
            ]
        );
        // A dash that goes on with the sentence is not a signature.
        assert_eq!(
            speakers("He read “the rules” - Kim Jong Un was there too - and left."),
            [q("the rules", None)]
        );
    }

    #[test]
    fn words_reported_after_as_have_the_sentence_speaker_and_names_none() {
        assert_eq!(
            speakers("Clinton cited his references to Machado as “Miss Piggy” at the debate."),
            [q("Miss Piggy", Some("Clinton"))]
        );
        assert_eq!(
            speakers("The gangs, known locally as “bandits”, came at night."),
            [q("bandits", None)]
        );
        // Not a character boundary three bytes before the mark.
        assert_eq!(speakers("preview of ‘The 411’. “Go”"), [q("Go", None)]);
    }

    #[test]
    fn a_transcript_line_is_its_labelled_speaker_s() {
        assert_eq!(
            speakers("“WALLACE: Let’s start with the news.”\n\n“PENCE: Well, look.”"),
            [
                q("WALLACE: Let’s start with the news.", Some("WALLACE")),
                q("PENCE: Well, look.", Some("PENCE"))
            ]
        );
        assert_eq!(speakers("“US: a country.”"), [q("US: a country.", None)]);
    }

    #[test]
    fn a_paragraph_of_quote_continues_the_speaker() {
        assert_eq!(
            speakers("Kim said: “First part.\n\n“Second part,” Kim said."),
            [
                q("First part.", Some("Kim")),
                q("Second part,", Some("Kim"))
            ]
        );
    }
}
