"""A partnership's contacts: the numbers, addresses and links its Level C text gives.

Only what the text says: every contact is a string found in a chapter's own
words (or a link address the chapter itself carries), shown with the sentence
it comes from. Nothing is typed in by hand, completed or normalised; a number
the text writes as "0300 555 2866" is shown as "0300 555 2866".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core import render
from reader.core.model import Manual

KINDS = ("telephone", "email", "web")

# UK numbers as the manual writes them: 0 and 9-10 more digits in groups,
# the area code sometimes bracketed ("(01922) 650000"), or +44. Digits glued to
# the next word ("2866Out of Hours" in a capture) still end the number.
_PHONE = re.compile(r"(?<![\d\w])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?(?:[ \u00a0]?\d){6,8}(?!\d)")
# Emergency and non-emergency short numbers count only where the text says to ring them.
_SHORT = re.compile(r"\b(?:call|dial|ring|phone|telephone|on)\b[^.\d]{0,30}?(?<!\d)(999|112|111|101)(?!\d)", re.I)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\"]+[^\s<>()\".,;:!?']")
_WORDS = re.compile(r"[^\W\d_]{2,}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(“‘\"])")


@dataclass(frozen=True)
class Contact:
    kind: str  # "telephone", "email" or "web"
    value: str  # exactly as the text writes it
    sentence: str  # the sentence of the text it comes from
    chapter: str  # chapter id
    chapter_title: str
    section: str  # the heading above it, or "" at the top of the chapter
    occurrence: int  # 0 for the first time `value` appears in the chapter's text, 1 for the next...
    lead_in: str = ""  # the block before, verbatim, where the sentence is little more than the value
    # The text's own words just before the value ("Out of Hours", "Office number"): what tells two
    # numbers of one sentence apart, shown beside the number rather than left in the sentence.
    label: str = ""

    @property
    def href(self) -> str:
        if self.kind == "email":
            return f"mailto:{self.value}"
        if self.kind == "telephone":
            return "tel:" + re.sub(r"[^\d+]", "", self.value)
        return self.value if "://" in self.value else f"https://{self.value}"

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "value": self.value,
            "sentence": self.sentence,
            "chapter": self.chapter,
            "chapter_title": self.chapter_title,
            "section": self.section,
            "lead_in": self.lead_in,
            "label": self.label,
        }


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` holding text[start:end]."""
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() <= start:
            begin = match.end()
        elif match.start() >= end:
            return text[begin : match.start()].strip()
    return text[begin:].strip()


# Where the words that name a number begin: a clause break, or the start of its sentence.
_CLAUSE_BREAK = re.compile(r"[.:;,()\u2013\u2014]|\s-\s")
_SEPARATORS = " \u00a0:;,–—-("
LABEL_WORDS = 6  # a longer run of words is cut at its start, marked with "…"


def words_before(text: str, start: int, floor: int = 0) -> str:
    """The text's words just before text[start:], back to `floor` (the end of the contact before it)
    or the clause's start, verbatim; at most LABEL_WORDS of them, "…" marking words left out."""
    before = text[floor:start].rstrip(_SEPARATORS)
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end():]
    words = before.split()
    if len(words) > LABEL_WORDS:
        return "… " + " ".join(words[-LABEL_WORDS:])
    return " ".join(words)


def _found_in(text: str) -> list[tuple[str, str, int, int]]:
    """(kind, value, start, end) for every contact in one block of text, in order."""
    found = []
    taken: list[range] = []

    def add(kind, start, end):
        if any(start in r or end - 1 in r for r in taken):
            return  # a number inside a web address, say
        taken.append(range(start, end))
        found.append((kind, text[start:end], start, end))

    for match in _URL.finditer(text):
        add("web", match.start(), match.end())
    for match in _EMAIL.finditer(text):
        add("email", match.start(), match.end())
    for match in _PHONE.finditer(text):
        add("telephone", match.start(), match.end())
    for match in _SHORT.finditer(text):
        add("telephone", match.start(1), match.end(1))
    return sorted(found, key=lambda f: f[2])


def chapter_contacts(manual: Manual, chapter_id: str) -> list[Contact]:
    chapter = manual.chapter(chapter_id)
    contacts: list[Contact] = []
    seen_values: dict[str, int] = {}
    section, previous = "", ""
    for block in render.blocks(chapter.body):
        if block.kind.startswith("h"):
            section = block.text
        floor = 0
        for kind, value, start, end in _found_in(block.text):
            n = seen_values.get(value, 0)
            seen_values[value] = n + 1
            sentence = sentence_around(block.text, start, end)
            # "Email: x" or a bare link says what it is for only in the line before.
            bare = len(_WORDS.findall(sentence.replace(value, ""))) < 3
            label = words_before(block.text, start, floor) or (words_before(previous, len(previous)) if bare else "")
            contacts.append(Contact(kind, value, sentence, chapter.id, chapter.title, section, n,
                                    previous if bare else "", label))
            floor = end
        # A link whose words are not its address ("the online referral form")
        # still gives the address; its sentence is the block's sentence of those words.
        for href in block.links:
            address = href.removeprefix("mailto:")
            if address in block.text or not href.startswith(("http://", "https://", "mailto:")):
                continue
            kind = "email" if href.startswith("mailto:") else "web"
            contacts.append(Contact(kind, address, block.text, chapter.id, chapter.title, section, 0))
        previous = "" if block.kind.startswith("h") else block.text
    return contacts


def board_contacts(manual: Manual, board: str) -> list[Contact]:
    """Every contact the board's own Level C chapters give, in contents order.

    The same number or address given in several places is listed at each,
    because the sentence around it is what tells the reader what it is for.
    """
    manual.board(board)  # raises UnknownBoard
    contacts = []
    for chapter in manual.chapters_for(board, level="C"):
        if chapter.scope == board:
            contacts.extend(chapter_contacts(manual, chapter.id))
    return contacts
