"""Iteration helpers: a generator run on its own thread (optionally at a lower CPU priority), batches.

Ingest analyses article N+1 while the model encodes article N.  On two
cores the model's threads use both, so analysis competing at equal priority
slows the model by about as much as the analysis costs.  Analysis on a
niced thread runs in the gaps the model leaves (its threads wait at every
batch boundary), so ingest approaches the speed of encoding alone.
"""
from __future__ import annotations

import os
import queue
import threading
from typing import Iterable, Iterator

__all__ = ["background", "batched"]

_DONE = object()


class _Failure:
    def __init__(self, error: BaseException):
        self.error = error


def _lower_priority(nice: int) -> None:
    """Make the calling thread nicer (Linux: priority is per thread); harmless where unsupported."""
    if nice and hasattr(os, "setpriority") and hasattr(threading, "get_native_id"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
        except OSError:
            pass


class background(Iterator):
    """Iterate ``source`` on a daemon thread, at most ``ahead`` items in advance.

    Errors raised by ``source`` are raised to the consumer; ``close()`` stops
    the thread at its next item, so a consumer may stop early."""

    def __init__(self, source: Iterable, ahead: int = 64, name: str = "background", nice: int = 0):
        self._queue: queue.Queue = queue.Queue(maxsize=ahead)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(iter(source), nice), name=name, daemon=True)
        self._thread.start()

    def _run(self, source: Iterator, nice: int) -> None:
        _lower_priority(nice)
        try:
            for item in source:
                if not self._put(item):
                    return
        except BaseException as error:  # handed to the consumer, which raises it
            self._put(_Failure(error))
            return
        self._put(_DONE)

    def _put(self, item) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def __next__(self):
        if self._stop.is_set():
            raise StopIteration
        item = self._queue.get()
        if item is _DONE:
            self._stop.set()
            raise StopIteration
        if isinstance(item, _Failure):
            self._stop.set()
            raise item.error
        return item

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of ``size`` items (the last one shorter), for work done a batch at a time."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
