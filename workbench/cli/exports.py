"""Exports and published fact-checks from the command line: thin over ``Workbench``.

    workbench export --format claimreview|csv|jsonl [--status S ...] [--since DATE] [--output FILE]
    workbench import-factchecks FILE [FILE ...]
    workbench publisher [--name NAME] [--url URL]
"""
from __future__ import annotations

import sys

import click

from ..model import EXPORT_FORMATS, STATUSES
from .base import echo_json, json_option, with_workbench


@click.command("export")
@click.option("--format", "fmt", required=True, type=click.Choice(EXPORT_FORMATS),
              help="claimreview: schema.org JSON-LD of reviewed claims; csv / jsonl: one row per claim")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES),
              help="Only claims with this status (repeatable)")
@click.option("--since", help="Only claims from articles published on or after this date (YYYY-MM-DD)")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="File to write (atomically); default stdout")
@with_workbench
def export(workbench, fmt, statuses, since, output):
    """Export claims as ClaimReview JSON-LD, CSV or JSON Lines."""
    if not output:
        sys.stdout.flush()
    target = output or sys.stdout.buffer
    try:
        result = workbench.export(fmt, target, list(statuses) or None, since)
    except OSError as error:
        raise click.ClickException(f"{output}: cannot write ({error.strerror or error})") from error
    what = ("reviewed claim" if fmt == "claimreview" else "claim") + ("" if result["count"] == 1 else "s")
    click.echo(f"{result['count']} {what} exported as {fmt}" + (f" to {output}" if output else ""), err=True)


@click.command("import-factchecks")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@json_option("Print the reports as JSON")
@with_workbench
def import_factchecks(workbench, files, as_json):
    """Import published fact-checks (ClaimReview JSON-LD or fact-check search JSON)."""
    workbench.init()
    reports, failed = [], False
    for path in files:
        try:
            report = workbench.import_factchecks(path)
        except ValueError as error:  # the whole file is unusable; the other files still go in
            click.echo(f"error: {error}", err=True)
            failed = True
            continue
        reports.append(report)
        for problem in report["problems"]:
            click.echo(f"skipped {problem}", err=True)
        failed = failed or bool(report["skipped"])
        if not as_json:
            click.echo(f"{path}: {report['added']} added, {report['updated']} updated, {report['unchanged']} "
                       f"already stored, {report['skipped']} skipped")
    if as_json:
        echo_json(reports)
    if failed:
        sys.exit(1)


@click.command("publisher")
@click.option("--name", help="The organisation that publishes the reviews (ClaimReview author)")
@click.option("--url", help="Its public base URL: review links are <URL>/claims/<id>")
@with_workbench
def publisher(workbench, name, url):
    """Show or set who publishes the fact-checks (used by the ClaimReview export)."""
    workbench.init()
    found = workbench.set_publisher(name, url) if name or url else workbench.publisher()
    click.echo(f"organisation: {found['name'] or '(not set)'}\npublic URL:   {found['url'] or '(not set)'}")
