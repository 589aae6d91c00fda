#!/usr/bin/env python3
"""The router's, signals' and handoff's decisions reach the audit log (Tests/Audit/run runs
it): a baton-router, baton-signals and baton-handoff with BATON_AUDIT_ADDR
and a baton-audit on the private Postgres; an escalation enqueued, assigned
and completed, one expired and one cancelled are each appended once, as
pseudonymised entries; a package built (and built again from the same
inputs) and an agent's feedback on it are appended once each; with
baton-audit killed the router and baton-handoff go on and the records
arrive once it is back. Usage: wiring_e2e.py BIN_DIR DATABASE_URL. Prints
one line per case and "N passed, N failed"."""

import asyncio
import base64
import os
import subprocess
import sys
import tempfile
import time
import traceback

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Support"))
from batonkit import Replica, generate_stubs, psql, quote  # noqa: E402

generate_stubs(["baton/common/v1/common.proto", "baton/audit/v1/audit.proto", "baton/router/v1/router.proto",
                "baton/signals/v1/signals.proto", "baton/handoff/v1/handoff.proto"])
from baton.audit.v1 import audit_pb2 as apb, audit_pb2_grpc as apb_grpc  # noqa: E402
from baton.common.v1 import common_pb2 as common  # noqa: E402
from baton.handoff.v1 import handoff_pb2 as hpb, handoff_pb2_grpc as hpb_grpc  # noqa: E402
from baton.router.v1 import router_pb2 as rpb, router_pb2_grpc as rpb_grpc  # noqa: E402
from baton.signals.v1 import signals_pb2 as spb, signals_pb2_grpc as spb_grpc  # noqa: E402
from google.protobuf import duration_pb2, timestamp_pb2  # noqa: E402

TIMEOUT = 30


async def wait_for(condition, timeout, what):
    """Polls `condition` (async, truthy when met) every 0.1 s up to `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = await condition()
        if value:
            return value
        await asyncio.sleep(0.1)
    raise TimeoutError(f"{what} not within {timeout}s")


class Stack:
    def __init__(self, bin_dir, url, work):
        keys = subprocess.run([os.path.join(bin_dir, "batonctl"), "audit", "keygen", "--name", "wiring.test"],
                              capture_output=True, text=True, check=True).stdout.split()
        self.audit = Replica(bin_dir, url, "baton-audit", work, executable="baton-audit", extra_env={
            "BATON_AUDIT_ORIGIN": "wiring.test", "BATON_AUDIT_SIGNING_KEY": keys[0],
            "BATON_AUDIT_SECRET": base64.b64encode(os.urandom(32)).decode()})
        self.router = Replica(bin_dir, url, "baton-router", work, extra_env={
            "BATON_AUDIT_ADDR": self.audit.target})
        self.signals = Replica(bin_dir, url, "baton-signals", work, executable="baton-signals", extra_env={
            "BATON_AUDIT_ADDR": self.audit.target})
        self.handoff = Replica(bin_dir, url, "baton-handoff", work, executable="baton-handoff", extra_env={
            "BATON_AUDIT_ADDR": self.audit.target})
        self.url = url

    def start(self):
        self.audit.start()
        self.router.start()
        self.signals.start()
        self.handoff.start()
        self.audit_channel = grpc.aio.insecure_channel(self.audit.target)
        self.router_channel = grpc.aio.insecure_channel(self.router.target)
        self.audit_stub = apb_grpc.AuditStub(self.audit_channel)
        self.router_stub = rpb_grpc.RouterStub(self.router_channel)
        self.signals_channel = grpc.aio.insecure_channel(self.signals.target)
        self.signals_stub = spb_grpc.SignalsStub(self.signals_channel)
        self.handoff_channel = grpc.aio.insecure_channel(self.handoff.target)
        self.handoff_stub = hpb_grpc.HandoffStub(self.handoff_channel)

    async def stop(self):
        await self.audit_channel.close()
        await self.router_channel.close()
        await self.signals_channel.close()
        await self.handoff_channel.close()
        self.handoff.terminate()
        self.signals.terminate()
        self.router.terminate()
        self.audit.terminate()

    async def tree_size(self, tenant):
        try:
            return (await self.audit_stub.GetCheckpoint(apb.GetCheckpointRequest(tenant_id=tenant), timeout=5)).checkpoint.tree_size
        except grpc.aio.AioRpcError as error:
            if error.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.UNAVAILABLE):
                return 0
            raise

    async def entries(self, tenant):
        size = await self.tree_size(tenant)
        found = []
        for index in range(size):
            proof = await self.audit_stub.GetInclusionProof(apb.GetInclusionProofRequest(tenant_id=tenant, index=index),
                                                            timeout=TIMEOUT)
            found.append(apb.AuditEntry.FromString(proof.entry))
        return found


def escalation(tenant, esc_id, language="en"):
    return rpb.Escalation(escalation_id=esc_id, tenant_id=tenant, conversation_id=f"conv-{esc_id}", category="billing",
                          customer_id=f"cust-{esc_id}", required_skills=[rpb.SkillRequirement(skill="billing", min_level=1)],
                          language=language, channel=common.CHANNEL_CHAT, reason="Refund above the bot's limit",
                          queue_id="q")


async def serve_one(stack, tenant, esc_id):
    """Enqueue, have agent ana accept and complete it."""
    stub = stack.router_stub
    session = stub.AgentSession(rpb.AgentSessionRequest(tenant_id=tenant, agent_id="ana", go_available=True))
    try:
        await stub.Enqueue(rpb.EnqueueRequest(escalation=escalation(tenant, esc_id)), timeout=TIMEOUT)
        async for event in session:
            if event.HasField("offer") and event.offer.escalation.escalation_id == esc_id:
                await stub.Accept(rpb.AcceptRequest(tenant_id=tenant, agent_id="ana", offer_id=event.offer.offer_id),
                                  timeout=TIMEOUT)
                break
        await stub.Complete(rpb.CompleteRequest(tenant_id=tenant, agent_id="ana", escalation_id=esc_id,
                                                outcome=rpb.COMPLETION_OUTCOME_HANDED_BACK_TO_BOT), timeout=TIMEOUT)
    finally:
        session.cancel()


async def setup(stack, tenant):
    stub = stack.router_stub
    await stub.UpsertQueue(rpb.UpsertQueueRequest(queue=rpb.Queue(queue_id="q", tenant_id=tenant,
                                                                  max_wait=duration_pb2.Duration(seconds=1))), timeout=TIMEOUT)
    await stub.UpsertAgent(rpb.UpsertAgentRequest(agent=rpb.Agent(
        agent_id="ana", tenant_id=tenant, skills=[rpb.AgentSkill(skill="billing", level=5)], languages=["en"],
        capacities=[rpb.ChannelCapacity(channel=common.CHANNEL_CHAT, max_concurrent=2)])), timeout=TIMEOUT)


async def decisions_reach_the_log(stack, tenant, problems):
    await setup(stack, tenant)
    await serve_one(stack, tenant, "served")
    await stack.router_stub.Enqueue(rpb.EnqueueRequest(escalation=escalation(tenant, "finnish", language="fi")), timeout=TIMEOUT)
    await stack.router_stub.Enqueue(rpb.EnqueueRequest(escalation=escalation(tenant, "dropped", language="fi")), timeout=TIMEOUT)
    await stack.router_stub.Cancel(rpb.CancelRequest(tenant_id=tenant, escalation_id="dropped", reason="customer left"),
                                   timeout=TIMEOUT)
    # enqueued x3, assigned, completed, cancelled, expired (after its 1 s max_wait)
    await wait_for(lambda: _at_least(stack, tenant, 7), 20, "seven records in the log")
    entries = await stack.entries(tenant)
    seen = sorted((e.kind, e.decision, next(s.subject_id for s in e.subjects if s.kind == apb.SUBJECT_KIND_ESCALATION))
                  for e in entries)
    expected = sorted([
        (apb.RECORD_KIND_ESCALATION_ENQUEUED, "ESCALATION_STATE_QUEUED", "served"),
        (apb.RECORD_KIND_ESCALATION_ASSIGNED, "ESCALATION_STATE_ASSIGNED", "served"),
        (apb.RECORD_KIND_ESCALATION_COMPLETED, "COMPLETION_OUTCOME_HANDED_BACK_TO_BOT", "served"),
        (apb.RECORD_KIND_ESCALATION_ENQUEUED, "ESCALATION_STATE_QUEUED", "finnish"),
        (apb.RECORD_KIND_ESCALATION_CLOSED, "ESCALATION_STATE_EXPIRED", "finnish"),
        (apb.RECORD_KIND_ESCALATION_ENQUEUED, "ESCALATION_STATE_QUEUED", "dropped"),
        (apb.RECORD_KIND_ESCALATION_CLOSED, "ESCALATION_STATE_CANCELLED", "dropped"),
    ])
    if seen != expected:
        problems.append(f"records {seen}, expected {expected}")
    for e in entries:
        for s in e.subjects:
            if s.kind in (apb.SUBJECT_KIND_CUSTOMER, apb.SUBJECT_KIND_CONVERSATION, apb.SUBJECT_KIND_AGENT) \
                    and not s.subject_id.startswith("ps_"):
                problems.append(f"entry {e.index}: {s.kind} stored as {s.subject_id!r}, not a pseudonym")
        if b"Refund above" in e.SerializeToString():
            problems.append(f"entry {e.index}: the rationale is in the clear")
    # Rows go once their appends are acknowledged, just after the log shows them.
    async def drained():
        return psql(stack.url, f"SELECT count(*) FROM router.audit_outbox WHERE tenant_id = {quote(tenant)}") == [["0"]]
    await wait_for(drained, 10, "the router's outbox to drain")


async def _at_least(stack, tenant, count):
    return await stack.tree_size(tenant) >= count


async def audit_down_loses_nothing(stack, tenant, problems):
    await setup(stack, tenant)
    stack.audit.kill()
    started = time.monotonic()
    await serve_one(stack, tenant, "while-down")
    if time.monotonic() - started > 5:
        problems.append("the router was slowed by the audit service being down")
    waiting = psql(stack.url, f"SELECT count(*) FROM router.audit_outbox WHERE tenant_id = {quote(tenant)}")
    if waiting != [["3"]]:
        problems.append(f"outbox while audit is down: {waiting}")
    stack.audit.start()
    await wait_for(lambda: _at_least(stack, tenant, 3), 20, "the three records after the restart")
    entries = await stack.entries(tenant)
    if len(entries) != 3:
        problems.append(f"{len(entries)} records after the restart, expected 3")


async def threshold_changes_reach_the_log(stack, tenant, problems):
    for revision in (1, 2):
        await stack.signals_stub.SetThresholds(spb.SetThresholdsRequest(thresholds=spb.Thresholds(tenant_id=tenant)),
                                               timeout=TIMEOUT)
    await wait_for(lambda: _at_least(stack, tenant, 2), 20, "two threshold records")
    entries = await stack.entries(tenant)
    seen = [(e.kind, e.decision, e.source_service) for e in entries]
    expected = [(apb.RECORD_KIND_THRESHOLDS_CHANGED, f"REVISION_{n}", "baton-signals") for n in (1, 2)]
    if seen != expected:
        problems.append(f"records {seen}, expected {expected}")


CUSTOMER_TEXT = "I was charged twice for order 1042, call me on +44 20 7946 0958"


def build_request(tenant, esc_id):
    """A package's inputs: the customer asks for a human after a double charge."""
    conversation = common.Conversation(
        conversation_id=f"conv-{esc_id}", tenant_id=tenant, channel=common.CHANNEL_CHAT, language="en",
        customer=common.CustomerProfile(customer_id=f"cust-{esc_id}", display_name="Ada Lovelace"),
        messages=[common.ConversationMessage(role=common.ConversationMessage.ROLE_CUSTOMER, text=CUSTOMER_TEXT,
                                             send_time=timestamp_pb2.Timestamp(seconds=1_780_000_000)),
                  common.ConversationMessage(role=common.ConversationMessage.ROLE_CUSTOMER, text="A human, please.",
                                             send_time=timestamp_pb2.Timestamp(seconds=1_780_000_030))])
    return hpb.BuildRequest(tenant_id=tenant, escalation_id=esc_id, conversation=conversation,
                            trigger=common.Trigger(category=common.TRIGGER_CATEGORY_EXPLICIT_REQUEST,
                                                   name="explicit.human_request", score=0.9, threshold=0.5))


async def build_and_rate(stack, tenant, esc_id):
    """Builds a package, builds it again from the same inputs (nothing new) and rates it; the package."""
    package = (await stack.handoff_stub.Build(build_request(tenant, esc_id), timeout=TIMEOUT)).handoff_package
    again = await stack.handoff_stub.Build(build_request(tenant, esc_id), timeout=TIMEOUT)
    if again.created or again.handoff_package.package_id != package.package_id:
        raise AssertionError(f"the retried Build stored a new revision: {again.handoff_package.revision}")
    await stack.handoff_stub.Feedback(hpb.FeedbackRequest(
        tenant_id=tenant, package_id=package.package_id, agent_id="ana", rating=2, missing=[hpb.MISSING_INFO_ORDER_DETAILS],
        customer_repeated=True, unnecessary_escalation=True, comment="She had to repeat the order number"), timeout=TIMEOUT)
    return package


def handoff_outbox(stack):
    return int(psql(stack.url, "SELECT count(*) FROM handoff.audit_outbox")[0][0])


async def handoff_records(stack, tenant, kind, subject_kind, subject_id):
    """The records of `kind` about a subject, with their inputs."""
    return list((await stack.audit_stub.Query(apb.QueryRequest(
        tenant_id=tenant, kinds=[kind], subject=apb.AuditSubject(kind=subject_kind, subject_id=subject_id),
        include_details=True), timeout=TIMEOUT)).records)


async def check_handoff_records(stack, tenant, package, problems):
    """One HANDOFF_BUILT about the package's escalation, conversation and customer and one HANDOFF_FEEDBACK
    about the escalation and the agent, with their inputs; no customer text in the log."""
    esc_id = package.escalation_id
    built = await handoff_records(stack, tenant, apb.RECORD_KIND_HANDOFF_BUILT, apb.SUBJECT_KIND_ESCALATION, esc_id)
    for kind, subject in [(apb.SUBJECT_KIND_CONVERSATION, package.conversation_id),
                          (apb.SUBJECT_KIND_CUSTOMER, f"cust-{esc_id}")]:
        about = await handoff_records(stack, tenant, apb.RECORD_KIND_HANDOFF_BUILT, kind, subject)
        if [r.index for r in about] != [r.index for r in built]:
            problems.append(f"HANDOFF_BUILT about {subject}: {[r.index for r in about]}, about {esc_id}: "
                            f"{[r.index for r in built]}")
    if len(built) != 1:
        problems.append(f"{len(built)} HANDOFF_BUILT records about {esc_id}, expected 1")
    else:
        inputs = dict(built[0].inputs)
        fingerprint = inputs.pop("fingerprint_sha256", "")
        if len(fingerprint) != 64:
            problems.append(f"fingerprint_sha256 {fingerprint!r}")
        expected = {"package_id": package.package_id, "revision": "1", "trigger": "explicit.human_request",
                    "issue_type": package.classification.issue_type, "urgency": str(package.classification.urgency)}
        if inputs != expected or built[0].decision != "built" or built[0].source_service != "baton-handoff":
            problems.append(f"HANDOFF_BUILT {built[0].decision} {built[0].source_service} {inputs}, expected {expected}")
    rated = await handoff_records(stack, tenant, apb.RECORD_KIND_HANDOFF_FEEDBACK, apb.SUBJECT_KIND_AGENT, "ana")
    if len(rated) != 1:
        problems.append(f"{len(rated)} HANDOFF_FEEDBACK records about agent ana, expected 1")
    else:
        inputs = dict(rated[0].inputs)
        inputs.pop("feedback_id", None)
        expected = {"package_id": package.package_id, "trigger": "explicit.human_request", "rating": "2",
                    "missing": "orderDetails", "wrong": "", "customer_repeated": "true", "necessary": "false"}
        if inputs != expected:
            problems.append(f"HANDOFF_FEEDBACK inputs {inputs}, expected {expected}")
        if esc_id not in [s.subject_id for s in rated[0].subjects if s.kind == apb.SUBJECT_KIND_ESCALATION]:
            problems.append(f"HANDOFF_FEEDBACK subjects {rated[0].subjects}")
    for e in await stack.entries(tenant):
        stored = e.SerializeToString()
        if any(text.encode() in stored for text in ("charged twice", "Ada Lovelace", "repeat the order", f"cust-{esc_id}")):
            problems.append(f"entry {e.index}: customer text or a raw identifier in the clear")


async def handoff_reaches_the_log(stack, tenant, problems):
    package = await build_and_rate(stack, tenant, "built")
    await wait_for(lambda: _at_least(stack, tenant, 2), 20, "the package's and the feedback's records")
    async def drained():
        return handoff_outbox(stack) == 0
    await wait_for(drained, 10, "handoff's outbox to drain")
    # Built again from the same inputs once the first records are out: nothing new is written to go.
    again = await stack.handoff_stub.Build(build_request(tenant, "built"), timeout=TIMEOUT)
    if again.created or handoff_outbox(stack) != 0:
        problems.append(f"a retried Build: created {again.created}, outbox {handoff_outbox(stack)}")
    await check_handoff_records(stack, tenant, package, problems)
    if await stack.tree_size(tenant) != 2:
        problems.append(f"{await stack.tree_size(tenant)} records in the log, expected 2")


async def audit_down_handoff_loses_nothing(stack, tenant, problems):
    stack.audit.kill()
    waiting = handoff_outbox(stack)
    started = time.monotonic()
    package = await build_and_rate(stack, tenant, "while-down")
    if time.monotonic() - started > 5:
        problems.append("baton-handoff was slowed by the audit service being down")
    if handoff_outbox(stack) != waiting + 2:
        problems.append(f"outbox while audit is down: {handoff_outbox(stack)}, expected {waiting + 2}")
    stack.audit.start()
    await wait_for(lambda: _at_least(stack, tenant, 2), 20, "the two records after the restart")
    await check_handoff_records(stack, tenant, package, problems)
    if await stack.tree_size(tenant) != 2:
        problems.append(f"{await stack.tree_size(tenant)} records after the restart, expected 2")


async def amain(bin_dir, url):
    work = tempfile.mkdtemp(prefix="baton-wiring-")
    stack = Stack(bin_dir, url, work)
    stack.start()
    passed = failed = 0
    try:
        for name, case in [("router_decisions_reach_the_audit_log", decisions_reach_the_log),
                           ("audit_down_the_router_goes_on_and_nothing_is_lost", audit_down_loses_nothing),
                           ("signals_threshold_changes_reach_the_audit_log", threshold_changes_reach_the_log),
                           ("handoff_packages_and_feedback_reach_the_audit_log_once", handoff_reaches_the_log),
                           ("audit_down_handoff_goes_on_and_nothing_is_lost", audit_down_handoff_loses_nothing)]:
            problems = []
            try:
                await case(stack, f"{name[:12]}-{os.getpid()}", problems)
            except Exception as error:  # noqa: BLE001
                traceback.print_exc()
                problems.append(f"{type(error).__name__}: {error}")
            if problems:
                failed += 1
                print(f"FAIL wiring/{name}: " + "; ".join(problems), flush=True)
            else:
                passed += 1
                print(f"PASS wiring/{name}", flush=True)
    finally:
        await stack.stop()
    print(f"{passed} passed, {failed} failed", flush=True)
    return failed == 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    sys.exit(0 if asyncio.run(amain(*sys.argv[1:])) else 1)
