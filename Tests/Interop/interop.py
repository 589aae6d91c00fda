#!/usr/bin/env python3
"""The interop suite: Python grpcio as the foreign gRPC peer, both ways.

1. grpcio client -> Baton's server (the InteropServer executable).
2. Baton's client (the InteropClient executable) -> a grpcio server.

Stubs are generated from interop.proto by grpcio-tools into a temporary
folder. Prints one line per case and finally "N passed, N failed"; exits 1
if anything failed.

Usage: interop.py SWIFT_BIN_DIR
"""

import concurrent.futures
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import grpc
from grpc_tools import protoc

HERE = os.path.dirname(os.path.abspath(__file__))


def generate_stubs(out):
    # health.proto is copied out of proto/grpc/... so its module is not shadowed by the grpc package.
    health = os.path.join(HERE, "..", "..", "proto", "grpc", "health", "v1", "health.proto")
    with open(health) as source, open(os.path.join(out, "health.proto"), "w") as copy:
        copy.write(source.read())
    for folder, name in [(HERE, "interop.proto"), (out, "health.proto")]:
        result = protoc.main(["grpc_tools.protoc", f"-I{folder}", f"--python_out={out}", f"--grpc_python_out={out}",
                              os.path.join(folder, name)])
        if result != 0:
            raise SystemExit(f"grpc_tools.protoc failed on {name}")
    sys.path.insert(0, out)


# MARK: the grpcio server (same behaviour as InteropServiceImpl.swift)

def make_servicer(pb, pb_grpc):
    calls = {}
    lock = threading.Lock()

    def record(call_id, **changes):
        if not call_id:
            return
        with lock:
            state = calls.setdefault(call_id, {"known": True, "cancelled": False, "completed": False})
            state.update(changes)

    def echo_metadata(context):
        initial = [(k, v) for k, v in context.invocation_metadata() if k.startswith("x-echo-")]
        trailing = [(k, v) for k, v in context.invocation_metadata() if k.startswith("x-trail-")]
        context.send_initial_metadata(initial)
        context.set_trailing_metadata(trailing)

    def response(request, index):
        payload = b"Z" * request.response_size if request.response_size else request.payload
        return pb.EchoResponse(text=request.text, payload=payload, index=index)

    def wait(request, context):
        """Sleeps sleep_ms; returns False if the call was cancelled meanwhile."""
        deadline = time.monotonic() + request.sleep_ms / 1000
        while time.monotonic() < deadline:
            if not context.is_active():
                return False
            time.sleep(0.005)
        return context.is_active()

    class Servicer(pb_grpc.InteropServicer):
        def Unary(self, request, context):
            echo_metadata(context)
            if not wait(request, context):
                record(request.call_id, cancelled=True)
                return pb.EchoResponse()
            if request.status_code:
                context.abort(grpc.StatusCode(next(c for c in grpc.StatusCode if c.value[0] == request.status_code)),
                              request.status_message)
            record(request.call_id, completed=True)
            return response(request, 0)

        def ServerStream(self, request, context):
            echo_metadata(context)
            record(request.call_id)
            for index in range(max(1, request.response_count)):
                if index > 0 and not wait(request, context):
                    record(request.call_id, cancelled=True)
                    return
                yield response(request, index)
            if not context.is_active():
                record(request.call_id, cancelled=True)
                return
            record(request.call_id, completed=True)

        def ClientStream(self, request_iterator, context):
            echo_metadata(context)
            texts = [r.text for r in request_iterator]
            return pb.EchoResponse(text=",".join(texts), request_count=len(texts))

        def BidiStream(self, request_iterator, context):
            echo_metadata(context)
            for index, request in enumerate(request_iterator):
                yield response(request, index)

        def CallState(self, request, context):
            with lock:
                state = dict(calls.get(request.call_id, {}))
            return pb.CallStateResponse(**state)

    return Servicer()


# MARK: grpcio client cases against Baton's server

class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def expect_status(code, call):
    try:
        call()
    except grpc.RpcError as error:
        check(error.code() == code, f"expected {code}, got {error.code()}: {error.details()}")
        return error
    raise Failure(f"expected {code}, the call succeeded")


def python_client_cases(pb, pb_grpc, channel):
    stub = pb_grpc.InteropStub(channel)

    def empty_unary():
        response = stub.Unary(pb.EchoRequest())
        check(response == pb.EchoResponse(), f"expected an empty response, got {response}")

    def large_unary():
        payload = bytes((i * 31) & 0xFF for i in range(300_000))
        response = stub.Unary(pb.EchoRequest(payload=payload, response_size=300_000))
        check(len(response.payload) == 300_000, f"response payload {len(response.payload)} bytes")
        echoed = stub.Unary(pb.EchoRequest(payload=payload))
        check(echoed.payload == payload, "the 300 KB payload did not come back intact")

    def server_streaming():
        indexes = [r.index for r in stub.ServerStream(pb.EchoRequest(response_count=5, response_size=10))]
        check(indexes == [0, 1, 2, 3, 4], f"indexes {indexes}")

    def client_streaming():
        response = stub.ClientStream(iter([pb.EchoRequest(text=t) for t in "abcd"]))
        check(response.text == "a,b,c,d" and response.request_count == 4, f"got {response}")

    def bidirectional_ping_pong():
        import queue
        outbox = queue.Queue()

        def requests():
            while True:
                item = outbox.get()
                if item is None:
                    return
                yield item

        responses = stub.BidiStream(requests())
        texts = []
        for index in range(5):
            outbox.put(pb.EchoRequest(text=f"ping {index}"))
            response = next(responses)
            check(response.index == index, f"index {response.index} for ping {index}")
            texts.append(response.text)
        outbox.put(None)
        check(list(responses) == [], "extra response after the last ping")
        check(texts == [f"ping {i}" for i in range(5)], f"texts {texts}")

    def deadline_1ms():
        expect_status(grpc.StatusCode.DEADLINE_EXCEEDED,
                      lambda: stub.Unary(pb.EchoRequest(sleep_ms=2000), timeout=0.001))

    def cancel_after_first_response():
        call_id = f"cancel-{uuid.uuid4()}"
        responses = stub.ServerStream(pb.EchoRequest(response_count=100, sleep_ms=50, call_id=call_id))
        next(responses)
        responses.cancel()
        expect_status(grpc.StatusCode.CANCELLED, lambda: list(responses))
        # Uncancelled, the server would finish in 5 s: wait until it has seen the
        # cancellation or finished (the cap only ends a hang), then require the former.
        state = None
        give_up = time.monotonic() + 20
        while time.monotonic() < give_up:
            state = stub.CallState(pb.CallStateRequest(call_id=call_id))
            if state.cancelled or state.completed:
                break
            time.sleep(0.02)
        check(state.known and state.cancelled and not state.completed, f"server state {state}")

    def status_with_non_ascii_message():
        message = "Überprüfung fehlgeschlagen ✗ — 支付失败 %41"
        error = expect_status(grpc.StatusCode.FAILED_PRECONDITION,
                              lambda: stub.Unary(pb.EchoRequest(status_code=9, status_message=message)))
        check(error.details() == message, f"message {error.details()!r}")

    def unimplemented_method():
        method = channel.unary_unary("/baton.interop.v1.Interop/NoSuchMethod",
                                     request_serializer=pb.EchoRequest.SerializeToString,
                                     response_deserializer=pb.EchoResponse.FromString)
        expect_status(grpc.StatusCode.UNIMPLEMENTED, lambda: method(pb.EchoRequest()))

    def unimplemented_service():
        method = channel.unary_unary("/baton.interop.v1.NoSuchService/Unary",
                                     request_serializer=pb.EchoRequest.SerializeToString,
                                     response_deserializer=pb.EchoResponse.FromString)
        expect_status(grpc.StatusCode.UNIMPLEMENTED, lambda: method(pb.EchoRequest()))

    def custom_metadata():
        metadata = [("x-echo-ascii", "hello, metadata"), ("x-echo-data-bin", bytes([0, 1, 2, 0xFE, 0xFF])),
                    ("x-trail-note", "goodbye"), ("x-trail-blob-bin", bytes([0xDE, 0xAD, 0xBE, 0xEF]))]
        response, call = stub.Unary.with_call(pb.EchoRequest(text="meta"), metadata=metadata)
        initial = dict(call.initial_metadata())
        trailing = dict(call.trailing_metadata())
        check(initial.get("x-echo-ascii") == "hello, metadata", f"initial {initial}")
        check(initial.get("x-echo-data-bin") == bytes([0, 1, 2, 0xFE, 0xFF]), f"initial binary {initial}")
        check(trailing.get("x-trail-note") == "goodbye", f"trailing {trailing}")
        check(trailing.get("x-trail-blob-bin") == bytes([0xDE, 0xAD, 0xBE, 0xEF]), f"trailing binary {trailing}")

    def message_over_size_limit():
        expect_status(grpc.StatusCode.RESOURCE_EXHAUSTED,
                      lambda: stub.Unary(pb.EchoRequest(payload=bytes(5 << 20))))

    def health_check_and_watch():
        # Every Baton server answers grpc.health.v1.Health, from our proto/.
        import health_pb2
        import health_pb2_grpc
        health = health_pb2_grpc.HealthStub(channel)
        status = health.Check(health_pb2.HealthCheckRequest()).status
        check(status == health_pb2.HealthCheckResponse.SERVING, f"Check said {status}")
        expect_status(grpc.StatusCode.NOT_FOUND,
                      lambda: health.Check(health_pb2.HealthCheckRequest(service="no.such.Service")))
        watch = health.Watch(health_pb2.HealthCheckRequest())
        first = next(watch)
        watch.cancel()
        check(first.status == health_pb2.HealthCheckResponse.SERVING, f"Watch said {first.status}")

    return [(f.__name__, f) for f in [
        empty_unary, large_unary, server_streaming, client_streaming, bidirectional_ping_pong, deadline_1ms,
        cancel_after_first_response, status_with_non_ascii_message, unimplemented_method, unimplemented_service,
        custom_metadata, message_over_size_limit, health_check_and_watch]]


def run_cases(prefix, cases):
    passed = failed = 0
    for name, case in cases:
        try:
            case()
            passed += 1
            print(f"PASS {prefix}/{name}", flush=True)
        except Exception as error:  # a case fails on any error, not only Failure
            failed += 1
            print(f"FAIL {prefix}/{name}: {type(error).__name__}: {error}", flush=True)
    return passed, failed


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: interop.py SWIFT_BIN_DIR")
    bin_dir = sys.argv[1]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as stubs:
        generate_stubs(stubs)
        import interop_pb2 as pb
        import interop_pb2_grpc as pb_grpc

        # 1. grpcio client against Baton's server.
        server = subprocess.Popen([os.path.join(bin_dir, "InteropServer"), "0"], stdout=subprocess.PIPE, text=True)
        try:
            line = server.stdout.readline().split()
            check(len(line) == 2 and line[0] == "listening", f"InteropServer said {line}")
            with grpc.insecure_channel(f"127.0.0.1:{line[1]}") as channel:
                p, f = run_cases("grpcio-client", python_client_cases(pb, pb_grpc, channel))
                passed, failed = passed + p, failed + f
            server.send_signal(signal.SIGTERM)
            code = server.wait(timeout=15)
            ok = code == 0
            print(f"{'PASS' if ok else 'FAIL'} grpcio-client/server_exits_cleanly_on_sigterm (exit {code})", flush=True)
            passed, failed = passed + ok, failed + (not ok)
        finally:
            if server.poll() is None:
                server.kill()

        # 2. Baton's client against a grpcio server, plaintext and TLS.
        certs = os.path.join(stubs, "certs")
        subprocess.run([os.path.join(HERE, "..", "Support", "make-test-certs"), certs], check=True)
        read = lambda name: open(os.path.join(certs, name), "rb").read()
        for secure in (False, True):
            grpc_server = grpc.server(concurrent.futures.ThreadPoolExecutor(max_workers=16))
            pb_grpc.add_InteropServicer_to_server(make_servicer(pb, pb_grpc), grpc_server)
            if secure:
                credentials = grpc.ssl_server_credentials([(read("server.key"), read("server.pem"))])
                port = grpc_server.add_secure_port("127.0.0.1:0", credentials)
                command = [os.path.join(bin_dir, "InteropClient"), "localhost", str(port), os.path.join(certs, "ca.pem")]
            else:
                port = grpc_server.add_insecure_port("127.0.0.1:0")
                command = [os.path.join(bin_dir, "InteropClient"), "127.0.0.1", str(port)]
            grpc_server.start()
            try:
                client = subprocess.run(command, capture_output=True, text=True, timeout=300)
                for line in client.stdout.splitlines():
                    if line.startswith(("PASS", "FAIL")):
                        print(line, flush=True)
                        if line.startswith("PASS"):
                            passed += 1
                        else:
                            failed += 1
                if client.returncode != 0 and "failed" not in client.stdout:
                    failed += 1
                    print(f"FAIL swift-client/run: exit {client.returncode}\n{client.stderr[-2000:]}", flush=True)
            finally:
                grpc_server.stop(grace=None)

        # 3. grpcio client over TLS against Baton's server (ALPN h2 through OpenSSL).
        server = subprocess.Popen([os.path.join(bin_dir, "InteropServer"), "0", os.path.join(certs, "server.pem"),
                                   os.path.join(certs, "server.key")], stdout=subprocess.PIPE, text=True)
        try:
            line = server.stdout.readline().split()
            credentials = grpc.ssl_channel_credentials(root_certificates=read("ca.pem"))
            with grpc.secure_channel(f"localhost:{line[1]}", credentials) as channel:
                cases = dict(python_client_cases(pb, pb_grpc, channel))
                p, f = run_cases("grpcio-client-tls", [(name, cases[name]) for name in
                                                        ("large_unary", "bidirectional_ping_pong", "custom_metadata")])
                passed, failed = passed + p, failed + f
        finally:
            server.terminate()
            server.wait(timeout=15)

    print(f"{passed} passed, {failed} failed")
    sys.exit(0 if failed == 0 and passed > 0 else 1)


if __name__ == "__main__":
    main()
