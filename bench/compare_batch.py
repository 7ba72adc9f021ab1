#!/usr/bin/env python3
"""Batch query cost of several warta binaries side by side, for before/after figures
on a loaded machine: the binaries take turns (A B A B ...) over the same queries and
index, and each one's figures are the medians over its rounds.

  python3 bench/compare_batch.py --index DIR --queries Q.tsv [--rounds 3] \
      [--flags "--no-snippets --limit 100"] BIN [BIN ...]

Per binary: the CPU time (user + system) of the whole batch, which other work on the
machine disturbs far less than wall time; p50 and p95 of the `took_ms` warta reports
per query (index opened once per round); queries answered and hits in all. Then
whether every binary answered every query with the same hits (ids, in order) as the
first one, as a check that a speed change left the ranking alone.
"""
import argparse, json, os, shlex, statistics, subprocess


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def one_round(binary, index, queries, flags):
    before = os.times()
    out = subprocess.run([binary, "--index", index, "query", "--batch"] + flags,
                         input=queries, capture_output=True, text=True).stdout
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    answers = [json.loads(line) for line in out.splitlines()]
    took = [a["took_ms"] for a in answers if "took_ms" in a]
    ids = [(a.get("qid"), [h["id"] for h in a.get("hits", [])]) for a in answers]
    hits = sum(len(i) for _, i in ids)
    return statistics.median(took), pct(took, 95), len(took), hits, cpu, ids


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
        cpu = statistics.median(r[4] for r in rs)
        print(f"{b}\tcpu {cpu:.2f} s\tp50 {p50:.3f} ms\tp95 {p95:.3f} ms\t{rs[0][2]} queries"
              f"\t{rs[0][3]} hits\t(rounds cpu: {' '.join(f'{r[4]:.2f}' for r in rs)};"
              f" p50: {' '.join(f'{r[0]:.3f}' for r in rs)})")
    first = rounds[a.binaries[0]][0][5]
    for b in a.binaries[1:]:
        other = rounds[b][0][5]
        same = sum(1 for x, y in zip(first, other) if x == y)
        verdict = "same hits" if same == len(first) == len(other) else "DIFFERENT hits"
        print(f"{b}\t{verdict} as {a.binaries[0]}: {same} of {len(first)} answers equal")


if __name__ == "__main__":
    main()
