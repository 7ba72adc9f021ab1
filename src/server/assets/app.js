// The search page: reads the query from the URL, asks /api/search and shows the hits.
// Article text is untrusted: it is only ever set with textContent.
"use strict";

const form = document.getElementById("search");
const input = document.getElementById("q");
const statusLine = document.getElementById("status");
const list = document.getElementById("results");

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  if (className) node.className = className;
  return node;
}

async function search(q) {
  list.replaceChildren();
  if (!q) {
    statusLine.textContent = "";
    return;
  }
  statusLine.textContent = "Mencari…";
  const response = await fetch("/api/search?" + new URLSearchParams({ q }));
  const answer = await response.json();
  if (!response.ok) {
    statusLine.textContent = "Galat: " + answer.error;
    return;
  }
  statusLine.textContent = answer.total + " artikel cocok";
  for (const hit of answer.hits) {
    const item = element("li");
    item.append(element("h2", hit.title || "(tanpa judul)"));
    const meta = [hit.date, hit.source, hit.author].filter(Boolean).join(" · ");
    item.append(element("p", meta, "meta"));
    if (hit.snippet) item.append(element("p", hit.snippet, "snippet"));
    list.append(item);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const q = input.value.trim();
  history.pushState(null, "", q ? "/?" + new URLSearchParams({ q }) : "/");
  search(q);
});

window.addEventListener("popstate", () => {
  const q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  search(q);
});

input.value = new URLSearchParams(location.search).get("q") || "";
search(input.value.trim());
