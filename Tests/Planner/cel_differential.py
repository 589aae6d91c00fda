#!/usr/bin/env python3
"""Differential test of PlannerCore's CEL subset against Google's CEL runtime.

Generates random expressions within the subset (seeded, so a run is
reproducible), evaluates each with PlannerCore (the CELEval test-support
executable: one expression per stdin line, one JSON result per stdout line)
and with the reference implementation, PyPI `cel-expr-python` (Google's C++
runtime; module `cel_expr_python`), and compares type-and-value results.
Errors compare by kind only (a compile error, or a runtime error), never by
message.

Usage (from the repository root, after `swift build --product CELEval`):
    python3 -m venv .venv-cel && .venv-cel/bin/pip install cel-expr-python==0.1.3
    .venv-cel/bin/python Tests/Planner/cel_differential.py [--count N] [--seed S] [--celeval PATH]

Prints each disagreement and ends with "N passed, N failed". Known
differences that are the reference's quirks, not ours, are listed in
KNOWN_QUIRKS and counted apart; the exit status is non-zero if anything
else disagrees.
"""

import argparse
import datetime
import json
import math
import random
import struct
import subprocess
import sys

from cel_expr_python import cel

# The environment CELEval declares (Tests/Support/CELEval/main.swift).
T = cel.Type
VARIABLES = {
    "i": T.INT, "u": T.UINT, "d": T.DOUBLE, "s": T.STRING, "b": T.BOOL,
    "l": T.List(T.INT), "m": T.Map(T.STRING, T.INT), "ts": T.TIMESTAMP, "du": T.DURATION,
}
UTC = datetime.timezone.utc
BINDINGS = {
    "i": 7, "u": 3, "d": 2.5, "s": "hello", "b": True, "l": [1, 2, 3], "m": {"a": 1, "b": 2},
    "ts": datetime.datetime(2024, 1, 1, tzinfo=UTC), "du": datetime.timedelta(minutes=90),
}


class Gen:
    """Random expressions of a requested CEL type, within the subset."""

    def __init__(self, rng, mixed=False):
        self.r = rng
        self.mixed = mixed  # unchecked mode: operands of any type, to reach runtime type errors

    def pick(self, *options):
        return self.r.choice(options)

    def expr(self, t, depth):
        if self.mixed and self.r.random() < 0.15:
            t = self.r.choice(["bool", "int", "uint", "double", "string", "list", "map", "timestamp", "duration"])
        if depth <= 0:
            return self.leaf(t)
        return getattr(self, "gen_" + t)(depth - 1)

    # Leaves -------------------------------------------------------------
    def leaf(self, t):
        r = self.r
        if t == "int":
            return self.pick("i", str(r.randint(-10, 10)), str(r.choice([0, 1, 2, 3, 100, 9223372036854775807])),
                             "-9223372036854775808", "size(l)", "size(s)")
        if t == "uint":
            return self.pick("u", f"{r.randint(0, 10)}u", "18446744073709551615u", "0u")
        if t == "double":
            return self.pick("d", "0.0", "-0.0", "1.5", "0.1", "2.0", "1e300", "-3.25", "1e-5", "100.0", "123456789.0")
        if t == "string":
            return self.pick("s", "''", "'abc'", "'Hello'", "\"a\\tb\"", "'\\u00e9t\\u00e9'", "'x\\ny'", "r'\\d+'",
                             "'\\x41'", "'\U0001F600'", "'ab' + 'c'")
        if t == "bool":
            return self.pick("true", "false", "b")
        if t == "list":
            return self.pick("l", "[]", "[1, 2, 3]", "[0]", "[-1, 5, 5]", "[i, 2]")
        if t == "map":
            return self.pick("m", "{}", "{'a': 1}", "{'a': 5, 'z': -1}", "{'b': i, 'a': 0}")
        if t == "timestamp":
            return self.pick("ts", "timestamp('2024-02-29T12:34:56Z')", "timestamp('1970-01-01T00:00:00Z')",
                             "timestamp('2009-02-13T23:31:30.5Z')", "timestamp('2024-03-31T01:30:00+02:00')",
                             "timestamp(1700000000)")
        if t == "duration":
            return self.pick("du", "duration('1h30m')", "duration('-90s')", "duration('0')", "duration('1.5s')",
                             "duration('2h')", "duration('100ms')")
        raise ValueError(t)

    # Typed generators ---------------------------------------------------
    def gen_int(self, d):
        e = lambda: self.expr("int", d)
        return self.pick(
            lambda: f"({e()} {self.pick('+', '-', '*', '/', '%')} {e()})",
            lambda: f"-({e()})",
            lambda: f"({self.expr('bool', d)} ? {e()} : {e()})",
            lambda: f"int({self.expr('double', d)})",
            lambda: f"int({self.expr('uint', d)})",
            lambda: f"int('{self.r.randint(-1000, 1000)}')",
            lambda: f"size({self.expr('list', d)})",
            lambda: f"size({self.expr('string', d)})",
            lambda: f"{self.expr('list', d)}[{self.r.randint(-1, 3)}]",
            lambda: f"m[{self.pick(repr('a'), repr('b'), repr('c'))}]",
            lambda: f"{self.expr('timestamp', d)}.{self.pick('getFullYear', 'getMonth', 'getDate', 'getDayOfMonth', 'getDayOfYear', 'getDayOfWeek', 'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds')}({self.pick('', repr('UTC'), repr('Europe/Paris'), repr('America/New_York'), repr('+05:30'), repr('-02:00'), repr('Asia/Kathmandu'))})",
            lambda: f"{self.expr('duration', d)}.{self.pick('getHours', 'getMinutes', 'getSeconds', 'getMilliseconds')}()",
            lambda: f"int({self.expr('timestamp', d)})",
        )()

    def gen_uint(self, d):
        e = lambda: self.expr("uint", d)
        return self.pick(
            lambda: f"({e()} {self.pick('+', '-', '*', '/', '%')} {e()})",
            lambda: f"uint({self.expr('int', d)})",
            lambda: f"uint({self.expr('double', d)})",
            lambda: f"({self.expr('bool', d)} ? {e()} : {e()})",
        )()

    def gen_double(self, d):
        e = lambda: self.expr("double", d)
        return self.pick(
            lambda: f"({e()} {self.pick('+', '-', '*', '/')} {e()})",
            lambda: f"-({e()})",
            lambda: f"double({self.expr('int', d)})",
            lambda: f"double({self.expr('uint', d)})",
            lambda: f"double('{self.pick('1.5', '-0.0', '1e3', '12', 'abc', '')}')",
            lambda: f"({self.expr('bool', d)} ? {e()} : {e()})",
        )()

    def gen_string(self, d):
        e = lambda: self.expr("string", d)
        return self.pick(
            lambda: f"({e()} + {e()})",
            lambda: f"string({self.expr(self.pick('int', 'uint', 'double', 'bool', 'string'), d)})",
            lambda: f"string({self.expr(self.pick('timestamp', 'duration'), d)})",
            lambda: self.pick("'ab'", "'\\u00e9'", "'e\\u0301'", "'x'") + " + " + self.pick("string(size(s))", "s", "'\\U0001F600'"),
            lambda: f"size({self.pick(repr('e'), chr(39) + 'e' + chr(92) + 'u0301' + chr(39), chr(39) + chr(92) + 'U0001F600' + chr(39))} + {e()})",
            lambda: f"({self.expr('bool', d)} ? {e()} : {e()})",
        )()

    def gen_bool(self, d):
        e = lambda: self.expr("bool", d)
        cmp_type = self.pick("int", "uint", "double", "string", "bool", "timestamp", "duration")
        op = self.pick("<", "<=", ">", ">=", "==", "!=")
        return self.pick(
            lambda: f"({e()} && {e()})",
            lambda: f"({e()} || {e()})",
            lambda: f"!({e()})",
            lambda: f"({self.expr(cmp_type, d)} {op} {self.expr(cmp_type, d)})",
            lambda: f"(dyn({self.expr(self.pick('int', 'uint', 'double'), d)}) {op} {self.expr(self.pick('int', 'uint', 'double'), d)})",
            lambda: f"({self.expr('int', d)} in {self.expr('list', d)})",
            lambda: f"({self.pick(repr('a'), repr('b'), repr('z'))} in m)",
            lambda: f"{self.expr('string', d)}.{self.pick('contains', 'startsWith', 'endsWith')}({self.expr('string', d)})",
            lambda: f"{self.expr('string', d)}.matches({self.pick(repr('^h'), repr('l+'), repr('[0-9]'), repr('a|b'), repr(''), repr('^$'), repr('(?i)HELLO'), repr('.'))})",
            lambda: f"{self.expr('list', d)}.{self.pick('all', 'exists', 'exists_one')}(x, {self.pred('x', d)})",
            lambda: f"has(m.{self.pick('a', 'z')})",
            lambda: f"({self.expr('bool', d)} ? {e()} : {e()})",
            lambda: f"(1 / {self.expr('int', d)} == 0) {self.pick('&&', '||')} {e()}",
            lambda: f"({self.expr('list', d)} {self.pick('==', '!=')} {self.expr('list', d)})",
            lambda: f"({self.expr('map', d)} {self.pick('==', '!=')} {self.expr('map', d)})",
            lambda: f"(dyn({self.expr(self.pick('int', 'uint', 'double', 'string'), d)}) {self.pick('==', '!=')} {self.expr(self.pick('int', 'uint', 'double', 'string'), d)})",
            lambda: f"(dyn({self.expr(self.pick('int', 'uint', 'double'), d)}) in {self.pick('[1u, 2.0, 3]', '[0.5, -1]', 'l', '{1u: 1, 2: 2}')})",
            lambda: f"{self.expr('map', d)}.{self.pick('all', 'exists')}(k, k.startsWith('a'))",
            lambda: f"{self.expr('list', d)}.exists(x, {self.expr('list', d)}.all(y, y != x))",
        )()

    def pred(self, var, d):
        return self.pick(
            lambda: f"{var} > {self.expr('int', max(d - 1, 0))}",
            lambda: f"{var} % 2 == 0",
            lambda: f"10 / {var} > 1",
            lambda: f"{var} == {self.r.randint(-1, 5)}",
        )()

    def gen_list(self, d):
        e = lambda: self.expr("list", d)
        return self.pick(
            lambda: f"({e()} + {e()})",
            lambda: f"{e()}.map(x, x * {self.expr('int', d)})",
            lambda: f"{e()}.filter(x, {self.pred('x', d)})",
            lambda: f"{e()}.map(x, {self.pred('x', d)}, x + 1)",
            lambda: f"[{self.expr('int', d)}, {self.expr('int', d)}]",
            lambda: f"({self.expr('bool', d)} ? {e()} : {e()})",
        )()

    def gen_map(self, d):
        return self.pick(
            lambda: f"{{'a': {self.expr('int', d)}, 'b': {self.expr('int', d)}}}",
            lambda: f"({self.expr('bool', d)} ? {self.expr('map', d)} : {self.expr('map', d)})",
        )()

    def gen_timestamp(self, d):
        return self.pick(
            lambda: f"({self.expr('timestamp', d)} + {self.expr('duration', d)})",
            lambda: f"({self.expr('timestamp', d)} - {self.expr('duration', d)})",
            lambda: f"timestamp(string({self.expr('timestamp', d)}))",
        )()

    def gen_duration(self, d):
        return self.pick(
            lambda: f"({self.expr('duration', d)} {self.pick('+', '-')} {self.expr('duration', d)})",
            lambda: f"({self.expr('timestamp', d)} - {self.expr('timestamp', d)})",
            lambda: f"duration(string({self.expr('duration', d)}))",
        )()


class RegexGen:
    """Random RE2 patterns and subjects, for `subject.matches(pattern)`."""

    ALPHABET = ["a", "b", "A", "1", " ", "_", "-", ".", "\n", "\u00e9", "\u00c9", "\U0001F600"]

    def __init__(self, rng):
        self.r = rng

    def atom(self, depth):
        r = self.r
        choices = [
            lambda: r.choice(["a", "b", "A", "1", " ", "_", "-", "\\.", "\u00e9", "\U0001F600", "\\n"]),
            lambda: ".",
            lambda: r.choice(["[ab]", "[^a]", "[a-c]", "[A-Z]", "[^\\n]", "[.]", "[-a]", "[a-]", "[\\d_]", "[]a]", "[^]a]"]),
            lambda: r.choice(["\\d", "\\w", "\\s", "\\W", "\\D", "\\S"]),
            lambda: r.choice(["[[:alpha:]]", "[[:digit:]]", "[[:^space:]]", "\\pL", "\\p{Lu}", "\\PL", "\\p{N}"]),
            lambda: r.choice(["^", "$", "\\b", "\\B", "\\A", "\\z"]),
        ]
        if depth > 0:
            choices += [
                lambda: "(" + self.alt(depth - 1) + ")",
                lambda: "(?:" + self.alt(depth - 1) + ")",
                lambda: r.choice(["(?i)", "(?s)", "(?m)", "(?i:", "(?s:"]) + self.alt(depth - 1) + (")" if False else ""),
            ]
        a = r.choice(choices)()
        if a.endswith(":") or a.startswith("(?i:") or a.startswith("(?s:"):
            pass
        return a

    def piece(self, depth):
        a = self.atom(depth)
        if a.startswith("(?i:") or a.startswith("(?s:"):
            a += ")"
        if self.r.random() < 0.35 and not a.startswith("(?i)") and not a.startswith("(?s)") and not a.startswith("(?m)"):
            a += self.r.choice(["*", "+", "?", "{2}", "{1,3}", "{2,}", "{0,1}", "*?", "+?"])
        return a

    def concat(self, depth):
        return "".join(self.piece(depth) for _ in range(self.r.randint(1, 4)))

    def alt(self, depth):
        parts = [self.concat(depth) for _ in range(self.r.choice([1, 1, 1, 2, 3]))]
        return "|".join(parts)

    def subject(self):
        return "".join(self.r.choice(self.ALPHABET) for _ in range(self.r.randint(0, 8)))

    # Patterns RE2 refuses (and two it accepts that we refuse, listed as quirks).
    ODD = ["a**", "(a", "a)", "[a", "\\1", "(a)\\1", "(?=a)", "(?!a)", "(?<=a)b", "a{1001}", "a{2,1}", "*a", "a++",
           "(?P<n>a)", "(?i", "[z-a]", "\\p{Greek}", "\\C", "x{2}{3}", "[[:foo:]]", "\\Q.\\E", "(?<n>a)b", "\\x{110000}"]

    def expression(self):
        if self.r.random() < 0.05:
            return f"'aab'.matches(r'{self.r.choice(self.ODD)}')"
        subject = self.subject().replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
        return f"'{subject}'.matches(r'{self.alt(2)}')"  # a raw string: the pattern's backslashes are RE2's


# Canonical results -----------------------------------------------------------

def double_key(x):
    return "nan" if math.isnan(x) else format(struct.unpack(">Q", struct.pack(">d", x))[0], "x")


def canon_ref(v):
    """A cel_expr_python Value in CELEval's JSON shape (timestamps and
    durations at microsecond precision: Python's datetime has no nanoseconds)."""
    t = v.type().name()
    x = v.value()
    if t == "ERROR":
        return ["error"]
    if t == "INT":
        return ["int", str(x)]
    if t == "UINT":
        return ["uint", str(int(x))]
    if t == "DOUBLE":
        return ["double", double_key(x)]
    if t == "STRING":
        return ["string", x]
    if t == "BYTES":
        return ["bytes", bytes(x).hex()]
    if t == "BOOL":
        return ["bool", bool(x)]
    if t in ("NULL", "NULL_TYPE"):
        return ["null"]
    if t.startswith("LIST"):
        return ["list", [canon_ref(e) for e in x]]
    if t.startswith("MAP"):
        return ["map", sorted([[json.dumps(k), canon_ref(val)] for k, val in x.items()])]
    if t == "TIMESTAMP":
        delta = x - datetime.datetime(1970, 1, 1, tzinfo=UTC)
        micros = (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
        return ["timestamp_us", str(micros)]
    if t == "DURATION":
        micros = (x.days * 86400 + x.seconds) * 1_000_000 + x.microseconds
        return ["duration_us", str(micros)]
    if t == "TYPE":
        name = x.name()
        names = {"INT": "int", "UINT": "uint", "DOUBLE": "double", "BOOL": "bool", "STRING": "string",
                 "BYTES": "bytes", "NULL": "null_type", "TIMESTAMP": "google.protobuf.Timestamp",
                 "DURATION": "google.protobuf.Duration", "TYPE": "type"}
        return ["type", names.get(name, name.split("<")[0].lower())]
    return ["unknown", t]


def canon_ours(j):
    """CELEval's JSON, normalised like canon_ref (maps sorted, time at microseconds)."""
    kind = j[0]
    if kind == "list":
        return ["list", [canon_ours(e) for e in j[1]]]
    if kind == "map":
        return ["map", sorted([[json.dumps(key_plain(k)), canon_ours(v)] for k, v in j[1]])]
    if kind == "timestamp":
        return ["timestamp_us", str(j[1] * 1_000_000 + j[2] // 1000)]
    if kind == "duration":
        ns = int(j[1])
        return ["duration_us", str(int(ns / 1000))]
    return j


def key_plain(k):
    kind = k[0]
    if kind in ("int", "uint"):
        return int(k[1])
    return k[1]


def reference(expression, env, unchecked):
    try:
        program = env.compile(expression, disable_check=unchecked)
    except Exception:
        return ["compile_error"]
    try:
        return canon_ref(program.eval(data=BINDINGS))
    except Exception as error:  # evaluation errors may also raise
        return ["error"]


def celpy_reference():
    """A second, optional reference: PyPI cel-python (pure Python, module
    celpy). It has no type checker, so every expression is evaluated as if
    unchecked; its disagreements are reported, not failed (see the report)."""
    import logging
    logging.disable(logging.CRITICAL)
    import celpy
    import celpy.celtypes as ct
    env = celpy.Environment()
    activation = {
        "i": ct.IntType(7), "u": ct.UintType(3), "d": ct.DoubleType(2.5), "s": ct.StringType("hello"),
        "b": ct.BoolType(True), "l": ct.ListType([ct.IntType(1), ct.IntType(2), ct.IntType(3)]),
        "m": ct.MapType({ct.StringType("a"): ct.IntType(1), ct.StringType("b"): ct.IntType(2)}),
        "ts": ct.TimestampType("2024-01-01T00:00:00Z"), "du": ct.DurationType("5400s"),
    }

    def canon(v):
        if isinstance(v, celpy.CELEvalError) or isinstance(v, Exception):
            return ["error"]
        if v is None:
            return ["null"]
        if isinstance(v, ct.BoolType) or isinstance(v, bool):
            return ["bool", bool(v)]
        if isinstance(v, ct.UintType):
            return ["uint", str(int(v))]
        if isinstance(v, ct.IntType):
            return ["int", str(int(v))]
        if isinstance(v, ct.DoubleType):
            return ["double", double_key(float(v))]
        if isinstance(v, ct.StringType):
            return ["string", str(v)]
        if isinstance(v, ct.BytesType):
            return ["bytes", bytes(v).hex()]
        if isinstance(v, ct.ListType):
            return ["list", [canon(e) for e in v]]
        if isinstance(v, ct.MapType):
            return ["map", sorted([[json.dumps(k if not isinstance(k, (ct.IntType, ct.UintType)) else int(k)), canon(x)]
                                   for k, x in v.items()])]
        if isinstance(v, ct.TimestampType):
            delta = v - datetime.datetime(1970, 1, 1, tzinfo=UTC)
            return ["timestamp_us", str((delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds)]
        if isinstance(v, ct.DurationType):
            return ["duration_us", str((v.days * 86400 + v.seconds) * 1_000_000 + v.microseconds)]
        if isinstance(v, type):
            return ["type", v.__name__]
        # Some celpy operators return plain Python values.
        if isinstance(v, str):
            return ["string", v]
        if isinstance(v, float):
            return ["double", double_key(v)]
        if isinstance(v, int):
            return ["int", str(v)]
        if isinstance(v, (list, tuple)):
            return ["list", [canon(e) for e in v]]
        return ["unknown", type(v).__name__]

    def evaluate(expression):
        try:
            program = env.program(env.compile(expression))
        except Exception:
            return ["compile_error"]
        try:
            return canon(program.evaluate(activation))
        except Exception:
            return ["error"]
    return evaluate


# Hand-picked corner cases, compared on every run (checked mode) before the
# (A map's iteration order is unspecified in CEL and cel-cpp's varies per process:
# lists made from a map are compared through order-free questions.)
# random expressions: literals, conversions, time parsing and zones, indexing.
EDGE_CASES = r"""
{1: 1, 1u: 2}
[1,2].all(x, [3].all(x, x == 3))
'\x41\101\u0041\U00000041'
b'\xff' + b'a'
size(b'\xff\x00')
bytes('é')
string(b'\xff')
b'a' < b'b'
'abc' < 'abd'
'\u00e9' > 'z'
duration('1h') / 2
-duration('1h')
timestamp('2024-01-01T00:00:00Z') - duration('-1h')
double('1e400')
double('-1e400')
double('nan') == double('nan')
int('-0')
int(' 1')
int('+1')
int('1 ')
uint('-0')
uint('+5')
double(' 1.5')
double('1_000')
double('0x10')
double('Infinity')
1e3
1E3
.5
0x1F
0x1Fu
0XFF
'a' in {'a': 1}
'a' in []
[1, 'a'] == [1, 'a']
dyn({'a': 1}) == {'a': 1.0}
dyn([1]) == [1u]
size({'a': 1, 'b': 2})
timestamp('2024-06-01T12:00:00Z').getHours('America/St_Johns')
timestamp('2024-06-01T12:00:00Z').getHours('+14:00')
timestamp('2024-06-01T12:00:00Z').getHours('-12:00')
timestamp('2024-06-01T12:00:00Z').getHours('14:00')
timestamp('2024-06-01T12:00:00Z').getHours('+1:00')
timestamp('2024-06-01T12:00:00Z').getHours('utc')
timestamp('2024-06-01T12:00:00Z').getHours('Z')
timestamp('2024-06-01T12:00:00Z').getHours('')
timestamp('2024-06-01t12:00:00z')
timestamp('2024-06-01T12:00:00.1234567891Z')
timestamp('2024-06-01T12:00:00+01:00')
timestamp('2024-06-01 12:00:00Z')
timestamp('2024-06-01T12:00Z')
duration('1.5h')
duration('1h1h')
duration('-1.5s')
duration('1µs')
duration('1us')
duration('')
duration('s')
duration('1d')
duration('9223372036s')
duration('9223372037s')
duration('2562047h')
duration('2562048h')
string(duration('-0.5s'))
string(duration('1ns'))
duration('1ns').getMilliseconds()
duration('-1500ms').getSeconds()
duration('-1500ms').getMilliseconds()
timestamp('1969-12-31T23:59:59.5Z').getSeconds()
timestamp('1969-12-31T23:59:59.5Z').getMilliseconds()
int(timestamp('1969-12-31T23:59:59.5Z'))
timestamp(-1)
string(timestamp('0001-01-01T00:00:00Z'))
timestamp('2024-02-30T00:00:00Z')
timestamp('2023-02-29T00:00:00Z')
timestamp('2000-02-29T00:00:00Z').getDayOfYear()
timestamp('1900-03-01T00:00:00Z').getDayOfWeek()
'hello'.contains('')
''.startsWith('')
'abc'.endsWith('bc')
'e\u0301'.endsWith('\u0301')
'😀'.size()
size('😀'.substring(0))
[1,2,3][1u]
[1,2,3][dyn(1.0)]
[1,2,3][dyn(1.5)]
{'a': 1}[dyn(1)]
{1: 'a'}[dyn(1.0)]
{1: 'a'}[dyn(1.5)]
{true: 1}[true]
{null: 1}
{[1]: 1}
{1.5: 1}
type(null) == null_type
type(type) == type
type(duration('1s')) == google.protobuf.Duration
1 == 1 == true
!true == false
-1 * -1
2 - -2
1--1
!!true
3 % -2
-3 % 2
-3 / 2
7u / 2u
0.0 / 0.0 == 0.0 / 0.0
1.0 / 0.0 > 1e308
-0.0 == 0.0
18446744073709551615u + 0u
18446744073709551616u
9223372036854775808
-9223372036854775809
1u - 2u
[1] + [1u]
[] == []
{} == {}
[[]].map(x, x)
[1, 2, 3].map(x, x * 2).filter(y, y > 2)
[1, 2, 3].exists_one(x, x > 1)
{'a': 1, 'b': 2}.map(k, k + k).exists(x, x == 'bb')
{'a': 1, 'b': 2}.map(k, k + k).size()
{'a': 1, 'b': 2}.filter(k, k == 'a')
{'a': 1, 'b': 2}.exists_one(k, true)
has({'a': {'b': 1}}.a.b)
has({'a': 1}.b)
{'a': {'b': 1}}.a.b
""".strip().split("\n")

# Edge cases where we differ on purpose, with the reason.
EDGE_DIFFERENCES = {
    "{1: 1, 1u: 2}": "repeated (numerically equal) map key: an error as the conformance suite requires; cel-cpp keeps one entry",
    "int(' 1')": "int(string) takes no surrounding spaces (as cel-go); cel-cpp's SimpleAtoi trims them",
    "int('1 ')": "int(string) takes no surrounding spaces (as cel-go); cel-cpp's SimpleAtoi trims them",
    "double(' 1.5')": "double(string) takes no surrounding spaces (as cel-go); cel-cpp's strtod skips them",
    "double('0x10')": "double(string) is decimal only (as cel-go); cel-cpp's strtod reads hexadecimal",
    "duration('1µs')": "µs (U+00B5) and μs (U+03BC) are microseconds, as in Go's ParseDuration; cel-cpp refuses them",
    "duration('9223372037s')": "durations are 64-bit nanoseconds (about ±292 years, as cel-go); cel-cpp's range is wider",
    "duration('2562048h')": "durations are 64-bit nanoseconds (about ±292 years, as cel-go); cel-cpp's range is wider",
    "{null: 1}": "a map literal key that cannot be a key is a type error at compile time here, an evaluation error there",
    "{[1]: 1}": "a map literal key that cannot be a key is a type error at compile time here, an evaluation error there",
    "{1.5: 1}": "a map literal key that cannot be a key is a type error at compile time here, an evaluation error there",
}


# Reference quirks: (predicate on expression and both results, explanation).
KNOWN_QUIRKS = [
    (lambda e, ours, ref: ours[0] == "compile_error" and ref == ["error"] and ".matches(r'" in e,
     "by design: a constant pattern that is not valid RE2 fails at compile time (policy publish) here, at evaluation there"),
    (lambda e, ours, ref: ours[0] == "compile_error" and ref[0] == "bool" and ("\\p{Greek}" in e or "\\C" in e or "\\Q" in e),
     "RE2 features our matcher refuses at compile time: Unicode script classes (\\p{Greek}), \\C, \\Q...\\E"),
    (lambda e, ours, ref: ours[0] == "error" and ours[-1] == "no such overload: int(bool)" and ref[0] != "error",
     "int(bool): the C++ runtime converts a bool to 0 or 1 when type checking is off, though its checker "
     "declares no int(bool) overload (`int(true)` is a compile error there); we follow the declarations"),
    (lambda e, ours, ref: ref == ["double", double_key(float("nan"))] or (ours[0] == "string" and ref[0] == "string" and "nan" in ref[1]),
     "NaN formatting: the C++ runtime prints '-nan' for string(0.0/0.0); we print 'nan'"),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=20261205)
    parser.add_argument("--depth", type=int, default=3)
    parser.add_argument("--celeval", default=".build/debug/CELEval")
    parser.add_argument("--show", type=int, default=40, help="disagreements to print")
    parser.add_argument("--reference", choices=["cel-expr-python", "celpy"], default="cel-expr-python",
                        help="celpy (cel-python 0.5.0) is informational: it has no checker, use with --unchecked")
    parser.add_argument("--regex", action="store_true", help="compare `matches` on random RE2 patterns instead")
    parser.add_argument("--unchecked", action="store_true",
                        help="skip type checking on both sides and mix operand types, to compare runtime errors")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    gen = Gen(rng, mixed=args.unchecked)
    kinds = ["bool", "int", "uint", "double", "string", "list", "map", "timestamp", "duration"]
    expressions = []
    seen = set()
    regex_gen = RegexGen(rng)
    if not args.regex and not args.unchecked:
        expressions += EDGE_CASES
        seen.update(EDGE_CASES)
    while len(expressions) < args.count + (len(EDGE_CASES) if not args.regex and not args.unchecked else 0):
        if args.regex:
            e = regex_gen.expression()
        else:
            e = gen.expr(rng.choice(kinds), rng.randint(1, args.depth))
        if e not in seen and "\n" not in e:
            seen.add(e)
            expressions.append(e)

    run = subprocess.run([args.celeval] + (["--no-check"] if args.unchecked else []), input="\n".join(expressions) + "\n", capture_output=True, text=True, check=True)
    ours_lines = run.stdout.splitlines()
    assert len(ours_lines) == len(expressions), (len(ours_lines), len(expressions))

    env = cel.NewEnv(variables=VARIABLES)
    celpy_eval = celpy_reference() if args.reference == "celpy" else None
    passed = failed = quirks = 0
    kinds_seen = {"value": 0, "error": 0, "compile_error": 0}
    shown = 0
    quirk_notes = {}
    for expression, line in zip(expressions, ours_lines):
        ours = canon_ours(json.loads(line))
        ref = celpy_eval(expression) if celpy_eval else reference(expression, env, args.unchecked)
        ours_cmp = [ours[0]] if ours[0] in ("compile_error", "error") else ours
        if ours_cmp == ref:
            passed += 1
            kinds_seen[ref[0] if ref[0] in ("error", "compile_error") else "value"] += 1
            continue
        quirk = EDGE_DIFFERENCES.get(expression) or next((why for test, why in KNOWN_QUIRKS if test(expression, ours, ref)), None)
        if quirk:
            quirks += 1
            quirk_notes[quirk] = quirk_notes.get(quirk, 0) + 1
            continue
        failed += 1
        if shown < args.show:
            shown += 1
            print(f"DISAGREE {expression}\n   ours: {json.dumps(ours)}\n   ref:  {json.dumps(ref)}")
    print(f"agreements by kind: {kinds_seen}")
    for why, n in quirk_notes.items():
        print(f"known difference ({n}): {why}")
    if celpy_eval:
        # Informational: cel-python predates heterogeneous equality and differs
        # in many ways (see Services/Planner/README.md); nothing here fails.
        print(f"celpy comparison (informational): {passed} agreed, {failed} disagreed, {quirks} known differences")
        return 0
    print(f"{passed} passed, {failed} failed, {quirks} skipped")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
