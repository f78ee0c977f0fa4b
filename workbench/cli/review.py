"""Review from the command line: the same functions the web UI calls.

    workbench review CLAIM_ID --status disputed --note "..." [--evidence 12 --evidence https://...] --user NAME
    workbench flag CLAIM_ID --reason needs_second_source [--note ...] --user NAME
    workbench flags [--open] --json
    workbench history CLAIM_ID --json
    workbench users add NAME --role factchecker [--password-stdin]
    workbench users token NAME | revoke-token NAME
    workbench users password NAME [--password-stdin]
    workbench users disable NAME | enable NAME | remove NAME [--yes]
    workbench users list [--json]
"""
from __future__ import annotations

import sys

import click

from ..errors import Forbidden, NotFound
from ..model import FLAG_REASONS, ROLES, STATUSES
from .base import echo_rows, json_option, with_workbench


def _actor(workbench, name: str) -> dict:
    user = workbench.user(name)
    if user is None:
        raise NotFound(f"user {name} does not exist (add one with `workbench users add`)")
    if user["disabled"]:
        raise Forbidden(f"the account {user['name']} is disabled (`workbench users enable {user['name']}`)")
    return user


@click.command("review")
@click.argument("claim_id", type=int)
@click.option("--status", required=True, type=click.Choice(STATUSES), help="New verification status")
@click.option("--note", required=True, help="Why (required)")
@click.option("--evidence", multiple=True, help="A claim id or URL supporting the decision (repeatable)")
@click.option("--expected", type=click.Choice(STATUSES), help="Refuse if the status is no longer this")
@click.option("--user", "user_name", required=True, help="Who is reviewing")
@with_workbench
def review_claim(workbench, claim_id, status, note, evidence, expected, user_name):
    """Set a claim's status with a note and evidence (fact-checkers and above)."""
    entry = workbench.set_status(claim_id, status, note, _actor(workbench, user_name), list(evidence),
                              expected)
    click.echo(f"claim {claim_id}: {entry['from_status']} → {entry['to_status']} by {entry['user']}")


@click.command("flag")
@click.argument("claim_id", type=int)
@click.option("--reason", required=True, type=click.Choice(FLAG_REASONS), help="Why it is flagged")
@click.option("--note", help="A note for the desk")
@click.option("--user", "user_name", required=True, help="Who is flagging (an editor)")
@with_workbench
def flag_claim(workbench, claim_id, reason, note, user_name):
    """Flag a claim for the desk (editors and above)."""
    flag = workbench.add_flag(claim_id, reason, _actor(workbench, user_name), note)
    click.echo(f"flag {flag['id']} on claim {claim_id}: {flag['reason']}")


@click.command("resolve-flag")
@click.argument("flag_id", type=int)
@click.option("--user", "user_name", required=True, help="Who resolves it (an editor)")
@with_workbench
def resolve_flag(workbench, flag_id, user_name):
    """Mark a flag resolved."""
    flag = workbench.resolve_flag(flag_id, _actor(workbench, user_name))
    click.echo(f"flag {flag['id']} resolved by {flag['resolved_by']}")


@click.command("flags")
@click.option("--open", "open_only", is_flag=True, help="Only unresolved flags")
@json_option()
@with_workbench
def list_flags(workbench, open_only, as_json):
    """List flags."""
    echo_rows(workbench.flags(open_only), as_json, _flag_line)


def _flag_line(row: dict) -> str:
    state = f"resolved by {row['resolved_by']}" if row["resolved_at"] else "open"
    return f"{row['id']:>4}  claim {row['claim_id']:<6} {row['reason']:<20} {row['user']:<12} {state}  {row['note'] or ''}"


@click.command("history")
@click.argument("claim_id", type=int)
@json_option()
@with_workbench
def claim_history(workbench, claim_id, as_json):
    """Every status change of a claim: who, when, from → to, note, evidence."""
    echo_rows(workbench.history(claim_id), as_json, _history_line)


def _history_line(row: dict) -> str:
    evidence = f"  evidence: {', '.join(row['evidence'])}" if row["evidence"] else ""
    return f"{row['at']}  {row['user']}: {row['from_status']} → {row['to_status']}  {row['note']}{evidence}"


@click.group()
def users():
    """Accounts: add, disable, enable, remove users; set passwords; issue and revoke API tokens."""


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--password-stdin", is_flag=True, help="Read the password from one line of standard input")
@with_workbench
def add_user(workbench, name, role, password_stdin):
    """Add a user (password from a prompt, or --password-stdin)."""
    user = workbench.add_user(name, role, _read_password(password_stdin))
    click.echo(f"user {user['name']} added as {user['role']}")


@users.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from one line of standard input")
@with_workbench
def user_password(workbench, name, password_stdin):
    """Set a new password for NAME; every session and the API token of NAME end."""
    user = workbench.set_password(name, _read_password(password_stdin))
    click.echo(f"user {user['name']}: new password set; sessions and token ended")


@users.command("token")
@click.argument("name")
@with_workbench
def user_token(workbench, name):
    """Issue a new API token for NAME (printed once; replaces the old one)."""
    click.echo(workbench.create_token(name))


@users.command("revoke-token")
@click.argument("name")
@with_workbench
def revoke_token(workbench, name):
    """Revoke the API token of NAME (its browser sessions go on)."""
    user = workbench.revoke_token(name)
    click.echo(f"user {user['name']}: API token revoked")


@users.command("disable")
@click.argument("name")
@with_workbench
def disable_user(workbench, name):
    """Stop NAME signing in or using a token, at once (sessions end; `enable` undoes it)."""
    user = workbench.disable_user(name)
    click.echo(f"user {user['name']} disabled: signed out everywhere, token revoked")


@users.command("enable")
@click.argument("name")
@with_workbench
def enable_user(workbench, name):
    """Let a disabled NAME sign in again (a new token must be issued)."""
    user = workbench.enable_user(name)
    click.echo(f"user {user['name']} enabled")


@users.command("remove")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation")
@with_workbench
def remove_user(workbench, name, yes):
    """Remove NAME for good: no sign-in, sessions and token end; history keeps the name, which stays reserved."""
    if not yes:
        click.confirm(f"Remove user {name}? They cannot sign in again", abort=True)
    user = workbench.remove_user(name)
    click.echo(f"user {user['name']} removed: signed out everywhere, token revoked; history still names them")


@users.command("list")
@json_option()
@with_workbench
def list_users(workbench, as_json):
    """List users, roles and whether each is disabled or holds a token."""
    echo_rows(workbench.users(), as_json, _user_line)


def _user_line(row: dict) -> str:
    state = ["disabled"] if row["disabled"] else []
    state += ["token"] if row["has_token"] else []
    return f"{row['name']:<20} {row['role']:<12} {' '.join(state)}".rstrip()
