"""Runs examples/spark/quarry_job.py in Spark local mode (local[2]) on at least 10,000
documents and checks that every input id comes out exactly once with the same facts as a
direct `quarry run` on the same file.

    python examples/spark/test_spark_job.py [--quarry target/release/quarry] [--docs N]

Prints a notice and exits 0 when Java or PySpark is not installed (scripts/test-extras.sh
installs PySpark in a virtualenv); exits 1 on any mismatch.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT.parent / "shared" / "data" / "timex" / "train.docs.jsonl"


def skip(reason):
    print(f"SKIPPED spark test: {reason}")
    sys.exit(0)


def write_corpus(path, count):
    """`count` documents with distinct ids, by repeating the TempEval-3 documents (or the
    bundled examples when ../shared is absent), with a blank line and a bad line mixed in."""
    if SOURCE.exists():
        docs = [json.loads(line) for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        docs = [
            {"id": p.stem, "text": p.read_text(encoding="utf-8")}
            for p in sorted((ROOT / "examples").glob("*.txt"))
        ]
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            doc = dict(docs[n % len(docs)], id=f"{docs[n % len(docs)]['id']}#{n}")
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
        out.write('{"id": "not-a-document"}\n')


def by_id(lines):
    results = {}
    duplicates = []
    for line in lines:
        record = json.loads(line)
        if record["id"] in results:
            duplicates.append(record["id"])
        results[record["id"]] = record
    return results, duplicates


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quarry", default=str(ROOT / "target" / "release" / "quarry"))
    parser.add_argument("--docs", type=int, default=10_000)
    args = parser.parse_args()
    if shutil.which("java") is None:
        skip("no java on PATH")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        skip("pyspark is not installed (run scripts/test-extras.sh)")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import quarry_job

    quarry = str(Path(args.quarry).resolve())
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        corpus = work / "corpus.jsonl"
        write_corpus(corpus, args.docs)
        direct = subprocess.run([quarry, "run", str(corpus)], capture_output=True, text=True, check=True)
        expected, _ = by_id(direct.stdout.splitlines())

        spark = SparkSession.builder.master("local[2]").appName("quarry-test").getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
        try:
            quarry_job.run(spark, str(corpus), str(work / "out"), quarry=quarry, partitions=4)
        finally:
            spark.stop()
        piped = [
            line
            for part in sorted((work / "out").glob("part-*"))
            for line in part.read_text(encoding="utf-8").splitlines()
        ]
        got, duplicates = by_id(piped)

    failures = []
    if duplicates:
        failures.append(f"ids out more than once: {duplicates[:5]}")
    if len(piped) != args.docs + 1:
        failures.append(f"{len(piped)} lines out for {args.docs + 1} in")
    missing = set(expected) - set(got)
    if missing:
        failures.append(f"ids missing from the Spark output: {sorted(missing)[:5]}")
    different = [i for i in expected if i in got and got[i]["facts"] != expected[i]["facts"]]
    if different:
        failures.append(f"facts differ from a direct run for {different[:5]}")
    if got.get("not-a-document", {}).get("errors", [{}])[0].get("stage") != "input":
        failures.append("the bad line did not come out as an input error")
    facts = sum(len(r["facts"]) for r in got.values())
    if failures:
        print("spark test FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print(f"spark test passed: {args.docs} documents piped through quarry in local[2], "
          f"every id once, {facts} facts identical to a direct run")


if __name__ == "__main__":
    main()
