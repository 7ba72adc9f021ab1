#!/usr/bin/env python3
"""Query latency on the large corpus.

  python3 bench/query_latency.py [--corpus ../shared/corpus/large/clickid_articles.jsonl.gz]

Indexes the corpus (once, in --work), then measures:
  * batch mode (index opened once): p50/p95 of the per-query time warta reports, for
    1,000 headline queries (--match any), snippets off and on;
  * process per query (a new `warta query --json` process each time, warm page cache):
    wall-clock p50/p95 over 100 headline queries;
  * `rg -c -i WORD` over the corpus written as one file per article, against
    `warta query WORD --json` (process per query), for 20 keywords: median ratio.
Prints one table (Markdown) to stdout.
"""
import argparse, gzip, json, os, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KEYWORDS = ["vostochny", "korut", "kpk", "jokowi", "gempa", "banjir", "pilkada", "rupiah",
            "karhutla", "papua", "narkoba", "timnas", "pertamina", "habibie", "demo",
            "korupsi", "asap", "wamena", "kabinet", "prabowo"]


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "large", "clickid_articles.jsonl.gz"))
    ap.add_argument("--work", default=None)
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp()
    subprocess.run(["cargo", "build", "--release", "--quiet", "--manifest-path", os.path.join(ROOT, "Cargo.toml")], check=True)
    warta = os.path.join(ROOT, "target", "release", "warta")
    index = os.path.join(work, "index")
    records = [json.loads(l) for l in gzip.open(a.corpus, "rt", encoding="utf-8")]
    if not os.path.exists(os.path.join(index, "meta.json")):
        subprocess.run([warta, "--index", index, "index", "--quiet", a.corpus], check=True)
    titles = [r["title"].replace("\t", " ") for r in records[:: max(1, len(records) // 1000)]][:1000]
    batch_input = "".join(f"q{i}\t{t}\n" for i, t in enumerate(titles))
    rows = []
    for label, extra in [("batch, snippets off", ["--no-snippets"]), ("batch, snippets on", [])]:
        out = subprocess.run([warta, "--index", index, "query", "--batch", "--match", "any", "--limit", "10"] + extra,
                             input=batch_input, capture_output=True, text=True).stdout
        took = [json.loads(l)["took_ms"] for l in out.splitlines() if "took_ms" in l]
        rows.append((label, len(took), statistics.median(took), pct(took, 95)))
    walls = []
    for t in titles[:100]:
        t0 = time.perf_counter()
        subprocess.run([warta, "--index", index, "query", "--json", "--match", "any", t], capture_output=True)
        walls.append((time.perf_counter() - t0) * 1000)
    rows.append(("process per query", len(walls), statistics.median(walls), pct(walls, 95)))
    print(f"| mode | queries | p50 ms | p95 ms |\n|---|---:|---:|---:|")
    for label, n, p50, p95 in rows:
        print(f"| {label} | {n} | {p50:.2f} | {p95:.2f} |")

    folder = os.path.join(work, "files")
    if shutil.which("rg"):
        if not os.path.isdir(folder):
            os.makedirs(folder)
            for r in records:
                with open(os.path.join(folder, r["id"] + ".txt"), "w", encoding="utf-8") as f:
                    f.write(r["title"] + "\n\n" + r["body"] + "\n")
        ratios = []
        print("\n| word | rg -c -i ms | warta ms | rg/warta |\n|---|---:|---:|---:|")
        for w in KEYWORDS:
            t0 = time.perf_counter()
            subprocess.run(["rg", "-c", "-i", w, folder], capture_output=True)
            rg_ms = (time.perf_counter() - t0) * 1000
            t0 = time.perf_counter()
            subprocess.run([warta, "--index", index, "query", "--json", w], capture_output=True)
            w_ms = (time.perf_counter() - t0) * 1000
            ratios.append(rg_ms / w_ms)
            print(f"| {w} | {rg_ms:.1f} | {w_ms:.1f} | {rg_ms / w_ms:.1f} |")
        print(f"\nmedian rg/warta: {statistics.median(ratios):.1f}x")
    else:
        print("\n(rg not installed: apt-get install ripgrep for the rg comparison)", file=sys.stderr)


if __name__ == "__main__":
    main()
