"""Serving the web UI from the command line, and the busy-port check ``demo`` shares.

    workbench serve [--host 127.0.0.1] [--port 5000] [--threads 8]
"""
from __future__ import annotations

import click

from .base import with_workbench


def refuse_busy_port(host: str, port: int) -> None:
    """Fail in one line before loading anything when the port is taken."""
    from ..web import ensure_port_free

    ensure_port_free(host, port)  # PortInUse is a WorkbenchError: base.WorkbenchGroup prints its one line


def run_server(workbench, host: str, port: int, threads: int) -> None:
    """Bind first, then announce: a port in use is one line and a non-zero exit, never a traceback."""
    from ..web import bind, create_app

    app = create_app({"DATABASE": str(workbench.db_path), "INDEX_DIR": str(workbench.index_dir)})
    server = bind(app, host=host, port=port, threads=threads)
    click.echo(f"serving {workbench.db_label} on http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    server.run()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (127.0.0.1: this machine only)")
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@with_workbench
def serve(workbench, host, port, threads):
    """Serve the web UI with a production WSGI server (waitress)."""
    refuse_busy_port(host, port)
    workbench.init()
    workbench.index  # load (and repair) the index before the first request
    run_server(workbench, host, port, threads)
