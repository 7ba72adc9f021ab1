#!/usr/bin/env python3
"""The table bench/run.sh prints: one Markdown table from its `key<TAB>value` figures,
with the issue's targets marked met or missed.

  python3 bench/scale_report.py RESULTS_TSV
"""
import collections, statistics, sys

TARGET_RSS_MB = 600
# Indexing wall time against tantivy-cli on the same articles, at every scale (on the
# way to 1.0x).
TARGET_WALL_VS_TANTIVY = 2.0
TARGET_FOLDER_VS_JSONL = 1.3
TARGET_BATCH_OFF = (1.0, 5.0)
TARGET_BATCH_ON = (2.0, 10.0)
TARGET_PROCESS_P50 = 10.0
TARGET_KEYWORDS_ON = (1.0, 5.0)
# Lucene (IndonesianAnalyzer) on the same 1,000 headlines, body only, top 100, measured
# with ../shared/eval/peers on this machine; see BENCHMARKS.md. When bench/run.sh ran
# Lucene itself (`lucene.many.100.x1`), the figure of the same run is the target.
TARGET_MANY_HITS_P50 = 0.77
TARGET_RG_RATIO = 100.0


def verdict(ok):
    return "met" if ok else "**missed**"


def main():
    figures = collections.defaultdict(list)
    for line in open(sys.argv[1], encoding="utf-8"):
        key, _, value = line.rstrip("\n").partition("\t")
        figures[key].append(value.split())

    def one(key):
        return figures[key][0] if key in figures else None

    def index(key):
        """Median wall seconds, peak RSS MB and index MB of an indexing configuration."""
        runs = figures.get(key)
        if not runs:
            return None
        secs = statistics.median(float(r[0]) for r in runs)
        rss = statistics.median(int(r[1]) for r in runs) / 1024
        size = statistics.median(int(r[2]) for r in runs) / 1e6
        return secs, rss, size, len(runs)

    scales = sorted({k.split(".")[-1] for k in figures if k.startswith("index.")},
                    key=lambda s: int(s[1:]))
    rows = []
    for scale in scales:
        articles, jsonl_bytes = (int(v) for v in one(f"corpus.{scale}.jsonl"))
        files, folder_bytes = (int(v) for v in one(f"corpus.{scale}"))
        big = scale != "x1"
        described = {
            "jsonl": f"{scale}: {articles:,} articles, {jsonl_bytes / 1e6:,.1f} MB",
            "folder": f"{scale}: {files:,} files, {folder_bytes / 1e6:,.1f} MB",
        }
        sizes = {"jsonl": jsonl_bytes, "folder": folder_bytes}
        warta_jsonl = index(f"index.warta.jsonl.{scale}")
        for system, fmt, label in [("warta", "jsonl", "index: warta, JSONL"),
                                   ("warta", "folder", "index: warta, folder (½ .txt, ½ .json)"),
                                   ("tantivy-cli", "jsonl", "index: tantivy-cli, JSONL (reference)")]:
            got = index(f"index.{system}.{fmt}.{scale}")
            if not got:
                continue
            secs, rss, size, n = got
            result = (f"{secs:.2f} s · {articles / secs:,.0f} articles/s · "
                      f"{sizes[fmt] / 1e6 / secs:.1f} MB/s · peak RSS {rss:,.0f} MB · "
                      f"index {size:,.1f} MB ({size * 1e6 / sizes[fmt]:.2f}x the input) · "
                      f"median of {n}")
            targets, oks = [], []
            if system == "warta" and fmt == "folder" and warta_jsonl:
                ratio = secs / warta_jsonl[0]
                targets.append(f"wall ≤ {TARGET_FOLDER_VS_JSONL}x JSONL's: {ratio:.2f}x")
                oks.append(ratio <= TARGET_FOLDER_VS_JSONL)
            if system == "warta" and big:
                targets.append(f"peak RSS ≤ {TARGET_RSS_MB} MB")
                oks.append(rss <= TARGET_RSS_MB)
            rows.append((label, described[fmt], result, "; ".join(targets),
                         verdict(all(oks)) if oks else ""))
        tantivy = index(f"index.tantivy-cli.jsonl.{scale}")
        if warta_jsonl and tantivy:
            wall, rss, size = (w / t for w, t in zip(warta_jsonl[:3], tantivy[:3]))
            rows.append(("warta / tantivy-cli, JSONL", scale,
                         f"wall time {wall:.2f}x · peak RSS {rss:.2f}x · index size {size:.2f}x",
                         f"wall ≤ {TARGET_WALL_VS_TANTIVY}x",
                         verdict(wall <= TARGET_WALL_VS_TANTIVY)))

    for key, label, (p50_max, p95_max) in [
            ("batch.off", "query, batch, snippets off", TARGET_BATCH_OFF),
            ("batch.on", "query, batch, snippets on", TARGET_BATCH_ON)]:
        if one(key):
            p50, p95, n, scale, errors = one(key)
            p50, p95 = float(p50), float(p95)
            rejected = f", {errors} rejected as bad syntax" if int(errors) else ""
            rows.append((label, scale, f"p50 {p50:.2f} ms · p95 {p95:.2f} ms ({int(n):,} headlines"
                         f"{rejected}; `--match any --limit 10`; time warta reports)",
                         f"p50 ≤ {p50_max:g} ms, p95 ≤ {p95_max:g} ms",
                         verdict(p50 <= p50_max and p95 <= p95_max)))
    for scale in scales:
        for key, label in [("keywords.on", "keyword queries, batch, snippets on"),
                           ("keywords.off", "keyword queries, batch, snippets off")]:
            got = one(f"{key}.{scale}")
            if not got:
                continue
            p50, p95, n, _, errors = got
            p50, p95 = float(p50), float(p95)
            target, ok = "", ""
            if key == "keywords.on" and scale == "x3":
                target = f"p50 ≤ {TARGET_KEYWORDS_ON[0]:g} ms, p95 ≤ {TARGET_KEYWORDS_ON[1]:g} ms"
                ok = verdict(p50 <= TARGET_KEYWORDS_ON[0] and p95 <= TARGET_KEYWORDS_ON[1])
            rows.append((label, scale, f"p50 {p50:.2f} ms · p95 {p95:.2f} ms ({int(n)} queries "
                         "of 1-4 words, all words, top 10, median of 3 rounds; time warta reports)",
                         target, ok))
    lucene = one("lucene.many.100.x1")
    many_target = float(lucene[0]) if lucene else TARGET_MANY_HITS_P50
    if lucene:
        rows.append(("many hits: Lucene 9.5 IndonesianAnalyzer, BM25 (reference)", "x1",
                     f"p50 {float(lucene[0]):.2f} ms · p95 {float(lucene[1]):.2f} ms "
                     f"({int(lucene[2]):,} headlines, body only, top 100, last of "
                     f"{lucene[3]} passes in one process; time it reports)", "", ""))
    for limit in ["100", "10"]:
        got = one(f"many.{limit}.x1")
        if not got:
            continue
        p50, p95, n, scale, _ = got
        p50, p95 = float(p50), float(p95)
        target, ok = "", ""
        if limit == "100":
            target = f"p50 ≤ Lucene's {many_target:.2f} ms"
            ok = verdict(p50 <= many_target)
        rows.append((f"many hits: body only, any word, top {limit}, no snippets", scale,
                     f"p50 {p50:.2f} ms · p95 {p95:.2f} ms ({int(n):,} headlines, median of 3 "
                     "rounds; time warta reports)", target, ok))
    if one("tantivy.search"):
        p50, p95, n, scale = one("tantivy.search")
        rows.append(("reference: tantivy-cli `bench`, same headlines", scale,
                     f"p50 {float(p50):.2f} ms · p95 {float(p95):.2f} ms ({int(n):,} headlines; "
                     "top 10 and count, any word, its default tokenizer; time it reports)",
                     "", ""))
    if one("process"):
        p50, p95, n, scale = one("process")
        p50, p95 = float(p50), float(p95)
        rows.append(("query, one process each (`--json --match any`)", scale,
                     f"p50 {p50:.2f} ms · p95 {p95:.2f} ms ({int(n)} headlines, wall clock, warm cache)",
                     f"p50 ≤ {TARGET_PROCESS_P50:g} ms", verdict(p50 <= TARGET_PROCESS_P50)))
    if one("process.optimized"):
        p50, p95, n, scale = one("process.optimized")
        p50, p95 = float(p50), float(p95)
        merge = one(f"optimize.{scale}")
        cost = (f"; `warta optimize` took {float(merge[0]):.1f} s, peak RSS "
                f"{int(merge[1]) / 1024:,.0f} MB" if merge else "")
        rows.append(("query, one process each, after `warta optimize` (one segment)", scale,
                     f"p50 {p50:.2f} ms · p95 {p95:.2f} ms ({int(n)} headlines, wall clock, "
                     f"warm cache{cost})",
                     f"p50 ≤ {TARGET_PROCESS_P50:g} ms", verdict(p50 <= TARGET_PROCESS_P50)))
    for scale in scales:
        got = one(f"rg.{scale}")
        if not got:
            continue
        ratio, rg_ms, warta_ms, n = got
        ratio = float(ratio)
        rows.append((f"`rg -c -i WORD` over the folder vs `warta query WORD --json`", scale,
                     f"warta {ratio:.1f}x faster (median ratio over {n} words; medians: rg "
                     f"{float(rg_ms):,.0f} ms, warta {float(warta_ms):.1f} ms)",
                     f"≥ {TARGET_RG_RATIO:g}x", verdict(ratio >= TARGET_RG_RATIO)))

    print("| measurement | corpus | result | target | |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
