#!/usr/bin/env python3
"""Escalation quality on ../shared/data/escalation_dev: baton-signals' Evaluate
over the real transport (grpcio against the real executable on a real
Postgres), turn by turn exactly as the set's README says, scored as the end of
../shared/ESCALATION-RULES.md says, for the tuning and the measuring part of
the fixed split (split.tsv, made by split.py before any detector ran on the
set). A figure, not a test.

Every customer turn k is one Evaluate call. Two bots are replayed, each on its
own conversation ids:
  full:  resends every message up to and including turn k each time;
  delta: sends only what is new since its previous call (the bot's reply and
         the customer's message), relying on the service's memory.
Both must give the same first "escalate now" turn for every conversation.

The tenant's policy (its thresholds) is the default policy, with the error
codes its systems mark for manual review and the settings they mark sensitive
(events of the set carry both marks, as a tenant's own systems would know them).
A customer with N negative conversations in the last 7 days gets N short angry
conversations replayed first, as the README says.

A third part, "written" (the folder written/, or any JSON lines file, --written), holds conversations
written for tuning from ESCALATION-RULES.md and the failure kinds of issue 17
(every language, before any detector scored them): tune data, like the tuning
part.

Usage: bench.py BIN_DIR DATABASE_URL CONVERSATIONS_JSONL SPLIT_TSV [--written FILE_OR_FOLDER] [--parts tune,written,measure]
                [--modes full,delta] [--dump FILE]"""

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "Support"))
from batonkit import Replica, generate_stubs  # noqa: E402

generate_stubs(["baton/common/v1/common.proto", "baton/signals/v1/signals.proto"])
from baton.common.v1 import common_pb2 as common  # noqa: E402
from baton.signals.v1 import signals_pb2 as pb, signals_pb2_grpc as pb_grpc  # noqa: E402

CHANNELS = {"chat": common.CHANNEL_CHAT, "email": common.CHANNEL_EMAIL, "voice": common.CHANNEL_VOICE,
            "messaging": common.CHANNEL_MESSAGING_APP}
TIERS = {"standard": common.CUSTOMER_TIER_STANDARD, "gold": common.CUSTOMER_TIER_PREMIUM,
         "vip": common.CUSTOMER_TIER_VIP_GOLD}
ROLES = {"customer": common.ConversationMessage.ROLE_CUSTOMER, "bot": common.ConversationMessage.ROLE_BOT}
# Other channels the customer tried, to fill channels_tried_last_7_days (which counts the current one): never the
# conversation's own (an e-mail conversation with 3 channels tried was sent e-mail, e-mail and voice: 2 channels).
OTHER_CHANNELS = [common.CHANNEL_EMAIL, common.CHANNEL_VOICE, common.CHANNEL_SMS, common.CHANNEL_SOCIAL,
                  common.CHANNEL_WEB_FORM]
NEGATIVE_HISTORY = "This is awful. I am really angry, your service is terrible and nothing works."


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else 0.0


def tenant_thresholds(stub, tenant, conversations):
    """The default policy plus the tenant's own lists of manual-review codes and sensitive settings."""
    thresholds = stub.GetThresholds(pb.GetThresholdsRequest(tenant_id=tenant)).thresholds
    thresholds.tenant_id = tenant
    codes, settings = set(), set()
    for conversation in conversations:
        for message in conversation["messages"]:
            for event in message.get("events", []):
                if event["type"] == "error_code" and event.get("manual_review"):
                    codes.add(event["code"])
                if event["type"] == "settings_change" and event.get("sensitive"):
                    settings.add(event["setting"])
    technical = thresholds.technical
    technical.manual_review_error_codes.extend(sorted(codes - set(technical.manual_review_error_codes)))
    technical.sensitive_settings.extend(sorted(settings - set(technical.sensitive_settings)))
    stub.SetThresholds(pb.SetThresholdsRequest(thresholds=thresholds))


class Replay:
    """One conversation replayed turn by turn by one kind of bot."""

    def __init__(self, conversation, run, mode):
        self.data = conversation
        self.mode = mode
        self.conversation_id = f"{run}-{mode}-{conversation['id']}"
        self.customer_id = f"{run}-{mode}-cust-{conversation['id']}"
        self.start = int(time.time()) - 86_400
        self.sent = 0

    def profile(self):
        customer, own = self.data["customer"], CHANNELS[self.data["channel"]]
        return common.CustomerProfile(
            customer_id=self.customer_id, tier=TIERS[customer["tier"]],
            recent_activity=common.CustomerProfile.RecentActivity(
                unresolved_contacts_last_30_days=customer["prior_unresolved_contacts"],
                contacts_last_30_days=customer["prior_unresolved_contacts"],
                channels_tried=[own] + [channel for channel in OTHER_CHANNELS if channel != own][
                    :max(0, customer["channels_tried_last_7_days"] - 1)]))

    def wire_messages(self):
        out, clock = [], self.start
        for position, message in enumerate(self.data["messages"]):
            clock += message["seconds_since_previous"]
            out.append(common.ConversationMessage(
                message_id=f"m{position}", role=ROLES[message["role"]], text=message["text"],
                send_time={"seconds": clock}, language=self.data["locale"]))
        return out

    def requests(self, tenant):
        """(customer turn, EvaluateRequest) for every customer turn, in order."""
        messages = self.data["messages"]
        wire = self.wire_messages()
        confidences = self.data.get("bot_confidence_by_turn") or []
        bot_ordinal = [sum(1 for m in messages[:i] if m["role"] == "bot") for i in range(len(messages))]
        turn = 0
        for position, message in enumerate(messages):
            if message["role"] != "customer":
                continue
            turn += 1
            request = pb.EvaluateRequest(tenant_id=tenant, turn_id=f"{self.conversation_id}-t{turn}")
            first = 0 if self.mode == "full" else self.sent
            request.conversation.CopyFrom(common.Conversation(
                conversation_id=self.conversation_id, tenant_id=tenant, channel=CHANNELS[self.data["channel"]],
                customer=self.profile(), language=self.data["locale"], messages=wire[first:position + 1]))
            self.sent = position + 1
            following = position + 1
            if following < len(messages) and messages[following]["role"] == "bot" \
                    and bot_ordinal[following] < len(confidences):
                request.bot_confidence = confidences[bot_ordinal[following]]
            for number, event in enumerate(message.get("events", [])):
                self.add_event(request, event, f"{self.conversation_id}-m{position}-e{number}")
            yield turn, request

    def add_event(self, request, event, event_id):
        occur = {"seconds": int(time.time())}
        kind = event["type"]
        if kind == "payment_failed":
            request.events.append(common.TechnicalEvent(event_id=event_id, kind=common.TECHNICAL_EVENT_KIND_PAYMENT_FAILED,
                                                        occur_time=occur, customer_id=self.customer_id))
        elif kind == "error_code":
            request.events.append(common.TechnicalEvent(
                event_id=event_id, kind=common.TECHNICAL_EVENT_KIND_ERROR_CODE, occur_time=occur,
                customer_id=self.customer_id, error_report=common.ErrorReport(code=event["code"])))
        elif kind == "settings_change":
            request.events.append(common.TechnicalEvent(
                event_id=event_id, kind=common.TECHNICAL_EVENT_KIND_SETTINGS_CHANGED, occur_time=occur,
                customer_id=self.customer_id,
                setting_change=common.SettingChange(setting=event["setting"], changed_by_customer=False)))
        elif kind == "refund_requested":
            amount = round(event["amount"] * 100)
            request.requested_action.refund.amount.currency_code = event["currency"]
            request.requested_action.refund.amount.amount_minor = amount
        else:
            raise SystemExit(f"unknown event type {kind}")


def replay_negative_history(stub, tenant, replay):
    for number in range(replay.data["customer"]["negative_conversations_last_7_days"]):
        conversation = common.Conversation(
            conversation_id=f"{replay.conversation_id}-history{number}", tenant_id=tenant,
            channel=CHANNELS[replay.data["channel"]], customer=common.CustomerProfile(customer_id=replay.customer_id),
            messages=[common.ConversationMessage(message_id="m0", role=common.ConversationMessage.ROLE_CUSTOMER,
                                                 text=NEGATIVE_HISTORY, send_time={"seconds": replay.start - 3600})])
        stub.Evaluate(pb.EvaluateRequest(tenant_id=tenant, conversation=conversation))


def first_escalation(stub, tenant, replay, latencies):
    """The first customer turn whose Evaluate says ESCALATE_NOW (None: never), and its trigger names."""
    replay_negative_history(stub, tenant, replay)
    for turn, request in replay.requests(tenant):
        began = time.perf_counter()
        response = stub.Evaluate(request)
        latencies.append(time.perf_counter() - began)
        if response.recommendation == pb.RECOMMENDATION_ESCALATE_NOW:
            return turn, [trigger.name for trigger in response.triggers]
    return None, []


def score(results):
    """The figures of ESCALATION-RULES.md over [(conversation, first turn)]."""
    on_time = false_positive = premature = late = missed = 0
    lateness = []
    category_total, category_hit = Counter(), Counter()
    language_total, language_right = Counter(), Counter()
    for conversation, turn in results:
        expected = conversation["expected"]
        language = conversation["locale"]
        language_total[language] += 1
        if not expected["escalate"]:
            if turn is None:
                language_right[language] += 1
            else:
                false_positive += 1
            continue
        category = expected["categories"][0]
        category_total[category] += 1
        if turn is None:
            missed += 1
        elif turn < expected["not_before_customer_turn"]:
            premature += 1
        elif turn > expected["by_customer_turn"]:
            late += 1
        else:
            on_time += 1
            lateness.append(turn - expected["by_customer_turn"])
            category_hit[category] += 1
            language_right[language] += 1
    must = sum(1 for c, _ in results if c["expected"]["escalate"])
    said = on_time + false_positive + premature
    return {
        "precision": on_time / said if said else 1.0, "recall": on_time / must if must else 1.0,
        "mean_t_minus_by": sum(lateness) / len(lateness) if lateness else 0.0,
        "on_time": on_time, "false_positive": false_positive, "premature": premature, "late": late, "missed": missed,
        "categories": {c: (category_hit[c], category_total[c]) for c in sorted(category_total)},
        "languages": {l: (language_right[l], language_total[l]) for l in sorted(language_total)},
    }


def report(name, figures):
    print(f"{name}: precision {figures['precision']:.3f}  recall {figures['recall']:.3f}  "
          f"mean t-by {figures['mean_t_minus_by']:+.2f}  (on time {figures['on_time']}, false positive "
          f"{figures['false_positive']}, premature {figures['premature']}, late {figures['late']}, "
          f"missed {figures['missed']})")
    print("  recall per primary category: " + ", ".join(
        f"{c} {hit}/{total}" for c, (hit, total) in figures["categories"].items()))
    print("  accuracy per language: " + ", ".join(
        f"{l} {right / total:.3f} ({right}/{total})" for l, (right, total) in figures["languages"].items()))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bin_dir")
    parser.add_argument("database_url")
    parser.add_argument("conversations")
    parser.add_argument("split")
    parser.add_argument("--modes", default="full,delta")
    parser.add_argument("--written", help="conversations written for tuning (JSON lines, or the folder written/ of "
                                          "part-N.jsonl files), scored as part 'written'")
    parser.add_argument("--parts", default="tune,written,measure",
                        help="parts to score and print (tune,written only while tuning)")
    parser.add_argument("--dump", help="write each conversation's outcome as JSON lines (tune and written parts only)")
    args = parser.parse_args()
    conversations = [json.loads(line) for line in open(args.conversations, encoding="utf-8")]
    part = dict(line.split("\t") for line in open(args.split).read().splitlines() if not line.startswith("#"))
    if args.written:
        # A folder is the written set as kept (part-1.jsonl, part-2.jsonl, … in order); a file, one batch or more.
        paths = [args.written] if not os.path.isdir(args.written) else sorted(
            (os.path.join(args.written, name) for name in os.listdir(args.written) if name.startswith("part-") and name.endswith(".jsonl")),
            key=lambda path: int(os.path.basename(path)[len("part-"):-len(".jsonl")]))
        written = [json.loads(line) for path in paths for line in open(path, encoding="utf-8")]
        part.update((c["id"], "written") for c in written)
        conversations += written
    everything = conversations
    parts = args.parts.split(",")
    # Only the parts asked for are replayed, so a tuning run never scores the measuring part.
    conversations = [c for c in conversations if part[c["id"]] in parts]
    modes = args.modes.split(",")

    replica = Replica(args.bin_dir, args.database_url, "baton-signals", tempfile.mkdtemp(),
                      executable="baton-signals").start()
    try:
        channel = grpc.insecure_channel(replica.target)
        stub = pb_grpc.SignalsStub(channel)
        run = uuid.uuid4().hex[:8]
        tenant = f"dev-{run}"
        tenant_thresholds(stub, tenant, everything)
        latencies = []
        outcomes = defaultdict(dict)
        for conversation in conversations:
            for mode in modes:
                outcomes[mode][conversation["id"]] = first_escalation(stub, tenant, Replay(conversation, run, mode),
                                                                       latencies)
        for name in parts:
            chosen = [c for c in conversations if part[c["id"]] == name]
            if not chosen:
                continue
            report(f"{name} ({len(chosen)} conversations, {modes[0]})",
                   score([(c, outcomes[modes[0]][c["id"]][0]) for c in chosen]))
        if len(modes) > 1:
            differ = [c["id"] for c in conversations
                      if len({outcomes[mode][c["id"]][0] for mode in modes}) > 1]
            print(f"full history vs current turn only: {len(conversations) - len(differ)}/{len(conversations)} "
                  f"conversations escalate at the same turn" + (f"; differ: {' '.join(differ)}" if differ else ""))
        print(f"Evaluate over grpcio: {len(latencies)} calls, p50 {percentile(latencies, 50) * 1e3:.2f} ms, "
              f"p99 {percentile(latencies, 99) * 1e3:.2f} ms")
        if args.dump:
            with open(args.dump, "w") as dump:
                for conversation in conversations:
                    if part[conversation["id"]] == "measure":
                        continue
                    turn, names = outcomes[modes[0]][conversation["id"]]
                    dump.write(json.dumps({"id": conversation["id"], "turn": turn, "triggers": names}) + "\n")
    finally:
        replica.terminate()


if __name__ == "__main__":
    main()
