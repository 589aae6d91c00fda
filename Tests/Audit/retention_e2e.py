#!/usr/bin/env python3
"""baton-audit retention end to end (make test runs it through Tests/Audit/run):
entries recorded in past months (by a replica whose clock is set back with
BATON_AUDIT_CLOCK_OFFSET) lose their details once their month is past the
tenant's retention, set with SetRetention and recorded in the log; recent
ones keep theirs; Verify, the proofs and the published tiles (checked by
Tools/tlog-verify) stay valid. Then the keys baton-audit stored before
retention existed: a database put back into that form (keys wrapped
without a period, schema before migration 4) is migrated by the service and
its entries stay readable until retention drops their month.

Usage: retention_e2e.py BIN_DIR DATABASE_URL TLOG_VERIFY REWRAP_KEY. Prints
one line per case and "N passed, N failed"; exits non-zero on any failure."""

import asyncio
import hashlib
import hmac
import os
import subprocess
import sys
import tempfile
import time

import grpc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from audit_e2e import TIMEOUT, SC, Suite, common, expect_error, pb, pb_grpc, record, run_cases  # noqa: E402
from batonkit import psql, quote, wait_for  # noqa: E402
from google.protobuf import duration_pb2  # noqa: E402

DAY = 86_400
PAST = -100 * DAY  # the clock offset of the replica that writes old entries
RETENTION = 60 * DAY  # a month 100 days back always ended more than 60 days ago; the current month never did


def month_of(seconds):
    """The first day of the UTC month of a Unix time, as Postgres prints a date."""
    return time.strftime("%Y-%m-01", time.gmtime(seconds))


def old_record(tenant, n, customer, rationale, kind=pb.RECORD_KIND_TURN_DECISION, **inputs):
    r = record(tenant, n, customer=customer, rationale=rationale)
    r.kind = kind
    r.decide_time.FromSeconds(int(time.time()) + PAST)
    for key, value in inputs.items():
        r.inputs[key] = value
    return r


async def append_through(replica, requests):
    """Appends `requests` through `replica` (started here and stopped after); their answers."""
    replica.start()
    try:
        async with grpc.aio.insecure_channel(replica.target) as channel:
            stub = pb_grpc.AuditStub(channel)
            return [await stub.Append(request, timeout=TIMEOUT) for request in requests]
    finally:
        replica.terminate()


async def readable_by_index(s, tenant, stub=None):
    """Every record of the tenant with details, by index."""
    stub = stub or s.stub
    records, token = [], ""
    while True:
        page = await stub.Query(pb.QueryRequest(tenant_id=tenant, include_details=True, page_size=100, page_token=token),
                                timeout=TIMEOUT)
        records += list(page.records)
        token = page.next_page_token
        if not token:
            return {r.index: r for r in records}


def days(n):
    return duration_pb2.Duration(seconds=n * DAY)


async def past_months_lose_their_details(s, results):
    problems = []
    tenant = f"keep-{os.getpid()}"
    # Old entries: a customer's turns, one about no customer, and a satisfaction score (Metrics reads its sealed inputs).
    requests = [pb.AppendRequest(record=old_record(tenant, n, "r-old", f"old {n}"), idempotency_key=f"old-{n}") for n in range(3)]
    requests.append(pb.AppendRequest(record=old_record(tenant, 3, None, "old 3"), idempotency_key="old-3"))
    requests.append(pb.AppendRequest(record=old_record(tenant, 4, "r-old", "old 4", pb.RECORD_KIND_SATISFACTION, csat="4",
                                                       handled_by="bot"), idempotency_key="old-4"))
    old = await append_through(s.replica("audit-past", BATON_AUDIT_CLOCK_OFFSET=str(PAST)), requests)
    expected_time = time.time() + PAST
    if any(abs(a.record_time.seconds - expected_time) > 3600 for a in old):
        problems.append(f"old entries were recorded at {[a.record_time.seconds for a in old]}, not about {int(expected_time)}")
    recent = [await s.append(tenant, 10 + n, key=f"new-{n}", customer="r-old" if n % 2 else "r-new", rationale=f"new {n}")
              for n in range(4)]
    before = await readable_by_index(s, tenant)
    if any(r.details_unreadable for r in before.values()):
        problems.append(f"unreadable before any retention: {[i for i, r in before.items() if r.details_unreadable]}")
    window = common.TimeWindow()
    window.start_time.FromSeconds(int(time.time()) + PAST - 10 * DAY)
    window.end_time.FromSeconds(int(time.time()) + PAST + 10 * DAY)
    satisfaction = (await s.stub.Metrics(pb.MetricsRequest(tenant_id=tenant, window=window), timeout=TIMEOUT)).total.satisfaction
    if satisfaction.bot_responses != 1:
        problems.append(f"before retention Metrics counts {satisfaction.bot_responses} bot satisfaction responses, not 1")
    kept = os.path.join(s.work, f"{tenant}.checkpoint")
    ok, out = s.go_verify(tenant, save=kept)
    if not ok:
        problems.append(f"tlog-verify before retention: {out[-300:]}")

    # Bad input changes nothing.
    size = (await s.checkpoint(tenant)).tree_size
    set_retention = s.stub.SetRetention
    for field, request in [("retention", pb.SetRetentionRequest(tenant_id=tenant, retention=duration_pb2.Duration(seconds=3600))),
                           ("retention", pb.SetRetentionRequest(tenant_id=tenant)),
                           ("retention", pb.SetRetentionRequest(tenant_id=tenant, retention=days(60), keep_forever=True)),
                           ("tenant_id", pb.SetRetentionRequest(retention=days(60))),
                           ("requested_by.kind", pb.SetRetentionRequest(tenant_id=tenant, retention=days(60),
                                                                        requested_by=common.Principal(principal_id="x")))]:
        await expect_error(problems, SC.INVALID_ARGUMENT, field, lambda: set_retention(request, timeout=TIMEOUT))
    await expect_error(problems, SC.NOT_FOUND, "tenant_id", lambda: set_retention(
        pb.SetRetentionRequest(tenant_id="nobody-here", retention=days(60)), timeout=TIMEOUT))
    await expect_error(problems, SC.NOT_FOUND, "tenant_id", lambda: s.stub.GetRetention(
        pb.GetRetentionRequest(tenant_id="nobody-here"), timeout=TIMEOUT))
    if (await s.checkpoint(tenant)).tree_size != size:
        problems.append("a refused SetRetention appended something")
    if (await s.stub.GetRetention(pb.GetRetentionRequest(tenant_id=tenant), timeout=TIMEOUT)).HasField("retention"):
        problems.append("a refused SetRetention set a retention")

    admin = common.Principal(kind=common.PRINCIPAL_KIND_ADMINISTRATOR, principal_id="dpo@example.com")
    answer = await set_retention(pb.SetRetentionRequest(tenant_id=tenant, retention=days(60), requested_by=admin,
                                                        idempotency_key="retention-1"), timeout=TIMEOUT)
    if answer.retention.seconds != RETENTION or answer.change.duplicate or answer.change.index != size:
        problems.append(f"SetRetention answered {answer.retention.seconds}s, entry {answer.change.index} "
                        f"(duplicate {answer.change.duplicate}); expected {RETENTION}s, entry {size}")
    retry = await set_retention(pb.SetRetentionRequest(tenant_id=tenant, retention=days(60), requested_by=admin,
                                                       idempotency_key="retention-1"), timeout=TIMEOUT)
    if not retry.change.duplicate or retry.change.index != answer.change.index or (await s.checkpoint(tenant)).tree_size != size + 1:
        problems.append(f"a retried SetRetention answered entry {retry.change.index}, duplicate {retry.change.duplicate}")
    got = await s.stub.GetRetention(pb.GetRetentionRequest(tenant_id=tenant), timeout=TIMEOUT)
    if got.retention.seconds != RETENTION or abs(got.update_time.seconds - time.time()) > 300:
        problems.append(f"GetRetention answered {got.retention.seconds}s set at {got.update_time.seconds}")

    # The retention run (every half second here) deletes the old month's keys.
    old_indexes = [a.index for a in old]

    async def old_months_unreadable():
        records = await readable_by_index(s, tenant)
        return records if all(records[i].details_unreadable for i in old_indexes) else None

    after = await wait_for(old_months_unreadable, 30, "the old month's details becoming unreadable")
    for a in old:
        r = after[a.index]
        if r.inputs or r.rationale or r.leaf_hash != a.leaf_hash:
            problems.append(f"old entry {a.index} still shows details, or its leaf changed")
    for n, a in enumerate(recent):
        r = after[a.index]
        if r.details_unreadable or r.rationale != f"new {n}":
            problems.append(f"recent entry {a.index} lost its details ({r.rationale!r})")
    changes = [r for r in after.values() if r.kind == pb.RECORD_KIND_RETENTION_CHANGED]
    if len(changes) != 1 or changes[0].decision != "RETENTION_SET" or changes[0].details_unreadable \
            or dict(changes[0].inputs) != {"retention": f"{RETENTION}s", "previous_retention": "forever"} \
            or changes[0].performed_by.principal_id != s.pseudonym(tenant, "principal", "dpo@example.com"):
        problems.append(f"the log's RETENTION_CHANGED entries: {[(r.index, r.decision, dict(r.inputs)) for r in changes]}")
    old_month, this_month = month_of(time.time() + PAST), month_of(time.time())
    rows = psql(s.url, f"SELECT period::text, count(*) FROM audit.sealing_keys WHERE tenant_id = {quote(tenant)} GROUP BY 1 ORDER BY 1")
    if dict(rows).get(old_month) or not dict(rows).get(this_month):
        problems.append(f"sealing keys by month after retention: {rows} (old month {old_month}, this month {this_month})")

    # Nothing the log committed to changed.
    verified = await s.verify(tenant)
    if not verified.valid or verified.entries_checked != size + 1:
        problems.append(f"Verify after retention: {verified.failure or verified.entries_checked}")
    ok, out = s.go_verify(tenant, earlier=kept)
    if not ok:
        problems.append(f"tlog-verify after retention, against the checkpoint kept before: {out[-300:]}")
    await s.check_all_included(tenant, old + recent + [answer.change], problems)
    satisfaction = (await s.stub.Metrics(pb.MetricsRequest(tenant_id=tenant, window=window), timeout=TIMEOUT)).total.satisfaction
    if satisfaction.bot_responses != 0:
        problems.append(f"after retention Metrics still counts {satisfaction.bot_responses} bot satisfaction responses")

    removed = await set_retention(pb.SetRetentionRequest(tenant_id=tenant, keep_forever=True), timeout=TIMEOUT)
    got = await s.stub.GetRetention(pb.GetRetentionRequest(tenant_id=tenant), timeout=TIMEOUT)
    last = (await readable_by_index(s, tenant))[removed.change.index]
    if removed.HasField("retention") or got.HasField("retention") or last.decision != "RETENTION_REMOVED" \
            or dict(last.inputs) != {"retention": "forever", "previous_retention": f"{RETENTION}s"}:
        problems.append(f"keep_forever: {removed.retention.seconds}s, {got.retention.seconds}s, {last.decision} {dict(last.inputs)}")

    # batonctl's verb: set, show, refuse a malformed retention.
    def batonctl(*args):
        return subprocess.run([os.path.join(s.bin_dir, "batonctl"), "audit", "retention", "--audit", s.service.target,
                               "--tenant", tenant, *args], capture_output=True, text=True, timeout=60)

    set_out, show_out, bad_out = batonctl("--set", "61d"), batonctl(), batonctl("--set", "61x")
    got = await s.stub.GetRetention(pb.GetRetentionRequest(tenant_id=tenant), timeout=TIMEOUT)
    if set_out.returncode != 0 or "5270400s (61 days)" not in set_out.stdout or got.retention.seconds != 61 * DAY \
            or not show_out.stdout.startswith("retention: 5270400s (61 days) (set ") or bad_out.returncode == 0:
        problems.append(f"batonctl audit retention: {set_out.stdout!r} {set_out.stderr[-200:]!r}, {show_out.stdout!r}, "
                        f"{bad_out.returncode} {bad_out.stderr[-200:]!r}")
    results.record("retention_past_months_lose_details_and_the_log_still_verifies", problems)


def downgrade_to_before_retention(s, url, tenant, rewrap):
    """Puts `url`'s audit schema back as migrations 1-3 left it (migration 5's index dropped too), the sealing keys
    re-wrapped the way baton-audit wrapped them then (additional data: tenant and owner, no period)."""
    kek = hmac.new(s.secret, b"baton-audit key-encryption key v1", hashlib.sha256).digest()
    rows = psql(url, f"SELECT owner, period::text, version, encode(nonce, 'hex'), encode(wrapped_key, 'hex') "
                     f"FROM audit.sealing_keys WHERE tenant_id = {quote(tenant)} ORDER BY owner")
    def aad(*parts):
        return "\n".join(("sealing key", tenant) + parts).encode().hex()

    lines = "".join(f"{kek.hex()} {nonce} {wrapped} {aad(owner, period[:7])} {aad(owner)}\n"
                    for owner, period, _, nonce, wrapped in rows)
    out = subprocess.run([rewrap], input=lines, capture_output=True, text=True, timeout=60, check=True).stdout.split("\n")
    updates = "".join(f"UPDATE audit.sealing_keys SET nonce = '\\x{new.split()[0]}', wrapped_key = '\\x{new.split()[1]}' "
                      f"WHERE tenant_id = {quote(tenant)} AND owner = {quote(owner)} AND version = {version};\n"
                      for (owner, _, version, _, _), new in zip(rows, out))
    psql(url, f"""BEGIN;
        DROP INDEX audit.entries_erasures_by_subject;
        DROP TABLE audit.retention;
        DROP INDEX audit.sealing_keys_by_period;
        ALTER TABLE audit.sealing_keys DROP CONSTRAINT sealing_keys_pkey;
        {updates}
        ALTER TABLE audit.sealing_keys DROP COLUMN period, DROP COLUMN wrapping;
        ALTER TABLE audit.sealing_keys ADD PRIMARY KEY (tenant_id, owner, version);
        DELETE FROM audit.schema_migrations WHERE version >= 4;
        COMMIT;""")
    return len(rows)


async def keys_from_before_retention(s, results, rewrap):
    problems = []
    database = f"audit_legacy_{os.getpid()}"
    psql(s.url, f"CREATE DATABASE {database}")
    url = s.url.replace("/baton?", f"/{database}?")
    tenant = "legacy"
    try:
        # Customer A and entries about no customer only in a month 100 days back; customer B only this month.
        old = await append_through(s.replica("legacy-past", url, BATON_AUDIT_CLOCK_OFFSET=str(PAST)), [
            pb.AppendRequest(record=old_record(tenant, n, "cust-a" if n < 3 else None, f"a {n}"), idempotency_key=f"a-{n}")
            for n in range(4)])
        now = await append_through(s.replica("legacy-now", url), [
            pb.AppendRequest(record=record(tenant, 10 + n, customer="cust-b", rationale=f"b {n}"), idempotency_key=f"b-{n}")
            for n in range(2)])
        keys = downgrade_to_before_retention(s, url, tenant, rewrap)
        columns = [r[0] for r in psql(url, "SELECT column_name FROM information_schema.columns WHERE table_schema = 'audit' "
                                           "AND table_name = 'sealing_keys' ORDER BY ordinal_position")]
        if keys != 3 or columns != ["tenant_id", "owner", "version", "nonce", "wrapped_key", "create_time"]:
            problems.append(f"the database put back before retention has {keys} keys and columns {columns}")

        service = s.replica("legacy-migrated", url)
        service.start()
        try:
            async with grpc.aio.insecure_channel(service.target) as channel:
                stub = pb_grpc.AuditStub(channel)
                pseudonym = {c: s.pseudonym(tenant, "customer", c) for c in ("cust-a", "cust-b")}
                rows = psql(url, f"SELECT owner, period::text, wrapping FROM audit.sealing_keys WHERE tenant_id = {quote(tenant)} "
                                 "ORDER BY owner")
                old_month, this_month = month_of(time.time() + PAST), month_of(time.time())
                expected = sorted([["", old_month, "1"], [pseudonym["cust-a"], old_month, "1"], [pseudonym["cust-b"], this_month, "1"]])
                if sorted(rows) != expected:
                    problems.append(f"migrated keys (owner, period, wrapping): {rows}; expected {expected}")
                migrated = await readable_by_index(s, tenant, stub)
                if len(migrated) != 6 or any(r.details_unreadable for r in migrated.values()):
                    problems.append(f"after the migration, unreadable: {[i for i, r in migrated.items() if r.details_unreadable]} "
                                    f"of {len(migrated)}")
                # B's key of before goes on sealing this month's entries; a new customer gets a key of the month.
                later = [await stub.Append(pb.AppendRequest(record=record(tenant, 20, customer="cust-b", rationale="b later"),
                                                            idempotency_key="b-later"), timeout=TIMEOUT),
                         await stub.Append(pb.AppendRequest(record=record(tenant, 21, customer="cust-c", rationale="c"),
                                                            idempotency_key="c-0"), timeout=TIMEOUT)]
                counts = dict((o, int(c)) for o, c in psql(url, f"SELECT owner, count(*) FROM audit.sealing_keys "
                                                                f"WHERE tenant_id = {quote(tenant)} GROUP BY owner"))
                if counts.get(pseudonym["cust-b"]) != 1 or counts.get(s.pseudonym(tenant, "customer", "cust-c")) != 1:
                    problems.append(f"keys by owner after appending this month: {counts}")
                await stub.SetRetention(pb.SetRetentionRequest(tenant_id=tenant, retention=days(60)), timeout=TIMEOUT)

                async def a_unreadable():
                    records = await readable_by_index(s, tenant, stub)
                    return records if all(records[a.index].details_unreadable for a in old) else None

                after = await wait_for(a_unreadable, 30, "the old month's keys from before retention being deleted")
                for a, text in zip(now + later, ["b 0", "b 1", "b later", "c"]):
                    if after[a.index].details_unreadable or after[a.index].rationale != text:
                        problems.append(f"entry {a.index} ({text}) lost its details with the old month")
                verified = await stub.Verify(pb.VerifyRequest(tenant_id=tenant), timeout=120)
                if not verified.valid or verified.entries_checked != 9:
                    problems.append(f"Verify of the migrated log: {verified.failure or verified.entries_checked}")
        finally:
            service.terminate()
    finally:
        psql(s.url, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    results.record("retention_keys_stored_before_it_stay_readable_until_their_month_passes", problems)


async def amain(bin_dir, url, verifier, rewrap):
    s = Suite(bin_dir, url, verifier, tempfile.mkdtemp(prefix="baton-audit-retention-"),
              extra_env={"BATON_AUDIT_RETENTION_INTERVAL": "0.5"})
    return await run_cases(s, [("retention", past_months_lose_their_details),
                               ("retention_migration", lambda s, results: keys_from_before_retention(s, results, rewrap))])


def main():
    if len(sys.argv) != 5:
        raise SystemExit(__doc__)
    ok = asyncio.run(amain(*sys.argv[1:]))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
