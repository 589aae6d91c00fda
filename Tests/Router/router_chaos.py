#!/usr/bin/env python3
"""baton-router under concurrency and failures: three replicas on one
Postgres, 200 agent desks (grpc.aio) accepting, declining and letting offers
lapse at random, 5,000 escalations with mixed skills, languages, channels and
tiers, one replica killed with SIGKILL and restarted mid-run. At the end the
invariants are checked from the database and from the clients' history:
no escalation lost, none assigned twice, no agent above capacity, every offer
resolved. Then: an agent going offline mid-offer, a Postgres restart under
live replicas, bad input that must change nothing.

Prints one line per case and "N passed, N failed".
Usage: router_chaos.py SWIFT_BIN_DIR DATABASE_URL
Environment: BATON_CHAOS_SEED (random seed), BATON_CHAOS_ESCALATIONS (5000),
BATON_CHAOS_AGENTS (200), BATON_CHAOS_ONLY (comma-separated case groups:
self_test,bad_input,chaos,presence,postgres_restart).
"""

import asyncio
import bisect
import collections
import os
import random
import subprocess
import sys
import tempfile
import time

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Support"))
from batonkit import ROOT, Replica, load_stubs, psql, quote  # noqa: E402

common, pb, pb_grpc, STUB_DIR = load_stubs()
from google.protobuf import duration_pb2  # noqa: E402

SC = grpc.StatusCode
RETRYABLE = {SC.UNAVAILABLE, SC.DEADLINE_EXCEEDED, SC.CANCELLED, SC.UNKNOWN, SC.INTERNAL}
CHAT, EMAIL = common.CHANNEL_CHAT, common.CHANNEL_EMAIL
SKILLS = ["billing", "tech", "returns", "account", "shipping"]
SENIOR = {pb.SENIORITY_SENIOR, pb.SENIORITY_LEAD}
VIP = {common.CUSTOMER_TIER_VIP_GOLD, common.CUSTOMER_TIER_VIP_PLATINUM}
RPC_TIMEOUT = 10


def now():
    return time.time()


class Results:
    """Cases counted and printed as PASS|FAIL <prefix>/<name> (Tests/Deploy reuses it under its own prefix)."""

    def __init__(self, prefix="router"):
        self.prefix = prefix
        self.passed = self.failed = 0

    def record(self, name, problems):
        """PASS when `problems` is empty, else FAIL with the first few."""
        if not problems:
            self.passed += 1
            print(f"PASS {self.prefix}/{name}", flush=True)
        else:
            self.failed += 1
            shown = "; ".join(" ".join(str(p).split()) for p in problems[:5])
            more = f" (+{len(problems) - 5} more)" if len(problems) > 5 else ""
            print(f"FAIL {self.prefix}/{name}: {shown}{more}", flush=True)

    async def case(self, name, body):
        try:
            await body()
            self.record(name, [])
        except Exception as error:  # noqa: BLE001 - every failure is a FAIL line
            self.record(name, [f"{type(error).__name__}: {error}"])


def check(condition, message):
    if not condition:
        raise AssertionError(message)


async def expect_error(code, field, call):
    try:
        await call()
    except grpc.aio.AioRpcError as error:
        check(error.code() == code, f"expected {code.name}, got {error.code().name}: {error.details()}")
        if field:
            check(field in (error.details() or ""), f"{code.name} does not name {field}: {error.details()}")
        return error
    raise AssertionError(f"expected {code.name}, the call succeeded")


def dur(seconds):
    return duration_pb2.Duration(seconds=int(seconds), nanos=int((seconds % 1) * 1e9))


# ---------------------------------------------------------------------------
# The population: agents and escalations, each escalation with enough
# eligible agents that random declines and lapses never strand it.

class AgentSpec:
    def __init__(self, agent_id, skills, languages, seniority, caps, max_total):
        self.agent_id, self.skills, self.languages = agent_id, skills, languages
        self.seniority, self.caps, self.max_total = seniority, caps, max_total

    @property
    def total(self):
        return self.max_total or sum(self.caps.values())

    def proto(self, tenant):
        return pb.Agent(agent_id=self.agent_id, tenant_id=tenant, display_name=self.agent_id,
                        skills=[pb.AgentSkill(skill=s, level=l) for s, l in sorted(self.skills.items())],
                        languages=self.languages, seniority=self.seniority,
                        capacities=[pb.ChannelCapacity(channel=c, max_concurrent=n) for c, n in sorted(self.caps.items())],
                        max_total_concurrent=self.max_total)

    def fits(self, esc):
        """Why this agent may not take `esc` (None when it may)."""
        if self.caps.get(esc.channel, 0) <= 0:
            return "channel"
        if esc.language not in self.languages:
            return "language"
        for req in esc.required_skills:
            if self.skills.get(req.skill, 0) < max(1, req.min_level):
                return f"skill {req.skill}"
        if esc.customer_tier in VIP and self.seniority not in SENIOR:
            return "seniority"
        return None


def make_agents(rng, count):
    agents = []
    for i in range(count):
        skills = {s: rng.randint(2, 10) for s in rng.sample(SKILLS, rng.randint(2, 4))}
        languages = ["en"] + (["de"] if rng.random() < 0.4 else []) + (["fr"] if rng.random() < 0.25 else [])
        seniority = rng.choices([pb.SENIORITY_JUNIOR, pb.SENIORITY_INTERMEDIATE, pb.SENIORITY_SENIOR, pb.SENIORITY_LEAD],
                                [3, 3, 3, 1])[0]
        caps = {CHAT: rng.randint(1, 3)}
        if rng.random() < 0.5:
            caps[EMAIL] = rng.randint(1, 4)
        total = sum(caps.values())
        max_total = 0 if rng.random() < 0.5 else rng.randint(1, total)
        agents.append(AgentSpec(f"agent-{i:03d}", skills, languages, seniority, caps, max_total))
    return agents


def make_escalations(rng, tenant, agents, count, queues, min_eligible=12):
    out = []
    while len(out) < count:
        i = len(out)
        required = [pb.SkillRequirement(skill=s, min_level=rng.choice([0, 1, 3, 5, 6]))
                    for s in rng.sample(SKILLS, rng.choice([0, 1, 1, 2]))]
        esc = pb.Escalation(
            escalation_id=f"esc-{i:05d}", tenant_id=tenant, conversation_id=f"conv-{i:05d}",
            category=rng.choice(["billing.refund", "tech.outage", "returns.label", "account.locked"]),
            required_skills=required, language=rng.choices(["en", "de", "fr"], [7, 2, 1])[0],
            customer_tier=rng.choices([common.CUSTOMER_TIER_FREE, common.CUSTOMER_TIER_STANDARD,
                                       common.CUSTOMER_TIER_PREMIUM, common.CUSTOMER_TIER_VIP_GOLD,
                                       common.CUSTOMER_TIER_VIP_PLATINUM], [2, 4, 2, 1, 1])[0],
            urgency=rng.choice([common.URGENCY_LOW, common.URGENCY_NORMAL, common.URGENCY_HIGH]),
            channel=rng.choices([CHAT, EMAIL], [3, 1])[0], queue_id=rng.choice(queues),
            reason="chaos test", prior_wait_seconds=rng.randint(0, 300))
        if sum(1 for a in agents if a.fits(esc) is None) >= min_eligible:
            out.append(esc)
    return out


# ---------------------------------------------------------------------------
# The client history and the invariants checked on it. Each offer record:
#   agent, esc, channel, t_recv, expire (server's expire_time), decision
#   ("accept" | "decline" | "timeout"), t_answer (answer sent), answer
#   ("ok" | "rejected" | "error:<code>"), revoked (reason or None),
#   t_accepted (Accept returned OK, or resolved as ours after an ambiguous
#   retry), t_complete (first Complete sent), completed (bool).
# Times are the client's clock: an interval [t_accepted, t_complete] is inside
# the server's assignment, [t_recv, t_answer] of an answered offer inside the
# server's pending offer, so overlaps counted on them are real.

def max_overlap(intervals):
    """Largest number of intervals [start, end] open at one instant (ends first on ties)."""
    points = sorted([(s, 1) for s, e in intervals] + [(e, -1) for s, e in intervals], key=lambda p: (p[0], p[1]))
    best = level = 0
    for _, step in points:
        level += step
        best = max(best, level)
    return best


def check_capacity(offers, agents, include_offers):
    """Per agent and channel (and in total), work held at one instant <= capacity."""
    spans = collections.defaultdict(list)
    for o in offers.values():
        if o.get("t_accepted") is not None and o.get("t_complete") is not None:
            start = o["t_recv"] if include_offers else o["t_accepted"]
            spans[(o["agent"], o["channel"])].append((start, o["t_complete"]))
        elif include_offers and o.get("answer") == "ok" and o.get("t_answer") is not None and not o.get("revoked"):
            spans[(o["agent"], o["channel"])].append((o["t_recv"], o["t_answer"]))
    problems = []
    per_agent = collections.defaultdict(list)
    for (agent_id, channel), intervals in spans.items():
        per_agent[agent_id].extend(intervals)
        peak, cap = max_overlap(intervals), agents[agent_id].caps.get(channel, 0)
        if peak > cap:
            problems.append(f"{agent_id} held {peak} on channel {channel}, capacity {cap}")
    for agent_id, intervals in per_agent.items():
        peak, cap = max_overlap(intervals), agents[agent_id].total
        if peak > cap:
            problems.append(f"{agent_id} held {peak} in total, capacity {cap}")
    return problems


def check_single_assignment(offers):
    """At most one successful Accept per escalation; no offer of it reaches a
    desk after it was accepted; no two answered offers of it pending at once."""
    by_esc = collections.defaultdict(list)
    for offer_id, o in offers.items():
        by_esc[o["esc"]].append((offer_id, o))
    problems = []
    for esc, items in by_esc.items():
        accepted = [(i, o) for i, o in items if o.get("t_accepted") is not None]
        if len(accepted) > 1:
            problems.append(f"{esc} accepted by {sorted(o['agent'] for _, o in accepted)}")
        if accepted:
            t = min(o["t_accepted"] for _, o in accepted)
            late = [o["agent"] for i, o in items if o["t_recv"] > t and i not in dict(accepted)]
            if late:
                problems.append(f"{esc} offered to {late} after it was accepted")
        pending = sorted((o["t_recv"], o["t_answer"], o["agent"]) for _, o in items
                         if o.get("answer") == "ok" and o.get("t_answer") is not None)
        for (s1, e1, a1), (s2, e2, a2) in zip(pending, pending[1:]):
            if s2 < e1:
                problems.append(f"{esc} pending with {a1} and {a2} at once")
    return problems


def check_offers_resolved(offers, db_offers):
    """Every offer a desk saw ended in the database, consistently with what the
    desk did: accepted ones 2, declined ones 3, lapsed ones 4 or 5."""
    problems = []
    for offer_id, o in offers.items():
        state = db_offers.get(offer_id)
        if state is None:
            problems.append(f"offer {offer_id} ({o['esc']}) is not in router.offers")
        elif state == 1:
            problems.append(f"offer {offer_id} ({o['esc']}) still pending")
        elif o.get("t_accepted") is not None and state != 2:
            problems.append(f"offer {offer_id} accepted by {o['agent']} but stored as state {state}")
        elif o["decision"] == "decline" and o.get("answer") == "ok" and state != 3:
            problems.append(f"offer {offer_id} declined but stored as state {state}")
        elif o["decision"] == "timeout" and state not in (4, 5):
            problems.append(f"offer {offer_id} lapsed but stored as state {state}")
    return problems


def check_none_lost(escalation_ids, offers, db_states):
    """Every escalation enqueued is completed in the database and the clients
    saw it accepted and completed once."""
    accepted = collections.Counter(o["esc"] for o in offers.values() if o.get("t_accepted") is not None)
    completed = collections.Counter(o["esc"] for o in offers.values() if o.get("completed"))
    problems = []
    for esc in escalation_ids:
        state = db_states.get(esc)
        if state != 4:
            problems.append(f"{esc} in state {state} (want 4 completed)")
        elif accepted[esc] != 1 or completed[esc] != 1:
            problems.append(f"{esc} accepted {accepted[esc]}x and completed {completed[esc]}x by the desks")
    extra = set(db_states) - set(escalation_ids)
    if extra:
        problems.append(f"{len(extra)} escalations stored that nobody enqueued: {sorted(extra)[:3]}")
    return problems


def self_test():
    """The checkers flag corrupted histories (so a PASS means something)."""
    agents = {"a": AgentSpec("a", {}, ["en"], pb.SENIORITY_JUNIOR, {CHAT: 1}, 0),
              "b": AgentSpec("b", {}, ["en"], pb.SENIORITY_JUNIOR, {CHAT: 2, EMAIL: 1}, 2)}

    def offer(agent, esc, t_recv, decision="accept", t_answer=None, t_accepted=None, t_complete=None,
              channel=CHAT, completed=True):
        return dict(agent=agent, esc=esc, channel=channel, t_recv=t_recv, decision=decision,
                    t_answer=t_answer if t_answer is not None else t_recv + 0.1, answer="ok",
                    t_accepted=t_accepted if decision == "accept" else None,
                    t_complete=t_complete if decision == "accept" else None,
                    completed=completed and decision == "accept", revoked=None)

    good = {"o1": offer("a", "e1", 0, t_accepted=0.2, t_complete=1),
            "o2": offer("a", "e2", 1.5, t_accepted=1.6, t_complete=2),
            "o3": offer("b", "e3", 0, "decline"), "o4": offer("b", "e3", 0.5, t_accepted=0.6, t_complete=3),
            "o5": offer("b", "e4", 0.7, t_accepted=0.8, t_complete=2.5, channel=EMAIL)}
    db_good = {"o1": 2, "o2": 2, "o3": 3, "o4": 2, "o5": 2}
    states_good = {"e1": 4, "e2": 4, "e3": 4, "e4": 4}
    escs = ["e1", "e2", "e3", "e4"]
    problems = []

    def expect(name, found, want):
        if bool(found) != want:
            problems.append(f"{name}: {'missed the violation' if want else 'false alarm: ' + str(found)}")

    expect("capacity good", check_capacity(good, agents, False), False)
    expect("capacity+offers good", check_capacity(good, agents, True), False)
    expect("single good", check_single_assignment(good), False)
    expect("resolved good", check_offers_resolved(good, db_good), False)
    expect("lost good", check_none_lost(escs, good, states_good), False)
    # Agent a (capacity 1) holding e1 and e2 at once.
    bad = dict(good, o2=offer("a", "e2", 0.5, t_accepted=0.6, t_complete=2))
    expect("capacity overlap", check_capacity(bad, agents, False), True)
    # Agent b's total (2) exceeded with chat and email work at once.
    bad = dict(good, o6=offer("b", "e5", 0.9, t_accepted=1.0, t_complete=1.5))
    expect("capacity total", check_capacity(bad, agents, False), True)
    # A pending offer to a at capacity: only the offers-included check sees it.
    bad = dict(good, o6=offer("a", "e6", 0.5, "decline", t_answer=0.9))
    expect("capacity with offers", check_capacity(bad, agents, True), True)
    expect("capacity without offers", check_capacity(bad, agents, False), False)
    # e3 accepted by a as well.
    bad = dict(good, o6=offer("a", "e3", 1.2, t_accepted=1.3, t_complete=1.4))
    expect("double accept", check_single_assignment(bad), True)
    # e1 offered to b after a accepted it.
    bad = dict(good, o6=offer("b", "e1", 0.5, "decline"))
    expect("offer after accept", check_single_assignment(bad), True)
    # e3 pending with a and b at once.
    bad = dict(good, o6=offer("a", "e3", 0.05, "decline", t_answer=0.3))
    expect("two pending", check_single_assignment(bad), True)
    # A pending, a missing and an inconsistent offer in the database.
    expect("pending offer", check_offers_resolved(good, dict(db_good, o3=1)), True)
    expect("missing offer", check_offers_resolved(good, {k: v for k, v in db_good.items() if k != "o5"}), True)
    expect("declined stored accepted", check_offers_resolved(good, dict(db_good, o3=2)), True)
    timeout = dict(good, o6=dict(offer("b", "e4", 0.1, "timeout"), answer=None, t_answer=None))
    expect("lapsed stored accepted", check_offers_resolved(timeout, dict(db_good, o6=2)), True)
    expect("lapsed stored expired", check_offers_resolved(timeout, dict(db_good, o6=4)), False)
    # A lost escalation, one never completed by a desk, one nobody enqueued.
    expect("queued at the end", check_none_lost(escs, good, dict(states_good, e2=1)), True)
    expect("missing row", check_none_lost(escs, good, {k: v for k, v in states_good.items() if k != "e4"}), True)
    expect("not completed by desk", check_none_lost(escs, dict(good, o2=dict(good["o2"], completed=False)),
                                                    states_good), True)
    expect("stranger", check_none_lost(escs, good, dict(states_good, e9=4)), True)
    return problems


# ---------------------------------------------------------------------------
# Router connections: a few channels per replica (HTTP/2 stream limits), a
# stub picked by index, and calls retried on another replica when one dies.

class Routers:
    def __init__(self, replicas, channels_per_replica=4):
        self.replicas = replicas
        self.channels = [[grpc.aio.insecure_channel(r.target, options=[("grpc.use_local_subchannel_pool", 1),
                                                                         ("grpc.initial_reconnect_backoff_ms", 200),
                                                                         ("grpc.max_reconnect_backoff_ms", 1000)])
                          for _ in range(channels_per_replica)] for r in replicas]
        self.stubs = [[pb_grpc.RouterStub(c) for c in cs] for cs in self.channels]

    def stub(self, replica, key=0):
        row = self.stubs[replica % len(self.stubs)]
        return row[key % len(row)]

    async def call(self, start, key, fn, attempts=40, stats=None):
        """fn(stub) on replica `start`, then the next ones on retryable errors.
        Returns (response, error, ambiguous): ambiguous when an attempt failed
        in a way that may have reached the server."""
        replica, ambiguous, last = start, False, None
        for attempt in range(attempts):
            try:
                return await fn(self.stub(replica, key)), None, ambiguous
            except grpc.aio.AioRpcError as error:
                if error.code() not in RETRYABLE:
                    return None, error, ambiguous
                last, ambiguous = error, True
                if stats is not None:
                    stats["rpc_retries"] += 1
                    stats[f"retry_{error.code().name}"] += 1
                replica += 1
                await asyncio.sleep(0.05 if attempt < 6 else 0.3)
        return None, last, ambiguous

    async def close(self):
        for cs in self.channels:
            for c in cs:
                await c.close()


# ---------------------------------------------------------------------------
# The chaos run.

class Chaos:
    def __init__(self, replicas, database_url, seed, n_agents, n_escalations):
        self.replicas, self.database_url = replicas, database_url
        self.rng = random.Random(seed)
        self.tenant = f"chaos-{os.getpid()}-{time.time_ns() % 10**9}"
        self.queues = ["q-general", "q-priority"]
        self.specs = make_agents(self.rng, n_agents)
        self.agents = {a.agent_id: a for a in self.specs}
        self.escalations = make_escalations(self.rng, self.tenant, self.specs, n_escalations, self.queues)
        self.offers = {}
        self.enqueued = {}  # esc id -> "created" | "existed" | "error:..."
        self.completed = set()
        self.stats = collections.Counter()
        self.problems = collections.defaultdict(list)  # invariant name -> client-side violations seen live
        self.stop = False
        self.draining = False
        self.kill_at = n_escalations // 3
        self.killed = asyncio.Event()
        self.agent_state = {a.agent_id: dict(timeout_open=False, last_answer=0.0, last_expire=0.0)
                            for a in self.specs}

    async def setup(self, routers):
        for q in self.queues:
            await routers.stub(0).UpsertQueue(pb.UpsertQueueRequest(queue=pb.Queue(
                queue_id=q, tenant_id=self.tenant, display_name=q, offer_timeout=dur(2), max_offers=0)),
                timeout=RPC_TIMEOUT)
        sem = asyncio.Semaphore(16)

        async def upsert(i, a):
            async with sem:
                await routers.stub(i).UpsertAgent(pb.UpsertAgentRequest(agent=a.proto(self.tenant)), timeout=RPC_TIMEOUT)
        await asyncio.gather(*(upsert(i, a) for i, a in enumerate(self.specs)))

    # -- agent desks --------------------------------------------------------

    async def desk(self, routers, index, spec):
        replica = index % len(self.replicas)
        opened_once = False
        while not self.stop:
            call = routers.stub(replica, index).AgentSession(pb.AgentSessionRequest(
                tenant_id=self.tenant, agent_id=spec.agent_id, go_available=True, keepalive_interval=dur(5)))
            expected = 1
            try:
                async for event in call:
                    if event.sequence != expected:
                        self.problems["session_sequence"].append(
                            f"{spec.agent_id}: sequence {event.sequence}, expected {expected}")
                    expected = event.sequence + 1
                    kind = event.WhichOneof("event")
                    self.stats[f"event_{kind}"] += 1
                    if kind == "opened":
                        if opened_once:
                            self.stats["reconnects"] += 1
                        opened_once = True
                    elif kind == "offer":
                        asyncio.ensure_future(self.on_offer(routers, replica, index, spec, event.offer, now()))
                    elif kind == "revocation":
                        o = self.offers.get(event.revocation.offer_id)
                        if o is not None:
                            o["revoked"] = event.revocation.reason
                        if event.revocation.reason == pb.Revocation.REASON_PRESENCE_CHANGED:
                            self.stats["set_away_by_router"] += 1
                            await routers.call(replica, index, lambda s: s.SetAgentPresence(pb.SetAgentPresenceRequest(
                                tenant_id=self.tenant, agent_id=spec.agent_id,
                                presence=pb.AGENT_PRESENCE_AVAILABLE), timeout=RPC_TIMEOUT))
                    if self.stop:
                        break
            except grpc.aio.AioRpcError as error:
                if self.stop:
                    break
                self.stats[f"session_end_{error.code().name}"] += 1
            else:
                if self.stop:
                    break
                self.stats["session_end_OK"] += 1
            finally:
                call.cancel()
            replica += 1
            await asyncio.sleep(0.1 + 0.2 * self.rng.random())

    def decide(self, spec):
        if self.draining:
            return "accept"
        state, r = self.agent_state[spec.agent_id], self.rng.random()
        if r < 0.10:
            return "decline"
        # The router sets an agent away after consecutive lapses: never let a
        # second lapse follow a first before an answer landed after it.
        if r < 0.15 and not state["timeout_open"] and state["last_answer"] > state["last_expire"] + 1.5:
            return "timeout"
        return "accept"

    async def on_offer(self, routers, replica, key, spec, offer, t_recv):
        esc = offer.escalation
        expire = offer.expire_time.seconds + offer.expire_time.nanos / 1e9
        decision = self.decide(spec)
        if offer.offer_id in self.offers:
            # Sent again (a reopened session re-delivering a pending offer): the first task answers it.
            self.stats["offers_redelivered"] += 1
            if self.offers[offer.offer_id]["agent"] != spec.agent_id:
                self.problems["offer_delivered_twice"].append(f"{offer.offer_id} to {spec.agent_id} and "
                                                              f"{self.offers[offer.offer_id]['agent']}")
            return
        o = dict(agent=spec.agent_id, esc=esc.escalation_id, channel=esc.channel, t_recv=t_recv, expire=expire,
                 decision=decision, t_answer=None, answer=None, revoked=None, t_accepted=None, t_complete=None,
                 completed=False)
        self.offers[offer.offer_id] = o
        self.stats["offers"] += 1
        reason = spec.fits(esc)
        if reason:
            self.problems["offers_fit_the_agent"].append(f"{esc.escalation_id} offered to {spec.agent_id}: {reason}")
        state = self.agent_state[spec.agent_id]
        if decision == "timeout":
            self.stats["timeouts"] += 1
            state["timeout_open"] = True
            state["last_expire"] = max(state["last_expire"], expire)
            await asyncio.sleep(max(0.0, expire - now()) + 1.5)
            state["timeout_open"] = False
            return
        request = dict(tenant_id=self.tenant, agent_id=spec.agent_id, offer_id=offer.offer_id)
        o["t_answer"] = now()
        if decision == "decline":
            self.stats["declines"] += 1
            _, error, _ = await routers.call(replica, key, lambda s: s.Decline(
                pb.DeclineRequest(reason="chaos", **request), timeout=RPC_TIMEOUT), stats=self.stats)
            o["answer"] = "ok" if error is None else f"error:{error.code().name}"
            if error is not None:
                self.stats[f"decline_{error.code().name}"] += 1
            else:
                state["last_answer"] = now()
            return
        self.stats["accepts_sent"] += 1
        response, error, ambiguous = await routers.call(replica, key, lambda s: s.Accept(
            pb.AcceptRequest(**request), timeout=RPC_TIMEOUT), stats=self.stats)
        if error is None:
            o["answer"], o["t_accepted"] = "ok", now()
            state["last_answer"] = now()
            got = response.escalation
            if got.state != pb.ESCALATION_STATE_ASSIGNED or got.agent_id != spec.agent_id:
                self.problems["accept_response"].append(
                    f"{esc.escalation_id}: Accept answered state {got.state} agent {got.agent_id!r}")
        else:
            o["answer"] = f"error:{error.code().name}"
            self.stats[f"accept_{error.code().name}"] += 1
            if ambiguous:
                # The first attempt may have landed: is it ours now?
                got, error2, _ = await routers.call(replica, key, lambda s: s.GetEscalation(pb.GetEscalationRequest(
                    tenant_id=self.tenant, escalation_id=esc.escalation_id), timeout=RPC_TIMEOUT))
                if error2 is None and got.escalation.state == pb.ESCALATION_STATE_ASSIGNED \
                        and got.escalation.agent_id == spec.agent_id:
                    o["t_accepted"] = now()
                    self.stats["accept_resolved_as_ours"] += 1
            if o["t_accepted"] is None:
                return
        self.stats["accepts"] += 1
        await asyncio.sleep(self.rng.uniform(0, 0.2))
        o["t_complete"] = now()
        _, error, ambiguous = await routers.call(replica, key, lambda s: s.Complete(pb.CompleteRequest(
            tenant_id=self.tenant, agent_id=spec.agent_id, escalation_id=esc.escalation_id,
            outcome=pb.COMPLETION_OUTCOME_RESOLVED), timeout=RPC_TIMEOUT), stats=self.stats)
        if error is not None and ambiguous and error.code() == SC.FAILED_PRECONDITION:
            got, error2, _ = await routers.call(replica, key, lambda s: s.GetEscalation(pb.GetEscalationRequest(
                tenant_id=self.tenant, escalation_id=esc.escalation_id), timeout=RPC_TIMEOUT))
            if error2 is None and got.escalation.state == pb.ESCALATION_STATE_COMPLETED:
                error = None
        if error is None:
            o["completed"] = True
            self.completed.add(esc.escalation_id)
        else:
            self.problems["complete_fails"].append(f"{esc.escalation_id} by {spec.agent_id}: "
                                                   f"{error.code().name} {error.details()}")

    # -- enqueuers and the kill ----------------------------------------------

    async def enqueuer(self, routers, worker, queue, backlog):
        while queue:
            index = queue.popleft()
            esc = self.escalations[index]
            while len(self.enqueued) - len(self.completed) > backlog and now() < self.enqueue_deadline:
                await asyncio.sleep(0.02)
            response, error, ambiguous = await routers.call(index, worker, lambda s: s.Enqueue(
                pb.EnqueueRequest(escalation=esc), timeout=RPC_TIMEOUT), stats=self.stats)
            if error is not None:
                self.enqueued[esc.escalation_id] = f"error:{error.code().name}"
                self.problems["enqueue_fails"].append(f"{esc.escalation_id}: {error.code().name} {error.details()}")
            else:
                self.enqueued[esc.escalation_id] = "existed" if response.already_existed else "created"
                if response.already_existed:
                    self.stats["enqueue_already_existed"] += 1
                    if not ambiguous:
                        self.problems["enqueue_response"].append(f"{esc.escalation_id}: already_existed on first try")
                if response.escalation.escalation_id != esc.escalation_id:
                    self.problems["enqueue_response"].append(f"{esc.escalation_id}: answered "
                                                             f"{response.escalation.escalation_id!r}")
            if len(self.enqueued) >= self.kill_at:
                self.killed.set()

    async def killer(self):
        await self.killed.wait()
        victim = self.replicas[1]
        self.stats["kill_time"] = round(now() - self.t0, 1)
        victim.kill()
        await asyncio.sleep(2)
        await asyncio.get_running_loop().run_in_executor(None, victim.start)
        self.stats["restart_ready_after_s"] = round(now() - self.t0 - self.stats["kill_time"], 1)

    async def run(self, results, drain_timeout=120, backlog=400):
        routers = Routers(self.replicas)
        try:
            await self.setup(routers)
            self.t0 = now()
            self.enqueue_deadline = self.t0 + 180
            desks = [asyncio.ensure_future(self.desk(routers, i, a)) for i, a in enumerate(self.specs)]
            # Desks open before the first escalation arrives.
            deadline = now() + 30
            while self.stats["event_opened"] < len(self.specs) and now() < deadline:
                await asyncio.sleep(0.1)
            killer = asyncio.ensure_future(self.killer())
            queue = collections.deque(range(len(self.escalations)))
            await asyncio.gather(*(self.enqueuer(routers, w, queue, backlog) for w in range(24)))
            self.stats["enqueue_seconds"] = round(now() - self.t0, 1)
            await killer
            self.draining = True
            deadline = now() + drain_timeout
            while len(self.completed) < len(self.escalations) and now() < deadline:
                await asyncio.sleep(0.2)
            self.duration = now() - self.t0
            # Lapsed offers settle (expiry sweep) before the database is read.
            await asyncio.sleep(3.5)
            self.stop = True
            for d in desks:
                d.cancel()
            await asyncio.gather(*desks, return_exceptions=True)
            self.verify(results)
        finally:
            await routers.close()

    def report(self):
        s = self.stats
        rate = len(self.completed) / self.duration if self.duration else 0
        print(f"chaos: seed {self.seed} tenant {self.tenant}: {len(self.escalations)} escalations "
              f"({len(self.completed)} completed), {len(self.specs)} agents, {s['offers']} offers, "
              f"{s['accepts']} accepts, {s['declines']} declines, {s['timeouts']} lapses, "
              f"{s['event_revocation']} revocations, {s['reconnects']} reconnects, {s['rpc_retries']} RPC retries, "
              f"{s['enqueue_already_existed']} enqueue retries answered already_existed, "
              f"{s['offers_redelivered']} offers delivered again, {s['offers_no_desk_saw']} offers no desk saw; killed replica 2 at "
              f"{s['kill_time']}s (ready again {s['restart_ready_after_s']}s later); enqueued in "
              f"{s['enqueue_seconds']}s, done in {self.duration:.1f}s ({rate:.0f} completed/s)", flush=True)
        other = {k: v for k, v in s.items() if k.startswith(("session_end", "accept_", "decline_", "set_away", "retry_"))}
        if other:
            print(f"chaos: {dict(sorted(other.items()))}", flush=True)

    def verify(self, results):
        t, url = quote(self.tenant), self.database_url
        db_states = {r[0]: int(r[1]) for r in psql(url, f"SELECT escalation_id, state FROM router.escalations "
                                                        f"WHERE tenant_id = {t}")}
        db_offers = {r[0]: int(r[1]) for r in psql(url, f"SELECT offer_id, state FROM router.offers WHERE tenant_id = {t}")}
        ids = [e.escalation_id for e in self.escalations]
        live = self.problems
        self.stats["offers_no_desk_saw"] = sum(1 for i in db_offers if i not in self.offers)
        self.report()

        lost = check_none_lost(ids, self.offers, db_states)
        lost += live["enqueue_fails"] + live["complete_fails"] + live["enqueue_response"]
        results.record("chaos/no_escalation_lost", lost)

        double = check_single_assignment(self.offers) + live["accept_response"]
        double += [f"{r[0]}: {r[1]} assignment rows" for r in psql(url, (
            f"SELECT escalation_id, count(*) FROM router.assignments WHERE tenant_id = {t} "
            f"GROUP BY escalation_id HAVING count(*) <> 1"))]
        double += [f"{r[0]}: {r[1]} accepted offers" for r in psql(url, (
            f"SELECT escalation_id, count(*) FROM router.offers WHERE tenant_id = {t} AND state = 2 "
            f"GROUP BY escalation_id HAVING count(*) <> 1"))]
        double += [f"{r[0]}: assignment by {r[1]} but accepted offer to {r[2]}" for r in psql(url, (
            f"SELECT a.escalation_id, a.agent_id, o.agent_id FROM router.assignments a JOIN router.offers o "
            f"ON o.offer_id = a.offer_id WHERE a.tenant_id = {t} AND (o.agent_id <> a.agent_id OR o.state <> 2)"))]
        indexes = {r[0] for r in psql(url, "SELECT indexname FROM pg_indexes WHERE schemaname = 'router' AND indexname IN "
                                           "('assignments_one_active_per_escalation', 'offers_one_pending_per_escalation')")}
        if len(indexes) != 2:
            double.append(f"unique partial indexes missing: have {sorted(indexes)}")
        results.record("chaos/none_assigned_twice", double)

        capacity = check_capacity(self.offers, self.agents, include_offers=False)
        # Load is not stored: it is pending offers plus active assignments. At the end none may be left.
        capacity += [f"{r[0]}: {r[1]} pending offers or active assignments at the end" for r in psql(url, (
            f"SELECT agent_id, count(*) FROM (SELECT agent_id FROM router.offers WHERE tenant_id = {t} AND state = 1 "
            f"UNION ALL SELECT agent_id FROM router.assignments WHERE tenant_id = {t} AND end_time IS NULL) AS w "
            f"GROUP BY agent_id"))]
        capacity += [f"{r[0]}: max_total {r[1]}, profile says {self.agents[r[0]].total}" for r in psql(url, (
            f"SELECT agent_id, max_total FROM router.agents WHERE tenant_id = {t}"))
            if int(r[1]) != self.agents[r[0]].total]
        results.record("chaos/no_agent_above_capacity", capacity)
        results.record("chaos/offers_and_assignments_within_capacity",
                       check_capacity(self.offers, self.agents, include_offers=True))

        resolved = check_offers_resolved(self.offers, db_offers)
        # Offers no desk saw (made to a session on the killed replica) may only have lapsed or been revoked.
        unseen = {i: s for i, s in db_offers.items() if i not in self.offers}
        resolved += [f"offer {i} in state {s} though no desk saw it" for i, s in unseen.items() if s not in (4, 5)]
        resolved += [f"{r[0]}: offer_count {r[1]}, {r[2]} offers stored" for r in psql(url, (
            f"SELECT e.escalation_id, e.offer_count, count(o.offer_id) FROM router.escalations e "
            f"LEFT JOIN router.offers o USING (tenant_id, escalation_id) WHERE e.tenant_id = {t} "
            f"GROUP BY e.escalation_id, e.offer_count HAVING e.offer_count <> count(o.offer_id)"))]
        resolved += live["offer_delivered_twice"]
        results.record("chaos/every_offer_resolved", resolved)

        results.record("chaos/offers_fit_the_agent", live["offers_fit_the_agent"])
        results.record("chaos/session_sequence_gapless", live["session_sequence"])
        figures = []
        if self.stats["reconnects"] == 0:
            figures.append("no desk reconnected after the kill: the kill did not hit live sessions")
        if self.stats["timeouts"] == 0 or self.stats["declines"] == 0:
            figures.append("no lapse or no decline happened")
        results.record("chaos/the_run_exercised_failures", figures)


# ---------------------------------------------------------------------------
# Small scenarios on a tenant of their own.

class Desk:
    """One agent session with its events in a queue."""

    def __init__(self, stub, tenant, agent_id, go_available=True):
        self.agent_id = agent_id
        self.events = asyncio.Queue()
        self.call = stub.AgentSession(pb.AgentSessionRequest(tenant_id=tenant, agent_id=agent_id,
                                                             go_available=go_available, keepalive_interval=dur(5)))
        self.task = asyncio.ensure_future(self.pump())

    async def pump(self):
        try:
            async for event in self.call:
                await self.events.put(event)
            await self.events.put(None)
        except grpc.aio.AioRpcError as error:
            await self.events.put(error)

    async def next(self, kind, timeout, match=lambda e: True):
        deadline = now() + timeout
        while True:
            remaining = deadline - now()
            if remaining <= 0:
                raise TimeoutError(f"{self.agent_id}: no {kind} event within {timeout}s")
            try:
                event = await asyncio.wait_for(self.events.get(), remaining)
            except asyncio.TimeoutError:
                raise TimeoutError(f"{self.agent_id}: no {kind} event within {timeout}s") from None
            if event is None:
                raise AssertionError(f"{self.agent_id}: session ended")
            if isinstance(event, Exception):
                raise event
            if event.WhichOneof("event") == kind and match(getattr(event, kind)):
                return getattr(event, kind)

    def close(self):
        self.call.cancel()
        self.task.cancel()


def small_tenant(name):
    return f"{name}-{os.getpid()}-{time.time_ns() % 10**9}"


def plain_agent(tenant, agent_id, chat=2):
    return pb.Agent(agent_id=agent_id, tenant_id=tenant, skills=[pb.AgentSkill(skill="billing", level=5)],
                    languages=["en"], seniority=pb.SENIORITY_SENIOR,
                    capacities=[pb.ChannelCapacity(channel=CHAT, max_concurrent=chat)])


def plain_escalation(tenant, esc_id, queue="q", category="billing.refund"):
    return pb.Escalation(escalation_id=esc_id, tenant_id=tenant, conversation_id=f"c-{esc_id}", category=category,
                         required_skills=[pb.SkillRequirement(skill="billing", min_level=3)], language="en",
                         customer_tier=common.CUSTOMER_TIER_STANDARD, urgency=common.URGENCY_NORMAL, channel=CHAT,
                         queue_id=queue)


async def bad_input(results, replicas):
    routers = Routers(replicas, channels_per_replica=1)
    stub = routers.stub(0)
    tenant = small_tenant("bad")
    desks = []
    try:
        await stub.UpsertQueue(pb.UpsertQueueRequest(queue=pb.Queue(queue_id="q", tenant_id=tenant,
                                                                    offer_timeout=dur(1))), timeout=RPC_TIMEOUT)
        original = plain_agent(tenant, "a1")
        created = await stub.UpsertAgent(pb.UpsertAgentRequest(agent=original), timeout=RPC_TIMEOUT)

        def profile(agent):
            return (list(agent.skills), list(agent.languages), agent.seniority, list(agent.capacities),
                    agent.max_total_concurrent)

        async def unknown_agent():
            check(created.created, "UpsertAgent of a new agent: created false")
            for call in [lambda: stub.GetAgent(pb.GetAgentRequest(tenant_id=tenant, agent_id="nobody"), timeout=RPC_TIMEOUT),
                         lambda: stub.SetAgentPresence(pb.SetAgentPresenceRequest(
                             tenant_id=tenant, agent_id="nobody", presence=pb.AGENT_PRESENCE_AVAILABLE),
                             timeout=RPC_TIMEOUT)]:
                await expect_error(SC.NOT_FOUND, "agent_id", call)

            async def session():
                async for _ in stub.AgentSession(pb.AgentSessionRequest(tenant_id=tenant, agent_id="nobody"),
                                                 timeout=RPC_TIMEOUT):
                    pass
            await expect_error(SC.NOT_FOUND, "agent_id", session)
            await expect_error(SC.NOT_FOUND, "", lambda: stub.GetEscalation(pb.GetEscalationRequest(
                tenant_id=tenant, escalation_id="nothing"), timeout=RPC_TIMEOUT))
        await results.case("bad_input/unknown_agent_not_found", unknown_agent)

        async def invalid_profiles():
            cases = []

            def variant(field, mutate):
                agent = pb.Agent()
                agent.CopyFrom(original)
                mutate(agent)
                cases.append((field, agent))
            variant("max_concurrent", lambda a: a.capacities[0].__setattr__("max_concurrent", 21))
            variant("capacities[0].channel", lambda a: a.capacities[0].__setattr__("channel", 0))
            variant("languages", lambda a: a.ClearField("languages"))
            variant("skills[0].level", lambda a: a.skills[0].__setattr__("level", 11))
            variant("skills[0].level", lambda a: a.skills[0].__setattr__("level", 0))
            variant("skills[0].skill", lambda a: a.skills[0].__setattr__("skill", ""))
            variant("seniority", lambda a: a.__setattr__("seniority", 17))
            wrong = []
            for field, agent in cases:
                try:
                    await expect_error(SC.INVALID_ARGUMENT, field, lambda: stub.UpsertAgent(
                        pb.UpsertAgentRequest(agent=agent), timeout=RPC_TIMEOUT))
                except AssertionError as error:
                    wrong.append(f"{field}: {error}")
            await expect_error(SC.INVALID_ARGUMENT, "presence", lambda: stub.SetAgentPresence(pb.SetAgentPresenceRequest(
                tenant_id=tenant, agent_id="a1", presence=pb.AGENT_PRESENCE_UNSPECIFIED), timeout=RPC_TIMEOUT))
            got = (await stub.GetAgent(pb.GetAgentRequest(tenant_id=tenant, agent_id="a1"), timeout=RPC_TIMEOUT)).agent
            if profile(got) != profile(original):
                wrong.append(f"profile changed by invalid upserts: capacities {list(got.capacities)} "
                             f"skills {list(got.skills)} languages {list(got.languages)}")
            check(not wrong, "; ".join(wrong))
            check(got.presence == pb.AGENT_PRESENCE_OFFLINE, f"presence {got.presence} (want OFFLINE: never set)")
        await results.case("bad_input/invalid_agent_profiles_change_nothing", invalid_profiles)

        desk = Desk(stub, tenant, "a1")
        desks.append(desk)
        await desk.next("opened", 10)

        async def accept_lapsed_offer():
            await stub.Enqueue(pb.EnqueueRequest(escalation=plain_escalation(tenant, "e1")), timeout=RPC_TIMEOUT)
            offer = await desk.next("offer", 10, lambda o: o.escalation.escalation_id == "e1")
            revoked = await desk.next("revocation", 10, lambda r: r.offer_id == offer.offer_id)
            check(revoked.reason == pb.Revocation.REASON_OFFER_EXPIRED, f"revocation reason {revoked.reason}")
            await expect_error(SC.FAILED_PRECONDITION, "", lambda: stub.Accept(pb.AcceptRequest(
                tenant_id=tenant, agent_id="a1", offer_id=offer.offer_id), timeout=RPC_TIMEOUT))
            esc = (await stub.GetEscalation(pb.GetEscalationRequest(tenant_id=tenant, escalation_id="e1"),
                                            timeout=RPC_TIMEOUT)).escalation
            check(esc.state == pb.ESCALATION_STATE_QUEUED and not esc.agent_id,
                  f"after the lapse (a1 excluded, nobody else): state {esc.state} agent {esc.agent_id!r}")
            agent = (await stub.GetAgent(pb.GetAgentRequest(tenant_id=tenant, agent_id="a1"), timeout=RPC_TIMEOUT)).agent
            check("e1" not in agent.active_escalation_ids, f"a1 still holds e1: {list(agent.active_escalation_ids)}")
        await results.case("bad_input/accept_of_lapsed_offer_fails", accept_lapsed_offer)

        async def duplicate_escalation():
            first = await stub.Enqueue(pb.EnqueueRequest(escalation=plain_escalation(tenant, "e2")), timeout=RPC_TIMEOUT)
            check(not first.already_existed, "first Enqueue: already_existed")
            offer = await desk.next("offer", 10, lambda o: o.escalation.escalation_id == "e2")
            again = await stub.Enqueue(pb.EnqueueRequest(escalation=plain_escalation(tenant, "e2")), timeout=RPC_TIMEOUT)
            check(again.already_existed and again.escalation.escalation_id == "e2", f"retry: {again}")
            await expect_error(SC.ALREADY_EXISTS, "escalation_id", lambda: stub.Enqueue(pb.EnqueueRequest(
                escalation=plain_escalation(tenant, "e2", category="tech.outage")), timeout=RPC_TIMEOUT))
            esc = (await stub.GetEscalation(pb.GetEscalationRequest(tenant_id=tenant, escalation_id="e2"),
                                            timeout=RPC_TIMEOUT)).escalation
            check(esc.category == "billing.refund" and esc.state == pb.ESCALATION_STATE_OFFERED,
                  f"after the rejected duplicate: category {esc.category!r} state {esc.state}")
            accepted = await stub.Accept(pb.AcceptRequest(tenant_id=tenant, agent_id="a1", offer_id=offer.offer_id),
                                         timeout=RPC_TIMEOUT)
            check(accepted.escalation.state == pb.ESCALATION_STATE_ASSIGNED, f"accept: {accepted.escalation.state}")
            await expect_error(SC.INVALID_ARGUMENT, "outcome", lambda: stub.Complete(pb.CompleteRequest(
                tenant_id=tenant, agent_id="a1", escalation_id="e2"), timeout=RPC_TIMEOUT))
            await expect_error(SC.FAILED_PRECONDITION, "", lambda: stub.Cancel(pb.CancelRequest(
                tenant_id=tenant, escalation_id="e2"), timeout=RPC_TIMEOUT))
            esc = (await stub.GetEscalation(pb.GetEscalationRequest(tenant_id=tenant, escalation_id="e2"),
                                            timeout=RPC_TIMEOUT)).escalation
            check(esc.state == pb.ESCALATION_STATE_ASSIGNED and esc.agent_id == "a1",
                  f"after rejected Complete and Cancel: state {esc.state} agent {esc.agent_id!r}")
            done = await stub.Complete(pb.CompleteRequest(tenant_id=tenant, agent_id="a1", escalation_id="e2",
                                                          outcome=pb.COMPLETION_OUTCOME_RESOLVED), timeout=RPC_TIMEOUT)
            check(done.escalation.state == pb.ESCALATION_STATE_COMPLETED, f"complete: {done.escalation.state}")
            await expect_error(SC.FAILED_PRECONDITION, "", lambda: stub.Decline(pb.DeclineRequest(
                tenant_id=tenant, agent_id="a1", offer_id=offer.offer_id), timeout=RPC_TIMEOUT))
            agent = (await stub.GetAgent(pb.GetAgentRequest(tenant_id=tenant, agent_id="a1"), timeout=RPC_TIMEOUT)).agent
            check(not agent.active_escalation_ids, f"a1 holds {list(agent.active_escalation_ids)} after completing")
        await results.case("bad_input/duplicate_escalation_id", duplicate_escalation)

        async def invalid_escalations():
            for field, mutate in [("language", lambda e: e.__setattr__("language", "")),
                                  ("escalation_id", lambda e: e.__setattr__("escalation_id", "")),
                                  # Control characters, C0 and C1: they would split a notification's fields.
                                  ("escalation_id", lambda e: e.__setattr__("escalation_id", "e-bad\t1")),
                                  ("escalation_id", lambda e: e.__setattr__("escalation_id", "e-bad\u0085")),
                                  ("channel", lambda e: e.__setattr__("channel", 0)),
                                  ("conversation_id", lambda e: e.__setattr__("conversation_id", ""))]:
                esc = plain_escalation(tenant, "e-bad")
                mutate(esc)
                await expect_error(SC.INVALID_ARGUMENT, field, lambda: stub.Enqueue(pb.EnqueueRequest(escalation=esc),
                                                                                    timeout=RPC_TIMEOUT))
            await expect_error(SC.NOT_FOUND, "", lambda: stub.GetEscalation(pb.GetEscalationRequest(
                tenant_id=tenant, escalation_id="e-bad"), timeout=RPC_TIMEOUT))
        await results.case("bad_input/invalid_escalations_store_nothing", invalid_escalations)

        async def new_queue_visible_on_every_replica():
            # A queue created through one replica takes escalations on the others at once.
            other = routers.stub(1)
            await stub.UpsertAgent(pb.UpsertAgentRequest(agent=plain_agent(tenant, "a2")), timeout=RPC_TIMEOUT)
            await other.Enqueue(pb.EnqueueRequest(escalation=plain_escalation(tenant, "v1")), timeout=RPC_TIMEOUT)
            await stub.UpsertQueue(pb.UpsertQueueRequest(queue=pb.Queue(queue_id="q-new", tenant_id=tenant)),
                                   timeout=RPC_TIMEOUT)
            try:
                await other.Enqueue(pb.EnqueueRequest(escalation=plain_escalation(tenant, "v2", queue="q-new")),
                                    timeout=RPC_TIMEOUT)
            except grpc.aio.AioRpcError as error:
                raise AssertionError(f"UpsertQueue on replica 1 answered OK, then Enqueue to it on replica 2: "
                                     f"{error.code().name} {error.details()}") from None
        await results.case("bad_input/new_queue_visible_on_every_replica", new_queue_visible_on_every_replica)
    finally:
        for d in desks:
            d.close()
        await routers.close()


async def open_desks(routers, tenant, agent_ids, desks, chat=2, first_replica=0):
    """The agents upserted (`chat` slots each), each at a desk on the next
    replica in turn from `first_replica`, added to `desks` and opened;
    returns their desks."""
    stub = routers.stub(0)
    for agent_id in agent_ids:
        await stub.UpsertAgent(pb.UpsertAgentRequest(agent=plain_agent(tenant, agent_id, chat=chat)), timeout=RPC_TIMEOUT)
    opened = [Desk(routers.stub(first_replica + i), tenant, agent_id) for i, agent_id in enumerate(agent_ids)]
    desks.extend(opened)
    for desk in opened:
        await desk.next("opened", 10)
    return opened


async def first_offer(desks, timeout, match):
    """(desk, offer) of the first of `desks` to receive a matching offer."""
    tasks = {asyncio.ensure_future(d.next("offer", timeout, match)): d for d in desks}
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for t in pending:
        t.cancel()
    task = done.pop()
    return tasks[task], task.result()


async def presence_and_postgres(results, replicas, database_url, do_restart):
    routers = Routers(replicas, channels_per_replica=1)
    tenant = small_tenant("presence")
    desks = []
    try:
        stub = routers.stub(0)
        await stub.UpsertQueue(pb.UpsertQueueRequest(queue=pb.Queue(queue_id="q", tenant_id=tenant,
                                                                    offer_timeout=dur(30))), timeout=RPC_TIMEOUT)
        desk_x, desk_y = await open_desks(routers, tenant, ["x", "y"], desks)
        state = {}

        async def offline_mid_offer():
            await routers.stub(2).Enqueue(pb.EnqueueRequest(escalation=plain_escalation(tenant, "p1")),
                                          timeout=RPC_TIMEOUT)
            holder, offer = await first_offer(desks, 10, lambda o: o.escalation.escalation_id == "p1")
            other = desk_y if holder is desk_x else desk_x
            t = now()
            changed = await routers.stub(2).SetAgentPresence(pb.SetAgentPresenceRequest(
                tenant_id=tenant, agent_id=holder.agent_id, presence=pb.AGENT_PRESENCE_OFFLINE, reason="test"),
                timeout=RPC_TIMEOUT)
            check(changed.agent.presence == pb.AGENT_PRESENCE_OFFLINE, f"presence {changed.agent.presence}")
            revoked = await holder.next("revocation", 5, lambda r: r.offer_id == offer.offer_id)
            check(revoked.reason == pb.Revocation.REASON_PRESENCE_CHANGED and revoked.escalation_id == "p1",
                  f"revocation {revoked}")
            second = await other.next("offer", 5, lambda o: o.escalation.escalation_id == "p1")
            print(f"presence: offer moved from {holder.agent_id} to {other.agent_id} in {now() - t:.2f}s", flush=True)
            await expect_error(SC.FAILED_PRECONDITION, "", lambda: stub.Accept(pb.AcceptRequest(
                tenant_id=tenant, agent_id=holder.agent_id, offer_id=offer.offer_id), timeout=RPC_TIMEOUT))
            await stub.Accept(pb.AcceptRequest(tenant_id=tenant, agent_id=other.agent_id, offer_id=second.offer_id),
                              timeout=RPC_TIMEOUT)
            esc = (await stub.GetEscalation(pb.GetEscalationRequest(tenant_id=tenant, escalation_id="p1"),
                                            timeout=RPC_TIMEOUT)).escalation
            check(esc.state == pb.ESCALATION_STATE_ASSIGNED and esc.agent_id == other.agent_id,
                  f"state {esc.state} agent {esc.agent_id!r}")
            gone = (await stub.GetAgent(pb.GetAgentRequest(tenant_id=tenant, agent_id=holder.agent_id),
                                        timeout=RPC_TIMEOUT)).agent
            check(gone.presence == pb.AGENT_PRESENCE_OFFLINE and not gone.active_escalation_ids,
                  f"{holder.agent_id}: presence {gone.presence} holds {list(gone.active_escalation_ids)}")
            rows = psql(database_url, f"SELECT agent_id, state FROM router.offers WHERE tenant_id = {quote(tenant)} "
                                      f"ORDER BY create_time")
            check([r[1] for r in rows] == ["5", "2"], f"offers stored {rows} (want revoked, accepted)")
            await stub.Complete(pb.CompleteRequest(tenant_id=tenant, agent_id=other.agent_id, escalation_id="p1",
                                                   outcome=pb.COMPLETION_OUTCOME_RESOLVED), timeout=RPC_TIMEOUT)
            state["active"] = other
        await results.case("presence/offline_mid_offer_revokes_and_reoffers", offline_mid_offer)

        async def gone_agent_work_requeued():
            # A replica with a 2 s grace (the others keep the default 120 s) sweeps stranded work.
            first = replicas[0]
            grace = Replica(os.path.dirname(first.bin), database_url, "router-grace", os.path.dirname(first.log_path),
                            extra_env={"BATON_ROUTER_OFFLINE_GRACE": "2"})
            await asyncio.get_running_loop().run_in_executor(None, grace.start)
            try:
                # The previous case left one agent offline: both take work again.
                for agent_id in ["x", "y"]:
                    await stub.SetAgentPresence(pb.SetAgentPresenceRequest(
                        tenant_id=tenant, agent_id=agent_id, presence=pb.AGENT_PRESENCE_AVAILABLE, reason="test"),
                        timeout=RPC_TIMEOUT)
                await stub.Enqueue(pb.EnqueueRequest(escalation=plain_escalation(tenant, "g1")), timeout=RPC_TIMEOUT)
                holder, offer = await first_offer(desks, 10, lambda o: o.escalation.escalation_id == "g1")
                other = desk_y if holder is desk_x else desk_x
                await stub.Accept(pb.AcceptRequest(tenant_id=tenant, agent_id=holder.agent_id, offer_id=offer.offer_id),
                                  timeout=RPC_TIMEOUT)
                t = now()
                holder.close()  # the agent's desk goes away with the conversation assigned
                again = await other.next("offer", 15, lambda o: o.escalation.escalation_id == "g1")
                waited = now() - t
                check(waited >= 1.5, f"re-queued after {waited:.1f}s, before the 2 s grace")
                print(f"presence: work of a gone agent re-offered after {waited:.1f}s (grace 2 s)", flush=True)
                await stub.Accept(pb.AcceptRequest(tenant_id=tenant, agent_id=other.agent_id, offer_id=again.offer_id),
                                  timeout=RPC_TIMEOUT)
                # The gone agent's late Complete changes nothing.
                await expect_error(SC.FAILED_PRECONDITION, "escalation_id", lambda: stub.Complete(pb.CompleteRequest(
                    tenant_id=tenant, agent_id=holder.agent_id, escalation_id="g1",
                    outcome=pb.COMPLETION_OUTCOME_RESOLVED), timeout=RPC_TIMEOUT))
                rows = psql(database_url, f"SELECT agent_id, outcome, end_time IS NULL FROM router.assignments "
                                          f"WHERE tenant_id = {quote(tenant)} AND escalation_id = 'g1' ORDER BY start_time")
                check([(r[0], r[1], r[2]) for r in rows] == [(holder.agent_id, "0", "f"), (other.agent_id, "", "t")],
                      f"assignments {rows}")
                events = psql(database_url, f"SELECT kind, agent_id FROM router.escalation_events "
                                            f"WHERE tenant_id = {quote(tenant)} AND escalation_id = 'g1'")
                check([(e[0], e[1]) for e in events] == [("requeued", holder.agent_id)], f"events {events}")
                await stub.Complete(pb.CompleteRequest(tenant_id=tenant, agent_id=other.agent_id, escalation_id="g1",
                                                       outcome=pb.COMPLETION_OUTCOME_RESOLVED), timeout=RPC_TIMEOUT)
                # The agent comes back: a new desk for the next cases.
                back = Desk(routers.stub(0), tenant, holder.agent_id)
                await back.next("opened", 10)
                desks.append(back)
                if state.get("active") is holder:
                    state["active"] = back
                # As the previous case left it: only the active agent takes work.
                for agent_id in ["x", "y"]:
                    if state.get("active") and agent_id != state["active"].agent_id:
                        await stub.SetAgentPresence(pb.SetAgentPresenceRequest(
                            tenant_id=tenant, agent_id=agent_id, presence=pb.AGENT_PRESENCE_OFFLINE, reason="test"),
                            timeout=RPC_TIMEOUT)
            finally:
                grace.terminate()
        await results.case("presence/gone_agent_work_requeued_after_grace", gone_agent_work_requeued)

        async def bad_grace_setting():
            env = dict(os.environ, BATON_DATABASE_URL=database_url, BATON_HOST="127.0.0.1", BATON_GRPC_PORT="0",
                       BATON_ADMIN_PORT="0", BATON_ROUTER_OFFLINE_GRACE="soon")
            out = await asyncio.get_running_loop().run_in_executor(None, lambda: subprocess.run(
                [replicas[0].bin], env=env, capture_output=True, text=True, timeout=30))
            check(out.returncode != 0, "the router started with BATON_ROUTER_OFFLINE_GRACE=soon")
            check("BATON_ROUTER_OFFLINE_GRACE" in out.stdout + out.stderr,
                  f"the error does not name the setting: {(out.stdout + out.stderr)[-500:]}")
        await results.case("presence/bad_offline_grace_is_refused_by_name", bad_grace_setting)
        if not do_restart:
            return

        async def postgres_restart():
            active = state.get("active") or desk_y
            t = now()
            out = subprocess.run([os.path.join(ROOT, "deploy/local/postgres"), "restart"], capture_output=True,
                                 text=True, timeout=120)
            check(out.returncode == 0, f"postgres restart failed: {out.stderr}")
            restarted = now() - t
            deadline = now() + 30
            enqueued, errors = False, collections.Counter()
            while not enqueued and now() < deadline:
                try:
                    await routers.stub(int(now()) % 3).Enqueue(pb.EnqueueRequest(
                        escalation=plain_escalation(tenant, "p2")), timeout=5)
                    enqueued = True
                except grpc.aio.AioRpcError as error:
                    errors[error.code().name] += 1
                    await asyncio.sleep(0.5)
            check(enqueued, f"no Enqueue succeeded within 30 s of the restart: {dict(errors)}")
            t_enqueue = now() - t
            holder = active
            try:
                offer = await active.next("offer", 20, lambda o: o.escalation.escalation_id == "p2")
            except (grpc.aio.AioRpcError, AssertionError):
                # The session may end with the database; a desk reopens it.
                holder = Desk(routers.stub(2), tenant, active.agent_id)
                desks.append(holder)
                await holder.next("opened", 10)
                offer = await holder.next("offer", 20, lambda o: o.escalation.escalation_id == "p2")
            t_offer = now() - t
            latencies = []
            for n, replica in enumerate([0, 1, 2, None]):
                esc_id = f"p{n + 2}"
                await stub.Accept(pb.AcceptRequest(tenant_id=tenant, agent_id=holder.agent_id,
                                                   offer_id=offer.offer_id), timeout=RPC_TIMEOUT)
                await stub.Complete(pb.CompleteRequest(tenant_id=tenant, agent_id=holder.agent_id, escalation_id=esc_id,
                                                       outcome=pb.COMPLETION_OUTCOME_RESOLVED), timeout=RPC_TIMEOUT)
                if replica is None:
                    break
                # Every replica's enqueue reaches the desk promptly (notifications resumed everywhere).
                next_id = f"p{n + 3}"
                sent = now()
                await routers.stub(replica).Enqueue(pb.EnqueueRequest(escalation=plain_escalation(tenant, next_id)),
                                                    timeout=RPC_TIMEOUT)
                offer = await holder.next("offer", 10, lambda o, i=next_id: o.escalation.escalation_id == i)
                latencies.append(now() - sent)
            print(f"postgres restart: took {restarted:.1f}s; Enqueue ok after {t_enqueue:.1f}s "
                  f"(errors before: {dict(errors)}), offer after {t_offer:.1f}s, session "
                  f"{'kept' if holder is active else 'reopened'}; then enqueue->offer from each replica "
                  f"{', '.join(f'{x * 1000:.0f} ms' for x in latencies)}", flush=True)
            check(max(latencies) < 2, f"offers after the restart take up to {max(latencies):.1f}s "
                                      f"(notifications lost; polling only?)")
            check(all(r.alive() for r in replicas), "a replica exited during the database restart")
            check(all(r.ready() for r in replicas), "a replica is not ready after the database restart")
        await results.case("postgres/restart_under_live_replicas", postgres_restart)
    finally:
        for d in desks:
            d.close()
        await routers.close()


async def routing_rules(results, replicas, database_url):
    """Rules that only show with a real dispatcher: affinity holds work for a busy previous agent,
    and escalations nobody can take do not hide the ones behind them."""
    routers = Routers(replicas, channels_per_replica=1)
    stub = routers.stub(0)
    desks = []

    async def affinity():
        tenant = small_tenant("affinity")
        await stub.UpsertQueue(pb.UpsertQueueRequest(queue=pb.Queue(queue_id="q", tenant_id=tenant, offer_timeout=dur(30))),
                               timeout=RPC_TIMEOUT)
        prev, other = await open_desks(routers, tenant, ["prev", "other"], desks, chat=1)
        first = plain_escalation(tenant, "a1")
        first.previous_agent_id = "prev"
        await stub.Enqueue(pb.EnqueueRequest(escalation=first), timeout=RPC_TIMEOUT)
        offer = await prev.next("offer", 5, lambda o: o.escalation.escalation_id == "a1")
        await stub.Accept(pb.AcceptRequest(tenant_id=tenant, agent_id="prev", offer_id=offer.offer_id), timeout=RPC_TIMEOUT)
        second = plain_escalation(tenant, "a2")
        second.previous_agent_id = "prev"
        await stub.Enqueue(pb.EnqueueRequest(escalation=second), timeout=RPC_TIMEOUT)
        try:
            stolen = await other.next("offer", 2.5, lambda o: o.escalation.escalation_id == "a2")
            raise AssertionError(f"a2 went to the idle agent while its previous agent was full: {stolen.offer_id}")
        except TimeoutError:
            pass
        await stub.Complete(pb.CompleteRequest(tenant_id=tenant, agent_id="prev", escalation_id="a1",
                                               outcome=pb.COMPLETION_OUTCOME_RESOLVED), timeout=RPC_TIMEOUT)
        await prev.next("offer", 5, lambda o: o.escalation.escalation_id == "a2")

    async def no_starvation():
        tenant = small_tenant("paging")
        await stub.UpsertQueue(pb.UpsertQueueRequest(queue=pb.Queue(queue_id="q", tenant_id=tenant, offer_timeout=dur(30))),
                               timeout=RPC_TIMEOUT)
        desk, = await open_desks(routers, tenant, ["en"], desks, chat=1, first_replica=1)
        # More than one dispatch page of urgent escalations nobody here can take (French), then one the agent can.
        for i in range(140):
            french = plain_escalation(tenant, f"fr-{i}")
            french.language = "fr"
            french.urgency = common.URGENCY_HIGH
            await stub.Enqueue(pb.EnqueueRequest(escalation=french), timeout=RPC_TIMEOUT)
        await stub.Enqueue(pb.EnqueueRequest(escalation=plain_escalation(tenant, "en-1")), timeout=RPC_TIMEOUT)
        await desk.next("offer", 10, lambda o: o.escalation.escalation_id == "en-1")
        stats = (await stub.QueueStats(pb.QueueStatsRequest(tenant_id=tenant, queue_id="q"), timeout=RPC_TIMEOUT)).queues[0]
        check(stats.waiting == 140 and dict(stats.waiting_by_urgency) == {common.URGENCY_HIGH: 140}
              and stats.offered == 1 and stats.agents_available == 1,
              f"queue stats {stats}")

    async def database_refuses_over_capacity():
        # The backstop under the dispatcher: an insert of offers past an agent's capacity fails in Postgres.
        tenant = small_tenant("backstop")
        await stub.UpsertQueue(pb.UpsertQueueRequest(queue=pb.Queue(queue_id="q", tenant_id=tenant)), timeout=RPC_TIMEOUT)
        await stub.UpsertAgent(pb.UpsertAgentRequest(agent=plain_agent(tenant, "solo", chat=1)), timeout=RPC_TIMEOUT)
        for esc_id in ["b1", "b2"]:
            await stub.Enqueue(pb.EnqueueRequest(escalation=plain_escalation(tenant, esc_id)), timeout=RPC_TIMEOUT)
        t = quote(tenant)
        insert = ("INSERT INTO router.offers (offer_id, tenant_id, escalation_id, agent_id, channel, state, expire_time) "
                  "SELECT gen_random_uuid(), {t}, e, 'solo', 1, 1, now() + interval '1 minute' FROM unnest(ARRAY[{ids}]) AS e")
        try:
            psql(database_url, insert.format(t=t, ids="'b1', 'b2'"))
            raise AssertionError("two offers to an agent with capacity 1 were stored")
        except RuntimeError as error:
            check("above capacity" in str(error), f"unexpected error: {error}")
        psql(database_url, insert.format(t=t, ids="'b1'"))  # within capacity: stored
        rows = psql(database_url, f"SELECT count(*) FROM router.offers WHERE tenant_id = {t}")
        check(rows == [["1"]], f"offers stored: {rows}")
        psql(database_url, f"UPDATE router.offers SET state = 5, resolve_time = now() WHERE tenant_id = {t}")

    async def transfer():
        tenant = small_tenant("transfer")
        for queue in ["q", "q2"]:
            await stub.UpsertQueue(pb.UpsertQueueRequest(queue=pb.Queue(queue_id=queue, tenant_id=tenant, offer_timeout=dur(30))),
                                   timeout=RPC_TIMEOUT)
        one, two = await open_desks(routers, tenant, ["one", "two"], desks)
        await stub.Enqueue(pb.EnqueueRequest(escalation=plain_escalation(tenant, "t1")), timeout=RPC_TIMEOUT)
        holder, offer = await first_offer([one, two], 10, lambda o: o.escalation.escalation_id == "t1")
        other = two if holder is one else one
        await stub.Accept(pb.AcceptRequest(tenant_id=tenant, agent_id=holder.agent_id, offer_id=offer.offer_id),
                          timeout=RPC_TIMEOUT)
        await expect_error(SC.INVALID_ARGUMENT, "reason", lambda: stub.Transfer(pb.TransferRequest(
            tenant_id=tenant, agent_id=holder.agent_id, escalation_id="t1", target_agent_id=other.agent_id),
            timeout=RPC_TIMEOUT))
        await expect_error(SC.NOT_FOUND, "target_agent_id", lambda: stub.Transfer(pb.TransferRequest(
            tenant_id=tenant, agent_id=holder.agent_id, escalation_id="t1", target_agent_id="nobody", reason="r"),
            timeout=RPC_TIMEOUT))
        moved = (await stub.Transfer(pb.TransferRequest(tenant_id=tenant, agent_id=holder.agent_id, escalation_id="t1",
                                                         target_agent_id=other.agent_id, reason="needs a specialist"),
                                      timeout=RPC_TIMEOUT)).escalation
        check(moved.state == pb.ESCALATION_STATE_OFFERED and moved.agent_id == other.agent_id,
              f"after transfer to {other.agent_id}: state {moved.state} agent {moved.agent_id!r}")
        second = await other.next("offer", 5, lambda o: o.escalation.escalation_id == "t1")
        await stub.Accept(pb.AcceptRequest(tenant_id=tenant, agent_id=other.agent_id, offer_id=second.offer_id),
                          timeout=RPC_TIMEOUT)
        requeued = (await stub.Transfer(pb.TransferRequest(tenant_id=tenant, agent_id=other.agent_id, escalation_id="t1",
                                                            target_queue_id="q2", reason="wrong team"),
                                         timeout=RPC_TIMEOUT)).escalation
        check(requeued.queue_id == "q2" and requeued.state in (pb.ESCALATION_STATE_QUEUED, pb.ESCALATION_STATE_OFFERED),
              f"after transfer to q2: queue {requeued.queue_id!r} state {requeued.state}")

    async def queue_positions():
        # Positions follow the order passes claim in: urgency's head start, then time waited.
        tenant = small_tenant("positions")
        await stub.UpsertQueue(pb.UpsertQueueRequest(queue=pb.Queue(queue_id="q", tenant_id=tenant)), timeout=RPC_TIMEOUT)

        def escalation(esc_id, urgency, prior_wait=0):
            e = plain_escalation(tenant, esc_id)
            e.urgency, e.prior_wait_seconds = urgency, prior_wait
            return e

        answered = {}
        for esc_id, urgency in [("n1", common.URGENCY_NORMAL), ("n2", common.URGENCY_NORMAL), ("h1", common.URGENCY_HIGH),
                                ("n3", common.URGENCY_NORMAL), ("h2", common.URGENCY_HIGH)]:
            reply = await stub.Enqueue(pb.EnqueueRequest(escalation=escalation(esc_id, urgency)), timeout=RPC_TIMEOUT)
            answered[esc_id] = reply.wait_estimate.position
        check(answered == {"n1": 1, "n2": 2, "h1": 1, "n3": 4, "h2": 2}, f"positions at enqueue: {answered}")
        # Twenty at once (admitted in one or a few batches), each having waited a different time with the bot:
        # every one gets its own place, the longest-waiting first.
        late = [escalation(f"c{i:02}", common.URGENCY_LOW, prior_wait=10 * i) for i in range(20)]
        sent, received = {}, {}

        async def enqueue(e):
            sent[e.escalation_id] = time.monotonic()
            reply = await stub.Enqueue(pb.EnqueueRequest(escalation=e), timeout=RPC_TIMEOUT)
            received[e.escalation_id] = time.monotonic()
            answered[e.escalation_id] = reply.wait_estimate.position

        await asyncio.gather(*(enqueue(e) for e in late))
        now = {}
        for esc_id in answered:
            reply = await stub.Position(pb.PositionRequest(tenant_id=tenant, escalation_id=esc_id), timeout=RPC_TIMEOUT)
            now[esc_id] = reply.wait_estimate.position
        expected = {"h1": 1, "h2": 2, "n1": 3, "n2": 4, "n3": 5, **{f"c{i:02}": 25 - i for i in range(20)}}
        check(now == expected, f"positions now: {now}")
        # Each concurrent answer counts every escalation ahead of it stored before it was sent (their
        # answers had come back), and none sent after its own answer came back.
        for x in late:
            x_id = x.escalation_id
            ahead = [y for y in now if now[y] < now[x_id]]
            surely = 5 + sum(1 for y in ahead if y in received and received[y] < sent[x_id])
            possibly = 5 + sum(1 for y in ahead if y in sent and sent[y] < received[x_id])
            check(surely + 1 <= answered[x_id] <= possibly + 1,
                  f"{x_id} answered {answered[x_id]}, between {surely + 1} and {possibly + 1} expected")

    async def offers_cross_replicas():
        # A desk on replica 1, escalations enqueued (and so dispatched) on replica 0: the offer comes
        # within the notification when it fits, and through a read when it does not (a large attribute).
        tenant = small_tenant("remote")
        await stub.UpsertQueue(pb.UpsertQueueRequest(queue=pb.Queue(queue_id="q", tenant_id=tenant, offer_timeout=dur(30))),
                               timeout=RPC_TIMEOUT)
        desk, = await open_desks(routers, tenant, ["far"], desks, first_replica=1)
        escalations = [plain_escalation(tenant, esc_id) for esc_id in ["small-1", "small-2", "large-1", "large-2"]]
        for e in escalations[2:]:
            e.attributes["transcript"] = "".join(chr(0x61 + (i * 7) % 26) for i in range(12000))
        for e in escalations:
            await stub.Enqueue(pb.EnqueueRequest(escalation=e), timeout=RPC_TIMEOUT)
            # Each well within the sessions' safety-net re-read, every 5 s: two in a row cannot both
            # arrive through it.
            offer = await desk.next("offer", 2.0, lambda o, e=e: o.escalation.escalation_id == e.escalation_id)
            check(offer.escalation.attributes == e.attributes and offer.escalation.agent_id == "far"
                  and offer.escalation.state == pb.ESCALATION_STATE_OFFERED,
                  f"{e.escalation_id}: offer {offer.escalation.escalation_id} state {offer.escalation.state}")
            await stub.Accept(pb.AcceptRequest(tenant_id=tenant, agent_id="far", offer_id=offer.offer_id), timeout=RPC_TIMEOUT)
            await stub.Complete(pb.CompleteRequest(tenant_id=tenant, agent_id="far", escalation_id=e.escalation_id,
                                                   outcome=pb.COMPLETION_OUTCOME_RESOLVED), timeout=RPC_TIMEOUT)

    async def optional_skill_nobody_has():
        # The reproduction of the starvation bug: a queue without widening steps, an idle agent with the
        # required skill and not the optional one. The escalation is offered to them within one dispatch
        # interval (1 s; the enqueue itself asks for a pass), not left queued.
        tenant = small_tenant("optional")
        await stub.UpsertQueue(pb.UpsertQueueRequest(queue=pb.Queue(queue_id="q", tenant_id=tenant, offer_timeout=dur(30))),
                               timeout=RPC_TIMEOUT)
        desk, = await open_desks(routers, tenant, ["ana"], desks, first_replica=1)
        escalation = plain_escalation(tenant, "opt-1")
        escalation.optional_skills.append(pb.SkillRequirement(skill="refunds.chargebacks", min_level=4))
        await stub.Enqueue(pb.EnqueueRequest(escalation=escalation), timeout=RPC_TIMEOUT)
        offer = await desk.next("offer", 1.5, lambda o: o.escalation.escalation_id == "opt-1")
        check(offer.escalation.agent_id == "ana", f"offered to {offer.escalation.agent_id!r}")

    async def expiry_told_through_watch():
        # Nobody speaks the customer's language: at the queue's max_wait the escalation ends, and the
        # customer's Watch stream ends with the state and the reason, as GetEscalation shows them.
        tenant = small_tenant("expiry")
        await stub.UpsertQueue(pb.UpsertQueueRequest(queue=pb.Queue(queue_id="q", tenant_id=tenant, max_wait=dur(2))),
                               timeout=RPC_TIMEOUT)
        await open_desks(routers, tenant, ["en-only"], desks)
        escalation = plain_escalation(tenant, "fi-1")
        escalation.language = "fi"
        await stub.Enqueue(pb.EnqueueRequest(escalation=escalation), timeout=RPC_TIMEOUT)
        events = []
        async for event in routers.stub(1).Watch(pb.WatchRequest(tenant_id=tenant, escalation_id="fi-1"), timeout=10):
            events.append(event)
        last = events[-1]
        check(last.is_last and last.state == pb.ESCALATION_STATE_EXPIRED and last.expiry_reason == pb.EXPIRY_REASON_MAX_WAIT,
              f"last Watch event: {last}")
        stored = (await stub.GetEscalation(pb.GetEscalationRequest(tenant_id=tenant, escalation_id="fi-1"),
                                           timeout=RPC_TIMEOUT)).escalation
        check(stored.expiry_reason == pb.EXPIRY_REASON_MAX_WAIT, f"stored: {stored.state} {stored.expiry_reason}")

    try:
        for name, case in [("optional_skill_nobody_has_is_offered_to_the_idle_agent", optional_skill_nobody_has),
                           ("expiry_reason_reaches_the_customer_through_watch", expiry_told_through_watch),
                           ("affinity_holds_for_the_busy_previous_agent", affinity),
                           ("offers_reach_desks_on_other_replicas_whole_or_by_read", offers_cross_replicas),
                           ("queue_positions_follow_priority_and_count_batch_mates", queue_positions),
                           ("transfer_to_an_agent_offers_to_them_and_to_a_queue_requeues", transfer),
                           ("unmatchable_escalations_do_not_starve_the_rest", no_starvation),
                           ("database_refuses_offers_over_capacity", database_refuses_over_capacity)]:
            try:
                await case()
                results.record(f"routing/{name}", [])
            except Exception as error:  # noqa: BLE001
                results.record(f"routing/{name}", [f"{type(error).__name__}: {error}"])
    finally:
        for d in desks:
            d.close()
        await routers.close()


async def amain(bin_dir, database_url):
    results = Results()
    only = set(filter(None, os.environ.get("BATON_CHAOS_ONLY", "").split(",")))

    def wanted(group):
        return not only or group in only

    if wanted("self_test"):
        results.record("chaos/checker_self_test", self_test())
    log_dir = tempfile.mkdtemp(prefix="baton-router-logs-")
    replicas = [Replica(bin_dir, database_url, f"router-{i + 1}", log_dir) for i in range(3)]
    try:
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(None, r.start) for r in replicas))
        if wanted("bad_input"):
            await bad_input(results, replicas)
        if wanted("routing"):
            await routing_rules(results, replicas, database_url)
        if wanted("chaos"):
            seed = int(os.environ.get("BATON_CHAOS_SEED", str(time.time_ns() % 100000)))
            chaos = Chaos(replicas, database_url, seed, int(os.environ.get("BATON_CHAOS_AGENTS", "200")),
                          int(os.environ.get("BATON_CHAOS_ESCALATIONS", "5000")))
            chaos.seed = seed
            try:
                await chaos.run(results)
            except Exception as error:  # noqa: BLE001
                results.record("chaos/run", [f"{type(error).__name__}: {error}"])
            for r in replicas:
                if not r.alive():
                    print(f"{r.name} died during the chaos run (exit {r.process.returncode}); restarting it", flush=True)
                    r.start()
        if wanted("presence") or wanted("postgres_restart"):
            url_of_script = subprocess.run([os.path.join(ROOT, "deploy/local/postgres"), "url"], capture_output=True,
                                           text=True).stdout.strip()
            can_restart = url_of_script.split("?")[0] == database_url.split("?")[0]
            if wanted("postgres_restart") and not can_restart:
                print(f"SKIP router/postgres/restart_under_live_replicas: {database_url} is not the cluster "
                      f"deploy/local/postgres manages here ({url_of_script}); set BATON_PG_STATE/BATON_PG_PORT", flush=True)
            await presence_and_postgres(results, replicas, database_url, wanted("postgres_restart") and can_restart)
        codes = [r.terminate() for r in replicas]
        results.record("exits_cleanly_on_sigterm", [f"{r.name} exit {c}" for r, c in zip(replicas, codes) if c != 0])
    finally:
        for r in replicas:
            if r.alive():
                r.process.kill()
        if results.failed:
            for r in replicas:
                print(f"--- {r.name} log tail ({r.log_path}):\n{r.log_tail(1500)}")
    print(f"{results.passed} passed, {results.failed} failed")
    return 0 if results.failed == 0 and results.passed > 0 else 1


def main():
    bin_dir, database_url = sys.argv[1], sys.argv[2]
    sys.exit(asyncio.run(amain(bin_dir, database_url)))


if __name__ == "__main__":
    main()
