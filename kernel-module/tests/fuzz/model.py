"""model: what /dev/moontide must say about a request before it does
anything, written from docs/protocol.md (and the parser's documented rules).

expect(data) returns ("refused", errno) when the request is malformed and
must be refused without effect, or ("accepted", command) when it is well
formed and the kernel must act on it (its answer then depends on state:
ok, or an error such as ENOENT or a Lua error, never a parse error).
A difference between this model and the kernel is a wrong answer of one
of them; the fuzzer reports it with the request.
"""
import re

MIB = 1 << 20
EINVAL, E2BIG = 22, 7
NAME = re.compile(rb"[A-Za-z0-9_.-]{1,64}")
U64 = (1 << 64) - 1
MEMORY_MAX = 1 << 30
ATOMIC_QUOTA_MAX = 10_000_000
ATOMIC_MEMORY_MAX = 4 << 20
WORDS_MAX = 8


def number(text):
    """The kernel's kstrtoull(text, 10): an optional '+', decimal digits,
    at most 2^64-1 (leading zeros: any number of them); None otherwise."""
    if text.startswith(b"+"):
        text = text[1:]
    if not text or not text.isdigit():
        return None
    digits = text.lstrip(b"0") or b"0"  # leading zeros are fine, any number
    if len(digits) > 20:
        return None
    v = int(digits)
    return v if v <= U64 else None


def run_refused(words):
    """True when the options of `run NAME SCRIPT OPTS...` are refused."""
    context, spawn, memory, quota = b"process", False, None, None
    for w in words:
        if w == b"spawn":
            spawn = True
            continue
        key, eq, value = w.partition(b"=")
        if not eq:
            return True
        if key == b"context" and value in (b"process", b"softirq", b"hardirq"):
            context = value
        elif key == b"memory" and number(value) and number(value) <= MEMORY_MAX:
            memory = number(value)
        elif key == b"quota" and number(value) is not None:
            quota = number(value)
        else:
            return True
    if spawn and context != b"process":
        return True
    if context == b"process":
        return False
    if quota == 0 or (quota or 0) > ATOMIC_QUOTA_MAX:
        return True
    return (memory or 0) > ATOMIC_MEMORY_MAX


def expect(data):
    if not data or len(data) > MIB:
        return ("refused", E2BIG)
    if b"\0" in data:
        return ("refused", EINVAL)
    line, nl, _ = data.partition(b"\n")
    words = line.split(b" ")
    if len(words) > WORDS_MAX or b"" in words:
        return ("refused", EINVAL)
    verb, n = words[0], len(words)
    if verb in (b"version", b"list"):
        ok = n == 1
    elif verb in (b"stop", b"eval"):
        ok = n == 2
        if ok and verb == b"eval" and words[1] == b"-":
            return ("accepted", verb)
    elif verb == b"run":
        ok = n >= 3 and not run_refused(words[3:])
    else:
        ok = False
    if ok and n > 1 and not NAME.fullmatch(words[1]):
        ok = False
    if ok and nl and verb != b"eval":
        ok = False
    return ("accepted", verb) if ok else ("refused", EINVAL)
