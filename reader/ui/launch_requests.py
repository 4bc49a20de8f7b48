"""What a launch asks the window for (`reader --chapter ID`, `reader --search TEXT`), and opening it.

The first launch on a data folder opens its own window at the request; a later
one hands it to the window already running there (reader/ui/single_instance.py)
as one line of JSON, versioned so that a reader of another release is not
misread:

    {"v": 1, "chapter": "walsall-lado", "search": "strategy meeting"}\\n

Either field may be left out; neither means "come to the front". Anything on
the socket that is not exactly such a line, within MAX_MESSAGE bytes, is
ignored (another process of this user's writing to it, or garbage): it opens
nothing, says nothing and does not even raise the window. A well-formed request
whose words are wrong (a chapter this edition lacks, another partnership's
local procedure, nothing to search for) is the practitioner's own, so the window
says it through its Messages, as anything else it refuses.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass

from reader.core import labels
from reader.core.errors import ReaderError

VERSION = 1
MAX_CHAPTER = 200  # far above any chapter id (reader.core.trust.layout holds paths to this too)
MAX_SEARCH = 1000  # reader.core.search.query.MAX_QUERY_CHARS: no search needs more
# A request at its longest, every character escaped as JSON's worst (\\uXXXX twice for one outside the BMP).
MAX_MESSAGE = 64 + 12 * (MAX_CHAPTER + MAX_SEARCH)


@dataclass(frozen=True)
class LaunchRequest:
    chapter: str | None = None
    search: str | None = None

    def encode(self) -> bytes:
        """The line the second launch sends (ASCII, so its length in bytes is bounded by its characters)."""
        fields = {"v": VERSION} | {k: v for k, v in (("chapter", self.chapter), ("search", self.search)) if v is not None}
        return json.dumps(fields, ensure_ascii=True, separators=(",", ":")).encode("ascii") + b"\n"


def too_long(chapter: str | None, search: str | None) -> str | None:
    """Why the launch's arguments cannot be carried at all (the command line refuses them), or None."""
    if chapter is not None and len(chapter) > MAX_CHAPTER:
        return f"--chapter: a chapter id is at most {MAX_CHAPTER} characters (see: reader chapters)"
    if search is not None and len(search) > MAX_SEARCH:
        return f"--search: a search is at most {MAX_SEARCH} characters"
    return None


def decode(line: bytes) -> LaunchRequest | None:
    """The request on one line from the socket, or None if it is not one (then it is ignored)."""
    if len(line) > MAX_MESSAGE:
        return None
    try:
        message = json.loads(line.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError is one
        return None
    if not isinstance(message, dict) or message.get("v") != VERSION or type(message.get("v")) is not int:
        return None  # another release's request, or not ours at all (True == 1: hence the type)
    if not set(message) <= {"v", "chapter", "search"}:
        return None
    chapter, search = message.get("chapter"), message.get("search")
    if not all(value is None or isinstance(value, str) for value in (chapter, search)):
        return None
    if too_long(chapter, search) is not None:  # our own launches never send one
        return None
    return LaunchRequest(chapter, search)


def _control(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in text)


def problem(request: LaunchRequest) -> str | None:
    """What is wrong with the request's words, said to the practitioner; None if nothing."""
    if request.chapter is not None and (not request.chapter.strip() or _control(request.chapter)):
        return f"The reader was asked to open chapter {request.chapter!r}, which is not a chapter id (see: reader chapters)."
    if request.search is not None and (not request.search.strip() or _control(request.search)):
        return "The reader was asked to search, but for nothing it can search for: give words to search for."
    return None


def answer(instance, window) -> None:
    """Each later launch on the folder (`instance`, a reader.ui.single_instance.Instance): the window
    comes to the front, at what that launch asked for."""
    from reader.ui.single_instance import bring_to_front  # it imports this module: the wire format is here

    def opened(request: LaunchRequest) -> None:
        bring_to_front(window)
        open_in(window, request)

    instance.requested.connect(opened)


def open_in(window, request: LaunchRequest) -> None:
    """Open what `request` asks for in `window` (a MainWindow): the chapter, then the search.

    The partnership rule holds as for a bookmark or a link that comes from outside the
    contents: another partnership's local procedure is refused, saying whose it is and the
    way on, never opened under the practitioner's own partnership.
    """
    said = problem(request)
    if said is not None:
        window.messages.warning(said)
        return
    if request.chapter is not None:
        _open_chapter(window, request.chapter.strip())
    if request.search is not None:
        window.search_box.setText(request.search)  # the search pane comes forward with its text
        window.search_panel.request(request.search, immediate=True)
        window.focus_search()


def _open_chapter(window, chapter_id: str) -> None:
    manual = window.edition.manual
    try:
        chapter = manual.chapter(chapter_id)
    except ReaderError:
        window.messages.warning(f"The reader was asked to open chapter {chapter_id!r}, which is not in this edition "
                                f"(edition {window.edition.name}): choose it from the contents or search for it.")
        return
    why = labels.other_partnership(manual, chapter, window.settings.board)
    if why is not None:
        window.messages.warning(f"Not opened: {why}. To read it, choose "
                                f"{labels.scope_name(manual, chapter.scope)} as your partnership (Ctrl+B).")
        return
    window.open_chapter(chapter.id)
