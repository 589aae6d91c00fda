#!/usr/bin/env python3
"""Requests for a person on public data: every sentence alone, as a one-turn
chat conversation, through baton-signals' Evaluate over grpcio (the real
executable on a real Postgres), under the default policy. A figure, not a test.

Prints, per set, the share of sentences that fire explicit.request_for_human
and the share that Evaluate says to escalate now:
  Bitext contact_human_agent: requests for a person (the first share is recall);
  Bitext's other intents, CLINC150 validation, Banking77 train: mostly no
  request (the first share is a false-positive rate; the second counts every
  trigger, and these sets hold fraud reports and swearing that rightly escalate).
Up to 3,000 sentences a set, drawn with a fixed seed.

Usage: public_requests.py BIN_DIR DATABASE_URL DATA_DIR"""

import csv
import json
import os
import random
import sys
import tempfile
import uuid
from collections import Counter, defaultdict

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "Support"))
from batonkit import Replica, generate_stubs  # noqa: E402

generate_stubs(["baton/common/v1/common.proto", "baton/signals/v1/signals.proto"])
from baton.common.v1 import common_pb2 as common  # noqa: E402
from baton.signals.v1 import signals_pb2 as pb, signals_pb2_grpc as pb_grpc  # noqa: E402

SAMPLE = 3000
# Banking77 intents that report an unauthorised transaction or a compromised card: an escalation by
# ESCALATION-RULES.md (security or fraud incidents), so their escalations are counted apart.
BANKING77_FRAUD = {"card_payment_not_recognised", "cash_withdrawal_not_recognised", "compromised_card",
                   "direct_debit_payment_not_recognised"}


def sets(data):
    out = defaultdict(list)
    for row in csv.DictReader(open(f"{data}/bitext/bitext_cs_v_2023-08-07.csv", encoding="utf-8")):
        human = row["intent"] == "contact_human_agent"
        out["Bitext contact_human_agent" if human else "Bitext other intents"].append(row["instruction"])
    clinc = json.load(open(f"{data}/clinc150/data_full.json", encoding="utf-8"))
    out["CLINC150 validation"] = [text for text, _ in clinc["val"] + clinc["oos_val"]]
    banking = list(csv.DictReader(open(f"{data}/banking77/train.csv", encoding="utf-8")))
    out["Banking77 train"] = [row["text"] for row in banking]
    fraud = {row["text"] for row in banking if row["category"] in BANKING77_FRAUD}
    rng = random.Random(1)
    return {name: rng.sample(texts, SAMPLE) if len(texts) > SAMPLE else texts for name, texts in out.items()}, fraud


def main():
    bin_dir, url, data = sys.argv[1:4]
    replica = Replica(bin_dir, url, "baton-signals", tempfile.mkdtemp(), executable="baton-signals").start()
    try:
        stub = pb_grpc.SignalsStub(grpc.insecure_channel(replica.target))
        run = uuid.uuid4().hex[:8]
        tenant = f"public-{run}"
        thresholds = stub.GetThresholds(pb.GetThresholdsRequest(tenant_id=tenant)).thresholds
        thresholds.tenant_id = tenant
        stub.SetThresholds(pb.SetThresholdsRequest(thresholds=thresholds))
        samples, fraud = sets(data)
        for name, texts in samples.items():
            requests = escalations = 0
            fraud_escalations = Counter()
            for number, text in enumerate(texts):
                conversation_id = f"{run}-{name.replace(' ', '-')}-{number}"
                conversation = common.Conversation(
                    conversation_id=conversation_id, tenant_id=tenant, channel=common.CHANNEL_CHAT, language="en",
                    customer=common.CustomerProfile(customer_id=conversation_id),
                    messages=[common.ConversationMessage(message_id="m0", role=common.ConversationMessage.ROLE_CUSTOMER,
                                                         text=text, send_time={"seconds": 1_700_000_000})])
                response = stub.Evaluate(pb.EvaluateRequest(tenant_id=tenant, conversation=conversation))
                requests += any(t.name.startswith("explicit.") for t in response.triggers)
                escalate = response.recommendation == pb.RECOMMENDATION_ESCALATE_NOW
                escalations += escalate
                if text in fraud:
                    fraud_escalations[escalate] += 1
            print(f"{name}: {len(texts)} sentences, request for a person {requests / len(texts):.3f}, "
                  f"escalate now {escalations / len(texts):.3f}")
            if fraud_escalations:
                reported = sum(fraud_escalations.values())
                print(f"  of which unauthorised transactions and compromised cards ({', '.join(sorted(BANKING77_FRAUD))}): "
                      f"{reported}, escalate now {fraud_escalations[True] / reported:.3f}; the other intents: "
                      f"{len(texts) - reported}, escalate now {(escalations - fraud_escalations[True]) / (len(texts) - reported):.3f}")
    finally:
        replica.terminate()


if __name__ == "__main__":
    main()
