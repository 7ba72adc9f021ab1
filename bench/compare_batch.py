#!/usr/bin/env python3
"""Batch query latency of several warta binaries side by side, for before/after figures
on a loaded machine: the binaries take turns (A B A B ...) over the same queries and
index, and each one's p50/p95 is the median over its rounds.

  python3 bench/compare_batch.py --index DIR --queries Q.tsv [--rounds 3] \
      [--flags "--no-snippets --limit 100"] BIN [BIN ...]

Times are the `took_ms` warta reports per query (index opened once per round).
Prints one line per binary: p50 and p95 in ms, queries answered, total hits.
"""
import argparse, json, shlex, statistics, subprocess


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def one_round(binary, index, queries, flags):
    out = subprocess.run([binary, "--index", index, "query", "--batch"] + flags,
                         input=queries, capture_output=True, text=True).stdout
    answers = [json.loads(line) for line in out.splitlines()]
    took = [a["took_ms"] for a in answers if "took_ms" in a]
    hits = sum(len(a.get("hits", [])) for a in answers)
    return statistics.median(took), pct(took, 95), len(took), hits


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--flags", default="")
    ap.add_argument("binaries", nargs="+")
    a = ap.parse_args()
    queries = open(a.queries, encoding="utf-8").read()
    flags = shlex.split(a.flags)
    rounds = {b: [] for b in a.binaries}
    for _ in range(a.rounds):
        for b in a.binaries:
            rounds[b].append(one_round(b, a.index, queries, flags))
    for b, rs in rounds.items():
        p50 = statistics.median(r[0] for r in rs)
        p95 = statistics.median(r[1] for r in rs)
        print(f"{b}\tp50 {p50:.3f} ms\tp95 {p95:.3f} ms\t{rs[0][2]} queries\t{rs[0][3]} hits"
              f"\t(rounds p50: {' '.join(f'{r[0]:.3f}' for r in rs)})")


if __name__ == "__main__":
    main()
