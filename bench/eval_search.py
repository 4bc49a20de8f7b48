"""Search relevance on practitioner queries (not a test): the reader beside SQLite FTS5.

Reads the graded queries of bench/search_eval/ (tuning.toml by default;
held_out.toml with --held-out, to be run once tuning is done) and prints, for
each engine, success@1 and success@3 (a grade-2 answer first / in the top
three) and MRR (1 / rank of the first grade-2 answer, 0 past rank 10), overall
and by kind of query. Engines, all on the real manual, filtered to the
query's partnership (shared chapters and its own Level C):

- reader: reader.core.search as shipped, with the manual's thesaurus;
- reader, no thesaurus: the same with the thesaurus emptied;
- fts5: SQLite FTS5, bm25 with the title weighted x3, the words ORed, the
  porter tokenizer (bench_search.py's floor reference).

    .venv/bin/python bench/eval_search.py [--held-out] [--misses]
"""

from __future__ import annotations

import sys
import tempfile
import tomllib
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import fts_build, fts_search  # noqa: E402
from scale_corpus import real_manual  # noqa: E402

from reader.core.search import open_index  # noqa: E402

EVAL = Path(__file__).resolve().parent / "search_eval"
DEPTH = 10  # results looked at for MRR


@dataclass(frozen=True)
class Case:
    text: str
    board: str | None
    kind: str
    answers: dict[str, int]  # chapter id -> grade (2 answers, 1 helps)


def load(name: str) -> list[Case]:
    data = tomllib.loads((EVAL / name).read_text(encoding="utf-8"))
    return [Case(q["text"], q.get("board"), q["kind"], dict(q["answers"])) for q in data["query"]]


def first_rank(case: Case, found: list[str]) -> int | None:
    """1-based rank of the first grade-2 answer in `found`, or None."""
    for rank, chapter_id in enumerate(found[:DEPTH], start=1):
        if case.answers.get(chapter_id) == 2:
            return rank
    return None


def measure(cases: list[Case], run) -> dict[str, dict[str, float]]:
    """{"all" and each kind: {"n", "s@1", "s@3", "mrr"}} for an engine `run(text, board) -> ids`."""
    groups: dict[str, list[int | None]] = defaultdict(list)
    for case in cases:
        rank = first_rank(case, run(case.text, case.board))
        groups["all"].append(rank)
        groups[case.kind].append(rank)
    out = {}
    for group, ranks in groups.items():
        n = len(ranks)
        out[group] = {
            "n": n,
            "s@1": sum(r == 1 for r in ranks) / n,
            "s@3": sum(r is not None and r <= 3 for r in ranks) / n,
            "mrr": sum(1 / r for r in ranks if r is not None) / n,
        }
    return out


def engines(manual, tmp: Path) -> dict:
    on = open_index(tmp / "on", manual)
    off = open_index(tmp / "off", replace(manual, thesaurus=()))
    db = fts_build(manual, tmp / "fts.sqlite")
    return {
        "reader": lambda text, board: [h.id for h in on.search(text, board=board, limit=DEPTH).results],
        "reader, no thesaurus": lambda text, board: [h.id for h in off.search(text, board=board, limit=DEPTH).results],
        "fts5 (bm25, OR)": lambda text, board: [row[0] for row in fts_search(db, text, board)],
    }


def main(argv: list[str]) -> None:
    name = "held_out.toml" if "--held-out" in argv else "tuning.toml"
    cases = load(name)
    manual = real_manual()
    with tempfile.TemporaryDirectory() as tmp:
        runs = engines(manual, Path(tmp))
        print(f"{name}: {len(cases)} queries, {len(manual.chapters)} chapters")
        kinds = sorted({c.kind for c in cases})
        print(f"{'engine':<22} | {'s@1':>5} | {'s@3':>5} | {'MRR':>5} | s@3 by kind: " + ", ".join(kinds))
        for label, run in runs.items():
            r = measure(cases, run)
            by_kind = ", ".join(f"{r[k]['s@3']:.0%}" for k in kinds)
            a = r["all"]
            print(f"{label:<22} | {a['s@1']:>5.0%} | {a['s@3']:>5.0%} | {a['mrr']:>5.2f} | {by_kind}")
        if "--misses" in argv:
            run = runs["reader"]
            for case in cases:
                found = run(case.text, case.board)
                rank = first_rank(case, found)
                if rank != 1:
                    print(f"  {rank or '-':>2} {case.text!r} ({case.board}): {found[:3]}")


if __name__ == "__main__":
    main(sys.argv[1:])
