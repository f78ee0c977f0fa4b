"""Review from the command line: the same functions the web UI calls.

    workbench review CLAIM_ID --status disputed --note "..." [--evidence 12 --evidence https://...] --user NAME
    workbench flag CLAIM_ID --reason needs_second_source [--note ...] --user NAME
    workbench flags [--open] --json
    workbench history CLAIM_ID --json
    workbench users add NAME --role factchecker [--password-stdin]
    workbench users token NAME
    workbench serve [--host 127.0.0.1] [--port 5000]
"""
from __future__ import annotations

import sys

import click

from . import review
from .cli import _echo_json, cli, with_workbench
from .migrations import ROLES, STATUSES


def _actor(workbench, name: str) -> dict:
    user = review.get_user(workbench.db, name)
    if user is None:
        raise click.ClickException(f"user {name} does not exist (add one with `workbench users add`)")
    return user


def _review_errors(call):
    try:
        return call()
    except review.ReviewError as error:
        raise click.ClickException(str(error)) from error


@cli.command("review")
@click.argument("claim_id", type=int)
@click.option("--status", required=True, type=click.Choice(STATUSES), help="New verification status")
@click.option("--note", required=True, help="Why (required)")
@click.option("--evidence", multiple=True, help="A claim id or URL supporting the decision (repeatable)")
@click.option("--expected", type=click.Choice(STATUSES), help="Refuse if the status is no longer this")
@click.option("--user", "user_name", required=True, help="Who is reviewing")
@with_workbench
def review_claim(workbench, claim_id, status, note, evidence, expected, user_name):
    """Set a claim's status with a note and evidence (fact-checkers and above)."""
    entry = _review_errors(lambda: review.set_status(workbench.db, claim_id, status, note, _actor(workbench, user_name),
                                                     list(evidence), expected))
    click.echo(f"claim {claim_id}: {entry['from_status']} → {entry['to_status']} by {entry['user']}")


@cli.command("flag")
@click.argument("claim_id", type=int)
@click.option("--reason", required=True, type=click.Choice(review.FLAG_REASONS), help="Why it is flagged")
@click.option("--note", help="A note for the desk")
@click.option("--user", "user_name", required=True, help="Who is flagging (an editor)")
@with_workbench
def flag_claim(workbench, claim_id, reason, note, user_name):
    """Flag a claim for the desk (editors and above)."""
    flag = _review_errors(lambda: review.add_flag(workbench.db, claim_id, reason, _actor(workbench, user_name), note))
    click.echo(f"flag {flag['id']} on claim {claim_id}: {flag['reason']}")


@cli.command("resolve-flag")
@click.argument("flag_id", type=int)
@click.option("--user", "user_name", required=True, help="Who resolves it (an editor)")
@with_workbench
def resolve_flag(workbench, flag_id, user_name):
    """Mark a flag resolved."""
    flag = _review_errors(lambda: review.resolve_flag(workbench.db, flag_id, _actor(workbench, user_name)))
    click.echo(f"flag {flag['id']} resolved by {flag['resolved_by']}")


@cli.command("flags")
@click.option("--open", "open_only", is_flag=True, help="Only unresolved flags")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON")
@with_workbench
def list_flags(workbench, open_only, as_json):
    """List flags."""
    rows = review.list_flags(workbench.db, open_only)
    if as_json:
        return _echo_json(rows)
    for row in rows:
        state = f"resolved by {row['resolved_by']}" if row["resolved_at"] else "open"
        click.echo(f"{row['id']:>4}  claim {row['claim_id']:<6} {row['reason']:<20} {row['user']:<12} {state}  "
                   f"{row['note'] or ''}")


@cli.command("history")
@click.argument("claim_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON")
@with_workbench
def claim_history(workbench, claim_id, as_json):
    """Every status change of a claim: who, when, from → to, note, evidence."""
    rows = review.history(workbench.db, claim_id)
    if as_json:
        return _echo_json(rows)
    for row in rows:
        evidence = f"  evidence: {', '.join(row['evidence'])}" if row["evidence"] else ""
        click.echo(f"{row['at']}  {row['user']}: {row['from_status']} → {row['to_status']}  {row['note']}{evidence}")


@cli.group()
def users():
    """Accounts: add users, issue API tokens."""


@users.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--password-stdin", is_flag=True, help="Read the password from one line of standard input")
@with_workbench
def add_user(workbench, name, role, password_stdin):
    """Add a user (password from a prompt, or --password-stdin)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    user = _review_errors(lambda: review.add_user(workbench.db, name, role, password))
    click.echo(f"user {user['name']} added as {user['role']}")


@users.command("token")
@click.argument("name")
@with_workbench
def user_token(workbench, name):
    """Issue a new API token for NAME (printed once; replaces the old one)."""
    click.echo(review.create_token(workbench.db, name))


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON")
@with_workbench
def list_users(workbench, as_json):
    """List users and roles."""
    rows = review.list_users(workbench.db)
    if as_json:
        return _echo_json(rows)
    for row in rows:
        click.echo(f"{row['name']:<20} {row['role']}")


def refuse_busy_port(host: str, port: int) -> None:
    """Fail in one line before loading anything when the port is taken."""
    from .errors import PortInUse
    from .web import ensure_port_free

    try:
        ensure_port_free(host, port)
    except PortInUse as busy:
        raise click.ClickException(str(busy)) from None


def run_server(workbench, host: str, port: int, threads: int) -> None:
    """Bind first, then announce: a port in use is one line and a non-zero exit, never a traceback."""
    from .errors import PortInUse
    from .web import bind, create_app

    app = create_app({"DATABASE": str(workbench.db_path), "INDEX_DIR": str(workbench.index_dir)})
    try:
        server = bind(app, host=host, port=port, threads=threads)
    except PortInUse as busy:
        raise click.ClickException(str(busy)) from None
    click.echo(f"serving {workbench.db_path} on http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    server.run()


@cli.command()
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
