#!/usr/bin/env python3
"""baton-signals end to end: the real executable on a real Postgres, called by
Python grpcio with stubs generated from proto/. Prints one line per case and
"N passed, N failed". Usage: signals_e2e.py SWIFT_BIN_DIR DATABASE_URL
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import grpc
from grpc_tools import protoc

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    bin_dir, database_url = sys.argv[1], sys.argv[2]
    out = tempfile.mkdtemp()
    protos = ["baton/common/v1/common.proto", "baton/signals/v1/signals.proto"]
    import importlib.resources
    well_known = str(importlib.resources.files("grpc_tools") / "_proto")
    if protoc.main(["protoc", f"-I{ROOT}/proto", f"-I{well_known}", f"--python_out={out}", f"--grpc_python_out={out}",
                    *protos]) != 0:
        raise SystemExit("grpc_tools.protoc failed")
    sys.path.insert(0, out)
    from baton.common.v1 import common_pb2 as common
    from baton.signals.v1 import signals_pb2 as pb, signals_pb2_grpc as pb_grpc

    grpc_port, admin_port = free_port(), free_port()
    env = dict(os.environ, BATON_DATABASE_URL=database_url, BATON_HOST="127.0.0.1", BATON_GRPC_PORT=str(grpc_port),
               BATON_ADMIN_PORT=str(admin_port), BATON_LOG_FORMAT="json", BATON_SHUTDOWN_GRACE="5")
    log = open(os.path.join(out, "baton-signals.log"), "w")
    service = subprocess.Popen([os.path.join(bin_dir, "baton-signals")], env=env, stdout=log, stderr=log)
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
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{admin_port}/readyz", timeout=1) as response:
                    if response.status == 200:
                        break
            except Exception:
                time.sleep(0.2)
        channel = grpc.insecure_channel(f"127.0.0.1:{grpc_port}")
        stub = pb_grpc.SignalsStub(channel)
        tenant = f"e2e-{os.getpid()}"

        def conversation(*texts):
            return common.Conversation(conversation_id=f"c-{time.time_ns()}", tenant_id=tenant, messages=[
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

        def metrics_count_calls():
            with urllib.request.urlopen(f"http://127.0.0.1:{admin_port}/metrics", timeout=2) as response:
                text = response.read().decode()
            check('grpc_method="Evaluate"' in text and "grpc_server_handled_total" in text, "no Evaluate metrics")

        for name, body in [("set_and_get_thresholds", set_thresholds), ("explicit_request_escalates", explicit_request_escalates),
                           ("calm_message_continues", calm_message_continues),
                           ("bad_input_names_the_field", bad_input_names_the_field),
                           ("metrics_count_calls", metrics_count_calls)]:
            case(name, body)
        channel.close()
        service.send_signal(signal.SIGTERM)
        code = service.wait(timeout=20)
        case("exits_cleanly_on_sigterm", lambda: check(code == 0, f"exit {code}"))
    finally:
        if service.poll() is None:
            service.kill()
        if failed:
            print(open(os.path.join(out, "baton-signals.log")).read()[-3000:])
    print(f"{passed} passed, {failed} failed")
    sys.exit(0 if failed == 0 and passed > 0 else 1)


if __name__ == "__main__":
    main()
