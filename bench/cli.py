"""Cold start of each CLI command on the demo database, as a ratio to ``workbench --help`` in the same run.

A newsroom script calls the CLI once per claim, so what it pays is a fresh
interpreter each time.  Commands that only read what is stored (``similar`` of a
stored claim, ``compare``, ``board``, ``claims``…) must not import torch or load
the sentence model; ``search TEXT`` must encode its query and is shown next to
them for honesty, once with torch and once with the ONNX encoder (its int8 model exported
before the timed runs).  Each command runs as a fresh ``.venv/bin/workbench``
process, ``--repeat`` times, round-robin across commands so machine load
falls on all alike; the table gives the median and the fastest run, the median
as a ratio to the median of ``--help``, and whether the command imported torch
(a separate probe run that reports ``sys.modules``).

    .venv/bin/python bench/cli.py             # 5 rounds
    .venv/bin/python bench/cli.py --quick     # 2 rounds
    .venv/bin/python bench/cli.py --keep      # keep the temporary demo folder
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import OUT, ROOT, fx, library_state, log, print_table, ratio, write_json

WORKBENCH = ROOT / ".venv" / "bin" / "workbench"
TARGET = 2.0  # similar ID at most this many times --help
PROBE = """
import json, sys
sys.argv = ["workbench", *sys.argv[1:]]
from workbench.__main__ import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nPROBE " + json.dumps({"torch": "torch" in sys.modules}))
"""


ONNX = "search TEXT, WORKBENCH_ENCODER=onnx"


def _environment(folder: Path, name: str = "") -> dict:
    """The ONNX row runs with the ONNX encoder, its int8 model exported into the run's folder by _setup."""
    onnx = {"WORKBENCH_ENCODER": "onnx", "WORKBENCH_MODEL_CACHE": str(folder / "onnx")} if name == ONNX else {}
    return {**os.environ, **onnx}


def _run(folder: Path, args: list[str], name: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([str(WORKBENCH), "--db", str(folder / "claims.db"), "--index-dir", str(folder / "indexes"),
                           *args], capture_output=True, text=True, timeout=600, cwd=folder,
                          env=_environment(folder, name))


def _setup(folder: Path) -> dict:
    """The demo corpus and a desk editor; the ids the commands run on."""
    log("loading the demo corpus (real model)")
    done = _run(folder, ["demo", "--no-serve"])
    assert done.returncode == 0, done.stderr
    users = subprocess.run([str(WORKBENCH), "--db", str(folder / "claims.db"), "--index-dir", str(folder / "indexes"),
                            "users", "add", "desk", "--role", "editor", "--password-stdin"],
                           input="a long enough passphrase\n", capture_output=True, text=True, timeout=120)
    assert users.returncode == 0, users.stderr
    log("exporting the int8 ONNX model once, outside the timed runs")
    exported = _run(folder, ["search", "warm-up", "-k", "1"], ONNX)
    assert exported.returncode == 0, exported.stderr
    claims = json.loads(_run(folder, ["claims", "--json"]).stdout)
    events = json.loads(_run(folder, ["events", "--json"]).stdout)
    return {"claims": [claim["id"] for claim in claims], "event": events[0]["id"]}


def _commands(folder: Path, ids: dict) -> dict[str, list[str]]:
    first, second = ids["claims"][0], ids["claims"][1]
    return {
        "--help": ["--help"],
        "similar ID": ["similar", str(first)],
        "similar ID -k 3": ["similar", str(first), "-k", "3"],
        "compare A B": ["compare", str(first), str(second)],
        "board EVENT": ["board", str(ids["event"])],
        "claims --limit 20": ["claims", "--limit", "20"],
        "articles": ["articles"],
        "events": ["events"],
        "export --format csv": ["export", "--format", "csv", "-o", str(folder / "claims.csv")],
        "review": None,  # a new status each round: filled in per round
        "flag": ["flag", str(second), "--reason", "needs_second_source", "--user", "desk"],
        "history ID": ["history", str(first)],
        "index check": ["index", "check"],
        "search TEXT (encodes the query)": ["search", "who controls the airport"],
        ONNX: ["search", "who controls the airport"],
    }


def _review(first: int, round_number: int) -> list[str]:
    status = ("in_review", "unverified")[round_number % 2]  # each round changes the status
    return ["review", str(first), "--status", status, "--note", f"round {round_number}", "--user", "desk"]


def _imports_torch(folder: Path, args: list[str], name: str) -> bool:
    python = ROOT / ".venv" / "bin" / "python"
    done = subprocess.run([str(python), "-c", PROBE, "--db", str(folder / "claims.db"), "--index-dir",
                           str(folder / "indexes"), *args], capture_output=True, text=True, timeout=600, cwd=folder,
                          env=_environment(folder, name))
    return json.loads(done.stderr.rsplit("PROBE ", 1)[1])["torch"]


def measure(folder: Path, repeat: int) -> dict:
    ids = _setup(folder)
    commands = _commands(folder, ids)
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    failed: dict[str, str] = {}
    for round_number in range(repeat):
        log(f"round {round_number + 1} of {repeat}")
        for name, args in commands.items():
            args = args or _review(ids["claims"][0], round_number)
            started = time.perf_counter()
            done = _run(folder, args, name)
            elapsed = time.perf_counter() - started
            if done.returncode:
                failed[name] = (done.stderr.strip().splitlines() or ["?"])[-1]
            else:
                seconds[name].append(elapsed)
    log("probing which commands import torch")
    torch = {name: _imports_torch(folder, args or _review(ids["claims"][0], repeat), name) for name, args in commands.items()}
    baseline = statistics.median(seconds["--help"])
    rows = {}
    for name, runs in seconds.items():
        median = statistics.median(runs) if runs else None
        rows[name] = {"median_s": median, "min_s": min(runs) if runs else None, "runs": len(runs),
                      "ratio_to_help": ratio(median, baseline), "imports_torch": torch[name],
                      "failed": failed.get(name)}
    return {"repeat": repeat, "help_median_s": baseline, "commands": rows, "library": library_state()}


def report(result: dict) -> None:
    rows = [[name, f"{row['median_s']:.3f}" if row["median_s"] else "-",
             f"{row['min_s']:.3f}" if row["min_s"] else "-", fx(row["ratio_to_help"], 1),
             "yes" if row["imports_torch"] else "no", row["failed"] or ""]
            for name, row in result["commands"].items()]
    print_table(f"Cold wall time per command on the demo database ({result['repeat']} runs each), "
                f"ratio to `workbench --help` in the same run",
                ["command", "median s", "min s", "x --help", "imports torch", "failed"], rows)
    similar = result["commands"]["similar ID"]["ratio_to_help"]
    verdict = "met" if similar is not None and similar <= TARGET else "MISSED"
    print(f"\nsimilar ID: {fx(similar, 1)} --help (target <= {TARGET:.0f}x): {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command")
    parser.add_argument("--quick", action="store_true", help="2 runs of each command")
    parser.add_argument("--keep", action="store_true", help="keep the temporary demo folder")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    try:
        result = measure(folder, 2 if options.quick else options.repeat)
    finally:
        if options.keep:
            log(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    report(result)
    write_json(OUT / "cli.json", result)


if __name__ == "__main__":
    sys.exit(main())
