"""Reading and writing the manual's files (content/ and every edition).

Layout, each file plain UTF-8 so that editors review it like code and each is
one signed target of an edition:

    boards.toml                  the partnerships and the dates the captures give
    register.toml                the amendments register, newest first
    chapters/<id>.md             a chapter's current wording, TOML front matter
    wordings/<id>/<date>.md      its earlier wordings, by the date they took effect
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import tomli_w

from reader.core.dates import parse_iso
from reader.core.errors import ContentError
from reader.core.model import (
    LEVELS,
    SHARED,
    Amendment,
    Board,
    BoardEvent,
    Chapter,
    Manual,
    Source,
    Wording,
)

FENCE = "+++"


# -- reading -----------------------------------------------------------------


def _split_front_matter(text: str, where: str) -> tuple[dict, str]:
    lines = text.split("\n")
    if not lines or lines[0] != FENCE:
        raise ContentError(f"{where}: does not start with a {FENCE} front-matter block")
    try:
        end = lines.index(FENCE, 1)
    except ValueError:
        raise ContentError(f"{where}: front matter is not closed with {FENCE}") from None
    try:
        meta = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{where}: front matter is not valid TOML ({exc})") from None
    body = "\n".join(lines[end + 1 :]).strip("\n") + "\n"
    return meta, body


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(f"{path.name} is missing") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ContentError(f"{path.name} is not valid TOML ({exc})") from None


def _date_or_none(value, where: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_iso(str(value))
    except Exception:
        raise ContentError(f"{where}: bad date {value!r}") from None


def _wording(meta: dict, body: str, where: str) -> Wording:
    src = meta.get("source") or {}
    try:
        source = Source(file=src["file"], captured=str(src["captured"]), lines=src.get("lines", ""))
    except KeyError as exc:
        raise ContentError(f"{where}: source lacks {exc.args[0]!r}") from None
    return Wording(
        body=body,
        source=source,
        valid_from=_date_or_none(meta.get("valid_from"), where),
        status=tuple(meta.get("status", ())),
    )


def read_chapter(path: Path, wordings_dir: Path | None = None) -> Chapter:
    where = f"chapters/{path.name}"
    try:
        meta, body = _split_front_matter(path.read_text(encoding="utf-8"), where)
    except UnicodeDecodeError:
        raise ContentError(f"{where}: not UTF-8 text") from None
    missing = [k for k in ("id", "title", "level", "scope") if k not in meta]
    if missing:
        raise ContentError(f"{where}: front matter lacks {', '.join(missing)}")
    if meta["level"] not in LEVELS:
        raise ContentError(f"{where}: level must be one of {', '.join(LEVELS)}")
    if (meta["level"] == "C") == (meta["scope"] == SHARED):
        raise ContentError(f"{where}: Level C belongs to one board, Level A/B are shared")
    if path.stem != meta["id"]:
        raise ContentError(f"{where}: file name differs from id {meta['id']!r}")
    previous = []
    if wordings_dir is not None and (wordings_dir / meta["id"]).is_dir():
        for old in sorted((wordings_dir / meta["id"]).glob("*.md")):
            old_where = f"wordings/{meta['id']}/{old.name}"
            old_meta, old_body = _split_front_matter(old.read_text(encoding="utf-8"), old_where)
            previous.append(_wording(old_meta, old_body, old_where))
    wordings = sorted(previous, key=lambda w: w.in_force_from) + [_wording(meta, body, where)]
    return Chapter(
        id=meta["id"],
        title=meta["title"],
        title_origin=meta.get("title_origin", "editorial"),
        level=meta["level"],
        scope=meta["scope"],
        position=int(meta.get("position", 0)),
        wordings=tuple(wordings),
        editorial_note=meta.get("editorial_note", ""),
    )


def read_boards(path: Path) -> tuple[Board, ...]:
    data = _read_toml(path)
    return tuple(
        Board(
            slug=b["slug"],
            name=b["name"],
            events=tuple(BoardEvent(str(e["date"]), e["what"], e["source"]) for e in b.get("event", ())),
        )
        for b in data.get("board", ())
    )


def read_register(path: Path) -> tuple[Amendment, ...]:
    data = _read_toml(path)
    entries = []
    for e in data.get("entry", ()):
        where = f"register.toml entry {e.get('id', '?')}"
        entries.append(
            Amendment(
                id=e["id"],
                date=_date_or_none(e["date"], where),
                details=e["details"],
                chapter=e.get("chapter"),
                scope=e.get("scope", SHARED),
                sources=tuple(e.get("sources", ())),
            )
        )
    entries.sort(key=lambda a: (a.date, a.id), reverse=True)
    return tuple(entries)


def read_manual(root: Path) -> Manual:
    """Read a content directory (or an edition laid out the same way)."""
    root = Path(root)
    if not (root / "chapters").is_dir():
        raise ContentError(f"{root} holds no chapters/ folder: not a manual")
    chapters = [read_chapter(p, root / "wordings") for p in sorted((root / "chapters").glob("*.md"))]
    chapters.sort(key=lambda c: (c.level, c.scope != SHARED, c.scope, c.position, c.id))
    manual = Manual(
        boards=read_boards(root / "boards.toml"),
        chapters=tuple(chapters),
        register=read_register(root / "register.toml"),
    )
    _check_references(manual)
    return manual


def _check_references(manual: Manual) -> None:
    slugs = set(manual.board_slugs())
    for chapter in manual.chapters:
        if chapter.scope != SHARED and chapter.scope not in slugs:
            raise ContentError(f"chapter {chapter.id}: unknown board {chapter.scope!r}")
    ids = {c.id for c in manual.chapters}
    for entry in manual.register:
        if entry.chapter is not None and entry.chapter not in ids:
            raise ContentError(f"register entry {entry.id}: unknown chapter {entry.chapter!r}")


# -- writing -----------------------------------------------------------------


def _front_matter(meta: dict, body: str) -> str:
    return f"{FENCE}\n{tomli_w.dumps(meta, multiline_strings=False)}{FENCE}\n\n{body.strip()}\n"


def _wording_meta(wording: Wording) -> dict:
    meta: dict = {}
    if wording.valid_from:
        meta["valid_from"] = wording.valid_from.isoformat()
    if wording.status:
        meta["status"] = list(wording.status)
    meta["source"] = {"file": wording.source.file, "captured": wording.source.captured}
    if wording.source.lines:
        meta["source"]["lines"] = wording.source.lines
    return meta


def chapter_text(chapter: Chapter) -> str:
    meta = {
        "id": chapter.id,
        "title": chapter.title,
        "title_origin": chapter.title_origin,
        "level": chapter.level,
        "scope": chapter.scope,
        "position": chapter.position,
    }
    if chapter.editorial_note:
        meta["editorial_note"] = chapter.editorial_note
    meta.update(_wording_meta(chapter.current))
    return _front_matter(meta, chapter.body)


def wording_name(wording: Wording) -> str:
    return f"{wording.in_force_from.isoformat()}.md"


def wording_text(wording: Wording) -> str:
    return _front_matter(_wording_meta(wording), wording.body)


def boards_text(boards: tuple[Board, ...]) -> str:
    data = {"board": []}
    for b in boards:
        entry = {"slug": b.slug, "name": b.name}
        if b.events:
            entry["event"] = [{"date": e.date, "what": e.what, "source": e.source} for e in b.events]
        data["board"].append(entry)
    return tomli_w.dumps(data)


def register_text(register: tuple[Amendment, ...]) -> str:
    entries = []
    for a in register:
        entry = {"id": a.id, "date": a.date.isoformat(), "details": a.details}
        if a.chapter is not None:  # TOML has no null: an absent chapter means "not recorded"
            entry["chapter"] = a.chapter
        entry["scope"] = a.scope
        if a.sources:
            entry["sources"] = list(a.sources)
        entries.append(entry)
    header = (
        "# The amendments register, newest first. An entry without `chapter` amended a\n"
        "# chapter that its capture does not name: the chapter is not recorded.\n\n"
    )
    return header + tomli_w.dumps({"entry": entries})


def manual_files(manual: Manual) -> dict[str, str]:
    """Every file of the manual, by path relative to its root."""
    files = {
        "boards.toml": boards_text(manual.boards),
        "register.toml": register_text(manual.register),
    }
    for chapter in manual.chapters:
        files[f"chapters/{chapter.id}.md"] = chapter_text(chapter)
        for old in chapter.previous:
            files[f"wordings/{chapter.id}/{wording_name(old)}"] = wording_text(old)
    return files
