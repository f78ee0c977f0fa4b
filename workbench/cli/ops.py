"""Operating the workbench from the command line: backups, restores, moving to PostgreSQL.

    workbench backup DEST            # safe while the web server and an ingest run
    workbench restore SRC [--force]  # stop the server first; refuses a damaged backup
    workbench migrate-db SRC DEST    # claims.db into PostgreSQL (or back), verified, resumable

Thin click commands over ``workbench.backup`` and ``workbench.api.migrate_db``.
"""
from __future__ import annotations

import click

from ..api import migrate_db
from .base import with_workbench


def _summary(manifest: dict) -> str:
    tables = manifest["tables"]
    index = manifest["index"]
    vectors = f"the index ({index['count']} vectors)" if index.get("copied") else "no index (rebuilt on open)"
    return f"{tables.get('articles', 0)} articles, {tables.get('claims', 0)} claims and {vectors}"


@click.command("backup")
@click.argument("dest", type=click.Path(file_okay=False))
@with_workbench
def backup_command(workbench, dest):
    """Back up claims.db and the index into the new folder DEST (safe while the server runs)."""
    manifest = workbench.backup(dest)
    click.echo(f"backed up {_summary(manifest)} from {workbench.db_label} to {dest}")
    if manifest["index"].get("copied") and not manifest["index"]["matches_database"]:
        click.echo("note: the index changed during the backup; the first open after a restore brings it up "
                   "to date", err=True)


@click.command("restore")
@click.argument("src", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Replace the existing database (it must not be in use)")
@with_workbench
def restore_command(workbench, src, force):
    """Check the backup in SRC, then put it in place of claims.db and the index."""
    manifest = workbench.restore(src, force=force)
    click.echo(f"restored {_summary(manifest)} (backup of {manifest['created_at']}) into {workbench.db_label}")


@click.command("migrate-db")
@click.argument("src")
@click.argument("dest")
def migrate_db_command(src, dest):
    """Copy every table of the claims database SRC into DEST (a claims.db path or a postgresql:// URL),
    then check row counts and checksums table by table.  Interrupted, it resumes where it stopped."""
    report = migrate_db(src, dest, progress=lambda table, copied: click.echo(f"{table}: {copied} rows copied",
                                                                             err=True))
    rows = sum(entry["rows"] for entry in report.values())
    click.echo(f"copied and verified {len(report)} tables, {rows} rows "
               f"({report['articles']['rows']} articles, {report['claims']['rows']} claims)")
