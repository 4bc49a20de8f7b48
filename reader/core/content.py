"""Reading and writing the manual's files (content/ and every edition).

Layout, each file plain UTF-8 so that editors review it like code and each is
one signed target of an edition:

    boards.toml                  the partnerships and the dates the captures give
    register.toml                the amendments register, newest first
    thesaurus.toml               practitioners' words -> the manual's words, for search
                                 (optional: editions before it have none)
    chapters/<id>.md             a chapter's current wording, TOML front matter
    wordings/<id>/<date>.md      its earlier wordings, by the date they took effect
    attachments/<id>/<name>      its documents and forms (PDF, DOCX, XLSX, PNG, JPEG), each
                                 declared in the chapter's front matter with its title:
                                 [[attachment]] file = "<name>", title = "..."
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path

import tomli_w

from reader.core import attachments as attachment_check
from reader.core.dates import known_by, parse_iso
from reader.core.errors import BadDate, ContentError
from reader.core.trust.layout import ATTACHMENTS, attachment_of, attachment_path
from reader.core.model import (
    LEVELS,
    SHARED,
    Amendment,
    Attachment,
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


def chapter_level_and_scope(path: str, data: bytes) -> tuple[object, object]:
    """A chapter file's `level` and `scope` as its front matter gives them (None where missing),
    read by the one parser: for the offline check of who may sign it (reader.core.trust.verify)."""
    meta, _ = _split_front_matter(_text_of(data, path), path)
    return meta.get("level"), meta.get("scope")


def _attachments(meta: dict, chapter_id: str, files: Mapping[str, bytes], where: str) -> tuple[Attachment, ...]:
    """The documents the front matter declares, each checked against the bytes the edition holds."""
    found = []
    for n, table in enumerate(_tables(meta, "attachment", where), 1):
        about = f"{where} attachment {n}"
        name = _field(table, "file", str, about)
        title = _field(table, "title", str, about).strip()
        path = attachment_path(chapter_id, name)
        if attachment_of(path) != chapter_id:
            raise ContentError(f"{about}: {name!r} is not a name an attachment may have: lower-case letters, "
                               f"digits and hyphens, ending .{', .'.join(attachment_check.ATTACHMENT_TYPES)}")
        if not title or len(title) > attachment_check.MAX_TITLE or "\n" in title:
            raise ContentError(f"{about}: needs a title of one line, at most {attachment_check.MAX_TITLE} characters")
        if any(a.path == path for a in found):
            raise ContentError(f"{about}: {name} is declared twice")
        if path not in files:
            raise ContentError(f"{about}: {path} is declared but not there")
        data = files[path]
        attachment_check.check_bytes(name, data, path)
        found.append(Attachment(path=path, title=title, length=len(data), sha256=hashlib.sha256(data).hexdigest()))
    return tuple(found)


def _chapter(path: str, data: bytes, earlier: dict[str, bytes], files: Mapping[str, bytes]) -> Chapter:
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
    attachments = _attachments(meta, chapter_id, files, path)
    link_only = _field(meta, "link_only", bool, path, False)
    if link_only and attachments:  # the contents would say "link only" beside the very document
        raise ContentError(f"{path}: is marked link_only (its document not in the edition) but carries "
                           f"{attachments[0].name}: now that the document is here, remove link_only and "
                           "the editorial note that says it is missing")
    return Chapter(
        id=chapter_id,
        title=_field(meta, "title", str, path),
        title_origin=_field(meta, "title_origin", str, path, "editorial"),
        level=level,
        scope=scope,
        position=_field(meta, "position", int, path, 0),
        wordings=tuple(wordings),
        editorial_note=_field(meta, "editorial_note", str, path, ""),
        link_only=link_only,
        attachments=attachments,
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
            chapters.append(known if known is not None else _chapter(path, files[path], earlier.get(chapter_id, {}), files))
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
    _check_attachments_declared(manual, files)
    return manual


def _check_attachments_declared(manual: Manual, files: Mapping[str, bytes]) -> None:
    # A document no chapter lists would be signed and carried but never shown: an
    # editor's slip (a misspelt name, a forgotten declaration), said rather than shipped.
    declared = {a.path for c in manual.chapters for a in c.attachments}
    for path in sorted(files):
        if path.startswith(f"{ATTACHMENTS}/") and path not in declared:
            chapter = attachment_of(path)
            raise ContentError(f"{path}: no chapter declares it (add it to the [[attachment]] list of "
                               f"chapters/{chapter}.md, or remove it)" if chapter else
                               f"{path}: not a document an edition may hold")


def read_manual(root: Path) -> Manual:
    """Read a content directory (the editors' content/) through the same parser.

    Never an edition's folder: an edition is shown only from the bytes its
    verification hashed (Verified.files), which this would read a second time.
    """
    return manual_from_files(content_files(root))


def content_files(root: Path) -> dict[str, bytes]:
    """The files of a content directory by their path in an edition, read once: the publisher
    signs these very bytes, after the manual made of them has been checked."""
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
    files.update(_attachment_files(root))
    return files


_NO_FOLLOW = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def _attachment_files(root: Path) -> dict[str, bytes]:
    """content/attachments/<id>/<name>: plain files of the layout's names only, links never followed.

    A link would sign whatever it points at (a key, another user's file) into an
    edition; a name outside the layout would be refused by every reader. Both are
    refused here, naming the file, before anything is signed.
    """
    folder = root / ATTACHMENTS
    if not folder.exists() and not folder.is_symlink():
        return {}
    files = {}
    for entry in _plain_entries(folder, ATTACHMENTS, want_folder=True):
        for item in _plain_entries(entry, f"{ATTACHMENTS}/{entry.name}", want_folder=False):
            path = f"{ATTACHMENTS}/{entry.name}/{item.name}"
            if attachment_of(path) != entry.name:
                raise ContentError(f"{path}: not a document an edition may hold: its name must be lower-case "
                                   "letters, digits and hyphens, ending ."
                                   f"{', .'.join(attachment_check.ATTACHMENT_TYPES)} (and not a name Windows "
                                   "keeps for a device, such as con or nul)")
            files[path] = _read_no_follow(item, path)
    return files


def _plain_entries(folder: Path, where: str, want_folder: bool) -> list[Path]:
    try:
        if stat.S_ISLNK(os.lstat(folder).st_mode):
            raise ContentError(f"{where} is a link: attachments must be the files themselves")
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise ContentError(f"{where} cannot be read ({exc.strerror or exc})") from None
    out = []
    for entry in entries:
        try:
            mode = os.lstat(entry).st_mode
        except OSError as exc:  # gone since it was listed
            raise ContentError(f"{where}/{entry.name} cannot be read ({exc.strerror or exc})") from None
        what = "folder" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "link" if stat.S_ISLNK(mode) else "special file"
        if what != ("folder" if want_folder else "file"):
            expected = "one folder per chapter" if want_folder else "the documents themselves, as plain files"
            raise ContentError(f"{where}/{entry.name} is a {what}: {where} holds {expected}")
        out.append(entry)
    return out


def _read_no_follow(path: Path, where: str) -> bytes:
    try:
        fd = os.open(path, _NO_FOLLOW)
    except OSError as exc:  # a link swapped in since it was listed
        raise ContentError(f"{where} cannot be read ({exc.strerror or exc})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ContentError(f"{where} is not a plain file")
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(attachment_check.MAX_BYTES + 1)
    finally:
        os.close(fd)


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
    if chapter.attachments:  # absent when none, likewise
        meta["attachment"] = [{"file": a.name, "title": a.title} for a in chapter.attachments]
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
