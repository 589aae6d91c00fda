#!/usr/bin/env python3
"""baton-planner end to end (Tests/Planner/run runs it; make test runs that):
the whole stack as separate processes on the private Postgres (baton-audit,
baton-signals, baton-router, baton-handoff, two baton-connector-demo, two
baton-planner replicas), driven by Python grpcio as a bot would drive it.

Conversations drive each of the five decisions; the router holds the
escalations, the packages exist, the audit log holds every decision and
verifies; a retried turn executes nothing twice; an irreversible action waits
for confirmation and expires without it; an approval flows through
DecideApproval with a smaller amount; a conversation handed back goes on with
the bot without looping and escalates again on a new trigger; an explicit
request under a policy that never hands off is still handed off; a dry run
gives the expected from→to matrix; signals down, router down, audit down and
a slow connector each get their defined answer and nothing is lost; bad input
gets INVALID_ARGUMENT naming the field.

Usage: planner_e2e.py BIN_DIR DATABASE_URL. Prints one line per case and
"N passed, N failed"."""

import asyncio
import base64
import os
import subprocess
import sys
import tempfile
import time
import uuid

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Support"))
from batonkit import Replica, Results, check, generate_stubs, psql, quote, wait_for  # noqa: E402

generate_stubs(["baton/common/v1/common.proto", "baton/audit/v1/audit.proto", "baton/router/v1/router.proto",
                "baton/signals/v1/signals.proto", "baton/handoff/v1/handoff.proto", "baton/planner/v1/planner.proto",
                "baton/connector/v1/connector.proto"])
from baton.audit.v1 import audit_pb2 as apb, audit_pb2_grpc as apb_grpc  # noqa: E402
from baton.common.v1 import common_pb2 as common  # noqa: E402
from baton.connector.v1 import connector_pb2 as cpb, connector_pb2_grpc as cpb_grpc  # noqa: E402
from baton.handoff.v1 import handoff_pb2 as hpb, handoff_pb2_grpc as hpb_grpc  # noqa: E402
from baton.planner.v1 import planner_pb2 as ppb, planner_pb2_grpc as ppb_grpc  # noqa: E402
from baton.router.v1 import router_pb2 as rpb, router_pb2_grpc as rpb_grpc  # noqa: E402
from baton.signals.v1 import signals_pb2 as spb, signals_pb2_grpc as spb_grpc  # noqa: E402
from google.protobuf import duration_pb2, timestamp_pb2  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 30
RUN = f"{os.getpid()}-{time.time_ns() % 10**9}"
TENANT = f"e2e-{RUN}"
SLOW_TENANT = f"slow-{RUN}"
STRICT_TENANT = f"never-{RUN}"
NO_QUEUE_TENANT = f"noqueue-{RUN}"
SC = grpc.StatusCode
D = ppb  # decisions live in the planner module


async def expect_error(code, field, call):
    try:
        await call()
    except grpc.aio.AioRpcError as error:
        check(error.code() == code, f"expected {code.name}, got {error.code().name}: {error.details()}")
        if field:
            check(field in (error.details() or ""), f"{code.name} does not name {field}: {error.details()}")
        return error
    raise AssertionError(f"expected {code.name}, the call succeeded")


def now_ts():
    ts = timestamp_pb2.Timestamp()
    ts.GetCurrentTime()
    return ts


def decision_name(value):
    return ppb.Decision.Name(value)


class Stack:
    """The whole stack as processes, each on its own ports."""

    def __init__(self, bin_dir, url, work):
        keys = subprocess.run([os.path.join(bin_dir, "batonctl"), "audit", "keygen", "--name", "planner.test"],
                              capture_output=True, text=True, check=True).stdout.split()
        self.url = url
        self.bin_dir = bin_dir
        self.audit = Replica(bin_dir, url, "baton-audit", work, executable="baton-audit", extra_env={
            "BATON_AUDIT_ORIGIN": "planner.test", "BATON_AUDIT_SIGNING_KEY": keys[0],
            "BATON_AUDIT_SECRET": base64.b64encode(os.urandom(32)).decode()})
        self.signals = Replica(bin_dir, url, "baton-signals", work, executable="baton-signals")
        self.router = Replica(bin_dir, url, "baton-router", work, extra_env={"BATON_AUDIT_ADDR": self.audit.target})
        self.handoff = Replica(bin_dir, url, "baton-handoff", work, executable="baton-handoff")
        self.connector = Replica(bin_dir, url, "connector", work, executable="baton-connector-demo", extra_env={
            "BATON_CONNECTOR_DEMO_SEED": "1", "BATON_CONNECTOR_DEMO_SEED_TENANT": TENANT})
        self.slow_connector = Replica(bin_dir, url, "slow-connector", work, executable="baton-connector-demo", extra_env={
            "BATON_CONNECTOR_DEMO_SEED": "1", "BATON_CONNECTOR_DEMO_SEED_TENANT": SLOW_TENANT,
            "BATON_CONNECTOR_DEMO_DELAY_MS": "1500"})
        planner_env = {
            "BATON_SIGNALS_ADDR": self.signals.target, "BATON_ROUTER_ADDR": self.router.target,
            "BATON_HANDOFF_ADDR": self.handoff.target, "BATON_AUDIT_ADDR": self.audit.target,
            "BATON_PLANNER_CONNECTORS": f"{SLOW_TENANT}={self.slow_connector.target}",
            "BATON_PLANNER_CONNECTOR_DEFAULT": self.connector.target,
            "BATON_PLANNER_CONNECTOR_TIMEOUT_MS": "500",
            "BATON_PLANNER_SIGNALS_TIMEOUT_MS": "800", "BATON_PLANNER_PEER_TIMEOUT_MS": "800"}
        self.planners = [Replica(bin_dir, url, f"baton-planner-{i}", work, executable="baton-planner",
                                 extra_env=planner_env) for i in range(2)]
        # A third replica answers before the audit append (BATON_PLANNER_AUDIT_SEQUENCE=stored).
        self.planners.append(Replica(bin_dir, url, "baton-planner-stored", work, executable="baton-planner",
                                     extra_env={**planner_env, "BATON_PLANNER_AUDIT_SEQUENCE": "stored"}))
        self.all = [self.audit, self.signals, self.router, self.handoff, self.connector, self.slow_connector, *self.planners]

    def start(self):
        for replica in self.all:
            replica.start()
        self.channels = {}
        self.planner_stubs = [ppb_grpc.PlannerStub(self.channel(p.target)) for p in self.planners]
        self.audit_stub = apb_grpc.AuditStub(self.channel(self.audit.target))
        self.router_stub = rpb_grpc.RouterStub(self.channel(self.router.target))
        self.handoff_stub = hpb_grpc.HandoffStub(self.channel(self.handoff.target))
        self.connector_stub = cpb_grpc.ConnectorStub(self.channel(self.connector.target))
        self.signals_stub = spb_grpc.SignalsStub(self.channel(self.signals.target))

    def channel(self, target):
        if target not in self.channels:
            self.channels[target] = grpc.aio.insecure_channel(target)
        return self.channels[target]

    @property
    def planner(self):
        return self.planner_stubs[0]

    async def stop(self):
        for channel in self.channels.values():
            await channel.close()
        for replica in reversed(self.all):
            replica.terminate()


class Conversation:
    """A bot's conversation: sends only the current turn (the planner keeps the transcript)."""

    def __init__(self, stack, tenant=TENANT, customer=None, tier=common.CUSTOMER_TIER_PREMIUM,
                 channel=common.CHANNEL_CHAT, language="en"):
        self.stack = stack
        self.tenant = tenant
        self.id = f"conv-{uuid.uuid4()}"
        # A customer of their own unless the connector's records matter (signals remembers each customer's
        # earlier conversations, and a history of negative ones is a trigger of its own).
        customer = customer or f"cust-{uuid.uuid4().hex[:12]}"
        self.customer = common.CustomerProfile(customer_id=customer, tier=tier, language=language, tenure_days=800)
        self.channel = channel
        self.language = language
        self.turns = 0

    def request(self, text, action=None, turn_id=None, confidence=None):
        self.turns += 1
        turn_id = turn_id or f"t{self.turns}"
        request = ppb.HandleTurnRequest(
            tenant_id=self.tenant, conversation_id=self.id, turn_id=turn_id, channel=self.channel,
            customer=self.customer,
            message=common.ConversationMessage(message_id=turn_id, role=common.ConversationMessage.ROLE_CUSTOMER,
                                               text=text, send_time=now_ts()),
            conversation=common.Conversation(language=self.language), bot_id="e2e-bot")
        if action is not None:
            request.requested_action.CopyFrom(action)
        if confidence is not None:
            request.bot_confidence = confidence
        return request

    async def say(self, text, action=None, turn_id=None, replica=0, confidence=None):
        request = self.request(text, action, turn_id, confidence)
        response = await self.stack.planner_stubs[replica].HandleTurn(request, timeout=TIMEOUT)
        return response.outcome


def refund(action_id, amount, order="o-1001", currency="EUR"):
    return common.RequestedAction(action_id=action_id, refund=common.RequestedAction.Refund(
        amount=common.Money(amount_minor=amount, currency_code=currency), order_id=order, reason="damaged_item"))


def cancel(action_id, order):
    return common.RequestedAction(action_id=action_id, cancel_order=common.RequestedAction.CancelOrder(
        order_id=order, reason="customer_request"))


ADMIN = common.Principal(kind=common.PRINCIPAL_KIND_ADMINISTRATOR, principal_id="e2e-admin")
SUPERVISOR = common.Principal(kind=common.PRINCIPAL_KIND_SUPERVISOR, principal_id="sup-1")


async def publish(stack, tenant, name, activate=True):
    with open(os.path.join(HERE, "policies", name)) as f:
        document = f.read()
    response = await stack.planner.PublishPolicy(ppb.PublishPolicyRequest(
        tenant_id=tenant, document=document, format=ppb.POLICY_FORMAT_YAML, publisher=ADMIN, activate=activate,
        change_note=f"e2e {name}"), timeout=TIMEOUT)
    check(response.valid, f"{name} invalid: {[(e.path, e.line, e.error_message) for e in response.errors]}")
    return response.policy


async def refunded(stack, tenant, order):
    found = await stack.connector_stub.LookupOrder(cpb.LookupOrderRequest(tenant_id=tenant, customer_id="c-ada",
                                                                          order_id=order), timeout=TIMEOUT)
    return found.order.refunded.amount_minor


async def run(bin_dir, url):
    work = tempfile.mkdtemp(prefix="baton-planner-e2e-")
    stack = Stack(bin_dir, url, work)
    results = Results()
    stack.start()
    try:
        await scenarios(stack, results)
    finally:
        await stack.stop()
    print(f"{results.passed} passed, {results.failed} failed")
    if results.failed:
        print(f"logs in {work}")
    return results.failed == 0


async def scenarios(stack, results):
    router = stack.router_stub
    for tenant in (TENANT, SLOW_TENANT, STRICT_TENANT):
        await stack.signals_stub.SetThresholds(spb.SetThresholdsRequest(thresholds=spb.Thresholds(tenant_id=tenant)),
                                               timeout=TIMEOUT)
        await router.UpsertQueue(rpb.UpsertQueueRequest(queue=rpb.Queue(
            queue_id="default", tenant_id=tenant, display_name="Default", offer_timeout=duration_pb2.Duration(seconds=30))),
            timeout=TIMEOUT)
    # A tenant the router has no queue for (its escalations are refused).
    await stack.signals_stub.SetThresholds(spb.SetThresholdsRequest(thresholds=spb.Thresholds(tenant_id=NO_QUEUE_TENANT)),
                                           timeout=TIMEOUT)
    state = {}

    async def publish_policies():
        policy = await publish(stack, TENANT, "e2e.yaml")
        check(policy.version == 1 and policy.state == ppb.POLICY_STATE_ACTIVE, f"published: {policy}")
        check(len(policy.document_sha256) == 32, "the version carries its SHA-256")
        await publish(stack, SLOW_TENANT, "e2e.yaml")
        await publish(stack, STRICT_TENANT, "never-handoff.yaml")
        listed = await stack.planner.ListPolicies(ppb.ListPoliciesRequest(tenant_id=TENANT), timeout=TIMEOUT)
        check(listed.active_version == 1 and [p.version for p in listed.policies] == [1], f"list: {listed}")
    await results.case("policy/publish_activate_list", publish_policies)

    async def continue_turn():
        conversation = Conversation(stack)
        outcome = await conversation.say("Hi, can you tell me when my order o-1002 will arrive?")
        check(outcome.decision == D.DECISION_CONTINUE, f"decision {decision_name(outcome.decision)}: {outcome.rationale}")
        check("'default'" in outcome.rationale, f"rationale names the rule: {outcome.rationale}")
        check(outcome.policy_version == 1 and outcome.customer_message == "", f"outcome: {outcome}")
        check(outcome.audit_sequence > 0, "the decision's audit record was appended at once")
        state["continue"] = conversation
    await results.case("decide/continue", continue_turn)

    async def concurrent_turns():
        # Turns of one conversation at once on both replicas, and a retry of one of them racing it: each turn is
        # decided on the state the turn before it left (a loser of the race for the conversation is decided again),
        # and a retry gets its turn's outcome.
        conversation = Conversation(stack)
        # Three turns: a turn loses at most to the two others, within the planner's three attempts.
        texts = ["Do you ship to Norway?", "What is your return policy for shoes?", "Can I pay with PayPal?"]
        requests = [conversation.request(text) for text in texts]
        calls = [stack.planner_stubs[i % 2].HandleTurn(request, timeout=TIMEOUT) for i, request in enumerate(requests)]
        calls.append(stack.planner_stubs[1].HandleTurn(requests[0], timeout=TIMEOUT))
        outcomes = [response.outcome for response in await asyncio.gather(*calls)]
        check(all(o.decision == D.DECISION_CONTINUE for o in outcomes), f"decisions: {[o.decision for o in outcomes]}")
        # Whichever of the turn and its retry lost is answered from the stored turn, the sequence included (before the
        # winner's append is recorded there, the loser appends the record again and the log answers with its index).
        check(outcomes[3] == outcomes[0], f"the racing retry got its turn's outcome: {outcomes[0]} {outcomes[3]}")
        sequences = [outcomes[0].audit_sequence, outcomes[1].audit_sequence, outcomes[2].audit_sequence]
        check(all(sequences) and len(set(sequences)) == 3, f"each turn its own audit record: {sequences}")
        stored = psql(stack.url, "SELECT customer_turns, (SELECT count(*) FROM planner.turns t WHERE t.tenant_id = c.tenant_id "
                                 "AND t.conversation_id = c.conversation_id) FROM planner.conversations c "
                                 f"WHERE tenant_id = {quote(TENANT)} AND conversation_id = {quote(conversation.id)}")
        check(stored == [["3", "3"]], f"three turns, each counted once: {stored}")
    await results.case("decide/concurrent_turns_of_one_conversation", concurrent_turns)

    async def execute_within_authority():
        conversation = Conversation(stack, customer="c-ada")
        before = await refunded(stack, TENANT, "o-1001")
        action = refund("refund-small", 2000)
        outcome = await conversation.say("My headphones arrived broken, can I get 20 EUR back?", action, turn_id="t-refund")
        check(outcome.decision == D.DECISION_EXECUTE, f"decision {decision_name(outcome.decision)}: {outcome.rationale}")
        check("refund-auto" in outcome.rationale and "2000" in outcome.rationale, f"rationale: {outcome.rationale}")
        names = [step.name for step in outcome.steps]
        check("orders.lookup_order" in names and "billing.issue_refund" in names, f"steps: {names}")
        step = next(s for s in outcome.steps if s.name == "billing.issue_refund")
        check(step.state == ppb.PlanStep.STATE_SUCCEEDED and step.outputs.get("reference"), f"refund step: {step}")
        check("20.00 EUR" in outcome.customer_message, f"customer message: {outcome.customer_message}")
        check(await refunded(stack, TENANT, "o-1001") == before + 2000, "the connector refunded 20 EUR once")
        # The same turn again, on the other replica: the same outcome, nothing executed twice.
        again = await conversation.say("My headphones arrived broken, can I get 20 EUR back?", action,
                                       turn_id="t-refund", replica=1)
        check(again == outcome, "a retried turn returns the first outcome")
        check(await refunded(stack, TENANT, "o-1001") == before + 2000, "a retried turn executes nothing twice")
        state["refund_conversation"] = conversation
    await results.case("decide/execute_within_authority_once", execute_within_authority)

    async def confirm_and_expire():
        conversation = Conversation(stack, customer="c-ben")
        outcome = await conversation.say("Please cancel my order o-1002, I don't need it anymore.",
                                         cancel("cancel-1002", "o-1002"))
        check(outcome.decision == D.DECISION_CONFIRM and outcome.confirmation_id, f"decision: {outcome}")
        check(outcome.confirmation_ttl.seconds == 600, f"ttl: {outcome.confirmation_ttl}")
        check("cannot be undone" in outcome.customer_message, f"message: {outcome.customer_message}")
        confirmed = await stack.planner_stubs[1].ConfirmAction(ppb.ConfirmActionRequest(
            tenant_id=TENANT, conversation_id=conversation.id, confirmation_id=outcome.confirmation_id, confirmed=True),
            timeout=TIMEOUT)
        check(confirmed.outcome.decision == D.DECISION_EXECUTE, f"after confirming: {confirmed.outcome}")
        check(confirmed.outcome.steps[0].name == "orders.cancel"
              and confirmed.outcome.steps[0].state == ppb.PlanStep.STATE_SUCCEEDED, f"steps: {confirmed.outcome.steps}")
        await expect_error(SC.FAILED_PRECONDITION, "already answered", lambda: stack.planner.ConfirmAction(
            ppb.ConfirmActionRequest(tenant_id=TENANT, conversation_id=conversation.id,
                                     confirmation_id=outcome.confirmation_id, confirmed=True), timeout=TIMEOUT))
        # By SMS the policy gives two seconds; nobody answers in time.
        sms = Conversation(stack, customer="c-chloe", tier=common.CUSTOMER_TIER_VIP_GOLD, channel=common.CHANNEL_SMS)
        short = await sms.say("cancel order o-1005 please", cancel("cancel-1005", "o-1005"))
        check(short.decision == D.DECISION_CONFIRM and short.confirmation_ttl.seconds == 2, f"sms: {short}")
        expires = short.decide_time.ToDatetime().timestamp() + 2
        await asyncio.sleep(max(0.0, expires - time.time()) + 0.2)  # waiting out the TTL is the condition under test
        await expect_error(SC.FAILED_PRECONDITION, "expired", lambda: stack.planner.ConfirmAction(
            ppb.ConfirmActionRequest(tenant_id=TENANT, conversation_id=sms.id, confirmation_id=short.confirmation_id,
                                     confirmed=True), timeout=TIMEOUT))
        order = await stack.connector_stub.LookupOrder(cpb.LookupOrderRequest(
            tenant_id=TENANT, customer_id="c-chloe", order_id="o-1005"), timeout=TIMEOUT)
        check(order.order.status != "cancelled", f"the expired cancellation did not run: {order.order.status}")
    await results.case("decide/confirm_then_execute_and_expiry", confirm_and_expire)

    async def approval_flow():
        conversation = Conversation(stack, customer="c-ada")
        before = await refunded(stack, TENANT, "o-1001")
        outcome = await conversation.say("The whole order was wrong, I want 80 EUR back.", refund("refund-big", 8000))
        check(outcome.decision == D.DECISION_APPROVAL and outcome.approval_id, f"decision: {outcome}")
        check(outcome.escalation_id, "the approval is routed to a supervisor")
        task = await wait_for(lambda: router_escalation(stack, outcome.escalation_id), 10, "the supervisor's task")
        check(task.category == "approval", f"task: {task.category}")
        pending = await stack.planner.ListApprovals(ppb.ListApprovalsRequest(
            tenant_id=TENANT, states=[ppb.APPROVAL_STATE_PENDING]), timeout=TIMEOUT)
        check(outcome.approval_id in [a.approval_id for a in pending.approvals], "listed as pending")
        await expect_error(SC.PERMISSION_DENIED, "approver", lambda: stack.planner.DecideApproval(ppb.DecideApprovalRequest(
            tenant_id=TENANT, approval_id=outcome.approval_id, decision=ppb.APPROVAL_DECISION_APPROVE,
            approver=common.Principal(kind=common.PRINCIPAL_KIND_BOT, principal_id="bot")), timeout=TIMEOUT))
        await expect_error(SC.INVALID_ARGUMENT, "approved_amount.amount_minor", lambda: stack.planner.DecideApproval(
            ppb.DecideApprovalRequest(tenant_id=TENANT, approval_id=outcome.approval_id,
                                      decision=ppb.APPROVAL_DECISION_APPROVE, approver=SUPERVISOR,
                                      approved_amount=common.Money(amount_minor=9000, currency_code="EUR")),
            timeout=TIMEOUT))
        decided = await stack.planner_stubs[1].DecideApproval(ppb.DecideApprovalRequest(
            tenant_id=TENANT, approval_id=outcome.approval_id, decision=ppb.APPROVAL_DECISION_APPROVE, approver=SUPERVISOR,
            reason="half the order was fine", approved_amount=common.Money(amount_minor=5000, currency_code="EUR")),
            timeout=TIMEOUT)
        check(decided.approval.state == ppb.APPROVAL_STATE_APPROVED, f"state: {decided.approval.state}")
        check(decided.approval.approved_amount.amount_minor == 5000, "the approved amount is kept")
        check("50.00 EUR" in decided.customer_message, f"message: {decided.customer_message}")
        check(await refunded(stack, TENANT, "o-1001") == before + 5000, "the connector refunded the approved 50 EUR")
        await expect_error(SC.FAILED_PRECONDITION, "no longer pending", lambda: stack.planner.DecideApproval(
            ppb.DecideApprovalRequest(tenant_id=TENANT, approval_id=outcome.approval_id,
                                      decision=ppb.APPROVAL_DECISION_REJECT, approver=SUPERVISOR, reason="late"),
            timeout=TIMEOUT))
        task = await router_escalation(stack, outcome.escalation_id)
        check(task.state == rpb.ESCALATION_STATE_CANCELLED, f"the decided approval's task is cancelled: {task.state}")
    await results.case("decide/approval_with_a_smaller_amount", approval_flow)

    async def approval_decided_while_router_down():
        # The supervisor's task is still owed to the router when the approval is decided: once the router is
        # back the task is enqueued and then cancelled, never left open for a supervisor.
        stack.router.kill()
        try:
            conversation = Conversation(stack, customer="c-ada")
            outcome = await conversation.say("The delivery never came, refund me 90 EUR.", refund("refund-owed-task", 9000))
            check(outcome.decision == D.DECISION_APPROVAL and outcome.escalation_id, f"decision: {outcome}")
            decided = await stack.planner.DecideApproval(ppb.DecideApprovalRequest(
                tenant_id=TENANT, approval_id=outcome.approval_id, decision=ppb.APPROVAL_DECISION_REJECT,
                approver=SUPERVISOR, reason="the parcel was delivered"), timeout=TIMEOUT)
            check(decided.approval.state == ppb.APPROVAL_STATE_REJECTED, f"state: {decided.approval.state}")
            owed = psql(stack.url, "SELECT idempotency_key FROM planner.pending_work WHERE idempotency_key IN ("
                                   + quote(f"enqueue/{TENANT}/{outcome.escalation_id}") + ", "
                                   + quote(f"cancel/{TENANT}/{outcome.escalation_id}") + ") ORDER BY 1")
            check(len(owed) == 2, f"both the task and its cancellation are owed: {owed}")
        finally:
            stack.router.start()

        async def cancelled():
            task = await router_escalation(stack, outcome.escalation_id)
            return task if task is not None and task.state == rpb.ESCALATION_STATE_CANCELLED else None
        await wait_for(cancelled, 30, "the task enqueued and then cancelled once the router is back")
        await wait_for(lambda: psql(stack.url, "SELECT count(*) FROM planner.pending_work WHERE idempotency_key LIKE "
                                    + quote(f"%/{outcome.escalation_id}")) == [["0"]], 10, "no work left owed for the task")
    await results.case("faults/approval_decided_while_its_task_is_owed", approval_decided_while_router_down)

    async def escalation_refused_for_good():
        # A tenant without any queue: the router refuses the escalation (NOT_FOUND), which will not pass by
        # itself. The conversation goes back to the bot instead of waiting for a person forever, and the
        # refusal is in the audit log.
        conversation = Conversation(stack, tenant=NO_QUEUE_TENANT)
        outcome = await conversation.say("I want to speak to a human agent, now.")
        check(outcome.decision == D.DECISION_HANDOFF and outcome.escalation_id, f"decision: {outcome}")
        mode = psql(stack.url, "SELECT mode, escalation_id FROM planner.conversations WHERE tenant_id = "
                               + quote(NO_QUEUE_TENANT) + " AND conversation_id = " + quote(conversation.id))
        check(mode == [["1", ""]], f"the conversation is the bot's again: {mode}")
        owed = psql(stack.url, "SELECT count(*) FROM planner.pending_work WHERE idempotency_key = "
                               + quote(f"enqueue/{NO_QUEUE_TENANT}/{outcome.escalation_id}"))
        check(owed == [["0"]], f"the refused enqueue is not retried: {owed}")
        following = await conversation.say("Hello? What are your opening hours?")
        check(following.decision != D.DECISION_HANDOFF or following.escalation_id != outcome.escalation_id,
              f"the next turn is not sent to the refused escalation: {following}")
        subject = apb.AuditSubject(kind=apb.SUBJECT_KIND_ESCALATION, subject_id=outcome.escalation_id)

        async def refusal():
            try:
                found = await stack.audit_stub.Query(apb.QueryRequest(
                    tenant_id=NO_QUEUE_TENANT, kinds=[apb.RECORD_KIND_ESCALATION_CLOSED], subject=subject), timeout=TIMEOUT)
            except grpc.aio.AioRpcError:
                return None
            return found.records
        records = await wait_for(refusal, 20, "the refusal in the audit log")
        check(len(records) == 1 and records[0].decision == "refused", f"records: {records}")
    await results.case("faults/escalation_refused_gives_the_conversation_back", escalation_refused_for_good)

    async def handoff_with_package():
        conversation = Conversation(stack)
        await conversation.say("Hello, I have a question about my invoice.")
        outcome = await conversation.say("This is useless. I want to speak to a human agent now.")
        check(outcome.decision == D.DECISION_HANDOFF, f"decision {decision_name(outcome.decision)}: {outcome.rationale}")
        check(any(t.name == "explicit.request_for_human" for t in outcome.triggers), f"triggers: {outcome.triggers}")
        check(outcome.escalation_id and outcome.handoff_package_id, f"escalation and package: {outcome}")
        check(outcome.wait_estimate.position >= 1, f"wait estimate: {outcome.wait_estimate}")
        check(outcome.customer_message, "the customer hears what happens next")
        escalation = (await router.GetEscalation(rpb.GetEscalationRequest(
            tenant_id=TENANT, escalation_id=outcome.escalation_id), timeout=TIMEOUT)).escalation
        check(escalation.conversation_id == conversation.id and escalation.customer_id == conversation.customer.customer_id,
              f"escalation: {escalation}")
        package = (await stack.handoff_stub.Get(hpb.GetRequest(tenant_id=TENANT, escalation_id=outcome.escalation_id),
                                                timeout=TIMEOUT)).handoff_package
        check(package.package_id == outcome.handoff_package_id, "the package is the one the outcome names")
        check(len(package.transcript) == 2 and "human" in package.summary.lower(),
              f"the package holds both messages and a summary naming the request: {package.summary}")
        # The next turn goes to the person: the same escalation, nothing enqueued again.
        next_turn = await conversation.say("Hello? Is anyone there?")
        check(next_turn.decision == D.DECISION_HANDOFF and next_turn.escalation_id == outcome.escalation_id,
              f"with the person: {next_turn}")
        state["handed_off"] = (conversation, outcome.escalation_id)
    await results.case("decide/handoff_with_package_and_message", handoff_with_package)

    async def explicit_request_beats_policy():
        conversation = Conversation(stack, tenant=STRICT_TENANT)
        plain = await conversation.say("What are your opening hours?")
        check(plain.decision == D.DECISION_CONTINUE, f"plain turn: {decision_name(plain.decision)}")
        # Sent as a bot that stamps no send time: the planner stamps it, so baton-handoff can build the package.
        request = conversation.request("I don't want the bot. Put me through to a real person please.")
        request.message.ClearField("send_time")
        outcome = (await stack.planner.HandleTurn(request, timeout=TIMEOUT)).outcome
        check(outcome.decision == D.DECISION_HANDOFF, f"decision {decision_name(outcome.decision)}: {outcome.rationale}")
        check(outcome.handoff_package_id, "the package is built for a message without a send time")
        check("bot-handles-everything" in outcome.rationale and "always honoured" in outcome.rationale,
              f"rationale: {outcome.rationale}")
    await results.case("decide/explicit_request_under_a_never_handoff_policy", explicit_request_beats_policy)

    async def hand_back_without_loop():
        conversation, escalation_id = state["handed_off"]
        await router.UpsertAgent(rpb.UpsertAgentRequest(agent=rpb.Agent(
            agent_id="agent-1", tenant_id=TENANT, display_name="Agent One", skills=[rpb.AgentSkill(skill="billing", level=5)],
            languages=["en"], seniority=rpb.SENIORITY_SENIOR,
            capacities=[rpb.ChannelCapacity(channel=common.CHANNEL_CHAT, max_concurrent=3)])), timeout=TIMEOUT)
        session = router.AgentSession(rpb.AgentSessionRequest(tenant_id=TENANT, agent_id="agent-1", go_available=True,
                                                              keepalive_interval=duration_pb2.Duration(seconds=5)))
        async def offer_of_the_escalation():
            async for event in session:
                if event.WhichOneof("event") != "offer":
                    continue
                if event.offer.escalation.escalation_id == escalation_id:
                    return event.offer
                # Other work of the tenant (the approval task): not this agent's.
                await router.Decline(rpb.DeclineRequest(tenant_id=TENANT, agent_id="agent-1",
                                                        offer_id=event.offer.offer_id), timeout=TIMEOUT)
            raise AssertionError("the agent's session ended before the offer")
        try:
            offer = await asyncio.wait_for(offer_of_the_escalation(), 20)
            await router.Accept(rpb.AcceptRequest(tenant_id=TENANT, agent_id="agent-1", offer_id=offer.offer_id),
                                timeout=TIMEOUT)
            await router.Complete(rpb.CompleteRequest(tenant_id=TENANT, agent_id="agent-1", escalation_id=escalation_id,
                                                      outcome=rpb.COMPLETION_OUTCOME_HANDED_BACK_TO_BOT,
                                                      notes="explained the invoice"), timeout=TIMEOUT)
        finally:
            session.cancel()
        back = await conversation.say("Thanks, that helps. One more thing about the invoice date.")
        check(back.decision == D.DECISION_CONTINUE, f"after the hand-back: {decision_name(back.decision)}: {back.rationale}")
        check(not back.escalation_id, "no new escalation on the same evidence")
        new = await conversation.say("Actually this is a legal matter now, my lawyer will sue you over this invoice.")
        check(new.decision == D.DECISION_HANDOFF, f"a new trigger: {decision_name(new.decision)}: {new.rationale}")
        check(new.escalation_id and new.escalation_id != escalation_id, "a new escalation")
        handed_back = await router_escalation(stack, escalation_id)
        check(handed_back.last_agent_id == "agent-1", f"the router keeps who had it: {handed_back.last_agent_id!r}")
        renewed = await wait_for(lambda: router_escalation(stack, new.escalation_id), 10, "the new escalation")
        check(renewed.previous_agent_id == "agent-1",
              f"the new escalation prefers the agent who had the customer: {renewed.previous_agent_id!r}")
    await results.case("handback/no_loop_then_new_trigger", hand_back_without_loop)

    async def bad_input():
        conversation = Conversation(stack)
        request = conversation.request("hello")
        request.ClearField("message")
        await expect_error(SC.INVALID_ARGUMENT, "message", lambda: stack.planner.HandleTurn(request, timeout=TIMEOUT))
        request = conversation.request("hello")
        request.message.role = common.ConversationMessage.ROLE_BOT
        await expect_error(SC.INVALID_ARGUMENT, "message.role", lambda: stack.planner.HandleTurn(request, timeout=TIMEOUT))
        request = conversation.request("hello", refund("bad-amount", -5))
        await expect_error(SC.INVALID_ARGUMENT, "requested_action.refund.amount.amount_minor",
                           lambda: stack.planner.HandleTurn(request, timeout=TIMEOUT))
        request = conversation.request("hello", confidence=1.5)
        await expect_error(SC.INVALID_ARGUMENT, "bot_confidence", lambda: stack.planner.HandleTurn(request, timeout=TIMEOUT))
        first = await conversation.say("first message", turn_id="same")
        check(first.decision == D.DECISION_CONTINUE, "first")
        await expect_error(SC.INVALID_ARGUMENT, "turn_id", lambda: stack.planner.HandleTurn(
            conversation.request("a different message", turn_id="same"), timeout=TIMEOUT))
        rows = psql(stack.url, f"SELECT count(*) FROM planner.turns WHERE tenant_id = {quote(TENANT)} "
                               f"AND conversation_id = {quote(conversation.id)}")
        check(rows == [["1"]], f"nothing half-written: {rows}")
        bad = await stack.planner.PublishPolicy(ppb.PublishPolicyRequest(
            tenant_id=TENANT, document="apiVersion: baton/v1\nkind: EscalationPolicy\nrules:\n  - id: x\n    when: \"1 +\"\n    decide: continue\n    rationale: r\n",
            format=ppb.POLICY_FORMAT_YAML, publisher=ADMIN), timeout=TIMEOUT)
        check(not bad.valid and any(e.severity == ppb.ValidationError.SEVERITY_ERROR and e.line == 5 for e in bad.errors),
              f"an invalid document is refused with its line: {bad.errors}")
        await expect_error(SC.INVALID_ARGUMENT, "document_crc32c", lambda: stack.planner.PublishPolicy(
            ppb.PublishPolicyRequest(tenant_id=TENANT, document="x: 1", format=ppb.POLICY_FORMAT_YAML, publisher=ADMIN,
                                     document_crc32c=1), timeout=TIMEOUT))
        await expect_error(SC.ABORTED, "expected_active_version", lambda: stack.planner.ActivatePolicy(
            ppb.ActivatePolicyRequest(tenant_id=TENANT, version=1, expected_active_version=7, activator=ADMIN),
            timeout=TIMEOUT))
    await results.case("bad_input/named_fields_nothing_half_written", bad_input)

    async def dry_run():
        start = timestamp_pb2.Timestamp()
        start.FromSeconds(int(time.time()) - 3600)
        with open(os.path.join(HERE, "policies", "stricter.yaml")) as f:
            document = f.read()
        response = await stack.planner.SimulatePolicy(ppb.SimulatePolicyRequest(
            tenant_id=TENANT, document=ppb.PolicyDocument(document=document, format=ppb.POLICY_FORMAT_YAML),
            start_time=start), timeout=TIMEOUT)
        cells = {(decision_name(getattr(c, "from")), decision_name(c.to)): c for c in response.matrix}
        moved = cells.get(("DECISION_EXECUTE", "DECISION_APPROVAL"))
        check(moved is not None and moved.count == 1, f"the 20 EUR refund moves to approval: {cells.keys()}")
        check(moved.examples[0].turn_id == "t-refund" and moved.examples[0].to_rule == "refund-approval",
              f"example: {moved.examples}")
        check(("DECISION_APPROVAL", "DECISION_APPROVAL") in cells, "the 80 EUR refund stays an approval")
        check(response.changed == sum(c.count for c in response.matrix if c.to != getattr(c, "from")),
              "changed counts the changed cells")
        recorded = int(psql(stack.url, f"SELECT count(*) FROM planner.turns WHERE tenant_id = {quote(TENANT)} "
                                       "AND rule_id NOT IN ('planner.with_person', 'planner.action_failed')")[0][0])
        check(response.turns == recorded, f"every turn a policy decided is replayed: {response.turns} of {recorded}")
        check(("DECISION_CONTINUE", "DECISION_CONTINUE") in cells and ("DECISION_HANDOFF", "DECISION_HANDOFF") in cells,
              f"unchanged turns keep their cells (the explicit request is still honoured): {sorted(cells)}")
        refunds = await refunded(stack, TENANT, "o-1001")
        check(refunds == 7000, f"a dry run executes nothing: refunded {refunds}")
    await results.case("policy/dry_run_matrix", dry_run)

    async def approval_race():
        conversation = Conversation(stack, customer="c-ada")
        before = await refunded(stack, TENANT, "o-1001")
        outcome = await conversation.say("Please refund 55 EUR for the broken headphones.", refund("refund-race", 5500))
        check(outcome.decision == D.DECISION_APPROVAL, f"decision: {decision_name(outcome.decision)}")

        def decide(decision, reason):
            return stack.planner_stubs[decision % 2].DecideApproval(ppb.DecideApprovalRequest(
                tenant_id=TENANT, approval_id=outcome.approval_id, decision=decision, approver=SUPERVISOR, reason=reason),
                timeout=TIMEOUT)
        results = await asyncio.gather(decide(ppb.APPROVAL_DECISION_APPROVE, "fine"),
                                       decide(ppb.APPROVAL_DECISION_REJECT, "no"), return_exceptions=True)
        won = [r for r in results if not isinstance(r, Exception)]
        lost = [r for r in results if isinstance(r, grpc.aio.AioRpcError)]
        check(len(won) == 1 and len(lost) == 1 and lost[0].code() == SC.FAILED_PRECONDITION,
              f"one decision wins, the other is refused: {results}")
        after = await refunded(stack, TENANT, "o-1001")
        state = won[0].approval.state
        check((state == ppb.APPROVAL_STATE_APPROVED and after == before + 5500)
              or (state == ppb.APPROVAL_STATE_REJECTED and after == before),
              f"the refund ran exactly when the approval won: {ppb.ApprovalState.Name(state)}, refunded {after - before}")
    await results.case("decide/approve_and_reject_racing", approval_race)

    async def signals_down():
        stack.signals.kill()
        try:
            vip = Conversation(stack, customer="c-chloe", tier=common.CUSTOMER_TIER_VIP_GOLD)
            outcome = await vip.say("Hello, I need help with my laptop.")
            check(outcome.decision == D.DECISION_HANDOFF and "fail-safe-vip" in outcome.rationale,
                  f"VIP under the fail-safe: {decision_name(outcome.decision)}: {outcome.rationale}")
            check(any(s.name == "signals.evaluate" and s.state == ppb.PlanStep.STATE_FAILED for s in outcome.steps),
                  "the failed evaluation is a step")
            plain = Conversation(stack, customer="c-ben", tier=common.CUSTOMER_TIER_STANDARD)
            outcome = await plain.say("Hello, I need help with my mug.")
            check(outcome.decision == D.DECISION_CONTINUE and "Warning" in outcome.rationale,
                  f"standard under the fail-safe: {outcome.rationale}")
        finally:
            stack.signals.start()

        async def signals_back():
            probe = await Conversation(stack).say("Hello again.")
            return not any(s.name == "signals.evaluate" for s in probe.steps)
        await wait_for(signals_back, 20, "the planner reaching signals again")
    await results.case("faults/signals_down_fail_safe", signals_down)

    async def router_down():
        stack.router.kill()
        try:
            conversation = Conversation(stack)
            outcome = await conversation.say("I need to talk to a real person right now, please.")
            check(outcome.decision == D.DECISION_HANDOFF and outcome.escalation_id, f"the decision stands: {outcome}")
            check(outcome.customer_message, "the customer still hears what happens next")
            owed = psql(stack.url, "SELECT count(*) FROM planner.pending_work WHERE idempotency_key = "
                                   + quote(f"enqueue/{TENANT}/{outcome.escalation_id}"))
            check(owed == [["1"]], f"the enqueue waits in pending work: {owed}")
        finally:
            stack.router.start()
        escalation = await wait_for(lambda: router_escalation(stack, outcome.escalation_id), 20,
                                    "the escalation once the router is back")
        check(escalation.conversation_id == conversation.id, "the pending enqueue completed")
    await results.case("faults/router_down_work_completes_later", router_down)

    async def audit_down():
        # One turn on an `answer` replica and one on the `stored` replica (2), both while the log is down: each
        # is decided and answered without a sequence; the background shipper appends both records once the log
        # is back, and a retried turn then answers with its record's index, whichever path appended it.
        text = "When does your shop open tomorrow?"
        stack.audit.kill()
        try:
            conversations = [(Conversation(stack), 0), (Conversation(stack), 2)]
            for conversation, replica in conversations:
                outcome = await conversation.say(text, replica=replica)
                check(outcome.decision == D.DECISION_CONTINUE and outcome.audit_sequence == 0,
                      f"the decision stands without a sequence (replica {replica}): {outcome}")
        finally:
            stack.audit.start()
        for conversation, replica in conversations:
            subject = apb.AuditSubject(kind=apb.SUBJECT_KIND_CONVERSATION, subject_id=conversation.id)

            async def recorded():
                found = await stack.audit_stub.Query(apb.QueryRequest(tenant_id=TENANT, kinds=[apb.RECORD_KIND_TURN_DECISION],
                                                                      subject=subject), timeout=TIMEOUT)
                return found.records
            records = await wait_for(recorded, 20, "the decision's record once the audit log is back")
            check(len(records) == 1 and records[0].decision == "continue", f"records: {records}")

            async def retried():
                again = await conversation.say(text, turn_id="t1", replica=replica)
                return again if again.audit_sequence > 0 else None
            again = await wait_for(retried, 20, "the retried turn's audit sequence")
            check(again.audit_sequence == records[0].index,
                  f"the retry answers with the record's index (replica {replica}): {again.audit_sequence} != {records[0].index}")
    await results.case("faults/audit_down_record_arrives_later", audit_down)

    async def audit_sequence_stored():
        conversation = Conversation(stack)
        text = "Do you have the blue jacket in size M?"
        outcome = await conversation.say(text, replica=2)
        check(outcome.decision == D.DECISION_CONTINUE and outcome.audit_sequence == 0,
              f"answered before the append: {outcome}")

        async def retried():
            again = await conversation.say(text, turn_id="t1", replica=2)
            return again if again.audit_sequence > 0 else None
        again = await wait_for(retried, 20, "the stored outcome with its audit sequence")
        check(again.decision == outcome.decision and again.rationale == outcome.rationale, f"the same outcome: {again}")
        subject = apb.AuditSubject(kind=apb.SUBJECT_KIND_CONVERSATION, subject_id=conversation.id)
        found = await stack.audit_stub.Query(apb.QueryRequest(tenant_id=TENANT, kinds=[apb.RECORD_KIND_TURN_DECISION],
                                                              subject=subject), timeout=TIMEOUT)
        check(len(found.records) == 1 and found.records[0].decision == "continue", f"records: {found.records}")
        check(again.audit_sequence == found.records[0].index, f"the record's index: {again.audit_sequence}")
    await results.case("audit/sequence_stored_after_answer", audit_sequence_stored)

    async def handoff_down():
        stack.handoff.kill()
        try:
            conversation = Conversation(stack, language="es")
            outcome = await conversation.say("Quiero hablar con una persona ahora mismo.")
            check(outcome.decision == D.DECISION_HANDOFF and outcome.escalation_id, f"the decision stands: {outcome}")
            check(not outcome.handoff_package_id, "no package yet")
            check("compañero" in outcome.customer_message, f"the planner's own message, in Spanish: {outcome.customer_message}")
        finally:
            stack.handoff.start()

        async def package():
            try:
                return (await stack.handoff_stub.Get(hpb.GetRequest(tenant_id=TENANT, escalation_id=outcome.escalation_id),
                                                     timeout=5)).handoff_package
            except grpc.aio.AioRpcError:
                return None
        built = await wait_for(package, 30, "the package once baton-handoff is back")
        check(built.conversation_id == conversation.id, f"package: {built.conversation_id}")
    await results.case("faults/handoff_down_package_built_later", handoff_down)

    async def batonctl_verbs():
        ctl = os.path.join(stack.bin_dir, "batonctl")
        valid = subprocess.run([ctl, "policy", "validate", os.path.join(HERE, "policies", "e2e.yaml")],
                               capture_output=True, text=True)
        check(valid.returncode == 0 and "valid" in valid.stdout, f"validate: {valid.stdout} {valid.stderr}")
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as broken:
            broken.write("apiVersion: baton/v1\nkind: EscalationPolicy\nrules:\n  - id: d\n    decide: continu\n")
        refused = subprocess.run([ctl, "policy", "validate", broken.name], capture_output=True, text=True)
        check(refused.returncode != 0 and f"{broken.name}:5:" in refused.stdout, f"validate broken: {refused.stdout}")
        env = dict(os.environ, BATON_PLANNER_ADDR=stack.planners[0].target)
        turn = subprocess.run([ctl, "turn", "--tenant", TENANT, "--conversation", f"ctl-{RUN}", "--customer", "c-ada",
                               "I want to talk to a person"], capture_output=True, text=True, env=env)
        check(turn.returncode == 0 and "decision: HANDOFF" in turn.stdout, f"batonctl turn: {turn.stdout} {turn.stderr}")
        listed = subprocess.run([ctl, "policy", "list", "--tenant", TENANT], capture_output=True, text=True, env=env)
        check(listed.returncode == 0 and listed.stdout.startswith("v1\t"), f"policy list: {listed.stdout} {listed.stderr}")
        approvals = subprocess.run([ctl, "approvals", "list", "--tenant", TENANT], capture_output=True, text=True, env=env)
        check(approvals.returncode == 0 and "approved" in approvals.stdout, f"approvals list: {approvals.stdout}")
    await results.case("batonctl/policy_turn_approvals", batonctl_verbs)

    async def caller_deadline_budgeted():
        # The caller waits 1 s; the connector's look-up would take three attempts of 500 ms. The steps before the
        # decision stop early enough (BATON_PLANNER_ANSWER_RESERVE_MS, 200 ms) for the turn to be decided, stored
        # and answered within the caller's deadline instead of failing it. Runs before slow_connector: the look-up
        # must fail on its deadline, not on an open circuit breaker.
        conversation = Conversation(stack, tenant=SLOW_TENANT, customer="c-ada")
        started = time.monotonic()
        outcome = (await stack.planner.HandleTurn(conversation.request(
            "The speaker arrived broken, 20 EUR back please.", refund("deadline-refund", 2000)), timeout=1.0)).outcome
        elapsed = time.monotonic() - started
        lookup = next((s for s in outcome.steps if s.name == "orders.lookup_order"), None)
        check(lookup is not None and lookup.state == ppb.PlanStep.STATE_FAILED and "DEADLINE" in lookup.error.upper(),
              f"the look-up was cut by the caller's deadline: {lookup}")
        check(outcome.decision == D.DECISION_APPROVAL, f"decided without the order: {decision_name(outcome.decision)}")
        check(elapsed < 1.0, f"answered within the caller's deadline: {elapsed:.3f}s")
    await results.case("faults/caller_deadline_budgeted_across_steps", caller_deadline_budgeted)

    async def slow_connector():
        conversation = Conversation(stack, tenant=SLOW_TENANT, customer="c-ada")
        outcome = await conversation.say("My headphones are broken, 20 EUR back please.", refund("slow-refund", 2000))
        lookup = next((s for s in outcome.steps if s.name == "orders.lookup_order"), None)
        check(lookup is not None and lookup.state == ppb.PlanStep.STATE_FAILED, f"the look-up timed out: {outcome.steps}")
        # Without the order the small-refund rule does not match: a person approves instead.
        check(outcome.decision == D.DECISION_APPROVAL, f"decision {decision_name(outcome.decision)}: {outcome.rationale}")
    await results.case("faults/slow_connector", slow_connector)

    async def audit_holds_every_decision():
        turns = int(psql(stack.url, f"SELECT count(*) FROM planner.turns WHERE tenant_id = {quote(TENANT)}")[0][0])

        async def decisions():
            found, token = [], ""
            while True:
                page = await stack.audit_stub.Query(apb.QueryRequest(tenant_id=TENANT, kinds=[apb.RECORD_KIND_TURN_DECISION],
                                                                     page_token=token, page_size=100), timeout=TIMEOUT)
                found += page.records
                token = page.next_page_token
                if not token:
                    return found if len(found) >= turns else None
        records = await wait_for(decisions, 20, "every turn decision in the audit log")
        check(len(records) == turns, f"{len(records)} decision records for {turns} turns")
        check(all(r.policy_version >= 1 for r in records), "each record names the policy version")
        kinds = await stack.audit_stub.Query(apb.QueryRequest(tenant_id=TENANT, kinds=[
            apb.RECORD_KIND_ACTION_EXECUTED, apb.RECORD_KIND_APPROVAL_DECIDED, apb.RECORD_KIND_ACTION_CONFIRMED,
            apb.RECORD_KIND_POLICY_PUBLISHED, apb.RECORD_KIND_POLICY_ACTIVATED]), timeout=TIMEOUT)
        seen = {apb.RecordKind.Name(r.kind) for r in kinds.records}
        check(seen == {"RECORD_KIND_ACTION_EXECUTED", "RECORD_KIND_APPROVAL_DECIDED", "RECORD_KIND_ACTION_CONFIRMED",
                       "RECORD_KIND_POLICY_PUBLISHED", "RECORD_KIND_POLICY_ACTIVATED"}, f"record kinds: {seen}")
        verified = await stack.audit_stub.Verify(apb.VerifyRequest(tenant_id=TENANT), timeout=TIMEOUT)
        check(verified.valid and verified.entries_checked >= turns, f"verify: {verified.failure}")
    await results.case("audit/every_decision_recorded_and_verified", audit_holds_every_decision)


async def router_escalation(stack, escalation_id):
    try:
        return (await stack.router_stub.GetEscalation(rpb.GetEscalationRequest(
            tenant_id=TENANT, escalation_id=escalation_id), timeout=5)).escalation
    except grpc.aio.AioRpcError:
        return None


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    sys.exit(0 if asyncio.run(run(sys.argv[1], sys.argv[2])) else 1)
