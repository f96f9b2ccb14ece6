//! Properties that hold for any text: the default pipeline never fails or panics on it,
//! and every fact (and anchored position) cuts exactly its text out of the original,
//! counting code points.

use proptest::prelude::*;
use quarry_core::input::{parse_text, Record};
use quarry_core::{output, Pipeline};
use serde_json::Value;

/// Pieces that trigger every extractor, mixed with arbitrary text.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{0,12}",
        1 => Just("\"".to_owned()),
        1 => Just("“".to_owned()),
        1 => Just("”".to_owned()),
        1 => Just("``".to_owned()),
        1 => Just(" said Kim. ".to_owned()),
        1 => Just(" he said, ".to_owned()),
        1 => Just(" as “".to_owned()),
        1 => Just("’ ― Kim".to_owned()),
        1 => Just(" ''".to_owned()),
        1 => Just("killed at least two civilians".to_owned()),
        1 => Just(" Two dead, ".to_owned()),
        1 => Just("on November 11".to_owned()),
        1 => Just("last Friday".to_owned()),
        1 => Just(" 1999 ".to_owned()),
        1 => Just("\n\n".to_owned()),
        1 => Just("é👩‍👩‍👧\u{301}".to_owned()),
        1 => Just(" date 2022-11-11 ".to_owned()),
        // The casualty rules' phrasings and the layer's tokens: numbers, ages,
        // abbreviations, phrases, asides, conjuncts, tolls.
        1 => Just(" were killed".to_owned()),
        1 => Just("took 20 people hostage".to_owned()),
        1 => Just(" lost their lives".to_owned()),
        1 => Just("among the dead ".to_owned()),
        1 => Just(", including two children,".to_owned()),
        1 => Just("At least 12 other children and one adult were wounded".to_owned()),
        1 => Just("the death toll rose to ".to_owned()),
        1 => Just(" a 17-year-old ".to_owned()),
        1 => Just("Gov. U.S. M. ".to_owned()),
        1 => Just("no fewer than twenty-one ".to_owned()),
        1 => Just("18446744073709551616 ".to_owned()),
    ]
}

fn document_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|pieces| pieces.concat())
}

fn check(text: &str, pipeline: &Pipeline) -> Result<(), TestCaseError> {
    let record = parse_text("doc.txt", text.as_bytes().to_vec());
    let Record::Doc(doc) = &record else {
        return Err(TestCaseError::fail(
            "valid UTF-8 text became an invalid record",
        ));
    };
    let result = pipeline.run(doc);
    prop_assert!(
        result.errors.is_empty(),
        "stage errors: {:?}",
        result.errors
    );
    let line = output::record_json(&record, &result);
    let chars: Vec<char> = text.chars().collect();
    let cut = |start: &Value, end: &Value| -> Result<String, TestCaseError> {
        let (s, e) = (
            start.as_u64().unwrap() as usize,
            end.as_u64().unwrap() as usize,
        );
        prop_assert!(
            s <= e && e <= chars.len(),
            "span {}..{} outside {} chars",
            s,
            e,
            chars.len()
        );
        Ok(chars[s..e].iter().collect())
    };
    for fact in line["facts"].as_array().unwrap() {
        prop_assert_eq!(
            cut(&fact["start"], &fact["end"])?,
            fact["text"].as_str().unwrap()
        );
        let attrs = &fact["attrs"];
        if let (Some(_), Some(_)) = (attrs.get("speaker_start"), attrs.get("speaker_end")) {
            let written = attrs.get("speaker_text").or(attrs.get("speaker")).unwrap();
            prop_assert_eq!(
                cut(&attrs["speaker_start"], &attrs["speaker_end"])?,
                written.as_str().unwrap()
            );
        }
    }
    Ok(())
}

/// A number phrase of number words, digits and the words between them, as text writes
/// them and past what 64 bits hold (`hundred` eleven times).
fn number_phrase() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("one".to_owned()),
        Just("twelve".to_owned()),
        Just("ninety".to_owned()),
        Just("hundred".to_owned()),
        Just("thousand".to_owned()),
        Just("million".to_owned()),
        Just("billion".to_owned()),
        Just("dozen".to_owned()),
        Just("dozens".to_owned()),
        Just("a".to_owned()),
        Just("and".to_owned()),
        "[0-9,.]{1,25}",
        "\\PC{0,4}",
    ];
    prop::collection::vec(word, 1..16).prop_map(|words| words.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The one number parser never panics or wraps: a phrase's value is at least the
    /// largest scale word it multiplies, or no value at all.
    #[test]
    fn number_phrases_never_overflow(phrase in number_phrase()) {
        let value = quarry_numbers::parse(&phrase);
        if phrase.split(' ').filter(|w| *w == "hundred").count() >= 11 && !phrase.contains(|c: char| c.is_ascii_digit()) {
            prop_assert!(value.and_then(quarry_numbers::Amount::exact).is_none_or(|n| n >= 100), "{phrase}: {value:?}");
        }
        if let Some(quarry_numbers::Amount::Exact(n)) = value {
            for (scale, at_least) in [("billion", 1_000_000_000u64), ("million", 1_000_000)] {
                if phrase.split(' ').any(|w| w == scale) && !phrase.contains(|c: char| c.is_ascii_digit()) {
                    prop_assert!(n >= at_least, "{phrase}: {n}");
                }
            }
        }
    }

    #[test]
    fn any_text_gives_facts_that_cut_their_own_text(text in document_text()) {
        quarry_dates::link();
        quarry_quotes::link();
        quarry_casualties::link();
        let pipeline = Pipeline::default_builtins().expect("the default pipeline builds");
        check(&text, &pipeline)?;
    }

    #[test]
    fn arbitrary_unicode_never_breaks_the_pipeline(text in "\\PC{0,400}") {
        quarry_dates::link();
        quarry_quotes::link();
        quarry_casualties::link();
        let pipeline = Pipeline::default_builtins().expect("the default pipeline builds");
        check(&text, &pipeline)?;
    }
}
