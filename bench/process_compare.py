#!/usr/bin/env python3
"""Start-up cost of `warta query`, binaries against each other on a loaded machine.

  python3 bench/process_compare.py --titles CORPUS[.gz] [--queries 100] [--rounds 3] \\
      BIN[@INDEX] BIN[@INDEX] ...

Runs `BIN --index INDEX query --json --match any HEADLINE`, a new process each time,
over the first headlines of bench/scale_queries.py's 1,000 (the row "query, one process
each" of bench/run.sh); every headline is run by each binary in turn (the order reversed
every round), so that load from other programs falls on all of them alike. For each
binary: wall-clock p50/p95, the median of user+system CPU time and user time, and mean
minor and major page faults (a major one read the disk: the page cache had
lost that page), from the kernel's accounting of the child (wait4). INDEX defaults to
--index.
"""
import argparse, os, statistics, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scale_queries import headlines, pct  # noqa: E402


def run_once(binary, index, query):
    args = [binary, "--index", index, "query", "--json", "--match", "any", query]
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        started = time.perf_counter()
        pid = os.posix_spawn(binary, args, os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1),
                                           (os.POSIX_SPAWN_DUP2, devnull, 2)])
        _, _, usage = os.wait4(pid, 0)
        wall = (time.perf_counter() - started) * 1000
    finally:
        os.close(devnull)
    return wall, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_utime * 1000, usage.ru_minflt, usage.ru_majflt


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--titles", required=True)
    ap.add_argument("--index")
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("binaries", nargs="+", metavar="BIN[@INDEX]")
    a = ap.parse_args()
    specs = []
    for spec in a.binaries:
        binary, _, index = spec.partition("@")
        if not (index or a.index):
            ap.error(f"{spec}: no index (give BIN@INDEX or --index)")
        specs.append((spec, binary, index or a.index))
    queries = headlines(a.titles, 1000)[:a.queries]
    for query in queries[:5]:  # warm-up: the page cache, the binaries
        for _, binary, index in specs:
            run_once(binary, index, query)
    figures = {spec: [] for spec, _, _ in specs}
    for n in range(a.rounds):
        order = specs if n % 2 == 0 else specs[::-1]
        for query in queries:
            for spec, binary, index in order:
                figures[spec].append(run_once(binary, index, query))
    print("| binary @ index | runs | wall p50 ms | wall p95 ms | CPU p50 ms | user p50 ms "
          "| minor faults | major faults |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for spec, rows in figures.items():
        wall, cpu, user, faults, major = zip(*rows)
        print(f"| {spec} | {len(rows)} | {statistics.median(wall):.2f} | {pct(wall, 95):.2f} | "
              f"{statistics.median(cpu):.2f} | {statistics.median(user):.2f} | "
              f"{statistics.mean(faults):,.0f} | {statistics.mean(major):.1f} |")


if __name__ == "__main__":
    main()
