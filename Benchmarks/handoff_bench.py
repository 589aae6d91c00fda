#!/usr/bin/env python3
"""Knowledge search on Bitext: baton-handoff's SearchKnowledge (Postgres
full-text search) against BM25 (rank-bm25 0.2.2, BM25Okapi), same split,
same run; then search latency with 10,000 articles.

The split is fixed once, before any result is looked at: an utterance is a
query when SHA-256("baton-kb-split-v1:" + utterance) mod 10 < 3, else its row
builds the articles. One article per intent: the title is the intent's name
in words ("get refund"), the body the distinct responses of that intent's
build rows, in SHA-256 order, up to 12. BM25 indexes the same title and body
as one text (lower-cased words of letters and digits, the library's usual
use). A query is a hit at k when an article of its intent is in the top k.

Usage: handoff_bench.py BIN_DIR DATABASE_URL BITEXT_CSV"""

import csv
import hashlib
import os
import random
import re
import statistics
import sys
import tempfile
import time

import grpc
from rank_bm25 import BM25Okapi

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Support"))
from batonkit import Replica, generate_stubs, psql  # noqa: E402

generate_stubs(["baton/common/v1/common.proto", "baton/handoff/v1/handoff.proto"])
from baton.handoff.v1 import handoff_pb2 as pb, handoff_pb2_grpc as pb_grpc  # noqa: E402

SPLIT_SALT = "baton-kb-split-v1:"
RESPONSES_PER_ARTICLE = 12


def h(text):
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def split(rows):
    queries, build = [], {}
    for row in rows:
        if h(SPLIT_SALT + row["instruction"]) % 10 < 3:
            queries.append((row["instruction"], row["intent"]))
        else:
            build.setdefault(row["intent"], set()).add(row["response"])
    articles = {}
    for intent, responses in sorted(build.items()):
        chosen = sorted(responses, key=lambda r: h(SPLIT_SALT + r))[:RESPONSES_PER_ARTICLE]
        articles[intent] = (intent.replace("_", " "), "\n\n".join(chosen))
    return queries, articles


def tokens(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def scores(ranked_lists, queries):
    r1 = r3 = rr = 0.0
    for ranked, (_, intent) in zip(ranked_lists, queries):
        if ranked[:1] == [intent]:
            r1 += 1
        if intent in ranked[:3]:
            r3 += 1
        if intent in ranked:
            rr += 1 / (ranked.index(intent) + 1)
    n = len(queries)
    return r1 / n, r3 / n, rr / n


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    bin_dir, url, csv_path = sys.argv[1:]
    rows = list(csv.DictReader(open(csv_path, encoding="utf-8")))
    queries, articles = split(rows)
    intents = sorted(articles)
    print(f"bitext: {len(rows)} rows, {len(intents)} intents, {len(articles)} articles, {len(queries)} queries "
          f"(held out by hash, never used in articles)")

    # BM25 over the same title and body.
    bm25 = BM25Okapi([tokens(articles[i][0] + " " + articles[i][1]) for i in intents])
    bm25_ranked = []
    for query, _ in queries:
        s = bm25.get_scores(tokens(query))
        bm25_ranked.append([intents[j] for j in sorted(range(len(intents)), key=lambda j: (-s[j], j))[:10]])

    work = tempfile.mkdtemp(prefix="baton-handoff-bench-")
    service = Replica(bin_dir, url, "baton-handoff", work, executable="baton-handoff",
                      extra_env={"BATON_LOG_LEVEL": "warning"}).start()
    try:
        # The benchmark's own cluster: earlier runs' tenants would share the index with this one's.
        for table in ("articles", "lexeme_stats", "article_counts"):
            psql(url, f"DELETE FROM handoff.{table} WHERE tenant_id LIKE 'bitext%'")
        psql(url, "VACUUM ANALYZE handoff.articles")
        channel = grpc.insecure_channel(service.target)
        stub = pb_grpc.HandoffStub(channel)
        tenant = f"bitext-{os.getpid()}"
        stub.ImportArticles(pb.ImportArticlesRequest(tenant_id=tenant, articles=[
            pb.KnowledgeArticle(article_id=i, language="en", title=articles[i][0], body=articles[i][1]) for i in intents]),
            timeout=60)
        ours_ranked = []
        for query, _ in queries:
            r = stub.SearchKnowledge(pb.SearchKnowledgeRequest(tenant_id=tenant, query=query, language="en", max_results=10),
                                     timeout=30)
            ours_ranked.append([a.article_id for a in r.articles])
        ours = scores(ours_ranked, queries)
        theirs = scores(bm25_ranked, queries)
        print(f"{'':10} {'recall@1':>9} {'recall@3':>9} {'MRR':>7}")
        print(f"{'Baton':10} {ours[0]:9.3f} {ours[1]:9.3f} {ours[2]:7.3f}")
        print(f"{'BM25':10} {theirs[0]:9.3f} {theirs[1]:9.3f} {theirs[2]:7.3f}")
        print(f"{'ratio':10} {ours[0] / theirs[0]:9.3f} {ours[1] / theirs[1]:9.3f} {ours[2] / theirs[2]:7.3f}")
        print(f"knowledge search recall@3: Baton {ours[1]:.3f}, BM25 {theirs[1]:.3f}, ratio {ours[1] / theirs[1]:.3f} "
              f"({'meets' if ours[1] >= theirs[1] else 'MISSES'} the target of at least BM25's)")
        empty = sum(1 for r in ours_ranked if not r)
        print(f"queries with no result: Baton {empty} of {len(queries)}")

        # Latency: 10,000 articles, each an utterance as title and three responses as body, in one tenant.
        rng = random.Random(20261205)
        big = f"bitext10k-{os.getpid()}"
        for start in range(0, 10_000, 1_000):
            batch = []
            for n in range(start, start + 1_000):
                picked = rng.sample(rows, 3)
                batch.append(pb.KnowledgeArticle(article_id=f"a{n:05}", language="en", title=picked[0]["instruction"],
                                                 body="\n\n".join(p["response"] for p in picked)))
            stub.ImportArticles(pb.ImportArticlesRequest(tenant_id=big, articles=batch), timeout=120)
        psql(url, "VACUUM ANALYZE handoff.articles")
        sample = [q for q, _ in queries]
        rng.shuffle(sample)
        for query in sample[:200]:  # warm up: connection, plans, buffers
            stub.SearchKnowledge(pb.SearchKnowledgeRequest(tenant_id=big, query=query, language="en"), timeout=30)
        latencies = []
        for query in sample[:2_000]:
            started = time.perf_counter()
            stub.SearchKnowledge(pb.SearchKnowledgeRequest(tenant_id=big, query=query, language="en"), timeout=30)
            latencies.append((time.perf_counter() - started) * 1000)
        p50, p99 = statistics.median(latencies), percentile(latencies, 99)
        print(f"search latency over gRPC with 10,000 articles, {len(latencies)} queries one at a time: "
              f"p50 {p50:.2f} ms, p99 {p99:.2f} ms ({'meets' if p99 < 5 else 'MISSES'} the 5 ms target)")
        channel.close()
    finally:
        service.terminate()


if __name__ == "__main__":
    main()
