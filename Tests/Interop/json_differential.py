#!/usr/bin/env python3
"""Proto3 JSON, ours against Python protobuf's json_format, for every message of proto/.

For each message type, seeded random values (int64 extremes, NaN and the
infinities, empty and non-ASCII strings, unknown enum numbers, nested maps,
oneofs, Timestamps and Durations) are checked three ways:
  1. ours:   binary -> our JSON -> json_format.Parse  == the value
  2. theirs: json_format.MessageToJson(value, preserving_proto_field_name=True)  -> our decoder == the value
  3. theirs: the same with preserving_proto_field_name=False (lowerCamelCase)
Values compare by deterministic binary encoding, so NaN equals NaN.

Usage: json_differential.py <swift bin dir> [--values N] [--seed S]
Prints "N passed, N failed"; exits 1 on any failure.
"""

import argparse
import base64
import math
import os
import random
import struct
import subprocess
import sys
import tempfile

from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory
from google.protobuf.descriptor import FieldDescriptor as FD

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

STRINGS = ["", "a", "héllo ✓", "😀 emoji 👍🏽", "日本語テキスト", "quote \" backslash \\ slash /",
           "controls \x01\x1f\n\r\t\b\f", "\u2028\u2029", "\u00e9\u0301", "x" * 300, "null", "{\"json\": 1}"]
INT64 = [-(1 << 63), (1 << 63) - 1, 0, 1, -1, 1 << 53, (1 << 53) + 1, -(1 << 40)]
UINT64 = [(1 << 64) - 1, 0, 1, 1 << 63, (1 << 53) + 1]
INT32 = [-(1 << 31), (1 << 31) - 1, 0, 1, -1, 123456]
UINT32 = [(1 << 32) - 1, 0, 1, 4000000000]
DOUBLES = [math.nan, math.inf, -math.inf, 0.1, 1.5, -2.5, 1e-300, 5e-324, 1.7976931348623157e308, 1e21, 123456.789, 3.0]
FLOATS = [math.nan, math.inf, -math.inf, 0.1, 1.5, -2.5, 1e-30, 1e30, 1.4e-45, 3.0]


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


class Generator:
    def __init__(self, rng):
        self.rng = rng

    def scalar(self, field):
        r, t = self.rng, field.type
        if t in (FD.TYPE_INT64, FD.TYPE_SINT64, FD.TYPE_SFIXED64):
            return r.choice(INT64) if r.random() < 0.7 else r.randint(-(1 << 63), (1 << 63) - 1)
        if t in (FD.TYPE_UINT64, FD.TYPE_FIXED64):
            return r.choice(UINT64) if r.random() < 0.7 else r.randint(0, (1 << 64) - 1)
        if t in (FD.TYPE_INT32, FD.TYPE_SINT32, FD.TYPE_SFIXED32):
            return r.choice(INT32) if r.random() < 0.7 else r.randint(-(1 << 31), (1 << 31) - 1)
        if t in (FD.TYPE_UINT32, FD.TYPE_FIXED32):
            return r.choice(UINT32) if r.random() < 0.7 else r.randint(0, (1 << 32) - 1)
        if t == FD.TYPE_DOUBLE:
            return r.choice(DOUBLES) if r.random() < 0.7 else r.uniform(-1e6, 1e6)
        if t == FD.TYPE_FLOAT:
            return f32(r.choice(FLOATS) if r.random() < 0.7 else r.uniform(-1e6, 1e6))
        if t == FD.TYPE_BOOL:
            return r.random() < 0.5
        if t == FD.TYPE_STRING:
            return r.choice(STRINGS)
        if t == FD.TYPE_BYTES:
            return bytes(r.randrange(256) for _ in range(r.choice([0, 1, 2, 3, 4, 17])))
        if t == FD.TYPE_ENUM:
            values = [v.number for v in field.enum_type.values]
            # Open enums keep numbers this build does not know: write them as numbers.
            return r.choice(values) if r.random() < 0.8 else r.choice([99, -7, 1 << 20])
        raise AssertionError(t)

    def fill(self, msg, depth):
        r = self.rng
        desc = msg.DESCRIPTOR
        if desc.full_name == "google.protobuf.Timestamp":
            msg.seconds = r.choice([0, -1, 1741002407, -62135596800, 253402300799, r.randint(-62135596800, 253402300799)])
            msg.nanos = r.choice([0, 1, 1000, 1000000, 10000000, 999999999, r.randint(0, 999999999)])
            return
        if desc.full_name == "google.protobuf.Duration":
            seconds = r.choice([0, 1, 315576000000, r.randint(0, 315576000000)])
            nanos = r.choice([0, 1, 500000000, 999999999, r.randint(0, 999999999)])
            sign = -1 if r.random() < 0.3 else 1
            msg.seconds, msg.nanos = sign * seconds, sign * nanos
            return
        chosen_oneofs = {o.name: r.choice(o.fields) for o in desc.oneofs if not o.name.startswith("_")
                         and r.random() < 0.8}
        for field in desc.fields:
            oneof = field.containing_oneof
            if oneof is not None and not oneof.name.startswith("_") and chosen_oneofs.get(oneof.name) is not field:
                continue
            if oneof is None and r.random() < 0.3:
                continue
            self.set_field(msg, field, depth)

    def set_field(self, msg, field, depth):
        r = self.rng
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            key_field, value_field = field.message_type.fields_by_name["key"], field.message_type.fields_by_name["value"]
            target = getattr(msg, field.name)
            for _ in range(r.choice([0, 1, 2, 3])):
                key = self.scalar(key_field)
                if value_field.message_type is not None:
                    if depth <= 0:
                        continue
                    self.fill(target[key], depth - 1)
                else:
                    target[key] = self.scalar(value_field)
            return
        if field.is_repeated:
            target = getattr(msg, field.name)
            for _ in range(r.choice([0, 1, 2, 3])):
                if field.message_type is not None:
                    if depth <= 0:
                        break
                    self.fill(target.add(), depth - 1)
                else:
                    target.append(self.scalar(field))
            return
        if field.message_type is not None:
            if depth <= 0:
                return
            sub = getattr(msg, field.name)
            sub.SetInParent()
            self.fill(sub, depth - 1)
            return
        setattr(msg, field.name, self.scalar(field))


def load_pool():
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "set.pb")
        protos = sorted(os.path.relpath(os.path.join(d, f), os.path.join(ROOT, "proto"))
                        for d, _, fs in os.walk(os.path.join(ROOT, "proto")) for f in fs if f.endswith(".proto"))
        from grpc_tools import protoc
        import grpc_tools
        include = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
        if protoc.main(["protoc", "-I" + os.path.join(ROOT, "proto"), "-I" + include, "--include_imports",
                        "--descriptor_set_out=" + out, *protos]) != 0:
            raise SystemExit("json_differential: protoc failed")
        fds = descriptor_pb2.FileDescriptorSet()
        with open(out, "rb") as fh:
            fds.ParseFromString(fh.read())
    pool = descriptor_pool.DescriptorPool()
    names = []
    for f in fds.file:
        pool.Add(f)

        def walk(prefix, m):
            if m.options.map_entry:
                return
            names.append(prefix + m.name)
            for n in m.nested_type:
                walk(prefix + m.name + ".", n)
        for m in f.message_type:
            walk(f.package + ".", m)
    return pool, names


def canonical(msg):
    return msg.SerializeToString(deterministic=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bindir")
    parser.add_argument("--values", type=int, default=12, help="random values per message type")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    pool, names = load_pool()
    rng = random.Random(args.seed)
    gen = Generator(rng)

    cases = []  # (name, message, kind) kind: ours | theirs-proto | theirs-camel
    lines = []
    for name in names:
        cls = message_factory.GetMessageClass(pool.FindMessageTypeByName(name))
        for i in range(args.values):
            msg = cls()
            gen.fill(msg, depth=3 if i % 3 else 1)
            binary = msg.SerializeToString()
            cases.append((name, msg, "ours"))
            lines.append(f"{name}\t{base64.b64encode(binary).decode()}")
            for preserve in (True, False):
                text = json_format.MessageToJson(msg, preserving_proto_field_name=preserve)
                cases.append((name, msg, "theirs-" + ("proto" if preserve else "camel"), text))
                lines.append(f"{name}\tjson\t{base64.b64encode(text.encode()).decode()}")

    tool = os.path.join(args.bindir, "JSONRoundTrip")
    result = subprocess.run([tool], input="\n".join(lines) + "\n", capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        raise SystemExit("json_differential: JSONRoundTrip failed")
    answers = result.stdout.split("\n")
    passed = failed = 0
    shown = 0
    for case, answer in zip(cases, answers):
        name, msg, kind = case[0], case[1], case[2]
        status, _, payload = answer.partition("\t")
        problem = None
        if status != "ok":
            problem = payload
        elif kind == "ours":
            try:
                parsed = json_format.Parse(payload, type(msg)())
                if canonical(parsed) != canonical(msg):
                    problem = "json_format.Parse(our JSON) differs"
            except Exception as e:  # noqa: BLE001 - any parse failure is a failed case
                problem = f"json_format.Parse failed: {e}"
        else:
            ours = type(msg)()
            ours.ParseFromString(base64.b64decode(payload))
            if canonical(ours) != canonical(msg):
                problem = "our decoding of json_format's JSON differs"
        if problem is None:
            passed += 1
        else:
            failed += 1
            if shown < 10:
                shown += 1
                print(f"FAIL {kind} {name}: {problem}", file=sys.stderr)
                if kind == "ours" and status == "ok":
                    print(f"  ours:  {payload[:600]}", file=sys.stderr)
                    print(f"  value: {json_format.MessageToJson(msg, indent=None)[:600]}", file=sys.stderr)
                elif kind != "ours":
                    print(f"  theirs: {case[3][:600]}", file=sys.stderr)
    if len(answers) < len(cases):
        failed += len(cases) - len(answers)
    print(f"json differential ({len(names)} message types, {args.values} values each, seed {args.seed}): "
          f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
