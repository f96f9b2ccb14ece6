"""Runs quarry over a JSONL corpus with Apache Spark.

Each partition of the input is piped through `quarry run` (one process per partition, on
the executors); quarry writes exactly one JSONL line per input line, in order, so the
output partitions line up with the input ones.

    spark-submit examples/spark/quarry_job.py INPUT.jsonl OUTPUT_DIR \
        [--quarry PATH] [--pipeline PIPELINE.toml] [--partitions N] [--threads N]

`checkCode=True` makes a partition fail (and Spark retry it) when quarry exits non-zero,
e.g. on an invalid pipeline, instead of silently producing no lines for it.
"""

import argparse
import shlex

from pyspark.sql import SparkSession


def quarry_command(quarry, pipeline, threads):
    # Spark already runs one task per executor core; quarry's own threads would compete.
    command = [quarry, "run", "--input-format", "jsonl", "--threads", str(threads)]
    if pipeline:
        command += ["--pipeline", pipeline]
    return " ".join(shlex.quote(part) for part in command)


def run(spark, source, target, quarry="quarry", pipeline=None, partitions=None, threads=1):
    lines = spark.sparkContext.textFile(source, minPartitions=partitions)
    facts = lines.pipe(quarry_command(quarry, pipeline, threads), checkCode=True)
    facts.saveAsTextFile(target)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="JSONL documents (a path or glob Spark can read)")
    parser.add_argument("output", help="directory for the JSONL results (must not exist)")
    parser.add_argument("--quarry", default="quarry", help="the quarry binary on the executors")
    parser.add_argument("--pipeline", help="pipeline file on the executors (default: built-ins)")
    parser.add_argument("--partitions", type=int, help="minimum number of input partitions")
    parser.add_argument("--threads", type=int, default=1, help="quarry threads per task")
    args = parser.parse_args()
    spark = SparkSession.builder.appName("quarry").getOrCreate()
    try:
        run(
            spark,
            args.input,
            args.output,
            args.quarry,
            args.pipeline,
            args.partitions,
            args.threads,
        )
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
