"""The manual as data: boards, chapters with their dated wordings, the register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from reader.core.dates import known_by
from reader.core.errors import UnknownBoard, UnknownChapter

LEVELS = ("A", "B", "C")
SHARED = "shared"  # scope of Level A and B chapters and of the shared register


@dataclass(frozen=True)
class BoardEvent:
    date: str  # YYYY-MM-DD, or YYYY where the capture gives only the year
    what: str
    source: str  # capture file that says so


@dataclass(frozen=True)
class Board:
    slug: str
    name: str
    events: tuple[BoardEvent, ...] = ()


@dataclass(frozen=True)
class Source:
    file: str  # capture file name under content/sources/
    captured: str  # YYYY-MM-DD, or YYYY where only the year is known
    lines: str = ""  # line range in the capture, for reviewers ("377-506")


@dataclass(frozen=True)
class Wording:
    """One dated wording of a chapter, as a capture shows it."""

    body: str  # Markdown
    source: Source
    valid_from: dt.date | None = None  # date of the amendment that produced it
    status: tuple[str, ...] = ()  # status notes the source carries, verbatim

    @property
    def in_force_from(self) -> dt.date:
        """The earliest day this wording is known to be in force.

        The amendment's date where the register gives one; otherwise the day by
        which the capture certainly existed. Never earlier than the evidence.
        """
        return self.valid_from or known_by(self.source.captured)


@dataclass(frozen=True)
class Attachment:
    """A document or form a chapter carries (a PDF, a Word or Excel file, an image): a signed
    file of the edition of its own, declared with its title in the chapter's front matter.

    The manual holds what was verified of it, never its bytes: they stay in the edition's
    folder until a practitioner opens it (reader.core.editions.private_copy).
    """

    path: str  # in the edition: attachments/<chapter id>/<name> (reader.core.trust.layout)
    title: str  # the editors' words for it
    length: int  # of the bytes verified
    sha256: str  # of the bytes verified: checked again before a copy is opened

    @property
    def name(self) -> str:
        return self.path.rpartition("/")[2]


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    title_origin: str  # "text", "contents" (003's contents list) or "editorial"
    level: str
    scope: str  # SHARED for Level A/B, else the board slug of a Level C chapter
    position: int  # order within its level in the contents
    wordings: tuple[Wording, ...]  # oldest first; the last is current
    editorial_note: str = ""  # the editors' word, shown apart from the text
    # Only the words the partnership's web page showed above a link to a document;
    # the document itself is not in the edition (its editorial note says so).
    link_only: bool = False
    attachments: tuple[Attachment, ...] = ()  # in the order the front matter declares them

    @property
    def current(self) -> Wording:
        return self.wordings[-1]

    @property
    def body(self) -> str:
        return self.current.body

    @property
    def status(self) -> tuple[str, ...]:
        return self.current.status

    @property
    def previous(self) -> tuple[Wording, ...]:
        return self.wordings[:-1]

    def applies_to(self, board: str) -> bool:
        return self.scope == SHARED or self.scope == board

    def wording_on(self, day: dt.date) -> Wording | None:
        """The wording in force on `day`, or None where no capture shows one."""
        found = None
        for wording in self.wordings:
            if wording.in_force_from <= day:
                found = wording
        return found


@dataclass(frozen=True)
class Amendment:
    id: str  # YYYY-MM-DD-NN, NN counted from the oldest entry of that day
    date: dt.date
    details: str  # verbatim; paragraphs joined by blank lines
    chapter: str | None  # chapter id only where the capture shows it
    scope: str = SHARED
    sources: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "details": self.details,
            "chapter": self.chapter,
            "scope": self.scope,
        }


@dataclass(frozen=True)
class Synonym:
    """One entry of the practitioners' thesaurus (content/thesaurus.toml), reviewed by editors.

    Search only: a query holding `words` is also searched for each of `means`,
    as a phrase, and says so ("also searched for: police"). The manual's text
    is never changed.
    """

    words: str  # what a practitioner types: "cops", "levels of need"
    means: tuple[str, ...]  # the manual's own words: ("police",)


@dataclass(frozen=True)
class Manual:
    boards: tuple[Board, ...]
    chapters: tuple[Chapter, ...]  # in contents order
    register: tuple[Amendment, ...]  # newest first
    thesaurus: tuple[Synonym, ...] = ()
    # The thesaurus file as the editors wrote it (comments and all), so that
    # an edition carries their reviewed text, not a rewriting of it.
    thesaurus_text: str = ""
    _by_id: dict = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "_by_id", {c.id: c for c in self.chapters})

    def board(self, slug: str) -> Board:
        for board in self.boards:
            if board.slug == slug:
                return board
        raise UnknownBoard(slug)

    def board_slugs(self) -> tuple[str, ...]:
        return tuple(b.slug for b in self.boards)

    def chapter(self, chapter_id: str) -> Chapter:
        try:
            return self._by_id[chapter_id]
        except KeyError:
            raise UnknownChapter(chapter_id) from None

    def boards_of(self, chapter: Chapter) -> tuple[str, ...]:
        if chapter.scope == SHARED:
            return self.board_slugs()
        return (chapter.scope,)

    def chapters_for(self, board: str | None = None, level: str | None = None) -> list[Chapter]:
        """Level A and B plus `board`'s own Level C; never another board's."""
        if board is not None:
            self.board(board)  # raises for an unknown slug
        return [
            c
            for c in self.chapters
            if (board is None or c.applies_to(board)) and (level is None or c.level == level)
        ]

    def amendments(
        self,
        since: dt.date | None = None,
        board: str | None = None,
        until: dt.date | None = None,
        chapter: str | None = None,
    ) -> list[Amendment]:
        """Register entries, newest first: dates inclusive; a board sees the shared ones too."""
        if board is not None:
            self.board(board)
        return [
            a
            for a in self.register
            if (since is None or a.date >= since)
            and (until is None or a.date <= until)
            and (board is None or a.scope in (SHARED, board))
            and (chapter is None or a.chapter == chapter)
        ]

    def as_of(self, day: dt.date) -> Manual:
        """The manual as the captures show it stood on `day`.

        A chapter is kept with the wording in force that day; a chapter none of
        whose wordings is known to be in force yet is left out rather than shown
        in a wording from after the date.
        """
        chapters = []
        for chapter in self.chapters:
            kept = tuple(w for w in chapter.wordings if w.in_force_from <= day)
            if kept:
                chapters.append(replace(chapter, wordings=kept))
        register = tuple(a for a in self.register if a.date <= day)
        return Manual(
            boards=self.boards,
            chapters=tuple(chapters),
            register=register,
            thesaurus=self.thesaurus,
            thesaurus_text=self.thesaurus_text,
        )
