"""mutate: byte-level mutations of a request or a chunk, from a seeded rng.

Each mutation is one of the ways a client gets its bytes wrong: flipped
bits, cut short, repeated, two messages spliced, NUL bytes, numbers with
the wrong form or size, stray separators.
"""

ODD_NUMBERS = [b"0", b"-1", b"+1", b"++1", b"1e3", b"0x10", b"010", b" 1",
               b"18446744073709551615", b"18446744073709551616",
               b"99999999999999999999999999", b"4194304", b"4194305",
               b"10000000", b"10000001", b"1073741824", b"1073741825",
               b"9223372036854775808", b"", b"1\n", b"\xff"]
SEPARATORS = [b" ", b"  ", b"\n", b"\r\n", b"\t", b"\0", b"=", b"==", b"/"]


def flip(rng, data):
    if not data:
        return data
    i = rng.randrange(len(data))
    return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1:]


def truncate(rng, data):
    return data[:rng.randrange(len(data) + 1)]


def duplicate(rng, data):
    """A slice of data repeated in place, once or many times."""
    if not data:
        return data
    i = rng.randrange(len(data))
    j = rng.randrange(i, len(data)) + 1
    return data[:j] + data[i:j] * rng.choice([1, 2, 7, 100]) + data[j:]


def splice(rng, data, other):
    """The head of data, the tail of other."""
    return data[:rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1):]


def insert(rng, data, what):
    i = rng.randrange(len(data) + 1)
    return data[:i] + what + data[i:]


def renumber(rng, data):
    """A run of digits (or, without one, a place) replaced by an odd number."""
    digits = [i for i, b in enumerate(data) if 48 <= b <= 57]
    if not digits:
        return insert(rng, data, rng.choice(ODD_NUMBERS))
    i = j = rng.choice(digits)
    while i > 0 and 48 <= data[i - 1] <= 57:
        i -= 1
    while j < len(data) and 48 <= data[j] <= 57:
        j += 1
    return data[:i] + rng.choice(ODD_NUMBERS) + data[j:]


def delete(rng, data):
    if not data:
        return data
    i = rng.randrange(len(data))
    return data[:i] + data[i + rng.randrange(1, 9):]


def mutate(rng, data, other=b""):
    """data with 1 to 3 mutations; other is a second message to splice with."""
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        k = rng.randrange(8)
        if k == 0:
            data = flip(rng, data)
        elif k == 1:
            data = truncate(rng, data)
        elif k == 2:
            data = duplicate(rng, data)
        elif k == 3:
            data = splice(rng, data, other or data)
        elif k == 4:
            data = insert(rng, data, rng.choice(SEPARATORS))
        elif k == 5:
            data = renumber(rng, data)
        elif k == 6:
            data = delete(rng, data)
        else:
            data = insert(rng, data, bytes([rng.randrange(256)]))
    return data
