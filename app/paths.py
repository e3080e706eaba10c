"""Where the desk keeps its files: one module, one order of precedence.

Each folder is resolved as: command-line flag -> environment variable -> platform default
(platformdirs: ``%LOCALAPPDATA%\\Disclosure Desk`` on Windows). Tests point every variable at a
temporary folder so they never touch a real user's files.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_DIR_NAME = "Disclosure Desk"
ENV_DB = "DISCLOSURE_DESK_DB"
ENV_DIRS = {
    "data": "DISCLOSURE_DESK_DATA_DIR",
    "config": "DISCLOSURE_DESK_CONFIG_DIR",
    "log": "DISCLOSURE_DESK_LOG_DIR",
    "cache": "DISCLOSURE_DESK_CACHE_DIR",
}
DB_FILE_NAME = "disclosure-desk.sqlite3"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    config_dir: Path
    log_dir: Path
    cache_dir: Path
    db_override: Path | None = None

    @property
    def database(self) -> Path:
        return self.db_override or self.data_dir / DB_FILE_NAME

    @property
    def settings_file(self) -> Path:
        """The INI file of window geometry and similar per-user preferences."""
        return self.config_dir / "disclosure-desk.ini"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "disclosure-desk.log"


def _pick(flag: str | Path | None, env: str, default: str) -> Path:
    if flag:
        return Path(flag).expanduser()
    if os.environ.get(env):
        return Path(os.environ[env]).expanduser()
    return Path(default)


def resolve(*, db: str | Path | None = None, data_dir: str | Path | None = None,
            config_dir: str | Path | None = None, log_dir: str | Path | None = None,
            cache_dir: str | Path | None = None) -> Paths:
    db_path = _pick(db, ENV_DB, "") if (db or os.environ.get(ENV_DB)) else None
    return Paths(
        data_dir=_pick(data_dir, ENV_DIRS["data"],
                       platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)),
        config_dir=_pick(config_dir, ENV_DIRS["config"],
                         platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False)),
        log_dir=_pick(log_dir, ENV_DIRS["log"],
                      platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False)),
        cache_dir=_pick(cache_dir, ENV_DIRS["cache"],
                        platformdirs.user_cache_dir(APP_DIR_NAME, appauthor=False)),
        db_override=db_path,
    )


def for_folder(root: Path) -> Paths:
    """Every location inside one folder (the demo and the tests)."""
    return Paths(root / "data", root / "config", root / "log", root / "cache")


def resource_path(*parts: str) -> Path:
    """A file under ``resources/``, from a source checkout, an installed wheel or the
    PyInstaller bundle alike."""
    candidates = []
    if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
        candidates.append(Path(sys._MEIPASS) / "resources")
    package = Path(__file__).resolve().parent
    candidates += [package / "resources", package.parent / "resources"]
    for base in candidates:
        if base.is_dir():
            return base.joinpath(*parts)
    return candidates[-1].joinpath(*parts)
