"""baton-gateway's per-client limits, seen from the wire: a request larger
than BATON_MAX_REQUEST_BYTES is refused with RESOURCE_EXHAUSTED before it
reaches a service; the gateway announces BATON_MAX_CONCURRENT_STREAMS in its
HTTP/2 SETTINGS and cuts off a client that opens more (nghttp2 answers with
GOAWAY PROTOCOL_ERROR), while a client that honours it is served. Usage: limits_e2e.py BIN_DIR DATABASE_URL"""

import os
import socket
import struct
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Support"))
import batonkit  # noqa: E402

import grpc  # noqa: E402

BIN, URL = sys.argv[1], sys.argv[2]
WORK = tempfile.mkdtemp(prefix="baton-gateway-limits-")
MAX_STREAMS = 4
results = []


def case(name):
    def run(body):
        try:
            body()
            results.append((name, None))
            print(f"ok   {name}")
        except Exception as error:  # noqa: BLE001 - reported, then the next case runs
            results.append((name, error))
            print(f"FAIL {name}: {error}")
        return body
    return run


signals = batonkit.Replica(BIN, URL, "signals-limits", WORK, executable="baton-signals").start()
gateway = batonkit.Replica(BIN, URL, "gateway-limits", WORK, executable="baton-gateway", extra_env={
    "BATON_GATEWAY_AUTHENTICATION": "off", "BATON_SIGNALS_ADDR": signals.target,
    "BATON_MAX_REQUEST_BYTES": "65536", "BATON_MAX_CONCURRENT_STREAMS": str(MAX_STREAMS)}).start()


def get_thresholds(payload):
    channel = grpc.insecure_channel(gateway.target)
    call = channel.unary_unary("/baton.signals.v1.Signals/GetThresholds", request_serializer=lambda b: b,
                               response_deserializer=lambda b: b)
    try:
        return call(payload, timeout=10)
    finally:
        channel.close()


def field(number, data):
    """A length-delimited protobuf field."""
    key, length, out = (number << 3) | 2, len(data), b""
    for value in (key, length):
        while value >= 0x80:
            out += bytes([value & 0x7F | 0x80])
            value >>= 7
        out += bytes([value])
    return out + data


@case("a request over the size limit gets RESOURCE_EXHAUSTED; one under it is served")
def request_size():
    small = field(1, b"acme") + field(99, b"x" * 60_000)
    assert get_thresholds(small), "the request under the limit was not served"
    try:
        get_thresholds(field(1, b"acme") + field(99, b"x" * 70_000))
    except grpc.RpcError as error:
        assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED, f"{error.code()} {error.details()}"
        return
    raise AssertionError("a request over the limit was served")


def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def literal(name, value):
    """An HPACK literal header field without indexing, new name, no Huffman coding."""
    return b"\x00" + bytes([len(name)]) + name + bytes([len(value)]) + value


def read_frames(sock, until):
    """Frames (type, flags, stream, payload) until `until(frames)` holds or the connection ends."""
    frames, buffer = [], b""
    while not until(frames):
        chunk = sock.recv(65536)
        if not chunk:
            break
        buffer += chunk
        while len(buffer) >= 9:
            length = int.from_bytes(buffer[:3], "big")
            if len(buffer) < 9 + length:
                break
            kind, flags, stream = buffer[3], buffer[4], int.from_bytes(buffer[5:9], "big") & 0x7FFFFFFF
            frames.append((kind, flags, stream, buffer[9:9 + length]))
            buffer = buffer[9 + length:]
    return frames


@case("the stream limit is announced; a client exceeding it is cut off, and others are served")
def stream_limit():
    headers = (literal(b":method", b"POST") + literal(b":scheme", b"http") + literal(b":authority", b"gateway")
               + literal(b":path", b"/baton.signals.v1.Signals/GetThresholds")
               + literal(b"content-type", b"application/grpc") + literal(b"te", b"trailers"))
    with socket.create_connection(("127.0.0.1", gateway.grpc_port), timeout=10) as sock:
        sock.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + frame(4, 0, 0))
        settings = read_frames(sock, lambda frames: any(f[0] == 4 and f[1] & 1 == 0 for f in frames))
        announced = next(f for f in settings if f[0] == 4 and f[1] & 1 == 0)[3]
        values = {int.from_bytes(announced[i:i + 2], "big"): int.from_bytes(announced[i + 2:i + 6], "big")
                  for i in range(0, len(announced), 6)}
        assert values.get(3) == MAX_STREAMS, f"SETTINGS_MAX_CONCURRENT_STREAMS is {values.get(3)}"
        sock.sendall(frame(4, 1, 0))  # SETTINGS ACK
        # MAX_STREAMS + 1 calls opened and left without their request body: the last one is one too many.
        # RFC 9113 allows a stream error; nghttp2 treats it as a connection error (GOAWAY PROTOCOL_ERROR).
        streams = [1 + 2 * i for i in range(MAX_STREAMS + 1)]
        sock.sendall(b"".join(frame(1, 4, stream, headers) for stream in streams))
        refused = read_frames(sock, lambda frames: any(f[0] in (3, 7) for f in frames))
        resets = {f[2]: int.from_bytes(f[3], "big") for f in refused if f[0] == 3}
        goaways = [int.from_bytes(f[3][4:8], "big") for f in refused if f[0] == 7]
        assert resets.get(streams[-1]) in (1, 7) or goaways == [1], f"resets {resets}, GOAWAY codes {goaways}"
        assert all(stream == streams[-1] for stream in resets), f"streams within the limit were reset: {resets}"
    # A well-behaved client (grpcio queues calls beyond the announced limit) runs twice as many at once, all served.
    channel = grpc.insecure_channel(gateway.target)
    call = channel.unary_unary("/baton.signals.v1.Signals/GetThresholds", request_serializer=lambda b: b,
                               response_deserializer=lambda b: b)
    futures = [call.future(field(1, b"acme"), timeout=20) for _ in range(2 * MAX_STREAMS)]
    assert all(future.result() for future in futures), "a call within grpcio's queue was not served"
    channel.close()


gateway.terminate()
signals.terminate()
failed = [name for name, error in results if error]
print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
