"""Reading the source captures: lines, register blocks, and text to Markdown.

The captures lost their markup: headings, list items and links arrive as plain
lines. This module recovers structure from layout only (bullet glyphs, list
numbers, short unpunctuated lines as headings) and never changes a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reader.core.render import collapse

REGISTER_DATE = re.compile(r"^\d{2}-\d{2}-\d{4}$")
_ITEM = re.compile(r"^(?P<indent>\s*)(?:(?P<bullet>[•\-])|(?P<number>\d+)\.)\s+(?P<text>\S.*)$")
_URL = re.compile(r"https?://[^\s<>()]+[^\s<>().,;:!?'\"]")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")


@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number in the capture
    raw: str
    text: str  # whitespace collapsed; "" for a blank line


@dataclass(frozen=True)
class Node:
    kind: str  # "heading", "item" or "para"
    text: str
    line: int
    depth: int = 0  # items: 0 top level, 1 nested
    ordered: bool = False


def read_lines(path: Path) -> list[Line]:
    raw = path.read_text(encoding="utf-8").split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    return [Line(i + 1, r, collapse(r)) for i, r in enumerate(raw)]


def plain_markdown_line(raw: str) -> tuple[str, str]:
    """(kind, text) of a line of a capture that kept Markdown (003).

    Its bold and link markup is dropped for the text; links come back through
    the same autolinking as every other capture.
    """
    stripped = raw.strip()
    kind = "heading" if stripped.startswith("#") else ""
    text = stripped.lstrip("#").strip()
    text = text.replace("**", "")
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    return kind, collapse(text)


def looks_like_heading(text: str) -> bool:
    """A short line without closing punctuation: how the captures show headings."""
    return (
        len(text) <= 90
        and len(text.split()) <= 12
        and (text[0].isupper() or text[0].isdigit())
        and text[-1] not in ".,;:!?"
        and not text.startswith("(")
        and "@" not in text  # a contact line ("Email: ...") is text, not a heading
        and "http" not in text
    )


def to_nodes(
    lines: list[Line],
    *,
    markdown_source: bool = False,
    not_headings: frozenset[str] = frozenset(),
    headings: frozenset[str] = frozenset(),
) -> list[Node]:
    """Structure the non-blank lines of one chapter's span."""
    content = [ln for ln in lines if ln.text]
    nodes = []
    for i, ln in enumerate(content):
        if markdown_source:
            kind, text = plain_markdown_line(ln.raw)
            if kind == "heading":
                nodes.append(Node("heading", text, ln.no))
                continue
            raw = ln.raw
        else:
            text, raw = ln.text, ln.raw
        item = _ITEM.match(raw)
        if item and not (markdown_source and item.group("number")):
            indent = len(item.group("indent").replace("\t", "    "))
            depth = 1 if indent >= 4 else 0
            item_text = collapse(item.group("text"))
            if markdown_source:
                item_text = plain_markdown_line(item_text)[1]
            nodes.append(Node("item", item_text, ln.no, depth, bool(item.group("number"))))
            continue
        is_last = i == len(content) - 1
        if text in headings or (text not in not_headings and not is_last and looks_like_heading(text)):
            nodes.append(Node("heading", text, ln.no))
        else:
            nodes.append(Node("para", text, ln.no))
    return nodes


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for ch in "`*_[]":
        text = text.replace(ch, "\\" + ch)
    return re.sub(r"&(?=#?[A-Za-z0-9]+;)", "&amp;", text)


def inline_markdown(text: str) -> str:
    """Escape `text` for Markdown, turning web and e-mail addresses into links."""
    out, pos = [], 0
    pattern = re.compile(f"{_URL.pattern}|{_EMAIL.pattern}")
    for m in pattern.finditer(text):
        out.append(_escape(text[pos : m.start()]))
        found = m.group(0)
        # E-mail addresses as explicit mailto links: python-markdown would
        # otherwise obfuscate them into character entities.
        out.append(f"<{found}>" if found.startswith("http") else f"[{_escape(found)}](mailto:{found})")
        pos = m.end()
    out.append(_escape(text[pos:]))
    return "".join(out)


def _escape_block_start(md: str) -> str:
    # A paragraph must not begin like a heading, quote, list item or rule.
    md = re.sub(r"^(#|>|[+\-](?=\s))", r"\\\1", md)
    return re.sub(r"^(\d+)\.(?=\s)", r"\1\\.", md)


def to_markdown(nodes: list[Node]) -> str:
    parts: list[str] = []
    prev: Node | None = None
    for node in nodes:
        text = inline_markdown(node.text)
        if node.kind == "heading":
            parts.append("\n## " + text)
        elif node.kind == "item":
            marker = "1." if node.ordered else "-"
            same_list = prev is not None and prev.kind == "item" and (
                prev.ordered == node.ordered or node.depth != prev.depth
            )
            line = "    " * node.depth + f"{marker} {text}"
            parts.append(line if same_list else "\n" + line)
        else:
            parts.append("\n" + _escape_block_start(text))
        prev = node
    return "\n".join(parts).strip() + "\n"
