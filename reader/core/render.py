"""Markdown to safe HTML for the viewer, and to plain text for the terminal.

Raw HTML in a chapter is shown as text, never interpreted: the chapter body is
reviewed content, but the viewer must not be a way to inject markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import markdown

_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"}


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def to_html(body: str) -> str:
    return _markdown().convert(body)


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
    parser.feed(to_html(body))
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
