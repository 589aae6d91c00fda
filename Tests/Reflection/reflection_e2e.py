#!/usr/bin/env python3
"""Server reflection (make test runs it through Tests/Reflection/run): stock
clients that share no code with Baton discover a running baton-router and
baton-audit without .proto files. grpcio-reflection's
ProtoReflectionDescriptorDatabase (v1alpha) resolves every service, method
and message type of every file; the v1 service answers the same requests
with the same bytes; unknown names get NOT_FOUND; `buf curl` lists the
services and methods and calls a method through reflection alone.

Usage: reflection_e2e.py BIN_DIR DATABASE_URL BUF. Prints one line per case
and "N passed, N failed"."""

import base64
import json
import os
import subprocess
import sys
import tempfile
import traceback

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool
from grpc_reflection.v1alpha import reflection_pb2 as alpha, reflection_pb2_grpc as alpha_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Support"))
from batonkit import ROOT, Replica  # noqa: E402

# v1 stubs from our proto/ copy of the standard schema (grpcio-reflection ships v1alpha only), under
# another file name: a module path starting with grpc/ would shadow grpcio itself.
from grpc_tools import protoc  # noqa: E402

STUBS = tempfile.mkdtemp(prefix="baton-reflection-stubs-")
with open(os.path.join(ROOT, "proto/grpc/reflection/v1/reflection.proto")) as source, \
        open(os.path.join(STUBS, "reflection_v1.proto"), "w") as copy:
    copy.write(source.read())
if protoc.main(["protoc", f"-I{STUBS}", f"--python_out={STUBS}", f"--grpc_python_out={STUBS}", "reflection_v1.proto"]) != 0:
    raise SystemExit("grpc_tools.protoc failed")
sys.path.insert(0, STUBS)
import reflection_v1_pb2 as v1  # noqa: E402
import reflection_v1_pb2_grpc as v1_grpc  # noqa: E402

EXPECTED_SERVICES = {
    "baton-router": {"baton.router.v1.Router", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
                     "grpc.reflection.v1alpha.ServerReflection"},
    "baton-audit": {"baton.audit.v1.Audit", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
                    "grpc.reflection.v1alpha.ServerReflection"},
}


def message_names(file_proto):
    """Every message type of a FileDescriptorProto, nested ones too (map entries aside)."""
    names = []

    def walk(message, scope):
        full = f"{scope}.{message.name}" if scope else message.name
        if not message.options.map_entry:
            names.append(full)
        for nested in message.nested_type:
            walk(nested, full)
    for m in file_proto.message_type:
        walk(m, file_proto.package)
    return names


def resolves_everything(target, expected):
    problems = []
    channel = grpc.insecure_channel(target)
    database = ProtoReflectionDescriptorDatabase(channel)
    services = set(database.get_services())
    if services != expected:
        problems.append(f"services {sorted(services)}, expected {sorted(expected)}")
    pool = descriptor_pool.DescriptorPool(database)
    files, methods, messages = set(), 0, 0
    for name in sorted(services):
        service = pool.FindServiceByName(name)
        files.add(service.file.name)
        for method in service.methods:
            methods += 1
            for type_ in (method.input_type, method.output_type):
                if pool.FindMessageTypeByName(type_.full_name).full_name != type_.full_name:
                    problems.append(f"{method.full_name}: {type_.full_name} does not resolve")
    # Every message of every file the services pull in, dependencies (well-known types) included.
    pending, seen = list(files), set()
    while pending:
        file_name = pending.pop()
        if file_name in seen:
            continue
        seen.add(file_name)
        file_descriptor = pool.FindFileByName(file_name)
        proto = descriptor_pb2.FileDescriptorProto()
        file_descriptor.CopyToProto(proto)
        for full in message_names(proto):
            pool.FindMessageTypeByName(full)
            messages += 1
        pending.extend(d.name for d in file_descriptor.dependencies)
    channel.close()
    if methods == 0 or messages < 10:
        problems.append(f"only {methods} methods and {messages} messages resolved")
    return problems, f"{len(services)} services, {methods} methods, {messages} message types in {len(seen)} files"


def v1_matches_v1alpha(target, symbols):
    """The same requests to both versions: the same answers, byte for byte, NOT_FOUND for unknown names."""
    problems = []
    channel = grpc.insecure_channel(target)
    requests = [dict(list_services="")] + [dict(file_containing_symbol=s) for s in symbols] + [
        dict(file_by_filename="baton/common/v1/common.proto"), dict(file_by_filename="google/protobuf/timestamp.proto"),
        dict(file_by_filename="no/such/file.proto"), dict(file_containing_symbol="baton.nothing.v1.Nope"),
        dict(all_extension_numbers_of_type="baton.common.v1.Money")]
    alpha_answers = list(alpha_grpc.ServerReflectionStub(channel).ServerReflectionInfo(
        iter([alpha.ServerReflectionRequest(**r) for r in requests]), timeout=30))
    v1_answers = list(v1_grpc.ServerReflectionStub(channel).ServerReflectionInfo(
        iter([v1.ServerReflectionRequest(**r) for r in requests]), timeout=30))
    if len(alpha_answers) != len(requests) or len(v1_answers) != len(requests):
        problems.append(f"answers: {len(alpha_answers)} v1alpha, {len(v1_answers)} v1 for {len(requests)} requests")
    for request, a, b in zip(requests, alpha_answers, v1_answers):
        if a.SerializeToString() != b.SerializeToString():
            problems.append(f"{request}: v1 and v1alpha differ")
        unknown = "no/such" in str(request) or "Nope" in str(request)
        if unknown != a.HasField("error_response") or (unknown and a.error_response.error_code != grpc.StatusCode.NOT_FOUND.value[0]):
            problems.append(f"{request}: {a.WhichOneof('message_response')} {a.error_response}")
        if "file_containing_symbol" in request and not unknown:
            first = descriptor_pb2.FileDescriptorProto.FromString(a.file_descriptor_response.file_descriptor_proto[0])
            names = [f.name for f in map(descriptor_pb2.FileDescriptorProto.FromString,
                                         a.file_descriptor_response.file_descriptor_proto)]
            if len(set(names)) != len(names):
                problems.append(f"{request}: a file sent twice: {names}")
            declared = set(first.dependency)
            if not declared <= set(names):
                problems.append(f"{request}: dependencies missing: {declared - set(names)}")
    channel.close()
    return problems


def buf_curl(buf, target):
    problems = []
    url = f"http://{target}"
    listed = subprocess.run([buf, "curl", "--protocol", "grpc", "--http2-prior-knowledge", "--list-services", url],
                            capture_output=True, text=True, timeout=60)
    if listed.returncode != 0 or "baton.router.v1.Router" not in listed.stdout.split():
        problems.append(f"--list-services: {listed.returncode} {listed.stdout[-300:]} {listed.stderr[-300:]}")
    methods = subprocess.run([buf, "curl", "--protocol", "grpc", "--http2-prior-knowledge", "--list-methods", url],
                             capture_output=True, text=True, timeout=60)
    if "baton.router.v1.Router/Enqueue" not in methods.stdout.split():
        problems.append(f"--list-methods: {methods.stdout[-300:]} {methods.stderr[-300:]}")
    # A call described by reflection alone: a JSON body in, the gRPC status out as buf prints it.
    call = subprocess.run([buf, "curl", "--protocol", "grpc", "--http2-prior-knowledge", "-d",
                           json.dumps({"tenant_id": "nobody", "agent_id": "ana"}), f"{url}/baton.router.v1.Router/GetAgent"],
                          capture_output=True, text=True, timeout=60)
    if call.returncode == 0 or "not_found" not in (call.stdout + call.stderr).lower() or "agent_id" not in call.stderr + call.stdout:
        problems.append(f"GetAgent through buf curl: {call.returncode} {call.stdout[-300:]} {call.stderr[-300:]}")
    health = subprocess.run([buf, "curl", "--protocol", "grpc", "--http2-prior-knowledge", f"{url}/grpc.health.v1.Health/Check"],
                            capture_output=True, text=True, timeout=60)
    if health.returncode != 0 or json.loads(health.stdout or "{}").get("status") != "SERVING":
        problems.append(f"Health/Check through buf curl: {health.returncode} {health.stdout[-200:]} {health.stderr[-200:]}")
    return problems


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    bin_dir, url, buf = sys.argv[1:]
    work = tempfile.mkdtemp(prefix="baton-reflection-")
    keys = subprocess.run([os.path.join(bin_dir, "batonctl"), "audit", "keygen", "--name", "reflection.test"],
                          capture_output=True, text=True, check=True).stdout.split()
    servers = {
        "baton-router": Replica(bin_dir, url, "baton-router", work),
        "baton-audit": Replica(bin_dir, url, "baton-audit", work, executable="baton-audit", extra_env={
            "BATON_AUDIT_SIGNING_KEY": keys[0], "BATON_AUDIT_SECRET": base64.b64encode(os.urandom(32)).decode()}),
    }
    passed = failed = 0

    def record(name, problems):
        nonlocal passed, failed
        if problems:
            failed += 1
            print(f"FAIL reflection/{name}: " + "; ".join(problems), flush=True)
        else:
            passed += 1
            print(f"PASS reflection/{name}", flush=True)

    try:
        for server in servers.values():
            server.start()
        for name, server in servers.items():
            try:
                problems, summary = resolves_everything(server.target, EXPECTED_SERVICES[name])
                print(f"reflection: {name}: {summary}", flush=True)
            except Exception as error:  # noqa: BLE001
                traceback.print_exc()
                problems = [f"{type(error).__name__}: {error}"]
            record(f"{name}/grpcio_reflection_resolves_every_service_and_message", problems)
        symbols = ["baton.router.v1.Router", "baton.router.v1.Router.Enqueue", "baton.router.v1.Escalation",
                   "baton.common.v1.Money", "grpc.health.v1.Health", ".baton.router.v1.Queue"]
        try:
            record("v1_answers_as_v1alpha_and_unknown_names_are_not_found", v1_matches_v1alpha(servers["baton-router"].target, symbols))
        except Exception as error:  # noqa: BLE001
            traceback.print_exc()
            record("v1_answers_as_v1alpha_and_unknown_names_are_not_found", [f"{type(error).__name__}: {error}"])
        record("buf_curl_lists_and_calls_through_reflection", buf_curl(buf, servers["baton-router"].target))
    finally:
        for server in servers.values():
            server.terminate()
    print(f"{passed} passed, {failed} failed", flush=True)
    sys.exit(0 if failed == 0 else 1)


if __name__ == "__main__":
    main()
