//! The `pretty` output format: a readable listing of each document's facts, coloured by
//! kind on a terminal. It renders the same JSON object as the `jsonl` format, so the two
//! never disagree on what was found.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
use serde_json::Value;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const ERROR: Style = AnsiColor::Red.on_default().bold();

fn kind_style(kind: &str) -> Style {
    match kind {
        "date" => AnsiColor::Cyan.on_default(),
        "quote" => AnsiColor::Green.on_default(),
        "casualty" => AnsiColor::Magenta.on_default(),
        _ => AnsiColor::Yellow.on_default(),
    }
}

pub fn render(line: &Value, colour: bool) -> Vec<u8> {
    let paint = |style: Style, text: &str| {
        if colour {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    };
    let mut out = String::new();
    let id = line["id"].as_str().unwrap_or_default();
    let facts = line["facts"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let _ = writeln!(out, "{} ({} facts)", paint(BOLD, id), facts.len());
    for fact in facts {
        let kind = fact["kind"].as_str().unwrap_or_default();
        let _ = write!(
            out,
            "  {} {}..{} {}",
            paint(kind_style(kind), &format!("{kind:<9}")),
            fact["start"],
            fact["end"],
            paint(
                BOLD,
                &format!("{:?}", fact["text"].as_str().unwrap_or_default())
            ),
        );
        if let Some(attrs) = fact["attrs"].as_object() {
            for (key, value) in attrs {
                let value = match value {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                let _ = write!(out, " {}={}", paint(DIM, key), value);
            }
        }
        let _ = writeln!(
            out,
            " {}",
            paint(
                DIM,
                &format!("[{}]", fact["source"].as_str().unwrap_or_default())
            )
        );
    }
    for error in line["errors"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let _ = writeln!(
            out,
            "  {} {}: {}",
            paint(ERROR, "error"),
            error["stage"].as_str().unwrap_or_default(),
            error["message"].as_str().unwrap_or_default()
        );
    }
    out.push('\n');
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_facts_with_attrs_and_errors_without_colour() {
        let line = serde_json::json!({
            "id": "d1",
            "facts": [{"kind": "date", "start": 3, "end": 14, "text": "November 11",
                       "source": "dates", "attrs": {"type": "DATE", "value": "2022-11-11"}}],
            "errors": [{"stage": "quotes", "message": "boom"}],
        });
        let text = String::from_utf8(render(&line, false)).unwrap();
        assert_eq!(
            text,
            "d1 (1 facts)\n  date      3..14 \"November 11\" type=DATE value=2022-11-11 [dates]\n  error quotes: boom\n\n"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let line = serde_json::json!({"id": "d", "facts": [], "errors": []});
        assert!(!String::from_utf8(render(&line, false))
            .unwrap()
            .contains('\x1b'));
        assert!(String::from_utf8(render(&line, true))
            .unwrap()
            .contains('\x1b'));
    }
}
