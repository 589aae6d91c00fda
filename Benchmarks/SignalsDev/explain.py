#!/usr/bin/env python3
"""One tune-data conversation through Evaluate, turn by turn, as bench.py replays it: every trigger that fired,
its score and evidence, and each customer message's sentiment. For looking at tune data only: it refuses the
measuring part's ids.

Usage: explain.py BIN_DIR DATABASE_URL FILE.jsonl ID [ID...]"""

import json
import os
import sys
import tempfile
import uuid

from bench import Replay, Replica, grpc, pb, pb_grpc, replay_negative_history, tenant_thresholds


def main():
    bin_dir, url, path = sys.argv[1:4]
    ids = set(sys.argv[4:])
    split = dict(line.split("\t") for line in open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "split.tsv")).read().splitlines()
                 if not line.startswith("#"))
    if any(split.get(i) == "measure" for i in ids):
        sys.exit("explain.py: the measuring part is never looked at")
    conversations = [json.loads(line) for line in open(path, encoding="utf-8")]
    replica = Replica(bin_dir, url, "baton-signals", tempfile.mkdtemp(), executable="baton-signals").start()
    try:
        stub = pb_grpc.SignalsStub(grpc.insecure_channel(replica.target))
        run = uuid.uuid4().hex[:8]
        tenant = f"explain-{run}"
        tenant_thresholds(stub, tenant, conversations)
        for conversation in (c for c in conversations if c["id"] in ids):
            replay = Replay(conversation, run, "full")
            replay_negative_history(stub, tenant, replay)
            print(f"== {conversation['id']} expected {conversation['expected']}")
            for turn, request in replay.requests(tenant):
                response = stub.Evaluate(request)
                text = request.conversation.messages[-1].text.replace("\n", " ")
                print(f"turn {turn}: {pb.Recommendation.Name(response.recommendation)} risk {response.risk_score:.2f}"
                      f"  «{text[:110]}»")
                for sentiment in response.sentiments[-1:]:
                    print(f"    sentiment {str(sentiment).strip().replace(chr(10), '; ')[:200]}")
                for trigger in response.triggers:
                    print(f"    {trigger.name} score {trigger.score:.2f} threshold {trigger.threshold:.2f}: "
                          f"{trigger.explanation} {list(trigger.evidence.matched_phrases) if trigger.HasField('evidence') else ''}")
    finally:
        replica.terminate()


if __name__ == "__main__":
    main()
