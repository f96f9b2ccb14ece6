//! Writes the report page: one HTML file with its style, script and data inline, so it can
//! be mailed or archived and opened anywhere without a server or network. Facts are
//! escaped on the way in; the page never loads anything.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use serde_json::Value;

use super::marks::{self, Event, Highlight};
use super::{ShownDoc, Summary};

const STYLE: &str = include_str!("../../templates/report/report.css");
const SCRIPT: &str = include_str!("../../templates/report/report.js");

/// Colours of the built-in kinds; other kinds take the palette in turn.
const KNOWN_COLOURS: [(&str, &str); 3] = [
    ("date", "#ffd54f"),
    ("quote", "#b3d9ff"),
    ("casualty", "#ff9e9e"),
];
const PALETTE: [&str; 6] = [
    "#b9f6ca", "#e1bee7", "#ffcc80", "#b2ebf2", "#f0f4c3", "#d7ccc8",
];

pub fn write(
    out: &mut impl Write,
    docs: &[ShownDoc],
    overall: &Summary,
    source: &Path,
) -> io::Result<()> {
    let kinds = kinds_in_order(overall);
    let mut html = String::new();
    let title = format!("quarry report: {}", source.display());
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{STYLE}{}</style>\n</head>\n<body>\n",
        escape(&title),
        kind_style(&kinds)
    );
    let _ = write!(
        html,
        "<header>\n<h1>quarry report</h1>\n<p class=\"source\">{}: {} document{}{}</p>\n{}</header>\n<main>\n",
        escape(&source.display().to_string()),
        overall.documents,
        if overall.documents == 1 { "" } else { "s" },
        if docs.len() < overall.documents {
            format!(", the first {} shown", docs.len())
        } else {
            String::new()
        },
        legend(&kinds, overall)
    );
    let _ = write!(
        html,
        "<section id=\"overall\">\n<h2>Overall</h2>\n{}</section>\n",
        summary_table(overall, true)
    );
    let mut data = Vec::new();
    for (index, doc) in docs.iter().enumerate() {
        document(&mut html, index, doc, &kinds, &mut data);
    }
    let data = serde_json::to_string(&data).map_err(io::Error::other)?;
    let _ = write!(
        html,
        "</main>\n<aside id=\"details\" hidden>\n<button type=\"button\" id=\"details-close\" aria-label=\"close\">×</button>\n<h3 id=\"details-kind\"></h3>\n<p id=\"details-text\"></p>\n<table id=\"details-attrs\"></table>\n</aside>\n<script type=\"application/json\" id=\"facts\">{}</script>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n",
        // `<` escaped so that no string in the data can close the script element.
        data.replace('<', "\\u003c")
    );
    out.write_all(html.as_bytes())
}

/// The built-in kinds first, then the others alphabetically.
fn kinds_in_order(overall: &Summary) -> Vec<String> {
    let known = KNOWN_COLOURS.iter().map(|(kind, _)| *kind);
    let mut kinds: Vec<String> = known
        .filter(|kind| overall.facts_by_kind.contains_key(*kind))
        .map(str::to_owned)
        .collect();
    for kind in overall.facts_by_kind.keys() {
        if !kinds.contains(kind) {
            kinds.push(kind.clone());
        }
    }
    kinds
}

fn colour(kinds: &[String], index: usize) -> &'static str {
    let kind = kinds[index].as_str();
    let others_before = kinds[..index]
        .iter()
        .filter(|k| !KNOWN_COLOURS.iter().any(|(known, _)| known == k))
        .count();
    KNOWN_COLOURS
        .iter()
        .find(|(known, _)| *known == kind)
        .map_or(PALETTE[others_before % PALETTE.len()], |(_, colour)| colour)
}

/// One colour class per kind, and the rule that hides it when its filter is off.
fn kind_style(kinds: &[String]) -> String {
    let mut css = String::new();
    for index in 0..kinds.len() {
        let colour = colour(kinds, index);
        let _ = writeln!(
            css,
            ".k{index} {{ background: {colour}; }}\nbody.hide-{index} mark.k{index} {{ background: transparent; box-shadow: none; cursor: text; }}"
        );
    }
    css
}

fn legend(kinds: &[String], overall: &Summary) -> String {
    let mut html = String::from("<div id=\"legend\">\n");
    for (index, kind) in kinds.iter().enumerate() {
        let _ = writeln!(
            html,
            "<label class=\"legend-item\"><input type=\"checkbox\" checked data-kind=\"{index}\"> <span class=\"swatch k{index}\"></span> {} ({})</label>",
            escape(kind),
            overall.facts_by_kind[kind]
        );
    }
    html.push_str("</div>\n");
    html
}

fn summary_table(summary: &Summary, overall: bool) -> String {
    let mut html = String::from("<table class=\"summary\">\n");
    if overall {
        let _ = writeln!(
            html,
            "<tr><th>documents</th><td>{}</td></tr>\n<tr><th>documents with errors</th><td>{}</td></tr>",
            summary.documents, summary.with_errors
        );
    }
    for (kind, count) in &summary.facts_by_kind {
        let _ = writeln!(
            html,
            "<tr><th>{} facts</th><td>{count}</td></tr>",
            escape(kind)
        );
    }
    html.push_str("</table>\n");
    if !summary.casualties.is_empty() {
        html.push_str("<table class=\"casualties\">\n<tr><th>casualties</th><th>people counted</th><th>mentions without a number</th></tr>\n");
        for (category, total) in &summary.casualties {
            let _ = writeln!(
                html,
                "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
                escape(category),
                total.people,
                total.uncounted
            );
        }
        html.push_str("</table>\n");
    }
    html
}

fn document(
    html: &mut String,
    index: usize,
    doc: &ShownDoc,
    kinds: &[String],
    data: &mut Vec<Value>,
) {
    let _ = write!(
        html,
        "<section class=\"doc\" id=\"doc-{index}\">\n<h2>{}</h2>\n",
        escape(&doc.id)
    );
    if let Some(date) = &doc.date {
        let _ = writeln!(html, "<p class=\"date\">document date {}</p>", escape(date));
    }
    html.push_str(&summary_table(&Summary::of(doc), false));
    if !doc.errors.is_empty() {
        html.push_str("<ul class=\"errors\">\n");
        for error in &doc.errors {
            let _ = writeln!(
                html,
                "<li>{}: {}</li>",
                escape(error["stage"].as_str().unwrap_or("?")),
                escape(error["message"].as_str().unwrap_or("?"))
            );
        }
        html.push_str("</ul>\n");
    }
    let first = data.len();
    data.extend(doc.facts.iter().map(|fact| {
        serde_json::json!({
            "doc": doc.id,
            "kind": fact["kind"],
            "text": fact["text"],
            "source": fact["source"],
            "attrs": fact["attrs"],
        })
    }));
    match &doc.text {
        Some(text) => highlighted_text(html, text, &doc.facts, first, kinds),
        None => {
            html.push_str("<p class=\"no-text\">The text of this document was not among the files given with --docs; its facts:</p>\n<ul class=\"fact-list\">\n");
            for (offset, fact) in doc.facts.iter().enumerate() {
                let kind = kind_index(kinds, fact);
                let _ = writeln!(
                    html,
                    "<li><mark class=\"fact k{kind}\" data-kind=\"{kind}\" data-fact=\"{}\" title=\"{}\">{}</mark></li>",
                    first + offset,
                    escape(&tooltip(fact)),
                    escape(fact["text"].as_str().unwrap_or(""))
                );
            }
            html.push_str("</ul>\n");
        }
    }
    html.push_str("</section>\n");
}

/// The text with every fact marked; facts are located by their code-point offsets.
fn highlighted_text(
    html: &mut String,
    text: &str,
    facts: &[Value],
    first: usize,
    kinds: &[String],
) {
    // Byte offset of every code point, and of the end.
    let bytes_at: Vec<usize> = text
        .char_indices()
        .map(|(at, _)| at)
        .chain([text.len()])
        .collect();
    let byte = |value: &Value| {
        value
            .as_u64()
            .and_then(|at| bytes_at.get(usize::try_from(at).ok()?).copied())
    };
    let highlights: Vec<Highlight> = facts
        .iter()
        .enumerate()
        .filter_map(|(id, fact)| {
            Some(Highlight {
                start: byte(&fact["start"])?,
                end: byte(&fact["end"])?,
                id,
            })
        })
        .collect();
    html.push_str("<div class=\"text\">");
    for event in marks::lay(text.len(), &highlights) {
        match event {
            Event::Text(from, to) => html.push_str(&escape(&text[from..to])),
            Event::Open(id) => {
                let fact = &facts[id];
                let kind = kind_index(kinds, fact);
                let _ = write!(
                    html,
                    "<mark class=\"fact k{kind}\" data-kind=\"{kind}\" data-fact=\"{}\" title=\"{}\">",
                    first + id,
                    escape(&tooltip(fact))
                );
            }
            Event::Close => html.push_str("</mark>"),
        }
    }
    html.push_str("</div>\n");
}

fn kind_index(kinds: &[String], fact: &Value) -> usize {
    let kind = fact["kind"].as_str().unwrap_or("?");
    kinds.iter().position(|k| k == kind).unwrap_or(0)
}

/// What hovering shows: the kind and every attribute, `key: value`.
fn tooltip(fact: &Value) -> String {
    let mut tip = fact["kind"].as_str().unwrap_or("?").to_owned();
    if let Some(attrs) = fact["attrs"].as_object() {
        for (key, value) in attrs {
            let value = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let _ = write!(tip, "\n{key}: {value}");
        }
    }
    tip
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
