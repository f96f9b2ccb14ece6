//! Throughput of each built-in extractor and of the default pipeline on the example
//! articles (`cargo bench`). The whole-run figure with threads and memory comes from
//! `scripts/bench.sh`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use quarry_core::input::{parse_text, Record};
use quarry_core::{registry, Document, Options, Pipeline};

fn examples() -> Vec<Document> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut docs = Vec::new();
    for entry in std::fs::read_dir(dir).expect("examples/ exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            let bytes = std::fs::read(&path).expect("readable example");
            if let Record::Doc(doc) = parse_text(&path.display().to_string(), bytes) {
                docs.push(doc);
            }
        }
    }
    docs
}

fn throughput(c: &mut Criterion) {
    quarry_dates::link();
    quarry_quotes::link();
    quarry_casualties::link();
    let docs = examples();
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    let mut group = c.benchmark_group("extractors");
    group.throughput(Throughput::Bytes(bytes as u64));
    for builtin in registry::builtins() {
        let extractor = (builtin.build)(&Options::new()).expect("built-ins build without options");
        group.bench_function(builtin.name, |b| {
            b.iter(|| {
                docs.iter()
                    .map(|d| extractor.extract(d, &[]).map_or(0, |f| f.len()))
                    .sum::<usize>()
            })
        });
    }
    let pipeline = Pipeline::default_builtins().expect("the default pipeline builds");
    group.bench_function("default pipeline", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| pipeline.run(d).facts.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);
