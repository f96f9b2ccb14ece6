//! `quarry report`: the page written for a real article, pinned by a snapshot of its
//! document section (the part that depends on the facts), and its failure paths. What a
//! reader sees in a browser is checked by `tests/report/test_report_browser.py`.

mod common;

use common::{quarry, scratch, stderr};

/// Runs the default pipeline on `input` and writes the report; returns the page.
fn report_of(dir: &std::path::Path, input: &str, extra: &[&str]) -> (String, String) {
    let output = dir.join("out.jsonl");
    let run = quarry(&["run", input]);
    assert!(run.status.success(), "{}", stderr(&run));
    std::fs::write(&output, &run.stdout).unwrap();
    let html = dir.join("report.html");
    let mut args = vec!["report", output.to_str().unwrap(), "--docs", input, "-o"];
    args.push(html.to_str().unwrap());
    args.extend(extra);
    let written = quarry(&args);
    assert!(written.status.success(), "{}", stderr(&written));
    (std::fs::read_to_string(html).unwrap(), stderr(&written))
}

fn between<'a>(page: &'a str, from: &str, to: &str) -> &'a str {
    let start = page.find(from).expect("start marker");
    let end = start + page[start..].find(to).expect("end marker") + to.len();
    &page[start..end]
}

#[test]
fn the_page_marks_every_fact_of_an_article_in_its_text() {
    let dir = scratch("report", "article");
    let (page, _) = report_of(&dir, "examples/harbour-fire.txt", &[]);
    insta::assert_snapshot!(between(&page, "<section class=\"doc\"", "</section>"));
    insta::assert_snapshot!(
        "harbour_fire_overall",
        between(&page, "<div id=\"legend\">", "</section>")
    );
    // Self-contained: nothing is fetched from anywhere.
    for reference in ["src=", "href=", "@import", "url("] {
        assert!(!page.contains(reference), "the page refers to {reference}");
    }
}

#[test]
fn data_in_the_page_cannot_close_its_script_element() {
    let dir = scratch("report", "script");
    let input = dir.join("doc.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"</script><b>\",\"text\":\"He said: “</script> was killed on Monday.”\"}\n",
    )
    .unwrap();
    let (page, _) = report_of(&dir, input.to_str().unwrap(), &[]);
    assert_eq!(
        page.matches("</script>").count(),
        2,
        "only the page's own two"
    );
    assert!(page.contains("<h2>&lt;/script&gt;&lt;b&gt;</h2>"));
}

#[test]
fn limit_shows_the_first_documents_and_counts_them_all() {
    let dir = scratch("report", "limit");
    let (page, notes) = report_of(&dir, "tests/fixtures/wire.jsonl", &["--limit", "1"]);
    assert_eq!(page.matches("<section class=\"doc\"").count(), 1);
    assert!(notes.contains("shows the first 1 of"), "{notes}");
    // Every line of the output (seven, the bad records too) is in the overall count.
    assert!(page.contains("<tr><th>documents</th><td>7</td></tr>"));
    assert!(
        notes.contains("shows the first 1 of 7 documents"),
        "{notes}"
    );
}

#[test]
fn documents_missing_from_docs_are_listed_with_their_facts() {
    let dir = scratch("report", "missing");
    let output = dir.join("out.jsonl");
    let run = quarry(&["run", "examples/harbour-fire.txt"]);
    std::fs::write(&output, &run.stdout).unwrap();
    let html = dir.join("r.html");
    let written = quarry(&[
        "report",
        output.to_str().unwrap(),
        "--docs",
        "examples/port-strike.txt",
        "-o",
        html.to_str().unwrap(),
    ]);
    assert!(written.status.success());
    assert!(stderr(&written).contains("1 of 1 documents have no text in --docs"));
    let page = std::fs::read_to_string(html).unwrap();
    assert!(page.contains("was not among the files given with --docs"));
    assert!(page.contains(">killing at least three people</mark></li>"));
}

#[test]
fn unusable_inputs_are_refused_saying_which_and_why() {
    let dir = scratch("report", "refused");
    let not_output = dir.join("not-output.jsonl");
    std::fs::write(&not_output, "{\"id\":\"a\",\"facts\":[]}\nnot json\n").unwrap();
    let refused = quarry(&[
        "report",
        not_output.to_str().unwrap(),
        "--docs",
        "examples/harbour-fire.txt",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("not-output.jsonl:2: not a line of quarry's output"),
        "{}",
        stderr(&refused)
    );
    let output = dir.join("out.jsonl");
    std::fs::write(&output, "{\"id\":\"a\",\"facts\":[]}\n").unwrap();
    let no_docs = quarry(&[
        "report",
        output.to_str().unwrap(),
        "--docs",
        "no/such/file.txt",
    ]);
    assert_eq!(no_docs.status.code(), Some(2));
    assert!(stderr(&no_docs).contains("--docs no/such/file.txt: no such file"));
}

#[test]
fn the_output_may_come_before_or_after_the_docs_and_the_page_is_named() {
    let dir = scratch("report", "argument-order");
    let input = "examples/harbour-fire.txt";
    let run = quarry(&["run", input]);
    let output = dir.join("out.jsonl");
    std::fs::write(&output, &run.stdout).unwrap();
    let page = |name: &str, args: &[&str]| {
        let html = dir.join(name);
        let mut all = vec!["report"];
        all.extend_from_slice(args);
        all.extend(["-o", html.to_str().unwrap()]);
        let written = quarry(&all);
        assert!(written.status.success(), "{}", stderr(&written));
        assert_eq!(
            common::stdout(&written),
            format!(
                "wrote {} (1 document); open it in a browser\n",
                html.display()
            )
        );
        std::fs::read_to_string(html).unwrap()
    };
    let out = output.to_str().unwrap();
    let before = page("before.html", &[out, "--docs", input]);
    let after = page("after.html", &["--docs", input, out]);
    assert_eq!(before, after);
}
