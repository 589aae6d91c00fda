#!/usr/bin/env python3
"""Where the CONTINUE tail's time goes, from a BATON_BENCH_TRACE folder
(Benchmarks/planner_bench.sh): the slowest turns with how late the client
sent them, the host's busy cores around them, the planner's phases of each
(its `slow turn` log lines), and Postgres's checkpoints, lock waits and
slow statements during the run.
Usage: planner_trace.py FOLDER [SHARE_PERCENT (default 2)]"""

import collections
import json
import os
import statistics
import sys


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    folder = sys.argv[1]
    share = float(sys.argv[2]) if len(sys.argv) == 3 else 2.0
    turns = []
    with open(os.path.join(folder, "turns.csv")) as f:
        next(f)
        for line in f:
            start, lag, latency, turn = line.strip().split(",")
            turns.append((float(start), float(lag), float(latency), turn))
    cpu = []
    with open(os.path.join(folder, "cpu.csv")) as f:
        next(f)
        cpu = [tuple(map(float, line.split(","))) for line in f]
    phases = {}
    with open(os.path.join(folder, "baton-planner.log")) as f:
        for line in f:
            if '"slow turn"' in line:
                entry = json.loads(line)
                phases[f'{entry["conversation"]}/{entry["turn"]}'] = {name: float(ms) for name, ms in
                                         (part.rsplit(" ", 1) for part in entry["milliseconds"].split(", "))}
    slow = sorted(turns, key=lambda t: -t[2])[:max(1, int(len(turns) * share / 100))]
    threshold = slow[-1][2]
    print(f"{len(turns)} turns; the slowest {share:g} % ({len(slow)}) took {threshold:.1f} ms or more")

    def busy_at(t):
        near = [b for at, b in cpu if t - 0.05 <= at <= t + 0.1]
        return max(near) if near else float("nan")

    lags = [t[1] for t in slow]
    print(f"client send lag of the slow turns: median {statistics.median(lags):.2f} ms, max {max(lags):.2f} ms "
          f"(all turns: p99 {sorted(t[1] for t in turns)[int(len(turns) * 0.99)]:.2f} ms)")
    all_busy = [b for _, b in cpu]
    print(f"host busy cores: run mean {statistics.mean(all_busy):.2f}, share of 50 ms samples at >= 1.9: "
          f"{sum(b >= 1.9 for b in all_busy) / len(all_busy):.0%}; around slow turns (max in window) median "
          f"{statistics.median(busy_at(t[0]) for t in slow):.2f}")
    traced = [phases[t[3]] for t in slow if t[3] in phases]
    print(f"slow turns with the planner's phases: {len(traced)} of {len(slow)} "
          "(the rest spent < 10 ms inside the handler: their time was outside it)")
    if traced:
        names = list(dict.fromkeys(name for p in traced for name in p))
        print("phase            median ms  p90 ms  max ms  share of the slow turns' handler time")
        total = sum(sum(p.values()) for p in traced)
        for name in names:
            values = sorted(p.get(name, 0.0) for p in traced)
            print(f"  {name:<15} {statistics.median(values):8.2f}  {values[int(len(values) * 0.9)]:6.2f}  {values[-1]:6.2f}  "
                  f"{sum(values) / total:.0%}")
        outside = [t[2] - t[1] - sum(phases[t[3]].values()) for t in slow if t[3] in phases]
        print(f"  outside the handler (client latency - send lag - phases): median {statistics.median(outside):.2f} ms")
    print("slowest 15: start s, send lag ms, latency ms, busy cores, phases")
    for start, lag, latency, turn in slow[:15]:
        print(f"  {start:6.2f}  {lag:6.2f}  {latency:7.2f}  {busy_at(start):4.2f}  {phases.get(turn, '')}")
    buckets = collections.Counter(int(t[0] * 2) / 2 for t in slow)
    print("slow turns per half second (where they cluster): "
          + ", ".join(f"{at:.1f}s:{n}" for at, n in sorted(buckets.items()) if n >= 3))
    log = os.path.join(folder, "postgres.log")
    if os.path.exists(log):
        interesting = collections.Counter()
        examples = {}
        with open(log) as f:
            for line in f:
                for key in ("checkpoint starting", "checkpoint complete", "still waiting", "acquired", "automatic vacuum",
                            "automatic analyze", "duration:"):
                    if key in line:
                        interesting[key] += 1
                        examples.setdefault(key, []).append(line.strip()[:300])
        print("postgres.log: " + ", ".join(f"{key} x{n}" for key, n in interesting.items()))
        for key, lines in examples.items():
            for line in lines[:4]:
                print(f"  {line}")


if __name__ == "__main__":
    main()
