"""The practitioner's settings: versioned JSON under the data directory.

A corrupt or unreadable file is set aside (renamed *.corrupt-N) and reported,
never fatal: the reader starts with defaults and nothing else is lost.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from reader.core.atomic import write_text

VERSION = 1
THEMES = ("light", "dark", "high-contrast")
FILE = "settings.json"


@dataclass
class Settings:
    board: str | None = None  # chosen at first start
    text_size: int = 11  # points
    theme: str = "light"
    stale_after_days: int = 30
    sync_url: str | None = None


def set_aside(path: Path) -> Path:
    """Rename a damaged file out of the way (*.corrupt-N), keeping it for inspection."""
    n = 1
    while path.with_name(f"{path.name}.corrupt-{n}").exists():
        n += 1
    target = path.with_name(f"{path.name}.corrupt-{n}")
    os.replace(path, target)
    return target


def load(data_dir: Path) -> tuple[Settings, str | None]:
    """(settings, a problem to report or None)."""
    path = Path(data_dir) / FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict) or not isinstance(raw.get("version"), int):
            raise ValueError("no version")
    except FileNotFoundError:
        return Settings(), None
    except (OSError, ValueError, UnicodeDecodeError):
        aside = set_aside(path)
        return Settings(), f"your settings file was damaged and has been set aside as {aside.name}; defaults are in use"
    known = {f.name for f in fields(Settings)}
    settings = Settings(**{k: v for k, v in raw.get("values", {}).items() if k in known})
    if settings.theme not in THEMES:
        settings.theme = "light"
    if not isinstance(settings.text_size, int) or not 6 <= settings.text_size <= 40:
        settings.text_size = Settings.text_size
    return settings, None


def save(data_dir: Path, settings: Settings) -> None:
    write_text(Path(data_dir) / FILE, json.dumps({"version": VERSION, "values": asdict(settings)}, indent=2))
