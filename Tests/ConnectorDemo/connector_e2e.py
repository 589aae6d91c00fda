#!/usr/bin/env python3
"""baton-connector-demo end to end (make test runs it through Tests/ConnectorDemo/run):
the service on the private Postgres, seeded with the demo data under a tenant of
its own for this run, called by Python grpcio over the real transport; what it
stores checked with psql. Then PlannerConnector's ConnectorClient against it
through Tests/Support/ConnectorProbe.

Usage: connector_e2e.py BIN_DIR DATABASE_URL. Prints one line per case and
"N passed, N failed"; exits non-zero on any failure."""

import concurrent.futures
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import uuid

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Support"))
from batonkit import Replica, free_port, generate_stubs, psql, quote  # noqa: E402

generate_stubs(["baton/common/v1/common.proto", "baton/handoff/v1/handoff.proto", "baton/connector/v1/connector.proto"])
from baton.common.v1 import common_pb2 as common  # noqa: E402
from baton.connector.v1 import connector_pb2 as pb, connector_pb2_grpc as pb_grpc  # noqa: E402

SC = grpc.StatusCode
RUN = uuid.uuid4().hex[:8]
TENANT = f"demo-retail-{RUN}"
SUCCEEDED, FAILED, REJECTED = (pb.ExecuteActionResponse.STATE_SUCCEEDED, pb.ExecuteActionResponse.STATE_FAILED,
                               pb.ExecuteActionResponse.STATE_REJECTED)


class CheckFailed(Exception):
    pass


def check(label, got, want):
    if got != want:
        raise CheckFailed(f"{label}: got {got!r}, want {want!r}")


def check_true(label, condition):
    if not condition:
        raise CheckFailed(label)


def money(minor, currency="EUR"):
    return common.Money(currency_code=currency, amount_minor=minor)


def refund(order, minor, currency="EUR", action_id="a"):
    return common.RequestedAction(action_id=action_id, refund=common.RequestedAction.Refund(
        amount=money(minor, currency), order_id=order, reason="damaged_item"))


def execute(customer, key, action, approved=None, tenant=None):
    request = pb.ExecuteActionRequest(tenant_id=tenant or TENANT, customer_id=customer, conversation_id=f"conv-{RUN}",
                                      idempotency_key=key, action=action)
    if approved is not None:
        request.approved_amount.CopyFrom(approved)
    return request


def status_of(call):
    try:
        call()
    except grpc.RpcError as error:
        return error.code(), error.details()
    return SC.OK, ""


class Suite:
    def __init__(self, bin_dir, url, work):
        self.bin_dir, self.url = bin_dir, url
        seed = {"BATON_CONNECTOR_DEMO_SEED": "1", "BATON_CONNECTOR_DEMO_SEED_TENANT": TENANT}
        self.main = Replica(bin_dir, url, "connector-demo", work, executable="baton-connector-demo", extra_env=seed)
        self.slow = Replica(bin_dir, url, "connector-demo-slow", work, executable="baton-connector-demo",
                            extra_env={"BATON_CONNECTOR_DEMO_DELAY_MS": "400"})
        self.passed = self.failed = 0

    def connect(self):
        self.channel = grpc.insecure_channel(self.main.target)
        self.stub = pb_grpc.ConnectorStub(self.channel)
        self.slow_stub = pb_grpc.ConnectorStub(grpc.insecure_channel(self.slow.target))

    def case(self, name, body):
        try:
            body()
            self.passed += 1
            print(f"PASS connector/{name}", flush=True)
        except Exception as error:  # noqa: BLE001 - every failure is reported, the suite goes on
            self.failed += 1
            detail = str(error) if isinstance(error, CheckFailed) else traceback.format_exc(limit=3)
            print(f"FAIL connector/{name}: {detail}", flush=True)

    def rows(self, sql):
        return psql(self.url, sql)

    def refunds_for(self, key):
        return int(self.rows(f"SELECT count(*) FROM connector_demo.refunds WHERE tenant_id = {quote(TENANT)} "
                             f"AND idempotency_key = {quote(key)}")[0][0])

    # MARK: look-ups

    def lookups(self):
        tiers = {}
        for customer in ("c-ada", "c-ben", "c-chloe", "c-eva"):
            tiers[customer] = self.stub.LookupCustomer(pb.LookupCustomerRequest(tenant_id=TENANT, customer_id=customer),
                                                       timeout=10).customer.tier
        check("tiers", tiers, {"c-ada": common.CUSTOMER_TIER_PREMIUM, "c-ben": common.CUSTOMER_TIER_STANDARD,
                               "c-chloe": common.CUSTOMER_TIER_VIP_GOLD, "c-eva": common.CUSTOMER_TIER_VIP_PLATINUM})
        chloe = self.stub.LookupCustomer(pb.LookupCustomerRequest(tenant_id=TENANT, customer_id="c-chloe"), timeout=10).customer
        check("chloe tenure", chloe.tenure_days, 2000)
        check("chloe lifetime value (89900 + 15900 - 10000 refunded)", (chloe.lifetime_value.currency_code,
                                                                       chloe.lifetime_value.amount_minor), ("EUR", 95800))
        activity = chloe.recent_activity
        check("chloe open tickets, newest first", list(activity.open_ticket_ids), ["T-2003", "T-2002"])
        check("chloe contacts", (activity.contacts_last_30_days, activity.unresolved_contacts_last_30_days), (2, 2))
        check("chloe channels", list(activity.channels_tried), [common.CHANNEL_EMAIL, common.CHANNEL_VOICE])
        check("chloe orders in 90 days", activity.orders_last_90_days, 2)
        order = self.stub.LookupOrder(pb.LookupOrderRequest(tenant_id=TENANT, customer_id="c-ada", order_id="o-1001"),
                                      timeout=10).order
        check("o-1001 status", order.status, pb.ORDER_STATUS_DELIVERED)
        check("o-1001 items", [(i.sku, i.quantity, i.unit_price.amount_minor, i.reported_issue) for i in order.items],
              [("SKU-HP-200", 1, 11999, "damaged"), ("SHIP-STD", 1, 1000, "")])
        check("o-1001 total", (order.total.currency_code, order.total.amount_minor), ("EUR", 12999))
        now = time.time()
        check_true("o-1001 delivered about 5 days ago", abs(now - order.delivered_time.seconds - 5 * 86400) < 3600)
        check_true("o-1001 warranty runs", order.warranty_end_time.seconds > now + 365 * 86400)
        check("o-1001 payment", order.payment_method, "card")
        eva = self.stub.LookupOrder(pb.LookupOrderRequest(tenant_id=TENANT, customer_id="c-eva", order_id="o-1006"),
                                    timeout=10).order
        check_true("o-1006 warranty ended", eva.warranty_end_time.seconds < now)
        tickets = self.stub.ListOpenTickets(pb.ListOpenTicketsRequest(tenant_id=TENANT, customer_id="c-chloe"), timeout=10)
        check("chloe tickets", [(t.ticket_id, t.channel, t.status) for t in tickets.tickets],
              [("T-2003", common.CHANNEL_VOICE, "open"), ("T-2002", common.CHANNEL_EMAIL, "open")])
        ben = self.stub.ListOpenTickets(pb.ListOpenTicketsRequest(tenant_id=TENANT, customer_id="c-ben"), timeout=10)
        check("ben has only a closed ticket", list(ben.tickets), [])

    def not_found(self):
        cases = [
            (lambda: self.stub.LookupCustomer(pb.LookupCustomerRequest(tenant_id=TENANT, customer_id="c-nobody"), timeout=10),
             "customer_id: no customer c-nobody"),
            (lambda: self.stub.LookupCustomer(pb.LookupCustomerRequest(tenant_id=f"other-{RUN}", customer_id="c-ada"),
                                              timeout=10), "customer_id: no customer c-ada"),
            (lambda: self.stub.ListOpenTickets(pb.ListOpenTicketsRequest(tenant_id=TENANT, customer_id="c-nobody"), timeout=10),
             "customer_id: no customer c-nobody"),
            (lambda: self.stub.LookupOrder(pb.LookupOrderRequest(tenant_id=TENANT, customer_id="c-ada", order_id="o-9999"),
                                           timeout=10), "order_id: no order o-9999 for customer c-ada"),
            # Another customer's order is not told apart from a missing one.
            (lambda: self.stub.LookupOrder(pb.LookupOrderRequest(tenant_id=TENANT, customer_id="c-ben", order_id="o-1001"),
                                           timeout=10), "order_id: no order o-1001 for customer c-ben"),
            (lambda: self.stub.ExecuteAction(execute("c-nobody", f"nf-1-{RUN}", refund("o-1001", 100)), timeout=10),
             "customer_id: no customer c-nobody"),
            (lambda: self.stub.ExecuteAction(execute("c-ben", f"nf-2-{RUN}", refund("o-1001", 100)), timeout=10),
             "order_id: no order o-1001 for customer c-ben"),
        ]
        for index, (call, message) in enumerate(cases):
            check(f"case {index}", status_of(call), (SC.NOT_FOUND, message))
        # Nothing is stored under the keys of refused calls: they stay free.
        check("keys of NOT_FOUND calls stored", self.rows(
            f"SELECT count(*) FROM connector_demo.action_executions WHERE tenant_id = {quote(TENANT)} "
            f"AND idempotency_key LIKE 'nf-%'")[0][0], "0")

    def bad_input(self):
        def bad(mutate):
            request = execute("c-ada", f"bad-{RUN}", refund("o-1001", 100))
            mutate(request)
            return status_of(lambda: self.stub.ExecuteAction(request, timeout=10))

        check("no tenant", status_of(lambda: self.stub.LookupCustomer(pb.LookupCustomerRequest(customer_id="c"), timeout=10)),
              (SC.INVALID_ARGUMENT, "tenant_id: required"))
        check("no order id", status_of(lambda: self.stub.LookupOrder(
            pb.LookupOrderRequest(tenant_id=TENANT, customer_id="c-ada"), timeout=10)), (SC.INVALID_ARGUMENT, "order_id: required"))
        check("long customer id", status_of(lambda: self.stub.ListOpenTickets(
            pb.ListOpenTicketsRequest(tenant_id=TENANT, customer_id="c" * 129), timeout=10)),
              (SC.INVALID_ARGUMENT, "customer_id: longer than 128 bytes"))
        check("no key", bad(lambda r: r.ClearField("idempotency_key")), (SC.INVALID_ARGUMENT, "idempotency_key: required"))
        check("no conversation", bad(lambda r: r.ClearField("conversation_id")),
              (SC.INVALID_ARGUMENT, "conversation_id: required"))
        check("no action", bad(lambda r: r.ClearField("action")), (SC.INVALID_ARGUMENT, "action: required"))
        check("negative amount", bad(lambda r: r.action.refund.amount.__setattr__("amount_minor", -5)),
              (SC.INVALID_ARGUMENT, "action.refund.amount.amount_minor: -5 is not positive"))
        check("lower-case currency", bad(lambda r: r.action.refund.amount.__setattr__("currency_code", "eur")),
              (SC.INVALID_ARGUMENT, "action.refund.amount.currency_code: eur is not a three-letter upper-case ISO 4217 code"))
        check("approved in another currency", bad(lambda r: r.approved_amount.CopyFrom(money(50, "USD"))),
              (SC.INVALID_ARGUMENT, "approved_amount.currency_code: USD differs from the action's EUR"))
        check("replacement without quantity", bad(lambda r: r.action.replacement.CopyFrom(
            common.RequestedAction.Replacement(order_id="o-1001", sku="SKU-HP-200"))),
              (SC.INVALID_ARGUMENT, "action.replacement.quantity: must be at least 1"))
        check("bad input stored", self.rows(f"SELECT count(*) FROM connector_demo.action_executions "
                                            f"WHERE tenant_id = {quote(TENANT)} AND idempotency_key = {quote('bad-' + RUN)}")[0][0],
              "0")

    # MARK: idempotency

    def refund_once(self):
        key = f"refund-once-{RUN}"
        request = execute("c-ada", key, refund("o-1001", 2500))
        first = self.stub.ExecuteAction(request, timeout=10)
        check("first state", first.state, SUCCEEDED)
        check("first replayed", first.replayed, False)
        check_true("refund reference", first.reference_id.startswith("RF-"))
        check("outputs", dict(first.outputs), {"order_id": "o-1001", "currency_code": "EUR", "refunded_minor": "2500",
                                               "remaining_refundable_minor": "10499"})
        again = self.stub.ExecuteAction(request, timeout=10)
        check("retry replayed", again.replayed, True)
        check("retry same result", (again.state, again.reference_id, dict(again.outputs), again.execute_time),
              (first.state, first.reference_id, dict(first.outputs), first.execute_time))
        check("refunds for the key", self.refunds_for(key), 1)
        order = self.stub.LookupOrder(pb.LookupOrderRequest(tenant_id=TENANT, customer_id="c-ada", order_id="o-1001"), timeout=10)
        check("refunded on the order", order.order.refunded.amount_minor, 2500)
        # The same key for another action (or the same action for another amount) is refused and changes nothing.
        for label, other in (("another action", execute("c-ada", key, common.RequestedAction(
                action_id="a", cancel_order=common.RequestedAction.CancelOrder(order_id="o-1001")))),
                             ("another amount", execute("c-ada", key, refund("o-1001", 2600)))):
            code, message = status_of(lambda: self.stub.ExecuteAction(other, timeout=10))
            check(f"{label}: status", code, SC.FAILED_PRECONDITION)
            check_true(f"{label}: message names the key and the part ({message})",
                       message.startswith(f"idempotency_key: {key} was used for a different request (its action differs)"))
        check("refunds for the key after conflicts", self.refunds_for(key), 1)

    def concurrent_same_key(self):
        key = f"concurrent-{RUN}"
        request = execute("c-chloe", key, refund("o-1004", 1000))
        channels = [grpc.insecure_channel(self.main.target) for _ in range(8)]
        stubs = [pb_grpc.ConnectorStub(channel) for channel in channels]
        for stub in stubs:  # connected before the race, so the calls really overlap
            stub.LookupCustomer(pb.LookupCustomerRequest(tenant_id=TENANT, customer_id="c-chloe"), timeout=10)
        with concurrent.futures.ThreadPoolExecutor(len(stubs)) as pool:
            results = list(pool.map(lambda stub: stub.ExecuteAction(request, timeout=20), stubs))
        for channel in channels:
            channel.close()
        check("calls that executed", sum(1 for r in results if not r.replayed), 1)
        check("one reference", len({r.reference_id for r in results}), 1)
        check("all succeeded", {r.state for r in results}, {SUCCEEDED})
        check("refunds for the key", self.refunds_for(key), 1)

    def refund_over_remaining(self):
        # o-1004: 899.00 paid, 100.00 refunded at seeding, 10.00 by concurrent_same_key: 789.00 remain.
        over = self.stub.ExecuteAction(execute("c-chloe", f"over-{RUN}", refund("o-1004", 78901)), timeout=10)
        check("over: state", over.state, REJECTED)
        check("over: reason", over.reason, "a refund of 78901 EUR minor units exceeds the 78900 still refundable on order "
                                            "o-1004 (total 89900, refunded 11000)")
        check("over: reference", over.reference_id, "")
        check("over: refunds", self.refunds_for(f"over-{RUN}"), 0)
        again = self.stub.ExecuteAction(execute("c-chloe", f"over-{RUN}", refund("o-1004", 78901)), timeout=10)
        check("over: replayed rejection", (again.state, again.replayed), (REJECTED, True))
        # An approver's smaller amount is what runs.
        approved = self.stub.ExecuteAction(execute("c-chloe", f"approved-{RUN}", refund("o-1004", 78901),
                                                   approved=money(78900)), timeout=10)
        check("approved: state and amount", (approved.state, approved.outputs["refunded_minor"],
                                             approved.outputs["remaining_refundable_minor"]), (SUCCEEDED, "78900", "0"))
        last = self.stub.ExecuteAction(execute("c-chloe", f"last-{RUN}", refund("o-1004", 1)), timeout=10)
        check("nothing left", last.state, REJECTED)

    def other_actions(self):
        disputed = self.stub.ExecuteAction(execute("c-ben", f"disputed-{RUN}", refund("o-1003", 500)), timeout=10)
        check("disputed payment", (disputed.state, disputed.reason),
              (FAILED, "the payment provider declined the refund: the payment of order o-1003 is disputed"))
        cancel = lambda order, key: self.stub.ExecuteAction(execute("c-ben" if order == "o-1002" else "c-chloe", key,
                                                                    common.RequestedAction(action_id=key, cancel_order=common.RequestedAction.CancelOrder(order_id=order))), timeout=10)
        placed = cancel("o-1002", f"cancel-{RUN}")
        check("cancel placed", (placed.state, placed.outputs["refunded_minor"], placed.outputs["order_status"]),
              (SUCCEEDED, "4599", "cancelled"))
        order = self.stub.LookupOrder(pb.LookupOrderRequest(tenant_id=TENANT, customer_id="c-ben", order_id="o-1002"), timeout=10)
        check("cancelled order", (order.order.status, order.order.refunded.amount_minor), (pb.ORDER_STATUS_CANCELLED, 4599))
        shipped = cancel("o-1005", f"cancel-shipped-{RUN}")
        check("cancel shipped", shipped.state, REJECTED)
        replacement = self.stub.ExecuteAction(execute("c-ada", f"replace-{RUN}", common.RequestedAction(
            action_id="r", replacement=common.RequestedAction.Replacement(order_id="o-1001", sku="SKU-HP-200", quantity=1))),
            timeout=10)
        check_true(f"replacement ({replacement})", replacement.state == SUCCEEDED and replacement.reference_id.startswith("RP-"))
        credit = self.stub.ExecuteAction(execute("c-eva", f"credit-{RUN}", common.RequestedAction(
            action_id="c", account_credit=common.RequestedAction.AccountCredit(amount=money(5000), reason="goodwill")),
            approved=money(2000)), timeout=10)
        check("credit", (credit.state, credit.outputs["credited_minor"]), (SUCCEEDED, "2000"))
        custom = self.stub.ExecuteAction(execute("c-eva", f"custom-{RUN}", common.RequestedAction(
            action_id="x", custom=common.RequestedAction.Custom(name="loyalty.add_points"))), timeout=10)
        check("custom", custom.state, REJECTED)

    def restart_keeps_idempotency(self):
        key = f"refund-once-{RUN}"
        before = self.stub.ExecuteAction(execute("c-ada", key, refund("o-1001", 2500)), timeout=10)
        self.main.kill(signal.SIGKILL)
        self.main.start()
        check("seeding again inserted nothing", "customers-inserted=0" in self.main.log_tail(2000) or
              '"customers-inserted":"0"' in self.main.log_tail(2000), True)
        after = self.stub.ExecuteAction(execute("c-ada", key, refund("o-1001", 2500)), timeout=30)
        check("after restart", (after.replayed, after.reference_id), (True, before.reference_id))
        check("refunds for the key", self.refunds_for(key), 1)
        order = self.stub.LookupOrder(pb.LookupOrderRequest(tenant_id=TENANT, customer_id="c-chloe", order_id="o-1004"),
                                      timeout=10)
        check("earlier refunds kept", order.order.refunded.amount_minor, 89900)

    def slow_connector(self):
        key = f"slow-{RUN}"
        request = execute("c-ada", key, refund("o-1001", 100))
        start = time.monotonic()
        code, _ = status_of(lambda: self.slow_stub.ExecuteAction(request, timeout=0.15))
        check("deadline passes", code, SC.DEADLINE_EXCEEDED)
        check_true("the caller gave up at its deadline", time.monotonic() - start < 0.39)
        # The action ran before the delay: a retry with the key replays it.
        again = self.slow_stub.ExecuteAction(request, timeout=10)
        check("retry after the deadline", (again.state, again.replayed), (SUCCEEDED, True))
        check("refunds for the key", self.refunds_for(key), 1)
        start = time.monotonic()
        self.slow_stub.LookupCustomer(pb.LookupCustomerRequest(tenant_id=TENANT, customer_id="c-ada"), timeout=10)
        check_true("look-ups are held too", time.monotonic() - start >= 0.4)

    # MARK: the planner's client

    def probe(self, *arguments):
        out = subprocess.run([os.path.join(self.bin_dir, "ConnectorProbe"), *arguments], capture_output=True, text=True,
                             timeout=120)
        if out.returncode != 0:
            raise CheckFailed(f"ConnectorProbe exited {out.returncode}: {out.stderr[-2000:]}")
        self.probe_log = out.stderr.splitlines()  # ConnectorClient logs there (swift-log's default handler)
        return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]

    def client_calls_and_replays(self):
        key = f"probe-{RUN}"
        results = self.probe("--connectors", f"{TENANT}={self.main.target}", f"customer:{TENANT}:c-chloe",
                             f"refund:{TENANT}:c-ada:o-1001:{key}:300:EUR", f"refund:{TENANT}:c-ada:o-1001:{key}:300:EUR",
                             f"customer:{TENANT}:c-nobody", f"customer:unknown-{RUN}:c-ada")
        check("codes", [r["code"] for r in results], ["OK", "OK", "OK", "NOT_FOUND", "FAILED_PRECONDITION"])
        check("tier", results[0]["tier"], common.CUSTOMER_TIER_VIP_GOLD)
        check("executed then replayed", [(r["replayed"], r["reference"]) for r in results[1:3]],
              [(False, results[1]["reference"]), (True, results[1]["reference"])])
        check("NOT_FOUND is an answer: breaker closed", results[3]["breaker"], "closed")
        check("refunds for the key", self.refunds_for(key), 1)

    def client_deadlines_and_retries(self):
        # Against the slow connector (400 ms) with 150 ms per attempt: each attempt times out, three are made; the
        # action ran on the first and replayed on the others, so it executed once.
        key = f"probe-slow-{RUN}"
        results = self.probe("--connectors", f"{TENANT}={self.slow.target}", "--lookup-timeout-ms", "150",
                             "--execute-timeout-ms", "150", "--attempts", "3", "--failure-threshold", "10",
                             f"customer:{TENANT}:c-ada", f"refund:{TENANT}:c-ada:o-1001:{key}:200:EUR")
        check("codes", [r["code"] for r in results], ["DEADLINE_EXCEEDED", "DEADLINE_EXCEEDED"])
        check_true(f"three attempts each ({results})", all("3 attempts" in r["message"] for r in results))
        check_true(f"at least 3 x 150 ms ({results[0]['elapsed_ms']})", results[0]["elapsed_ms"] >= 450)
        check("refunds for the key", self.refunds_for(key), 1)
        request = execute("c-ada", key, common.RequestedAction(
            action_id=key, refund=common.RequestedAction.Refund(amount=money(200), order_id="o-1001")))
        request.conversation_id = "probe"
        replay = self.stub.ExecuteAction(request, timeout=10)
        check("the planner's retry with the key replays", replay.replayed, True)

    def client_breaker(self):
        dead = f"127.0.0.1:{free_port()}"
        results = self.probe("--connectors", f"{TENANT}={dead}", "--attempts", "3", "--failure-threshold", "3",
                             "--open-ms", "400", f"customer:{TENANT}:c-ada", f"customer:{TENANT}:c-ada", "sleep:450",
                             f"customer:{TENANT}:c-ada")
        check("codes", [r["code"] for r in results], ["UNAVAILABLE"] * 3)
        check("breaker after each", [r["breaker"] for r in results], ["open", "open", "open"])
        check_true(f"the tripped breaker fails fast naming the connector ({results[1]})",
                   results[1]["message"].startswith(f"connector {dead} is failing (circuit breaker open")
                   and results[1]["elapsed_ms"] < 50)
        # After the open period one probe goes out, fails and opens the breaker again: the retry after it is refused.
        check("probes sent", sum("connector probe" in line for line in self.probe_log), 1)
        check("times the breaker opened", sum("connector circuit opened" in line for line in self.probe_log), 2)
        check_true(f"the retry after the failed probe is refused ({results[2]})",
                   results[2]["message"].startswith(f"connector {dead} is failing (circuit breaker open"))

    def run(self):
        self.main.start()
        self.slow.start()
        self.connect()
        for name in ("lookups", "not_found", "bad_input", "refund_once", "concurrent_same_key", "refund_over_remaining",
                     "other_actions", "restart_keeps_idempotency", "slow_connector", "client_calls_and_replays",
                     "client_deadlines_and_retries", "client_breaker"):
            self.case(name, getattr(self, name))
        for replica in (self.main, self.slow):
            replica.terminate()


def main():
    bin_dir, url = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp(prefix="baton-connector-")
    suite = Suite(bin_dir, url, work)
    try:
        suite.run()
    finally:
        for replica in (suite.main, suite.slow):
            replica.kill()
    print(f"{suite.passed} passed, {suite.failed} failed", flush=True)
    if suite.failed:
        print(f"logs in {work}")
    sys.exit(1 if suite.failed else 0)


if __name__ == "__main__":
    main()
