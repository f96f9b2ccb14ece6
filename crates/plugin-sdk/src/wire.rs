//! The JSON that crosses the boundary. Offsets are byte offsets into the document text
//! (UTF-8), as inside quarry; the host converts them to code points for the output.
//!
//! - document: `{"id", "text", "date": "YYYY-MM-DD"|null, "facts": [fact…]}`
//! - fact: `{"kind", "start", "end", "source", "attrs": {…}, "anchors": {"name": [start, end]}}`
//! - reply: `{"facts": [fact…]}`, or `{"error": "…"}`, or `{"panic": "…"}`

use std::borrow::Cow;

use quarry_core::{json_depth, Document, Fact, Span, MAX_ATTR_DEPTH};
use serde_json::{json, Map, Value};

pub fn encode_document(doc: &Document, earlier: &[Fact]) -> Vec<u8> {
    let value = json!({
        "id": doc.id(),
        "text": doc.text(),
        "date": doc.date().map(|d| d.to_string()),
        "facts": earlier.iter().map(encode_fact).collect::<Vec<_>>(),
    });
    serde_json::to_vec(&value).expect("serializing a JSON value to memory cannot fail")
}

pub fn decode_document(bytes: &[u8]) -> Result<(Document, Vec<Fact>), String> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| format!("document JSON: {e}"))?;
    let id = value["id"].as_str().ok_or("document without \"id\"")?;
    let text = value["text"].as_str().ok_or("document without \"text\"")?;
    let date = match value["date"].as_str() {
        Some(date) => Some(
            date.parse()
                .map_err(|e| format!("document date {date:?}: {e}"))?,
        ),
        None => None,
    };
    let facts = decode_facts(&value["facts"])?;
    Ok((Document::new(id, text).with_date(date), facts))
}

pub fn encode_fact(fact: &Fact) -> Value {
    let anchors: Map<String, Value> = fact
        .anchors
        .iter()
        .map(|(name, span)| (name.to_string(), json!([span.start, span.end])))
        .collect();
    json!({
        "kind": fact.kind,
        "start": fact.span.start,
        "end": fact.span.end,
        "source": fact.source,
        "attrs": fact.attrs.to_json(),
        "anchors": anchors,
    })
}

pub fn decode_facts(value: &Value) -> Result<Vec<Fact>, String> {
    let Some(list) = value.as_array() else {
        return Err("\"facts\" is not a list".into());
    };
    list.iter()
        .enumerate()
        .map(|(i, v)| decode_fact(v).map_err(|e| format!("facts[{i}]: {e}")))
        .collect()
}

fn decode_fact(value: &Value) -> Result<Fact, String> {
    let kind = value["kind"].as_str().ok_or("no \"kind\"")?;
    let offset = |key: &str| {
        value[key]
            .as_u64()
            .map(|n| n as usize)
            .ok_or_else(|| format!("no integer \"{key}\""))
    };
    let (start, end) = (offset("start")?, offset("end")?);
    if start > end {
        return Err(format!("start {start} after end {end}"));
    }
    let mut fact = Fact::new(kind.to_owned(), Span::new(start, end));
    if let Some(source) = value["source"].as_str() {
        fact.source = Cow::Owned(source.to_owned());
    }
    match &value["attrs"] {
        Value::Object(attrs) => {
            for (name, attr) in attrs {
                if json_depth(attr) > MAX_ATTR_DEPTH {
                    return Err(format!(
                        "attr {name:?} nests deeper than {MAX_ATTR_DEPTH} levels"
                    ));
                }
            }
            fact.attrs = attrs.clone().into_iter().collect();
        }
        Value::Null => {}
        _ => return Err("\"attrs\" is not an object".into()),
    }
    if let Some(anchors) = value["anchors"].as_object() {
        for (name, pair) in anchors {
            let (Some(s), Some(e)) = (pair[0].as_u64(), pair[1].as_u64()) else {
                return Err(format!("anchor {name:?} is not [start, end]"));
            };
            if s > e {
                return Err(format!("anchor {name:?}: start {s} after end {e}"));
            }
            fact.anchors
                .push((Cow::Owned(name.clone()), Span::new(s as usize, e as usize)));
        }
    }
    Ok(fact)
}

/// What a plugin answered for one document.
pub enum Reply {
    Facts(Vec<Fact>),
    Error(String),
    Panic(String),
}

impl Reply {
    /// The facts, or the message the document's error carries.
    pub fn into_facts(self) -> Result<Vec<Fact>, String> {
        match self {
            Reply::Facts(facts) => Ok(facts),
            Reply::Error(message) => Err(message),
            Reply::Panic(message) => Err(format!("plugin panicked: {message}")),
        }
    }
}

/// Writes one message of the wire format to a pipe: its length (8 bytes, little-endian),
/// then its bytes. Isolated stages talk to their worker processes this way.
pub fn write_frame(out: &mut impl std::io::Write, bytes: &[u8]) -> std::io::Result<()> {
    out.write_all(&(bytes.len() as u64).to_le_bytes())?;
    out.write_all(bytes)?;
    out.flush()
}

/// Reads one message [`write_frame`] wrote; `Ok(None)` at the end of the stream. A length
/// past `max_bytes` is an error, read no further.
pub fn read_frame(
    input: &mut impl std::io::Read,
    max_bytes: usize,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut length = [0u8; 8];
    match input.read_exact(&mut length) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let length = u64::from_le_bytes(length);
    if length > max_bytes as u64 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("a message of {length} bytes, more than the {max_bytes} allowed"),
        ));
    }
    let mut bytes = vec![0; length as usize];
    input.read_exact(&mut bytes)?;
    Ok(Some(bytes))
}

pub fn encode_reply(reply: &Reply) -> Vec<u8> {
    let value = match reply {
        Reply::Facts(facts) => json!({"facts": facts.iter().map(encode_fact).collect::<Vec<_>>()}),
        Reply::Error(message) => json!({"error": message}),
        Reply::Panic(message) => json!({"panic": message}),
    };
    serde_json::to_vec(&value).expect("serializing a JSON value to memory cannot fail")
}

pub fn decode_reply(bytes: &[u8]) -> Result<Reply, String> {
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| format!("reply is not JSON: {e}"))?;
    if let Some(message) = value["error"].as_str() {
        return Ok(Reply::Error(message.to_owned()));
    }
    if let Some(message) = value["panic"].as_str() {
        return Ok(Reply::Panic(message.to_owned()));
    }
    decode_facts(&value["facts"]).map(Reply::Facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_and_facts_round_trip() {
        let doc =
            Document::new("d", "Gen. Kim spoke.").with_date(Some(jiff::civil::date(2022, 11, 11)));
        let mut earlier = Fact::new("rank", Span::new(0, 4))
            .attr("rank", "General")
            .anchor("name", Span::new(5, 8));
        earlier.source = Cow::Borrowed("ranks");
        let (back, facts) =
            decode_document(&encode_document(&doc, std::slice::from_ref(&earlier))).unwrap();
        assert_eq!(back.id(), "d");
        assert_eq!(back.text(), "Gen. Kim spoke.");
        assert_eq!(back.date(), doc.date());
        assert_eq!(facts, [earlier]);
    }

    #[test]
    fn frames_round_trip_and_a_length_past_the_limit_is_refused() {
        let mut pipe = Vec::new();
        write_frame(&mut pipe, b"{}").unwrap();
        write_frame(&mut pipe, b"").unwrap();
        let mut reading = pipe.as_slice();
        assert_eq!(read_frame(&mut reading, 10).unwrap().unwrap(), b"{}");
        assert_eq!(read_frame(&mut reading, 10).unwrap().unwrap(), b"");
        assert!(read_frame(&mut reading, 10).unwrap().is_none());
        let mut long = Vec::new();
        write_frame(&mut long, &[b' '; 11]).unwrap();
        let error = read_frame(&mut long.as_slice(), 10).unwrap_err();
        assert_eq!(
            error.to_string(),
            "a message of 11 bytes, more than the 10 allowed"
        );
    }

    #[test]
    fn replies_round_trip_and_bad_facts_are_named() {
        let Reply::Panic(message) =
            decode_reply(&encode_reply(&Reply::Panic("boom".into()))).unwrap()
        else {
            panic!("expected a panic reply")
        };
        assert_eq!(message, "boom");
        let bad = br#"{"facts": [{"kind": "x", "start": 5, "end": 2}]}"#;
        assert_eq!(
            decode_reply(bad).err().unwrap(),
            "facts[0]: start 5 after end 2"
        );
    }
}
