#!/usr/bin/env python3
"""Python grpcio's echo server for the RPC benchmark (Benchmarks/rpc_bench.py).

Serves baton.interop.v1.Interop/Unary like Tests/Interop/interop.py's server
(text and payload echoed, or response_size bytes of "Z"; status_code honoured),
without the metadata echo and the sleep. Stubs are generated from
Tests/Interop/interop.proto by grpcio-tools into a temporary folder at start-up.
Prints "listening PORT" once bound; SIGTERM or SIGINT stops it.

Usage: grpcio_echo.py [PORT]   (0 or none: any free port)
Run with the project's venv: .venv/bin/python Benchmarks/grpcio_echo.py
"""

import concurrent.futures
import os
import signal
import sys
import tempfile
import threading

import grpc
from grpc_tools import protoc

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_DIR = os.path.join(HERE, "..", "Tests", "Interop")

# The sync server runs each RPC on an executor thread; the handler is short and
# holds the GIL, so more threads than a few only add contention. grpcio's own
# completion-queue threads do the HTTP/2 work.
MAX_WORKERS = 8


def generate_stubs(out):
    result = protoc.main(["grpc_tools.protoc", f"-I{PROTO_DIR}", f"--python_out={out}", f"--grpc_python_out={out}",
                          os.path.join(PROTO_DIR, "interop.proto")])
    if result != 0:
        raise SystemExit("grpc_tools.protoc failed on interop.proto")
    sys.path.insert(0, out)


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    with tempfile.TemporaryDirectory() as stubs:
        generate_stubs(stubs)
        import interop_pb2 as pb
        import interop_pb2_grpc as pb_grpc

        class Servicer(pb_grpc.InteropServicer):
            def Unary(self, request, context):
                if request.status_code:
                    context.abort(grpc.StatusCode(next(c for c in grpc.StatusCode
                                                       if c.value[0] == request.status_code)),
                                  request.status_message)
                payload = b"Z" * request.response_size if request.response_size else request.payload
                return pb.EchoResponse(text=request.text, payload=payload, index=0)

        server = grpc.server(concurrent.futures.ThreadPoolExecutor(max_workers=MAX_WORKERS))
        pb_grpc.add_InteropServicer_to_server(Servicer(), server)
        bound = server.add_insecure_port(f"127.0.0.1:{port}")
        if bound == 0:
            raise SystemExit(f"grpcio_echo: could not bind 127.0.0.1:{port}")
        server.start()

        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        print(f"listening {bound}", flush=True)
        while not stop.wait(3600):
            pass
        server.stop(grace=2).wait()


if __name__ == "__main__":
    main()
