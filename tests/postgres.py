"""A throw-away PostgreSQL server for the tests: Debian's binaries, a cluster in a temporary folder,
listening only on a Unix socket there, stopped when the session ends.  No mock database.

``initdb`` refuses to run as root, so as root the cluster belongs to the ``postgres`` account
(``runuser``); as anyone else it is simply theirs.  Without the binaries the PostgreSQL half of
the suite is skipped and says how to install them (``.ci/run`` installs them).
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Cluster", "find_binaries", "start_cluster"]

PORT = 54329  # only names the socket file: nothing listens on TCP


def find_binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@dataclass
class Cluster:
    bin: Path
    folder: Path
    owner: str | None  # the account the server runs as when we are root

    def url(self, database: str = "postgres") -> str:
        return f"postgresql:///{database}?host={self.folder}&port={PORT}&user=postgres"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.owner:
            command = ["runuser", "-u", self.owner, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def create_database(self, template: str | None = None) -> str:
        """A fresh, empty database (a copy of ``template`` when given); its URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.split("///", 1)[1].split("?", 1)[0]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster() -> Cluster:
    """initdb + pg_ctl start in a new temporary folder; raises RuntimeError saying what is missing."""
    binaries = find_binaries()
    if binaries is None:
        raise RuntimeError("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb missing): "
                           "apt-get install postgresql")
    owner = "postgres" if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="workbench-pg-"))
    if owner:
        shutil.chown(folder, owner)
    cluster = Cluster(binaries, folder, owner)
    try:
        cluster.run("initdb", "-D", str(folder / "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                    "--locale=C.UTF-8", "--no-sync")
        options = (f"-c listen_addresses='' -c unix_socket_directories='{folder}' -p {PORT} -c fsync=off "
                   f"-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        cluster.run("pg_ctl", "-D", str(folder / "data"), "-o", options, "-l", str(folder / "server.log"),
                    "-w", "-t", "60", "start")
    except subprocess.CalledProcessError as error:
        log = (folder / "server.log").read_text(errors="replace")[-2000:] if (folder / "server.log").exists() else ""
        cluster.stop()
        raise RuntimeError(f"PostgreSQL did not start: {error.stderr or error.stdout}{log}") from error
    return cluster
