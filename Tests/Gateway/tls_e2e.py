"""baton-gateway's TLS as clients see it: a stock client (grpcio, Python's
ssl module over HTTP/1.1) is served with ALPN h2 or http/1.1; a wrong ALPN, a
plaintext client on the TLS port and an expired certificate are each refused
cleanly; a certificate renewed on disk serves new connections without a
restart. Usage: tls_e2e.py BIN_DIR DATABASE_URL"""

import http.client
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Support"))
import batonkit  # noqa: E402

import grpc  # noqa: E402

BIN, URL = sys.argv[1], sys.argv[2]
WORK = tempfile.mkdtemp(prefix="baton-gateway-tls-")
CERTS = os.path.join(WORK, "certs")
RENEWED = os.path.join(WORK, "renewed")
for target in (CERTS, RENEWED):
    subprocess.run([os.path.join(batonkit.ROOT, "Tests/Support/make-test-certs"), target], check=True)
LIVE = os.path.join(WORK, "live")
os.makedirs(LIVE)
for name in ("server.pem", "server.key"):
    shutil.copy(os.path.join(CERTS, name), os.path.join(LIVE, name))

results = []


def case(name):
    def run(body):
        try:
            body()
            results.append((name, None))
            print(f"ok   {name}")
        except Exception as error:  # noqa: BLE001 - every failure is reported, then the next case runs
            results.append((name, error))
            print(f"FAIL {name}: {error}")
        return body
    return run


def gateway(cert, key, name):
    return batonkit.Replica(BIN, URL, name, WORK, executable="baton-gateway", extra_env={
        "BATON_GATEWAY_AUTHENTICATION": "off", "BATON_TLS_CERTIFICATE": cert, "BATON_TLS_KEY": key})


gw = gateway(os.path.join(LIVE, "server.pem"), os.path.join(LIVE, "server.key"), "gateway-tls").start()


def tls_context(ca, alpn):
    context = ssl.create_default_context(cafile=ca)
    context.set_alpn_protocols(alpn)
    return context


def handshake(ca, alpn):
    """The negotiated protocol and the peer certificate's subject after a TLS handshake."""
    with socket.create_connection(("127.0.0.1", gw.grpc_port), timeout=5) as raw:
        with tls_context(ca, alpn).wrap_socket(raw, server_hostname="localhost") as tls:
            return tls.selected_alpn_protocol()


@case("grpcio over TLS (ALPN h2): the health check answers SERVING")
def grpc_over_tls():
    with open(os.path.join(CERTS, "ca.pem"), "rb") as f:
        credentials = grpc.ssl_channel_credentials(root_certificates=f.read())
    channel = grpc.secure_channel(f"localhost:{gw.grpc_port}", credentials)
    response = channel.unary_unary("/grpc.health.v1.Health/Check", request_serializer=lambda b: b,
                                   response_deserializer=lambda b: b)(b"", timeout=10)
    channel.close()
    assert response == b"\x08\x01", f"unexpected health response {response!r}"


@case("HTTP/1.1 over TLS (ALPN http/1.1): a Connect JSON call is served")
def connect_over_tls():
    assert handshake(os.path.join(CERTS, "ca.pem"), ["http/1.1"]) == "http/1.1"
    connection = http.client.HTTPSConnection("localhost", gw.grpc_port, timeout=10,
                                             context=tls_context(os.path.join(CERTS, "ca.pem"), ["http/1.1"]))
    connection.request("POST", "/grpc.health.v1.Health/Check", body=b"{}", headers={"content-type": "application/json"})
    response = connection.getresponse()
    body = json.loads(response.read())
    connection.close()
    assert response.status == 200 and body == {"status": "SERVING"}, f"{response.status} {body}"


@case("a client offering only an unknown ALPN protocol is refused in the handshake")
def wrong_alpn():
    try:
        protocol = handshake(os.path.join(CERTS, "ca.pem"), ["spdy/3.1"])
    except ssl.SSLError as error:
        assert "NO_APPLICATION_PROTOCOL" in str(error).upper() or "ALERT" in str(error).upper(), str(error)
        return
    raise AssertionError(f"the handshake succeeded with ALPN {protocol!r}")


@case("a plaintext HTTP/2 client on the TLS port is disconnected at once, and the gateway serves on")
def plaintext_on_tls_port():
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", gw.grpc_port), timeout=5) as raw:
        raw.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x00\x04\x00\x00\x00\x00\x00")
        received = b""
        try:
            while True:
                chunk = raw.recv(4096)
                if not chunk:
                    break
                received += chunk
        except ConnectionResetError:
            pass
    elapsed = time.monotonic() - started
    assert elapsed < 3, f"the connection stayed open {elapsed:.1f} s"
    # Whatever was sent back is a TLS alert record (content type 21) or nothing: never HTTP/2 frames.
    assert received == b"" or received[0] == 21, f"unexpected bytes {received[:16]!r}"
    assert handshake(os.path.join(CERTS, "ca.pem"), ["h2"]) == "h2", "the gateway stopped serving TLS"


@case("an expired certificate is refused at start-up with a message naming it")
def expired_certificate():
    expired = gateway(os.path.join(CERTS, "expired-server.pem"), os.path.join(CERTS, "expired-server.key"),
                      "gateway-expired")
    expired.start(wait=0)
    code = expired.process.wait(timeout=30)
    log = expired.log_tail()
    assert code != 0, "the gateway started with an expired certificate"
    assert "expired-server.pem" in log and "expired" in log, log[-500:]


@case("a certificate renewed on disk serves new connections within 30 s, without a restart")
def renewed_certificate():
    for name in ("server.pem", "server.key"):
        shutil.copy(os.path.join(RENEWED, name), os.path.join(LIVE, name) + ".new")
        os.replace(os.path.join(LIVE, name) + ".new", os.path.join(LIVE, name))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            handshake(os.path.join(RENEWED, "ca.pem"), ["h2"])
            assert gw.alive(), "the gateway restarted"
            return
        except ssl.SSLError:
            time.sleep(0.5)
    raise AssertionError("new connections still get the old certificate after 30 s")


gw.terminate()
failed = [name for name, error in results if error]
print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
shutil.rmtree(WORK, ignore_errors=True)
sys.exit(1 if failed else 0)
