"""Markdown to safe HTML for the viewer, and to plain text for the terminal.

Raw HTML in a chapter is shown as text, never interpreted: the chapter body is
reviewed content, but the viewer must not be a way to inject markup.

Nor may the viewer load anything. Qt's text widgets read an <img> (or a style
sheet) from any local path, a device or a pipe included, so no tag that loads a
resource is ever emitted: an image is shown as its words, "[image: alt (address)]".

And every body renders, quickly. Markdown recurses once per level of nesting
(lists some 240 deep exhaust Python's stack) and scans from every "[" and "("
to its partner, so a few thousand unclosed brackets take minutes. Such a body
is shown as it was written, unformatted, with a note; no word of it is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from html.parser import HTMLParser

import markdown
from markdown.inlinepatterns import LinkInlineProcessor
from markdown.treeprocessors import Treeprocessor

_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"}

# What the viewer may be given: tags that load nothing, with the attributes they keep.
_ALLOWED = {
    "div": (), "p": (), "h1": (), "h2": (), "h3": (), "h4": (), "h5": (), "h6": (),
    "ul": (), "ol": ("start",), "li": (), "blockquote": (), "pre": (), "code": (),
    "em": (), "strong": (), "br": (), "hr": (), "span": ("class",), "a": ("href", "title"),
}

# Markdown's scans from a bracket to its partner run in Python, character by
# character; past this many characters scanned in one body (about 0.15 s) the
# body is shown unformatted. The edition's bodies scan 13,000 at most.
SCAN_BUDGET = 2_000_000
# Some block tests search the rest of their block with a regular expression,
# and a setext heading splits it into lines, once per block found: in C, some
# six times cheaper a character than the bracket scans (measured).
_REGEX_SHARE = 6
_SEARCHING_TESTS = ("hashheader", "hr", "quote")

UNFORMATTED_NOTE = ("This chapter could not be formatted, so it is shown exactly as it was written, "
                    "without its formatting. Every word is here.")


class _TooCostly(Exception):
    """The body would take too long to format."""


class _Meter:
    def __init__(self, budget: int):
        self.left = budget

    def spend(self, chars: int) -> None:
        self.left -= chars
        if self.left < 0:
            raise _TooCostly


def _metered_text(get_text, meter: _Meter):
    def getText(data, index):
        text, end, handled = get_text(data, index)
        meter.spend((end if handled else len(data)) - index)
        return text, end, handled
    return getText


def _metered_link(get_link, meter: _Meter):
    def getLink(data, index):
        href, title, end, handled = get_link(data, index)
        meter.spend((end if handled else len(data)) - index)
        return href, title, end, handled
    return getLink


def _metered_test(test, meter: _Meter):
    def metered(parent, block):
        found = test(parent, block)
        if not found:  # it searched the whole block (a find is consumed with its block)
            meter.spend(len(block) // _REGEX_SHARE)
        return found
    return metered


def _metered_run(run, meter: _Meter):
    def metered(parent, blocks):
        meter.spend(len(blocks[0]) // _REGEX_SHARE)  # it splits the whole block into lines
        return run(parent, blocks)
    return metered


# The addresses a link may have and still be shown as one: those the viewer follows
# (another chapter, or, after asking, the web or e-mail).
FOLLOWED = ("chapter:", "http://", "https://", "mailto:")


class _NothingLoads(Treeprocessor):
    """Images become their words; any other tag outside _ALLOWED becomes a plain span."""

    def run(self, root):
        for el in root.iter():
            if el.tag == "img":
                el.text = image_words(el.get("alt", ""), el.get("src", ""), el.get("title"))
                el.tag = "span"
                el.attrib = {"class": "image"}
            elif el.tag not in _ALLOWED:
                el.tag, el.attrib = "span", {}
            elif el.tag == "a" and not el.get("href", "").startswith(FOLLOWED):
                # "Click here" to "#", to a file of the partnership's site: the viewer follows
                # none of these, so it must not be shown as a link. Its words stay.
                el.tag, el.attrib = "span", {"class": "unlinked"}
            else:
                el.attrib = {k: v for k, v in el.attrib.items() if k in _ALLOWED[el.tag]}


def image_words(alt: str, src: str, title: str | None = None) -> str:
    """An image as the reader shows it: every word the chapter gave it, nothing fetched."""
    words = " ".join(w for w in (alt.strip(), f"({src.strip()})" if src.strip() else "") if w)
    if title:
        words += f' "{title.strip()}"'
    return f"[image: {words}]" if words else "[image]"


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    meter = _Meter(SCAN_BUDGET)
    for proc in md.inlinePatterns:
        if isinstance(proc, LinkInlineProcessor):
            # Instance attributes shadow the methods: every link, image and reference pattern.
            proc.getText = _metered_text(proc.getText, meter)
            proc.getLink = _metered_link(proc.getLink, meter)
    for name in _SEARCHING_TESTS:
        proc = md.parser.blockprocessors[name]
        proc.test = _metered_test(proc.test, meter)
    setext = md.parser.blockprocessors["setextheader"]
    setext.run = _metered_run(setext.run, meter)
    md.treeprocessors.register(_NothingLoads(md), "nothing_loads", 15)  # after inline (20)
    return md


def _convert(body: str) -> tuple[str, bool]:
    """The body's HTML, and whether it is formatted (False: shown as written)."""
    try:
        return _markdown().convert(body), True
    except (RecursionError, _TooCostly):
        # Only these: any other error is a bug to see, not a body to hide.
        return f"<pre>{escape(body)}</pre>", False


def to_html(body: str) -> str:
    html, formatted = _convert(body)
    if formatted:
        return html
    return f'<p class="note">{escape(UNFORMATTED_NOTE)}</p>\n{html}'


@dataclass(frozen=True)
class Block:
    kind: str  # "p", "h2", "li", ...
    text: str  # whitespace collapsed
    depth: int = 0  # list nesting, 0 outside lists
    marker: str = ""  # "•" or "3." for list items
    links: tuple[str, ...] = ()  # the addresses its links point to, in order


class _Blocks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._stack: list[dict] = []  # open blocks
        self._lists: list[list] = []  # open lists: [tag, counter]

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self._flush_open()
            start = dict(attrs).get("start")
            self._lists.append([tag, int(start) - 1 if start and start.isdigit() else 0])
        elif tag in _BLOCK_TAGS:
            self._flush_open()
            kind, marker, depth = tag, "", max(len(self._lists) - 1, 0)
            if tag == "li" and self._lists:
                lst = self._lists[-1]
                lst[1] += 1
                marker = f"{lst[1]}." if lst[0] == "ol" else "•"
            elif tag == "p" and self._stack and self._stack[-1]["kind"] == "li":
                # A loose list wraps its items' text in <p>: still the item.
                item = self._stack[-1]
                kind, marker, item["marker"] = "li", item["marker"], ""
            self._stack.append({"tag": tag, "kind": kind, "parts": [], "depth": depth, "marker": marker})
        elif tag == "br" and self._stack:
            self._stack[-1]["parts"].append("\n")
        elif tag == "a" and self._stack and dict(attrs).get("href"):
            self._stack[-1].setdefault("links", []).append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self._lists:
            self._flush_open()
            self._lists.pop()
        elif tag in _BLOCK_TAGS:
            self._flush_open()
            while self._stack:
                if self._stack.pop()["tag"] == tag:
                    break

    def handle_data(self, data):
        if self._stack:
            self._stack[-1]["parts"].append(data)

    def _flush_open(self):
        # A nested list or paragraph closes the text of the item around it.
        if self._stack and self._stack[-1]["parts"]:
            top = self._stack[-1]
            text = collapse("".join(top["parts"]))
            if text:
                self.blocks.append(Block(top["kind"], text, top["depth"], top["marker"], tuple(top.get("links", ()))))
                top["marker"] = ""  # a continuation of an item carries no marker
            top["parts"], top["links"] = [], []


def collapse(text: str) -> str:
    """Whitespace runs (non-breaking spaces included) to one space, trimmed."""
    return re.sub(r"\s+", " ", text).strip()


def blocks(body: str) -> list[Block]:
    """The text blocks (paragraphs, headings, list items) a chapter shows."""
    return list(_blocks(body))


@lru_cache(maxsize=1024)
def _blocks(body: str) -> tuple[Block, ...]:
    # Search, the glossary and the contacts all read the same few hundred
    # bodies; rendering each once keeps the window's start-up short.
    parser = _Blocks()
    parser.feed(_convert(body)[0])  # the note is for the reader, not for search
    parser.close()
    return tuple(parser.blocks)


def to_text(body: str) -> str:
    lines = []
    for block in blocks(body):
        if block.kind == "li":
            indent = "  " * block.depth
            lead = f"{block.marker} " if block.marker else "  "
            lines.append(f"{indent}{lead}{block.text}")
        else:
            if lines and lines[-1] != "":
                lines.append("")
            lines.append(block.text)
            lines.append("")
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
