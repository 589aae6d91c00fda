#!/usr/bin/env python3
"""baton-handoff end to end (make test runs it through Tests/Handoff/run): the
service on the private Postgres, called by Python grpcio over the real
transport; what it stores checked with psql.

Usage: handoff_e2e.py BIN_DIR DATABASE_URL. Prints one line per case and
"N passed, N failed"; exits non-zero on any failure."""

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
import uuid

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Support"))
from batonkit import Replica, generate_stubs, psql, quote  # noqa: E402

generate_stubs(["baton/common/v1/common.proto", "baton/handoff/v1/handoff.proto"])
from baton.common.v1 import common_pb2 as common  # noqa: E402
from baton.handoff.v1 import handoff_pb2 as pb, handoff_pb2_grpc as pb_grpc  # noqa: E402
from google.protobuf import duration_pb2, timestamp_pb2  # noqa: E402

SC = grpc.StatusCode
TIMEOUT = 30
T0 = 1_780_000_000
RUN = uuid.uuid4().hex[:8]


def ts(seconds):
    return timestamp_pb2.Timestamp(seconds=int(seconds))


def msg(role, text, at):
    return common.ConversationMessage(role=role, text=text, send_time=ts(T0 + at))


CUSTOMER, BOT = common.ConversationMessage.ROLE_CUSTOMER, common.ConversationMessage.ROLE_BOT


def trigger(category, name, score=0.9, indexes=(), phrases=(), events=()):
    return common.Trigger(category=category, name=name, score=score, threshold=0.5, explanation=f"fired: {name}",
                          evidence=common.Evidence(message_indexes=list(indexes), matched_phrases=list(phrases),
                                                   events=list(events)))


def step(kind, description, result):
    return pb.AttemptedStep(kind=kind, description=description, result=result)


def english_refund(tenant, escalation, conversation=None, extra_messages=(), trig=None, customer_id="cust-42"):
    messages = [
        msg(CUSTOMER, "Hi. I was charged twice for order 1042 and I want a refund of the second charge.", 0),
        msg(BOT, "Sorry about that. Refunds take five days.", 10),
        msg(CUSTOMER, "That does not help. Call me on +44 20 7946 0958 or write to ada@example.com.", 30),
        msg(CUSTOMER, "My card is 4111 1111 1111 1111 and my IBAN DE89 3704 0044 0532 0130 00.", 35),
        msg(CUSTOMER, "Please let me speak to a human now.", 60),
    ] + list(extra_messages)
    conv = common.Conversation(conversation_id=conversation or f"conv-{escalation}", tenant_id=tenant,
                               channel=common.CHANNEL_CHAT, language="en", messages=messages,
                               customer=common.CustomerProfile(customer_id=customer_id, display_name="Ada Lovelace",
                                                               tier=common.CUSTOMER_TIER_PREMIUM, tenure_days=400))
    return pb.BuildRequest(
        tenant_id=tenant, escalation_id=escalation, conversation=conv,
        trigger=trig or trigger(common.TRIGGER_CATEGORY_EXPLICIT_REQUEST, "explicit.human_request", indexes=[4],
                                phrases=["speak to a human"]),
        steps=[step(pb.STEP_KIND_BOT_ANSWER, "explained the refund policy", pb.STEP_RESULT_FAILED),
               step(pb.STEP_KIND_ACTION, "refund of 120.00 EUR for order 1042", pb.STEP_RESULT_NOT_ALLOWED)],
        intent="get_refund", intent_confidence=0.88,
        related_tickets=[pb.TicketRef(ticket_id="T-7", subject="Charged twice", status="open")])


class Results:
    def __init__(self):
        self.passed = self.failed = 0

    def record(self, name, problems):
        if problems:
            self.failed += 1
            print(f"FAIL handoff/{name}: " + "; ".join(problems), flush=True)
        else:
            self.passed += 1
            print(f"PASS handoff/{name}", flush=True)


def check(problems, label, got, want):
    if got != want:
        problems.append(f"{label}: got {got!r}, want {want!r}")


def check_true(problems, label, condition):
    if not condition:
        problems.append(label)


class Suite:
    def __init__(self, bin_dir, url, work):
        self.url = url
        self.bin_dir = bin_dir
        self.work = work
        self.replicas = [Replica(bin_dir, url, f"baton-handoff-{i}", work, executable="baton-handoff") for i in (1, 2)]
        self.channels = []
        self.stubs = []

    def connect(self):
        for replica in self.replicas:
            channel = grpc.aio.insecure_channel(replica.target)
            self.channels.append(channel)
            self.stubs.append(pb_grpc.HandoffStub(channel))

    @property
    def stub(self):
        return self.stubs[0]

    def count(self, table, tenant):
        return int(psql(self.url, f"SELECT count(*) FROM handoff.{table} WHERE tenant_id = {quote(tenant)}")[0][0])

    async def expect(self, problems, code, field, call):
        try:
            await call()
            problems.append(f"{field}: no error")
        except grpc.aio.AioRpcError as error:
            if error.code() != code or (field and not error.details().startswith(field)):
                problems.append(f"{field}: {error.code()} {error.details()!r}")
            return error.details()


# Per trigger category: the trigger, the urgency the classifier must give and a next action it must list.
CATEGORIES = [
    (common.TRIGGER_CATEGORY_EXPLICIT_REQUEST, "explicit.human_request", common.URGENCY_NORMAL,
     "Greet the customer and confirm you have read the conversation"),
    (common.TRIGGER_CATEGORY_SENTIMENT, "sentiment.consecutive_negative", common.URGENCY_HIGH,
     "Acknowledge the customer's frustration before anything else; do not ask them to repeat"),
    (common.TRIGGER_CATEGORY_INTENT, "intent.unclear", common.URGENCY_NORMAL,
     "Confirm in one question what the customer needs: the bot was unsure"),
    (common.TRIGGER_CATEGORY_CAPABILITY_LIMIT, "capability.legal", common.URGENCY_CRITICAL,
     "Handle it under the capability.legal procedure: the bot may not answer this"),
    (common.TRIGGER_CATEGORY_LOOP, "loop.restated", common.URGENCY_NORMAL,
     "Answer the repeated question directly: the bot's answers did not resolve it"),
    (common.TRIGGER_CATEGORY_BEHAVIOURAL, "behaviour.shouting", common.URGENCY_HIGH,
     "Acknowledge the customer's frustration before anything else; do not ask them to repeat"),
    (common.TRIGGER_CATEGORY_TECHNICAL_EVENT, "event.payment_failed", common.URGENCY_HIGH,
     "Check the failed payment of order 1042 in billing (decline code do_not_honor)"),
    (common.TRIGGER_CATEGORY_POLICY, "policy.refund_over_threshold", common.URGENCY_NORMAL,
     "Ask a supervisor to approve the requested action: it is over the bot's limit"),
    (common.TRIGGER_CATEGORY_CONTEXT, "context.repeat_contacts", common.URGENCY_HIGH,
     "Read the customer's earlier unresolved contacts before replying"),
    (common.TRIGGER_CATEGORY_BOT_CONFIDENCE, "bot.low_confidence", common.URGENCY_NORMAL,
     "Confirm in one question what the customer needs: the bot was unsure"),
    (common.TRIGGER_CATEGORY_PROACTIVE, "proactive.delivery_delay", common.URGENCY_NORMAL,
     "Explain why we reached out and what we already know"),
]


async def packages_per_trigger_category(s, results):
    tenant = f"cat-{RUN}"
    for category, name, urgency, action in CATEGORIES:
        problems = []
        events = []
        if category == common.TRIGGER_CATEGORY_TECHNICAL_EVENT:
            events = [common.TechnicalEvent(event_id="ev-1", kind=common.TECHNICAL_EVENT_KIND_PAYMENT_FAILED, order_id="1042",
                                            payment_failure=common.PaymentFailure(decline_code="do_not_honor"))]
        trig = trigger(category, name, indexes=[0, 2], phrases=["charged twice", "does not help"], events=events)
        escalation = f"esc-{name}"
        request = english_refund(tenant, escalation, trig=trig, customer_id=f"cust-{name}")
        response = await s.stub.Build(request, timeout=TIMEOUT)
        p = response.handoff_package
        check(problems, "created", response.created, True)
        check_true(problems, "package_id is a UUID", len(p.package_id) == 36)
        check(problems, "tenant", p.tenant_id, tenant)
        check(problems, "escalation", p.escalation_id, escalation)
        check(problems, "conversation", p.conversation_id, f"conv-{escalation}")
        check(problems, "revision", p.revision, 1)
        check(problems, "view", p.view, pb.PACKAGE_VIEW_FULL)
        check(problems, "language", p.language, "en")
        check_true(problems, "build_time set", p.build_time.seconds > T0 - 10**9)
        check(problems, "trigger category", p.trigger.category, category)
        check(problems, "trigger name", p.trigger.name, name)
        check(problems, "evidence indexes", list(p.trigger.evidence.message_indexes), [0, 2])
        spans = [(sp.message_index, sp.phrase) for sp in p.evidence_spans]
        check(problems, "evidence spans", spans, [(0, "charged twice"), (2, "does not help")])
        for sp in p.evidence_spans:
            text = p.transcript[sp.message_index].text.encode("utf-16-le")
            check(problems, "span offsets", text[sp.start * 2:sp.end * 2].decode("utf-16-le"), sp.phrase)
        check(problems, "summary", p.summary.split(" The customer asks:")[0],
              "Issue (refund): \u201cI was charged twice for order 1042 and I want a refund of the second charge\u201d.")
        check_true(problems, "summary says what was tried",
                   p.summary.endswith("Already tried: explained the refund policy (failed); "
                                      "refund of 120.00 EUR for order 1042 (not allowed)."))
        check(problems, "issue type", p.classification.issue_type, "refund.get_refund")
        check(problems, "urgency", p.classification.urgency, urgency)
        check_true(problems, "urgency reasons", len(p.classification.urgency_reasons) >= 1)
        check_true(problems, "complexity set", p.classification.complexity != pb.COMPLEXITY_UNSPECIFIED)
        check_true(problems, "complexity reasons", len(p.classification.complexity_reasons) >= 1)
        check(problems, "confidence", round(p.classification.confidence, 2), 0.88)
        check(problems, "customer", (p.customer.customer_id, p.customer.tier, p.customer.tenure_days),
              (f"cust-{name}", common.CUSTOMER_TIER_PREMIUM, 400))
        check(problems, "transcript", [(m.text, m.send_time.seconds) for m in p.transcript],
              [(m.text, m.send_time.seconds) for m in request.conversation.messages])
        check(problems, "steps", [(st.description, st.result) for st in p.steps],
              [("explained the refund policy", pb.STEP_RESULT_FAILED),
               ("refund of 120.00 EUR for order 1042", pb.STEP_RESULT_NOT_ALLOWED)])
        check(problems, "attempted", list(p.attempted),
              ["explained the refund policy (failed).", "refund of 120.00 EUR for order 1042 (not allowed)."])
        check(problems, "related tickets", [t.ticket_id for t in p.related_tickets], ["T-7"])
        summaries = [a.summary for a in p.next_actions]
        check(problems, "ranks", [a.rank for a in p.next_actions], list(range(1, len(p.next_actions) + 1)))
        check_true(problems, f"next actions {summaries} lack {action!r}", action in summaries)
        check_true(problems, "intent action", "Check the order's refund eligibility and issue the refund" in summaries)
        if category == common.TRIGGER_CATEGORY_POLICY:
            check(problems, "approval first", (p.next_actions[0].summary, p.next_actions[0].requires_approval), (action, True))
        results.record(f"package_for_{name}", problems)


async def summaries_in_languages(s, results):
    problems = []
    tenant = f"lang-{RUN}"
    request = english_refund(tenant, "esc-es")
    del request.conversation.messages[:]
    request.conversation.language = "es"
    request.conversation.messages.extend([
        msg(CUSTOMER, "Hola. Me cobraron dos veces el pedido 1042 y el reembolso no llega.", 0),
        msg(BOT, "Lo siento, los reembolsos tardan cinco días.", 10),
        msg(CUSTOMER, "Quiero hablar con una persona, por favor.", 30)])
    request.trigger.evidence.message_indexes[:] = [2]
    p = (await s.stub.Build(request, timeout=TIMEOUT)).handoff_package
    check(problems, "es language", p.language, "es")
    check(problems, "es summary", p.summary,
          "Problema (reembolso): «Me cobraron dos veces el pedido 1042 y el reembolso no llega». "
          "El cliente pide: «Quiero hablar con una persona, por favor». "
          "Ya se intentó: explained the refund policy (falló); refund of 120.00 EUR for order 1042 (no permitido).")
    en = (await s.stub.Build(english_refund(tenant, "esc-en"), timeout=TIMEOUT)).handoff_package
    check(problems, "en summary", en.summary,
          "Issue (refund): \u201cI was charged twice for order 1042 and I want a refund of the second charge\u201d. "
          "The customer asks: \u201cPlease let me speak to a human now\u201d. "
          "Already tried: explained the refund policy (failed); refund of 120.00 EUR for order 1042 (not allowed).")
    de_request = english_refund(tenant, "esc-de")
    de_request.agent_language = "de-DE"
    de = (await s.stub.Build(de_request, timeout=TIMEOUT)).handoff_package
    check_true(problems, f"de summary {de.summary!r}", de.summary.startswith("Anliegen (Rückerstattung): „I was charged twice")
               and "Bereits versucht: explained the refund policy (fehlgeschlagen)" in de.summary)
    results.record("summary_names_issue_and_tries_in_english_spanish_german", problems)


async def idempotent_builds_and_revisions(s, results):
    problems = []
    tenant = f"idem-{RUN}"
    request = english_refund(tenant, "esc-1")
    first = await s.stub.Build(request, timeout=TIMEOUT)
    again = await s.stubs[1].Build(request, timeout=TIMEOUT)
    check(problems, "created flags", (first.created, again.created), (True, False))
    check(problems, "same package", again.handoff_package.package_id, first.handoff_package.package_id)
    check(problems, "same bytes", again.handoff_package.SerializeToString(deterministic=True),
          first.handoff_package.SerializeToString(deterministic=True))
    request.conversation.messages.append(msg(CUSTOMER, "Are you still there?", 90))
    second = await s.stub.Build(request, timeout=TIMEOUT)
    check(problems, "rebuild", (second.created, second.handoff_package.revision), (True, 2))
    latest = await s.stub.Get(pb.GetRequest(tenant_id=tenant, escalation_id="esc-1", view=pb.PACKAGE_VIEW_FULL,
                                            caller_kind=common.PRINCIPAL_KIND_HUMAN_AGENT), timeout=TIMEOUT)
    check(problems, "latest revision", latest.handoff_package.revision, 2)
    check(problems, "latest transcript", len(latest.handoff_package.transcript), 6)
    older = await s.stub.Get(pb.GetRequest(tenant_id=tenant, escalation_id="esc-1", revision=1, view=pb.PACKAGE_VIEW_FULL,
                                           caller_kind=common.PRINCIPAL_KIND_SUPERVISOR), timeout=TIMEOUT)
    check(problems, "revision 1", (older.handoff_package.revision, len(older.handoff_package.transcript)), (1, 5))
    by_id = await s.stub.Get(pb.GetRequest(tenant_id=tenant, package_id=first.handoff_package.package_id), timeout=TIMEOUT)
    check(problems, "by id, redacted by default", (by_id.handoff_package.revision, by_id.handoff_package.view),
          (1, pb.PACKAGE_VIEW_REDACTED))
    check(problems, "rows", s.count("packages", tenant), 2)
    # Baton's own history: another escalation of the same customer lists this one.
    other = (await s.stub.Build(english_refund(tenant, "esc-2"), timeout=TIMEOUT)).handoff_package
    check(problems, "history, newest first", [t.ticket_id for t in other.related_tickets], ["baton:esc-1", "T-7"])
    check_true(problems, "history subject is the summary", other.related_tickets[0].subject.startswith("Issue (refund):"))
    # A retry after the customer's history grew is still the same build.
    retry = await s.stubs[1].Build(request, timeout=TIMEOUT)
    check(problems, "retry after history grew", (retry.created, retry.handoff_package.revision), (False, 2))
    results.record("build_is_idempotent_and_new_messages_make_a_revision", problems)


async def redacted_view(s, results):
    problems = []
    tenant = f"red-{RUN}"
    await s.stub.Build(english_refund(tenant, "esc-r"), timeout=TIMEOUT)
    full = (await s.stub.Get(pb.GetRequest(tenant_id=tenant, escalation_id="esc-r", view=pb.PACKAGE_VIEW_FULL,
                                           caller_kind=common.PRINCIPAL_KIND_HUMAN_AGENT), timeout=TIMEOUT)).handoff_package
    red = (await s.stub.Get(pb.GetRequest(tenant_id=tenant, escalation_id="esc-r", view=pb.PACKAGE_VIEW_REDACTED),
                            timeout=TIMEOUT)).handoff_package
    check(problems, "view", red.view, pb.PACKAGE_VIEW_REDACTED)
    check(problems, "full keeps the email", "ada@example.com" in full.transcript[2].text, True)
    check(problems, "message 2", red.transcript[2].text, "That does not help. Call me on [phone] or write to [email].")
    check(problems, "message 3", red.transcript[3].text, "My card is [card ••••1111] and my IBAN [iban].")
    check(problems, "display name", (red.customer.display_name, red.customer.customer_id), ("", "cust-42"))
    blob = red.SerializeToString()
    for secret in ["ada@example.com", "7946 0958", "4111 1111", "DE89 3704", "Ada Lovelace"]:
        check_true(problems, f"{secret} leaked", secret.encode() not in blob)
    check(problems, "untouched text", red.transcript[0].text, full.transcript[0].text)
    check(problems, "spans kept", [sp.phrase for sp in red.evidence_spans], ["speak to a human"])
    details = await s.expect(problems, SC.PERMISSION_DENIED, "view", lambda: s.stub.Get(
        pb.GetRequest(tenant_id=tenant, escalation_id="esc-r", view=pb.PACKAGE_VIEW_FULL,
                      caller_kind=common.PRINCIPAL_KIND_BOT), timeout=TIMEOUT))
    check_true(problems, f"permission message {details!r}", details and "PACKAGE_VIEW_FULL" in details)
    results.record("redacted_view_masks_personal_data_and_full_needs_a_role", problems)


async def bad_input(s, results):
    problems = []
    tenant = f"bad-{RUN}"
    good = (await s.stub.Build(english_refund(tenant, "esc-ok"), timeout=TIMEOUT)).handoff_package
    before = {t: s.count(t, tenant) for t in ("packages", "feedback", "templates")}

    def build(mutate):
        r = english_refund(tenant, "esc-bad")
        mutate(r)
        return lambda: s.stub.Build(r, timeout=TIMEOUT)

    await s.expect(problems, SC.INVALID_ARGUMENT, "conversation.messages", build(
        lambda r: r.conversation.messages.extend([msg(CUSTOMER, "again", 100 + i) for i in range(500)])))
    await s.expect(problems, SC.INVALID_ARGUMENT, "conversation.messages[0].text", build(
        lambda r: setattr(r.conversation.messages[0], "text", "x" * 40000)))
    await s.expect(problems, SC.INVALID_ARGUMENT, "conversation.messages", build(
        lambda r: r.conversation.messages.extend([msg(CUSTOMER, "y" * 30000, 100 + i) for i in range(40)])))
    await s.expect(problems, SC.INVALID_ARGUMENT, "escalation_id", build(lambda r: setattr(r, "escalation_id", "")))
    await s.expect(problems, SC.INVALID_ARGUMENT, "trigger", build(lambda r: r.ClearField("trigger")))
    await s.expect(problems, SC.INVALID_ARGUMENT, "trigger.evidence.message_indexes", build(
        lambda r: r.trigger.evidence.message_indexes.append(99)))
    await s.expect(problems, SC.INVALID_ARGUMENT, "steps[0].kind", build(lambda r: setattr(r.steps[0], "kind", 0)))
    await s.expect(problems, SC.NOT_FOUND, "escalation_id", lambda: s.stub.Get(
        pb.GetRequest(tenant_id=tenant, escalation_id="esc-nobody"), timeout=TIMEOUT))
    await s.expect(problems, SC.NOT_FOUND, "package_id", lambda: s.stub.Get(
        pb.GetRequest(tenant_id=tenant, package_id=str(uuid.uuid4())), timeout=TIMEOUT))
    await s.expect(problems, SC.NOT_FOUND, "escalation_id", lambda: s.stub.TransitionMessage(
        pb.TransitionMessageRequest(tenant_id=tenant, escalation_id="esc-nobody", language="en",
                                    channel=common.CHANNEL_CHAT), timeout=TIMEOUT))
    await s.expect(problems, SC.NOT_FOUND, "package_id", lambda: s.stub.Feedback(
        pb.FeedbackRequest(tenant_id=tenant, package_id=str(uuid.uuid4()), agent_id="ag-1", rating=4), timeout=TIMEOUT))
    await s.expect(problems, SC.NOT_FOUND, "package_id", lambda: s.stub.Feedback(
        pb.FeedbackRequest(tenant_id="another-tenant", package_id=good.package_id, agent_id="ag-1", rating=4),
        timeout=TIMEOUT))
    for rating in (0, 6):
        await s.expect(problems, SC.INVALID_ARGUMENT, "rating", lambda: s.stub.Feedback(
            pb.FeedbackRequest(tenant_id=tenant, package_id=good.package_id, agent_id="ag-1", rating=rating),
            timeout=TIMEOUT))
    details = await s.expect(problems, SC.INVALID_ARGUMENT, "template", lambda: s.stub.SetTemplate(
        pb.SetTemplateRequest(tenant_id=tenant, kind="transition.specialist", locale="en",
                              template="Hi {{agnet_name}}, {{category}} at {{position}}, {{wait_minutes}} min"),
        timeout=TIMEOUT))
    check_true(problems, f"unknown placeholder named in {details!r}", details and "{{agnet_name}}" in details)
    details = await s.expect(problems, SC.INVALID_ARGUMENT, "template", lambda: s.stub.SetTemplate(
        pb.SetTemplateRequest(tenant_id=tenant, kind="agent_joined", locale="es", template="Hola, ya está aquí."),
        timeout=TIMEOUT))
    check_true(problems, f"missing placeholder named in {details!r}", details and "missing_required_placeholder {{agent_name}}" in details)
    await s.expect(problems, SC.INVALID_ARGUMENT, "kind", lambda: s.stub.SetTemplate(
        pb.SetTemplateRequest(tenant_id=tenant, kind="nope", locale="en", template="x"), timeout=TIMEOUT))
    await s.expect(problems, SC.INVALID_ARGUMENT, "query", lambda: s.stub.SearchKnowledge(
        pb.SearchKnowledgeRequest(tenant_id=tenant, query="   "), timeout=TIMEOUT))
    after = {t: s.count(t, tenant) for t in ("packages", "feedback", "templates")}
    check(problems, "rows after refused input", after, before)
    results.record("bad_input_gets_the_right_status_and_stores_nothing", problems)


async def two_replicas_one_version(s, results):
    problems = []
    tenant = f"race-{RUN}"
    for round_ in range(10):
        escalation = f"esc-race-{round_}"
        request = english_refund(tenant, escalation)
        answers = await asyncio.gather(*[s.stubs[i % 2].Build(request, timeout=TIMEOUT) for i in range(8)])
        ids = {a.handoff_package.package_id for a in answers}
        created = sum(1 for a in answers if a.created)
        rows = psql(s.url, f"SELECT count(*), max(revision) FROM handoff.packages WHERE tenant_id = {quote(tenant)} "
                           f"AND escalation_id = {quote(escalation)}")[0]
        if len(ids) != 1 or created != 1 or rows != ["1", "1"]:
            problems.append(f"round {round_}: {len(ids)} ids, {created} created, rows {rows}")
    # Different inputs racing: distinct revisions 1..n, none lost.
    escalation = "esc-race-growth"
    requests = []
    for n in range(6):
        r = english_refund(tenant, escalation)
        r.conversation.messages.append(msg(CUSTOMER, f"follow-up {n}", 100 + n))
        requests.append(r)
    answers = await asyncio.gather(*[s.stubs[i % 2].Build(r, timeout=TIMEOUT) for i, r in enumerate(requests)])
    revisions = sorted(a.handoff_package.revision for a in answers)
    check(problems, "revisions of six different builds", revisions, [1, 2, 3, 4, 5, 6])
    results.record("two_replicas_building_the_same_package_store_one_version", problems)


async def transition_messages_and_templates(s, results):
    problems = []
    tenant = f"tpl-{RUN}"
    await s.stub.Build(english_refund(tenant, "esc-t"), timeout=TIMEOUT)
    wait = common.WaitEstimate(position=3, estimated_wait=duration_pb2.Duration(seconds=430))

    async def transition(**kw):
        base = dict(tenant_id=tenant, escalation_id="esc-t", language="en", channel=common.CHANNEL_CHAT, wait_estimate=wait)
        base.update(kw)
        return await s.stub.TransitionMessage(pb.TransitionMessageRequest(**base), timeout=TIMEOUT)

    r = await transition()
    check(problems, "specialist", r.text,
          "I want to connect you with a specialist who can help with your refund. You are number 3 in the queue, and the "
          "wait is about 8 minutes. While you wait, you can carry on chatting with me, ask for a callback, or get a "
          "follow-up by email: just tell me which you prefer.")
    check(problems, "choices", [(c.option, c.label, c.dtmf_digit) for c in r.choices],
          [(pb.CUSTOMER_OPTION_CONTINUE_WITH_BOT, "Carry on with the assistant", 0),
           (pb.CUSTOMER_OPTION_CALLBACK, "Call me back", 0), (pb.CUSTOMER_OPTION_EMAIL, "Reply by email", 0)])
    check(problems, "kind and language", (r.kind, r.language, r.from_tenant_template),
          (pb.TRANSITION_KIND_SPECIALIST, "en", False))
    r = await transition(language="es", channel=common.CHANNEL_VOICE)
    check_true(problems, f"spanish {r.text!r}", r.text.startswith("Quiero ponerte en contacto con un especialista que pueda "
                                                                  "ayudarte con tu reembolso. Eres el número 3"))
    check(problems, "voice digits", [c.dtmf_digit for c in r.choices], [1, 2, 3])
    r = await transition(kind=pb.TRANSITION_KIND_OFF_HOURS_CALLBACK, callback_window="tomorrow between 9:00 and 10:00")
    check_true(problems, f"off hours {r.text!r}", "callback tomorrow between 9:00 and 10:00" in r.text
               and "\u201cIssue (refund):" in r.text)
    check(problems, "off-hours choices", [c.option for c in r.choices],
          [pb.CUSTOMER_OPTION_CONTINUE_WITH_BOT, pb.CUSTOMER_OPTION_EMAIL])
    r = await transition(kind=pb.TRANSITION_KIND_ON_CALL, language="de")
    check(problems, "on call", r.text,
          "Ihr Anliegen ist dringend, deshalb hole ich jetzt unseren Bereitschaftsdienst zu Ihrer Rückerstattung dazu. "
          "Bitte bleiben Sie in diesem Gespräch: In etwa 8 Minuten ist jemand für Sie da.")
    check(problems, "on-call choices", len(r.choices), 0)
    r = await transition(kind=pb.TRANSITION_KIND_AGENT_JOINED, agent_name="Ana")
    check(problems, "agent joined", r.text,
          "Ana has joined. I have shared our conversation with Ana so you will not need to repeat anything.")
    await s.expect(problems, SC.INVALID_ARGUMENT, "agent_name", lambda: transition(kind=pb.TRANSITION_KIND_AGENT_JOINED))
    # A tenant's own template, then back to the built-in one.
    ok = await s.stub.SetTemplate(pb.SetTemplateRequest(
        tenant_id=tenant, kind="transition.specialist", locale="en",
        template="{{ customer_name }}, a specialist for {{category}} is coming: #{{position}}, ~{{wait_minutes}} min."),
        timeout=TIMEOUT)
    check(problems, "overridden", ok.overridden, True)
    r = await transition(customer_name="Ada")
    check(problems, "override", (r.text, r.from_tenant_template),
          ("Ada, a specialist for your refund is coming: #3, ~8 min.", True))
    await s.stub.SetTemplate(pb.SetTemplateRequest(tenant_id=tenant, kind="transition.specialist", locale="en"),
                             timeout=TIMEOUT)
    r = await transition()
    check(problems, "back to built-in", r.from_tenant_template, False)
    results.record("transition_messages_and_tenant_templates", problems)


async def wait_updates(s, results):
    problems = []
    tenant = f"wait-{RUN}"
    await s.stub.Build(english_refund(tenant, "esc-w"), timeout=TIMEOUT)
    now = time.time()
    base = dict(tenant_id=tenant, escalation_id="esc-w", language="fr", channel=common.CHANNEL_CHAT,
                wait_estimate=common.WaitEstimate(position=2, estimated_wait=duration_pb2.Duration(seconds=240)),
                promised_wait=duration_pb2.Duration(seconds=300))
    late = await s.stub.WaitUpdate(pb.WaitUpdateRequest(enqueue_time=ts(now - 600), **base), timeout=TIMEOUT)
    check(problems, "late: send", late.should_send, True)
    check_true(problems, f"late text {late.text!r}", "position 2" in late.text and "environ 4 minutes" in late.text)
    check(problems, "late choices", len(late.choices), 3)
    early = await s.stub.WaitUpdate(pb.WaitUpdateRequest(enqueue_time=ts(now - 60), **base), timeout=TIMEOUT)
    check(problems, "early: silent", (early.should_send, early.text), (False, ""))
    check_true(problems, f"early next {early.next_update_time.seconds - (now + 240):.0f}s off",
               abs(early.next_update_time.seconds - (now - 60 + 300)) <= 2)
    recent = await s.stub.WaitUpdate(pb.WaitUpdateRequest(enqueue_time=ts(now - 600), last_update_time=ts(now - 30),
                                                          updates_sent=1, **base), timeout=TIMEOUT)
    check(problems, "just updated: silent", recent.should_send, False)
    await s.expect(problems, SC.INVALID_ARGUMENT, "enqueue_time", lambda: s.stub.WaitUpdate(
        pb.WaitUpdateRequest(**base), timeout=TIMEOUT))
    results.record("wait_updates_past_the_estimate_and_not_too_often", problems)


async def feedback_aggregation(s, results):
    problems = []
    tenant = f"fb-{RUN}"
    human = (await s.stub.Build(english_refund(tenant, "esc-f1"), timeout=TIMEOUT)).handoff_package
    loop = (await s.stub.Build(english_refund(tenant, "esc-f2", trig=trigger(common.TRIGGER_CATEGORY_LOOP, "loop.restated")),
                               timeout=TIMEOUT)).handoff_package
    feedback = [
        (human, 5, [], [], False, False),
        (human, 2, [pb.MISSING_INFO_ORDER_DETAILS, pb.MISSING_INFO_KNOWLEDGE], [pb.MISSING_INFO_SUMMARY], True, False),
        (loop, 3, [pb.MISSING_INFO_ORDER_DETAILS], [], False, True),
    ]
    for package, rating, missing, wrong, repeated, unnecessary in feedback:
        r = await s.stub.Feedback(pb.FeedbackRequest(tenant_id=tenant, package_id=package.package_id, agent_id="ag-1",
                                                     rating=rating, missing=missing, wrong=wrong,
                                                     customer_repeated=repeated, unnecessary_escalation=unnecessary),
                                  timeout=TIMEOUT)
        check_true(problems, "feedback id", len(r.feedback_id) == 36 and r.record_time.seconds > 0)
    summary = await s.stub.GetFeedbackSummary(pb.GetFeedbackSummaryRequest(tenant_id=tenant), timeout=TIMEOUT)
    got = {t.trigger_name: (t.count, round(t.mean_rating, 2), t.customer_repeated, t.unnecessary, dict(t.missing),
                            dict(t.wrong)) for t in summary.triggers}
    check(problems, "per trigger", got, {
        "explicit.human_request": (2, 3.5, 1, 0, {"orderDetails": 1, "knowledge": 1}, {"summary": 1}),
        "loop.restated": (1, 3.0, 0, 1, {"orderDetails": 1}, {}),
    })
    o = summary.overall
    check(problems, "overall", (o.count, round(o.mean_rating, 2), o.customer_repeated, o.unnecessary, dict(o.missing)),
          (3, 3.33, 1, 1, {"orderDetails": 2, "knowledge": 1}))
    results.record("feedback_aggregated_per_tenant_and_trigger", problems)


async def knowledge_search(s, results):
    problems = []
    tenant = f"kb-{RUN}"
    A = pb.KnowledgeArticle
    articles = [
        A(article_id="refunds", language="en", title="How refunds work",
          body="We return the money to the original payment method within five days.", tags=["billing"]),
        A(article_id="shipping", language="en", title="Shipping times",
          body="Parcels arrive in three days. Refunds for late parcels are described elsewhere.", tags=["delivery"]),
        A(article_id="password", language="en", title="Resetting your password",
          body="Use the forgotten password link on the sign-in page.", tags=["account"]),
        A(article_id="reembolsos", language="es", title="Cómo funcionan los reembolsos",
          body="Devolvemos el dinero en cinco días.", tags=["billing"]),
        A(article_id="erstattung", language="de", title="Rückerstattungen und Gutschriften",
          body="Wir erstatten den Betrag innerhalb von fünf Tagen.", tags=["billing"]),
        A(article_id="rimborsi", language="it", title="Rimborsi", body="Restituiamo il denaro entro cinque giorni."),
    ]
    imported = await s.stub.ImportArticles(pb.ImportArticlesRequest(tenant_id=tenant, articles=articles), timeout=TIMEOUT)
    check(problems, "imported", imported.imported, 6)

    async def search(query, language="en", **kw):
        r = await s.stub.SearchKnowledge(pb.SearchKnowledgeRequest(tenant_id=tenant, query=query, language=language, **kw),
                                         timeout=TIMEOUT)
        return [a.article_id for a in r.articles], r.articles

    ids, found = await search("refunded")
    check(problems, "stemming and title above body", ids, ["refunds", "shipping"])
    check_true(problems, "relevance in (0, 1) and ordered", 0 < found[1].relevance < found[0].relevance < 1)
    check_true(problems, "snippet", found[0].snippet.startswith("We return the money"))
    ids, _ = await search("I want my refund for the order I returned last week please")
    check(problems, "a whole sentence matches on any word", ids[0], "refunds")
    ids, _ = await search("refund -parcels")
    check(problems, "websearch operators", ids, ["refunds"])
    ids, _ = await search("\"refunds work\"")
    check(problems, "phrase", ids, ["refunds"])
    ids, _ = await search("reembolso", language="es-MX")
    check(problems, "spanish", ids, ["reembolsos"])
    ids, _ = await search("Rückerstattung", language="de")
    check(problems, "german", ids, ["erstattung"])
    ids, _ = await search("rimborsi", language="it")
    check(problems, "simple fallback", ids, ["rimborsi"])
    ids, _ = await search("refund", tags=["delivery"])
    check(problems, "tags", ids, ["shipping"])
    ids, _ = await search("money back guarantee", language="en")
    before = ids
    await s.stub.SetSynonyms(pb.SetSynonymsRequest(tenant_id=tenant, language="en",
                                                   groups=[pb.SynonymGroup(terms=["refund", "money back"])]), timeout=TIMEOUT)
    ids, _ = await search("reimbursement", language="en")
    check(problems, "no synonym, no match", ids, [])
    await s.stub.SetSynonyms(pb.SetSynonymsRequest(tenant_id=tenant, language="en",
                                                   groups=[pb.SynonymGroup(terms=["refund", "reimbursement"])]),
                             timeout=TIMEOUT)
    ids, _ = await search("reimbursement", language="en")
    check(problems, "synonyms", ids, ["refunds", "shipping"])
    check_true(problems, f"money back before synonyms {before}", before == ["refunds"])
    # The package lists the articles for its issue.
    await s.stub.Build(english_refund(tenant, "esc-kb"), timeout=TIMEOUT)
    p = (await s.stub.Get(pb.GetRequest(tenant_id=tenant, escalation_id="esc-kb"), timeout=TIMEOUT)).handoff_package
    check(problems, "package articles", [a.article_id for a in p.articles][:1], ["refunds"])
    results.record("knowledge_search_per_language_with_weights_operators_and_synonyms", problems)


async def batonctl_kb_import(s, results):
    problems = []
    tenant = f"ctl-{RUN}"
    md = os.path.join(s.work, "returns-policy.md")
    with open(md, "w") as f:
        f.write("# Returning an item\n\nPrint the label and drop the parcel at any post office.\n")
    js = os.path.join(s.work, "faq.json")
    with open(js, "w") as f:
        json.dump([{"article_id": "garantia", "language": "es", "title": "Garantía de dos años",
                    "body": "Todos los productos tienen garantía."},
                   {"article_id": "invoices", "title": "Where to find invoices", "body": "Invoices are in your account."}], f)
    out = subprocess.run([os.path.join(s.bin_dir, "batonctl"), "kb", "import", "--handoff", s.replicas[0].target,
                          "--tenant", tenant, md, js], capture_output=True, text=True, timeout=60)
    check(problems, "batonctl output", (out.returncode, out.stdout.strip()), (0, f"imported 3 articles for {tenant}"))
    found = await s.stub.SearchKnowledge(pb.SearchKnowledgeRequest(tenant_id=tenant, query="returning a parcel",
                                                                   language="en"), timeout=TIMEOUT)
    check(problems, "markdown article", [(a.article_id, a.title) for a in found.articles],
          [("returns-policy", "Returning an item")])
    found = await s.stub.SearchKnowledge(pb.SearchKnowledgeRequest(tenant_id=tenant, query="garantía", language="es"),
                                         timeout=TIMEOUT)
    check(problems, "json article in spanish", [a.article_id for a in found.articles], ["garantia"])
    out = subprocess.run([os.path.join(s.bin_dir, "batonctl"), "kb", "search", "--handoff", s.replicas[1].target,
                          "--tenant", tenant, "--language", "en", "invoices"], capture_output=True, text=True, timeout=60)
    check(problems, "batonctl kb search", out.stdout.split("\t")[0], "invoices")
    bad = subprocess.run([os.path.join(s.bin_dir, "batonctl"), "kb", "import", "--handoff", s.replicas[0].target,
                          "--tenant", tenant, os.path.join(s.work, "nothing.txt")], capture_output=True, text=True, timeout=60)
    check_true(problems, "a missing file fails", bad.returncode != 0)
    check(problems, "rows", s.count("articles", tenant), 3)
    results.record("batonctl_kb_import_from_markdown_and_json", problems)


async def amain(bin_dir, url):
    results = Results()
    work = tempfile.mkdtemp(prefix="baton-handoff-e2e-")
    s = Suite(bin_dir, url, work)
    for replica in s.replicas:
        replica.start(wait=0)
    for replica in s.replicas:
        replica.wait_ready()
    s.connect()
    try:
        for body in [packages_per_trigger_category, summaries_in_languages, idempotent_builds_and_revisions, redacted_view,
                     bad_input, two_replicas_one_version, transition_messages_and_templates, wait_updates,
                     feedback_aggregation, knowledge_search, batonctl_kb_import]:
            try:
                await body(s, results)
            except Exception as error:  # noqa: BLE001
                traceback.print_exc()
                results.record(body.__name__, [f"{type(error).__name__}: {error}"])
    finally:
        for channel in s.channels:
            await channel.close()
        for replica in s.replicas:
            replica.terminate()
    print(f"{results.passed} passed, {results.failed} failed", flush=True)
    return results.failed == 0


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    ok = asyncio.run(amain(*sys.argv[1:]))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
