#!/usr/bin/env python3
"""baton-audit end to end (make test runs it through Tests/Audit/run): the
service on the private Postgres, called by Python grpcio; proofs checked
here with hashlib (RFC 9162, written apart from Baton) and the published
tiles checked by Tools/tlog-verify (Go's golang.org/x/mod note and tlog);
tampering done in the real database; a SIGKILL under load.

Usage: audit_e2e.py BIN_DIR DATABASE_URL TLOG_VERIFY. Prints one line per
case and "N passed, N failed"; exits non-zero on any failure."""

import asyncio
import base64
import hashlib
import os
import subprocess
import sys
import tempfile
import time
import traceback

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Support"))
from batonkit import ROOT, Replica, generate_stubs, psql, quote  # noqa: E402

generate_stubs(["baton/common/v1/common.proto", "baton/audit/v1/audit.proto"])
from baton.audit.v1 import audit_pb2 as pb, audit_pb2_grpc as pb_grpc  # noqa: E402
from baton.common.v1 import common_pb2 as common  # noqa: E402
from google.protobuf import timestamp_pb2  # noqa: E402

SC = grpc.StatusCode
ORIGIN = "audit.baton.test"
TIMEOUT = 30


# RFC 9162 section 2.1, independently of Baton's code.
def leaf_hash(entry):
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(index, size, leaf, proof, root):
    """RFC 9162 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def parse_checkpoint(note):
    origin, size, root = note.split("\n")[:3]
    return origin, int(size), base64.b64decode(root)


def record(tenant, n, customer=None, rationale="Refund within the bot's authority"):
    now = timestamp_pb2.Timestamp()
    now.GetCurrentTime()
    r = pb.AuditRecord(tenant_id=tenant, kind=pb.RECORD_KIND_TURN_DECISION, decision="DECISION_CONTINUE",
                       performed_by=common.Principal(kind=common.PRINCIPAL_KIND_SERVICE, principal_id="baton-planner"),
                       rationale=rationale, source_service="baton-planner", decide_time=now, category="billing")
    r.inputs["risk_score"] = f"0.{n % 100:02}"
    r.subjects.add(kind=pb.SUBJECT_KIND_CONVERSATION, subject_id=f"conv-{n}")
    if customer:
        r.subjects.add(kind=pb.SUBJECT_KIND_CUSTOMER, subject_id=customer)
    return r


class Results:
    def __init__(self):
        self.passed = self.failed = 0

    def record(self, name, problems):
        if problems:
            self.failed += 1
            print(f"FAIL audit/{name}: " + "; ".join(problems), flush=True)
        else:
            self.passed += 1
            print(f"PASS audit/{name}", flush=True)


class Suite:
    def __init__(self, bin_dir, url, verifier, work):
        self.url = url
        self.tlog_verify = verifier
        self.work = work
        key_out = subprocess.run([os.path.join(bin_dir, "batonctl"), "audit", "keygen", "--name", ORIGIN],
                                 capture_output=True, text=True, check=True).stdout.split()
        self.signer_key, self.verifier_key = key_out[0], key_out[1]
        env = {"BATON_AUDIT_ORIGIN": ORIGIN, "BATON_AUDIT_SIGNING_KEY": self.signer_key,
               "BATON_AUDIT_SECRET": base64.b64encode(os.urandom(32)).decode(),
               "BATON_AUDIT_CHECKPOINT_DIR": os.path.join(work, "checkpoints")}
        self.service = Replica(bin_dir, url, "baton-audit", work, extra_env=env, executable="baton-audit")
        self.channel = None
        self.stub = None

    def connect(self):
        self.channel = grpc.aio.insecure_channel(self.service.target)
        self.stub = pb_grpc.AuditStub(self.channel)

    async def append(self, tenant, n, key=None, **kw):
        return await self.stub.Append(pb.AppendRequest(record=record(tenant, n, **kw), idempotency_key=key or f"k-{n}"),
                                      timeout=TIMEOUT)

    async def checkpoint(self, tenant):
        return (await self.stub.GetCheckpoint(pb.GetCheckpointRequest(tenant_id=tenant), timeout=TIMEOUT)).checkpoint

    async def verify(self, tenant, trusted=""):
        return await self.stub.Verify(pb.VerifyRequest(tenant_id=tenant, trusted_checkpoint=trusted), timeout=120)

    def go_verify(self, tenant, earlier=None, save=None):
        """(ok, output) of Tools/tlog-verify on the tenant's published tiles."""
        argv = [self.tlog_verify, "-url", f"http://127.0.0.1:{self.service.admin_port}/audit/{tenant}",
                "-origin", f"{ORIGIN}/{tenant}", "-key", self.verifier_key]
        if earlier:
            argv += ["-earlier", earlier]
        if save:
            argv += ["-save", save]
        out = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        return out.returncode == 0, (out.stdout + out.stderr).strip()

    def save_note(self, name, note):
        path = os.path.join(self.work, name)
        with open(path, "w") as f:
            f.write(note)
        return path

    async def check_all_included(self, tenant, answers, problems):
        """Every answered append is in the latest tree with a valid proof and its own bytes."""
        latest = await self.checkpoint(tenant)
        _, size, root = parse_checkpoint(latest.note)
        for a in answers:
            proof = await self.stub.GetInclusionProof(pb.GetInclusionProofRequest(tenant_id=tenant, index=a.index,
                                                                                  tree_size=size), timeout=TIMEOUT)
            if leaf_hash(proof.entry) != a.leaf_hash:
                problems.append(f"entry {a.index}: its bytes do not hash to the leaf hash Append returned")
            elif not verify_inclusion(a.index, size, a.leaf_hash, list(proof.hashes), root):
                problems.append(f"entry {a.index}: inclusion proof does not verify against the root of size {size}")


async def appends_proofs_and_stock_verifier(s, results):
    problems = []
    tenant = f"acme-{os.getpid()}"
    answers = []

    async def caller(c):
        for i in range(25):
            answers.append(await s.append(tenant, c * 1000 + i, customer=f"cust-{i % 5}"))

    await asyncio.gather(*(caller(c) for c in range(16)))
    indexes = sorted(a.index for a in answers)
    if indexes != list(range(400)):
        problems.append(f"indexes are not 0..399: {indexes[:5]}...{indexes[-5:]}")
    for a in answers:
        origin, size, root = parse_checkpoint(a.checkpoint.note)
        if origin != f"{ORIGIN}/{tenant}" or a.index >= size or a.checkpoint.tree_size != size:
            problems.append(f"append {a.index}: its checkpoint ({origin}, {size}) does not cover it")
            break
    batches = len({a.checkpoint.tree_size for a in answers})
    await s.check_all_included(tenant, answers, problems)
    # The stock verifier reads the published tiles, keeps the checkpoint, and later checks the next one against it.
    kept = os.path.join(s.work, f"{tenant}.checkpoint")
    ok, out = s.go_verify(tenant, save=kept)
    if not ok:
        problems.append(f"tlog-verify refused the log: {out[-500:]}")
    for i in range(100):
        await s.append(tenant, 50000 + i)
    ok, out = s.go_verify(tenant, earlier=kept)
    if not ok:
        problems.append(f"tlog-verify refused the grown log against the kept checkpoint: {out[-500:]}")
    verified = await s.verify(tenant, trusted=open(kept).read())
    if not verified.valid or verified.entries_checked != 500:
        problems.append(f"Verify: {verified.valid} {verified.entries_checked} {verified.failure}")
    # Consistency proofs between every checkpoint kept and the head, checked by the Go tool above; here the RPC's bounds.
    files = sorted(os.listdir(os.path.join(s.work, "checkpoints", tenant)), key=int)
    if len(files) < 2 or int(files[-1]) != 500:
        problems.append(f"checkpoint files: {files[:3]}..{files[-3:]}")
    print(f"audit: 500 appends by 16 callers in {batches} group commits before growing", flush=True)
    results.record("appends_are_proven_and_the_stock_verifier_agrees", problems)
    return tenant, kept


async def idempotency(s, results):
    problems = []
    tenant = f"idem-{os.getpid()}"
    first = await s.append(tenant, 1, key="turn-1")
    again = await s.append(tenant, 1, key="turn-1")
    other = await s.append(tenant, 2, key="turn-1")
    if first.duplicate or not again.duplicate or not other.duplicate:
        problems.append(f"duplicate flags {first.duplicate} {again.duplicate} {other.duplicate}")
    if len({first.index, again.index, other.index}) != 1 or again.leaf_hash != first.leaf_hash:
        problems.append("a retry got another entry")
    cp = await s.checkpoint(tenant)
    if cp.tree_size != 1:
        problems.append(f"tree size {cp.tree_size} after three appends of one key")
    results.record("append_is_idempotent_on_its_key", problems)


async def bad_input(s, results, tenant):
    problems = []
    before = (await s.checkpoint(tenant)).tree_size

    async def expect(code, field, call):
        try:
            await call()
            problems.append(f"{field}: no error")
        except grpc.aio.AioRpcError as error:
            if error.code() != code or (field and not error.details().startswith(field)):
                problems.append(f"{field}: {error.code()} {error.details()!r}")

    await expect(SC.OUT_OF_RANGE, "index", lambda: s.stub.GetInclusionProof(
        pb.GetInclusionProofRequest(tenant_id=tenant, index=before, tree_size=before), timeout=TIMEOUT))
    await expect(SC.OUT_OF_RANGE, "tree_size", lambda: s.stub.GetInclusionProof(
        pb.GetInclusionProofRequest(tenant_id=tenant, index=0, tree_size=before + 1), timeout=TIMEOUT))
    await expect(SC.OUT_OF_RANGE, "new_size", lambda: s.stub.GetConsistencyProof(
        pb.GetConsistencyProofRequest(tenant_id=tenant, old_size=1, new_size=before + 5), timeout=TIMEOUT))
    await expect(SC.NOT_FOUND, "tenant_id", lambda: s.stub.GetCheckpoint(
        pb.GetCheckpointRequest(tenant_id="nobody-here"), timeout=TIMEOUT))
    await expect(SC.NOT_FOUND, "tenant_id", lambda: s.stub.GetInclusionProof(
        pb.GetInclusionProofRequest(tenant_id="nobody-here", index=0), timeout=TIMEOUT))

    def bad(mutate, key="bad"):
        r = record(tenant, 1)
        mutate(r)
        return lambda: s.stub.Append(pb.AppendRequest(record=r, idempotency_key=key), timeout=TIMEOUT)

    await expect(SC.INVALID_ARGUMENT, "record.rationale", bad(lambda r: setattr(r, "rationale", "x" * 5000)))
    await expect(SC.INVALID_ARGUMENT, "record.inputs[\"big\"]", bad(lambda r: r.inputs.__setitem__("big", "y" * 2000)))
    await expect(SC.INVALID_ARGUMENT, "record.kind", bad(lambda r: setattr(r, "kind", pb.RECORD_KIND_UNSPECIFIED)))
    await expect(SC.INVALID_ARGUMENT, "record.decide_time", bad(lambda r: r.ClearField("decide_time")))
    await expect(SC.INVALID_ARGUMENT, "record.subjects[0].subject_id", bad(lambda r: setattr(r.subjects[0], "subject_id", "a\tb")))
    await expect(SC.INVALID_ARGUMENT, "record.subjects", bad(lambda r: [r.subjects.add(kind=pb.SUBJECT_KIND_CUSTOMER, subject_id=c)
                                                                         for c in ("c1", "c2")]))
    await expect(SC.INVALID_ARGUMENT, "idempotency_key", bad(lambda r: None, key=""))
    await expect(SC.INVALID_ARGUMENT, "record.performed_by", bad(lambda r: r.ClearField("performed_by")))
    after = (await s.checkpoint(tenant)).tree_size
    if after != before:
        problems.append(f"tree grew from {before} to {after} on refused input")
    results.record("bad_input_gets_the_right_status_and_writes_nothing", problems)


async def tampering(s, results):
    """Each tamper on its own tenant of 300 entries: Verify detects it; the stock
    verifier, holding the checkpoint from before, detects truncation, rewrite and fork."""
    async def fresh(name, count=300):
        tenant = f"tamper-{name}-{os.getpid()}"
        for i in range(count):
            await s.append(tenant, i, customer=f"c{i % 7}")
        kept = s.save_note(f"{tenant}.kept", (await s.checkpoint(tenant)).note)
        return tenant, kept

    t = quote

    async def case(name, tamper, expect_in_failure, go_must_fail):
        problems = []
        tenant, kept = await fresh(name)
        ok, out = s.go_verify(tenant, earlier=kept)
        if not ok:
            problems.append(f"the honest log was refused: {out[-300:]}")
        await tamper(tenant)
        result = await s.verify(tenant, trusted=open(kept).read())
        if result.valid or expect_in_failure not in result.failure:
            problems.append(f"Verify said valid={result.valid} {result.failure!r}, expected {expect_in_failure!r}")
        if go_must_fail:
            ok, out = s.go_verify(tenant, earlier=kept)
            if ok:
                problems.append("tlog-verify, holding the earlier checkpoint, accepted the tampered log")
        results.record(f"tamper/{name}", problems)

    async def flip(tenant):
        psql(s.url, f"UPDATE audit.entries SET entry = set_byte(entry, 20, get_byte(entry, 20) # 1) "
                    f"WHERE tenant_id = {t(tenant)} AND idx = 137")

    async def delete(tenant):
        psql(s.url, f"DELETE FROM audit.entries WHERE tenant_id = {t(tenant)} AND idx = 200")

    async def swap(tenant):
        psql(s.url, f"""UPDATE audit.entries e SET entry = o.entry, leaf_hash = o.leaf_hash
                        FROM audit.entries o WHERE e.tenant_id = {t(tenant)} AND o.tenant_id = e.tenant_id
                          AND ((e.idx = 10 AND o.idx = 11) OR (e.idx = 11 AND o.idx = 10))""")

    async def truncate(tenant):
        # The tail removed and the head moved back to the checkpoint of 250 (every size was signed: one append at a time).
        psql(s.url, f"DELETE FROM audit.entries WHERE tenant_id = {t(tenant)} AND idx >= 250")
        psql(s.url, f"DELETE FROM audit.checkpoints WHERE tenant_id = {t(tenant)} AND tree_size > 250")
        psql(s.url, f"""UPDATE audit.logs l SET tree_size = 250, root_hash = c.root_hash FROM audit.checkpoints c
                        WHERE l.tenant_id = {t(tenant)} AND c.tenant_id = l.tenant_id AND c.tree_size = 250""")

    async def rewrite(tenant):
        # History rewritten and re-signed with our own key: everything removed, then as many
        # different records appended through the service, which signs a checkpoint of the same size.
        for table in ("entries", "hashes", "checkpoints", "logs"):
            psql(s.url, f"DELETE FROM audit.{table} WHERE tenant_id = {t(tenant)}")
        for i in range(300):
            await s.append(tenant, i, rationale="a different story")

    await case("flipped_byte", flip, "leaf hash", go_must_fail=True)
    await case("deleted_entry", delete, "entry 200 is missing", go_must_fail=True)
    await case("swapped_entries", swap, "entry 10", go_must_fail=True)
    # Truncation and a same-size rewrite are internally consistent and re-signed: only the kept checkpoint shows them.
    await case("truncated_tail", truncate, "fewer than the trusted checkpoint", go_must_fail=True)
    await case("rewritten_and_resigned_fork", rewrite, "rewritten or forked", go_must_fail=True)


async def crash_under_load(s, results):
    problems = []
    tenant = f"crash-{os.getpid()}"
    acked = []
    stop = time.monotonic() + 3.0

    async def caller(c):
        n = 0
        while time.monotonic() < stop:
            n += 1
            try:
                acked.append(await s.append(tenant, c * 100000 + n))
            except grpc.aio.AioRpcError:
                await asyncio.sleep(0.05)

    async def killer():
        await asyncio.sleep(1.2)
        s.service.kill()
        s.service.start()

    await asyncio.gather(killer(), *(caller(c) for c in range(16)))
    if len(acked) < 50:
        problems.append(f"only {len(acked)} appends acknowledged")
    indexes = [a.index for a in acked]
    if len(set(indexes)) != len(indexes):
        problems.append("two acknowledged appends share an index")
    await s.check_all_included(tenant, acked, problems)
    verified = await s.verify(tenant)
    if not verified.valid:
        problems.append(f"Verify after the restart: {verified.failure}")
    last_before = max(acked, key=lambda a: a.checkpoint.tree_size).checkpoint.note
    kept = s.save_note(f"{tenant}.kept", last_before)
    for i in range(20):
        await s.append(tenant, 900000 + i)
    ok, out = s.go_verify(tenant, earlier=kept)
    if not ok:
        problems.append(f"the restarted service did not continue the same tree: {out[-300:]}")
    rows = psql(s.url, f"SELECT count(*), max(idx) FROM audit.entries WHERE tenant_id = {quote(tenant)}")
    size = (await s.checkpoint(tenant)).tree_size
    if int(rows[0][0]) != size or int(rows[0][1]) != size - 1:
        problems.append(f"entries {rows} against tree size {size}: something is half-written")
    print(f"audit: {len(acked)} appends acknowledged around a SIGKILL; tree size {size}", flush=True)
    results.record("sigkill_under_load_loses_no_acknowledged_append", problems)


async def amain(bin_dir, url, verifier):
    results = Results()
    work = tempfile.mkdtemp(prefix="baton-audit-e2e-")
    s = Suite(bin_dir, url, verifier, work)
    s.service.start()
    s.connect()
    try:
        for name, body in [("appends", appends_proofs_and_stock_verifier), ("idempotency", idempotency),
                           ("tampering", tampering), ("crash", crash_under_load)]:
            try:
                if name == "appends":
                    tenant, _ = await body(s, results)
                    await bad_input(s, results, tenant)
                else:
                    await body(s, results)
            except Exception as error:  # noqa: BLE001
                traceback.print_exc()
                results.record(name, [f"{type(error).__name__}: {error}"])
    finally:
        await s.channel.close()
        s.service.terminate()
    print(f"{results.passed} passed, {results.failed} failed", flush=True)
    return results.failed == 0


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    ok = asyncio.run(amain(*sys.argv[1:]))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
