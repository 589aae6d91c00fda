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
import hmac
import os
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

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
    def __init__(self, bin_dir, url, verifier, work, extra_env=None):
        self.bin_dir = bin_dir
        self.url = url
        self.tlog_verify = verifier
        self.work = work
        key_out = subprocess.run([os.path.join(bin_dir, "batonctl"), "audit", "keygen", "--name", ORIGIN],
                                 capture_output=True, text=True, check=True).stdout.split()
        self.signer_key, self.verifier_key = key_out[0], key_out[1]
        self.secret = os.urandom(32)
        env = {"BATON_AUDIT_ORIGIN": ORIGIN, "BATON_AUDIT_SIGNING_KEY": self.signer_key,
               "BATON_AUDIT_SECRET": base64.b64encode(self.secret).decode(),
               "BATON_AUDIT_CHECKPOINT_DIR": os.path.join(work, "checkpoints"), "BATON_AUDIT_METRICS_INTERVAL": "1",
               **(extra_env or {})}
        self.env = env
        self.service = Replica(bin_dir, url, "baton-audit", work, extra_env=env, executable="baton-audit")
        self.channel = None
        self.stub = None

    def replica(self, name, url=None, **env):
        """Another baton-audit with the same keys (on `url`, default the suite's database), `env` added."""
        return Replica(self.bin_dir, url or self.url, name, self.work, extra_env={**self.env, **env}, executable="baton-audit")

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

    def pseudonym(self, tenant, kind, raw):
        """The documented pseudonym, computed here with the tenant key (only a holder of the key can)."""
        tenant_key = hmac.new(self.secret, f"baton-audit pseudonym key v1\n{tenant}".encode(), hashlib.sha256).digest()
        return "ps_" + hmac.new(tenant_key, f"{kind}:{raw}".encode(), hashlib.sha256).hexdigest()[:32]

    async def query(self, tenant, **kw):
        return await self.stub.Query(pb.QueryRequest(tenant_id=tenant, **kw), timeout=TIMEOUT)

    async def query_all(self, tenant, page_size=7, **kw):
        """Every page of a query: (records, pages)."""
        records, pages, token = [], 0, ""
        while True:
            page = await self.query(tenant, page_size=page_size, page_token=token, **kw)
            pages += 1
            records += list(page.records)
            token = page.next_page_token
            if not token or pages > 1000:
                return records, pages

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
    # Every commit wrote its checkpoint file, the last one of the final size.
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


async def expect_error(problems, code, field, call):
    """The call fails with `code` and a message starting with `field`."""
    try:
        await call()
        problems.append(f"{field}: no error")
    except grpc.aio.AioRpcError as error:
        if error.code() != code or (field and not error.details().startswith(field)):
            problems.append(f"{field}: {error.code()} {error.details()!r}")


async def erasure(s, results):
    """Erasing a customer: their details are unreadable by Query, their key rows are gone, the entries
    never held their text or raw id, the pseudonym is the tenant key's HMAC, and the log still verifies."""
    problems = []
    tenant = f"erase-{os.getpid()}"
    secret_rationale = "Refund of 42 EUR to Jane Roe, 12 Elm Street"
    secret_input = "jane.roe@example.com"
    gone, kept_customer = "cust-jane-roe", "cust-kept"
    for i in range(6):
        r = record(tenant, i, customer=gone, rationale=f"{secret_rationale} #{i}")
        r.inputs["email"] = secret_input
        await s.stub.Append(pb.AppendRequest(record=r, idempotency_key=f"e-{i}"), timeout=TIMEOUT)
    for i in range(3):
        await s.append(tenant, 100 + i, key=f"k-{i}", customer=kept_customer, rationale="kept customer's rationale")
    kept = s.save_note(f"{tenant}.kept", (await s.checkpoint(tenant)).note)
    about = pb.AuditSubject(kind=pb.SUBJECT_KIND_CUSTOMER, subject_id=gone)
    before = (await s.query(tenant, subject=about, include_details=True)).records
    if len(before) != 6 or any(r.details_unreadable or not r.rationale.startswith(secret_rationale)
                               or r.inputs.get("email") != secret_input for r in before):
        problems.append(f"before erasure Query gave {len(before)} records, details "
                        f"{[(r.details_unreadable, r.rationale[:12]) for r in before]}")
    pseudonym = s.pseudonym(tenant, "customer", gone)
    if any(subj.subject_id == gone for r in before for subj in r.subjects) or \
            not all(any(subj.subject_id == pseudonym for subj in r.subjects) for r in before):
        problems.append("Query did not show the customer as the tenant key's pseudonym")

    erased = await s.stub.EraseCustomer(pb.EraseCustomerRequest(tenant_id=tenant, customer_id=gone), timeout=TIMEOUT)
    if erased.customer_pseudonym != pseudonym or erased.entries_made_unreadable != 6 or list(erased.key_versions_deleted) != [1]:
        problems.append(f"EraseCustomer answered {erased.customer_pseudonym} {erased.entries_made_unreadable} "
                        f"{list(erased.key_versions_deleted)}; expected {pseudonym} 6 [1]")
    if erased.erasure.index != 9 or erased.erasure.checkpoint.tree_size != 10:
        problems.append(f"the erasure entry is {erased.erasure.index} under a checkpoint of {erased.erasure.checkpoint.tree_size}")
    rows = psql(s.url, f"SELECT count(*) FROM audit.sealing_keys WHERE tenant_id = {quote(tenant)} AND owner = {quote(pseudonym)}")
    if rows[0][0] != "0":
        problems.append(f"{rows[0][0]} sealing keys of the erased customer remain")
    after = (await s.query(tenant, subject=about, include_details=True)).records
    old = [r for r in after if r.kind != pb.RECORD_KIND_CUSTOMER_ERASED]
    marks = [r for r in after if r.kind == pb.RECORD_KIND_CUSTOMER_ERASED]
    if len(old) != 6 or not all(r.details_unreadable and not r.rationale and not r.inputs for r in old):
        problems.append(f"after erasure: {[(r.index, r.details_unreadable, r.rationale[:12]) for r in old]}")
    if len(marks) != 1 or marks[0].details_unreadable or [x.subject_id for x in marks[0].subjects] != [pseudonym]:
        problems.append(f"the erasure entry reads {marks}")
    # The same pseudonym given instead of the raw id finds the same entries.
    by_pseudonym = (await s.query(tenant, subject=pb.AuditSubject(kind=pb.SUBJECT_KIND_CUSTOMER, subject_id=pseudonym))).records
    if [r.index for r in by_pseudonym] != [r.index for r in after]:
        problems.append("querying by the pseudonym found other entries than by the raw id")
    others = (await s.query(tenant, subject=pb.AuditSubject(kind=pb.SUBJECT_KIND_CUSTOMER, subject_id=kept_customer),
                            include_details=True)).records
    if len(others) != 3 or not all(r.rationale == "kept customer's rationale" for r in others):
        problems.append("another customer's details became unreadable")
    # Nothing stored holds the plaintext or the raw customer id: not the leaves, not the query columns, not the keys.
    for needle in (secret_rationale, secret_input, gone):
        found = psql(s.url, f"""SELECT count(*) FROM audit.entries WHERE tenant_id = {quote(tenant)}
                               AND (position(convert_to({quote(needle)}, 'UTF8') IN entry) > 0
                                    OR principal LIKE {quote('%' + needle + '%')}
                                    OR array_to_string(subjects, ' ') LIKE {quote('%' + needle + '%')})""")
        keys = psql(s.url, f"SELECT count(*) FROM audit.sealing_keys WHERE tenant_id = {quote(tenant)} "
                           f"AND (owner LIKE {quote('%' + needle + '%')} OR position(convert_to({quote(needle)}, 'UTF8') IN wrapped_key) > 0)")
        if found[0][0] != "0" or keys[0][0] != "0":
            problems.append(f"{needle!r} is stored in {found[0][0]} entries and {keys[0][0]} keys")
    again = await s.stub.EraseCustomer(pb.EraseCustomerRequest(tenant_id=tenant, customer_id=pseudonym), timeout=TIMEOUT)
    if again.entries_made_unreadable != 0 or list(again.key_versions_deleted) or again.customer_pseudonym != pseudonym:
        problems.append(f"a second erasure answered {again.entries_made_unreadable} {list(again.key_versions_deleted)}")
    # Records appended later about the same customer get a new key of a higher version, readable until the next erasure.
    later = await s.append(tenant, 200, key="after-erasure", customer=gone, rationale="after the erasure")
    fresh = [r for r in (await s.query(tenant, subject=about, include_details=True)).records if r.index == later.index]
    if len(fresh) != 1 or fresh[0].rationale != "after the erasure":
        problems.append(f"a record appended after the erasure reads {fresh}")
    versions = psql(s.url, f"SELECT version FROM audit.sealing_keys WHERE tenant_id = {quote(tenant)} AND owner = {quote(pseudonym)}")
    if versions != [["3"]]:
        problems.append(f"the new key's versions are {versions}, expected [3] (after two erasures)")
    retry = await s.stub.EraseCustomer(pb.EraseCustomerRequest(tenant_id=tenant, customer_id=gone, idempotency_key="gdpr-1"),
                                       timeout=TIMEOUT)
    retried = await s.stub.EraseCustomer(pb.EraseCustomerRequest(tenant_id=tenant, customer_id=gone, idempotency_key="gdpr-1"),
                                         timeout=TIMEOUT)
    if retry.entries_made_unreadable != 1 or retry.erasure.duplicate or not retried.erasure.duplicate \
            or retried.erasure.index != retry.erasure.index:
        problems.append(f"keyed erasure and its retry: {retry.entries_made_unreadable} {retry.erasure.duplicate} "
                        f"{retried.erasure.duplicate} {retry.erasure.index} {retried.erasure.index}")
    verified = await s.verify(tenant, trusted=open(kept).read())
    if not verified.valid or verified.entries_checked != 13:
        problems.append(f"Verify after erasure: {verified.valid} {verified.entries_checked} {verified.failure}")
    ok, out = s.go_verify(tenant, earlier=kept)
    if not ok:
        problems.append(f"tlog-verify refused the log after erasure: {out[-300:]}")
    # Bad input: nothing written.
    size = (await s.checkpoint(tenant)).tree_size
    await expect_error(problems, SC.NOT_FOUND, "tenant_id", lambda: s.stub.EraseCustomer(
        pb.EraseCustomerRequest(tenant_id="nobody-here", customer_id=gone), timeout=TIMEOUT))
    await expect_error(problems, SC.INVALID_ARGUMENT, "customer_id", lambda: s.stub.EraseCustomer(
        pb.EraseCustomerRequest(tenant_id=tenant), timeout=TIMEOUT))
    await expect_error(problems, SC.INVALID_ARGUMENT, "requested_by.kind", lambda: s.stub.EraseCustomer(
        pb.EraseCustomerRequest(tenant_id=tenant, customer_id=gone, requested_by=common.Principal(principal_id="x")), timeout=TIMEOUT))
    forged = record(tenant, 1, customer=gone)
    forged.kind = pb.RECORD_KIND_CUSTOMER_ERASED
    await expect_error(problems, SC.INVALID_ARGUMENT, "record.kind", lambda: s.stub.Append(
        pb.AppendRequest(record=forged, idempotency_key="forged"), timeout=TIMEOUT))
    if (await s.checkpoint(tenant)).tree_size != size:
        problems.append("refused erasures wrote something")
    results.record("erasure_makes_details_unreadable_and_the_log_still_verifies", problems)


async def query(s, results):
    """Query's filters, paging and details over the real service."""
    problems = []
    tenant = f"query-{os.getpid()}"
    t0 = 1_760_000_000
    kinds = [pb.RECORD_KIND_TURN_DECISION, pb.RECORD_KIND_ESCALATION_ENQUEUED, pb.RECORD_KIND_ESCALATION_COMPLETED]
    expected = []
    for i in range(30):
        r = record(tenant, i, customer=f"qc-{i % 3}", rationale=f"why {i}")
        r.kind = kinds[i % 3]
        r.decide_time.FromSeconds(t0 + 60 * i)
        if i % 4 == 0:
            r.performed_by.CopyFrom(common.Principal(kind=common.PRINCIPAL_KIND_HUMAN_AGENT, principal_id="agent-7"))
        await s.stub.Append(pb.AppendRequest(record=r, idempotency_key=f"q-{i}"), timeout=TIMEOUT)
        expected.append(dict(i=i, kind=r.kind, agent=i % 4 == 0, customer=f"qc-{i % 3}"))

    def indexes(records):
        return [r.index for r in records]

    def window(a, b):
        w = common.TimeWindow()
        w.start_time.FromSeconds(t0 + 60 * a)
        w.end_time.FromSeconds(t0 + 60 * b)
        return w

    async def check(name, want, **kw):
        got, pages = await s.query_all(tenant, **kw)
        if indexes(got) != want:
            problems.append(f"{name}: got {indexes(got)}, expected {want}")
        return got, pages

    everything, pages = await check("all, 7 a page", list(range(30)))
    if pages != 5:
        problems.append(f"30 records 7 a page came in {pages} pages")
    await check("all, descending", list(range(29, -1, -1)), descending=True)
    await check("window", list(range(5, 15)), window=window(5, 15))
    await check("kinds", [e["i"] for e in expected if e["kind"] in kinds[1:]], kinds=kinds[1:])
    agent = [e["i"] for e in expected if e["agent"]]
    await check("principal raw", agent, principal_id="agent-7")
    agent_pseudonym = everything[0].performed_by.principal_id
    if agent_pseudonym != s.pseudonym(tenant, "principal", "agent-7"):
        problems.append(f"the agent is stored as {agent_pseudonym}")
    await check("principal pseudonym", agent, principal_id=agent_pseudonym)
    await check("principal service", [e["i"] for e in expected if not e["agent"]], principal_id="baton-planner")
    cust = pb.AuditSubject(kind=pb.SUBJECT_KIND_CUSTOMER, subject_id="qc-1")
    await check("subject raw", [e["i"] for e in expected if e["customer"] == "qc-1"], subject=cust)
    await check("subject pseudonym", [e["i"] for e in expected if e["customer"] == "qc-1"],
                subject=pb.AuditSubject(kind=pb.SUBJECT_KIND_CUSTOMER, subject_id=s.pseudonym(tenant, "customer", "qc-1")))
    await check("subject conversation", [7], subject=pb.AuditSubject(kind=pb.SUBJECT_KIND_CONVERSATION, subject_id="conv-7"))
    await check("index range, descending", list(range(20, 9, -1)), min_index=10, max_index=20, descending=True)
    await check("all filters", [i for i in range(4, 25) if i % 4 == 0 and kinds[i % 3] != kinds[0] and i % 3 == 1],
                window=window(0, 25), kinds=kinds[1:], principal_id="agent-7", subject=cust, min_index=4, page_size=1)
    plain = (await s.query(tenant, max_index=2)).records
    detailed = (await s.query(tenant, max_index=2, include_details=True)).records
    if any(r.rationale or r.inputs for r in plain) or [r.rationale for r in detailed] != ["why 0", "why 1", "why 2"]:
        problems.append(f"details: {[r.rationale for r in plain]} {[r.rationale for r in detailed]}")
    if any(r.tenant_id != tenant or len(r.leaf_hash) != 32 or r.pseudonym_key_version != 1 for r in detailed):
        problems.append("records lack their output fields")
    first = await s.query(tenant, page_size=5)
    if len(first.records) != 5 or not first.next_page_token:
        problems.append(f"first page of 5: {len(first.records)} {first.next_page_token!r}")
    else:
        await expect_error(problems, SC.INVALID_ARGUMENT, "page_token", lambda: s.query(
            tenant, page_size=5, page_token=first.next_page_token, descending=True))
        await expect_error(problems, SC.INVALID_ARGUMENT, "page_token", lambda: s.query(
            tenant, page_size=5, page_token=first.next_page_token, subject=cust))
        second = await s.query(tenant, page_size=5, page_token=first.next_page_token)
        if indexes(second.records) != [5, 6, 7, 8, 9]:
            problems.append(f"second page: {indexes(second.records)}")
    await expect_error(problems, SC.INVALID_ARGUMENT, "page_token", lambda: s.query(tenant, page_token="not-a-token"))
    await expect_error(problems, SC.INVALID_ARGUMENT, "page_size", lambda: s.query(tenant, page_size=1001))
    await expect_error(problems, SC.INVALID_ARGUMENT, "page_size", lambda: s.query(tenant, page_size=-1))
    await expect_error(problems, SC.INVALID_ARGUMENT, "window.end_time", lambda: s.query(tenant, window=window(5, 4)))
    await expect_error(problems, SC.INVALID_ARGUMENT, "kinds[1]", lambda: s.query(tenant, kinds=[1, 0]))
    await expect_error(problems, SC.INVALID_ARGUMENT, "max_index", lambda: s.query(tenant, min_index=5, max_index=4))
    await expect_error(problems, SC.INVALID_ARGUMENT, "subject.kind", lambda: s.query(
        tenant, subject=pb.AuditSubject(subject_id="x")))
    await expect_error(problems, SC.NOT_FOUND, "tenant_id", lambda: s.query("nobody-here"))
    await expect_error(problems, SC.INVALID_ARGUMENT, "tenant_id", lambda: s.query(""))
    results.record("query_filters_pages_and_details", problems)


async def metrics(s, results):
    """A scripted day (the same as AuditCoreTests' EscalationMetricsTests) appended through the service:
    Metrics computes it, per category and for the categories asked, and /metrics exports it."""
    problems = []
    tenant = f"metrics-{os.getpid()}"
    now = time.time()
    hour = 3600
    resolved, handed_back = "COMPLETION_OUTCOME_RESOLVED", "COMPLETION_OUTCOME_HANDED_BACK_TO_BOT"
    counter = iter(range(10_000))

    async def add(kind, hours_ago, conversation=None, escalation=None, category="", decision="DONE", triggers=(), inputs=None,
                  customer=None):
        r = pb.AuditRecord(tenant_id=tenant, kind=kind, decision=decision, category=category,
                           performed_by=common.Principal(kind=common.PRINCIPAL_KIND_SERVICE, principal_id="baton-router"))
        r.decide_time.FromNanoseconds(int((now - hours_ago * hour) * 1e9))
        if conversation:
            r.subjects.add(kind=pb.SUBJECT_KIND_CONVERSATION, subject_id=conversation)
        if escalation:
            r.subjects.add(kind=pb.SUBJECT_KIND_ESCALATION, subject_id=escalation)
        if customer:
            r.subjects.add(kind=pb.SUBJECT_KIND_CUSTOMER, subject_id=customer)
        r.trigger_categories.extend(triggers)
        for k, v in (inputs or {}).items():
            r.inputs[k] = v
        await s.stub.Append(pb.AppendRequest(record=r, idempotency_key=f"m-{next(counter)}"), timeout=TIMEOUT)

    K, T = pb, common
    for i in range(10):
        await add(K.RECORD_KIND_TURN_DECISION, 10 - i * 0.5, conversation=f"c{i % 4}", decision="DECISION_CONTINUE")
    await add(K.RECORD_KIND_ESCALATION_ENQUEUED, 30, "c9", "e0", "billing", triggers=[T.TRIGGER_CATEGORY_SENTIMENT])
    await add(K.RECORD_KIND_ESCALATION_ENQUEUED, 5, "c0", "e1", "billing",
              triggers=[T.TRIGGER_CATEGORY_SENTIMENT, T.TRIGGER_CATEGORY_EXPLICIT_REQUEST])
    await add(K.RECORD_KIND_ESCALATION_COMPLETED, 4, "c0", "e1", decision=resolved)
    await add(K.RECORD_KIND_ESCALATION_ENQUEUED, 5, "c1", "e2", "billing", triggers=[T.TRIGGER_CATEGORY_SENTIMENT])
    await add(K.RECORD_KIND_ESCALATION_COMPLETED, 3, "c1", "e2", decision=resolved)
    await add(K.RECORD_KIND_ESCALATION_ENQUEUED, 5, "c2", "e3", "tech", triggers=[T.TRIGGER_CATEGORY_LOOP])
    await add(K.RECORD_KIND_ESCALATION_COMPLETED, 4.5, "c2", "e3", decision=handed_back)
    await add(K.RECORD_KIND_ESCALATION_ENQUEUED, 4, "c2", "e4", "tech", triggers=[T.TRIGGER_CATEGORY_LOOP])
    await add(K.RECORD_KIND_ESCALATION_COMPLETED, 1, "c2", "e4", decision=resolved)
    await add(K.RECORD_KIND_HANDOFF_FEEDBACK, 4.4, escalation="e3", inputs={"necessary": "false"})
    await add(K.RECORD_KIND_HANDOFF_FEEDBACK, 3.9, escalation="e1", inputs={"necessary": "true"})
    for csat, by, customer in (("5", "bot", "m-a"), ("4", "bot", "m-b"), ("2", "human", "m-c"), ("3", "human", "m-d"),
                               ("9", "human", "m-e")):
        await add(K.RECORD_KIND_SATISFACTION, 2, inputs={"csat": csat, "handled_by": by}, customer=customer)
    window = common.TimeWindow()
    window.start_time.FromNanoseconds(int((now - 24 * hour) * 1e9))
    answer = await s.stub.Metrics(pb.MetricsRequest(tenant_id=tenant, window=window), timeout=TIMEOUT)
    t = answer.total
    got = (t.turns, t.conversations, t.escalations, t.escalation_rate, dict(t.escalations_by_trigger), t.handed_back_to_bot,
           t.reopened, t.resolutions_measured, t.median_time_to_resolution.seconds, t.p90_time_to_resolution.seconds,
           t.unnecessary_escalations, t.escalations_change, t.satisfaction.bot_average, t.satisfaction.bot_responses,
           t.satisfaction.human_average, t.satisfaction.human_responses)
    want = (10, 4, 4, 1.0, {"TRIGGER_CATEGORY_SENTIMENT": 2, "TRIGGER_CATEGORY_EXPLICIT_REQUEST": 1, "TRIGGER_CATEGORY_LOOP": 2},
            1, 1, 3, 2 * hour, 3 * hour, 1, 3, 4.5, 2, 2.5, 2)
    if got != want:
        problems.append(f"totals {got}, expected {want}")
    cats = {k: (v.escalations, v.handed_back_to_bot, v.escalations_change) for k, v in answer.by_category.items()}
    if cats != {"billing": (2, 0, 1), "tech": (2, 1, 2)}:
        problems.append(f"by category {cats}")
    if answer.window.end_time.seconds < int(now):
        problems.append("the window's end was not filled in with now")
    tech = await s.stub.Metrics(pb.MetricsRequest(tenant_id=tenant, window=window, categories=["tech"]), timeout=TIMEOUT)
    if (tech.total.escalations, tech.total.unnecessary_escalations, list(tech.by_category)) != (2, 1, ["tech"]):
        problems.append(f"tech only: {tech.total.escalations} {tech.total.unnecessary_escalations} {list(tech.by_category)}")
    # Satisfaction inputs are sealed: erasing a customer removes their score from the figures.
    await s.stub.EraseCustomer(pb.EraseCustomerRequest(tenant_id=tenant, customer_id="m-a"), timeout=TIMEOUT)
    after = (await s.stub.Metrics(pb.MetricsRequest(tenant_id=tenant, window=window), timeout=TIMEOUT)).total.satisfaction
    if (after.bot_responses, after.bot_average) != (1, 4.0):
        problems.append(f"after erasing a bot-served customer: {after.bot_responses} {after.bot_average}")
    await expect_error(problems, SC.INVALID_ARGUMENT, "window", lambda: s.stub.Metrics(
        pb.MetricsRequest(tenant_id=tenant), timeout=TIMEOUT))
    await expect_error(problems, SC.NOT_FOUND, "tenant_id", lambda: s.stub.Metrics(
        pb.MetricsRequest(tenant_id="nobody-here", window=window), timeout=TIMEOUT))
    # Exported per tenant for the last 24 hours by the background job (every second here).
    expected = {"escalations_24h": 4.0, "turns_24h": 10.0, "handed_back_to_bot_24h": 1.0, "escalations_change_24h": 3.0}
    deadline = time.monotonic() + 20
    seen = {}
    while time.monotonic() < deadline:
        text = urllib.request.urlopen(f"http://127.0.0.1:{s.service.admin_port}/metrics", timeout=5).read().decode()
        seen = {}
        for line in text.splitlines():
            for name in expected:
                if line.startswith(f"baton_audit_{name}{{") and f'tenant="{tenant}"' in line:
                    seen[name] = float(line.rsplit(" ", 1)[1])
        if seen == expected:
            break
        await asyncio.sleep(0.2)
    if seen != expected:
        problems.append(f"/metrics shows {seen}, expected {expected}")
    results.record("metrics_from_the_log_and_exported", problems)


async def run_cases(s, cases):
    """Runs each (name, body) against the suite's service, started here and stopped after; an exception fails its
    case only. Prints "N passed, N failed"; true when none failed."""
    results = Results()
    s.service.start()
    s.connect()
    try:
        for name, body in cases:
            try:
                await body(s, results)
            except Exception as error:  # noqa: BLE001
                traceback.print_exc()
                results.record(name, [f"{type(error).__name__}: {error}"])
    finally:
        await s.channel.close()
        s.service.terminate()
    print(f"{results.passed} passed, {results.failed} failed", flush=True)
    return results.failed == 0


async def appends_then_bad_input(s, results):
    tenant, _ = await appends_proofs_and_stock_verifier(s, results)
    await bad_input(s, results, tenant)


async def amain(bin_dir, url, verifier):
    s = Suite(bin_dir, url, verifier, tempfile.mkdtemp(prefix="baton-audit-e2e-"))
    return await run_cases(s, [("appends", appends_then_bad_input), ("idempotency", idempotency), ("erasure", erasure),
                               ("query", query), ("metrics", metrics), ("tampering", tampering), ("crash", crash_under_load)])


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    ok = asyncio.run(amain(*sys.argv[1:]))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
