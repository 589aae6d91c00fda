"""Tokenizer and feature hashing of Baton's intent model.

Services/Signals/Core/Intent/IntentFeatures.swift reproduces this byte for
byte; change both together and regenerate the golden file.

Text to features, on the UTF-8 bytes of the text:
  0. Only the first 2048 bytes count.
  1. Bytes A-Z become a-z, digits 0-9 become 0; the ASCII apostrophe is
     dropped; every other ASCII byte (space, punctuation, control) separates
     words; bytes >= 0x80 belong to words (so non-ASCII letters stay in words,
     unchanged).
  2. Words longer than 32 bytes are cut to 32 bytes.
  3. Features, each hashed with FNV-1a 64 over a kind byte followed by bytes:
     - b"w" + word                      (word unigram)
     - b"b" + word1 + b" " + word2      (word bigram, with the start word b"<s"
                                         before the first and the end word
                                         b"s>" after the last)
     - b"c" + gram for every n-gram of n = 3..5 bytes of b"<" + word + b">"
       (character grams within the word, fastText style).
  4. Each distinct feature counts once (binary), whatever its repetitions.
     train.py multiplies word and bigram features by WORD_WEIGHT and all
     features by their idf; both are folded into the model file's per-row
     feature values, so Swift needs neither.
"""

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK64 = 0xFFFFFFFFFFFFFFFF
MAX_WORD_BYTES = 32
CHAR_MIN, CHAR_MAX = 3, 5
MAX_TEXT_BYTES = 2048


def fnv1a64(data: bytes) -> int:
    h = FNV_OFFSET
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & MASK64
    return h


def words(text: str) -> list[bytes]:
    out, cur = [], bytearray()
    for b in text.encode("utf-8")[:MAX_TEXT_BYTES]:
        if 0x41 <= b <= 0x5A:
            cur.append(b + 32)
        elif 0x30 <= b <= 0x39:
            cur.append(0x30)
        elif b == 0x27:
            continue
        elif b < 0x80 and not (0x61 <= b <= 0x7A):
            if cur:
                out.append(bytes(cur[:MAX_WORD_BYTES]))
                cur = bytearray()
        else:
            cur.append(b)
    if cur:
        out.append(bytes(cur[:MAX_WORD_BYTES]))
    return out


def feature_hashes(text: str, word_weight: float = 1.0) -> dict[int, float]:
    """The distinct FNV-1a 64 hashes of the text's features, each with its
    group weight: `word_weight` for words and bigrams, 1 for character grams."""
    ws = words(text)
    feats = {}
    for w in ws:
        feats[fnv1a64(b"w" + w)] = word_weight
        padded = b"<" + w + b">"
        for n in range(CHAR_MIN, CHAR_MAX + 1):
            for i in range(len(padded) - n + 1):
                feats[fnv1a64(b"c" + padded[i:i + n])] = 1.0
    seq = [b"<s"] + ws + [b"s>"]
    for a, b in zip(seq, seq[1:]):
        feats[fnv1a64(b"b" + a + b" " + b)] = word_weight
    return feats
