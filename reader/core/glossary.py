"""Abbreviations the manual itself spells out, harvested from its text.

Never typed in by hand: an abbreviation is known only where a chapter writes
the long form followed by the short form in brackets, as in "Local Authority
Designated Officer (LADO)". The long form is found with the Schwartz-Hearst
rule (Schwartz & Hearst 2003, "A simple algorithm for identifying abbreviation
definitions in biomedical text"): walking both strings from the end, every
letter of the short form must occur in order in the words before the bracket,
and its first letter must start a word. Both forms are copied from the text,
never rebuilt, so the glossary shows the manual's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reader.core import render
from reader.core.model import Manual

# A short form: one bracketed word of 2-10 letters with at least two capitals
# ("LADO", "FaST", "LSCPs"); "(parents)" or "(All referrals ...)" are not.
_DEFINITION = re.compile(r"\(([A-Za-z]{2,10})\)")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Abbreviation:
    short: str  # as the manual writes it: "LADO"
    expansion: str  # the manual's words: "Local Authority Designated Officer"
    chapter: str  # id of the first chapter (in contents order) that defines it

    def to_json(self) -> dict:
        return {"short": self.short, "expansion": self.expansion, "chapter": self.chapter}


def _is_short_form(word: str) -> bool:
    return sum(ch.isupper() for ch in word) >= 2 and word[0].isupper()


def _long_form(short: str, before: str) -> str | None:
    """The words of `before` that `short` abbreviates, or None."""
    letters = [ch.lower() for ch in short if ch.isalnum()]
    # A plural short form ("LSCPs") abbreviates the same words as its singular.
    if len(letters) > 2 and short[-1] == "s" and short[-2].isupper():
        letters = letters[:-1]
    words = _WORD.findall(before)
    window = words[-min(len(letters) + 5, len(letters) * 2) :]
    candidate = " ".join(window)
    s, i = len(letters) - 1, len(candidate) - 1
    while s >= 0:
        want = letters[s]
        while i >= 0 and (
            candidate[i].lower() != want or (s == 0 and i > 0 and candidate[i - 1].isalnum())
        ):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start = i + 1
    long = candidate[start:].strip(" ,;:–-")
    # Every word of the long form must be a word of the text, not a fragment.
    if not long or candidate[start].lower() != letters[0] or len(long) <= len(short):
        return None
    return long


def harvest_abbreviations(manual: Manual) -> dict[str, Abbreviation]:
    """Abbreviation -> its definition, from the chapters' own text.

    Keyed by the short form as written. Where two chapters define the same
    short form, the first in contents order wins (its chapter is recorded).
    """
    found: dict[str, Abbreviation] = {}
    for chapter in manual.chapters:
        for short, long in _definitions(chapter.title, chapter.body):
            if short not in found:
                found[short] = Abbreviation(short, long, chapter.id)
    return found


@lru_cache(maxsize=100_000)
def _definitions(title: str, body: str) -> tuple[tuple[str, str], ...]:
    # Cached by the chapter's words: after an update only changed chapters
    # are rendered again (rendering every chapter is most of the cost).
    if not _DEFINITION.search(title) and not _DEFINITION.search(body):
        return ()
    found = []
    for text in [title] + [block.text for block in render.blocks(body)]:
        for match in _DEFINITION.finditer(text):
            short = match.group(1)
            if _is_short_form(short):
                long = _long_form(short, text[: match.start()])
                if long is not None:
                    found.append((short, long))
    return tuple(found)
