"""The excerpt shown under a search hit: the manual's exact words, never changed.

A snippet is one unbroken stretch of one block (paragraph, heading or list
item) of the chapter, cut at spaces, around the densest cluster of matched
words. The marks say which words matched, as character ranges into the
snippet, so each front end marks them its own way: `html()` wraps them in
<b>...</b> and escapes the rest; the command line prints the plain text and
carries the ranges in its JSON. No ellipsis or other character is added to the
text itself.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from reader.core.search.index import ANALYZER
from reader.core.search.words import WORD_PATTERN

SNIPPET_CHARS = 180  # about two lines of the results list
_NEWLINE = re.compile("\n")


@dataclass(frozen=True)
class Snippet:
    text: str  # a verbatim substring of one block of the chapter
    marks: tuple[tuple[int, int], ...]  # matched words: [start, end) into text
    section: str | None  # heading of the section the excerpt is in, None before any
    section_index: int  # that heading's ordinal in the chapter (1 = first), 0 before any

    def html(self) -> str:
        out, last = [], 0
        for start, end in self.marks:
            out.append(html.escape(self.text[last:start]))
            out.append(f"<b>{html.escape(self.text[start:end])}</b>")
            last = end
        out.append(html.escape(self.text[last:]))
        return "".join(out)


_TOKEN = re.compile(WORD_PATTERN)  # the index's own tokenizer pattern


@lru_cache(maxsize=65536)
def _stem_of(word: str) -> str | None:
    tokens = [t.text for t in ANALYZER(word)]
    return tokens[0] if len(tokens) == 1 else None


@lru_cache(maxsize=512)
def _places(text: str) -> dict[str, tuple[tuple[int, int], ...]]:
    """Every word of `text` as the index cut and stemmed it: stem -> (start, end) of each.

    Cut once per chapter text (cached like chapter_text: a search shows the
    same chapters again as a query is typed), so a snippet looks its stems
    up rather than scanning the chapter for candidates each time. Each word
    is stemmed by the index's own analyzer (cached per word), so a mark is
    put exactly where indexing found the stem.
    """
    found: dict[str, list[tuple[int, int]]] = {}
    for match in _TOKEN.finditer(text):
        stem = _stem_of(match.group())
        if stem is not None:
            found.setdefault(stem, []).append(match.span())
    return {stem: tuple(spans) for stem, spans in found.items()}


def _matches(text: str, terms: set[str]) -> list[tuple[int, int, str]]:
    """Where words of `text` have one of the stems `terms`, exactly as indexed, in text order."""
    places = _places(text)
    return sorted((start, end, term) for term in terms for start, end in places.get(term, ()))


def _best_window(matches: list[tuple[int, int, str]], line_of, width: int) -> tuple[int, int]:
    """Indices [i, j] of the matches that best fill one window on one line."""
    best, best_score = (0, 0), None
    j = 0
    for i in range(len(matches)):
        j = max(j, i)
        while (
            j + 1 < len(matches)
            and line_of(matches[j + 1][0]) == line_of(matches[i][0])
            and matches[j + 1][1] - matches[i][0] <= width
        ):
            j += 1
        window = matches[i : j + 1]
        score = (len({m[2] for m in window}), len(window))
        if best_score is None or score > best_score:
            best, best_score = (i, j), score
    return best


def make_snippet(text: str, terms: set[str], headings, width: int = SNIPPET_CHARS) -> Snippet:
    """Excerpt of `text` (blocks, one per line) around the stemmed `terms`."""
    starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    def line_of(offset: int) -> int:
        return bisect_right(starts, offset) - 1

    matches = _matches(text, terms)
    if matches:
        i, j = _best_window(matches, line_of, width)
        first, last = matches[i][0], matches[j][1]
    else:
        first = last = 0
    line = line_of(first)
    line_start = starts[line]
    line_end = starts[line + 1] - 1 if line + 1 < len(starts) else len(text)

    room = max(width - (last - first), 0)
    left = max(first - room // 3, line_start)
    right = min(last + room - (first - left), line_end)
    if last - line_start <= width:
        left = line_start  # the line's own beginning fits: start there
        right = min(line_start + width, line_end)
    if left > line_start:  # cut after a space, never inside a word
        space = text.find(" ", left, first)
        left = space + 1 if space >= 0 else first
    if right < line_end:
        space = text.rfind(" ", last, right + 1)
        right = space if space >= 0 else max(last, right)
        while right > last and text[right - 1] == " ":
            right -= 1

    marks = tuple((s - left, e - left) for s, e, _ in matches if s >= left and e <= right)
    section, ordinal = None, 0
    at = bisect_right([h[0] for h in headings], left) - 1
    if at >= 0:
        _, ordinal, section = headings[at]
    return Snippet(text[left:right], marks, section, ordinal)
