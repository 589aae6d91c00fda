#!/usr/bin/env python3
"""baton-signals end to end: the real executable on a real Postgres, called by
Python grpcio with stubs generated from proto/. Prints one line per case and
"N passed, N failed". Usage: signals_e2e.py SWIFT_BIN_DIR DATABASE_URL
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import grpc
from grpc_tools import protoc

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "Tests", "Support"))
from batonkit import free_port  # noqa: E402


def main():
    bin_dir, database_url = sys.argv[1], sys.argv[2]
    out = tempfile.mkdtemp()
    protos = ["baton/common/v1/common.proto", "baton/signals/v1/signals.proto", "baton/router/v1/router.proto"]
    import importlib.resources
    well_known = str(importlib.resources.files("grpc_tools") / "_proto")
    if protoc.main(["protoc", f"-I{ROOT}/proto", f"-I{well_known}", f"--python_out={out}", f"--grpc_python_out={out}",
                    *protos]) != 0:
        raise SystemExit("grpc_tools.protoc failed")
    sys.path.insert(0, out)
    from baton.common.v1 import common_pb2 as common
    from baton.signals.v1 import signals_pb2 as pb, signals_pb2_grpc as pb_grpc
    from baton.router.v1 import router_pb2, router_pb2_grpc

    def start_replica(name, executable="baton-signals", extra=None):
        grpc_port, admin_port = free_port(), free_port()
        env = dict(os.environ, BATON_DATABASE_URL=database_url, BATON_HOST="127.0.0.1", BATON_GRPC_PORT=str(grpc_port),
                   BATON_ADMIN_PORT=str(admin_port), BATON_LOG_FORMAT="json", BATON_SHUTDOWN_GRACE="5",
                   BATON_BACKGROUND_INTERVAL="1")
        env.update(extra or {})
        log = open(os.path.join(out, f"{name}.log"), "w")
        process = subprocess.Popen([os.path.join(bin_dir, executable)], env=env, stdout=log, stderr=log)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{admin_port}/readyz", timeout=1) as response:
                    if response.status == 200:
                        break
            except Exception:
                time.sleep(0.2)
        return process, grpc_port, admin_port

    router_process, router_port, _ = start_replica("baton-router", "baton-router")
    service, grpc_port, admin_port = start_replica("baton-signals", extra={"BATON_ROUTER_ADDR": f"127.0.0.1:{router_port}"})
    replica = None
    passed = failed = 0

    def case(name, body):
        nonlocal passed, failed
        try:
            body()
            passed += 1
            print(f"PASS signals-e2e/{name}", flush=True)
        except Exception as error:
            failed += 1
            print(f"FAIL signals-e2e/{name}: {type(error).__name__}: {error}", flush=True)

    def check(condition, message):
        if not condition:
            raise AssertionError(message)

    def expect(code, field, call):
        try:
            call()
        except grpc.RpcError as error:
            check(error.code() == code, f"expected {code}, got {error.code()}: {error.details()}")
            check(field in error.details(), f"the message does not name {field}: {error.details()}")
            return
        raise AssertionError(f"expected {code}, the call succeeded")

    try:
        channel = grpc.insecure_channel(f"127.0.0.1:{grpc_port}")
        stub = pb_grpc.SignalsStub(channel)
        tenant = f"e2e-{os.getpid()}"

        def conversation(*texts, customer=""):
            return common.Conversation(conversation_id=f"c-{time.time_ns()}", tenant_id=tenant,
                                       customer=common.CustomerProfile(customer_id=customer), messages=[
                common.ConversationMessage(message_id=f"m{i}", role=common.ConversationMessage.ROLE_CUSTOMER, text=t)
                for i, t in enumerate(texts)])

        def set_thresholds():
            saved = stub.SetThresholds(pb.SetThresholdsRequest(thresholds=pb.Thresholds(
                tenant_id=tenant, watch_threshold=0.4, escalate_threshold=0.7))).thresholds
            check(saved.revision == 1, f"revision {saved.revision}")
            again = stub.GetThresholds(pb.GetThresholdsRequest(tenant_id=tenant))
            check(not again.is_default and again.thresholds.revision == 1, f"read back {again}")
            expect(grpc.StatusCode.ABORTED, "expected_revision", lambda: stub.SetThresholds(pb.SetThresholdsRequest(
                thresholds=pb.Thresholds(tenant_id=tenant), expected_revision=7)))

        def explicit_request_escalates():
            response = stub.Evaluate(pb.EvaluateRequest(tenant_id=tenant, conversation=conversation(
                "Where is my order?", "Let me talk to a real person now")))
            check(response.recommendation == pb.RECOMMENDATION_ESCALATE_NOW, f"recommendation {response.recommendation}")
            names = [t.name for t in response.triggers]
            check("explicit.request_for_human" in names, f"triggers {names}")
            check(len(response.sentiments) == 2 and response.evaluation_id, "sentiments and evaluation id")

        def calm_message_continues():
            response = stub.Evaluate(pb.EvaluateRequest(tenant_id=tenant, conversation=conversation("Thanks, all good!")))
            check(response.recommendation == pb.RECOMMENDATION_CONTINUE and not response.triggers, f"{response}")

        def bad_input_names_the_field():
            expect(grpc.StatusCode.INVALID_ARGUMENT, "tenant_id",
                   lambda: stub.Evaluate(pb.EvaluateRequest(conversation=conversation("hi"))))
            expect(grpc.StatusCode.INVALID_ARGUMENT, "conversation.messages[0].text",
                   lambda: stub.Evaluate(pb.EvaluateRequest(tenant_id=tenant, conversation=conversation("   "))))
            expect(grpc.StatusCode.INVALID_ARGUMENT, "conversation.messages[0].text",
                   lambda: stub.Evaluate(pb.EvaluateRequest(tenant_id=tenant, conversation=conversation("x" * 20000))))
            expect(grpc.StatusCode.INVALID_ARGUMENT, "bot_confidence",
                   lambda: stub.Evaluate(pb.EvaluateRequest(tenant_id=tenant, conversation=conversation("hi"),
                                                           bot_confidence=1.5)))
            expect(grpc.StatusCode.INVALID_ARGUMENT, "message_index",
                   lambda: stub.Evaluate(pb.EvaluateRequest(tenant_id=tenant, conversation=conversation("hi"),
                                                           message_index=3)))
            expect(grpc.StatusCode.NOT_FOUND, "tenant_id",
                   lambda: stub.Evaluate(pb.EvaluateRequest(tenant_id="no-such-tenant", conversation=conversation("hi"))))
            expect(grpc.StatusCode.INVALID_ARGUMENT, "thresholds.watch_threshold",
                   lambda: stub.SetThresholds(pb.SetThresholdsRequest(thresholds=pb.Thresholds(
                       tenant_id=tenant, watch_threshold=0.9, escalate_threshold=0.5))))
            expect(grpc.StatusCode.INVALID_ARGUMENT, "thresholds.behaviour.fragment_gap",
                   lambda: stub.SetThresholds(pb.SetThresholdsRequest(thresholds=pb.Thresholds(
                       tenant_id=tenant, behaviour=pb.BehaviourSettings(fragment_gap={"seconds": -5})))))
            expect(grpc.StatusCode.INVALID_ARGUMENT, "thresholds.policy.learned_capability_min_probability",
                   lambda: stub.SetThresholds(pb.SetThresholdsRequest(thresholds=pb.Thresholds(
                       tenant_id=tenant, policy=pb.PolicySettings(learned_capability_min_probability=1.5)))))
            expect(grpc.StatusCode.INVALID_ARGUMENT, "thresholds.policy.learned_request_min_probability",
                   lambda: stub.SetThresholds(pb.SetThresholdsRequest(thresholds=pb.Thresholds(
                       tenant_id=tenant, policy=pb.PolicySettings(learned_request_min_probability=-0.1)))))
            expect(grpc.StatusCode.INVALID_ARGUMENT, "thresholds.sentiment.learned_complaint_min_probability",
                   lambda: stub.SetThresholds(pb.SetThresholdsRequest(thresholds=pb.Thresholds(
                       tenant_id=tenant, sentiment=pb.SentimentSettings(learned_complaint_min_probability=1.5)))))

        def metrics_count_calls():
            with urllib.request.urlopen(f"http://127.0.0.1:{admin_port}/metrics", timeout=2) as response:
                text = response.read().decode()
            check('grpc_method="Evaluate"' in text and "grpc_server_handled_total" in text, "no Evaluate metrics")

        def new_tenant(name, proactive_enabled, auto_escalate=False):
            tenant_id = f"{name}-{os.getpid()}-{time.time_ns()}"
            stub.SetThresholds(pb.SetThresholdsRequest(thresholds=pb.Thresholds(
                tenant_id=tenant_id, proactive=pb.ProactiveSettings(enabled=proactive_enabled, auto_escalate=auto_escalate))))
            return tenant_id

        def negative_conversations(tenant_id, customer, count):
            for i in range(count):
                convo = conversation("This is terrible, the worst service ever. I am furious.", customer=customer)
                convo.tenant_id = tenant_id
                stub.Evaluate(pb.EvaluateRequest(tenant_id=tenant_id, conversation=convo))

        def delivery_delay_opens_make_good():
            tenant_id = new_tenant("delay", True)
            promised = int(time.time()) - 4 * 86400
            event = common.TechnicalEvent(
                event_id="ship-1", kind=common.TECHNICAL_EVENT_KIND_DELIVERY_DELAYED, customer_id="dora", order_id="o-77",
                occur_time={"seconds": int(time.time())},
                delivery_delay=common.DeliveryDelay(order_id="o-77", carrier="DHL", promised_time={"seconds": promised},
                                                    expected_time={"seconds": promised + 3 * 86400}))
            first = stub.RecordEvent(pb.RecordEventRequest(tenant_id=tenant_id, event=event))
            check(not first.duplicate and len(first.findings) == 1, f"first: {first}")
            finding = first.findings[0]
            check(finding.kind == pb.FINDING_KIND_MAKE_GOOD_DELIVERY_DELAY and finding.customer_id == "dora"
                  and finding.state == pb.FINDING_STATE_OPEN and finding.delivery_delay.order_id == "o-77", f"{finding}")
            again = stub.RecordEvent(pb.RecordEventRequest(tenant_id=tenant_id, event=event))
            check(again.duplicate and not again.findings, f"again: {again}")
            # A second delay report for the same order while the first finding is open adds nothing.
            event.event_id = "ship-2"
            other = stub.RecordEvent(pb.RecordEventRequest(tenant_id=tenant_id, event=event))
            check(not other.duplicate and not other.findings, f"second report: {other}")
            listed = stub.ListFindings(pb.ListFindingsRequest(tenant_id=tenant_id))
            check([f.finding_id for f in listed.findings] == [finding.finding_id], f"listed {listed}")

        def cancelled_order_opens_nothing():
            tenant_id = new_tenant("cancel", True)
            now = int(time.time())
            stub.RecordEvent(pb.RecordEventRequest(tenant_id=tenant_id, event=common.TechnicalEvent(
                event_id="c-1", kind=common.TECHNICAL_EVENT_KIND_ORDER_CANCELLED, order_id="o-9",
                occur_time={"seconds": now})))
            late = stub.RecordEvent(pb.RecordEventRequest(tenant_id=tenant_id, event=common.TechnicalEvent(
                event_id="d-1", kind=common.TECHNICAL_EVENT_KIND_DELIVERY_DELAYED, order_id="o-9", occur_time={"seconds": now},
                delivery_delay=common.DeliveryDelay(order_id="o-9", delay={"seconds": 5 * 86400}))))
            check(not late.findings, f"{late}")

        def event_bad_input():
            tenant_id = new_tenant("badevent", True)
            good = dict(event_id="x", kind=common.TECHNICAL_EVENT_KIND_ERROR_CODE, occur_time={"seconds": int(time.time())})
            for field, broken in [("event.event_id", dict(good, event_id="")), ("event.kind", dict(good, kind=0)),
                                  ("event.kind", dict(good, kind=99)), ("event.occur_time", {k: v for k, v in good.items() if k != "occur_time"})]:
                expect(grpc.StatusCode.INVALID_ARGUMENT, field, lambda broken=broken: stub.RecordEvent(
                    pb.RecordEventRequest(tenant_id=tenant_id, event=common.TechnicalEvent(**broken))))
            expect(grpc.StatusCode.NOT_FOUND, "tenant_id", lambda: stub.RecordEvent(
                pb.RecordEventRequest(tenant_id="nobody-here", event=common.TechnicalEvent(**good))))
            expect(grpc.StatusCode.INVALID_ARGUMENT, "page_size", lambda: stub.ListFindings(
                pb.ListFindingsRequest(tenant_id=tenant_id, page_size=501)))
            expect(grpc.StatusCode.INVALID_ARGUMENT, "page_token", lambda: stub.ListFindings(
                pb.ListFindingsRequest(tenant_id=tenant_id, page_token="garbage")))
            expect(grpc.StatusCode.INVALID_ARGUMENT, "window.end_time", lambda: stub.RunProactiveScan(
                pb.RunProactiveScanRequest(tenant_id=tenant_id, window=common.TimeWindow(
                    start_time={"seconds": 100}, end_time={"seconds": 50}))))
            check(not stub.ListFindings(pb.ListFindingsRequest(tenant_id=tenant_id)).findings, "bad input stored nothing")

        def repeated_negative_opens_outreach_once_across_replicas():
            nonlocal replica
            # Proactive scheduling off: only the explicit scans below look at this tenant.
            tenant_id = new_tenant("outreach", False)
            customers = [f"cust-{i}" for i in range(5)]
            for customer in customers:
                negative_conversations(tenant_id, customer, 3)
            negative_conversations(tenant_id, "only-two", 2)
            dry = stub.RunProactiveScan(pb.RunProactiveScanRequest(tenant_id=tenant_id, dry_run=True))
            check(len(dry.findings) == 5, f"dry run found {len(dry.findings)}")
            replica, replica_port, _ = start_replica("baton-signals-2")
            second = pb_grpc.SignalsStub(grpc.insecure_channel(f"127.0.0.1:{replica_port}"))
            results, errors = [], []

            def scan(target):
                try:
                    results.append(target.RunProactiveScan(pb.RunProactiveScanRequest(tenant_id=tenant_id)))
                except Exception as error:
                    errors.append(error)
            threads = [threading.Thread(target=scan, args=(target,)) for target in [stub, second, stub, second]]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            check(not errors, f"errors {errors}")
            opened = [f for r in results for f in r.findings]
            check(sorted(f.customer_id for f in opened) == customers, f"opened {[f.customer_id for f in opened]}")
            check(all(f.kind == pb.FINDING_KIND_OUTREACH_REPEATED_NEGATIVE and len(f.repeated_negative.conversation_ids) == 3
                      for f in opened), "outreach detail")
            pages, token = [], ""
            while True:
                page = stub.ListFindings(pb.ListFindingsRequest(tenant_id=tenant_id, page_size=2, page_token=token))
                pages.append([f.customer_id for f in page.findings])
                token = page.next_page_token
                if not token:
                    break
            check([len(p) for p in pages] == [2, 2, 1], f"pages {pages}")
            check(sorted(c for p in pages for c in p) == customers, f"listed {pages}")
            filtered = stub.ListFindings(pb.ListFindingsRequest(tenant_id=tenant_id, customer_id="cust-3"))
            check([f.customer_id for f in filtered.findings] == ["cust-3"], f"filtered {filtered}")
            none = stub.ListFindings(pb.ListFindingsRequest(tenant_id=tenant_id, kinds=[pb.FINDING_KIND_ALERT_INTENT_SPIKE]))
            check(not none.findings, "kind filter")

        def scheduled_scan_finds_without_being_asked():
            tenant_id = new_tenant("scheduled", True)
            negative_conversations(tenant_id, "erin", 3)
            deadline = time.time() + 15
            while time.time() < deadline:
                found = stub.ListFindings(pb.ListFindingsRequest(tenant_id=tenant_id)).findings
                if found:
                    check([f.customer_id for f in found] == ["erin"], f"{found}")
                    return
                time.sleep(0.3)
            raise AssertionError("the scheduled scan opened nothing within 15 s")

        def findings_become_proactive_escalations():
            tenant_id = new_tenant("handover", False, auto_escalate=True)
            router = router_pb2_grpc.RouterStub(grpc.insecure_channel(f"127.0.0.1:{router_port}"))
            router.UpsertQueue(router_pb2.UpsertQueueRequest(queue=router_pb2.Queue(tenant_id=tenant_id, queue_id="default")))
            negative_conversations(tenant_id, "fay", 3)
            scanned = stub.RunProactiveScan(pb.RunProactiveScanRequest(tenant_id=tenant_id))
            check(len(scanned.findings) == 1, f"{scanned}")
            finding = scanned.findings[0]
            check(finding.state == pb.FINDING_STATE_ESCALATED and finding.escalation_id == f"proactive-{finding.finding_id}",
                  f"{finding}")
            escalation = router.GetEscalation(router_pb2.GetEscalationRequest(
                tenant_id=tenant_id, escalation_id=finding.escalation_id)).escalation
            check(escalation.proactive and escalation.category == "proactive.outreach" and escalation.customer_id == "fay"
                  and escalation.state == router_pb2.ESCALATION_STATE_QUEUED, f"{escalation}")
            listed = stub.ListFindings(pb.ListFindingsRequest(tenant_id=tenant_id)).findings
            check([f.state for f in listed] == [pb.FINDING_STATE_ESCALATED], f"{listed}")

        def current_turn_only_matches_full_history():
            # Two bots, one resending everything, one sending only what is new: failed payments arrive one per
            # turn (one event sent twice), the bot is unsure twice in a row; both must escalate at the same turn.
            turns = [("customer", "My card payment failed", 0.9, "pay-1"), ("bot", "Please try again.", None, None),
                     ("customer", "It failed again", 0.4, "pay-2"), ("bot", "Could you check the card details?", None, None),
                     ("customer", "The details are right", 0.3, "pay-2")]
            outcomes = {}
            for mode in ("full", "delta"):
                conversation_id, sent, outcome = f"memory-{mode}-{time.time_ns()}", 0, []
                messages = [common.ConversationMessage(
                    message_id=f"m{i}", text=text, send_time={"seconds": 1_767_225_600 + 30 * i},
                    role=common.ConversationMessage.ROLE_CUSTOMER if role == "customer" else common.ConversationMessage.ROLE_BOT)
                    for i, (role, text, _, _) in enumerate(turns)]
                for i, (role, _, confidence, event) in enumerate(turns):
                    if role != "customer":
                        continue
                    first = 0 if mode == "full" else sent
                    sent = i + 1
                    response = stub.Evaluate(pb.EvaluateRequest(
                        tenant_id=tenant, bot_confidence=confidence, turn_id=f"{conversation_id}-{i}",
                        conversation=common.Conversation(conversation_id=conversation_id, tenant_id=tenant,
                                                         messages=messages[first:i + 1]),
                        events=[common.TechnicalEvent(event_id=f"{conversation_id}-{event}",
                                                      kind=common.TECHNICAL_EVENT_KIND_PAYMENT_FAILED)]))
                    outcome.append((response.recommendation, sorted(t.name for t in response.triggers)))
                outcomes[mode] = outcome
            check(outcomes["full"] == outcomes["delta"], f"{outcomes}")
            last = outcomes["full"][-1]
            check([r for r, _ in outcomes["full"]][:2] != [pb.RECOMMENDATION_ESCALATE_NOW] * 2
                  and last[0] == pb.RECOMMENDATION_ESCALATE_NOW and "confidence.consecutive_low" in last[1]
                  and "technical.repeated_payment_failure" in last[1], f"{outcomes['full']}")

        def concurrent_turns_of_one_conversation_stay_serial():
            # Eight turns of one conversation at once, each sending only its own new message, and one message sent
            # twice at once: every turn must see the messages of those before it (no two the same count), and the
            # conversation must remember every message once.
            conversation_id = f"concurrent-{time.time_ns()}"
            start = threading.Barrier(10)
            counts, errors = {}, []

            def turn(key, message_id):
                try:
                    message = common.ConversationMessage(message_id=message_id, role=common.ConversationMessage.ROLE_CUSTOMER,
                                                         text=f"Question {message_id} about my bill")
                    start.wait()
                    response = stub.Evaluate(pb.EvaluateRequest(tenant_id=tenant, conversation=common.Conversation(
                        conversation_id=conversation_id, tenant_id=tenant, messages=[message])))
                    counts[key] = len(response.sentiments)
                except Exception as error:
                    errors.append(error)
            threads = [threading.Thread(target=turn, args=(f"m{i}", f"m{i}")) for i in range(8)]
            threads += [threading.Thread(target=turn, args=(f"dup{i}", "dup")) for i in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            check(not errors, f"errors {errors}")
            distinct = [counts[f"m{i}"] for i in range(8)]
            check(len(set(distinct)) == 8 and all(1 <= c <= 9 for c in distinct), f"counts {counts}")
            last = stub.Evaluate(pb.EvaluateRequest(tenant_id=tenant, conversation=common.Conversation(
                conversation_id=conversation_id, tenant_id=tenant, messages=[common.ConversationMessage(
                    message_id="last", role=common.ConversationMessage.ROLE_CUSTOMER, text="Any news?")])))
            check(len(last.sentiments) == 10, f"remembered {len(last.sentiments)} customer messages, not 10")

        def memory_kept_by_a_replica_follows_events_and_other_replicas():
            # A replica scores a conversation's next turn from what its last turn wrote. An event recorded for the
            # conversation in between (RecordEvent, no new memory revision) and turns written by another replica must
            # show in that score as they do in a bot resending everything to one replica.
            other, other_port, _ = start_replica("baton-signals-memory")
            try:
                second = pb_grpc.SignalsStub(grpc.insecure_channel(f"127.0.0.1:{other_port}"))
                turns = [(stub, "My card payment failed", "pay-1", None),
                         (None, None, "pay-2", None),  # recorded with RecordEvent
                         (stub, "Still can't pay, what now?", None, 0.4),
                         (second, "The card details are right", None, 0.3),
                         (stub, "Can you check it on your side?", None, 0.9)]
                outcomes = {}
                for mode in ("delta", "full"):
                    conversation_id, sent, messages, events, outcome = f"kept-{mode}-{time.time_ns()}", 0, [], [], []
                    for i, (target, text, event, confidence) in enumerate(turns):
                        if event is not None:
                            events.append(common.TechnicalEvent(event_id=f"{conversation_id}-{event}",
                                                                kind=common.TECHNICAL_EVENT_KIND_PAYMENT_FAILED,
                                                                occur_time={"seconds": int(time.time())}))
                        if target is None:
                            if mode == "delta":
                                stub.RecordEvent(pb.RecordEventRequest(tenant_id=tenant, event=events[-1],
                                                                       conversation_id=conversation_id))
                            continue
                        messages.append(common.ConversationMessage(
                            message_id=f"m{i}", role=common.ConversationMessage.ROLE_CUSTOMER, text=text,
                            send_time={"seconds": 1_767_225_600 + 30 * i}))
                        first = sent if mode == "delta" else 0
                        response = (target if mode == "delta" else stub).Evaluate(pb.EvaluateRequest(
                            tenant_id=tenant, bot_confidence=confidence, turn_id=f"{conversation_id}-{i}",
                            conversation=common.Conversation(conversation_id=conversation_id, tenant_id=tenant,
                                                             messages=messages[first:]),
                            events=events[len(events) - 1:] if mode == "delta" and event else
                            ([] if mode == "delta" else events)))
                        sent = len(messages)
                        outcome.append((response.recommendation, sorted(t.name for t in response.triggers),
                                        len(response.sentiments)))
                    outcomes[mode] = outcome
                check(outcomes["delta"] == outcomes["full"], f"{outcomes}")
                # The recorded event counted at the next turn, scored from the kept memory's replica.
                check("technical.repeated_payment_failure" in outcomes["delta"][1][1], f"{outcomes['delta']}")
                check([count for _, _, count in outcomes["delta"]] == [1, 2, 3, 4], f"{outcomes['delta']}")
            finally:
                other.terminate()
                other.wait(timeout=20)

        def psql(sql, url=None):
            out = subprocess.run(["psql", url or database_url, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql],
                                 capture_output=True, text=True, timeout=60)
            check(out.returncode == 0, f"psql: {out.stderr}")
            return out.stdout.strip()

        def answered_turn_kept_through_a_crash_once_a_later_commit_flushed():
            # Evaluate's write does not wait for the WAL flush; what acts on the evaluation commits durably later on
            # the same Postgres, which flushes it too. On a cluster of its own, crashed (immediate shutdown: WAL not
            # yet written is lost, the rest replayed at the next start), with the WAL writer's delay at 10 s and
            # autovacuum off so that nothing else flushes meanwhile: a turn with nothing committed after it is lost
            # (the write did not wait, and the crash is real); a turn followed by a durable commit elsewhere (as the
            # planner's turn) is kept; the replica that kept the lost turn's memory reads the memory again instead
            # of writing the next turn over the gap.
            state, pg_port = tempfile.mkdtemp(prefix="baton-crash-"), free_port()
            pg_env = dict(os.environ, BATON_PG_STATE=state, BATON_PG_PORT=str(pg_port))
            pg_env.pop("BATON_PG_DURABLE", None)

            def postgres(command):
                result = subprocess.run([os.path.join(ROOT, "deploy/local/postgres"), command], env=pg_env,
                                        capture_output=True, text=True, timeout=120)
                check(result.returncode == 0, f"postgres {command}: {result.stderr}")
                return result.stdout.strip()

            url = postgres("start")
            crashed = None
            try:
                for setting in ("wal_writer_delay = '10s'", "autovacuum = off"):
                    psql(f"ALTER SYSTEM SET {setting}", url)
                psql("SELECT pg_reload_conf()", url)
                crashed, crashed_port, _ = start_replica("baton-signals-crash", extra={
                    "BATON_DATABASE_URL": url, "BATON_BACKGROUND_INTERVAL": "3600"})
                crash_stub = pb_grpc.SignalsStub(grpc.insecure_channel(f"127.0.0.1:{crashed_port}"))
                tenant_id = f"crash-{os.getpid()}"
                crash_stub.SetThresholds(pb.SetThresholdsRequest(thresholds=pb.Thresholds(tenant_id=tenant_id)))

                def turn(conversation_id, message_id, text):
                    return crash_stub.Evaluate(pb.EvaluateRequest(
                        tenant_id=tenant_id, turn_id=f"{conversation_id}-{message_id}",
                        conversation=common.Conversation(conversation_id=conversation_id, tenant_id=tenant_id, messages=[
                            common.ConversationMessage(message_id=message_id, role=common.ConversationMessage.ROLE_CUSTOMER,
                                                       text=text)])))

                def revisions(conversation_id):
                    return psql(f"SELECT coalesce(string_agg(memory_revision::text, ',' ORDER BY memory_revision), '') "
                                f"FROM signals.evaluations WHERE tenant_id = '{tenant_id}' "
                                f"AND conversation_id = '{conversation_id}'", url)

                def wal_flushed():
                    return psql("SELECT pg_current_wal_flush_lsn() >= pg_current_wal_insert_lsn()", url) == "t"

                # A WAL writer put to sleep by the idle cluster flushes an asynchronous commit at once: a first
                # turn wakes it (and is flushed), so the measured turn's commit meets a writer 10 s from its next.
                turn("warm-up", "w1", "Hello there")
                deadline = time.time() + 30
                while not wal_flushed() and time.time() < deadline:
                    time.sleep(0.1)
                check(wal_flushed(), "the warm-up turn was not flushed within 30 s")

                lost = turn("alone", "a1", "I am still waiting for the engineer to call me back")
                check(lost.evaluation_id and revisions("alone") == "1", f"the turn was not stored: {revisions('alone')}")
                postgres("crash")
                postgres("start")
                check(revisions("alone") == "", f"the turn with nothing after it survived the crash: {revisions('alone')}")

                kept = turn("followed", "f1", "My router keeps dropping the connection")
                check(kept.evaluation_id, "the turn has no evaluation id")
                psql("CREATE TABLE IF NOT EXISTS public.e2e_durable_commit (at timestamptz)", url)
                psql("INSERT INTO public.e2e_durable_commit VALUES (now())", url)
                postgres("crash")
                postgres("start")
                check(revisions("followed") == "1", f"the turn a durable commit followed was lost: {revisions('followed')}")

                # This replica kept the lost turn's memory (revision 1); Postgres has none of it.
                after = turn("alone", "a2", "Nobody has called me back yet")
                check(len(after.sentiments) == 1, f"scored from the memory the crash lost: {len(after.sentiments)} messages")
                check(revisions("alone") == "1", f"written over the lost revision: {revisions('alone')}")
            finally:
                if crashed is not None:
                    crashed.kill()
                    crashed.wait(timeout=20)
                postgres("stop")
                shutil.rmtree(state, ignore_errors=True)

        def retention_forgets_idle_conversations_and_old_events():
            # A conversation idle for 40 days and an event without a conversation recorded 40 days ago are forgotten
            # by a replica keeping 30 days; a recent conversation is not; the idle one, back, starts a new memory.
            stamp = time.time_ns()
            idle, recent, orphan = f"idle-{stamp}", f"recent-{stamp}", f"orphan-{stamp}"
            for conversation_id in (idle, recent):
                stub.Evaluate(pb.EvaluateRequest(tenant_id=tenant, conversation=common.Conversation(
                    conversation_id=conversation_id, tenant_id=tenant, messages=[common.ConversationMessage(
                        message_id="m0", role=common.ConversationMessage.ROLE_CUSTOMER, text="My card payment failed")]),
                    events=[common.TechnicalEvent(event_id=f"{conversation_id}-pay", kind=common.TECHNICAL_EVENT_KIND_PAYMENT_FAILED,
                                                  occur_time={"seconds": int(time.time())})]))
            stub.RecordEvent(pb.RecordEventRequest(tenant_id=tenant, event=common.TechnicalEvent(
                event_id=orphan, kind=common.TECHNICAL_EVENT_KIND_ERROR_CODE, occur_time={"seconds": int(time.time())})))
            psql(f"UPDATE signals.evaluations SET created_at = now() - interval '40 days' "
                 f"WHERE tenant_id = '{tenant}' AND conversation_id = '{idle}'; "
                 f"UPDATE signals.events SET recorded_at = now() - interval '40 days' "
                 f"WHERE tenant_id = '{tenant}' AND (conversation_id = '{idle}' OR event_id = '{orphan}')")

            def rows(conversation_id):
                return psql(f"SELECT (SELECT count(*) FROM signals.evaluations WHERE tenant_id = '{tenant}' "
                            f"AND conversation_id = '{conversation_id}') || ' ' || (SELECT count(*) FROM "
                            f"signals.conversation_messages WHERE tenant_id = '{tenant}' AND conversation_id = "
                            f"'{conversation_id}') || ' ' || (SELECT count(*) FROM signals.events WHERE tenant_id = "
                            f"'{tenant}' AND conversation_id = '{conversation_id}')")
            check(rows(idle) == "1 1 1" and rows(recent) == "1 1 1", f"before: {rows(idle)}, {rows(recent)}")
            # Its first retention run is at start-up.
            keeper, keeper_port, _ = start_replica("baton-signals-retention", extra={"BATON_SIGNALS_RETENTION_DAYS": "30"})
            try:
                deadline = time.time() + 30
                while rows(idle) != "0 0 0" and time.time() < deadline:
                    time.sleep(0.2)
                check(rows(idle) == "0 0 0", f"the idle conversation is still stored: {rows(idle)}")
                check(rows(recent) == "1 1 1", f"the recent conversation lost rows: {rows(recent)}")
                orphans = psql(f"SELECT count(*) FROM signals.events WHERE tenant_id = '{tenant}' AND event_id = '{orphan}'")
                check(orphans == "0", f"the old event without a conversation is still stored ({orphans})")
                # Back after the retention: a new memory, first on this replica, then on the one whose kept state
                # still holds the forgotten message and payment failure (scored from it, the failure sent now would
                # be the second and escalate on repeated payment failure).
                keeper_stub = pb_grpc.SignalsStub(grpc.insecure_channel(f"127.0.0.1:{keeper_port}"))
                first = keeper_stub.Evaluate(pb.EvaluateRequest(tenant_id=tenant, conversation=common.Conversation(
                    conversation_id=idle, tenant_id=tenant, messages=[common.ConversationMessage(
                        message_id="b1", role=common.ConversationMessage.ROLE_CUSTOMER, text="Hello again")])))
                check(len(first.sentiments) == 1, f"the forgotten message is still remembered: {first}")
                second = stub.Evaluate(pb.EvaluateRequest(tenant_id=tenant, conversation=common.Conversation(
                    conversation_id=idle, tenant_id=tenant, messages=[common.ConversationMessage(
                        message_id="b2", role=common.ConversationMessage.ROLE_CUSTOMER, text="The card payment failed")]),
                    events=[common.TechnicalEvent(event_id=f"{idle}-b2", kind=common.TECHNICAL_EVENT_KIND_PAYMENT_FAILED,
                                                  occur_time={"seconds": int(time.time())})]))
                fired = [t.name for t in second.triggers]
                check("technical.repeated_payment_failure" not in fired and len(second.sentiments) == 2,
                      f"scored from the forgotten memory: {fired}, {len(second.sentiments)} messages")
            finally:
                keeper.terminate()
                keeper.wait(timeout=20)
            # Fewer than 8 days would cut into the 7-day windows: refused at start-up, naming the setting.
            log = os.path.join(out, "baton-signals-bad-retention.log")
            bad = subprocess.run([os.path.join(bin_dir, "baton-signals")], timeout=60, capture_output=True, text=True,
                                 env=dict(os.environ, BATON_DATABASE_URL=database_url, BATON_HOST="127.0.0.1",
                                          BATON_GRPC_PORT=str(free_port()), BATON_ADMIN_PORT=str(free_port()),
                                          BATON_SIGNALS_RETENTION_DAYS="5"))
            with open(log, "w") as saved:
                saved.write(bad.stdout + bad.stderr)
            check(bad.returncode != 0 and "BATON_SIGNALS_RETENTION_DAYS" in bad.stdout + bad.stderr,
                  f"exit {bad.returncode}: {(bad.stdout + bad.stderr)[-400:]}")

        def evaluation_committed_late_is_scanned_once_committed():
            # An Evaluate whose write started before a scan and commits after it: held open here by a session
            # named as the service's, as a write in flight is. The scan must not move its cursor past it; the next
            # scan counts it. (With the stretch ending at now(), the second scan counted nothing.)
            tenant_id = new_tenant("late", False)
            holder = subprocess.Popen(["psql", database_url, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1"],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                      env=dict(os.environ, PGAPPNAME="baton-signals"))
            try:
                holder.stdin.write(
                    "BEGIN;\n"
                    "INSERT INTO signals.evaluations (evaluation_id, tenant_id, conversation_id, customer_id, turn_id, risk, "
                    "recommendation, last_compound, triggers, intent, memory_revision) VALUES (gen_random_uuid(), "
                    f"'{tenant_id}', 'late-conversation', 'late-customer', 't1', 0.9, 3, -0.9, '{{}}', '', 1);\n"
                    "SELECT 'written';\n")
                holder.stdin.flush()
                check(holder.stdout.readline().strip() == "written", "the held write did not run")
                first = stub.RunProactiveScan(pb.RunProactiveScanRequest(tenant_id=tenant_id))
                check(first.conversations_scanned == 0, f"an uncommitted evaluation was counted: {first}")
                holder.stdin.write("COMMIT;\n")
                holder.stdin.close()
                check(holder.wait(timeout=30) == 0, f"psql: {holder.stderr.read()}")
                second = stub.RunProactiveScan(pb.RunProactiveScanRequest(tenant_id=tenant_id))
                check(second.conversations_scanned == 1, f"the evaluation committed after the first scan was skipped: {second}")
                third = stub.RunProactiveScan(pb.RunProactiveScanRequest(tenant_id=tenant_id))
                check(third.conversations_scanned == 0, f"scanned twice: {third}")
            finally:
                if holder.poll() is None:
                    holder.kill()

        def refund_limits_per_currency():
            limits = [common.Money(currency_code="USD", amount_minor=25_000),
                      common.Money(currency_code="GBP", amount_minor=20_000)]
            stub.SetThresholds(pb.SetThresholdsRequest(thresholds=pb.Thresholds(
                tenant_id=tenant, policy=pb.PolicySettings(refund_limits=limits))))
            for currency, amount, expected in [("GBP", 20_000, pb.RECOMMENDATION_ESCALATE_NOW),
                                               ("USD", 20_000, pb.RECOMMENDATION_CONTINUE)]:
                request = pb.EvaluateRequest(tenant_id=tenant, conversation=conversation("I'd like my money back please"))
                request.requested_action.refund.amount.currency_code = currency
                request.requested_action.refund.amount.amount_minor = amount
                response = stub.Evaluate(request)
                check(response.recommendation == expected, f"{currency} {amount}: {response}")
            expect(grpc.StatusCode.INVALID_ARGUMENT, "thresholds.policy.refund_limits[1]",
                   lambda: stub.SetThresholds(pb.SetThresholdsRequest(thresholds=pb.Thresholds(
                       tenant_id=tenant, policy=pb.PolicySettings(refund_limits=[limits[0], limits[0]])))))

        def batonctl_thresholds_round_trip():
            # The operator's path: print the thresholds as proto JSON, edit a number, set them back, and the service
            # holds the edit; a stale file (someone changed them since) is refused; a malformed file names the field.
            ctl_tenant = f"{tenant}-ctl"
            ctl = [os.path.join(bin_dir, "batonctl"), "signals"]
            address = ["--signals", f"127.0.0.1:{grpc_port}", "--tenant", ctl_tenant]
            def run(*args):
                return subprocess.run(ctl + list(args) + address, capture_output=True, text=True, timeout=60)
            printed = run("get-thresholds")
            check(printed.returncode == 0, f"get-thresholds: {printed.stderr}")
            document = json.loads(printed.stdout)
            document["behaviour"]["fragmentWords"] = 7
            path = os.path.join(out, "thresholds.json")
            with open(path, "w") as handle:
                json.dump(document, handle)
            first = run("set-thresholds", "--file", path, "--refund-limit", "30000", "--currency", "chf")
            check(first.returncode == 0 and "revision 1" in first.stdout, f"set-thresholds: {first.stdout} {first.stderr}")
            stored = stub.GetThresholds(pb.GetThresholdsRequest(tenant_id=ctl_tenant)).thresholds
            check(stored.behaviour.fragment_words == 7, f"fragment_words {stored.behaviour.fragment_words}")
            limits = {limit.currency_code: limit.amount_minor for limit in stored.policy.refund_limits}
            check(limits.get("CHF") == 30000 and limits.get("EUR") == 25000, f"refund limits {limits}")
            # Read revision 1, someone sets revision 2, the edit of revision 1 is refused.
            document = json.loads(run("get-thresholds").stdout)
            with open(path, "w") as handle:
                json.dump(document, handle)
            check(run("set-thresholds").returncode == 0, "a second change")
            stale = run("set-thresholds", "--file", path)
            check(stale.returncode != 0 and "expected_revision" in stale.stderr, f"stale file: {stale.stdout} {stale.stderr}")
            document["behaviour"]["fragmentWords"] = "seven"
            with open(path, "w") as handle:
                json.dump(document, handle)
            bad = run("set-thresholds", "--file", path)
            check(bad.returncode != 0 and "behaviour.fragment_words" in bad.stderr, f"malformed file: {bad.stdout} {bad.stderr}")
            check(stub.GetThresholds(pb.GetThresholdsRequest(tenant_id=ctl_tenant)).thresholds.revision == 2,
                  "nothing written by the refused calls")

        for name, body in [("set_and_get_thresholds", set_thresholds), ("explicit_request_escalates", explicit_request_escalates),
                           ("calm_message_continues", calm_message_continues),
                           ("current_turn_only_matches_full_history", current_turn_only_matches_full_history),
                           ("concurrent_turns_of_one_conversation_stay_serial",
                            concurrent_turns_of_one_conversation_stay_serial),
                           ("memory_kept_by_a_replica_follows_events_and_other_replicas",
                            memory_kept_by_a_replica_follows_events_and_other_replicas),
                           ("retention_forgets_idle_conversations_and_old_events",
                            retention_forgets_idle_conversations_and_old_events),
                           ("refund_limits_per_currency", refund_limits_per_currency),
                           ("batonctl_thresholds_round_trip", batonctl_thresholds_round_trip),
                           ("evaluation_committed_late_is_scanned_once_committed",
                            evaluation_committed_late_is_scanned_once_committed),
                           ("answered_turn_kept_through_a_crash_once_a_later_commit_flushed",
                            answered_turn_kept_through_a_crash_once_a_later_commit_flushed),
                           ("bad_input_names_the_field", bad_input_names_the_field),
                           ("metrics_count_calls", metrics_count_calls),
                           ("delivery_delay_opens_make_good", delivery_delay_opens_make_good),
                           ("cancelled_order_opens_nothing", cancelled_order_opens_nothing),
                           ("event_bad_input", event_bad_input),
                           ("repeated_negative_opens_outreach_once_across_replicas",
                            repeated_negative_opens_outreach_once_across_replicas),
                           ("scheduled_scan_finds_without_being_asked", scheduled_scan_finds_without_being_asked),
                           ("findings_become_proactive_escalations", findings_become_proactive_escalations)]:
            case(name, body)
        channel.close()
        service.send_signal(signal.SIGTERM)
        code = service.wait(timeout=20)
        case("exits_cleanly_on_sigterm", lambda: check(code == 0, f"exit {code}"))
    finally:
        for process in [service, replica, router_process]:
            if process is not None and process.poll() is None:
                process.kill()
        if failed:
            print(open(os.path.join(out, "baton-signals.log")).read()[-3000:])
    print(f"{passed} passed, {failed} failed")
    sys.exit(0 if failed == 0 and passed > 0 else 1)


if __name__ == "__main__":
    main()
