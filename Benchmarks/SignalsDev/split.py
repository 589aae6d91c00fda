#!/usr/bin/env python3
"""Splits ../shared/data/escalation_dev once into a tuning part and a measuring part.

Deterministic and stratified: within each (locale, expected.escalate) stratum the
conversations are ordered by sha256 of their id, and the first half (rounded up) is
for tuning, the rest only for measuring. Written and committed before any detector
was run on the set; the output (split.tsv) is the fixed split and must not change.

usage: split.py conversations.jsonl > split.tsv
"""
import hashlib
import json
import sys
from collections import defaultdict


def main(path):
    strata = defaultdict(list)
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            conversation = json.loads(line)
            key = (conversation["locale"], conversation["expected"]["escalate"])
            strata[key].append(conversation["id"])
    parts = {}
    for key in sorted(strata):
        ordered = sorted(strata[key], key=lambda i: hashlib.sha256(i.encode()).hexdigest())
        half = (len(ordered) + 1) // 2
        for index, conversation_id in enumerate(ordered):
            parts[conversation_id] = "tune" if index < half else "measure"
    print("# id\tpart (tune: may be looked at and tuned on; measure: only scored)")
    for conversation_id in sorted(parts):
        print(f"{conversation_id}\t{parts[conversation_id]}")


if __name__ == "__main__":
    main(sys.argv[1])
