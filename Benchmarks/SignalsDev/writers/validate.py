#!/usr/bin/env python3
"""Checks a batch file against the escalation_dev README's format. Usage: validate.py FILE BATCH_NUMBER"""
import json, sys, collections
path, batch = sys.argv[1], int(sys.argv[2])
rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
errors = []
ids = [r.get("id") for r in rows]
want_ids = ["w%d%02d" % (batch, i) for i in range(1, 49)]
if ids != want_ids: errors.append("ids must be %s..%s in order, got %s..%s (%d rows)" % (want_ids[0], want_ids[-1], ids[:1], ids[-1:], len(ids)))
cats = {"explicit_request","sentiment","capability","confidence","loop","behavioral","technical","policy","context"}
for r in rows:
    i = r.get("id")
    if r.get("locale") not in ("en","es","fr","de"): errors.append(f"{i}: locale")
    if r.get("channel") not in ("chat","email","voice","messaging"): errors.append(f"{i}: channel")
    c = r.get("customer", {})
    for k in ("tier","tenure_days","prior_unresolved_contacts","negative_conversations_last_7_days","channels_tried_last_7_days"):
        if k not in c: errors.append(f"{i}: customer.{k} missing")
    if c.get("tier") not in ("standard","gold","vip"): errors.append(f"{i}: tier")
    if c.get("channels_tried_last_7_days", 1) < 1: errors.append(f"{i}: channels_tried_last_7_days < 1")
    msgs = r.get("messages", [])
    if not msgs or msgs[0].get("seconds_since_previous") != 0: errors.append(f"{i}: first message seconds_since_previous must be 0")
    bots = [m for m in msgs if m.get("role") == "bot"]
    custs = [m for m in msgs if m.get("role") == "customer"]
    if any(m.get("role") not in ("bot","customer") for m in msgs): errors.append(f"{i}: role")
    conf = r.get("bot_confidence_by_turn")
    if conf is not None and len(conf) != len(bots): errors.append(f"{i}: bot_confidence_by_turn has {len(conf)} values for {len(bots)} bot messages")
    for m in msgs:
        if m.get("events") and m["role"] != "customer": errors.append(f"{i}: events on a bot message")
        for e in m.get("events", []):
            t = e.get("type")
            if t not in ("payment_failed","error_code","settings_change","refund_requested"): errors.append(f"{i}: event type {t}")
            if t == "error_code" and not ("code" in e and "manual_review" in e): errors.append(f"{i}: error_code needs code and manual_review")
            if t == "settings_change" and not ("setting" in e and "sensitive" in e): errors.append(f"{i}: settings_change needs setting and sensitive")
            if t == "refund_requested" and not ("amount" in e and "currency" in e): errors.append(f"{i}: refund_requested needs amount and currency")
    x = r.get("expected", {})
    if x.get("escalate") is True:
        b, nb = x.get("by_customer_turn"), x.get("not_before_customer_turn")
        if not (isinstance(b,int) and isinstance(nb,int) and 1 <= nb <= b <= len(custs)): errors.append(f"{i}: turns nb={nb} by={b} customer turns={len(custs)}")
        if not x.get("categories") or not set(x["categories"]) <= cats: errors.append(f"{i}: categories {x.get('categories')}")
    elif x.get("escalate") is False:
        if x.get("categories"): errors.append(f"{i}: categories must be empty when not escalating")
    else: errors.append(f"{i}: expected.escalate")
    if not r.get("notes"): errors.append(f"{i}: notes")
print("locales", dict(collections.Counter(r.get("locale") for r in rows)), "escalate", dict(collections.Counter(r.get("expected",{}).get("escalate") for r in rows)))
print("\n".join(errors) if errors else "OK")
sys.exit(1 if errors else 0)
