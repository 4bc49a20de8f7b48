"""Amend, don't just edit: what the next publish changes, and the register entries it needs.

The reader's register is only as good as the editors' record. So publishing from
content/ compares it with the last edition the repository serves and refuses a
chapter whose wording changed unless a register entry new in this edition, dated
between the two editions, names it. When every change is recorded, the wording
the last edition showed is archived into wordings/<id>/<date>.md (the date it took
effect) and the chapter's front matter says its new wording took effect on its
amendment's date, so the history stays plain files and nothing shown is lost.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from reader.core.atomic import write_bytes
from reader.core.content import (
    chapter_text,
    manual_from_files,
    read_manual,
    register_text,
    wording_name,
    wording_text,
)
from reader.core.diff import Piece, redline
from reader.core.errors import ContentError, ReaderError
from reader.core.model import Amendment, Chapter, Manual, Source

EDITION_INFO = "edition.toml"  # as reader.publish.edition writes it (not imported: that pulls in tomli_w's writer only)
REGISTER_SOURCE = "register.toml"  # the source of an editors' wording: its register entry, not a capture


class AmendmentMissing(ReaderError):
    """A chapter's wording changed and the register does not say so."""


@dataclass(frozen=True)
class ChapterChange:
    chapter: Chapter  # as the next edition shows it
    before: Chapter  # as the last edition showed it

    @property
    def wording_changed(self) -> bool:
        return self.before.body != self.chapter.body

    def pieces(self) -> list[Piece]:
        return redline(self.before.body, self.chapter.body)

    def documents(self) -> list[str]:
        """What changed of the chapter's documents and forms: "added form.pdf", "replaced
        checklist.docx" (new bytes), "retitled map.png", "removed old.pdf"."""
        before = {a.name: a for a in self.before.attachments}
        after = {a.name: a for a in self.chapter.attachments}
        said = []
        for name, new in after.items():
            old = before.get(name)
            if old is None:
                said.append(f"added {name}")
            elif old.sha256 != new.sha256:
                said.append(f"replaced {name}")
            elif old.title != new.title:
                said.append(f"retitled {name}")
        said += [f"removed {name}" for name in before if name not in after]
        return said


@dataclass
class Changes:
    """The next edition against the last one published (`last_as_of` None: nothing published yet)."""

    last_as_of: dt.date | None
    as_of: dt.date
    changed: list[ChapterChange] = field(default_factory=list)
    added: list[Chapter] = field(default_factory=list)
    removed: list[Chapter] = field(default_factory=list)
    entries_added: list[Amendment] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.changed or self.added or self.removed or self.entries_added)

    def entries_for(self, chapter_id: str) -> list[Amendment]:
        """The new register entries that record an amendment of this chapter for this edition."""
        return [a for a in self.entries_added if a.chapter == chapter_id
                and (self.last_as_of is None or a.date >= self.last_as_of) and a.date <= self.as_of]

    def unrecorded(self) -> list[ChapterChange]:
        return [c for c in self.changed if c.wording_changed and not self.entries_for(c.chapter.id)]


def _last_as_of(files: dict[str, bytes]) -> dt.date:
    try:
        return dt.date.fromisoformat(tomllib.loads(files[EDITION_INFO].decode("utf-8"))["as_of"])
    except (KeyError, ValueError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise ContentError("the last published edition has no readable edition.toml as_of date") from None


def last_edition(out: Path) -> dict[str, bytes] | None:
    """The files of the edition `out` serves now, or None where nothing is published there yet."""
    from reader.publish.repository import repository_files

    if not (Path(out) / "metadata" / "timestamp.json").is_file():
        return None
    return repository_files(Path(out))


def compare(last_files: dict[str, bytes] | None, content_dir: Path, as_of: dt.date) -> Changes:
    """What publishing content_dir as of `as_of` would change against the edition in `last_files`."""
    new = read_manual(content_dir).as_of(as_of)
    if last_files is None:
        return Changes(None, as_of, added=list(new.chapters), entries_added=list(new.register))
    old = manual_from_files(last_files)
    changes = Changes(_last_as_of(last_files), as_of)
    old_ids = {c.id for c in old.chapters}
    new_ids = {c.id for c in new.chapters}
    for chapter in new.chapters:
        if chapter.id not in old_ids:
            changes.added.append(chapter)
            continue
        before = old.chapter(chapter.id)
        if before.current != chapter.current or before.title != chapter.title or before.level != chapter.level \
                or before.scope != chapter.scope or before.editorial_note != chapter.editorial_note \
                or before.link_only != chapter.link_only or before.attachments != chapter.attachments:
            changes.changed.append(ChapterChange(chapter, before))
    changes.removed = [c for c in old.chapters if c.id not in new_ids]
    old_entries = {a.id for a in old.register}
    changes.entries_added = [a for a in new.register if a.id not in old_entries]
    return changes


def require_entries(changes: Changes, content_dir: Path) -> None:
    """Refuse, in plain words naming each chapter and the command, a changed wording nobody recorded."""
    missing = changes.unrecorded()
    if not missing:
        return
    names = "; ".join(f"{c.chapter.id} ({c.chapter.title})" for c in missing)
    first = missing[0].chapter.id
    since = f"since the edition of {changes.last_as_of}" if changes.last_as_of else ""
    raise AmendmentMissing(
        f"the wording of {len(missing)} chapter(s) changed {since} with no register entry for this edition "
        f"naming it: {names}. Record each amendment first, e.g. "
        f"reader-publish amend {first} --details \"what changed\" --content {content_dir}; "
        "nothing was published"
    )


def archive_previous(changes: Changes, content_dir: Path) -> list[Path]:
    """Keep the wording the last edition showed, under the date it took effect, and date the new one.

    Returns the files written. Refuses, before writing anything, where the archive
    would overwrite a different wording or the new wording takes effect no later
    than the one it replaces (two wordings of one day cannot be told apart).
    """
    content_dir = Path(content_dir)
    plans: list[tuple[Path, str, Path, str]] = []
    manual = read_manual(content_dir)
    for change in changes.changed:
        if not change.wording_changed:
            continue
        entry = max(changes.entries_for(change.chapter.id), key=lambda a: (a.date, a.id))
        previous = change.before.current
        if entry.date <= previous.in_force_from:
            raise AmendmentMissing(
                f"chapter {change.chapter.id}: its amendment {entry.id} is dated {entry.date}, but the wording it "
                f"replaces took effect on {previous.in_force_from}; date the amendment later "
                f"(reader-publish amend {change.chapter.id} --date YYYY-MM-DD ...); nothing was published")
        archived = content_dir / "wordings" / change.chapter.id / wording_name(previous)
        text = wording_text(previous)
        if archived.exists() and archived.read_text(encoding="utf-8") != text:
            raise AmendmentMissing(f"{archived} already holds a different wording: the last edition's cannot be "
                                   "archived there; nothing was published")
        current = manual.chapter(change.chapter.id)
        dated = replace(current.current, valid_from=entry.date,
                        source=Source(file=REGISTER_SOURCE, captured=entry.date.isoformat()))
        amended = replace(current, wordings=current.wordings[:-1] + (dated,))
        plans.append((archived, text, content_dir / "chapters" / f"{current.id}.md", chapter_text(amended)))
    written = []
    for archived, text, chapter_file, chapter_new in plans:
        if not archived.exists():
            write_bytes(archived, text.encode("utf-8"))
            written.append(archived)
        write_bytes(chapter_file, chapter_new.encode("utf-8"))
        written.append(chapter_file)
    return written


def _next_id(manual: Manual, day: dt.date) -> str:
    numbers = [int(a.id.rsplit("-", 1)[1]) for a in manual.register
               if a.id.startswith(day.isoformat() + "-") and a.id.rsplit("-", 1)[1].isdigit()]
    return f"{day.isoformat()}-{max(numbers, default=0) + 1:02d}"


def record_amendment(content_dir: Path, chapter_id: str, details: str, day: dt.date) -> Amendment:
    """Add a register entry naming `chapter_id` to content_dir/register.toml, in the file's own format."""
    content_dir = Path(content_dir)
    details = details.strip()
    if not details:
        raise ContentError("--details must say what changed: the register shows it to practitioners verbatim")
    manual = read_manual(content_dir)
    try:
        chapter = manual.chapter(chapter_id)
    except ReaderError:
        raise ContentError(f"{content_dir} has no chapter {chapter_id!r} (chapters/{chapter_id}.md)") from None
    # A Level C chapter's entry is its partnership's; Level A and B are in the shared register.
    entry = Amendment(id=_next_id(manual, day), date=day, details=details, chapter=chapter.id, scope=chapter.scope)
    register = tuple(sorted(manual.register + (entry,), key=lambda a: (a.date, a.id), reverse=True))
    write_bytes(content_dir / "register.toml", register_text(register).encode("utf-8"))
    return entry


def redline_text(pieces: list[Piece], context: int = 8) -> str:
    """The redline as plain text for a terminal: [-deleted-] {+inserted+}, a few words either side of each change."""
    out = []
    last = len(pieces) - 1
    for n, piece in enumerate(pieces):
        if piece.op == "del":
            out.append(f"[-{piece.text.strip()}-]")
            continue
        if piece.op == "ins":
            out.append(f"{{+{piece.text.strip()}+}}")
            continue
        words = piece.text.split()
        if n == 0 and len(words) > context:
            words = ["...", *words[-context:]]
        elif n == last and len(words) > context:
            words = [*words[:context], "..."]
        elif 0 < n < last and len(words) > 2 * context:
            words = [*words[:context], "...", *words[-context:]]
        out.append(" ".join(words))
    return " ".join(w for w in out if w)
