"""The words the command line and the window both put around a chapter.

`reader show` and the window (and so its print-out and `reader export`'s PDF)
say of the same chapter which level and partnership it belongs to, which
edition and wording it is, and, for an earlier wording, that it is not the
current one. A practitioner may read either, so they say it in one wording,
made here; the two faces only lay it out (plain text, HTML, a page stamp).
"""

from __future__ import annotations

import datetime as dt

from reader.core.model import SHARED, Chapter, Manual, Wording

LEVEL_NAMES = {
    "A": "Level A: statutory child protection procedures",
    "B": "Level B: regional safeguarding guidance",
    "C": "Level C: local protocols, pathways and contacts",
}

TITLE_ORIGIN = {  # said after the header line: a title the source text did not give is marked so
    "text": "",
    "contents": " (title from the manual's contents list)",
    "editorial": " (title supplied by the editors: the source page lost it)",
}

ALL_PARTNERSHIPS = "All partnerships"  # where a shared (Level A or B) chapter or register entry applies
NO_PARTNERSHIP = "no partnership chosen"  # read after "Partnership: ", hence lower case


def scope_name(manual: Manual, scope: str) -> str:
    """Where a chapter or register entry applies: all partnerships, or one board's name."""
    return ALL_PARTNERSHIPS if scope == SHARED else manual.board(scope).name


def no_local_procedures(board_name: str) -> str:
    """Said where a partnership's Level C would be, when the edition holds none of it: a bare
    "(0)" reads as a fault, or as the reader having lost them."""
    return f"This edition holds no local procedures for {board_name}"


def chosen_name(manual: Manual, board: str | None) -> str:
    """The reader's partnership by name, for the toolbar, the contacts and the print stamp."""
    return manual.board(board).name if board else NO_PARTNERSHIP


def other_partnership(manual: Manual, chapter: Chapter, board: str | None) -> str | None:
    """Why `chapter` is not to be read or printed as `board`'s, or None if it may be.

    A local (Level C) chapter of another partnership under the reader's own is a
    safeguarding risk: its contacts and thresholds are not the reader's."""
    if board is None or chapter.applies_to(board):
        return None
    return (f"“{chapter.title}” is {scope_name(manual, chapter.scope)}'s local procedure, "
            f"not {manual.board(board).name}'s")


def newest_amendment(manual: Manual) -> dt.date | None:
    """The date of the newest amendment the edition holds: how far its content reaches."""
    return max((a.date for a in manual.register), default=None)


def edition_dates(manual: Manual, as_of: str) -> str:
    """What the edition's two dates mean, said apart: the day it was published (signed), which
    says nothing of its content, and the newest amendment it holds ("content current through")."""
    try:
        published = f"Edition published {dt.date.fromisoformat(as_of).isoformat()}"
    except (TypeError, ValueError):
        published = "Edition publication date unknown"
    newest = newest_amendment(manual)
    return f"{published} · newest amendment {newest.isoformat() if newest else 'none recorded'}"


def stale_warning(manual: Manual, as_of: str, days: int, last_check: dt.date | None) -> str:
    """The banner of an edition that may be out of date: since when, and how far its content reaches."""
    if last_check is not None:
        since = f"{days} days since the reader last checked for updates ({last_check.isoformat()})"
    else:
        since = f"published {days} days ago ({as_of}) and not checked for updates since"
    newest = newest_amendment(manual)
    reach = f" Its newest amendment is dated {newest.isoformat()}." if newest else ""
    return (f"This edition may be out of date: {since}.{reach} "
            "Procedures change; check for updates when you are online.")


def _captured(captured: str) -> str:
    return f"in {captured}" if len(captured) == 4 else f"on {captured}"


def wording_date(wording: Wording) -> str:
    """The date of a wording, first of all that is said of it: what it is a date of, too."""
    if wording.valid_from:
        return f"wording in force from {wording.valid_from.isoformat()} (its amendment's date)"
    return f"wording as captured {_captured(wording.source.captured)} (no amendment dates it)"


def wording_origin(manual: Manual, chapter: Chapter, wording: Wording) -> str:
    """Where the wording came from, in a practitioner's words (the capture file is provenance())."""
    if chapter.scope == SHARED:
        where = "the West Midlands procedures manual"
    else:
        where = f"{manual.board(chapter.scope).name}'s local pages"
    if wording.valid_from:
        return f"from {where}, captured {_captured(wording.source.captured)}"
    return f"from {where}"


def provenance(wording: Wording) -> str:
    """The capture a wording was taken from, for editors and for a query about the text."""
    lines = f", lines {wording.source.lines}" if wording.source.lines else ""
    return f"Source capture {wording.source.file}{lines}, captured {wording.source.captured}"


def header_line(manual: Manual, chapter: Chapter, wording: Wording | None = None) -> str:
    """The line under a chapter's title: level, partnership, the wording's date, then where it came
    from (and where the title came from, if not from the text). The edition's own dates are said
    apart (edition_dates): a signing date beside a chapter reads as the chapter's currency."""
    wording = wording or chapter.current
    parts = [LEVEL_NAMES[chapter.level], scope_name(manual, chapter.scope), wording_date(wording),
             wording_origin(manual, chapter, wording)]
    return " · ".join(parts) + TITLE_ORIGIN.get(chapter.title_origin, "")


def not_current_notice(chapter: Chapter, wording: Wording, on: dt.date | None = None) -> str:
    """Above an earlier wording of `chapter`, the one in force `on` (by default: from its first day)."""
    day = (on or wording.in_force_from).isoformat()
    return (f"NOT THE CURRENT WORDING. This is the wording in force on {day}, known from "
            f"{wording.in_force_from.isoformat()}. The current wording is in force from "
            f"{chapter.current.in_force_from.isoformat()}: do not act on this text without checking it.")


def future_notice(chapter: Chapter, day: dt.date, today: dt.date) -> str:
    """Asked for the wording on a day still to come: said so, never the current wording silently."""
    return (f"{day.isoformat()} is after today ({today.isoformat()}): which wording will be in force then "
            f"is not known. This is the current wording, in force from {chapter.current.in_force_from.isoformat()}.")


def not_current_stamp(on: dt.date) -> str:
    """The same warning, short enough for the stamp on every printed page."""
    return f"Wording in force on {on.isoformat()}, NOT CURRENT"


EDITORS_NOTE = "Editors' note"  # before an editorial note, wherever it is shown: never the procedure's words
LINK_ONLY_MARK = "link only"  # before a link-only chapter's title in the contents: first, so no width cuts it off


def editors_note(chapter: Chapter) -> str:
    """The chapter's editorial note as the CLI, the window and print say it ("" if it has none)."""
    return f"{EDITORS_NOTE}: {chapter.editorial_note}" if chapter.editorial_note else ""


def contents_entry(chapter: Chapter) -> str:
    """A chapter's line in the contents: a link-only one is marked, as its text is only what its
    partnership's page said above a link to a document this edition does not hold."""
    return f"[{LINK_ONLY_MARK}] {chapter.title}" if chapter.link_only else chapter.title


def contents_description(chapter: Chapter) -> str:
    """What assistive technology and the tooltip say of a chapter's line in the contents."""
    if not chapter.link_only:
        return chapter.title
    return (f"{chapter.title}, {LINK_ONLY_MARK}: only the words of the partnership's page about a "
            "document; the document itself is not in this edition")


CONTACT_LABEL = "Said beside it"  # the text's words just before a number: "Out of Hours", "Office number"


def absent_word(word: str, board_name: str | None) -> str:
    """A word of a search that no chapter the practitioner reads holds."""
    where = f"{board_name}'s procedures" if board_name else "the procedures"
    return f"“{word}” is not found in {where}"


def found_elsewhere(names: list[str]) -> str:
    """Said after absent_word: the partnerships whose local procedures hold it (their text is not shown)."""
    return f"it is in the local procedures of {', '.join(names)}"


def absent_notice(absent, board_name: str | None, names: dict[str, str]) -> list[str]:
    """One line per word a search found nowhere the practitioner reads (search's Absent items)."""
    lines = []
    for item in absent:
        line = absent_word(item.text, board_name)
        if item.elsewhere:
            line += "; " + found_elsewhere([names.get(slug, slug) for slug in item.elsewhere])
        lines.append(line + ".")
    return lines


def partnership_locked(name: str, source) -> str:
    """Why the partnership cannot be changed here: the window's tooltip and the CLI's refusal say it alike."""
    return f"The partnership is set by your organisation: {name}" + (f" (policy file {source})" if source else "")


def searched_in(manual: Manual, board: str | None) -> str:
    """Whose procedures a search covered (their Levels A and B with their Level C): a list of hits
    must never leave its partnership unsaid."""
    if board is None:
        return "in every partnership's procedures (no partnership chosen)"
    return f"in {manual.board(board).name}'s procedures"


def query_cut(searched: str, by: str, limit: int) -> str:
    """A query longer than a search takes: said, with where it was cut, never dropped silently."""
    tail = searched.rstrip()
    if len(tail) > 40:  # its last words, whole where there are spaces to cut at
        tail = tail[-40:]
        tail = tail.split(" ", 1)[1] if " " in tail.strip() else tail
    return (f"the query is longer than a search takes: only its first {limit:,} {by} were searched "
            f"(up to “…{tail}”)")


# -- documents and forms (a chapter's attachments) ------------------------------

DOCUMENTS_HEADING = "Documents and forms"
DOCUMENT_KINDS = {  # by the file name's ending (reader.core.trust.layout's ATTACHMENT_TYPES)
    "pdf": "PDF document",
    "docx": "Word document",
    "xlsx": "Excel workbook",
    "png": "PNG image",
    "jpg": "JPEG image",
    "jpeg": "JPEG image",
}
DOCUMENTS_NOT_PRINTED = "in the reader, not printed here: open them there, where they are checked against the edition"


def document_size(length: int) -> str:
    """A file's size as a practitioner reads it: "812 bytes", "48 KB", "2.3 MB"."""
    if length < 1024:
        return f"{length} bytes"
    if length < 1024 * 1024:
        return f"{round(length / 1024)} KB"
    return f"{length / (1024 * 1024):.1f} MB"


def document_line(attachment) -> str:
    """One attachment as the CLI, the window and print list it: "Bruising Protocol (bruising-protocol.pdf,
    PDF document, 48 KB)"."""
    kind = DOCUMENT_KINDS.get(attachment.name.rpartition(".")[2], "file")
    return f"{attachment.title} ({attachment.name}, {kind}, {document_size(attachment.length)})"


ALSO_SEARCHED = "Also searched for"  # the editors' thesaurus phrases searched besides the words typed


def also_searched(phrases) -> str:
    """Said beside results when the thesaurus added the manual's own phrases ("cops" -> police)."""
    return f"{ALSO_SEARCHED}: " + ", ".join(f"“{phrase}”" for phrase in phrases)


def abbreviation_searched(forms) -> str:
    """Said beside results when an abbreviation and its long form were both searched (SearchResults.expanded)."""
    return "Searched as the abbreviation and its long form: " + ", ".join(f"“{form}”" for form in forms)


def search_notices(results, board_name: str | None, names: dict[str, str]) -> list[str]:
    """The lines said above a search's results, after the count and "did you mean", in this order.

    The window's search panel and `reader search` both say these (and
    `--json` carries them), so a worker hears the same thing in both.
    """
    lines = []
    if results.also_searched:
        lines.append(also_searched(results.also_searched))
    if results.expanded:
        lines.append(abbreviation_searched(results.expanded))
    return lines + absent_notice(results.absent, board_name, names)
