#!/usr/bin/env python3
"""The router's and signals' decisions reach the audit log (Tests/Audit/run runs it): a
baton-router with BATON_AUDIT_ADDR and a baton-audit on the private
Postgres; an escalation enqueued, assigned and completed, one expired and
one cancelled are each appended once, as pseudonymised entries; with
baton-audit killed the router goes on and the records arrive once it is
back. Usage: wiring_e2e.py BIN_DIR DATABASE_URL. Prints one line per case
and "N passed, N failed"."""

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
                "baton/signals/v1/signals.proto"])
from baton.audit.v1 import audit_pb2 as apb, audit_pb2_grpc as apb_grpc  # noqa: E402
from baton.common.v1 import common_pb2 as common  # noqa: E402
from baton.router.v1 import router_pb2 as rpb, router_pb2_grpc as rpb_grpc  # noqa: E402
from baton.signals.v1 import signals_pb2 as spb, signals_pb2_grpc as spb_grpc  # noqa: E402
from google.protobuf import duration_pb2  # noqa: E402

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
        self.url = url

    def start(self):
        self.audit.start()
        self.router.start()
        self.signals.start()
        self.audit_channel = grpc.aio.insecure_channel(self.audit.target)
        self.router_channel = grpc.aio.insecure_channel(self.router.target)
        self.audit_stub = apb_grpc.AuditStub(self.audit_channel)
        self.router_stub = rpb_grpc.RouterStub(self.router_channel)
        self.signals_channel = grpc.aio.insecure_channel(self.signals.target)
        self.signals_stub = spb_grpc.SignalsStub(self.signals_channel)

    async def stop(self):
        await self.audit_channel.close()
        await self.router_channel.close()
        await self.signals_channel.close()
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


async def amain(bin_dir, url):
    work = tempfile.mkdtemp(prefix="baton-wiring-")
    stack = Stack(bin_dir, url, work)
    stack.start()
    passed = failed = 0
    try:
        for name, case in [("router_decisions_reach_the_audit_log", decisions_reach_the_log),
                           ("audit_down_the_router_goes_on_and_nothing_is_lost", audit_down_loses_nothing),
                           ("signals_threshold_changes_reach_the_audit_log", threshold_changes_reach_the_log)]:
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
