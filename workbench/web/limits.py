"""Sign-in attempts, limited: failed sign-ins slow down per account and address, and per address.

Each key — (user name, client address) and the address alone — counts failed sign-ins.  After
``free`` failures a key must wait before its next try, twice as long after each further
failure (1 s, 2 s, 4 s …) but never longer than ``max_wait_s`` (5 minutes): guessing becomes
slow, yet nobody can lock a person out for long, and a person at another address is not
slowed at all by someone else's guessing.  A refused try is not counted (hammering does not
lengthen the wait); a successful sign-in clears its (name, address) key; a key is forgotten
``forget_s`` after its last failure.  Unknown names are counted like known ones, so the limit
tells nobody which names exist.

The counts live in the server's memory (one process: waitress threads), so a restart forgets
them; they are bounded (``max_keys``), so random names cannot fill the memory.
"""
from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

__all__ = ["LoginLimits"]


@dataclass
class _Count:
    failures: int = 0
    last: float = 0.0


@dataclass
class LoginLimits:
    per_account: int = 5        # failures allowed per (name, address) before waits begin
    per_address: int = 20       # failures allowed per address (any names) before waits begin
    max_wait_s: float = 300.0   # the longest wait ever asked for
    forget_s: float = 900.0     # a key with no failure for this long starts again from nothing
    max_keys: int = 10_000
    clock: Callable[[], float] = time.monotonic
    _counts: dict = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _keys(self, name: str, address: str) -> list[tuple[tuple, int]]:
        return [(("account", name[:80], address), self.per_account), (("address", address), self.per_address)]

    def wait(self, name: str, address: str) -> int:
        """Whole seconds to wait before this name may be tried from this address (0: go ahead)."""
        now = self.clock()
        with self._lock:
            longest = 0.0
            for key, free in self._keys(name, address):
                count = self._counts.get(key)
                if count is None or count.failures < free or now - count.last > self.forget_s:
                    continue
                delay = min(self.max_wait_s, 2.0 ** (count.failures - free))
                longest = max(longest, count.last + delay - now)
            return math.ceil(longest) if longest > 0 else 0

    def failed(self, name: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for key, _ in self._keys(name, address):
                count = self._counts.get(key)
                if count is None or now - count.last > self.forget_s:
                    count = self._counts[key] = _Count()
                count.failures, count.last = count.failures + 1, now
            if len(self._counts) > self.max_keys:
                self._prune(now)

    def succeeded(self, name: str, address: str) -> None:
        with self._lock:
            self._counts.pop(self._keys(name, address)[0][0], None)

    def _prune(self, now: float) -> None:
        """Forget stale keys; if that is not enough, the oldest half."""
        for key in [key for key, count in self._counts.items() if now - count.last > self.forget_s]:
            del self._counts[key]
        if len(self._counts) > self.max_keys:
            for key, _ in sorted(self._counts.items(), key=lambda item: item[1].last)[:len(self._counts) // 2]:
                del self._counts[key]
