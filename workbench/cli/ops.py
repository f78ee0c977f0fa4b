"""Operating the workbench from the command line: backups and restores.

    workbench backup DEST            # safe while the web server and an ingest run
    workbench restore SRC [--force]  # stop the server first; refuses a damaged backup

Thin click commands over ``workbench.backup``.
"""
from __future__ import annotations

import click

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
    click.echo(f"backed up {_summary(manifest)} from {workbench.db_path} to {dest}")
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
    click.echo(f"restored {_summary(manifest)} (backup of {manifest['created_at']}) into {workbench.db_path}")
