//! A test plugin that takes its process down in the way a document's first word asks
//! (`SEGV`, `ABORT`, `EXIT`, `STACK`, `LOOP`, `ALLOC`, `FLOOD`, `PRINT`) and otherwise
//! reports each "ok": run isolated, each of these must cost only that document's stage.

use quarry_core::{Document, ExtractError, Extractor, Fact, Options, Span};

struct Hostile;

/// Recurses until the stack runs out (the optimizer must not turn it into a loop).
#[allow(unconditional_recursion)]
fn deeper(depth: u64) -> u64 {
    let frame = [depth; 64];
    std::hint::black_box(&frame);
    deeper(depth + 1) + frame[7]
}

impl Extractor for Hostile {
    fn extract(&self, doc: &Document, _earlier: &[Fact]) -> Result<Vec<Fact>, ExtractError> {
        let text = doc.text();
        match text.split_whitespace().next().unwrap_or("") {
            // SAFETY: none; crashing is the point.
            "SEGV" => unsafe { std::ptr::null_mut::<u8>().write_volatile(1) },
            "ABORT" => std::process::abort(),
            "EXIT" => std::process::exit(3),
            "STACK" => {
                std::hint::black_box(deeper(0));
            }
            "LOOP" => loop {
                std::hint::black_box(());
            },
            "ALLOC" => {
                let mut hoard: Vec<Vec<u8>> = Vec::new();
                loop {
                    hoard.push(vec![1; 64 << 20]);
                    std::hint::black_box(&hoard);
                }
            }
            "FLOOD" => {
                return Ok((0..2_000_000)
                    .map(|_| Fact::new("ok", Span::new(0, 1)))
                    .collect())
            }
            "PRINT" => println!("not a frame"),
            _ => {}
        }
        Ok(text
            .match_indices("ok")
            .map(|(i, _)| Fact::new("ok", Span::new(i, i + 2)))
            .collect())
    }
}

quarry_plugin_sdk::export_plugin!(name: "hostile", kinds: ["ok"], build: |_options: &Options| Ok(Hostile));
