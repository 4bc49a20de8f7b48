"""Reading and writing the manual's files (content/ and every edition).

Layout, each file plain UTF-8 so that editors review it like code and each is
one signed target of an edition:

    boards.toml                  the partnerships and the dates the captures give
    register.toml                the amendments register, newest first
    thesaurus.toml               practitioners' words -> the manual's words, for search
                                 (optional: editions before it have none)
    chapters/<id>.md             a chapter's current wording, TOML front matter
    wordings/<id>/<date>.md      its earlier wordings, by the date they took effect
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from pathlib import Path

import tomli_w

from reader.core.dates import known_by, parse_iso
from reader.core.errors import BadDate, ContentError
from reader.core.model import (
    LEVELS,
    SHARED,
    Amendment,
    Board,
    BoardEvent,
    Chapter,
    Manual,
    Source,
    Synonym,
    Wording,
)

FENCE = "+++"


# -- reading -----------------------------------------------------------------
#
# One parser, over {path: bytes}: an edition's files are the very bytes the
# offline check hashed (reader.core.trust.verify), never read again from the folder;
# content/ is read into the same mapping first. Every field is checked for its
# type, since a signed file can still hold anything: bad content is always a
# ContentError in plain words, never a traceback.


def _text_of(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ContentError(f"{where}: not UTF-8 text") from None


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


def _toml(files: Mapping[str, bytes], name: str) -> dict:
    if name not in files:
        raise ContentError(f"{name} is missing")
    try:
        return tomllib.loads(files[name].decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ContentError(f"{name} is not valid TOML ({exc})") from None


_MISSING = object()


def _field(table: dict, key: str, kind: type, where: str, default=_MISSING):
    """table[key], which must be of `kind` (bool never counts as an integer)."""
    if key not in table:
        if default is _MISSING:
            raise ContentError(f"{where}: lacks {key!r}")
        return default
    value = table[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ContentError(f"{where}: {key} has the wrong type ({type(value).__name__})")
    return value


def _texts(table: dict, key: str, where: str) -> tuple[str, ...]:
    values = _field(table, key, list, where, [])
    if not all(isinstance(v, str) for v in values):
        raise ContentError(f"{where}: {key} must be a list of text")
    return tuple(values)


def _tables(table: dict, key: str, where: str) -> list[dict]:
    values = _field(table, key, list, where, [])
    if not all(isinstance(v, dict) for v in values):
        raise ContentError(f"{where}: {key} must be a list of tables")
    return values


def _date_or_none(value, where: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_iso(str(value))
    except Exception:
        raise ContentError(f"{where}: bad date {value!r}") from None


def _day(value, where: str, what: str) -> str:
    # A capture's date: YYYY-MM-DD or YYYY, as text (TOML may also give a date or a year).
    if not isinstance(value, (str, int, dt.date)) or isinstance(value, bool):
        raise ContentError(f"{where}: {what} has the wrong type ({type(value).__name__})")
    return str(value)


def _wording(meta: dict, body: str, where: str) -> Wording:
    src = _field(meta, "source", dict, where, {})
    for key in ("file", "captured"):
        if key not in src:
            raise ContentError(f"{where}: source lacks {key!r}")
    source = Source(
        file=_field(src, "file", str, where),
        captured=_day(src["captured"], where, "source captured"),
        lines=_field(src, "lines", str, where, ""),
    )
    try:
        known_by(source.captured)  # what every wording is ordered by: must be a date
    except BadDate:
        raise ContentError(f"{where}: bad capture date {source.captured!r}") from None
    return Wording(
        body=body,
        source=source,
        valid_from=_date_or_none(meta.get("valid_from"), where),
        status=_texts(meta, "status", where),
    )


def _chapter(path: str, data: bytes, earlier: dict[str, bytes]) -> Chapter:
    meta, body = _split_front_matter(_text_of(data, path), path)
    missing = [k for k in ("id", "title", "level", "scope") if k not in meta]
    if missing:
        raise ContentError(f"{path}: front matter lacks {', '.join(missing)}")
    chapter_id = _field(meta, "id", str, path)
    level, scope = _field(meta, "level", str, path), _field(meta, "scope", str, path)
    if level not in LEVELS:
        raise ContentError(f"{path}: level must be one of {', '.join(LEVELS)}")
    if (level == "C") == (scope == SHARED):
        raise ContentError(f"{path}: Level C belongs to one board, Level A/B are shared")
    if path != f"chapters/{chapter_id}.md":
        raise ContentError(f"{path}: file name differs from id {chapter_id!r}")
    previous = []
    for old_path in sorted(earlier):
        old_meta, old_body = _split_front_matter(_text_of(earlier[old_path], old_path), old_path)
        previous.append(_wording(old_meta, old_body, old_path))
    wordings = sorted(previous, key=lambda w: w.in_force_from) + [_wording(meta, body, path)]
    return Chapter(
        id=chapter_id,
        title=_field(meta, "title", str, path),
        title_origin=_field(meta, "title_origin", str, path, "editorial"),
        level=level,
        scope=scope,
        position=_field(meta, "position", int, path, 0),
        wordings=tuple(wordings),
        editorial_note=_field(meta, "editorial_note", str, path, ""),
        link_only=_field(meta, "link_only", bool, path, False),
    )


def _boards(data: dict) -> tuple[Board, ...]:
    boards = []
    for n, b in enumerate(_tables(data, "board", "boards.toml"), 1):
        where = f"boards.toml board {n}"
        events = tuple(
            BoardEvent(_day(_field(e, "date", object, where), where, "event date"),
                       _field(e, "what", str, where), _field(e, "source", str, where))
            for e in _tables(b, "event", where)
        )
        boards.append(Board(slug=_field(b, "slug", str, where), name=_field(b, "name", str, where), events=events))
    return tuple(boards)


def _register(data: dict) -> tuple[Amendment, ...]:
    entries = []
    for n, e in enumerate(_tables(data, "entry", "register.toml"), 1):
        where = f"register.toml entry {e['id'] if isinstance(e.get('id'), str) else f'number {n}'}"
        date = _date_or_none(_field(e, "date", object, where), where)
        entries.append(
            Amendment(
                id=_field(e, "id", str, where),
                date=date,
                details=_field(e, "details", str, where),
                chapter=_field(e, "chapter", str, where, None),
                scope=_field(e, "scope", str, where, SHARED),
                sources=_texts(e, "sources", where),
            )
        )
    entries.sort(key=lambda a: (a.date, a.id), reverse=True)
    return tuple(entries)


THESAURUS = "thesaurus.toml"
MAX_SYNONYM_CHARS = 100  # a practitioner's words or the manual's: a phrase, never a paragraph
MAX_MEANINGS = 10


def _thesaurus(files: Mapping[str, bytes]) -> tuple[tuple[Synonym, ...], str]:
    """The thesaurus entries and the file's text; none where the edition has no thesaurus."""
    if THESAURUS not in files:
        return (), ""
    data = _toml(files, THESAURUS)
    entries = []
    for words, means in data.items():
        where = f"{THESAURUS} entry {words[:MAX_SYNONYM_CHARS]!r}"
        if isinstance(means, str):
            means = [means]
        if not isinstance(means, list) or not means or not all(isinstance(m, str) and m.strip() for m in means):
            raise ContentError(f"{where}: must be the manual's words, a text or a list of texts")
        if not words.strip() or len(words) > MAX_SYNONYM_CHARS or any(len(m) > MAX_SYNONYM_CHARS for m in means):
            raise ContentError(f"{where}: an entry is a few words, at most {MAX_SYNONYM_CHARS} characters")
        if len(means) > MAX_MEANINGS:
            raise ContentError(f"{where}: at most {MAX_MEANINGS} meanings")
        entries.append(Synonym(words.strip(), tuple(m.strip() for m in means)))
    return tuple(entries), files[THESAURUS].decode("utf-8")


def manual_from_files(files: Mapping[str, bytes], parsed: Mapping[str, Chapter] | None = None) -> Manual:
    """The manual held in `files` ({"chapters/x.md": bytes, ...}, paths as an edition lists them).

    Other files (edition.toml, say) are not part of the manual and are left alone.
    `parsed`: chapters by id already parsed from byte-for-byte these files (the
    chapter's and its earlier wordings', as a sync knows from their signed
    hashes), taken as they are: parsing is most of reading a large manual.
    """
    parsed = parsed or {}
    earlier: dict[str, dict[str, bytes]] = {}
    for path, data in files.items():
        parts = path.split("/")
        if len(parts) == 3 and parts[0] == "wordings" and parts[2].endswith(".md"):
            earlier.setdefault(parts[1], {})[path] = data
    chapters = []
    for path in sorted(files):
        if path.startswith("chapters/") and path.endswith(".md") and path.count("/") == 1:
            chapter_id = path[len("chapters/") : -len(".md")]
            known = parsed.get(chapter_id)
            chapters.append(known if known is not None else _chapter(path, files[path], earlier.get(chapter_id, {})))
    chapters.sort(key=lambda c: (c.level, c.scope != SHARED, c.scope, c.position, c.id))
    thesaurus, thesaurus_text = _thesaurus(files)
    manual = Manual(
        boards=_boards(_toml(files, "boards.toml")),
        chapters=tuple(chapters),
        register=_register(_toml(files, "register.toml")),
        thesaurus=thesaurus,
        thesaurus_text=thesaurus_text,
    )
    _check_references(manual)
    return manual


def read_manual(root: Path) -> Manual:
    """Read a content directory (the editors' content/) through the same parser.

    Never an edition's folder: an edition is shown only from the bytes its
    verification hashed (Verified.files), which this would read a second time.
    """
    root = Path(root)
    if not (root / "chapters").is_dir():
        raise ContentError(f"{root} holds no chapters/ folder: not a manual")
    paths = [root / "boards.toml", root / "register.toml", root / THESAURUS, *sorted((root / "chapters").glob("*.md"))]
    paths += sorted((root / "wordings").glob("*/*.md"))
    files = {}
    for path in paths:
        name = path.relative_to(root).as_posix()
        try:
            files[name] = path.read_bytes()
        except FileNotFoundError:
            continue  # a missing boards.toml or register.toml is reported by the parser; a thesaurus is optional
        except OSError as exc:  # a folder in a file's place, no permission
            raise ContentError(f"{name} cannot be read ({exc.strerror or exc})") from None
    return manual_from_files(files)


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
    if chapter.link_only:  # absent when false: earlier editions read the same
        meta["link_only"] = True
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
    if manual.thesaurus_text:  # the editors' reviewed text, comments and all
        files[THESAURUS] = manual.thesaurus_text
    elif manual.thesaurus:
        files[THESAURUS] = tomli_w.dumps({s.words: list(s.means) for s in manual.thesaurus})
    for chapter in manual.chapters:
        files[f"chapters/{chapter.id}.md"] = chapter_text(chapter)
        for old in chapter.previous:
            files[f"wordings/{chapter.id}/{wording_name(old)}"] = wording_text(old)
    return files
