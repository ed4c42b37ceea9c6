"""The key under which the packaged model files a word: MurmurHash64A (seed 1) of its UTF-8.

spaCy keys its vector table by this hash of the word; computing it here lets Cordée read the
table without importing spaCy (seconds and some 300 MB per process for a few lookups).
"""

from __future__ import annotations

_MASK = (1 << 64) - 1
_M = 0xC6A4A7935BD1E995
_R = 47
_SEED = 1


def word_key(word: str) -> int:
    """The 64-bit key of ``word`` in the model's vector table."""
    data = word.encode("utf-8")
    length = len(data)
    h = (_SEED ^ (length * _M)) & _MASK
    blocks = length // 8
    for index in range(blocks):
        k = int.from_bytes(data[index * 8 : index * 8 + 8], "little")
        k = (k * _M) & _MASK
        k ^= k >> _R
        k = (k * _M) & _MASK
        h ^= k
        h = (h * _M) & _MASK
    tail = data[blocks * 8 :]
    if tail:
        h ^= int.from_bytes(tail, "little")
        h = (h * _M) & _MASK
    h ^= h >> _R
    h = (h * _M) & _MASK
    h ^= h >> _R
    return h
