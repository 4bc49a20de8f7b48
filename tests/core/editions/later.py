"""The manual as a later edition would give it: for tests of what changes between editions."""

from dataclasses import replace

from reader.core.model import Manual


def with_body(manual: Manual, chapter_id: str, body: str) -> Manual:
    """One chapter's current wording replaced by `body`."""
    chapters = []
    for chapter in manual.chapters:
        if chapter.id == chapter_id:
            wording = replace(chapter.current, body=body)
            chapter = replace(chapter, wordings=chapter.wordings[:-1] + (wording,))
        chapters.append(chapter)
    return replace(manual, chapters=tuple(chapters))


def without(manual: Manual, chapter_id: str) -> Manual:
    """One chapter withdrawn."""
    return replace(manual, chapters=tuple(c for c in manual.chapters if c.id != chapter_id))
