#!/usr/bin/env python3
"""Signals.Evaluate alone over the transport: one baton-signals replica on the given Postgres, an open-loop load
of one-message Evaluate calls at RATE/s (Sources/PlannerTurnLoad, Baton's own gRPC client, latency from each call's
scheduled send time), a 2 s warm-up, then ROUNDS rounds of SECONDS each over CONVERSATIONS conversations. Prints
p50, p90, p99 and max per round. A figure, not a test: planner_bench.sh's peer phase runs the same calls beside the
rest of the stack; this runs them against signals alone, on whatever cluster it is given (a long-lived one shows
what a fresh bench cluster does not).

Usage: evaluate_load.py BIN_DIR DATABASE_URL PLANNER_TURN_LOAD [--rate 300] [--seconds 10] [--rounds 3]
                        [--conversations 400] [--interval 30]"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import Replica, grpc, pb_grpc, tenant_thresholds  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bin_dir")
    parser.add_argument("database_url")
    parser.add_argument("client")
    parser.add_argument("--rate", type=float, default=300)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--conversations", type=int, default=400)
    parser.add_argument("--interval", default="30", help="BATON_BACKGROUND_INTERVAL of the replica, in seconds")
    args = parser.parse_args()
    # The production interval of background jobs (30 s), not the tests' 1 s: the proactive scan of every tenant
    # each second is a load of its own on a cluster with many tenants.
    replica = Replica(args.bin_dir, args.database_url, "baton-signals", tempfile.mkdtemp(), interval=args.interval,
                      executable="baton-signals").start()
    try:
        tenant = f"evaluate-load-{os.getpid()}"
        tenant_thresholds(pb_grpc.SignalsStub(grpc.insecure_channel(replica.target)), tenant, [])
        spec = {"planner": replica.target, "signals": replica.target, "tenant": tenant, "continuePrefix": "unused-",
                "evaluatePrefix": f"{tenant}-", "conversations": args.conversations,
                "questions": ["Where is my order?", "How do I change my address?", "Can I pay by card?"]}
        client = subprocess.Popen([args.client, json.dumps(spec)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  text=True)

        def phase(seconds, first):
            client.stdin.write(f"evaluate {args.rate} {seconds} {first}\n")
            client.stdin.flush()
            result = json.loads(client.stdout.readline())
            return sorted(turn["latency"] for turn in result["turns"]), result["errors"]

        def server_buckets():
            """The service's own Evaluate histogram: cumulative counts by upper bound (seconds)."""
            buckets = {}
            for (name, labels), value in replica.metrics().items():
                labels = dict(labels)
                if name == "grpc_server_handling_seconds_bucket" and labels.get("grpc_method") == "Evaluate":
                    buckets[float(labels["le"])] = value
            return buckets

        phase(2, 10**7)
        worst = 0
        for round_number in range(args.rounds):
            before = server_buckets()
            latencies, errors = phase(args.seconds, round_number * 10**6)
            after = server_buckets()
            # Where the slow calls were slow: the share over 1 and 2 ms as the service timed them (from its call's
            # start to its status) against the client's (from each call's scheduled time to its answer).
            total = after[float("inf")] - before.get(float("inf"), 0)
            server_over = {bound: 1 - (after[bound] - before.get(bound, 0)) / total for bound in (0.001, 0.002)}
            client_over = {bound: sum(latency > bound * 1000 for latency in latencies) / len(latencies)
                           for bound in (0.001, 0.002)}
            if not latencies:
                sys.exit(f"evaluate_load: every call failed: {errors[:3]}")

            def quantile(q):
                return latencies[min(len(latencies) - 1, int(q * len(latencies)))]
            print(f"Evaluate alone at {args.rate:.0f}/s: {len(latencies)} calls, {len(errors)} errors, "
                  f"p50 {quantile(0.5):.2f} ms, p90 {quantile(0.9):.2f}, p99 {quantile(0.99):.2f}, max {latencies[-1]:.2f}; "
                  f"over 1 ms: {100 * client_over[0.001]:.1f}% (service {100 * server_over[0.001]:.1f}%), "
                  f"over 2 ms: {100 * client_over[0.002]:.2f}% (service {100 * server_over[0.002]:.2f}%)")
            worst = max(worst, quantile(0.99))
        print(f"Evaluate p99 over the transport, worst of {args.rounds} rounds: {worst:.2f} ms "
              f"({'meets' if worst < 2 else 'MISSES'} the 2 ms target)")
        client.stdin.close()
        client.wait()
    finally:
        replica.terminate()


if __name__ == "__main__":
    main()
