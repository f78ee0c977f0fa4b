"""The ``workbench`` command: a thin click layer over ``workbench.Workbench``.

The root group is built here and every command is added to it explicitly, so
no module registers commands as a side effect of being imported.  Errors are
mapped to one-line messages and exit codes in one place (``base.WorkbenchGroup``).
"""
from __future__ import annotations

import click

from . import claims, exports, ops, review, serve
from .base import DB_HELP, INDEX_HELP, WorkbenchGroup

__all__ = ["cli"]


@click.group(cls=WorkbenchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_path", type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("--index-dir", type=click.Path(file_okay=False), help=INDEX_HELP)
@click.version_option(package_name="workbench")
@click.pass_context
def cli(ctx, db_path, index_dir):
    """Claim-verification workbench: ingest reports, review claims, find conflicts."""
    ctx.obj = {"db_path": db_path, "index_dir": index_dir}


COMMANDS = [
    claims.init, claims.ingest, claims.articles, claims.claims, claims.search, claims.similar, claims.batch_search,
    claims.index, claims.compare, claims.events, claims.board, claims.demo,
    review.review_claim, review.flag_claim, review.resolve_flag, review.list_flags, review.claim_history, review.users,
    serve.serve, ops.backup_command, ops.restore_command, ops.migrate_db_command,
    exports.export, exports.import_factchecks, exports.publisher,
]
for command in COMMANDS:
    cli.add_command(command)
