#!/usr/bin/env python3
"""Query figures for bench/run.sh, printed as `key<TAB>value` lines.

  python3 bench/scale_queries.py --warta BIN --index DIR --titles CORPUS[.gz] --scale x10
                                 [--rg NAME FOLDER INDEX]...

  * batch mode (`warta query --batch --match any --limit 10`, index opened once):
    p50/p95 of the `took_ms` warta reports for 1,000 headlines sampled evenly from the
    corpus, snippets off and on (headlines warta rejects as queries are counted);
  * process per query (`warta query --json --match any TITLE`, a new process each
    time, warm page cache): wall-clock p50/p95 over the first 100 headlines it answered;
  * with --tantivy BIN INDEX: tantivy-cli's own `bench` on its index of the same
    corpus, the same headlines (punctuation removed, which its query parser rejects):
    p50/p95 of its SEARCH step (top 10 and count, its default any-word query over the
    text fields), as the reference for what plain tantivy does with these queries;
  * for each --rg: `rg -c -i WORD FOLDER` against `warta --index INDEX query WORD
    --json`, 20 keywords of 2019 news, timed by hyperfine (median of 5 runs, one
    warm-up; output piped, as a script would read it): median of the rg/warta ratios.

  python3 bench/scale_queries.py --warta BIN --index DIR --scale x3 --keywords Q.tsv
  python3 bench/scale_queries.py --warta BIN --index DIR --titles CORPUS --scale x1 --many-hits

  * --keywords: the keyword set of bench/keyword_queries.py (1-4 words, as people type
    them) in batch mode as warta answers by default (all words, top 10), snippets on and
    off; the set is run three times and the median round's p50/p95 is reported;
  * --many-hits: what a script asking for many hits pays: the 1,000 headlines, body
    only, any word, no snippets, top 100 and top 10 (median round of three).

  python3 bench/scale_queries.py --warta BIN --index DIR --titles CORPUS --scale x10 \
                                 --process-only KEY

  * only the process-per-query figure, printed under KEY (bench/run.sh measures an
    index after `warta optimize` this way).

  python3 bench/scale_queries.py --titles CORPUS --write-headlines QUERIES_TSV

  * writes those 1,000 headlines as `qid<TAB>text`, for a peer to run the same queries.
"""
import argparse, gzip, json, re, shlex, statistics, subprocess, tempfile, time

KEYWORDS = ["korut", "kpk", "jokowi", "gempa", "banjir", "pilkada", "rupiah", "karhutla",
            "papua", "narkoba", "timnas", "pertamina", "habibie", "demo", "korupsi", "asap",
            "wamena", "kabinet", "prabowo", "wiranto"]


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def headlines(path, n):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as lines:
        titles = [json.loads(line)["title"] for line in lines if line.strip()]
    picked = titles[:: max(1, len(titles) // n)][:n]
    return [" ".join(t.split()) for t in picked]


def batch(warta, index, titles, extra, mode=("--match", "any", "--limit", "10")):
    queries = "".join(f"q{i}\t{t}\n" for i, t in enumerate(titles))
    out = subprocess.run([warta, "--index", index, "query", "--batch", *mode] + extra,
                         input=queries, capture_output=True, text=True).stdout
    answers = [json.loads(line) for line in out.splitlines()]
    took = {int(a["qid"][1:]): a["took_ms"] for a in answers if "took_ms" in a}
    return took, sum(1 for a in answers if "error" in a)


def rounds(warta, index, titles, extra, mode, n=3):
    """p50 and p95 of the median round (by p50) of `n` runs of the same batch."""
    figures = []
    for _ in range(n):
        took, errors = batch(warta, index, titles, extra, mode)
        ms = list(took.values())
        figures.append((statistics.median(ms), pct(ms, 95), len(ms), errors))
    return sorted(figures)[n // 2]


def per_process(warta, index, titles):
    def run(t):
        subprocess.run([warta, "--index", index, "query", "--json", "--match", "any", t],
                       capture_output=True)
    for t in titles[:5]:
        run(t)
    walls = []
    for t in titles:
        t0 = time.perf_counter()
        run(t)
        walls.append((time.perf_counter() - t0) * 1000)
    return walls


def tantivy_bench(tantivy, index, titles):
    """Microseconds per headline of tantivy-cli's SEARCH step."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as queries:
        for t in titles:
            queries.write(" ".join(re.findall(r"\w+", t)) + "\n")
        queries.flush()
        out = subprocess.run([tantivy, "bench", "-i", index, "-q", queries.name, "-n", "1"],
                             capture_output=True, text=True, check=True).stdout
    times, section = [], None
    for line in out.splitlines():
        if line.strip() in ("SEARCH", "FETCH STORE"):
            section = line.strip()
            continue
        fields = line.rsplit("\t", 1)
        if section == "SEARCH" and len(fields) == 2 and fields[1].isdigit():
            times.append(int(fields[1]) / 1000)
    return times


def hyperfine_medians(commands, runs):
    with tempfile.NamedTemporaryFile(suffix=".json") as export:
        subprocess.run(["hyperfine", "-N", "-i", "--style", "none", "--output", "pipe",
                        "--warmup", "1", "--runs", str(runs), "--export-json", export.name]
                       + commands, check=True, capture_output=True)
        results = json.load(open(export.name))["results"]
    return [r["median"] * 1000 for r in results]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--warta")
    ap.add_argument("--index")
    ap.add_argument("--titles")
    ap.add_argument("--keywords", metavar="QUERIES_TSV")
    ap.add_argument("--many-hits", action="store_true")
    ap.add_argument("--scale")
    ap.add_argument("--write-headlines", metavar="QUERIES_TSV")
    ap.add_argument("--process-only", metavar="KEY")
    ap.add_argument("--tantivy", nargs=2, metavar=("BIN", "INDEX"))
    ap.add_argument("--rg", nargs=3, action="append", default=[],
                    metavar=("NAME", "FOLDER", "INDEX"))
    a = ap.parse_args()
    if a.write_headlines:
        with open(a.write_headlines, "w", encoding="utf-8") as out:
            out.writelines(f"q{i}\t{t}\n" for i, t in enumerate(headlines(a.titles, 1000)))
        return
    if not (a.warta and a.index and a.scale):
        ap.error("--warta, --index and --scale are needed to measure")

    if a.keywords:
        lines = [l.split("\t", 1)[1].strip() for l in open(a.keywords, encoding="utf-8")
                 if "\t" in l]
        for key, extra in [("keywords.off", ["--no-snippets"]), ("keywords.on", [])]:
            p50, p95, n, errors = rounds(a.warta, a.index, lines, extra, ("--limit", "10"))
            print(f"{key}.{a.scale}\t{p50:.3f} {p95:.3f} {n} {a.scale} {errors}", flush=True)
        return
    titles = headlines(a.titles, 1000)
    if a.process_only:
        took, _ = batch(a.warta, a.index, titles, ["--no-snippets"])
        answered = [t for i, t in enumerate(titles) if i in took]
        walls = per_process(a.warta, a.index, answered[:100])
        print(f"{a.process_only}\t{statistics.median(walls):.3f} {pct(walls, 95):.3f} "
              f"{len(walls)} {a.scale}", flush=True)
        return
    if a.many_hits:
        for limit in ["100", "10"]:
            mode = ("--match", "any", "--fields", "body", "--limit", limit)
            p50, p95, n, errors = rounds(a.warta, a.index, titles, ["--no-snippets"], mode)
            print(f"many.{limit}.{a.scale}\t{p50:.3f} {p95:.3f} {n} {a.scale} {errors}",
                  flush=True)
        return
    for key, extra in [("batch.off", ["--no-snippets"]), ("batch.on", [])]:
        took, errors = batch(a.warta, a.index, titles, extra)
        ms = list(took.values())
        print(f"{key}\t{statistics.median(ms):.3f} {pct(ms, 95):.3f} {len(ms)} {a.scale} {errors}",
              flush=True)
    if a.tantivy:
        ms = tantivy_bench(a.tantivy[0], a.tantivy[1], titles)
        print(f"tantivy.search\t{statistics.median(ms):.3f} {pct(ms, 95):.3f} {len(ms)} {a.scale}",
              flush=True)
    answered = [t for i, t in enumerate(titles) if i in took]
    walls = per_process(a.warta, a.index, answered[:100])
    print(f"process\t{statistics.median(walls):.3f} {pct(walls, 95):.3f} {len(walls)} {a.scale}",
          flush=True)

    for name, folder, index in a.rg:
        rows = []
        for word in KEYWORDS:
            rg_ms, warta_ms = hyperfine_medians(
                [shlex.join(["rg", "-c", "-i", word, folder]),
                 shlex.join([a.warta, "--index", index, "query", word, "--json"])], 5)
            rows.append((rg_ms, warta_ms))
            print(f"rg.{name}.{word}\t{rg_ms:.2f} {warta_ms:.2f}", flush=True)
        ratios = [r / w for r, w in rows]
        print(f"rg.{name}\t{statistics.median(ratios):.2f} "
              f"{statistics.median(r for r, _ in rows):.2f} "
              f"{statistics.median(w for _, w in rows):.2f} {len(rows)}", flush=True)


if __name__ == "__main__":
    main()
