#!/usr/bin/env python3
"""baton-gateway end to end (Tests/Gateway/run runs it; make test runs that):
the services as separate processes on the private Postgres, three replicas
each of baton-signals and baton-router bound to 127.0.0.1, .2 and .3 on one
port behind one name, and baton-gateway in front, driven by Python grpcio and
by Connect JSON over HTTP/1.1 (urllib, http.client).

The replicas' name resolves to their three addresses through nss_wrapper
(Debian libnss-wrapper, LD_PRELOADed into the gateway only, with a hosts file
of the test's own): the gateway's own getaddrinfo sees what a headless
Kubernetes Service gives it, and nothing on the machine is changed.

Cases: unary and server-streaming calls forwarded with grpcio and Connect
JSON; deadlines capped per method and a shorter client deadline honoured
(a stock grpcio server stands in for baton-signals behind a second gateway
and reports the deadline it was given and the cancellation it saw); a client
that goes away cancels the upstream stream (the router's own metrics); calls
spread over three replicas (each replica's /metrics); SIGKILL of a replica
under steady idempotent calls and new calls fails none; agent sessions
re-opened through the gateway after their replica dies.

Usage: gateway_e2e.py BIN_DIR DATABASE_URL. Prints one line per case and
"N passed, N failed"."""

import asyncio
import base64
import http.client
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Support"))
from batonkit import (ROOT, Replica, Results, check, free_port, generate_stubs, metric_total,  # noqa: E402
                      nss_wrapper, wait_for)

# The Keys contract (API keys, with authentication) is being merged (issue 18); until it is, the authentication
# cases say they did not run.
KEYS_PROTO = "baton/gateway/v1/gateway.proto"
HAS_KEYS = os.path.exists(os.path.join(ROOT, "proto", KEYS_PROTO))
generate_stubs(["baton/common/v1/common.proto", "baton/audit/v1/audit.proto", "baton/router/v1/router.proto",
                "baton/signals/v1/signals.proto", "baton/handoff/v1/handoff.proto", "baton/planner/v1/planner.proto",
                *([KEYS_PROTO] if HAS_KEYS else [])])
from baton.audit.v1 import audit_pb2 as apb  # noqa: E402
from baton.common.v1 import common_pb2 as common  # noqa: E402
if HAS_KEYS:
    from baton.gateway.v1 import gateway_pb2 as gpb  # noqa: E402
from baton.handoff.v1 import handoff_pb2 as hpb  # noqa: E402
from baton.planner.v1 import planner_pb2 as ppb  # noqa: E402
from baton.router.v1 import router_pb2 as rpb, router_pb2_grpc as rpb_grpc  # noqa: E402
from baton.signals.v1 import signals_pb2 as spb, signals_pb2_grpc as spb_grpc  # noqa: E402
from google.protobuf import duration_pb2, json_format  # noqa: E402

TIMEOUT = 10
RUN = f"{os.getpid()}-{time.time_ns() % 10**9}"
TENANT = f"gw-{RUN}"
REPLICA_HOSTS = ["127.0.0.1", "127.0.0.2", "127.0.0.3"]
SIGNALS_NAME, ROUTER_NAME = "signals.gateway.test", "router.gateway.test"
HANDLED = "grpc_server_handled_total"
SC = grpc.StatusCode


class Stack:
    """The services, their replicas, and the gateways in front of them."""

    def __init__(self, bin_dir, url, work):
        self.bin_dir, self.url, self.work = bin_dir, url, work
        hosts = os.path.join(work, "hosts")
        with open(hosts, "w") as f:
            for name in (SIGNALS_NAME, ROUTER_NAME):
                f.writelines(f"{address} {name}\n" for address in REPLICA_HOSTS)
        self.resolver_env = {"LD_PRELOAD": nss_wrapper(), "NSS_WRAPPER_HOSTS": hosts}
        signals_port, router_port = free_port(), free_port()
        self.signals = [Replica(bin_dir, url, f"baton-signals-{i + 1}", work, executable="baton-signals", host=host,
                                grpc_port=signals_port) for i, host in enumerate(REPLICA_HOSTS)]
        self.routers = [Replica(bin_dir, url, f"baton-router-{i + 1}", work, host=host, grpc_port=router_port)
                        for i, host in enumerate(REPLICA_HOSTS)]
        signing_key = subprocess.run([os.path.join(bin_dir, "batonctl"), "audit", "keygen", "--name", "gateway.test"],
                                     capture_output=True, text=True, check=True).stdout.split()[0]
        self.audit = Replica(bin_dir, url, "baton-audit", work, executable="baton-audit", extra_env={
            "BATON_AUDIT_ORIGIN": "gateway.test", "BATON_AUDIT_SIGNING_KEY": signing_key,
            "BATON_AUDIT_SECRET": base64.b64encode(os.urandom(32)).decode()})
        self.handoff = Replica(bin_dir, url, "baton-handoff", work, executable="baton-handoff")
        self.upstreams = {"BATON_SIGNALS_ADDR": f"{SIGNALS_NAME}:{signals_port}",
                          "BATON_ROUTER_ADDR": f"{ROUTER_NAME}:{router_port}",
                          "BATON_HANDOFF_ADDR": self.handoff.target, "BATON_AUDIT_ADDR": self.audit.target}
        self.planner = Replica(bin_dir, url, "baton-planner", work, executable="baton-planner",
                               extra_env=dict(self.upstreams))
        self.upstreams["BATON_PLANNER_ADDR"] = self.planner.target
        # Which processes serve each service (their /metrics show what reached them).
        self.serving = {"baton.signals.v1.Signals": self.signals, "baton.router.v1.Router": self.routers,
                        "baton.handoff.v1.Handoff": [self.handoff], "baton.audit.v1.Audit": [self.audit],
                        "baton.planner.v1.Planner": [self.planner]}
        self.gateways = []
        self.channels = []

    def gateway(self, name, upstreams=None, **env):
        """A baton-gateway process in front of `upstreams` (the replicas' names unless given)."""
        replica = Replica(self.bin_dir, self.url, name, self.work, executable="baton-gateway", extra_env={
            **self.resolver_env, **(self.upstreams if upstreams is None else upstreams), **env})
        self.gateways.append(replica)
        return replica.start()

    def channel(self, target):
        channel = grpc.aio.insecure_channel(target)
        self.channels.append(channel)
        return channel

    def start(self):
        for replica in [self.audit, self.handoff, *self.signals, *self.routers, self.planner]:
            replica.start()
        self.open = self.gateway("baton-gateway-open", BATON_GATEWAY_AUTHENTICATION="off")

    async def stop(self):
        for channel in self.channels:
            await channel.close()
        for replica in [*self.gateways, self.planner, *self.routers, *self.signals, self.handoff, self.audit]:
            replica.terminate()


def handled(replicas, method, service=None):
    """Calls of `method` (of `service` when given) the live replicas finished, from their /metrics."""
    labels = {"grpc_method": method} | ({"grpc_service": service} if service else {})
    return sum(metric_total(replica.metrics(), HANDLED, **labels) for replica in replicas if replica.alive())


def agent(agent_id, tenant=TENANT):
    """An agent the router accepts: one skill, English, two chats."""
    return rpb.Agent(agent_id=agent_id, tenant_id=tenant, skills=[rpb.AgentSkill(skill="billing", level=5)],
                     languages=["en"], seniority=rpb.SENIORITY_SENIOR,
                     capacities=[rpb.ChannelCapacity(channel=common.CHANNEL_CHAT, max_concurrent=2)])


def seconds(value):
    return duration_pb2.Duration(seconds=value)


# Connect JSON over HTTP/1.1 (the protocol's own framing, no Connect library).

async def connect_unary(gateway, path, body, timeout_ms=None, headers=None):
    """POSTs `body` as JSON to `path` (on a thread: the test's own servers share the loop); returns (HTTP status,
    decoded JSON body)."""
    return await asyncio.to_thread(connect_unary_blocking, gateway, path, body, timeout_ms, headers)


def connect_unary_blocking(gateway, path, body, timeout_ms, headers):
    request = urllib.request.Request(f"http://127.0.0.1:{gateway.grpc_port}{path}", data=json.dumps(body).encode(),
                                     method="POST", headers={"Content-Type": "application/json",
                                                             "Connect-Protocol-Version": "1", **(headers or {})})
    if timeout_ms is not None:
        request.add_header("Connect-Timeout-Ms", str(timeout_ms))
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


class ConnectStream:
    """A Connect server-streaming call with JSON messages, read envelope by envelope."""

    def __init__(self, gateway, path, body, headers=None):
        self.connection = http.client.HTTPConnection("127.0.0.1", gateway.grpc_port, timeout=TIMEOUT)
        payload = json.dumps(body).encode()
        self.connection.request("POST", path, body=struct.pack(">BI", 0, len(payload)) + payload, headers={
            "Content-Type": "application/connect+json", "Connect-Protocol-Version": "1", **(headers or {})})
        self.response = self.connection.getresponse()

    def next(self):
        """The next message as a dict, or ("end", end-of-stream JSON) at the end."""
        header = self.response.read(5)
        check(len(header) == 5, f"stream cut after {len(header)} header bytes")
        flags, length = struct.unpack(">BI", header)
        body = json.loads(self.response.read(length) or b"{}")
        return ("end", body) if flags & 0x02 else body

    def close(self):
        """Goes away without a word: the socket is closed under the open stream."""
        self.connection.sock.close()
        self.connection.close()


# A stock grpcio server standing in for baton-signals: it reports the deadline each call arrived with.

class RecordingSignals(spb_grpc.SignalsServicer):
    def __init__(self):
        self.remaining = {}
        self.cancelled = set()
        self.metadata = {}

    async def GetThresholds(self, request, context):
        self.remaining[request.tenant_id] = context.time_remaining()
        self.metadata[request.tenant_id] = list(context.invocation_metadata())
        if request.tenant_id.startswith("slow-"):
            try:
                await asyncio.sleep(60)
            except asyncio.CancelledError:
                self.cancelled.add(request.tenant_id)
                raise
        return spb.GetThresholdsResponse(thresholds=spb.Thresholds(tenant_id=request.tenant_id))


async def forwarding(stack, results):
    gateway = stack.open
    signals = spb_grpc.SignalsStub(stack.channel(gateway.target))
    router = rpb_grpc.RouterStub(stack.channel(gateway.target))
    direct_signals = spb_grpc.SignalsStub(stack.channel(stack.signals[0].target))

    async def unary_grpc():
        through = await signals.GetThresholds(spb.GetThresholdsRequest(tenant_id=TENANT), timeout=TIMEOUT)
        direct = await direct_signals.GetThresholds(spb.GetThresholdsRequest(tenant_id=TENANT), timeout=TIMEOUT)
        check(through == direct and through.thresholds.tenant_id == TENANT,
              f"through the gateway {through}, directly {direct}")
        try:
            await signals.GetThresholds(spb.GetThresholdsRequest(), timeout=TIMEOUT)
            raise AssertionError("GetThresholds without a tenant succeeded")
        except grpc.aio.AioRpcError as error:
            check(error.code() == SC.INVALID_ARGUMENT and "tenant_id" in error.details(),
                  f"the upstream's error did not come through: {error.code()} {error.details()}")

    async def unary_connect():
        direct = await direct_signals.GetThresholds(spb.GetThresholdsRequest(tenant_id=TENANT), timeout=TIMEOUT)
        status, body = await connect_unary(gateway, "/baton.signals.v1.Signals/GetThresholds", {"tenantId": TENANT})
        check(status == 200, f"HTTP {status}: {body}")
        check(body == json_format.MessageToDict(direct), f"Connect JSON {body} differs from {direct}")
        status, body = await connect_unary(gateway, "/baton.signals.v1.Signals/GetThresholds", {})
        check(status == 400 and body.get("code") == "invalid_argument" and "tenant_id" in body.get("message", ""),
              f"the upstream's error as Connect: HTTP {status} {body}")

    async def stream_grpc():
        call = router.AgentSession(rpb.AgentSessionRequest(tenant_id=TENANT, agent_id="ana"), timeout=TIMEOUT)
        first = await call.read()
        check(first.WhichOneof("event") == "opened" and first.opened.agent.agent_id == "ana" and first.sequence == 1,
              f"first event {first}")
        call.cancel()
        watch = router.Watch(rpb.WatchRequest(tenant_id=TENANT, escalation_id="no-such-escalation"), timeout=TIMEOUT)
        try:
            async for event in watch:
                raise AssertionError(f"Watch of an unknown escalation sent {event}")
        except grpc.aio.AioRpcError as error:
            check(error.code() == SC.NOT_FOUND, f"Watch of an unknown escalation: {error.code()} {error.details()}")

    async def stream_connect():
        stream = ConnectStream(gateway, "/baton.router.v1.Router/AgentSession", {"tenantId": TENANT, "agentId": "ana"})
        try:
            check(stream.response.status == 200, f"HTTP {stream.response.status}")
            first = stream.next()
            check(first.get("sequence") == "1" and first.get("opened", {}).get("agent", {}).get("agentId") == "ana",
                  f"first event {first}")
        finally:
            stream.close()

    await results.case("grpcio unary through the gateway equals the direct answer; upstream errors pass", unary_grpc)
    await results.case("Connect JSON unary through the gateway equals the direct answer; upstream errors pass",
                       unary_connect)
    await results.case("grpcio server streams (AgentSession, Watch) forwarded", stream_grpc)
    await results.case("Connect JSON server stream (AgentSession) forwarded", stream_connect)


async def deadlines(stack, results):
    """Behind a second gateway, a stock grpcio server is baton-signals and records each call's deadline."""
    recorder = RecordingSignals()
    server = grpc.aio.server()
    spb_grpc.add_SignalsServicer_to_server(recorder, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    gateway = stack.gateway("baton-gateway-deadlines", {"BATON_SIGNALS_ADDR": f"127.0.0.1:{port}"},
                            BATON_GATEWAY_AUTHENTICATION="off")
    signals = spb_grpc.SignalsStub(stack.channel(gateway.target))
    cap = 30  # MethodRule.defaultDeadlineCapSeconds: GetThresholds has the default

    async def capped():
        await signals.GetThresholds(spb.GetThresholdsRequest(tenant_id="long"), timeout=3600)
        await signals.GetThresholds(spb.GetThresholdsRequest(tenant_id="none"))
        await signals.GetThresholds(spb.GetThresholdsRequest(tenant_id="short"), timeout=2)
        status, body = await connect_unary(gateway, "/baton.signals.v1.Signals/GetThresholds", {"tenantId": "connect-long"},
                                     timeout_ms=3_600_000)
        check(status == 200, f"Connect call: HTTP {status} {body}")
        seen = recorder.remaining
        for tenant in ("long", "none", "connect-long"):
            check(seen.get(tenant) is not None and cap - 5 < seen[tenant] <= cap * 1.01,
                  f"{tenant}: the upstream's deadline was {seen.get(tenant)} s, expected the {cap} s cap")
        # grpcio rounds the grpc-timeout it sends up and its server reads the remaining time from a cached clock:
        # called directly, a 1.5 s deadline arrives as 1.509 s. 2 s through the gateway may read up to 1% more.
        check(seen.get("short") is not None and 0 < seen["short"] <= 2 * 1.01,
              f"a 2 s client deadline reached the upstream as {seen.get('short')} s")
        return ", ".join(f"{tenant} {seen[tenant]:.2f} s" for tenant in ("long", "none", "connect-long", "short"))

    async def honoured():
        started = time.monotonic()
        try:
            await signals.GetThresholds(spb.GetThresholdsRequest(tenant_id="slow-grpc"), timeout=0.5)
            raise AssertionError("a call the upstream holds for 60 s succeeded")
        except grpc.aio.AioRpcError as error:
            elapsed = time.monotonic() - started
            check(error.code() == SC.DEADLINE_EXCEEDED, f"{error.code()} {error.details()}")
            check(elapsed < 2.5, f"DEADLINE_EXCEEDED after {elapsed:.2f} s for a 0.5 s deadline")
        status, body = await connect_unary(gateway, "/baton.signals.v1.Signals/GetThresholds", {"tenantId": "slow-connect"},
                                     timeout_ms=500)
        check(status == 504 and body.get("code") == "deadline_exceeded", f"Connect: HTTP {status} {body}")

        await wait_for(lambda: {"slow-grpc", "slow-connect"} <= recorder.cancelled, 5,
                       f"the upstream's cancellation (saw {recorder.cancelled})")
        return f"DEADLINE_EXCEEDED after {elapsed:.2f} s, upstream cancelled"

    async def headers():
        trace, span = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
        await signals.GetThresholds(spb.GetThresholdsRequest(tenant_id="headers"), timeout=TIMEOUT, metadata=[
            ("authorization", "Bearer bk_abcdefgh2345_" + "Q" * 43), ("x-api-key", "secret"),
            ("x-baton-tenant", "someone-else"), ("x-baton-principal", "admin:root"), ("cookie", "session=1"),
            ("traceparent", f"00-{trace}-{span}-01"), ("x-request-id", "req-42"), ("x-custom", "kept")])
        seen = dict(recorder.metadata.get("headers", []))
        for name in ("authorization", "x-api-key", "x-baton-tenant", "x-baton-principal", "cookie"):
            check(name not in seen, f"the upstream received the client's {name}: {seen.get(name)}")
        forwarded = seen.get("traceparent", "").split("-")
        check(len(forwarded) == 4 and forwarded[1] == trace and forwarded[2] != span and forwarded[3] == "01",
              f"traceparent not continued with a span of the gateway's: {seen.get('traceparent')}")
        check(seen.get("x-request-id") == "req-42" and seen.get("x-custom") == "kept", f"metadata lost: {seen}")
        await signals.GetThresholds(spb.GetThresholdsRequest(tenant_id="no-trace"), timeout=TIMEOUT)
        started = dict(recorder.metadata.get("no-trace", [])).get("traceparent", "")
        check(len(started.split("-")) == 4 and started.split("-")[1] != "0" * 32, f"no trace started: {started!r}")
        return f"traceparent {seen['traceparent']}"

    try:
        await results.case("deadlines capped at the method's cap (grpcio and Connect); a shorter one passes as is",
                           capped)
        await results.case("the upstream never gets the caller's credentials or identity headers; the trace goes on",
                           headers)
        await results.case("a client deadline shorter than the cap is honoured and cancels the upstream", honoured)
    finally:
        await server.stop(0)
        gateway.terminate()


async def cancellation(stack, results):
    router = rpb_grpc.RouterStub(stack.channel(stack.open.target))

    def sessions_ended(base):
        return lambda: handled(stack.routers, "AgentSession") >= base + 1

    async def grpc_cancel():
        base = handled(stack.routers, "AgentSession")
        call = router.AgentSession(rpb.AgentSessionRequest(tenant_id=TENANT, agent_id="ana"))
        check((await call.read()).WhichOneof("event") == "opened", "no opened event")
        check(handled(stack.routers, "AgentSession") == base, "the router ended the session while the client was there")
        call.cancel()
        await wait_for(sessions_ended(base), 5, "the router's session end after the client cancelled")

    async def connect_goes_away():
        base = handled(stack.routers, "AgentSession")
        stream = ConnectStream(stack.open, "/baton.router.v1.Router/AgentSession", {"tenantId": TENANT, "agentId": "ana"})
        check("opened" in stream.next(), "no opened event")
        check(handled(stack.routers, "AgentSession") == base, "the router ended the session while the client was there")
        stream.close()
        await wait_for(sessions_ended(base), 5, "the router's session end after the client's socket closed")

    await results.case("a grpcio client that cancels ends the upstream AgentSession (router metrics)", grpc_cancel)
    await results.case("a Connect client whose socket closes ends the upstream AgentSession (router metrics)",
                       connect_goes_away)


async def routing(stack, results):
    signals = spb_grpc.SignalsStub(stack.channel(stack.open.target))
    router = rpb_grpc.RouterStub(stack.channel(stack.open.target))

    async def spread():
        before = [handled([replica], "GetThresholds") for replica in stack.signals]
        calls = 300
        for _ in range(calls // 10):
            await asyncio.gather(*(signals.GetThresholds(spb.GetThresholdsRequest(tenant_id=TENANT), timeout=TIMEOUT)
                                   for _ in range(10)))
        counts = [handled([replica], "GetThresholds") - was for replica, was in zip(stack.signals, before)]
        check(sum(counts) == calls, f"the replicas finished {sum(counts)} calls of {calls}")
        check(min(counts) >= calls // 6, f"per-replica calls {counts}: not spread over all three")
        return f"per replica {counts}"

    async def kill_under_load():
        outcomes = {"before": 0, "after": 0, "new": 0}
        failures = []
        killed = asyncio.Event()
        stop = asyncio.Event()

        async def steady():
            while not stop.is_set():
                after = killed.is_set()
                try:
                    await signals.GetThresholds(spb.GetThresholdsRequest(tenant_id=TENANT), timeout=TIMEOUT)
                    outcomes["after" if after else "before"] += 1
                except grpc.aio.AioRpcError as error:
                    failures.append(f"GetThresholds: {error.code().name} {error.details()}")

        current = await signals.GetThresholds(spb.GetThresholdsRequest(tenant_id=TENANT), timeout=TIMEOUT)
        loops = [asyncio.ensure_future(steady()) for _ in range(4)]
        try:
            await wait_for(lambda: outcomes["before"] >= 100, 20, "100 calls before the kill")
            victim = stack.signals[1]
            survivors = [stack.signals[0], stack.signals[2]]
            before_kill = [handled([replica], "GetThresholds") for replica in survivors]
            victim.kill()
            killed.set()
            # New calls after the kill, non-idempotent ones included: the gateway must not send them to the dead replica.
            for _ in range(30):
                try:
                    await signals.SetThresholds(spb.SetThresholdsRequest(thresholds=current.thresholds), timeout=TIMEOUT)
                    outcomes["new"] += 1
                except grpc.aio.AioRpcError as error:
                    failures.append(f"new SetThresholds: {error.code().name} {error.details()}")
            await wait_for(lambda: outcomes["after"] >= 200, 20, "200 calls after the kill")
        finally:
            stop.set()
            await asyncio.gather(*loops)
        check(not failures, f"{len(failures)} calls failed: {failures[:5]}")
        served = [handled([replica], "GetThresholds") - was for replica, was in zip(survivors, before_kill)]
        check(all(count > 0 for count in served), f"the survivors served {served} calls after the kill")
        victim.start()
        return (f"{outcomes['before']} calls before the SIGKILL, {outcomes['after']} steady and {outcomes['new']} new "
                f"after, 0 failed; survivors served {served}")

    async def sessions_reconnect():
        agents = [f"desk-{i}" for i in range(6)]
        for name in agents:
            await router.UpsertAgent(rpb.UpsertAgentRequest(agent=agent(name)), timeout=TIMEOUT)
        desks = {}

        async def open_desk(name):
            call = router.AgentSession(rpb.AgentSessionRequest(tenant_id=TENANT, agent_id=name,
                                                               keepalive_interval=seconds(5)))
            first = await call.read()
            check(first.WhichOneof("event") == "opened", f"{name}: first event {first}")
            return call

        victim = stack.routers[1]
        broken = []
        try:
            for name in agents:
                desks[name] = await open_desk(name)
            victim.kill()
            for name, call in list(desks.items()):
                try:
                    # A live session has a keepalive within 5 s; one on the dead replica ends with an error at once.
                    event = await asyncio.wait_for(call.read(), 15)
                    check(event is not grpc.aio.EOF, f"{name}: session ended with OK")
                except asyncio.TimeoutError:
                    raise AssertionError(f"{name}: neither a keepalive nor an error within 15 s") from None
                except grpc.aio.AioRpcError as error:
                    check(error.code() == SC.UNAVAILABLE, f"{name}: {error.code().name} {error.details()}")
                    broken.append(name)
                    desks[name] = await open_desk(name)
        finally:
            for call in desks.values():
                call.cancel()
            if not victim.alive():
                victim.start()
        check(0 < len(broken) < len(agents), f"{len(broken)} of {len(agents)} sessions broke when one replica of "
                                             f"three died: {broken}")
        return f"{len(broken)} of {len(agents)} sessions were on the killed replica; all re-opened through the gateway"

    await results.case("calls spread over 3 replicas behind one name (each replica's /metrics)", spread)
    await results.case("SIGKILL of a replica under steady idempotent calls and new calls: none fails", kill_under_load)
    await results.case("AgentSession streams re-open through the gateway after their replica dies", sessions_reconnect)


# With authentication: the role × method matrix, tenants, agents, keys and limits.

BOT, AGENT, SUPERVISOR, ADMIN, AUDITOR = "bot", "agent", "supervisor", "admin", "auditor"
ROLES = [BOT, AGENT, SUPERVISOR, ADMIN, AUDITOR]
STAFF = {SUPERVISOR, ADMIN}
# Who may call what (issue 18's roles, as GatewayCore's MethodAccess.rules sets them): the test's own statement of
# the policy, held against the services' descriptors so a new method cannot go untested. Empty: Baton's own
# services only, never through the gateway.
EXPECTED = {
    "baton.planner.v1.Planner": {
        "HandleTurn": {BOT}, "ConfirmAction": {BOT}, "DecideApproval": STAFF, "ListApprovals": STAFF,
        "PublishPolicy": {ADMIN}, "ActivatePolicy": {ADMIN}, "ListPolicies": STAFF, "GetPolicy": STAFF,
        "SimulatePolicy": STAFF},
    "baton.router.v1.Router": {
        "Enqueue": set(), "GetEscalation": STAFF, "Cancel": STAFF, "UpsertAgent": {ADMIN},
        "SetAgentPresence": {AGENT, ADMIN}, "GetAgent": {AGENT, SUPERVISOR, ADMIN}, "AgentSession": {AGENT},
        "Accept": {AGENT}, "Decline": {AGENT}, "Complete": {AGENT}, "Transfer": {AGENT},
        "Position": {BOT, SUPERVISOR, ADMIN}, "Watch": {BOT, SUPERVISOR}, "ScheduleCallback": {BOT, SUPERVISOR},
        "QueueStats": STAFF, "UpsertQueue": {ADMIN}},
    "baton.handoff.v1.Handoff": {
        "Build": set(), "Get": {AGENT, SUPERVISOR, ADMIN}, "TransitionMessage": {BOT}, "WaitUpdate": {BOT},
        "Feedback": {AGENT}, "SearchKnowledge": {AGENT, SUPERVISOR, ADMIN}, "ImportArticles": {ADMIN},
        "SetSynonyms": {ADMIN}, "SetTemplate": {ADMIN}, "GetFeedbackSummary": STAFF},
    "baton.signals.v1.Signals": {
        "Evaluate": set(), "GetThresholds": STAFF, "SetThresholds": {ADMIN}, "ListFindings": STAFF,
        "RecordEvent": {BOT}, "RunProactiveScan": {ADMIN}},
    "baton.audit.v1.Audit": {
        "Append": set(), "Query": {AUDITOR}, "GetCheckpoint": {AUDITOR}, "GetInclusionProof": {AUDITOR},
        "GetConsistencyProof": {AUDITOR}, "Verify": {AUDITOR}, "Metrics": {AUDITOR}, "EraseCustomer": {ADMIN},
        "SetRetention": {ADMIN}, "GetRetention": {AUDITOR}},
    "baton.gateway.v1.Keys": {method: {ADMIN} for method in ("CreateKey", "RotateKey", "RevokeKey", "ListKeys")},
}
DESCRIPTORS = {file.package + "." + service.name: service
               for file in (ppb.DESCRIPTOR, rpb.DESCRIPTOR, hpb.DESCRIPTOR, spb.DESCRIPTOR, apb.DESCRIPTOR,
                            *([gpb.DESCRIPTOR] if HAS_KEYS else []))
               for service in file.services_by_name.values()}
OTHER_TENANT = f"other-{RUN}"
AGENT_ID, OTHER_AGENT_ID = "agent-1", "agent-2"
NOT_FORWARDED = {"PERMISSION_DENIED", "UNAUTHENTICATED", "RESOURCE_EXHAUSTED"}
ASSIGNED_ONLY = {"/baton.handoff.v1.Handoff/Get", "/baton.handoff.v1.Handoff/Feedback"}


class Method:
    """One method of the API as the test calls it: generically, by path, with the generated message classes."""

    def __init__(self, service, descriptor):
        self.service, self.name = service, descriptor.name
        self.path = f"/{service}/{descriptor.name}"
        self.streaming = descriptor.server_streaming
        self.input = message_class(descriptor.input_type)
        self.output = message_class(descriptor.output_type)
        self.roles = EXPECTED[service][descriptor.name]

    def request(self, role, tenant=TENANT, escalation=None):
        """A minimal request naming `tenant` (its first tenant field), for an agent itself, and for the methods an
        agent may call only on its own escalations, `escalation` (nothing else: no call may change the setup)."""
        request = self.input()
        set_path(request, tenant_paths(self.input.DESCRIPTOR)[0], tenant)
        if "agent_id" in self.input.DESCRIPTOR.fields_by_name:
            request.agent_id = AGENT_ID if role == AGENT else OTHER_AGENT_ID
        if escalation and self.path in ASSIGNED_ONLY and "escalation_id" in self.input.DESCRIPTOR.fields_by_name:
            request.escalation_id = escalation
        return request


def message_class(descriptor):
    from google.protobuf import message_factory
    return message_factory.GetMessageClass(descriptor)


def tenant_paths(descriptor, prefix=(), seen=()):
    """Every path to a string field named tenant_id, through singular and repeated message fields."""
    paths = []
    for field in descriptor.fields:
        if field.name == "tenant_id" and field.type == field.TYPE_STRING:
            paths.append(prefix + (field.name,))
        elif (field.type == field.TYPE_MESSAGE and not field.message_type.GetOptions().map_entry
              and field.message_type.full_name not in seen and len(prefix) < 6):
            paths += tenant_paths(field.message_type, prefix + (field.name,), seen + (descriptor.full_name,))
    return paths


def set_path(message, path, value):
    for name in path[:-1]:
        field = message.DESCRIPTOR.fields_by_name[name]
        if field.is_repeated:
            inner = getattr(message, name)
            message = inner[0] if len(inner) else inner.add()
        else:
            message = getattr(message, name)
    setattr(message, path[-1], value)


def api_methods():
    return [Method(service, descriptor) for service, methods in sorted(EXPECTED.items())
            for descriptor in DESCRIPTORS[service].methods if descriptor.name in methods]


def bearer(token):
    return [("authorization", f"Bearer {token}")]


async def call_grpc(channel, method, request, metadata):
    """The status name of one call through grpcio ("OK" or the error's code) and its details."""
    try:
        if method.streaming:
            call = channel.unary_stream(method.path, request_serializer=method.input.SerializeToString,
                                        response_deserializer=method.output.FromString)(
                request, metadata=metadata, timeout=TIMEOUT)
            try:
                await call.read()  # the first message, or the status
            finally:
                call.cancel()
        else:
            await channel.unary_unary(method.path, request_serializer=method.input.SerializeToString,
                                      response_deserializer=method.output.FromString)(
                request, metadata=metadata, timeout=TIMEOUT)
        return "OK", ""
    except grpc.aio.AioRpcError as error:
        return error.code().name, error.details() or ""


def connect_stream_first(gateway, path, body, headers):
    stream = ConnectStream(gateway, path, body, headers)
    try:
        if stream.response.status != 200:
            return json.loads(stream.response.read() or b"{}") | {"http": stream.response.status}
        return stream.next()
    finally:
        stream.close()


async def call_connect(gateway, method, request, token):
    """The status name of one call as Connect JSON ("OK" or the error's code in upper case) and its message."""
    body = json_format.MessageToDict(request)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if method.streaming:
        first = await asyncio.to_thread(connect_stream_first, gateway, method.path, body, headers)
        error = first[1].get("error") if isinstance(first, tuple) else (first if "http" in first else None)
    else:
        status, answer = await connect_unary(gateway, method.path, body, headers=headers)
        error = None if status == 200 else answer
    if not error:
        return "OK", ""
    return error.get("code", "unknown").upper(), error.get("message", "")


class Keys:
    """API keys made with `baton-gateway create-key`, by name."""

    def __init__(self, stack):
        self.stack = stack
        self.tokens = {}

    def create(self, name, tenant, role, subject):
        out = subprocess.run([os.path.join(self.stack.bin_dir, "baton-gateway"), "create-key", "--tenant", tenant,
                              "--role", role, "--subject", subject, "--name", name],
                             env=dict(os.environ, BATON_DATABASE_URL=self.stack.url), capture_output=True, text=True,
                             timeout=60)
        token = out.stdout.strip()
        check(out.returncode == 0 and token.startswith("bk_"), f"create-key {name}: {out.returncode} {out.stderr[-500:]}")
        self.tokens[name] = token
        return token


async def assigned_escalations(stack):
    """On the router directly: agent-1 accepts escalation e-mine; e-theirs is offered to agent-2 and left open.
    Returns (agent-1's escalation, agent-2's offer id, agent-2's escalation, the open sessions)."""
    router = rpb_grpc.RouterStub(stack.channel(stack.routers[0].target))
    await router.UpsertQueue(rpb.UpsertQueueRequest(queue=rpb.Queue(queue_id="q", tenant_id=TENANT,
                                                                    offer_timeout=seconds(300))), timeout=TIMEOUT)
    sessions = []

    async def desk(agent_id):
        await router.UpsertAgent(rpb.UpsertAgentRequest(agent=agent(agent_id)), timeout=TIMEOUT)
        session = router.AgentSession(rpb.AgentSessionRequest(tenant_id=TENANT, agent_id=agent_id, go_available=True))
        sessions.append(session)
        check((await session.read()).WhichOneof("event") == "opened", f"{agent_id}: no opened event")
        return session

    async def offer(session, escalation_id):
        await router.Enqueue(rpb.EnqueueRequest(escalation=rpb.Escalation(
            escalation_id=escalation_id, tenant_id=TENANT, conversation_id=f"c-{escalation_id}",
            category="billing.refund", required_skills=[rpb.SkillRequirement(skill="billing", min_level=3)],
            language="en", customer_tier=common.CUSTOMER_TIER_STANDARD, urgency=common.URGENCY_NORMAL,
            channel=common.CHANNEL_CHAT, queue_id="q")), timeout=TIMEOUT)
        while True:
            event = await asyncio.wait_for(session.read(), TIMEOUT)
            if event.WhichOneof("event") == "offer" and event.offer.escalation.escalation_id == escalation_id:
                return event.offer.offer_id

    mine, theirs = f"e-mine-{RUN}", f"e-theirs-{RUN}"
    offer_id = await offer(await desk(AGENT_ID), mine)
    await router.Accept(rpb.AcceptRequest(tenant_id=TENANT, agent_id=AGENT_ID, offer_id=offer_id), timeout=TIMEOUT)
    await router.SetAgentPresence(rpb.SetAgentPresenceRequest(tenant_id=TENANT, agent_id=AGENT_ID,
                                                              presence=rpb.AGENT_PRESENCE_AWAY), timeout=TIMEOUT)
    their_offer = await offer(await desk(OTHER_AGENT_ID), theirs)
    return mine, their_offer, theirs, sessions


async def authentication(stack, results):
    keys = Keys(stack)
    subjects = {BOT: "bot-1", AGENT: AGENT_ID, SUPERVISOR: "sup-1", ADMIN: "admin-1", AUDITOR: "aud-1"}
    for role in ROLES:
        keys.create(role, TENANT, role, subjects[role])
    keys.create("other-admin", OTHER_TENANT, ADMIN, "admin-9")
    generous = {"BATON_GATEWAY_AUTHENTICATION": "on", "BATON_GATEWAY_RATE_PER_CREDENTIAL": "100000/s,100000",
                "BATON_GATEWAY_RATE_PER_TENANT": "100000/s,100000"}
    first, second = stack.gateway("baton-gateway-a", **generous), stack.gateway("baton-gateway-b", **generous)
    channel = stack.channel(first.target)
    methods = api_methods()
    mine, their_offer, theirs, sessions = await assigned_escalations(stack)

    async def table_covers_api():
        for service, descriptor in DESCRIPTORS.items():
            names = {method.name for method in descriptor.methods}
            check(names == set(EXPECTED[service]), f"{service}: methods {sorted(names ^ set(EXPECTED[service]))} "
                                                   f"are in the API or the expected table, not both")
        untenanted = [method.path for method in methods if not tenant_paths(method.input.DESCRIPTOR)]
        check(not untenanted, f"methods without a tenant field: {untenanted}")
        return f"{len(methods)} methods"

    async def matrix():
        upstream = {method.path: handled(stack.serving[method.service], method.name, method.service)
                    for method in methods if method.service in stack.serving}
        wrong, allowed = [], {}
        for method in methods:
            for role in ROLES:
                request = method.request(role, escalation=mine)
                for protocol in ("grpcio", "connect"):
                    if protocol == "grpcio":
                        code, message = await call_grpc(channel, method, request, bearer(keys.tokens[role]))
                    else:
                        code, message = await call_connect(first, method, request, keys.tokens[role])
                    if role in method.roles:
                        allowed[method.path] = allowed.get(method.path, 0) + 1
                        if code in NOT_FORWARDED:
                            wrong.append(f"{protocol} {role} {method.path}: allowed, got {code} {message}")
                    elif code != "PERMISSION_DENIED":
                        wrong.append(f"{protocol} {role} {method.path}: denied, got {code} {message}")
        check(not wrong, f"{len(wrong)} wrong: " + "; ".join(wrong[:8]))

        def reached():
            """Per method: calls the upstream finished minus the allowed calls (denied ones must not reach it)."""
            return {method.path: handled(stack.serving[method.service], method.name, method.service)
                    - upstream[method.path] - allowed.get(method.path, 0)
                    for method in methods if method.service in stack.serving}

        # More, never fewer, where others call too: the gateway asks the router (GetEscalation) and baton-handoff
        # (Get) whether an agent's escalation is its own; the services append their own audit records (Append) and
        # call one another (Evaluate, Enqueue, Build); an AgentSession of an earlier case may end in the window.
        # Everywhere else, exactly the allowed calls.
        busy = ("Router/GetEscalation", "Handoff/Get", "Audit/Append", "Signals/Evaluate", "Router/Enqueue",
                "Handoff/Build", "Router/AgentSession")

        def settled():
            off = reached()
            return all(value == 0 or (path.endswith(busy) and value > 0) for path, value in off.items())
        try:
            await wait_for(settled, 5, "the upstreams' call counts")
        except TimeoutError:
            raise AssertionError(f"calls the upstreams finished minus allowed calls: "
                                 f"{ {path: value for path, value in reached().items() if value} }") from None
        pairs = sum(len(method.roles) for method in methods)
        return (f"{len(methods)} methods × {len(ROLES)} roles × 2 protocols: {pairs} allowed pairs reached their "
                f"upstream (its /metrics), {len(methods) * len(ROLES) - pairs} denied pairs did not")

    async def cross_tenant():
        wrong, count = [], 0
        for method in methods:
            role = sorted(method.roles)[0] if method.roles else ADMIN
            for path in tenant_paths(method.input.DESCRIPTOR):
                request = method.request(role, escalation=mine)
                set_path(request, path, OTHER_TENANT)
                for protocol in ("grpcio", "connect"):
                    count += 1
                    if protocol == "grpcio":
                        code, message = await call_grpc(channel, method, request, bearer(keys.tokens[role]))
                    else:
                        code, message = await call_connect(first, method, request, keys.tokens[role])
                    if code != "PERMISSION_DENIED" or (method.roles and OTHER_TENANT not in message):
                        wrong.append(f"{protocol} {method.path} {'.'.join(path)}: {code} {message}")
        check(not wrong, f"{len(wrong)} of {count} not denied: " + "; ".join(wrong[:8]))
        return f"{count} calls, each tenant field of each method (nested ones included) set to another tenant"

    async def agents_act_as_themselves():
        token = keys.tokens[AGENT]
        accept = next(method for method in methods if method.name == "Accept")
        get = next(method for method in methods if method.path == "/baton.handoff.v1.Handoff/Get")
        as_other = rpb.AcceptRequest(tenant_id=TENANT, agent_id=OTHER_AGENT_ID, offer_id=their_offer)
        code, message = await call_grpc(channel, accept, as_other, bearer(token))
        check(code == "PERMISSION_DENIED" and OTHER_AGENT_ID in message, f"accepting as agent-2: {code} {message}")
        before = handled(stack.routers, "Accept", "baton.router.v1.Router")
        as_self = rpb.AcceptRequest(tenant_id=TENANT, agent_id=AGENT_ID, offer_id=their_offer)
        code, message = await call_grpc(channel, accept, as_self, bearer(token))
        check(code not in NOT_FORWARDED | {"OK"}, f"agent-1 accepted agent-2's offer: {code} {message}")
        await wait_for(lambda: handled(stack.routers, "Accept", "baton.router.v1.Router") == before + 1, 5,
                       "the router's answer to agent-1 accepting agent-2's offer")
        router_said = f"{code} {message}"
        code, message = await call_grpc(channel, get, hpb.GetRequest(tenant_id=TENANT, escalation_id=theirs),
                                        bearer(token))
        check(code == "PERMISSION_DENIED" and theirs in message, f"agent-1 reading agent-2's package: {code} {message}")
        before = handled([stack.handoff], "Get", "baton.handoff.v1.Handoff")
        code, message = await call_grpc(channel, get, hpb.GetRequest(tenant_id=TENANT, escalation_id=mine),
                                        bearer(token))
        check(code not in NOT_FORWARDED, f"agent-1 reading its own escalation's package: {code} {message}")
        check(handled([stack.handoff], "Get", "baton.handoff.v1.Handoff") == before + 1, "handoff did not see it")
        # OWASP API3 (object property level): a field saying who the caller is must be the caller. An agent
        # claiming to be a supervisor (for another view of its package), a supervisor approving in someone
        # else's name: refused before any service sees them.
        code, message = await call_grpc(channel, get, hpb.GetRequest(
            tenant_id=TENANT, escalation_id=mine, caller_kind=common.PRINCIPAL_KIND_SUPERVISOR), bearer(token))
        check(code == "PERMISSION_DENIED" and "caller_kind" in message, f"an agent claiming a supervisor: {code} {message}")
        decide = next(method for method in methods if method.name == "DecideApproval")
        code, message = await call_grpc(channel, decide, ppb.DecideApprovalRequest(
            tenant_id=TENANT, approval_id="a-1", decision=ppb.APPROVAL_DECISION_APPROVE,
            approver=common.Principal(kind=common.PRINCIPAL_KIND_SUPERVISOR, principal_id="someone-else")),
            bearer(keys.tokens[SUPERVISOR]))
        check(code == "PERMISSION_DENIED" and "approver.principal_id" in message,
              f"a supervisor approving as someone else: {code} {message}")
        return (f"accepting as agent-2: PERMISSION_DENIED; agent-2's offer as itself: the router said {router_said}; "
                "a claimed caller_kind and another approver: PERMISSION_DENIED")

    async def unauthenticated():
        get = next(method for method in methods if method.name == "GetThresholds")
        request = get.request(SUPERVISOR)
        revoked = keys.create("revoked", TENANT, SUPERVISOR, "sup-2")
        code, message = await call_grpc(channel, get, request, bearer(revoked))
        check(code == "OK", f"the key to revoke does not work: {code} {message}")
        keys_method = next(method for method in methods if method.name == "RevokeKey")
        prefix = revoked.split("_")[1]
        code, message = await call_grpc(channel, keys_method, gpb.RevokeKeyRequest(tenant_id=TENANT, prefix=prefix),
                                        bearer(keys.tokens[ADMIN]))
        check(code == "OK", f"RevokeKey: {code} {message}")

        async def refused():
            return (await call_grpc(channel, get, request, bearer(revoked)))[0] == "UNAUTHENTICATED"
        await wait_for(refused, 5, "the revoking replica refusing the revoked key")
        unknown = f"bk_{prefix[:-1]}{'x' if prefix[-1] != 'x' else 'y'}_{revoked.split('_', 2)[2]}"
        # "Bearer" alone: "Bearer " would end in a space, which RFC 9113 makes a malformed HTTP/2 field that
        # nghttp2 resets (PROTOCOL_ERROR) before the gateway sees the call.
        cases = {"no credential": [], "empty bearer": [("authorization", "Bearer")],
                 "malformed key": [("authorization", "Bearer bk_not-a-key")],
                 "malformed scheme": [("authorization", f"Basic {keys.tokens[ADMIN]}")],
                 "unknown key": bearer(unknown),
                 "wrong secret": bearer(keys.tokens[SUPERVISOR][:-2] + ("AA" if not keys.tokens[SUPERVISOR].endswith("AA") else "BB")),
                 "revoked key": bearer(revoked), "revoked key in x-api-key": [("x-api-key", revoked)]}
        wrong = []
        for name, metadata in cases.items():
            code, message = await call_grpc(channel, get, request, metadata)
            if code != "UNAUTHENTICATED":
                wrong.append(f"grpcio {name}: {code} {message}")
            token = next((value.removeprefix("Bearer ") for key, value in metadata if key == "authorization"), None)
            if token is not None or not metadata:
                code, message = await call_connect(first, get, request, token)
                if code != "UNAUTHENTICATED":
                    wrong.append(f"connect {name}: {code} {message}")
        check(not wrong, "; ".join(wrong))
        return f"{len(cases)} kinds of credential refused"

    async def revocation_reaches_other_replica():
        token = keys.create("short-lived", TENANT, SUPERVISOR, "sup-3")
        get = next(method for method in methods if method.name == "GetThresholds")
        request = get.request(SUPERVISOR)
        other = stack.channel(second.target)
        for target in (channel, other):
            code, message = await call_grpc(target, get, request, bearer(token))
            check(code == "OK", f"before revocation: {code} {message}")
        revoke = next(method for method in methods if method.name == "RevokeKey")
        code, message = await call_grpc(channel, revoke, gpb.RevokeKeyRequest(tenant_id=TENANT,
                                                                              prefix=token.split("_")[1]),
                                        bearer(keys.tokens[ADMIN]))
        revoked_at = time.monotonic()
        check(code == "OK", f"RevokeKey through replica A: {code} {message}")

        async def refused_by_b():
            code, _ = await call_grpc(other, get, request, bearer(token))
            return code == "UNAUTHENTICATED"
        await wait_for(refused_by_b, 5, "replica B refusing the key revoked through replica A", interval=0.01)
        delay = time.monotonic() - revoked_at
        return f"replica B refused the key {delay * 1000:.0f} ms after replica A revoked it"

    try:
        await results.case("the expected role table names every method of the API, each with a tenant",
                           table_covers_api)
        # Before the matrix: its agent calls open agent-1's session through the gateway, which ends the direct one.
        await results.case("an agent acts only as itself and reads only its own escalations' packages",
                           agents_act_as_themselves)
        await results.case("role × method matrix (grpcio and Connect JSON): allowed pairs reach the upstream, denied "
                           "ones get PERMISSION_DENIED", matrix)
        await results.case("cross-tenant requests denied for every method and every tenant field", cross_tenant)
        await results.case("missing, malformed, unknown and revoked credentials get UNAUTHENTICATED", unauthenticated)
        await results.case("a key revoked through replica A is refused by replica B within 5 s",
                           revocation_reaches_other_replica)
    finally:
        for session in sessions:
            session.cancel()
    await rate_limits(stack, results, keys)


async def rate_limits(stack, results, keys):
    """A noisy client (its own process) over its limit beside a quiet one of the same tenant under its limit."""
    rate, burst = 50, 50
    gateway = stack.gateway("baton-gateway-limited", BATON_GATEWAY_AUTHENTICATION="on",
                            BATON_GATEWAY_RATE_PER_CREDENTIAL=f"{rate}/s,{burst}",
                            BATON_GATEWAY_RATE_PER_TENANT="100000/s,100000")
    noisy, quiet = keys.create("noisy", TENANT, SUPERVISOR, "sup-noisy"), keys.create("quiet", TENANT, SUPERVISOR,
                                                                                        "sup-quiet")
    signals = spb_grpc.SignalsStub(stack.channel(gateway.target))
    request = spb.GetThresholdsRequest(tenant_id=TENANT)

    async def paced(token, seconds_, per_second):
        """Calls at `per_second` for `seconds_`; returns the latencies (s) and the failures."""
        latencies, failures = [], []
        started = time.monotonic()
        for index in range(int(seconds_ * per_second)):
            await asyncio.sleep(max(0, started + index / per_second - time.monotonic()))
            begun = time.monotonic()
            try:
                await signals.GetThresholds(request, metadata=bearer(token), timeout=TIMEOUT)
                latencies.append(time.monotonic() - begun)
            except grpc.aio.AioRpcError as error:
                failures.append(f"{error.code().name} {error.details()}")
        return sorted(latencies), failures

    def percentile(values, fraction):
        return values[min(len(values) - 1, int(len(values) * fraction))] * 1000

    async def over_limit():
        duration = 3.0
        baseline, baseline_failures = await paced(quiet, 2.0, 25)
        process = await asyncio.create_subprocess_exec(
            sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "noisy_client.py"),
            gateway.target, noisy, TENANT, str(duration), "8", str(rate * 5), stdout=asyncio.subprocess.PIPE)
        line = await process.stdout.readline()  # "started" once its calls run
        check(line.strip() == b"started", f"the noisy client said {line}")
        during, during_failures = await paced(quiet, duration - 0.5, 25)
        noisy_report = json.loads(await process.stdout.read())
        await process.wait()
        check(not baseline_failures and not during_failures,
              f"the quiet client failed: {baseline_failures[:3]} {during_failures[:3]}")
        admitted, refused = noisy_report["ok"], noisy_report["exhausted"]
        ceiling = burst + rate * noisy_report["seconds"]
        # Over its limit (some refused), never beyond what its bucket allows, however fast it could send.
        check(refused > 0 and admitted <= ceiling * 1.05 and not noisy_report["other"],
              f"noisy: {admitted} admitted (at most {ceiling:.0f}), {refused} refused, others {noisy_report['other'][:3]}")
        retry = noisy_report["retry"]
        check(retry["code"] == grpc.StatusCode.RESOURCE_EXHAUSTED.value[0] and retry["found"] == 1 and 0 < retry["delay_ms"] <= 1000 / rate * 1.5
              and abs(retry["delay_ms"] - retry["retry_after_ms"]) <= 1,
              f"the refusal's RetryInfo: {retry}")
        p50 = (percentile(baseline, 0.5), percentile(during, 0.5))
        p99 = (percentile(baseline, 0.99), percentile(during, 0.99))
        check(p50[1] <= p50[0] * 2 + 2 and p99[1] <= p99[0] * 3 + 10,
              f"the quiet client slowed: p50 {p50[0]:.1f} -> {p50[1]:.1f} ms, p99 {p99[0]:.1f} -> {p99[1]:.1f} ms")
        return (f"noisy: {admitted} admitted (bucket allows {ceiling:.0f}) and {refused} refused in "
                f"{noisy_report['seconds']:.1f} s, retry in {retry['delay_ms']:.0f} ms (status details and "
                f"retry-after-ms agree); quiet, 25/s: all {len(baseline)} + {len(during)} served, p50 "
                f"{p50[0]:.1f} -> {p50[1]:.1f} ms, p99 {p99[0]:.1f} -> {p99[1]:.1f} ms alone -> beside the noisy one")

    try:
        await results.case("rate limits hold under load, with RetryInfo; a client over its limit slows no one else",
                           over_limit)
    finally:
        gateway.terminate()


async def run(bin_dir, url):
    work = tempfile.mkdtemp(prefix="baton-gateway-e2e-")
    stack = Stack(bin_dir, url, work)
    results = Results()
    try:
        stack.start()
        router = rpb_grpc.RouterStub(stack.channel(stack.routers[0].target))
        await router.UpsertAgent(rpb.UpsertAgentRequest(agent=agent("ana")),
                                 timeout=TIMEOUT)
        await forwarding(stack, results)
        await deadlines(stack, results)
        await cancellation(stack, results)
        await routing(stack, results)
        if HAS_KEYS:
            await authentication(stack, results)
        else:
            print(f"NOT RUN: the authentication cases (matrix, tenants, agents, keys, limits): no {KEYS_PROTO} yet")
    finally:
        await stack.stop()
    print(f"{results.passed} passed, {results.failed} failed")
    if results.failed:
        print(f"logs in {work}")
    return results.failed == 0


if __name__ == "__main__":
    sys.exit(0 if asyncio.run(run(sys.argv[1], sys.argv[2])) else 1)
