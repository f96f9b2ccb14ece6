// Shows a fact's attributes when its highlight is clicked, and hides a kind's highlights
// when its box in the legend is unticked. The facts are in the page, as JSON.
(function () {
  const facts = JSON.parse(document.getElementById("facts").textContent);
  const details = document.getElementById("details");
  const kind = document.getElementById("details-kind");
  const text = document.getElementById("details-text");
  const attrs = document.getElementById("details-attrs");
  let selected = null;

  function row(key, value) {
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    const td = document.createElement("td");
    th.textContent = key;
    td.textContent = typeof value === "string" ? value : JSON.stringify(value);
    tr.append(th, td);
    return tr;
  }

  function show(mark) {
    const fact = facts[Number(mark.dataset.fact)];
    kind.textContent = fact.kind;
    text.textContent = fact.text;
    attrs.replaceChildren(row("source", fact.source), row("document", fact.doc));
    for (const [key, value] of Object.entries(fact.attrs || {})) {
      attrs.append(row(key, value));
    }
    if (selected) selected.classList.remove("selected");
    selected = mark;
    mark.classList.add("selected");
    details.hidden = false;
  }

  document.addEventListener("click", (event) => {
    // The innermost highlight whose kind is shown: a click on a hidden date inside a
    // quote shows the quote.
    let mark = event.target.closest("mark.fact");
    while (mark && document.body.classList.contains("hide-" + mark.dataset.kind)) {
      mark = mark.parentElement.closest("mark.fact");
    }
    if (mark) show(mark);
  });
  document.getElementById("details-close").addEventListener("click", () => {
    details.hidden = true;
  });
  for (const box of document.querySelectorAll("#legend input")) {
    box.addEventListener("change", () => {
      document.body.classList.toggle("hide-" + box.dataset.kind, !box.checked);
    });
  }
})();
