#!/usr/bin/env python3
"""Generates Baton's Swift message types from proto/.

The codec itself (varints, framing, UTF-8 checks, unknown fields) is the
hand-written runtime in Shared/Wire/Codec; this script only writes the
per-message code that calls it, so the Swift types follow the .proto files
field for field and can never drift from them. `make generate` runs it and
`make test` checks that the committed output is current.

Usage: protogen.py --proto-path proto --out Shared/Wire/Messages FILE.proto...
Needs the `protobuf` Python package (for descriptor_pb2) and `protoc`.
"""

import argparse
import base64
import os
import subprocess
import sys
import tempfile

from google.protobuf import descriptor_pb2

FD = descriptor_pb2.FieldDescriptorProto

# Swift keywords that must be escaped when used as identifiers.
SWIFT_KEYWORDS = {
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func",
    "import", "init", "inout", "internal", "let", "open", "operator", "private",
    "protocol", "public", "rethrows", "static", "struct", "subscript", "typealias",
    "var", "break", "case", "continue", "default", "defer", "do", "else", "fallthrough",
    "for", "guard", "if", "in", "repeat", "return", "switch", "where", "while", "as",
    "catch", "false", "is", "nil", "super", "self", "Self", "throw", "throws", "true",
    "try", "Type", "Protocol", "any", "some", "consume", "copy", "borrowing", "consuming",
}

# Per scalar type: Swift type, wire type, reader, writer template, size template,
# default check template, and fixed size (None for varints).
SCALARS = {
    FD.TYPE_DOUBLE: ("Double", 1, "readDouble()", "writeDouble({v})", "8", "{v}.bitPattern != 0", 8, "double"),
    FD.TYPE_FLOAT: ("Float", 5, "readFloat()", "writeFloat({v})", "4", "{v}.bitPattern != 0", 4, "float"),
    FD.TYPE_INT64: ("Int64", 0, "readInt64()", "writeInt64({v})", "ProtoSize.int64({v})", "{v} != 0", None, "int64"),
    FD.TYPE_UINT64: ("UInt64", 0, "readUInt64()", "writeVarint({v})", "ProtoSize.varint({v})", "{v} != 0", None, "uint64"),
    FD.TYPE_INT32: ("Int32", 0, "readInt32()", "writeInt32({v})", "ProtoSize.int32({v})", "{v} != 0", None, "int32"),
    FD.TYPE_FIXED64: ("UInt64", 1, "readFixed64()", "writeFixed64({v})", "8", "{v} != 0", 8, "fixed64"),
    FD.TYPE_FIXED32: ("UInt32", 5, "readFixed32()", "writeFixed32({v})", "4", "{v} != 0", 4, "fixed32"),
    FD.TYPE_BOOL: ("Bool", 0, "readBool()", "writeBool({v})", "1", "{v}", 1, "bool"),
    FD.TYPE_STRING: ("String", 2, "readString()", "writeString({v})", "ProtoSize.string({v})", "!{v}.isEmpty", None, "string"),
    FD.TYPE_BYTES: ("[UInt8]", 2, "readBytes()", "writeBytes({v})", "ProtoSize.bytes({v})", "!{v}.isEmpty", None, "bytes"),
    FD.TYPE_UINT32: ("UInt32", 0, "readUInt32()", "writeVarint32({v})", "ProtoSize.varint32({v})", "{v} != 0", None, "uint32"),
    FD.TYPE_SFIXED32: ("Int32", 5, "readSFixed32()", "writeFixed32(UInt32(bitPattern: {v}))", "4", "{v} != 0", 4, "sfixed32"),
    FD.TYPE_SFIXED64: ("Int64", 1, "readSFixed64()", "writeFixed64(UInt64(bitPattern: {v}))", "8", "{v} != 0", 8, "sfixed64"),
    FD.TYPE_SINT32: ("Int32", 0, "readSInt32()", "writeSInt32({v})", "ProtoSize.sint32({v})", "{v} != 0", None, "sint32"),
    FD.TYPE_SINT64: ("Int64", 0, "readSInt64()", "writeSInt64({v})", "ProtoSize.sint64({v})", "{v} != 0", None, "sint64"),
}

SWIFT_DEFAULTS = {
    "Double": "0", "Float": "0", "Int64": "0", "UInt64": "0", "Int32": "0", "UInt32": "0",
    "Bool": "false", "String": '""', "[UInt8]": "[]",
}


def escape(name):
    return f"`{name}`" if name in SWIFT_KEYWORDS else name


def camel(snake, upper_first):
    parts = [p for p in snake.split("_") if p]
    out = []
    for i, part in enumerate(parts):
        low = part.lower()
        if i > 0 and low in ("id", "url", "uri", "ttl", "sla", "csat", "kb", "ip"):
            out.append(low.upper())
        elif i > 0 and low in ("ids", "urls"):
            out.append(low[:-1].upper() + "s")
        elif i == 0 and not upper_first:
            out.append(low if part.isupper() or part.islower() else part[0].lower() + part[1:])
        else:
            out.append(part[0].upper() + part[1:] if not part.isupper() else part.capitalize())
    return "".join(out)


def camel_method(name):
    """UpsertAgent -> upsertAgent; GetRequest stays lower-camel."""
    i = 0
    while i < len(name) and name[i].isupper():
        i += 1
    if i > 1 and i < len(name):
        i -= 1
    return name[:i].lower() + name[i:]


def namespace_for(package):
    """baton.router.v1 -> RouterV1; grpc.health.v1 -> GRPCHealthV1; google.protobuf -> GoogleProtobuf."""
    parts = package.split(".")
    if parts[0] == "baton":
        parts = parts[1:]
    names = []
    for part in parts:
        if part == "grpc":
            names.append("GRPC")
        elif part[0] == "v" and part[1:].isdigit():
            names.append("V" + part[1:])
        else:
            names.append(part[0].upper() + part[1:])
    return "".join(names)


def tag_of(number, wire):
    return (number << 3) | wire


def varint_size(value):
    size = 1
    while value >= 0x80:
        value >>= 7
        size += 1
    return size


class Comments:
    def __init__(self, file_proto):
        self.by_path = {}
        for loc in file_proto.source_code_info.location:
            text = loc.leading_comments or loc.trailing_comments
            if text:
                self.by_path[tuple(loc.path)] = text

    def doc(self, path, indent, fallback=None):
        text = self.by_path.get(tuple(path))
        if text is None:
            if fallback is None:
                return ""
            text = fallback
        lines = [line.rstrip() for line in text.strip("\n").split("\n")]
        # Strip the common leading space protoc keeps after `//`.
        lines = [line[1:] if line.startswith(" ") else line for line in lines]
        return "".join(f"{indent}/// {line}".rstrip() + "\n" for line in lines)


class Generator:
    def __init__(self, files, runtime_import=None, services=False):
        self.files = files
        self.runtime_import = runtime_import
        self.services = services
        self.types = {}  # ".pkg.Msg" -> (swift name, DescriptorProto or EnumDescriptorProto, is_enum)
        for f in files:
            ns = namespace_for(f.package)
            for m in f.message_type:
                self._index_message(f.package, ns, m)
            for e in f.enum_type:
                self.types[f".{f.package}.{e.name}"] = (f"{ns}.{e.name}", e, True)

    def _index_message(self, proto_prefix, swift_prefix, m):
        full = f".{proto_prefix}.{m.name}"
        swift = f"{swift_prefix}.{m.name}"
        self.types[full] = (swift, m, False)
        for nested in m.nested_type:
            if not nested.options.map_entry:
                self._index_message(f"{proto_prefix}.{m.name}", swift, nested)
            else:
                self.types[f"{full}.{nested.name}"] = (None, nested, False)
        for e in m.enum_type:
            self.types[f"{full}.{e.name}"] = (f"{swift}.{e.name}", e, True)

    # MARK: field model

    def field_model(self, field, message):
        """Returns a dict describing how to declare, size, write and read a field."""
        model = {"number": field.number, "proto_name": field.name}
        model["name"] = escape(camel(field.name, False))
        model["raw_name"] = camel(field.name, False)
        repeated = field.label == FD.LABEL_REPEATED
        if field.type == FD.TYPE_MESSAGE:
            swift, desc, _ = self.types[field.type_name]
            if desc.options.map_entry:
                model["kind"] = "map"
                key, value = desc.field[0], desc.field[1]
                model["key"] = self.single(key)
                model["value"] = self.single(value)
                model["swift_type"] = f"[{model['key']['swift']}: {model['value']['swift']}]"
                model["proto_type"] = f"map<{model['key']['proto_type']}, {model['value']['proto_type']}>"
                return model
        model["single"] = self.single(field)
        model["proto_type"] = model["single"]["proto_type"]
        if repeated:
            model["kind"] = "repeated"
            model["swift_type"] = f"[{model['single']['swift']}]"
            model["proto_type"] = "repeated " + model["proto_type"]
        elif field.HasField("oneof_index") and not field.proto3_optional:
            model["kind"] = "oneof"
        elif field.proto3_optional or field.type == FD.TYPE_MESSAGE:
            model["kind"] = "optional"
            model["swift_type"] = model["single"]["swift"] + "?"
            if field.proto3_optional:
                model["proto_type"] = "optional " + model["proto_type"]
        else:
            model["kind"] = "plain"
            model["swift_type"] = model["single"]["swift"]
        return model

    def single(self, field):
        """How one value of the field's type is handled."""
        if field.type == FD.TYPE_MESSAGE:
            swift = self.types[field.type_name][0]
            return {
                "swift": swift, "wire": 2, "read": f"readMessage({swift}.self)",
                "write": "writeMessage({v})", "size": "ProtoSize.message({v})",
                "nonzero": None, "fixed": None, "default": f"{swift}()", "message": True,
                "enum": False, "proto_type": field.type_name, "packable": False,
            }
        if field.type == FD.TYPE_ENUM:
            swift = self.types[field.type_name][0]
            return {
                "swift": swift, "wire": 0, "read": f"readEnum({swift}.self)",
                "write": "writeInt32({v}.rawValue)", "size": "ProtoSize.int32({v}.rawValue)",
                "nonzero": "{v}.rawValue != 0", "fixed": None, "default": f"{swift}(rawValue: 0)",
                "message": False, "enum": True, "proto_type": field.type_name, "packable": True,
            }
        swift, wire, read, write, size, nonzero, fixed, proto = SCALARS[field.type]
        return {
            "swift": swift, "wire": wire, "read": read, "write": write, "size": size,
            "nonzero": nonzero, "fixed": fixed, "default": SWIFT_DEFAULTS[swift],
            "message": False, "enum": False, "proto_type": proto,
            "packable": wire in (0, 1, 5),
        }

    # MARK: emit

    def generate_file(self, f):
        comments = Comments(f)
        ns = namespace_for(f.package)
        out = []
        out.append("// Generated by Tools/protogen from %s. Do not edit: run `make generate`.\n" % f.name)
        out.append("// swiftlint:disable all\n\n")
        if self.runtime_import:
            out.append(f"public import {self.runtime_import}\n\n")
        if self.services and f.service:
            out.append("public import RPC\n\n")
        for i, e in enumerate(f.enum_type):
            out.append(f"extension {ns} {{\n")
            out.append(self.emit_enum(e, comments, [5, i], "    "))
            out.append("}\n\n")
        for i, m in enumerate(f.message_type):
            out.append(f"extension {ns} {{\n")
            out.append(self.emit_struct(f.package, m, comments, [4, i], "    "))
            out.append("}\n\n")
            out.append(self.emit_codecs(f.package, f"{ns}.{m.name}", m))
        out.append(self.emit_json_enums(f.package, ns, f.enum_type, f.message_type))
        for m in f.message_type:
            out.append(self.emit_json_codecs(f.package, f"{ns}.{m.name}", m))
        if self.services:
            for i, service in enumerate(f.service):
                out.append(self.emit_service(f, service, comments, [6, i]))
        return "".join(out).rstrip("\n") + "\n"

    def emit_service(self, f, service, comments, path):
        ns = namespace_for(f.package)
        full = f"{f.package}.{service.name}"
        name = service.name
        s = f"extension {ns} {{\n"
        s += f"    /// The methods of `{full}` as they appear on the wire.\n"
        s += f"    public enum {name} {{\n"
        methods = []
        for j, m in enumerate(service.method):
            kind = {(False, False): "unary", (False, True): "serverStreaming",
                    (True, False): "clientStreaming", (True, True): "bidirectionalStreaming"}[(m.client_streaming, m.server_streaming)]
            idempotent = m.options.idempotency_level in (1, 2)  # NO_SIDE_EFFECTS, IDEMPOTENT
            prop = escape(camel_method(m.name))
            req = self.types[m.input_type][0]
            resp = self.types[m.output_type][0]
            methods.append((m, prop, kind, req, resp, j))
            s += comments.doc(path + [2, j], "        ", m.name)
            s += (f"        public static let {prop} = MethodDescriptor(service: \"{full}\", method: \"{m.name}\", "
                  f"kind: .{kind}{', idempotent: true' if idempotent else ''})\n")
        s += "\n        /// Every method with its message types, for a proxy that forwards them unread.\n"
        s += "        public static let bindings: [MethodBinding] = [\n"
        for m, prop, kind, req, resp, j in methods:
            s += f"            MethodBinding({prop}, request: {req}.self, response: {resp}.self),\n"
        s += "        ]\n"
        s += "    }\n\n"
        # Server protocol.
        s += comments.doc(path, "    ", full)
        s += f"    ///\n    /// Implement this to serve `{full}`; pass the value to `RPCServer`.\n"
        s += f"    public protocol {name}Service: RPCService {{\n"
        for m, prop, kind, req, resp, j in methods:
            s += comments.doc(path + [2, j], "        ", m.name)
            if kind == "unary":
                s += f"        func {prop}(_ request: {req}, context: ServerContext) async throws -> {resp}\n"
            elif kind == "serverStreaming":
                s += f"        func {prop}(_ request: {req}, responses: ResponseWriter<{resp}>, context: ServerContext) async throws\n"
            elif kind == "clientStreaming":
                s += f"        func {prop}(_ requests: RequestStream<{req}>, context: ServerContext) async throws -> {resp}\n"
            else:
                s += f"        func {prop}(_ requests: RequestStream<{req}>, responses: ResponseWriter<{resp}>, context: ServerContext) async throws\n"
        s += "    }\n\n"
        # Client.
        s += f"    /// A client for `{full}` over an `RPCChannel`.\n"
        s += f"    public struct {name}Client: Sendable {{\n"
        s += "        /// The channel calls go through.\n        public let channel: RPCChannel\n\n"
        s += "        /// Creates a client.\n        public init(channel: RPCChannel) { self.channel = channel }\n"
        for m, prop, kind, req, resp, j in methods:
            s += "\n" + comments.doc(path + [2, j], "        ", m.name)
            d = f"{ns}.{name}.{prop}"
            if kind == "unary":
                s += (f"        public func {prop}(_ request: {req}, options: CallOptions = .init()) async throws -> {resp} {{\n"
                      f"            try await channel.unary({d}, request, options: options).message\n        }}\n")
            elif kind == "serverStreaming":
                s += (f"        nonisolated(nonsending) public func {prop}<Result: Sendable>(_ request: {req}, options: CallOptions = .init(),\n"
                      f"            _ body: (ClientResponseStream<{resp}>) async throws -> Result) async throws -> Result {{\n"
                      f"            try await channel.serverStreaming({d}, request, options: options, body)\n        }}\n")
            elif kind == "clientStreaming":
                s += (f"        nonisolated(nonsending) public func {prop}(options: CallOptions = .init(),\n"
                      f"            _ requests: (RequestSender<{req}>) async throws -> Void) async throws -> {resp} {{\n"
                      f"            try await channel.clientStreaming({d}, options: options, requests).message\n        }}\n")
            else:
                s += (f"        nonisolated(nonsending) public func {prop}<Result: Sendable>(options: CallOptions = .init(),\n"
                      f"            _ body: (RequestSender<{req}>, ClientResponseStream<{resp}>) async throws -> Result) async throws -> Result {{\n"
                      f"            try await channel.bidirectionalStreaming({d}, options: options, body)\n        }}\n")
        s += "    }\n}\n\n"
        # Server method table.
        s += f"extension {ns}.{name}Service {{\n"
        s += "    /// Every method with its handler, for `RPCServer`.\n"
        s += "    public var methods: [ServerMethod] {\n        [\n"
        for m, prop, kind, req, resp, j in methods:
            d = f"{ns}.{name}.{prop}"
            if kind == "unary":
                s += f"            .unary({d}) {{ (request: {req}, context) in try await self.{prop}(request, context: context) }},\n"
            elif kind == "serverStreaming":
                s += f"            .serverStreaming({d}) {{ (request: {req}, responses: ResponseWriter<{resp}>, context) in try await self.{prop}(request, responses: responses, context: context) }},\n"
            elif kind == "clientStreaming":
                s += f"            .clientStreaming({d}) {{ (requests: RequestStream<{req}>, context) in try await self.{prop}(requests, context: context) }},\n"
            else:
                s += f"            .bidirectionalStreaming({d}) {{ (requests: RequestStream<{req}>, responses: ResponseWriter<{resp}>, context) in try await self.{prop}(requests, responses: responses, context: context) }},\n"
        s += "        ]\n    }\n}\n\n"
        return s

    def emit_enum(self, e, comments, path, ind):
        prefix = self._enum_prefix(e.name)
        cases = []
        seen = set()
        for j, v in enumerate(e.value):
            name = v.name[len(prefix):] if v.name.startswith(prefix) and not v.name[len(prefix):][:1].isdigit() else v.name
            case = camel(name.lower(), False)
            if v.number in seen:
                continue  # aliases decode to the first name
            seen.add(v.number)
            cases.append((escape(case), v.number, comments.doc(path + [2, j], ind + "    ", v.name)))
        s = comments.doc(path, ind, e.name)
        s += f"{ind}public enum {e.name}: ProtoEnum {{\n"
        for case, _, doc in cases:
            s += doc + f"{ind}    case {case}\n"
        s += f"{ind}    /// A value this build does not know, kept as its number.\n"
        s += f"{ind}    case unrecognized(Int32)\n\n"
        s += f"{ind}    /// The cases this build knows.\n"
        s += f"{ind}    public static let allCases: [Self] = [{', '.join('.' + c for c, _, _ in cases)}]\n\n"
        s += f"{ind}    /// Creates the case for `rawValue`.\n"
        s += f"{ind}    public init(rawValue: Int32) {{\n{ind}        switch rawValue {{\n"
        for case, number, _ in cases:
            s += f"{ind}        case {number}: self = .{case}\n"
        s += f"{ind}        default: self = .unrecognized(rawValue)\n{ind}        }}\n{ind}    }}\n\n"
        s += f"{ind}    /// The wire value.\n"
        s += f"{ind}    public var rawValue: Int32 {{\n{ind}        switch self {{\n"
        for case, number, _ in cases:
            s += f"{ind}        case .{case}: {number}\n"
        s += f"{ind}        case .unrecognized(let value): value\n{ind}        }}\n{ind}    }}\n"
        s += f"{ind}}}\n"
        return s

    @staticmethod
    def _enum_prefix(name):
        out = ""
        for i, ch in enumerate(name):
            if ch.isupper() and i > 0 and (not name[i - 1].isupper() or (i + 1 < len(name) and name[i + 1].islower())):
                out += "_"
            out += ch.upper()
        return out + "_"

    def oneofs(self, m):
        """Real (non-synthetic) oneofs: index -> (swift property, swift enum name, [field models])."""
        nested_names = {n.name for n in m.nested_type} | {e.name for e in m.enum_type}
        result = {}
        for index, decl in enumerate(m.oneof_decl):
            members = [f for f in m.field if f.HasField("oneof_index") and f.oneof_index == index and not f.proto3_optional]
            if not members:
                continue
            enum_name = camel(decl.name, True)
            if enum_name in nested_names:
                enum_name += "OneOf"
            result[index] = (escape(camel(decl.name, False)), enum_name, decl.name)
        return result

    def emit_struct(self, package, m, comments, path, ind):
        s = comments.doc(path, ind, m.name)
        s += f"{ind}public struct {m.name}: ProtoMessage {{\n"
        oneofs = self.oneofs(m)
        emitted_oneofs = set()
        for j, field in enumerate(m.field):
            model = self.field_model(field, m)
            doc = comments.doc(path + [2, j], ind + "    ", field.name)
            if model["kind"] == "oneof":
                index = field.oneof_index
                if index in emitted_oneofs:
                    continue
                emitted_oneofs.add(index)
                prop, enum_name, _ = oneofs[index]
                s += comments.doc(path + [8, index], ind + "    ", f"One of the `{m.oneof_decl[index].name}` fields, or none.")
                s += f"{ind}    public var {prop}: {enum_name}?\n"
                continue
            default = {"plain": model.get("single", {}).get("default"), "optional": "nil", "repeated": "[]", "map": "[:]"}[model["kind"]]
            if model["kind"] == "plain" and model["single"]["enum"]:
                default = "." + self._enum_zero_case(field)
            s += doc + f"{ind}    public var {model['name']}: {model['swift_type']} = {default}\n"
        s += f"{ind}    /// Fields read from the wire that this build does not know.\n"
        s += f"{ind}    public var unknownFields = UnknownFields()\n\n"
        s += f"{ind}    /// Creates a message with every field at its default.\n"
        s += f"{ind}    public init() {{}}\n"
        for index, (prop, enum_name, _) in oneofs.items():
            s += "\n" + comments.doc(path + [8, index], ind + "    ", f"The `{m.oneof_decl[index].name}` oneof.")
            s += f"{ind}    public enum {enum_name}: Hashable, Sendable {{\n"
            for j, field in enumerate(m.field):
                if field.HasField("oneof_index") and field.oneof_index == index and not field.proto3_optional:
                    model = self.field_model(field, m)
                    s += comments.doc(path + [2, j], ind + "        ", field.name)
                    s += f"{ind}        case {model['name']}({model['single']['swift']})\n"
            s += f"{ind}    }}\n"
        for k, nested in enumerate(m.nested_type):
            if nested.options.map_entry:
                continue
            s += "\n" + self.emit_struct(f"{package}.{m.name}", nested, comments, path + [3, k], ind + "    ")
        for k, e in enumerate(m.enum_type):
            s += "\n" + self.emit_enum(e, comments, path + [4, k], ind + "    ")
        s += f"{ind}}}\n"
        return s

    def _enum_zero_case(self, field):
        e = self.types[field.type_name][1]
        prefix = self._enum_prefix(e.name)
        for v in e.value:
            if v.number == 0:
                name = v.name[len(prefix):] if v.name.startswith(prefix) and not v.name[len(prefix):][:1].isdigit() else v.name
                return escape(camel(name.lower(), False))
        raise SystemExit(f"enum {e.name} has no zero value")

    def emit_codecs(self, package, swift, m):
        s = self.emit_codec(package, swift, m)
        for nested in m.nested_type:
            if not nested.options.map_entry:
                s += self.emit_codecs(f"{package}.{m.name}", f"{swift}.{nested.name}", nested)
        return s

    def emit_codec(self, package, swift, m):
        oneofs = self.oneofs(m)
        models = [self.field_model(f, m) for f in m.field]
        for model, field in zip(models, m.field):
            if model["kind"] == "oneof":
                model["oneof"] = oneofs[field.oneof_index]
        ordered = sorted(models, key=lambda x: x["number"])
        s = f"extension {swift} {{\n"
        s += f"    /// `{package}.{m.name}`.\n"
        s += f"    public static let protoMessageName = \"{package}.{m.name}\"\n\n"
        s += "    /// The fields as declared in the `.proto`.\n"
        s += "    public static let protoFields: [ProtoField] = [\n"
        for model in models:
            s += f"        ProtoField(number: {model['number']}, name: \"{model['proto_name']}\", type: \"{model['proto_type']}\"),\n"
        s += "    ]\n\n"

        # containsUnknownFields
        checks = ["!unknownFields.isEmpty"]
        for model in models:
            n = model["name"]
            if model["kind"] == "optional" and model["single"]["message"]:
                checks.append(f"({n}?.containsUnknownFields ?? false)")
            elif model["kind"] == "repeated" and model["single"]["message"]:
                checks.append(f"{n}.contains {{ $0.containsUnknownFields }}")
            elif model["kind"] == "map" and model["value"]["message"]:
                checks.append(f"{n}.values.contains {{ $0.containsUnknownFields }}")
        for index, (prop, enum_name, _) in oneofs.items():
            cases = [md for md in models if md["kind"] == "oneof" and md["oneof"][0] == prop and md["single"]["message"]]
            for md in cases:
                checks.append(f"({{ if case .{md['name']}(let value)? = {prop} {{ value.containsUnknownFields }} else {{ false }} }}())")
        s += "    /// Whether this message or any message inside it holds unknown fields.\n"
        s += "    public var containsUnknownFields: Bool {\n        " + "\n            || ".join(checks) + "\n    }\n\n"

        # encodedSize
        s += "    /// The exact size of the encoding, in bytes.\n"
        s += "    public func encodedSize() -> Int {\n        var size = 0\n"
        done_oneofs = set()
        for model in ordered:
            s += self.size_code(model, done_oneofs, models)
        s += "        size += unknownFields.bytes.count\n        return size\n    }\n\n"

        # encode
        s += "    /// Writes the encoding; the writer must have `encodedSize()` bytes free.\n"
        s += "    public func encode(to writer: inout ProtoWriter) {\n"
        done_oneofs = set()
        for model in ordered:
            s += self.encode_code(model, done_oneofs, models)
        s += "        writer.writeRaw(unknownFields.bytes)\n    }\n\n"

        # merge
        s += "    /// Reads fields until the reader's current message ends, merging them into `self`.\n"
        s += "    public mutating func merge(from reader: inout ProtoReader) throws(WireError) {\n"
        s += "        do throws(WireError) {\n            while let tag = try reader.nextTag() {\n                switch tag {\n"
        for model in ordered:
            s += self.decode_code(model)
        s += "                default:\n"
        if models:
            s += "                    if Self.protoFieldName(tag >> 3) != nil { throw reader.wrongWireType() }\n"
        s += "                    try reader.skipField(tag, into: &unknownFields)\n"
        s += "                }\n            }\n        } catch {\n"
        s += "            throw Self.annotate(error, field: reader.fieldNumber)\n        }\n    }\n"
        s += "}\n\n"
        return s

    @staticmethod
    def fill(template, v):
        return template.replace("{v}", v)

    def size_code(self, model, done_oneofs, models):
        n = model["name"]
        num = model["number"]
        kind = model["kind"]
        if kind == "map":
            return self.map_code(model, "size")
        single = model["single"]
        tsize = varint_size(tag_of(num, single["wire"]))
        if kind == "plain":
            return f"        if {self.fill(single['nonzero'], n)} {{ size += {tsize} + {self.fill(single['size'], n)} }}\n"
        if kind == "optional":
            if "{v}" not in single["size"]:
                return f"        if {n} != nil {{ size += {tsize} + {single['size']} }}\n"
            return f"        if let value = {n} {{ size += {tsize} + {self.fill(single['size'], 'value')} }}\n"
        if kind == "repeated":
            if single["packable"]:
                ptsize = varint_size(tag_of(num, 2))
                payload = f"{n}.count * {single['fixed']}" if single["fixed"] else f"{n}.reduce(0) {{ $0 + {self.fill(single['size'], '$1')} }}"
                return (f"        if !{n}.isEmpty {{ size += {ptsize} + ProtoSize.lengthDelimited({payload}) }}\n")
            return f"        for value in {n} {{ size += {tsize} + {self.fill(single['size'], 'value')} }}\n"
        if kind == "oneof":
            prop = model["oneof"][0]
            if prop in done_oneofs:
                return ""
            done_oneofs.add(prop)
            s = f"        switch {prop} {{\n"
            for md in sorted((x for x in models if x["kind"] == "oneof" and x["oneof"][0] == prop), key=lambda x: x["number"]):
                t = varint_size(tag_of(md["number"], md["single"]["wire"]))
                bind = "(let value)" if "{v}" in md["single"]["size"] else ""
                s += f"        case .{md['name']}{bind}?: size += {t} + {self.fill(md['single']['size'], 'value')}\n"
            s += "        case nil: break\n        }\n"
            return s
        raise AssertionError(kind)

    def encode_code(self, model, done_oneofs, models):
        n = model["name"]
        num = model["number"]
        kind = model["kind"]
        if kind == "map":
            return self.map_code(model, "encode")
        single = model["single"]
        tag = tag_of(num, single["wire"])
        if kind == "plain":
            return (f"        if {self.fill(single['nonzero'], n)} {{\n"
                    f"            writer.writeVarint32({tag})\n"
                    f"            writer.{self.fill(single['write'], n)}\n        }}\n")
        if kind == "optional":
            return (f"        if let value = {n} {{\n"
                    f"            writer.writeVarint32({tag})\n"
                    f"            writer.{self.fill(single['write'], 'value')}\n        }}\n")
        if kind == "repeated":
            if single["packable"]:
                ptag = tag_of(num, 2)
                payload = f"{n}.count * {single['fixed']}" if single["fixed"] else f"{n}.reduce(0) {{ $0 + {self.fill(single['size'], '$1')} }}"
                return (f"        if !{n}.isEmpty {{\n"
                        f"            writer.writeVarint32({ptag})\n"
                        f"            writer.writeVarint(UInt64({payload}))\n"
                        f"            for value in {n} {{ writer.{self.fill(single['write'], 'value')} }}\n        }}\n")
            return (f"        for value in {n} {{\n"
                    f"            writer.writeVarint32({tag})\n"
                    f"            writer.{self.fill(single['write'], 'value')}\n        }}\n")
        if kind == "oneof":
            prop = model["oneof"][0]
            if prop in done_oneofs:
                return ""
            done_oneofs.add(prop)
            s = f"        switch {prop} {{\n"
            for md in sorted((x for x in models if x["kind"] == "oneof" and x["oneof"][0] == prop), key=lambda x: x["number"]):
                t = tag_of(md["number"], md["single"]["wire"])
                s += (f"        case .{md['name']}(let value)?:\n"
                      f"            writer.writeVarint32({t})\n"
                      f"            writer.{self.fill(md['single']['write'], 'value')}\n")
            s += "        case nil: break\n        }\n"
            return s
        raise AssertionError(kind)

    def map_code(self, model, what):
        n = model["name"]
        key, value = model["key"], model["value"]
        ktag, vtag = tag_of(1, key["wire"]), tag_of(2, value["wire"])
        entry = f"1 + {self.fill(key['size'], 'key')} + 1 + {self.fill(value['size'], 'value')}"
        ttag = tag_of(model["number"], 2)
        tsize = varint_size(ttag)
        if what == "size":
            k = "key" if "{v}" in key["size"] else "_"
            v = "value" if "{v}" in value["size"] else "_"
            if k == "_" and v == "_":
                return f"        size += {n}.count * ({tsize} + ProtoSize.lengthDelimited({entry}))\n"
            return f"        for ({k}, {v}) in {n} {{ size += {tsize} + ProtoSize.lengthDelimited({entry}) }}\n"
        # Sorted keys make the encoding deterministic (audit hashes depend on it).
        order = "{ !$0.key && $1.key }" if key["swift"] == "Bool" else "{ $0.key < $1.key }"
        return (f"        for (key, value) in {n}.sorted(by: {order}) {{\n"
                f"            writer.writeVarint32({ttag})\n"
                f"            writer.writeVarint(UInt64({entry}))\n"
                f"            writer.writeVarint32({ktag})\n"
                f"            writer.{self.fill(key['write'], 'key')}\n"
                f"            writer.writeVarint32({vtag})\n"
                f"            writer.{self.fill(value['write'], 'value')}\n        }}\n")

    def decode_code(self, model):
        n = model["name"]
        num = model["number"]
        kind = model["kind"]
        if kind == "map":
            key, value = model["key"], model["value"]
            return (f"                case {tag_of(num, 2)}:\n"
                    f"                    try reader.readMapEntry(\n"
                    f"                        into: &{n},\n"
                    f"                        keyTag: {tag_of(1, key['wire'])}, key: {{ (r) throws(WireError) in try r.{key['read']} }}, defaultKey: {key['default']},\n"
                    f"                        valueTag: {tag_of(2, value['wire'])}, value: {{ (r) throws(WireError) in try r.{value['read']} }}, defaultValue: {value['default']}\n"
                    f"                    )\n")
        single = model["single"]
        tag = tag_of(num, single["wire"])
        if kind == "plain":
            return f"                case {tag}: {n} = try reader.{single['read']}\n"
        if kind == "optional":
            if single["message"]:
                return (f"                case {tag}:\n"
                        f"                    var value = {n} ?? {single['swift']}()\n"
                        f"                    try reader.readMessage(into: &value)\n"
                        f"                    {n} = value\n")
            return f"                case {tag}: {n} = try reader.{single['read']}\n"
        if kind == "repeated":
            s = f"                case {tag}: {n}.append(try reader.{single['read']})\n"
            if single["packable"]:
                s += (f"                case {tag_of(num, 2)}:\n"
                      f"                    try reader.readPacked(into: &{n}) {{ (r) throws(WireError) in try r.{single['read']} }}\n")
            return s
        if kind == "oneof":
            prop = model["oneof"][0]
            if single["message"]:
                return (f"                case {tag}:\n"
                        f"                    var value: {single['swift']}\n"
                        f"                    if case .{n}(let existing)? = {prop} {{ value = existing }} else {{ value = {single['swift']}() }}\n"
                        f"                    try reader.readMessage(into: &value)\n"
                        f"                    {prop} = .{n}(value)\n")
            return f"                case {tag}: {prop} = .{n}(try reader.{single['read']})\n"
        raise AssertionError(kind)

    # MARK: proto3 JSON

    JSON_READ = {
        "double": "readDouble()", "float": "readFloat()", "int64": "readInt64()", "uint64": "readUInt64()",
        "int32": "readInt32()", "fixed64": "readUInt64()", "fixed32": "readUInt32()", "bool": "readBool()",
        "string": "readString()", "bytes": "readBytes()", "uint32": "readUInt32()", "sfixed32": "readInt32()",
        "sfixed64": "readInt64()", "sint32": "readInt32()", "sint64": "readInt64()",
    }
    JSON_WRITE = {
        "double": "writeDouble", "float": "writeFloat", "int64": "writeQuoted", "uint64": "writeQuoted",
        "int32": "writeNumber", "fixed64": "writeQuoted", "fixed32": "writeNumber", "bool": "writeBool",
        "string": "writeString", "bytes": "writeBase64", "uint32": "writeNumber", "sfixed32": "writeNumber",
        "sfixed64": "writeQuoted", "sint32": "writeNumber", "sint64": "writeQuoted",
    }
    JSON_MAP_KEY = {
        "string": "mapKeyString", "bool": "mapKeyBool", "int32": "mapKeyInt32", "sint32": "mapKeyInt32",
        "sfixed32": "mapKeyInt32", "uint32": "mapKeyUInt32", "fixed32": "mapKeyUInt32", "int64": "mapKeyInt64",
        "sint64": "mapKeyInt64", "sfixed64": "mapKeyInt64", "uint64": "mapKeyUInt64", "fixed64": "mapKeyUInt64",
    }

    def json_read(self, single):
        if single["message"]:
            return f"readMessage({single['swift']}.self)"
        if single["enum"]:
            return f"readEnum({single['swift']}.self)"
        return self.JSON_READ[single["proto_type"]]

    def json_write(self, single, v):
        if single["message"]:
            return f"writeMessage({v})"
        if single["enum"]:
            return f"writeEnum({v})"
        return f"{self.JSON_WRITE[single['proto_type']]}({v})"

    def emit_json_enums(self, package, swift_prefix, enums, messages):
        """ProtoJSONEnum conformances for the enums of a file or message, and of its nested messages."""
        s = ""
        for e in enums:
            swift = f"{swift_prefix}.{e.name}"
            prefix = self._enum_prefix(e.name)
            cases, seen = [], set()
            for v in e.value:
                name = v.name[len(prefix):] if v.name.startswith(prefix) and not v.name[len(prefix):][:1].isdigit() else v.name
                case = escape(camel(name.lower(), False))
                cases.append((case, v.name, v.number in seen))
                seen.add(v.number)
            s += f"extension {swift}: ProtoJSONEnum {{\n"
            s += f"    /// `{package}.{e.name}`.\n"
            s += f"    public static let protoEnumName = \"{package}.{e.name}\"\n\n"
            s += "    /// The `.proto` name of the value; nil for a number this build does not know.\n"
            s += "    public var jsonName: StaticString? {\n        switch self {\n"
            for case, name, alias in cases:
                if not alias:
                    s += f"        case .{case}: \"{name}\"\n"
            s += "        case .unrecognized: nil\n        }\n    }\n\n"
            s += "    /// The value named `name` in the `.proto` (aliases included), or nil.\n"
            s += "    public init?(jsonName name: JSONKey) {\n"
            s += self.json_name_switch([(name, f".{case}") for case, name, _ in cases], "name",
                                       lambda target: f"self = {target}; return", "        ")
            s += "        return nil\n    }\n}\n\n"
        for m in messages:
            if not m.options.map_entry:
                s += self.emit_json_enums(f"{package}.{m.name}", f"{swift_prefix}.{m.name}", m.enum_type, m.nested_type)
        return s

    @staticmethod
    def json_name_switch(entries, var, action, ind):
        """A switch on the key's length, then exact byte comparisons."""
        by_length = {}
        for name, target in entries:
            by_length.setdefault(len(name.encode()), []).append((name, target))
        s = f"{ind}switch {var}.count {{\n"
        for length in sorted(by_length):
            s += f"{ind}case {length}:\n"
            for name, target in by_length[length]:
                s += f"{ind}    if {var}.matches(\"{name}\") {{ {action(target)} }}\n"
        s += f"{ind}default: break\n{ind}}}\n"
        return s

    def emit_json_codecs(self, package, swift, m):
        s = self.emit_json_codec(package, swift, m)
        for nested in m.nested_type:
            if not nested.options.map_entry:
                s += self.emit_json_codecs(f"{package}.{m.name}", f"{swift}.{nested.name}", nested)
        return s

    def emit_json_codec(self, package, swift, m):
        full = f"{package}.{m.name}"
        s = f"extension {swift}: ProtoJSONMessage {{\n"
        if full in ("google.protobuf.Timestamp", "google.protobuf.Duration"):
            kind = "Timestamp" if full.endswith("Timestamp") else "Duration"
            s += f"    /// Writes the {kind} as proto3 JSON: a string, not an object.\n"
            s += "    public func encodeJSON(into writer: inout JSONWriter) {\n"
            s += f"        JSONWellKnown.write{kind}(seconds: seconds, nanos: nanos, into: &writer)\n    }}\n\n"
            s += f"    /// Reads the {kind} from its proto3 JSON string.\n"
            s += "    public mutating func mergeJSON(from reader: inout JSONReader) throws(JSONError) {\n"
            s += f"        (seconds, nanos) = try JSONWellKnown.read{kind}(from: &reader)\n    }}\n}}\n\n"
            return s
        oneofs = self.oneofs(m)
        models = [self.field_model(f, m) for f in m.field]
        if len(models) >= 128:
            raise SystemExit(f"protogen: {full} has {len(models)} fields; JSONFieldSet holds 128")
        for index, (model, field) in enumerate(zip(models, m.field)):
            model["index"] = index + 1
            model["json_name"] = field.json_name or camel(field.name, False)
            if model["kind"] == "oneof":
                model["oneof"] = oneofs[field.oneof_index]
        ordered = sorted(models, key=lambda x: x["number"])

        # encode
        s += "    /// Writes the message as proto3 JSON: fields at their default left out unless they have presence.\n"
        s += "    public func encodeJSON(into writer: inout JSONWriter) {\n        writer.beginObject()\n"
        done_oneofs = set()
        for model in ordered:
            s += self.json_encode_code(model, done_oneofs, ordered)
        s += "        writer.endObject()\n    }\n\n"

        # lookup
        s += "    /// The `.proto` names by JSON field index (declaration order from 1), for error paths.\n"
        s += "    static let jsonProtoNames: [String] = [\"\"" + "".join(f", \"{md['proto_name']}\"" for md in models) + "]\n\n"
        s += "    /// The field index of a member name (JSON or `.proto` name), 0 when none.\n"
        s += "    static func jsonFieldIndex(_ key: JSONKey) -> Int {\n"
        entries = []
        for md in models:
            entries.append((md["json_name"], str(md["index"])))
            if md["proto_name"] != md["json_name"]:
                entries.append((md["proto_name"], str(md["index"])))
        if entries:
            s += self.json_name_switch(entries, "key", lambda target: f"return {target}", "        ")
        s += "        return 0\n    }\n\n"

        # decode
        s += "    /// Reads a JSON object into `self`: both names accepted, `null` as unset, duplicates and\n"
        s += "    /// (unless the options say otherwise) unknown members rejected.\n"
        s += "    public mutating func mergeJSON(from reader: inout JSONReader) throws(JSONError) {\n"
        s += "        try reader.beginObject()\n"
        if not models:
            s += "        while let key = try reader.nextKey() { try reader.unknownField(key) }\n    }\n}\n\n"
            return s
        s += "        var seen = JSONFieldSet()\n        var field = 0\n"
        s += "        do throws(JSONError) {\n            while true {\n                field = 0\n"
        s += "                guard let key = try reader.nextKey() else { break }\n"
        s += "                field = Self.jsonFieldIndex(key)\n                switch field {\n"
        for model in models:
            s += self.json_decode_code(model)
        s += "                default:\n                    try reader.unknownField(key)\n"
        s += "                }\n            }\n        } catch {\n"
        s += "            throw error.prefixed(field: field == 0 ? nil : Self.jsonProtoNames[field])\n        }\n    }\n}\n\n"
        return s

    def json_encode_code(self, model, done_oneofs, models):
        # `self.` everywhere: a field may be named like a local (`field`, `key`, `values`).
        n = "self." + model["name"]
        kind = model["kind"]
        key = f"writer.key(\"\\\"{model['json_name']}\\\":\")"
        if kind == "map":
            k, v = model["key"], model["value"]
            order = "{ !$0.key && $1.key }" if k["swift"] == "Bool" else "{ $0.key < $1.key }"
            return (f"        if !{n}.isEmpty {{\n            {key}\n            writer.beginObject()\n"
                    f"            for (key, value) in {n}.sorted(by: {order}) {{\n"
                    f"                writer.mapKey(key)\n                writer.{self.json_write(v, 'value')}\n            }}\n"
                    f"            writer.endObject()\n        }}\n")
        single = model["single"]
        if kind == "plain":
            return (f"        if {self.fill(single['nonzero'], n)} {{\n            {key}\n"
                    f"            writer.{self.json_write(single, n)}\n        }}\n")
        if kind == "optional":
            return (f"        if let value = {n} {{\n            {key}\n"
                    f"            writer.{self.json_write(single, 'value')}\n        }}\n")
        if kind == "repeated":
            return (f"        if !{n}.isEmpty {{\n            {key}\n            writer.beginArray()\n"
                    f"            for value in {n} {{\n                writer.element()\n"
                    f"                writer.{self.json_write(single, 'value')}\n            }}\n"
                    f"            writer.endArray()\n        }}\n")
        if kind == "oneof":
            prop = "self." + model["oneof"][0]
            if prop in done_oneofs:
                return ""
            done_oneofs.add(prop)
            s = f"        switch {prop} {{\n"
            for md in (x for x in models if x["kind"] == "oneof" and "self." + x["oneof"][0] == prop):
                s += (f"        case .{md['name']}(let value)?:\n"
                      f"            writer.key(\"\\\"{md['json_name']}\\\":\")\n"
                      f"            writer.{self.json_write(md['single'], 'value')}\n")
            s += "        case nil: break\n        }\n"
            return s
        raise AssertionError(kind)

    def json_decode_code(self, model):
        n = "self." + model["name"]
        kind = model["kind"]
        i = model["index"]
        s = f"                case {i}:\n                    try seen.insert({i}, reader: reader)\n"
        ind = "                    "
        if kind == "map":
            k, v = model["key"], model["value"]
            s += (f"{ind}if reader.consumeNull() {{ {n} = [:]; continue }}\n"
                  f"{ind}var map: {model['swift_type']} = [:]\n"
                  f"{ind}try reader.beginObject()\n"
                  f"{ind}while let mapKey = try reader.nextKey() {{\n"
                  f"{ind}    let key = try reader.{self.JSON_MAP_KEY[k['proto_type']]}(mapKey)\n"
                  f"{ind}    do throws(JSONError) {{\n"
                  f"{ind}        if reader.consumeNull() {{ throw reader.nullInCollection() }}\n"
                  f"{ind}        map[key] = try reader.{self.json_read(v)}\n"
                  f"{ind}    }} catch {{\n{ind}        throw error.prefixed(.key(mapKey.text))\n{ind}    }}\n"
                  f"{ind}}}\n{ind}{n} = map\n")
            return s
        single = model["single"]
        read = self.json_read(single)
        if kind == "plain":
            default = "." + self._enum_zero_case_of(single) if single["enum"] else single["default"]
            s += f"{ind}if reader.consumeNull() {{ {n} = {default}; continue }}\n{ind}{n} = try reader.{read}\n"
            return s
        if kind == "optional":
            if single["message"]:
                s += (f"{ind}if reader.consumeNull() {{ {n} = nil; continue }}\n"
                      f"{ind}var value = {n} ?? {single['swift']}()\n"
                      f"{ind}try value.mergeJSON(from: &reader)\n{ind}{n} = value\n")
            else:
                s += f"{ind}if reader.consumeNull() {{ {n} = nil; continue }}\n{ind}{n} = try reader.{read}\n"
            return s
        if kind == "repeated":
            s += (f"{ind}if reader.consumeNull() {{ {n} = []; continue }}\n"
                  f"{ind}var values: {model['swift_type']} = []\n"
                  f"{ind}try reader.beginArray()\n"
                  f"{ind}while try reader.nextElement() {{\n"
                  f"{ind}    do throws(JSONError) {{\n"
                  f"{ind}        if reader.consumeNull() {{ throw reader.nullInCollection() }}\n"
                  f"{ind}        values.append(try reader.{read})\n"
                  f"{ind}    }} catch {{\n{ind}        throw error.prefixed(.index(values.count))\n{ind}    }}\n"
                  f"{ind}}}\n{ind}{n} = values\n")
            return s
        if kind == "oneof":
            prop = "self." + model["oneof"][0]
            s += (f"{ind}if reader.consumeNull() {{ continue }}\n"
                  f"{ind}guard {prop} == nil else {{ throw reader.oneofConflict(\"{model['oneof'][2]}\") }}\n"
                  f"{ind}{prop} = .{model['name']}(try reader.{read})\n")
            return s
        raise AssertionError(kind)

    def _enum_zero_case_of(self, single):
        e = None
        for full, (swift, desc, is_enum) in self.types.items():
            if is_enum and swift == single["swift"]:
                e = desc
                break
        prefix = self._enum_prefix(e.name)
        for v in e.value:
            if v.number == 0:
                name = v.name[len(prefix):] if v.name.startswith(prefix) and not v.name[len(prefix):][:1].isdigit() else v.name
                return escape(camel(name.lower(), False))
        raise SystemExit(f"enum {e.name} has no zero value")

    def check_cycles(self):
        """Swift structs cannot hold themselves through singular fields; fail early if a .proto does."""
        def deps(full):
            _, m, is_enum = self.types[full]
            if is_enum or m.options.map_entry:
                return []
            return [f.type_name for f in m.field
                    if f.type == FD.TYPE_MESSAGE and f.label != FD.LABEL_REPEATED
                    and not self.types[f.type_name][1].options.map_entry]
        for start in self.types:
            stack, seen = list(deps(start)), set()
            while stack:
                t = stack.pop()
                if t == start:
                    raise SystemExit(f"protogen: {start} contains itself through singular fields; make the path repeated")
                if t not in seen:
                    seen.add(t)
                    stack.extend(deps(t))


def output_stem(f, fds):
    """The generated file's path without its extension: the .proto's path, and
    when another file has the same base name (grpc/reflection/v1/reflection.proto
    and v1alpha's), its package's last part too, since SwiftPM builds one object
    file per base name within a module."""
    stem = os.path.splitext(f.name)[0]
    base = os.path.basename(stem)
    if sum(1 for other in fds.file if os.path.basename(os.path.splitext(other.name)[0]) == base) > 1:
        stem += "." + f.package.split(".")[-1]
    return stem


def reflection_registry(name, fds):
    """Swift source of an enum listing every file of `fds` for server reflection:
    its serialized FileDescriptorProto (base64, without source info: smaller,
    and a string literal compiles fast where a byte array does not), the files
    it imports, and the fully qualified symbols it defines."""
    def symbols(f):
        found = []
        prefix = f.package + "." if f.package else ""

        def message(m, scope):
            full = scope + m.name
            found.append(full)
            for nested in m.nested_type:
                if not nested.options.map_entry:
                    message(nested, full + ".")
            for e in m.enum_type:
                found.append(full + "." + e.name)
        for m in f.message_type:
            message(m, prefix)
        for e in f.enum_type:
            found.append(prefix + e.name)
        for service in f.service:
            found.append(prefix + service.name)
            for method in service.method:
                found.append(prefix + service.name + "." + method.name)
        return found

    def literal(text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    out = ["// Generated by Tools/protogen. Do not edit: run `make generate`.\n\n",
           "public import RPC\n\n",
           "/// Every file under `proto/` and the well-known types they import, as\n",
           "/// server reflection serves them.\n",
           f"public enum {name} {{\n",
           "    /// The files, each before the files that import it.\n",
           "    public static let files: [ReflectionFile] = [\n"]
    for f in fds.file:
        stripped = descriptor_pb2.FileDescriptorProto()
        stripped.CopyFrom(f)
        stripped.ClearField("source_code_info")
        encoded = base64.b64encode(stripped.SerializeToString()).decode()
        out.append(f"        ReflectionFile(\n")
        out.append(f"            name: {literal(f.name)},\n")
        out.append(f"            dependencies: [{', '.join(literal(d) for d in f.dependency)}],\n")
        out.append(f"            symbols: [{', '.join(literal(x) for x in symbols(f))}],\n")
        out.append(f"            descriptorBase64: {literal(encoded)}\n")
        out.append(f"        ),\n")
    out.append("    ]\n}\n")
    return "".join(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--proto-path", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--protoc", default="protoc")
    parser.add_argument("--runtime-import", default=None,
                        help="module holding the codec runtime, when generating outside it")
    parser.add_argument("--services", action="store_true",
                        help="also write server protocols and clients for services (needs the RPC module)")
    parser.add_argument("--descriptors", default=None,
                        help="with --services-only: also write this enum of every file's descriptor, for server reflection")
    parser.add_argument("--services-only", action="store_true",
                        help="write only service protocols and clients, for message types generated elsewhere")
    parser.add_argument("--registry", default="ProtoRegistry", help="name of the generated registry enum")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        set_path = os.path.join(tmp, "set.pb")
        include = ["-I" + args.proto_path, "-I/usr/include"]
        # protoc's own message goes to stderr as it is; only the exit is ours.
        try:
            result = subprocess.run([args.protoc, *include, "--include_imports", "--include_source_info",
                                     "--descriptor_set_out=" + set_path, *args.files])
        except FileNotFoundError:
            raise SystemExit(f"protogen: {args.protoc} not found (Debian package protobuf-compiler)")
        if result.returncode != 0:
            raise SystemExit(f"protogen: protoc failed with exit code {result.returncode} "
                             f"(run with --proto-path {args.proto_path})")
        fds = descriptor_pb2.FileDescriptorSet()
        with open(set_path, "rb") as fh:
            fds.ParseFromString(fh.read())

    for f in fds.file:
        if f.syntax != "proto3":
            raise SystemExit(f"protogen: {f.name} is not proto3")
    gen = Generator(list(fds.file), args.runtime_import, args.services or args.services_only)
    if args.services_only:
        written = []
        for f in fds.file:
            if not f.service:
                continue
            comments = Comments(f)
            out = [f"// Generated by Tools/protogen from {f.name}. Do not edit: run `make generate`.\n\n"]
            out.append(f"public import {args.runtime_import or 'Wire'}\npublic import RPC\n\n")
            for i, service in enumerate(f.service):
                out.append(gen.emit_service(f, service, comments, [6, i]))
            path = os.path.join(args.out, output_stem(f, fds) + ".services.swift")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as fh:
                fh.write("".join(out).rstrip("\n") + "\n")
            written.append(path)
        if args.descriptors:
            path = os.path.join(args.out, f"{args.descriptors}.swift")
            with open(path, "w") as fh:
                fh.write(reflection_registry(args.descriptors, fds))
            written.append(path)
        print(f"protogen: wrote {len(written)} service files to {args.out}", file=sys.stderr)
        return
    gen.check_cycles()

    written = []
    # With --runtime-import, imported files (the well-known types) are already
    # generated in the runtime module: write only the files named here.
    generated = [f for f in fds.file if not args.runtime_import or f.name in args.files]
    generated_names = {f".{f.package}." for f in generated}
    namespaces = sorted({namespace_for(f.package) for f in generated})
    for f in generated:
        rel = output_stem(f, fds) + ".pb.swift"
        path = os.path.join(args.out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            fh.write(gen.generate_file(f))
        written.append(path)

    registry = ["// Generated by Tools/protogen. Do not edit: run `make generate`.\n\n"]
    if args.runtime_import:
        registry.append(f"public import {args.runtime_import}\n\n")
    for ns in namespaces:
        packages = sorted({f.package for f in fds.file if namespace_for(f.package) == ns})
        registry.append(f"/// Messages of the protobuf package `{', '.join(packages)}`.\npublic enum {ns} {{}}\n\n")
    registry.append("/// Every message type generated from `proto/`, for lookups by protobuf name.\n")
    registry.append(f"public enum {args.registry} {{\n")
    registry.append("    /// All message types, in `.proto` order.\n")
    registry.append("    public static let messageTypes: [any ProtoMessage.Type] = [\n")
    for full, (swift, desc, is_enum) in gen.types.items():
        if not is_enum and swift is not None and any(full.startswith(p) for p in generated_names):
            registry.append(f"        {swift}.self,\n")
    registry.append("    ]\n\n")
    registry.append("    /// The message type for a fully qualified protobuf name such as `baton.common.v1.Money`.\n")
    registry.append("    public static func messageType(named name: String) -> (any ProtoMessage.Type)? {\n")
    registry.append("        byName[name]\n    }\n\n")
    registry.append("    private static let byName: [String: any ProtoMessage.Type] = Dictionary(\n")
    registry.append("        uniqueKeysWithValues: messageTypes.map { ($0.protoMessageName, $0) }\n    )\n}\n")
    path = os.path.join(args.out, f"{args.registry}.swift")
    with open(path, "w") as fh:
        fh.write("".join(registry))
    written.append(path)
    print(f"protogen: wrote {len(written)} files to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
