"""The desk's half of the facade: accounts, review, flags, people's verdicts, the queue, events,
settings, exports and backups.

``Workbench`` inherits these methods, so the CLI, the web UI and scripts reach
review and accounts the same way they reach search — through one object —
and never open ``review`` or ``store`` themselves.  Each method is a thin
call into the library module that owns the rule (role checks, history,
stale-status refusal live in ``workbench.review``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from .exchange import exports
from .exchange.backup import BackupError, backup as write_backup, restore
from .relate.per_event import board, refresh_event
from .review import actions as review
from .review.overview import Overview
from .storage import store
from .story.events import list_events, merge_events, rename_event, split_event
from .text.valid import valid

__all__ = ["Desk"]


class Desk:
    """Methods over ``self.db`` (a ``Workbench``'s connection)."""

    db = None  # supplied by Workbench

    # -- accounts ----------------------------------------------------------------
    def add_user(self, name: str, role: str, password: str) -> dict:
        return review.add_user(self.db, name, role, password)

    def user(self, name_or_id: str | int) -> dict | None:
        return review.get_user(self.db, name_or_id)

    def users(self) -> list[dict]:
        return review.list_users(self.db)

    def authenticate(self, name: str, password: str) -> dict | None:
        """The user, or None — the same work for unknown names; AccountDisabled for a disabled one."""
        return review.authenticate(self.db, name, password)

    def set_role(self, name: str, role: str, actor: dict) -> dict:
        return review.set_role(self.db, name, role, actor)

    def set_password(self, name: str, password: str, actor: dict | None = None) -> dict:
        return review.set_password(self.db, name, password, actor)

    def disable_user(self, name: str, actor: dict | None = None) -> dict:
        return review.disable_user(self.db, name, actor)

    def enable_user(self, name: str, actor: dict | None = None) -> dict:
        return review.enable_user(self.db, name, actor)

    def remove_user(self, name: str, actor: dict | None = None) -> dict:
        return review.remove_user(self.db, name, actor)

    def create_token(self, name: str) -> str:
        return review.create_token(self.db, name)

    def revoke_token(self, name: str, actor: dict | None = None) -> dict:
        return review.revoke_token(self.db, name, actor)

    def user_for_token(self, token: str) -> dict | None:
        return review.user_for_token(self.db, token)

    def user_name_key(self, name: str) -> str:
        """A user name as it is stored and compared (NFKC, case-folded)."""
        return review.normalise_name(name)

    def session_id(self, user_id: int) -> str:
        """What a browser session carries for this user; valid until ``end_sessions``."""
        return review.session_id(self.db, user_id)

    def user_for_session(self, value: str) -> dict | None:
        return review.user_for_session(self.db, value)

    def end_sessions(self, user_id: int) -> None:
        """Sign the user out everywhere: every session and the API token stop working."""
        review.end_sessions(self.db, user_id)

    def demo_account(self) -> dict:
        """Create the demo admin (random password, also written beside claims.db, mode 0600)."""
        beside = self.db_path.with_name(self.db_path.name + ".demo-password") if isinstance(self.db_path, Path) \
            else self.index_dir / ".demo-password"  # a server database: kept with this server's index
        return review.demo_account(self.db, beside)

    # -- review ------------------------------------------------------------------
    def set_status(self, claim_id: int, status: str, note: str, user: dict, evidence=(),
                   expected: str | None = None) -> dict:
        return review.set_status(self.db, claim_id, status, note, user, evidence, expected)

    def accept_suggestion(self, claim_id: int, suggested: str, user: dict, note: str | None = None,
                          expected: str | None = None) -> dict:
        return review.accept_suggestion(self.db, claim_id, suggested, user, note, expected=expected)

    def history(self, claim_id: int) -> list[dict]:
        return review.history(self.db, claim_id)

    def add_flag(self, claim_id: int, reason: str, user: dict, note: str | None = None) -> dict:
        return review.add_flag(self.db, claim_id, reason, user, note)

    def resolve_flag(self, flag_id: int, user: dict, claim_id: int | None = None) -> dict:
        """Resolve a flag; with ``claim_id``, only one of that claim's flags (``NotFound`` otherwise)."""
        return review.resolve_flag(self.db, flag_id, user, claim_id)

    def flags(self, open_only: bool = False, claim_id: int | None = None) -> list[dict]:
        return review.list_flags(self.db, open_only, claim_id=claim_id)

    def set_relation(self, claim_a: int, claim_b: int, label: str, user: dict, note: str | None = None) -> dict:
        """A person's verdict on a pair; from now on it wins wherever the pair is shown or counted."""
        return review.set_relation(self.db, claim_a, claim_b, label, user, note)

    def queue(self, limit: int = 50, offset: int = 0, **filters) -> tuple[list[dict], int]:
        """The editors' queue: unconfirmed or flagged claims (full claims, in queue order) and the total."""
        ids, total = review.queue(self.db, limit=limit, offset=offset, **filters)
        return self.claims_by_id(ids), total

    def claims_by_id(self, claim_ids: list[int]) -> list[dict]:
        """Stored claims in the order of ``claim_ids`` (ids that no longer exist are left out)."""
        by_id = {claim["id"]: claim for claim in store.get_claims(self.db, claim_ids)}
        return [by_id[claim_id] for claim_id in claim_ids if claim_id in by_id]

    @property
    def overview(self) -> Overview:
        """Counts and pages for the desk's screens (``workbench.overview``)."""
        return Overview(self.db)

    def count(self, table: str) -> int:
        return store.count_rows(self.db, table)

    # -- events --------------------------------------------------------------------
    def events(self) -> list[dict]:
        return list_events(self.db)

    def board(self, event_id: int) -> dict:
        return board(self.db, event_id)

    def rename_event(self, event_id: int, label: str) -> None:
        rename_event(self.db, event_id, valid(label))

    def merge_events(self, target: int, sources: list[int]) -> None:
        merge_events(self.db, target, sources)
        refresh_event(self.db, target)

    def split_event(self, event_id: int, article_ids: list[int], label: str | None = None) -> int:
        new_id = split_event(self.db, event_id, article_ids, valid(label))
        refresh_event(self.db, event_id)
        refresh_event(self.db, new_id)
        return new_id

    # -- settings, exports and backups -------------------------------------------
    def publisher(self) -> dict:
        return exports.publisher(self.db)

    def set_publisher(self, name: str | None = None, url: str | None = None) -> dict:
        return exports.set_publisher(self.db, name, url)

    def export_pieces(self, fmt: str, statuses=None, since: str | None = None) -> Iterator[str]:
        """The export as text pieces for a streamed download, on a connection of its own (the
        request's connection closes when the view returns, before the last piece is sent)."""
        db = store.connect(self.db_path, migrate=False)
        try:
            pieces, _ = exports.export_chunks(db, fmt, statuses, since)
        except Exception:
            db.close()
            raise

        def stream():
            try:
                yield from pieces
            finally:
                db.close()

        return stream()

    def restore(self, src: str | Path, force: bool = False) -> dict:
        """Check the backup in ``src``, then put it in place of claims.db and the index."""
        self._file_only("restored", "pg_restore")
        return restore(src, self.db_path, self.index_dir, force=force)

    def _file_only(self, done: str, tool: str) -> None:
        """Backups of a server database are the server's business (and its operators' tools)."""
        if self.on_server:
            raise BackupError(f"{self.db_label}: a PostgreSQL database is {done} with {tool}, not by the workbench "
                              f"(README, Operating it: PostgreSQL); then `workbench index check`")

    def backup(self, dest: str | Path) -> dict:
        """Back up claims.db (SQLite's online backup: safe while others write) and the index into the
        new folder ``dest``; return the manifest (see ``workbench.backup``)."""
        self._file_only("backed up", "pg_dump")
        return write_backup(self.db_path, self.index_dir, dest)

    def export(self, format: str, output, statuses: list[str] | None = None, since: str | None = None) -> dict:
        """Write claims as ``claimreview``, ``csv`` or ``jsonl`` to a path (atomically) or a binary
        stream; ``since`` is the articles' publication date.  Returns {"format", "count", "output"}."""
        return exports.export(self.db, format, output, statuses, since)
