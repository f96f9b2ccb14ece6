"""Opens the HTML report of the seed article in headless Chromium (Playwright) and checks
what a reader sees: every fact highlighted with its exact text, the attributes shown on
click (a date's value, a quote's speaker, a casualty's count and qualifier), the filters
by kind, the summary tables, and that the page loads nothing from anywhere.

    python tests/report/test_report_browser.py [--quarry target/release/quarry]

Prints a notice and exits 0 when Playwright, Chromium or the seed article is absent
(scripts/test-extras.sh installs them); exits 1 on any failure.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "data" / "seed" / "kherson.txt"
# Flags for a root user on a machine without network (see the tool library's env notes).
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)


def skip(reason):
    print(f"SKIPPED report browser test: {reason}")
    sys.exit(0)


def click_and_read(page, kind_index, text):
    """Clicks the highlight of kind `kind_index` whose text is `text`; returns the
    details panel's heading, quoted text and attribute table as a dict."""
    mark = page.locator(f'mark.fact[data-kind="{kind_index}"]', has_text=text).filter(
        has_text=text
    )
    exact = [m for m in mark.all() if m.text_content() == text]
    if not exact:
        failures.append(f"no {text!r} highlight of kind {kind_index}")
        return {}
    exact[0].click()
    panel = page.locator("#details")
    if not panel.is_visible():
        failures.append(f"clicking {text!r} shows no details")
        return {}
    rows = page.locator("#details-attrs tr").all()
    shown = {row.locator("th").text_content(): row.locator("td").text_content() for row in rows}
    shown["(kind)"] = page.locator("#details-kind").text_content()
    shown["(text)"] = page.locator("#details-text").text_content()
    return shown


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quarry", default=str(ROOT / "target" / "release" / "quarry"))
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        skip("no chromium on PATH (Debian package chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip("playwright is not installed (run scripts/test-extras.sh)")
    if not SEED.exists():
        skip(f"the seed article {SEED} is not there")

    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        output = work / "seed.jsonl"
        report = work / "report.html"
        with output.open("w") as out:
            subprocess.run([args.quarry, "run", str(SEED)], stdout=out, check=True)
        subprocess.run(
            [args.quarry, "report", str(output), "--docs", str(SEED), "-o", str(report)],
            check=True,
        )
        facts = json.loads(output.read_text())["facts"]

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page()
            requests = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(report.as_uri())
            check(requests == [report.as_uri()], f"the page loaded more than itself: {requests}")

            legend = [label.text_content().strip() for label in page.locator("#legend label").all()]
            kinds = [entry.split(" (")[0] for entry in legend]
            check(kinds[:3] == ["date", "quote", "casualty"], f"legend: {legend}")
            date, quote, casualty = (kinds.index(k) for k in ("date", "quote", "casualty"))

            # Every fact is highlighted, with exactly its text (a highlight cut in two by a
            # crossing one is put back together).
            pieces = page.evaluate(
                """() => {
                    const texts = {};
                    for (const m of document.querySelectorAll("mark.fact")) {
                        texts[m.dataset.fact] = (texts[m.dataset.fact] || "") + m.textContent;
                    }
                    return texts;
                }"""
            )
            check(len(pieces) == len(facts), f"{len(pieces)} highlights for {len(facts)} facts")
            for index, fact in enumerate(facts):
                check(pieces.get(str(index)) == fact["text"], f"highlight {index} is {pieces.get(str(index))!r}, fact is {fact['text']!r}")
            seed_phrases = {
                date: ["November 11", "November 10", "overnight", "at least a week", "2014"],
                quote: ["city of death", "brutal struggle"],
                casualty: ["killed at least two civilians", "Two dead", "two wounded"],
            }
            for kind, phrases in seed_phrases.items():
                texts = page.locator(f'mark.fact[data-kind="{kind}"]').all_text_contents()
                for phrase in phrases:
                    check(phrase in texts, f"{phrase!r} not highlighted as {kinds[kind]}")
            for number in ["40,000", "41 settlements"]:
                check(
                    not any(number in t for t in page.locator(f'mark.fact[data-kind="{casualty}"]').all_text_contents()),
                    f"{number} highlighted as a casualty",
                )

            shown = click_and_read(page, casualty, "killed at least two civilians")
            check(shown.get("count") == "2", f"casualty count shown: {shown}")
            check(shown.get("qualifier") == "at least", f"casualty qualifier shown: {shown}")
            check(shown.get("category") == "killed", f"casualty category shown: {shown}")
            shown = click_and_read(page, date, "overnight")
            check(shown.get("value") == "2022-11-10TNI" and shown.get("type") == "TIME", f"date shown: {shown}")
            shown = click_and_read(page, date, "2014")
            check(shown.get("value") == "2014", f"year shown: {shown}")
            shown = click_and_read(page, quote, "city of death")
            check(shown.get("speaker") == "Mykhaylo Podolyak", f"quote speaker shown: {shown}")
            check(shown.get("(kind)") == "quote" and shown.get("(text)") == "city of death", f"quote shown: {shown}")
            first_today = page.locator(f'mark.fact[data-kind="{date}"]', has_text="Today").first
            first_today.click()
            check(page.locator("#details-kind").text_content() == "date", "a date inside a quote shows the date")

            # Hover text carries the attributes too.
            title = page.locator(f'mark.fact[data-kind="{date}"]', has_text="2014").first.get_attribute("title")
            check("value: 2014" in (title or ""), f"hover text: {title!r}")

            # Unticking a kind takes its colour away and clicks go to the highlight around it.
            marked = page.locator(f'mark.fact[data-kind="{date}"]').first
            before = marked.evaluate("m => getComputedStyle(m).backgroundColor")
            page.locator(f'#legend input[data-kind="{date}"]').uncheck()
            after = marked.evaluate("m => getComputedStyle(m).backgroundColor")
            check(before != after and after in ("rgba(0, 0, 0, 0)", "transparent"), f"filter: {before} -> {after}")
            check(page.locator(f'mark.fact[data-kind="{quote}"]').first.evaluate("m => getComputedStyle(m).backgroundColor") != after, "unticking dates hid quotes")
            first_today.click()
            check(page.locator("#details-kind").text_content() == "quote", "a hidden date inside a quote shows the quote")
            page.locator(f'#legend input[data-kind="{date}"]').check()
            check(marked.evaluate("m => getComputedStyle(m).backgroundColor") == before, "ticking dates again")

            # Summary tables: overall and for the document, casualty totals by category.
            killed = sum(f["attrs"].get("count", 0) for f in facts if f["kind"] == "casualty" and f["attrs"]["category"] == "killed")
            overall = page.locator("#overall")
            check(overall.locator("tr", has_text="date facts").locator("td").text_content() == str(sum(f["kind"] == "date" for f in facts)), "overall date count")
            check(overall.locator(".casualties tr", has_text="killed").locator("td").first.text_content() == str(killed), "overall people killed")
            check(page.locator("section.doc h2").first.text_content() == "kherson.txt", "document heading")
            page.screenshot(path=str(work / "report.png"), full_page=False)
            browser.close()

    if failures:
        print("report browser test FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print(f"report browser test passed: {len(facts)} facts highlighted and inspected in Chromium")


if __name__ == "__main__":
    main()
