"""Where things live: the shipped data, the store, and the exports folder.

The store is chosen by ``--data-dir``, else ``FRONTDESK_DATA_DIR``, else the
per-user data directory (``~/.local/share/frontdesk/store`` on Linux). The demo
store is always a separate folder beside it, so ``--demo`` never touches real data.
Files the console hands out in a terminal go to one fixed folder, ``~/frontdesk-exports``.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "frontdesk"
ENV_DATA_DIR = "FRONTDESK_DATA_DIR"
ENV_SHIPPED_DIR = "FRONTDESK_SHIPPED_DIR"
ENV_SETUP_DIR = "FRONTDESK_SETUP_DIR"


def shipped_dir() -> Path:
    """The folder with ``clinic.json`` and ``content/`` (repo ``data/`` or the wheel's copy)."""
    override = os.environ.get(ENV_SHIPPED_DIR)
    if override:
        return Path(override)
    package = Path(__file__).resolve().parent
    installed = package / "_shipped_data"
    if installed.is_dir():
        return installed
    return package.parent / "data"


def default_data_dir() -> Path:
    """The per-user store location when neither flag nor environment says otherwise."""
    import platformdirs  # here: only without --data-dir

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "store"


def data_dir(flag: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the store folder: flag, then ``FRONTDESK_DATA_DIR``, then the default."""
    if flag:
        return Path(flag).expanduser()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    return default_data_dir()


def demo_data_dir(flag: str | os.PathLike[str] | None = None) -> Path:
    """The demo store: ``<store>-demo`` next to the real one (or inside ``--data-dir``)."""
    if flag:
        return Path(flag).expanduser()
    real = data_dir()
    return real.with_name(real.name + "-demo")


def setup_dir(store_dir: Path) -> Path:
    """The clinic's own content: ``FRONTDESK_SETUP_DIR``, else ``<store>-setup`` beside the store.

    Beside the store, not in it, so backups and restores of patient data never touch it.
    """
    override = os.environ.get(ENV_SETUP_DIR)
    if override:
        return Path(override).expanduser()
    store_dir = Path(os.path.abspath(store_dir))
    return store_dir.with_name(store_dir.name + "-setup")


def exports_dir() -> Path:
    """Where the console saves exports in a terminal: ``~/frontdesk-exports``.

    Fixed on purpose: nobody at the console types a path (a typed path is a way out of
    a locked-down account). Visible (not a dot-folder) and outside the store's tree.
    """
    return Path.home() / "frontdesk-exports"
