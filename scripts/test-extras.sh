#!/usr/bin/env bash
# The tests that need more than cargo: the Spark job (examples/spark, PySpark in local[2],
# needs Java) and the HTML report in headless Chromium (tests/report, Playwright).
# Installs PySpark and Playwright in a virtualenv (.venv-extras, or $QUARRY_EXTRAS_VENV)
# and Chromium from Debian's packages when apt-get can; each test prints a notice and
# skips when what it needs is still missing.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${QUARRY_EXTRAS_VENV:-.venv-extras}

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/extras-requirements.txt ||
  echo "notice: PySpark/Playwright could not be installed; their tests will skip"
if ! command -v chromium > /dev/null && command -v apt-get > /dev/null; then
  { apt-get install -y -q chromium || { apt-get update -q && apt-get install -y -q chromium; }; } > /dev/null 2>&1 ||
    echo "notice: Chromium could not be installed; the report browser test will skip"
fi

cargo build --release --quiet
"$venv/bin/python" examples/spark/test_spark_job.py
"$venv/bin/python" tests/report/test_report_browser.py
