#!/usr/bin/env python3
"""Connect, gRPC-Web and HTTP/1.1 on Baton's servers (make test runs it
through Tests/Edge/run), with stock clients that share no code with Baton:

- buf curl lists and calls every Baton service (baton-router, baton-audit,
  baton-handoff, baton-signals) through reflection alone with --protocol
  grpc, grpcweb and connect, over HTTP/1.1 and HTTP/2;
- PyPI connectrpc calls unary and server-streaming methods of the interop
  service in JSON and binary, with the Connect and gRPC-Web protocols, over
  HTTP/1.1 and HTTP/2, and sees errors, metadata and deadlines;
- curl posts JSON over HTTP/1.1 and HTTP/2 and gets Connect error bodies with
  the HTTP status of the code;
- bad input (malformed JSON, a wrong type, an unknown field or enum name, an
  oversize body, a bad Connect-Timeout-Ms, a gRPC-Web frame with a bad
  length) gets the right status, naming the field;
- CORS preflights and responses for an allowed origin, 403 for another;
- a streaming client that disconnects cancels its handler.

Usage: edge_e2e.py BIN_DIR DATABASE_URL BUF. Prints one line per case and
"N passed, N failed"."""

import base64
import http.client
import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
import time
import traceback

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Support"))
from batonkit import ROOT, Replica  # noqa: E402
from grpc_tools import protoc  # noqa: E402

STUBS = tempfile.mkdtemp(prefix="baton-edge-stubs-")
if protoc.main(["protoc", f"-I{ROOT}/Tests/Interop", f"--python_out={STUBS}", "interop.proto"]) != 0:
    raise SystemExit("grpc_tools.protoc failed")
sys.path.insert(0, STUBS)
import interop_pb2 as pb  # noqa: E402
from connectrpc.client import ConnectClientSync  # noqa: E402
from connectrpc.code import Code  # noqa: E402
from connectrpc.compat import google_protobuf_binary_codec, google_protobuf_json_codec  # noqa: E402
from connectrpc.errors import ConnectError  # noqa: E402
from connectrpc.method import IdempotencyLevel, MethodInfo, StreamType  # noqa: E402
from connectrpc.protocol import ProtocolType  # noqa: E402
from pyqwest import HTTPVersion, SyncClient, SyncHTTPTransport  # noqa: E402

INTEROP = "baton.interop.v1.Interop"
ORIGIN = "https://console.example.test"
STANDARD = {"grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"}

# For each Baton server: its service, and one call through reflection with the
# outcome it must have (None: OK, else the Connect code).
SERVICES = {
    "baton-router": ("baton.router.v1.Router", "GetAgent", {"tenant_id": "edge-nobody", "agent_id": "ana"}, "not_found"),
    "baton-audit": ("baton.audit.v1.Audit", "GetCheckpoint", {"tenantId": "edge-nobody"}, "not_found"),
    "baton-handoff": ("baton.handoff.v1.Handoff", "Get", {"tenantId": "edge-nobody", "packageId": "00000000-0000-4000-8000-000000000000"}, "not_found"),
    "baton-signals": ("baton.signals.v1.Signals", "GetThresholds", {"tenantId": "edge"}, None),
}


def method(name, stream_type=StreamType.UNARY):
    return MethodInfo(name=name, service_name=INTEROP, input=pb.EchoRequest, output=pb.EchoResponse,
                      idempotency_level=IdempotencyLevel.UNKNOWN, stream_type=stream_type)


UNARY, SERVER_STREAM = method("Unary"), method("ServerStream", StreamType.SERVER_STREAM)
CALL_STATE = MethodInfo(name="CallState", service_name=INTEROP, input=pb.CallStateRequest, output=pb.CallStateResponse,
                        idempotency_level=IdempotencyLevel.UNKNOWN, stream_type=StreamType.UNARY)


class Interop:
    """Tests/Interop's InteropServer (Baton's RPC server with the interop service) on a free port."""

    def __init__(self, bin_dir, work, tls=()):
        self.log = open(os.path.join(work, f"interop-server{'-tls' if tls else ''}.log"), "w")
        self.process = subprocess.Popen([os.path.join(bin_dir, "InteropServer"), "0", *tls], stdout=subprocess.PIPE,
                                        stderr=self.log, text=True)
        line = self.process.stdout.readline().split()
        if len(line) != 2 or line[0] != "listening":
            raise SystemExit(f"InteropServer did not start: {line}")
        self.port = int(line[1])

    def terminate(self):
        self.process.terminate()
        self.process.wait(timeout=20)


def run(args, timeout=60):
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout)


def buf_curl(buf, name, server):
    """Lists and calls a server through reflection alone, with every protocol and HTTP version buf curl has."""
    problems = []
    service, rpc, body, outcome = SERVICES[name]
    url = f"http://{server.target}"
    for protocol in ("grpc", "grpcweb", "connect"):
        for http2 in ((True,) if protocol == "grpc" else (False, True)):
            flags = ["--protocol", protocol] + (["--http2-prior-knowledge"] if http2 else [])
            label = f"{protocol}/{'h2' if http2 else 'http1.1'}"
            listed = run([buf, "curl", *flags, "--list-services", url])
            if listed.returncode != 0 or set(listed.stdout.split()) != STANDARD | {service}:
                problems.append(f"{label} --list-services: {listed.returncode} {listed.stdout[-200:]} {listed.stderr[-300:]}")
            methods = run([buf, "curl", *flags, "--list-methods", url])
            if f"{service}/{rpc}" not in methods.stdout.split() or "grpc.health.v1.Health/Watch" not in methods.stdout.split():
                problems.append(f"{label} --list-methods: {methods.stdout[-200:]} {methods.stderr[-300:]}")
            health = run([buf, "curl", *flags, f"{url}/grpc.health.v1.Health/Check"])
            if health.returncode != 0 or json.loads(health.stdout or "{}").get("status") != "SERVING":
                problems.append(f"{label} Health/Check: {health.returncode} {health.stdout[-200:]} {health.stderr[-300:]}")
            call = run([buf, "curl", *flags, "-d", json.dumps(body), f"{url}/{service}/{rpc}"])
            if outcome is None:
                if call.returncode != 0 or not isinstance(json.loads(call.stdout or "null"), dict):
                    problems.append(f"{label} {rpc}: {call.returncode} {call.stdout[-200:]} {call.stderr[-300:]}")
            else:
                error = json.loads(call.stderr[call.stderr.find("{"):] or "{}") if "{" in call.stderr else {}
                if call.returncode == 0 or error.get("code") != outcome:
                    problems.append(f"{label} {rpc}: wanted {outcome}: {call.returncode} {call.stdout[-200:]} {call.stderr[-300:]}")
    # A server-streaming call through reflection: Health/Watch sends SERVING, then waits; the
    # client's deadline ends it.
    for protocol in ("grpcweb", "connect"):
        watch = run([buf, "curl", "--protocol", protocol, "--timeout", "1s", f"{url}/grpc.health.v1.Health/Watch"])
        if '"SERVING"' not in watch.stdout or "deadline_exceeded" not in watch.stderr:
            problems.append(f"{protocol} Health/Watch: {watch.returncode} {watch.stdout[-200:]} {watch.stderr[-300:]}")
    return problems


def connect_clients(port):
    """connectrpc with each codec, protocol and HTTP version: unary, server streaming, errors, metadata, deadlines."""
    problems = []
    for http_version in (None, HTTPVersion.HTTP2):
        http = SyncClient(SyncHTTPTransport(http_version=http_version)) if http_version else None
        for protocol in (ProtocolType.CONNECT, ProtocolType.GRPC_WEB):
            for codec in (google_protobuf_binary_codec(), google_protobuf_json_codec(ignore_unknown_fields=False)):
                label = f"{protocol.name}/{codec.name()}/{'h2' if http_version else 'http1.1'}"
                if protocol == ProtocolType.GRPC_WEB and codec.name() == "json":
                    continue  # gRPC-Web is binary protobuf only
                with ConnectClientSync(f"http://127.0.0.1:{port}", codec=codec, protocol=protocol, send_compression=None,
                                       accept_compression=[], http_client=http) as client:
                    request = pb.EchoRequest(text="héllo ✓", payload=bytes(range(256)))
                    response = client.execute_unary(request=request, method=UNARY, headers={"x-echo-tag": "t1"})
                    if response.text != request.text or response.payload != request.payload:
                        problems.append(f"{label} unary echoed {response}")
                    responses = list(client.execute_server_stream(
                        request=pb.EchoRequest(text="s", response_count=5, response_size=3000), method=SERVER_STREAM))
                    if [r.index for r in responses] != list(range(5)) or any(len(r.payload) != 3000 for r in responses):
                        problems.append(f"{label} server stream: {[(r.index, len(r.payload)) for r in responses]}")
                    for stream in (False, True):
                        failing = pb.EchoRequest(status_code=5, status_message="no such thing ✗", response_count=2)
                        try:
                            if stream:
                                list(client.execute_server_stream(request=failing, method=SERVER_STREAM))
                            else:
                                client.execute_unary(request=failing, method=UNARY)
                            problems.append(f"{label} stream={stream}: no error for status 5")
                        except ConnectError as error:
                            if error.code != Code.NOT_FOUND or error.message != "no such thing ✗":
                                problems.append(f"{label} stream={stream}: {error.code} {error.message!r}")
                    try:
                        client.execute_unary(request=pb.EchoRequest(sleep_ms=3000), method=UNARY, timeout_ms=200)
                        problems.append(f"{label}: no DEADLINE_EXCEEDED")
                    except ConnectError as error:
                        if error.code != Code.DEADLINE_EXCEEDED:
                            problems.append(f"{label} deadline: {error.code} {error.message}")
    return problems


def curl(args, body=None):
    result = subprocess.run(["curl", "-sS", "-o", "-", "-w", "\n%{http_code} %{http_version}", *args]
                            + (["--data-binary", "@-"] if body is not None else []),
                            input=body, capture_output=True, timeout=60)
    text = result.stdout.decode(errors="replace")
    payload, _, status = text.rpartition("\n")
    code, version = status.split()
    return int(code), version, payload


def curl_json(port):
    problems = []
    url = f"http://127.0.0.1:{port}/{INTEROP}"
    for version_flag, version in (("--http1.1", "1.1"), ("--http2-prior-knowledge", "2")):
        headers = [version_flag, "-H", "content-type: application/json", "-H", "x-echo-who: curl"]
        status, got_version, payload = curl([*headers, "-D", "/dev/stderr", f"{url}/Unary"],
                                            json.dumps({"text": "hi", "responseSize": 2}).encode())
        if (status, got_version) != (200, version) or json.loads(payload) != {"text": "hi", "payload": "Wlo="}:
            problems.append(f"HTTP/{version} unary: {status} {got_version} {payload[:200]}")
        for code, http_status, name in ((5, 404, "not_found"), (16, 401, "unauthenticated"), (8, 429, "resource_exhausted"),
                                        (12, 501, "unimplemented"), (14, 503, "unavailable"), (9, 400, "failed_precondition")):
            status, _, payload = curl([*headers, f"{url}/Unary"],
                                      json.dumps({"statusCode": code, "statusMessage": f"code {code}"}).encode())
            if status != http_status or json.loads(payload) != {"code": name, "message": f"code {code}"}:
                problems.append(f"HTTP/{version} status {code}: {status} {payload[:200]}")
    return problems


def bad_input(port, signals):
    """Each malformed request gets its status, with the field named."""
    problems = []
    url = f"http://127.0.0.1:{port}/{INTEROP}"
    json_headers = ["-H", "content-type: application/json"]
    cases = [
        ("malformed JSON", [], b'{"text": "a",}', 400, "invalid_argument", "expected a member name"),
        ("wrong type", [], b'{"text": 5}', 400, "invalid_argument", "text:"),
        ("nested wrong type", [], b'{"responseCount": "many"}', 400, "invalid_argument", "response_count"),
        ("unknown field", [], b'{"text": "a", "colour": 1}', 400, "invalid_argument", "colour"),
        ("bad Connect-Timeout-Ms", ["-H", "connect-timeout-ms: 12x"], b"{}", 400, "invalid_argument", "connect-timeout-ms"),
        ("Connect-Timeout-Ms over 10 digits", ["-H", "connect-timeout-ms: 12345678901"], b"{}", 400, "invalid_argument",
         "connect-timeout-ms"),
        ("oversize body", [], b'{"text": "' + b"x" * (5 << 20) + b'"}', 429, "resource_exhausted", "over the limit"),
    ]
    for name, extra, body, http_status, code, mention in cases:
        for version_flag in ("--http1.1", "--http2-prior-knowledge"):
            status, _, payload = curl([version_flag, *json_headers, *extra, f"{url}/Unary"], body)
            try:
                error = json.loads(payload)
            except ValueError:
                error = {}
            if status != http_status or error.get("code") != code or mention not in error.get("message", ""):
                problems.append(f"{name} {version_flag}: {status} {payload[:300]}")
    # An enum by a name the enum does not have, on a real service: the repeated field's element is named.
    status, _, payload = curl(["--http1.1", *json_headers, f"http://{signals.target}/baton.signals.v1.Signals/ListFindings"],
                              b'{"tenantId": "edge", "kinds": ["FINDING_KIND_NOPE"]}')
    if status != 400 or "kinds[0]" not in payload or "FINDING_KIND_NOPE" not in payload:
        problems.append(f"unknown enum name: {status} {payload[:300]}")
    # gRPC-Web frames whose length disagrees with the body: the status in the trailer frame.
    message = pb.EchoRequest(text="x").SerializeToString()
    for name, body, wanted in (
            ("length past the end of the body", struct.pack(">BI", 0, len(message) + 10) + message, 13),
            ("length over the size limit", struct.pack(">BI", 0, 64 << 20) + message, 8),
            ("two messages for a unary method", (struct.pack(">BI", 0, len(message)) + message) * 2, 12)):
        for content_type, encode in (("application/grpc-web+proto", lambda b: b),
                                     ("application/grpc-web-text", base64.b64encode)):
            status, _, payload = curl(["--http1.1", "-H", f"content-type: {content_type}", f"{url}/Unary"], encode(body))
            raw = payload.encode("latin-1", errors="replace")
            decoded = base64.b64decode(raw) if "text" in content_type else raw
            if status != 200 or f"grpc-status: {wanted}\r\n".encode() not in decoded:
                problems.append(f"gRPC-Web {name} ({content_type}): {status} {decoded[:200]!r}")
    return problems


def cors(router):
    problems = []
    url = f"http://{router.target}/baton.router.v1.Router/GetAgent"
    preflight = ["-X", "OPTIONS", "-D", "-", "-H", "access-control-request-method: POST",
                 "-H", "access-control-request-headers: content-type,connect-protocol-version,x-grpc-web"]
    status, _, payload = curl([*preflight, "-H", f"origin: {ORIGIN}", url])
    headers = payload.lower()
    if status != 204 or f"access-control-allow-origin: {ORIGIN}" not in headers \
            or "access-control-allow-headers: content-type,connect-protocol-version,x-grpc-web" not in headers \
            or "access-control-allow-methods: post" not in headers:
        problems.append(f"allowed preflight: {status} {payload[:400]}")
    status, _, payload = curl([*preflight, "-H", "origin: https://evil.example.test", url])
    if status != 403 or "access-control-allow-origin" in payload.lower():
        problems.append(f"other origin's preflight: {status} {payload[:300]}")
    status, _, payload = curl(["-D", "-", "-H", f"origin: {ORIGIN}", "-H", "content-type: application/json", url],
                              b'{"tenantId": "edge-nobody", "agentId": "ana"}')
    headers = payload.lower()
    if status != 404 or f"access-control-allow-origin: {ORIGIN}" not in headers \
            or "grpc-status" not in headers.split("access-control-expose-headers:")[-1].split("\n")[0]:
        problems.append(f"allowed origin's call: {status} {payload[:400]}")
    return problems


def disconnect_cancels(port):
    """A streaming client that goes away cancels the handler, over HTTP/1.1 and HTTP/2."""
    problems = []
    for http2 in (False, True):
        call_id = f"edge-disconnect-{int(http2)}-{os.getpid()}"
        request = json.dumps({"text": "s", "responseCount": 1000, "sleepMs": 20, "callId": call_id}).encode()
        envelope = struct.pack(">BI", 0, len(request)) + request
        if http2:
            # curl reads the first response and is killed mid-stream.
            process = subprocess.Popen(["curl", "-sS", "-N", "--http2-prior-knowledge", "-H",
                                        "content-type: application/connect+json", "--data-binary", "@-",
                                        f"http://127.0.0.1:{port}/{INTEROP}/ServerStream"],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            process.stdin.write(envelope)
            process.stdin.close()
            first = process.stdout.read(5)
            process.kill()
            process.wait()
        else:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("POST", f"/{INTEROP}/ServerStream", body=envelope,
                               headers={"content-type": "application/connect+json"})
            response = connection.getresponse()
            first = response.read(5)
            connection.sock.shutdown(socket.SHUT_RDWR)
            connection.close()
        if len(first) != 5:
            problems.append(f"http2={http2}: no first envelope: {first!r}")
            continue
        deadline = time.time() + 10
        state = None
        with ConnectClientSync(f"http://127.0.0.1:{port}", codec=google_protobuf_binary_codec(), send_compression=None,
                               accept_compression=[]) as client:
            while time.time() < deadline:
                state = client.execute_unary(request=pb.CallStateRequest(call_id=call_id), method=CALL_STATE)
                if state.cancelled:
                    break
                time.sleep(0.05)
        if state is None or not state.cancelled or state.completed:
            problems.append(f"http2={http2}: the handler was not cancelled: {state}")
    return problems


def tls_alpn(port, certs):
    """Over TLS, ALPN picks the version: h2 for HTTP/2 clients, http/1.1 for the others."""
    problems = []
    for flag, version in (("--http1.1", "1.1"), ("--http2", "2")):
        status, got, payload = curl([flag, "--cacert", os.path.join(certs, "ca.pem"), "-H", "content-type: application/json",
                                     f"https://localhost:{port}/{INTEROP}/Unary"], b'{"text": "tls"}')
        if (status, got) != (200, version) or json.loads(payload or "{}") != {"text": "tls"}:
            problems.append(f"{flag}: {status} HTTP/{got} {payload[:200]}")
    return problems


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    bin_dir, url, buf = sys.argv[1:]
    work = tempfile.mkdtemp(prefix="baton-edge-")
    keys = run([os.path.join(bin_dir, "batonctl"), "audit", "keygen", "--name", "edge.test"]).stdout.split()
    servers = {
        "baton-router": Replica(bin_dir, url, "baton-router", work, extra_env={"BATON_CORS_ORIGINS": ORIGIN}),
        "baton-audit": Replica(bin_dir, url, "baton-audit", work, executable="baton-audit", extra_env={
            "BATON_AUDIT_SIGNING_KEY": keys[0], "BATON_AUDIT_SECRET": base64.b64encode(os.urandom(32)).decode()}),
        "baton-handoff": Replica(bin_dir, url, "baton-handoff", work, executable="baton-handoff"),
        "baton-signals": Replica(bin_dir, url, "baton-signals", work, executable="baton-signals"),
    }
    interop = None
    passed = failed = 0

    def record(name, check, *args):
        nonlocal passed, failed
        try:
            problems = check(*args)
        except Exception as error:  # noqa: BLE001
            traceback.print_exc()
            problems = [f"{type(error).__name__}: {error}"]
        if problems:
            failed += 1
            print(f"FAIL edge/{name}: " + "; ".join(problems), flush=True)
        else:
            passed += 1
            print(f"PASS edge/{name}", flush=True)

    try:
        for server in servers.values():
            server.start()
        interop = Interop(bin_dir, work)
        for name, server in servers.items():
            record(f"buf_curl_lists_and_calls_{name}_with_grpc_grpcweb_and_connect", buf_curl, buf, name, server)
        record("connectrpc_unary_and_server_streaming_json_and_binary", connect_clients, interop.port)
        record("curl_json_over_http1_and_http2_with_connect_errors", curl_json, interop.port)
        record("bad_input_gets_its_status_naming_the_field", bad_input, interop.port, servers["baton-signals"])
        record("cors_for_allowed_origins_only", cors, servers["baton-router"])
        record("a_streaming_client_that_disconnects_cancels_the_handler", disconnect_cancels, interop.port)
        certs = os.path.join(work, "certs")
        subprocess.run([os.path.join(ROOT, "Tests/Support/make-test-certs"), certs], check=True, capture_output=True)
        secure = Interop(bin_dir, work, tls=(os.path.join(certs, "server.pem"), os.path.join(certs, "server.key")))
        try:
            record("tls_alpn_chooses_http2_or_http1", tls_alpn, secure.port, certs)
        finally:
            secure.terminate()
    finally:
        if interop:
            interop.terminate()
        for server in servers.values():
            server.terminate()
    print(f"{passed} passed, {failed} failed", flush=True)
    sys.exit(0 if failed == 0 else 1)


if __name__ == "__main__":
    main()
