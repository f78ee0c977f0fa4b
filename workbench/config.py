"""Settings: every environment variable the workbench reads, with its default, in one place.

Arguments win over the environment, and the environment over these defaults.
``current()`` reads the environment when called (a Workbench, the web app and
the model loader each read it once, when they are made), so a script or test
that sets a variable before making them is obeyed.  Data only besides that:
any module may import it, and the faces may.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Settings", "current"]


@dataclass(frozen=True)
class Settings:
    db: str = "claims.db"                       # WORKBENCH_DB
    index_dir: str = "indexes"                  # WORKBENCH_INDEX_DIR
    model: str | None = None                    # WORKBENCH_MODEL (None: multilingual-use)
    encoder: str = "torch"                      # WORKBENCH_ENCODER: torch | onnx
    model_cache: Path = Path.home() / ".cache" / "workbench" / "onnx"  # WORKBENCH_MODEL_CACHE
    secret_key: str | None = None               # WORKBENCH_SECRET_KEY (else .claims.db.secret_key beside it)
    secure_cookies: bool = False                # WORKBENCH_SECURE_COOKIES=1 behind HTTPS
    behind_proxy: bool = False                  # WORKBENCH_BEHIND_PROXY=1 behind a reverse proxy
    organisation: str | None = None             # WORKBENCH_ORGANISATION: the reviews' publisher (claims.db wins)
    public_url: str | None = None               # WORKBENCH_PUBLIC_URL: its public base URL (claims.db wins)


def current() -> Settings:
    """The settings as the environment gives them now."""
    env = os.environ.get
    defaults = Settings()
    return Settings(db=env("WORKBENCH_DB") or defaults.db,
                    index_dir=env("WORKBENCH_INDEX_DIR") or defaults.index_dir,
                    model=env("WORKBENCH_MODEL") or None,
                    encoder=(env("WORKBENCH_ENCODER") or defaults.encoder).lower(),
                    model_cache=Path(env("WORKBENCH_MODEL_CACHE") or defaults.model_cache),
                    secret_key=env("WORKBENCH_SECRET_KEY") or None,
                    secure_cookies=env("WORKBENCH_SECURE_COOKIES") == "1",
                    behind_proxy=env("WORKBENCH_BEHIND_PROXY") == "1",
                    organisation=env("WORKBENCH_ORGANISATION") or None,
                    public_url=env("WORKBENCH_PUBLIC_URL") or None)
