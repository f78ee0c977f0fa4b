"""What every command shares: ``--db``/``--index-dir``, an open Workbench, JSON output, and the one
place where library errors become one-line messages and exit codes.

Every error the library reports is a ``workbench.errors.WorkbenchError`` that knows its exit
code; ``WorkbenchGroup`` turns it (and an ImportError, which is an environment problem) into
click's "Error: …" line.  Nothing else in ``cli/`` catches library errors.
"""
from __future__ import annotations

import functools
import json

import click

from ..api import Workbench
from ..errors import WorkbenchError, from_import_error

__all__ = ["WorkbenchGroup", "with_workbench", "json_option", "echo_json", "echo_rows", "DB_HELP", "INDEX_HELP"]


class Refusal(click.ClickException):
    """A library error as click prints it: "Error: <message>", with the error's own exit code."""

    def __init__(self, error: WorkbenchError):
        super().__init__(str(error))
        self.exit_code = error.exit_code


class WorkbenchGroup(click.Group):
    """The root group: the one place library errors are mapped for the command line."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except WorkbenchError as error:
            raise Refusal(error) from error
        except ImportError as error:  # a module the installation lacks: exit 3, never "bad input"
            raise Refusal(from_import_error(error, "this command")) from error


DB_HELP = "claims.db path, or a postgresql:// URL [env WORKBENCH_DB; default ./claims.db]"
INDEX_HELP = "Folder of the vector index [env WORKBENCH_INDEX_DIR; default ./indexes]"


def with_workbench(command):
    """Give a command ``--db``/``--index-dir`` (also accepted before it) and an open Workbench."""

    @click.option("--db", "db_path", type=click.Path(dir_okay=False), help=DB_HELP)
    @click.option("--index-dir", type=click.Path(file_okay=False), help=INDEX_HELP)
    @click.pass_context
    @functools.wraps(command)
    def wrapper(ctx, db_path, index_dir, **kwargs):
        parent = ctx.obj or {}
        workbench = Workbench(db_path or parent.get("db_path"), index_dir or parent.get("index_dir"))
        try:
            return command(workbench, **kwargs)
        finally:
            workbench.close()

    return wrapper


def json_option(help_text: str = "Print as JSON"):
    """The ``--json`` flag every listing and report command takes."""
    return click.option("--json", "as_json", is_flag=True, help=help_text)


def echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def echo_rows(rows: list[dict], as_json: bool, line) -> None:
    """A listing: the rows as JSON, or ``line(row)`` for each row."""
    if as_json:
        return echo_json(rows)
    for row in rows:
        click.echo(line(row))
