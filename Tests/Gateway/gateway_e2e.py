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
from batonkit import Replica, Results, check, free_port, generate_stubs, metric_total, wait_for  # noqa: E402

generate_stubs(["baton/common/v1/common.proto", "baton/audit/v1/audit.proto", "baton/router/v1/router.proto",
                "baton/signals/v1/signals.proto", "baton/handoff/v1/handoff.proto", "baton/planner/v1/planner.proto"])
from baton.common.v1 import common_pb2 as common  # noqa: E402
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


def nss_wrapper():
    """The path of libnss_wrapper.so (scripts/requirements installs libnss-wrapper)."""
    out = subprocess.run(["pkg-config", "--libs", "nss_wrapper"], capture_output=True, text=True)
    library = out.stdout.strip()
    if out.returncode != 0 or not os.path.exists(library):
        raise SystemExit(f"nss_wrapper not found (apt-get install libnss-wrapper): {out.stderr.strip()}")
    return library


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
        self.upstreams = {"BATON_SIGNALS_ADDR": f"{SIGNALS_NAME}:{signals_port}",
                          "BATON_ROUTER_ADDR": f"{ROUTER_NAME}:{router_port}"}
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
        for replica in self.signals + self.routers:
            replica.start()
        self.open = self.gateway("baton-gateway-open", BATON_GATEWAY_AUTHENTICATION="off")

    async def stop(self):
        for channel in self.channels:
            await channel.close()
        for replica in self.gateways + self.routers + self.signals:
            replica.terminate()


def handled(replicas, method, code=None):
    """Calls of `method` the replicas finished (with status `code` when given), from their /metrics."""
    labels = {"grpc_method": method} | ({"grpc_code": code} if code else {})
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

    async def GetThresholds(self, request, context):
        self.remaining[request.tenant_id] = context.time_remaining()
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

    try:
        await results.case("deadlines capped at the method's cap (grpcio and Connect); a shorter one passes as is",
                           capped)
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

        for name in agents:
            desks[name] = await open_desk(name)
        victim = stack.routers[1]
        victim.kill()
        broken = []
        reopened = 0
        for name, call in desks.items():
            try:
                # Any live session has a keepalive within 5 s; one on the dead replica ends with an error at once.
                event = await asyncio.wait_for(call.read(), 8)
                check(event is not grpc.aio.EOF, f"{name}: session ended with OK")
            except grpc.aio.AioRpcError as error:
                check(error.code() == SC.UNAVAILABLE, f"{name}: {error.code().name} {error.details()}")
                broken.append(name)
                desks[name] = await open_desk(name)
                reopened += 1
        for call in desks.values():
            call.cancel()
        victim.start()
        check(0 < len(broken) < len(agents), f"{len(broken)} of {len(agents)} sessions broke when one replica of "
                                             f"three died: {broken}")
        return f"{len(broken)} of {len(agents)} sessions were on the killed replica; all re-opened through the gateway"

    await results.case("calls spread over 3 replicas behind one name (each replica's /metrics)", spread)
    await results.case("SIGKILL of a replica under steady idempotent calls and new calls: none fails", kill_under_load)
    await results.case("AgentSession streams re-open through the gateway after their replica dies", sessions_reconnect)


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
    finally:
        await stack.stop()
    print(f"{results.passed} passed, {results.failed} failed")
    if results.failed:
        print(f"logs in {work}")
    return results.failed == 0


if __name__ == "__main__":
    sys.exit(0 if asyncio.run(run(sys.argv[1], sys.argv[2])) else 1)
