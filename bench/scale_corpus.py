"""Large manuals for measurement only: the real manual's own paragraphs, recombined.

Never shipped and never shown to anyone as procedure text: a generated chapter
is a random sequence of the real chapters' paragraphs (Markdown blocks, headings
and lists kept whole) under a real title with a number, so word statistics,
lengths and markup look like the manual's. Deterministic for a seed.

    python bench/scale_corpus.py 1000      # prints a summary of the corpus
"""

from __future__ import annotations

import random
import statistics
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader.core.content import read_manual  # noqa: E402
from reader.core.model import SHARED, Chapter, Manual  # noqa: E402
from tests.core.editions.later import with_body as with_changed_body  # noqa: E402,F401 (one helper for tests and benches)

CONTENT = ROOT / "content"


def real_manual() -> Manual:
    return read_manual(CONTENT)


def _paragraphs(manual: Manual) -> list[str]:
    """Markdown blocks separated by blank lines, as the chapters hold them."""
    found = []
    for chapter in manual.chapters:
        found.extend(p.strip() for p in chapter.body.split("\n\n") if p.strip())
    return found


def scaled_manual(chapters: int, seed: int = 20240601, base: Manual | None = None) -> Manual:
    """A manual of `chapters` chapters recombined from the real one."""
    base = base or real_manual()
    rng = random.Random(seed)
    paragraphs = _paragraphs(base)
    lengths = [len(c.body.split("\n\n")) for c in base.chapters]
    boards = base.board_slugs()
    made = []
    for n in range(chapters):
        model = rng.choice(base.chapters)
        shared = rng.random() < 0.3
        scope = SHARED if shared else rng.choice(boards)
        level = rng.choice("AB") if shared else "C"
        count = max(1, min(40, int(rng.choice(lengths) * rng.uniform(0.5, 1.5))))
        body = "\n\n".join(rng.choice(paragraphs) for _ in range(count)) + "\n"
        wording = replace(model.current, body=body, status=())
        made.append(
            Chapter(
                id=f"{scope}-bench-{n:05d}",
                title=f"{model.title} {n}",
                title_origin="editorial",
                level=level,
                scope=scope,
                position=n,
                wordings=(wording,),
            )
        )
    return Manual(boards=base.boards, chapters=tuple(made), register=())


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    manual = scaled_manual(size)
    sizes = [len(c.body) for c in manual.chapters]
    print(
        f"{len(manual.chapters)} chapters, {sum(sizes) / 1e6:.1f} MB of Markdown, "
        f"median {statistics.median(sizes):.0f} chars, max {max(sizes)}"
    )
