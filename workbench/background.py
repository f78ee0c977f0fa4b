"""Iteration helpers: a generator run on its own thread, and batches.

Ingest analyses the next articles while the model encodes the previous ones
and the calling thread stores them: the analysis thread keeps a chunk ready
so the model never waits for it.  (Running it at a lower CPU priority was
tried: on an idle machine it gained nothing measurable, and on a busy one it
starved ingest to a third of its speed.)
"""
from __future__ import annotations

import queue
import threading
from typing import Iterable, Iterator

__all__ = ["background", "batched"]

_DONE = object()


class _Failure:
    def __init__(self, error: BaseException):
        self.error = error


class background(Iterator):
    """Iterate ``source`` on a daemon thread, at most ``ahead`` items in advance.

    Errors raised by ``source`` are raised to the consumer; ``close()`` stops
    the thread at its next item, so a consumer may stop early."""

    def __init__(self, source: Iterable, ahead: int = 64, name: str = "background"):
        self._queue: queue.Queue = queue.Queue(maxsize=ahead)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(iter(source),), name=name, daemon=True)
        self._thread.start()

    def _run(self, source: Iterator) -> None:
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
