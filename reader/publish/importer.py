"""Turn the source captures into content/, driven by content/sources/mapping.toml.

The mapping is the reviewed record of every editorial decision: where each
chapter starts and ends, its title and level, which lines are page chrome. The
importer is deterministic: the same captures and mapping give the same files,
byte for byte. It refuses (ImportFailure) rather than guess: an unmapped
register block, a span whose first or last line is not found, a register of
000 that is not the tail of 001's.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from reader.core.atomic import write_text
from reader.core.content import manual_files
from reader.core.dates import parse_register_date
from reader.core.errors import ReaderError
from reader.core.model import SHARED, Amendment, Board, BoardEvent, Chapter, Manual, Source, Wording
from reader.publish.capture import REGISTER_DATE, Line, read_lines, to_markdown, to_nodes

MAPPING = "mapping.toml"


class ImportFailure(ReaderError):
    """The captures and the mapping disagree; the message says where."""


@dataclass
class Block:
    """One register entry of a capture: its lines and the date closing it."""

    file: str
    date: str  # as written, DD-MM-YYYY
    lines: list[Line]

    @property
    def span(self) -> str:
        return f"{self.lines[0].no}-{self.lines[-1].no}"


def load_mapping(sources: Path) -> dict:
    try:
        return tomllib.loads((sources / MAPPING).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ImportFailure(f"{sources / MAPPING} is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise ImportFailure(f"{MAPPING} is not valid TOML: {exc}") from None


def is_chrome(text: str, mapping: dict) -> bool:
    return text in mapping["chrome"] or any(text.startswith(p) for p in mapping["chrome_prefixes"])


def register_blocks(sources: Path, name: str, mapping: dict) -> list[Block]:
    blocks, pending = [], []
    for line in read_lines(sources / name):
        if not line.text or is_chrome(line.text, mapping):
            continue
        if REGISTER_DATE.match(line.text):
            if not pending:
                raise ImportFailure(f"{name}:{line.no}: a date with no entry above it")
            blocks.append(Block(name, line.text, pending))
            pending = []
        else:
            pending.append(line)
    if pending:
        raise ImportFailure(f"{name}:{pending[0].no}: text after the last dated entry")
    return blocks


def _block_rule(block: Block, mapping: dict) -> dict | None:
    if len(block.lines) == 1:
        return None
    for rule in mapping["register"]["block"]:
        if rule["date"] == block.date and block.lines[0].text.startswith(rule["starts"]):
            return rule
    raise ImportFailure(
        f"{block.file}:{block.lines[0].no}: register block of {block.date} with chapter text "
        f"is not in {MAPPING} (starts {block.lines[0].text[:60]!r})"
    )


def _split_block(block: Block, rule: dict | None) -> tuple[list[Line], list[Line], list[Line]]:
    """(status lines, chapter text lines, details lines) of a block."""
    lines = block.lines
    if rule is None:
        return [], [], lines
    status = lines[: rule.get("status_lines", 0)]
    rest = lines[len(status) :]
    how = rule.get("details", "last")
    if how == "last":
        return status, rest[:-1], rest[-1:]
    if how == "first":
        return status, rest[1:], rest[:1]
    starts = [i for i, ln in enumerate(rest) if ln.text.startswith(how)]
    if not starts:
        raise ImportFailure(f"{block.file}:{lines[0].no}: details line {how!r} not found")
    return status, rest[: starts[-1]], rest[starts[-1] :]


def _details(lines: list[Line]) -> str:
    return "\n\n".join(ln.text for ln in lines)


def _entry_ids(blocks: list[Block]) -> list[str]:
    # Numbered from the oldest entry of each day (the register lists newest
    # first), so that entries added later on the same day do not renumber.
    counts: dict[str, int] = {}
    ids = [""] * len(blocks)
    for i in range(len(blocks) - 1, -1, -1):
        day = parse_register_date(blocks[i].date).isoformat()
        counts[day] = counts.get(day, 0) + 1
        ids[i] = f"{day}-{counts[day]:02d}"
    return ids


def import_register(sources: Path, mapping: dict):
    """The register entries, and the chapter wordings that the blocks carry."""
    reg = mapping["register"]
    primary = register_blocks(sources, reg["primary"], mapping)
    seen_in = {i: [reg["primary"]] for i in range(len(primary))}
    for name in reg.get("repeats", ()):
        older = register_blocks(sources, name, mapping)
        tail = primary[len(primary) - len(older) :]
        for a, b in zip(older, tail, strict=True):
            if a.date != b.date or [x.text for x in a.lines] != [x.text for x in b.lines]:
                raise ImportFailure(
                    f"{name}:{a.lines[0].no}: entry differs from {reg['primary']}:{b.lines[0].no}; "
                    f"{name} is expected to repeat the oldest entries of {reg['primary']}"
                )
        for i in range(len(primary) - len(older), len(primary)):
            seen_in[i].insert(0, name)

    captured = mapping["sources"][reg["primary"]]["captured"]
    entries, wordings = [], {}
    for i, (block, entry_id) in enumerate(zip(primary, _entry_ids(primary), strict=True)):
        rule = _block_rule(block, mapping)
        status, text, details = _split_block(block, rule)
        chapter = rule["chapter"] if rule else None
        entries.append(
            Amendment(
                id=entry_id,
                date=parse_register_date(block.date),
                details=_details(details),
                chapter=chapter,
                scope=SHARED,
                sources=tuple(seen_in[i]),
            )
        )
        if chapter:
            if rule.get("title_line") and text:
                text = text[1:]
            nodes = to_nodes(text, not_headings=frozenset(rule.get("not_headings", ())))
            wordings.setdefault(chapter, []).append(
                Wording(
                    body=to_markdown(nodes),
                    source=Source(block.file, captured, block.span),
                    valid_from=parse_register_date(block.date),
                    status=tuple(ln.text for ln in status),
                )
            )
    return entries, wordings


def _find(lines: list[Line], text: str, after: int, name: str, what: str) -> int:
    for i in range(after, len(lines)):
        if lines[i].text == text:
            return i
    raise ImportFailure(f"{name}: {what} line {text!r} not found")


def excluded_lines(lines: list[Line], name: str, mapping: dict) -> set[int]:
    """Line numbers of the stretches the mapping marks as not procedure text."""
    skip: set[int] = set()
    for rule in mapping.get("excluded", ()):
        if rule["source"] == name:
            start = _find(lines, rule["start"], 0, name, "excluded start")
            end = _find(lines, rule["end"], start, name, "excluded end")
            skip.update(ln.no for ln in lines[start : end + 1])
    return skip


def import_local(sources: Path, rule: dict, mapping: dict) -> Wording:
    """A chapter cut from a local partnership's page by its first and last line."""
    name = rule["source"]
    src = mapping["sources"][name]
    lines = read_lines(sources / name)
    start = _find(lines, rule["start"], 0, name, f"chapter {rule['id']} start")
    end = _find(lines, rule["end"], start, name, f"chapter {rule['id']} end")
    span = lines[start : end + 1]
    if rule.get("title_origin") == "text" and span[0].text.rstrip(":").replace("#", "").replace("*", "").strip() == rule["title"]:
        span = span[1:]
    status = [ln for ln in span if ln.text in rule.get("status", ())]
    if len(status) != len(rule.get("status", ())):
        raise ImportFailure(f"{name}: a status line of {rule['id']} is not in its span")
    skip = excluded_lines(lines, name, mapping)
    body_lines = [ln for ln in span if ln not in status and ln.no not in skip and not is_chrome(ln.text, mapping)]
    nodes = to_nodes(
        body_lines,
        markdown_source=src.get("format") == "markdown",
        not_headings=frozenset(rule.get("not_headings", ())),
        headings=frozenset(rule.get("headings", ())),
    )
    return Wording(
        body=to_markdown(nodes),
        source=Source(name, str(src["captured"]), f"{lines[start].no}-{lines[end].no}"),
        status=tuple(ln.text for ln in status),
    )


def _link_only(rule: dict) -> bool:
    """The mapping's decision that a chapter is only the words its page showed above a link.

    Such a chapter must say so in an editorial note: a practitioner reading one sentence
    would otherwise take it for the whole protocol."""
    value = rule.get("link_only", False)
    if not isinstance(value, bool):
        raise ImportFailure(f"chapter {rule['id']}: link_only must be true or false, not {value!r}")
    if value and not rule.get("editorial_note", "").strip():
        raise ImportFailure(
            f"chapter {rule['id']}: link_only needs an editorial_note saying that the document "
            "itself is not in this edition (and where the partnership published it)"
        )
    return value


def build_manual(sources: Path) -> Manual:
    mapping = load_mapping(sources)
    try:
        return _build(sources, mapping)
    except KeyError as exc:
        raise ImportFailure(f"{MAPPING}: an entry lacks the key {exc.args[0]!r}") from None
    except FileNotFoundError as exc:
        raise ImportFailure(f"capture {Path(exc.filename).name} named in {MAPPING} is missing") from None


def _build(sources: Path, mapping: dict) -> Manual:
    entries, register_wordings = import_register(sources, mapping)
    chapters, positions = [], {}
    for rule in mapping["chapter"]:
        key = (rule["level"], rule["scope"])
        positions[key] = positions.get(key, 0) + 1
        if "source" in rule:
            wordings = [import_local(sources, rule, mapping)]
        else:
            wordings = sorted(register_wordings.pop(rule["id"], []), key=lambda w: w.valid_from)
            if not wordings:
                raise ImportFailure(f"chapter {rule['id']}: no register block is mapped to it")
        link_only = _link_only(rule)
        chapters.append(
            Chapter(
                id=rule["id"],
                title=rule["title"],
                title_origin=rule["title_origin"],
                level=rule["level"],
                scope=rule["scope"],
                position=positions[key],
                wordings=tuple(wordings),
                editorial_note=rule.get("editorial_note", ""),
                link_only=link_only,
            )
        )
    if register_wordings:
        raise ImportFailure(f"register blocks mapped to undeclared chapters: {sorted(register_wordings)}")
    boards = tuple(
        Board(b["slug"], b["name"], tuple(BoardEvent(str(e["date"]), e["what"], e["source"]) for e in b.get("event", ())))
        for b in mapping["board"]
    )
    entries.sort(key=lambda a: (a.date, a.id), reverse=True)
    return Manual(boards=boards, chapters=tuple(chapters), register=tuple(entries))


def write_content(manual: Manual, out: Path) -> list[str]:
    """Write the manual's files under `out`, removing generated files it no longer has.

    Each file is written beside its target and renamed over it, so an
    interrupted import never leaves a half-written chapter.
    """
    files = manual_files(manual)
    for generated in ("chapters", "wordings"):
        for old in sorted((out / generated).rglob("*.md")) if (out / generated).is_dir() else ():
            if old.relative_to(out).as_posix() not in files:
                old.unlink()
    for rel, text in files.items():
        write_text(out / rel, text)
    for folder in sorted((out / "wordings").glob("*"), reverse=True) if (out / "wordings").is_dir() else ():
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return sorted(files)
