#!/usr/bin/env python3
"""Compile the VADER lexicons into the resource that SignalsCore loads.

Usage (from the repository root):

    python3 Tools/vader/compile_lexicon.py [LEXICON_DIR] [-o OUTPUT]

LEXICON_DIR defaults to ../shared/data/lexicons (relative to the repository
root) and must hold vader_lexicon.txt and emoji_utf8_lexicon.txt from PyPI
vadersentiment 3.3.2. OUTPUT defaults to
Services/Signals/Core/Resources/vader.lexicon.

The output is a derived artefact, not a copy: only the token and its mean
valence are kept (standard deviations and raw ratings are dropped), entries
are de-duplicated the way vadersentiment 3.3.2 builds its dictionaries (the
last occurrence wins), sorted by code point, and valences are written in
Python's shortest round-trip form. Emoji rows that are a single code point
come first in their section: vadersentiment 3.3.2 replaces emoji one code
point at a time, so multi-code-point sequences (flags, ZWJ sequences, skin
tones) never match; they are kept after a marker for completeness.

Format (UTF-8, LF line ends):

    # <attribution>             header lines, only at the top
    # ...
    lexicon<TAB>N               then exactly N lines: token<TAB>valence
    emoji<TAB>M<TAB>K           then exactly M lines: emoji<TAB>description,
                                the first K of them single code points
"""

import argparse
import os
import sys

ATTRIBUTION = ("VADER lexicon (Hutto & Gilbert, ICWSM 2014), MIT, vadersentiment 3.3.2; "
               "compiled by Tools/vader/compile_lexicon.py")

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read_pairs(path):
    """Parse a lexicon exactly as vadersentiment 3.3.2's make_*_dict does."""
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    pairs = {}
    for line in text.rstrip("\n").split("\n"):
        if not line:
            continue
        fields = line.strip().split("\t")[0:2]
        if len(fields) != 2:
            raise SystemExit(f"{path}: malformed line {line!r}")
        pairs[fields[0]] = fields[1]
    return pairs


def check_field(value, what):
    if "\t" in value or "\n" in value or "\r" in value or value == "":
        raise SystemExit(f"cannot encode {what} {value!r}")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lexicon_dir", nargs="?",
                        default=os.path.join(REPO_ROOT, "..", "shared", "data", "lexicons"))
    parser.add_argument("-o", "--output",
                        default=os.path.join(REPO_ROOT, "Services", "Signals", "Core", "Resources",
                                             "vader.lexicon"))
    args = parser.parse_args(argv)

    words = read_pairs(os.path.join(args.lexicon_dir, "vader_lexicon.txt"))
    emoji = read_pairs(os.path.join(args.lexicon_dir, "emoji_utf8_lexicon.txt"))

    lexicon_rows = []
    for token in sorted(words):
        check_field(token, "token")
        lexicon_rows.append(f"{token}\t{float(words[token])!r}")

    single = sorted(e for e in emoji if len(e) == 1)
    multi = sorted(e for e in emoji if len(e) != 1)
    emoji_rows = []
    for e in single + multi:
        check_field(e, "emoji")
        check_field(emoji[e], "description")
        emoji_rows.append(f"{e}\t{emoji[e]}")

    out = [
        f"# {ATTRIBUTION}",
        "# Source: github.com/cjhutto/vaderSentiment (PyPI vadersentiment 3.3.2), MIT license, see VADER_LICENSE.txt.",
        "# Derived data: token and mean valence only; do not edit, re-run the compiler.",
        f"lexicon\t{len(lexicon_rows)}",
        *lexicon_rows,
        f"emoji\t{len(emoji_rows)}\t{len(single)}",
        *emoji_rows,
    ]
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {args.output}: {len(lexicon_rows)} lexicon entries, "
          f"{len(emoji_rows)} emoji ({len(single)} single code point)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
