"""Review from the command line: the same functions the web UI calls.

    workbench review CLAIM_ID --status disputed --note "..." [--evidence 12 --evidence https://...] --user NAME
    workbench flag CLAIM_ID --reason needs_second_source [--note ...] --user NAME
    workbench flags [--open] --json
    workbench history CLAIM_ID --json
    workbench users add NAME --role factchecker [--password-stdin]
    workbench users token NAME
"""
from __future__ import annotations

import sys

import click

from ..errors import NotFound
from ..model import FLAG_REASONS, ROLES, STATUSES
from .base import echo_rows, json_option, with_workbench


def _actor(workbench, name: str) -> dict:
    user = workbench.user(name)
    if user is None:
        raise NotFound(f"user {name} does not exist (add one with `workbench users add`)")
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
    user = workbench.add_user(name, role, password)
    click.echo(f"user {user['name']} added as {user['role']}")


@users.command("token")
@click.argument("name")
@with_workbench
def user_token(workbench, name):
    """Issue a new API token for NAME (printed once; replaces the old one)."""
    click.echo(workbench.create_token(name))


@users.command("list")
@json_option()
@with_workbench
def list_users(workbench, as_json):
    """List users and roles."""
    echo_rows(workbench.users(), as_json, lambda row: f"{row['name']:<20} {row['role']}")
