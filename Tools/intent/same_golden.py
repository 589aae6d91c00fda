#!/usr/bin/env python3
"""Whether two golden files of Tools/intent/train.py (head, label, probability,
out_of_scope, text per row) describe the same model: the same rows, the same
labels and out-of-scope decisions, and probabilities within a tolerance.

Training is deterministic on one machine, but not to the byte across CPUs:
numpy's BLAS picks its kernels by the instruction set, so sums round in
another order and the weights (and so the model's bytes) move in their last
bits. Two models that agree on every golden row within 1e-4 are the same
training. Exit status 0 when they agree; otherwise the rows that differ.

Usage: same_golden.py A B [--tolerance 1e-4]"""

import argparse
import sys


def rows(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if not line.startswith("#")]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args()
    a, b = rows(args.a), rows(args.b)
    if len(a) != len(b):
        print(f"same_golden: {args.a} has {len(a)} rows, {args.b} {len(b)}", file=sys.stderr)
        return 1
    differing = []
    largest = 0.0
    for number, (x, y) in enumerate(zip(a, b), start=1):
        if len(x) != 5 or len(y) != 5:
            differing.append(f"row {number}: not five columns")
            continue
        gap = abs(float(x[2]) - float(y[2]))
        largest = max(largest, gap)
        if (x[0], x[1], x[3], x[4]) != (y[0], y[1], y[3], y[4]) or gap > args.tolerance:
            differing.append(f"row {number}: {x[:4]} against {y[:4]} ({x[4]!r})")
    if differing:
        print(f"same_golden: {len(differing)} of {len(a)} rows differ:", file=sys.stderr)
        for line in differing[:20]:
            print("  " + line, file=sys.stderr)
        return 1
    print(f"same_golden: {len(a)} rows agree (labels and out-of-scope equal, probabilities within {largest:.1e})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
