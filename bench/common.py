"""Helpers shared by the benchmarks (not a benchmark itself).

Every figure a benchmark prints is shown next to its ratio against a baseline
measured in the same run; these helpers keep timing, ratios, tables and the
JSON output uniform.  ``CountingEmbedder`` wraps the real model so a
benchmark can say how many texts were actually encoded, and how much of a
pipeline's time was spent inside the model.  ``start_postgres`` and
``postgres_copy`` put a bench's SQLite claims.db into a throw-away PostgreSQL
server, so one run can measure both backends on the same rows (``--backends``).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / "cache"
OUT = ROOT / "bench" / "out"
if str(ROOT) not in sys.path:  # a fallback only: PYTHONPATH (e.g. a snapshot of workbench/) comes first
    sys.path.append(str(ROOT))
BACKENDS = ("sqlite", "postgresql")
SERVERS = {"sqlite": 1, "postgresql": 2}  # waitress processes per backend when backends are compared (issue 18)


def now() -> float:
    return time.perf_counter()


def timed(fn: Callable, *args, **kwargs) -> tuple[float, object]:
    """(seconds, result) of one call."""
    started = now()
    result = fn(*args, **kwargs)
    return now() - started, result


def per_call(fn: Callable, items: Iterable) -> np.ndarray:
    """Seconds taken by ``fn(item)`` for each item, one call at a time."""
    seconds = []
    for item in items:
        started = now()
        fn(item)
        seconds.append(now() - started)
    return np.array(seconds)


def latency(seconds) -> dict:
    """p50 / p99 / mean in milliseconds, and how many samples."""
    ms = np.asarray(seconds, dtype=float) * 1e3
    return {"p50_ms": float(np.percentile(ms, 50)), "p99_ms": float(np.percentile(ms, 99)),
            "mean_ms": float(ms.mean()), "n": int(ms.size)}


def ratio(value: float | None, baseline: float | None) -> float | None:
    if value is None or not baseline:
        return None
    return float(value) / float(baseline)


def fx(value: float | None, digits: int = 2) -> str:
    """A ratio as '3.21x' ('-' when absent)."""
    return "-" if value is None else f"{value:.{digits}f}x"


def fnum(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def rss_bytes() -> int:
    """Resident set size of this process now (Linux)."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def print_table(title: str, headers: list[str], rows: list[list]) -> None:
    """A plain fixed-width table; numbers are expected pre-formatted as strings."""
    cells = [[str(cell) for cell in row] for row in rows]
    widths = [max(len(h), *(len(row[i]) for row in cells)) if cells else len(h) for i, h in enumerate(headers)]
    print(f"\n{title}")
    print("  ".join(h.rjust(w) if i else h.ljust(w) for i, (h, w) in enumerate(zip(headers, widths))))
    for row in cells:
        print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))))


def write_json(path: Path, data: dict) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, default=float) + "\n", encoding="utf-8")


def log(message: str) -> None:
    """Progress on stderr, so stdout holds only the figures."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def library_state() -> dict:
    """Which workbench code is being measured: its path, the git commit, uncommitted library files."""
    import subprocess

    import workbench

    def git(*args):
        try:
            return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True,
                                  timeout=10).stdout.rstrip("\n")
        except (OSError, subprocess.SubprocessError):
            return ""

    folder = Path(workbench.__file__).parent
    pinned = folder.parent / "COMMIT"  # a snapshot made with `git archive` (see the benchmarks' docstrings)
    if pinned.exists():
        return {"workbench": str(folder), "commit": pinned.read_text().strip(), "snapshot": True}
    dirty = [line[3:] for line in git("status", "--porcelain", "workbench").splitlines()]
    return {"workbench": str(folder), "commit": git("rev-parse", "--short", "HEAD").strip(),
            "uncommitted_library_files": dirty}


def load_model(encoder: str | None = None):
    """The real sentence model (multilingual USE unless WORKBENCH_MODEL says otherwise), warmed up;
    ``encoder`` is torch or onnx (default: WORKBENCH_ENCODER or torch)."""
    from workbench.encode.embed import get_embedder

    embedder = get_embedder(encoder=encoder)
    embedder.encode(["A warm-up sentence so the first timed call is not the first call."] * 64)
    return embedder


class CountingEmbedder:
    """The same interface as ``workbench.embed.Embedder``; counts texts and seconds spent encoding."""

    def __init__(self, inner):
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.reset()

    def reset(self) -> None:
        self.calls, self.texts, self.seconds = 0, 0, 0.0

    def encode(self, texts, *args, **kwargs) -> np.ndarray:
        started = now()
        vectors = self.inner.encode(texts, *args, **kwargs)
        self.seconds += now() - started
        self.calls += 1
        self.texts += len(texts)
        return vectors


# -- the PostgreSQL backend ------------------------------------------------------------------
def backends(text: str) -> list[str]:
    """``--backends sqlite,postgresql`` as a list, in the order given (an argparse ``type``)."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = sorted(set(names) - set(BACKENDS))
    if not names or unknown or len(set(names)) != len(names):
        raise argparse.ArgumentTypeError(f"{text!r}: a comma-separated list of {', '.join(BACKENDS)}, each once")
    return names


def start_postgres():
    """The test suite's throw-away PostgreSQL server (tests/postgres.py: a Unix socket in a temporary
    folder, nothing on TCP; fsync off, as a bench on a shared machine can afford); ``stop_postgres`` ends it."""
    if str(ROOT / "tests") not in sys.path:
        sys.path.append(str(ROOT / "tests"))
    from postgres import start_cluster

    return start_cluster()


def postgres_copy(cluster, claims_db: Path) -> str:
    """The URL of a new database of ``cluster`` holding every row of ``claims_db``, ids kept (checked by
    counts and checksums, planner statistics made), so the FAISS index built for ``claims_db`` fits it too."""
    from workbench.api import migrate_db

    url = cluster.create_database()
    log(f"copying {claims_db} into PostgreSQL")
    migrate_db(claims_db, url)
    return url


def stop_postgres(cluster) -> None:
    """This process's pooled connections closed, then the server stopped and its folder removed."""
    from workbench.storage.postgres import close_pools

    close_pools()
    cluster.stop()
