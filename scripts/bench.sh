#!/usr/bin/env bash
# Throughput and memory of the default pipeline on a large corpus: repeats the TempEval-3
# training documents (distinct ids) up to TARGET_MB megabytes (default 100), runs
# `quarry run --stats` with 1 and 2 threads, then on twice the corpus, and reports MB/s
# and peak RSS (/usr/bin/time -v). Usage: scripts/bench.sh [DOCS.jsonl]
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-../shared/data/timex/train.docs.jsonl}
target_mb=${TARGET_MB:-100}
[ -f "$docs" ] || { echo "bench: no documents at $docs (give a JSONL file)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed (Debian package 'time')" >&2; exit 2; }

cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_corpus() { # $1 = megabytes, $2 = output file
  python3 - "$docs" "$1" "$2" <<'PY'
import json, sys
source, megabytes, target = sys.argv[1], float(sys.argv[2]), sys.argv[3]
docs = [json.loads(line) for line in open(source, encoding="utf-8") if line.strip()]
written, copy = 0, 0
with open(target, "w", encoding="utf-8") as out:
    while written < megabytes * 1e6:
        for doc in docs:
            doc = dict(doc, id=f"{doc.get('id', 'doc')}#{copy}")
            line = json.dumps(doc, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
        copy += 1
PY
}

run() { # $1 = threads, $2 = corpus
  /usr/bin/time -v target/release/quarry run --stats --threads "$1" "$2" > /dev/null 2> "$work/log"
  local rate rss
  rate=$(grep -oE '[0-9.]+ MB/s' "$work/log")
  rss=$(awk '/Maximum resident set size/ {printf "%.0f MB", $6 / 1024}' "$work/log")
  printf '%-10s %-8s %12s   peak RSS %s\n' "$(du -m "$2" | cut -f1) MB" "$1 thr" "$rate" "$rss"
}

make_corpus "$target_mb" "$work/corpus.jsonl"
make_corpus "$((target_mb * 2))" "$work/corpus2.jsonl"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1e6}' /proc/meminfo), $(uname -m)"
run 1 "$work/corpus.jsonl"
run 2 "$work/corpus.jsonl"
run 2 "$work/corpus2.jsonl"
