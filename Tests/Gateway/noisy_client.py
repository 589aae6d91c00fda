#!/usr/bin/env python3
"""The noisy client of gateway_e2e.py's rate-limit case, in a process of its
own so that its calls do not compete with the quiet client's for one event
loop: calls GetThresholds at RATE calls per second (well over its limit)
from CONCURRENCY loops for SECONDS, then
prints a JSON report (admitted, refused, other failures, and one refusal's
google.rpc.Status read with grpcio-status beside its retry-after-ms).

Usage: noisy_client.py TARGET TOKEN TENANT SECONDS CONCURRENCY RATE"""

import json
import sys
import threading
import time

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status


def field(tenant):
    """GetThresholdsRequest{tenant_id} encoded by hand (field 1, a string): no stubs needed."""
    data = tenant.encode()
    assert len(data) < 128, "a one-byte length"
    return bytes([0x0A, len(data)]) + data


def main(target, token, tenant, seconds, concurrency, rate):
    channel = grpc.insecure_channel(target)
    call = channel.unary_unary("/baton.signals.v1.Signals/GetThresholds")
    request = field(tenant)
    counts = {"ok": 0, "exhausted": 0, "other": [], "retry": None}
    lock = threading.Lock()
    call(request, metadata=[("authorization", f"Bearer {token}")], timeout=10)  # connected before the clock starts
    print("started", flush=True)
    started = time.monotonic()
    deadline = started + seconds

    def loop(offset):
        # Paced, not flat out: a client far over its limit, not a process taking a whole core of this
        # 2-core machine (that would slow everyone through the CPU, whatever the gateway does).
        interval = concurrency / rate
        next_call = started + offset * interval / concurrency
        while time.monotonic() < deadline:
            pause = next_call - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            next_call += interval
            try:
                call(request, metadata=[("authorization", f"Bearer {token}")], timeout=10)
                with lock:
                    counts["ok"] += 1
            except grpc.RpcError as error:
                with lock:
                    if error.code() != grpc.StatusCode.RESOURCE_EXHAUSTED:
                        counts["other"].append(f"{error.code().name} {error.details()}")
                        continue
                    counts["exhausted"] += 1
                    if counts["retry"] is None:
                        status = rpc_status.from_call(error)
                        retry = error_details_pb2.RetryInfo()
                        found = [detail for detail in status.details if detail.Unpack(retry)] if status else []
                        trailers = dict(error.trailing_metadata() or ())
                        counts["retry"] = {"code": status.code if status else None, "found": len(found),
                                           "delay_ms": retry.retry_delay.ToTimedelta().total_seconds() * 1000,
                                           "retry_after_ms": int(trailers.get("retry-after-ms", -1))}

    threads = [threading.Thread(target=loop, args=(index,)) for index in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counts["seconds"] = time.monotonic() - started
    print(json.dumps(counts), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]))
