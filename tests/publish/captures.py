"""An independent reading of the captures, for the fidelity tests.

Deliberately simpler than the importer: it knows only the page chrome and the
excluded stretches that the reviewed mapping lists, and reduces every line to
its words (list markers and Markdown marks removed, whitespace collapsed).
"""

import re
import tomllib
from pathlib import Path

from tests.conftest import SOURCES

DATE = re.compile(r"^\d{2}-\d{2}-\d{4}$")
MARKER = re.compile(r"^(?:[•\-]|\d+\.)\s+")


def mapping() -> dict:
    return tomllib.loads((SOURCES / "mapping.toml").read_text(encoding="utf-8"))


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def plain(line: str, markdown: bool) -> str:
    text = words(line)
    if markdown and text.startswith("#"):  # a heading: "1." is part of its text
        return text.lstrip("#").strip().replace("**", "")
    if markdown:
        text = text.replace("**", "")
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
        text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    return MARKER.sub("", text)


def capture_lines(name: str) -> list[tuple[int, str]]:
    """(line number, words) of every line of procedure text in a capture."""
    m = mapping()
    markdown = m["sources"].get(name, {}).get("format") == "markdown"
    raw = (SOURCES / name).read_text(encoding="utf-8").split("\n")
    texts = [words(r) for r in raw]
    skip = set()
    for rule in m.get("excluded", ()):
        if rule["source"] == name:
            start = texts.index(rule["start"])
            end = texts.index(rule["end"], start)
            skip.update(range(start, end + 1))
    out = []
    for i, text in enumerate(texts):
        if not text or i in skip or text in m["chrome"]:
            continue
        if any(text.startswith(p) for p in m["chrome_prefixes"]):
            continue
        out.append((i + 1, plain(raw[i], markdown)))
    return out


def capture_names() -> list[str]:
    return sorted(p.name for p in Path(SOURCES).glob("0*.txt"))
