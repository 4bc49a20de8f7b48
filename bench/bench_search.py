"""Search benchmark (not a test): Whoosh against SQLite FTS5 as the floor reference.

For each corpus size (default 1,000 and 10,000 chapters, recombined from the
real manual by scale_corpus.py) prints: index build time; p50/p95 latency of a
query with its snippets over a fixed set of practitioner-like queries
(prefixes and typos included), for Whoosh (reader.core.search) and for FTS5
(bm25 + snippet()) on the same text; their ratio; and the time to update the
index after one chapter changed. Also the first run of each query and board
(nothing remembered yet), the three slowest queries, and the load average
before and after (the figures are only as quiet as the machine).

    .venv/bin/python bench/bench_search.py [SIZE ...]
"""

from __future__ import annotations

import os
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_corpus import real_manual, scaled_manual, with_changed_body  # noqa: E402

from reader.core import render  # noqa: E402
from reader.core.search import build_index, open_index  # noqa: E402

QUERIES = [
    "LADO",
    "bruising in a baby",
    "what do I need for a referral",
    "child death",
    '"significant harm"',
    "strategy meeting",
    "allegations against staff",
    "MASH",
    "information sharing",
    "missing from school",
    "complaint about conference",
    "escalation",
    "early help",
    "organised abuse",
    "Responding to concerns about a child",
    "Local Authority Designated Officer",
    "domestic abuse",
    "neglect",
    "core group",
    "threshold of need",
    "police NOT school",
    "consent to share information",
    "section 47 enquiries",
    "strat",  # prefixes: typed so far
    "safegu",
    "child prot",
    "bruseing",  # typos
    "refferal",
    "conferance",
    "escalaton",
]
BOARDS = [None, "walsall", "dudley"]
ROUNDS = 5  # each query x board is timed this many times


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def time_queries(run, first: list[float] | None = None) -> list[float]:
    """The rounds' timings; `first` gets each query and board's first run (cold caches)."""
    for query in QUERIES:  # warm caches once; timed, apart, if asked
        for board in BOARDS if first is not None else [None]:
            start = time.perf_counter()
            run(query, board)
            if first is not None:
                first.append((time.perf_counter() - start) * 1000)
    timings = []
    for _ in range(ROUNDS):
        for query in QUERIES:
            for board in BOARDS:
                start = time.perf_counter()
                run(query, board)
                timings.append((time.perf_counter() - start) * 1000)
    return timings


# -- SQLite FTS5 -------------------------------------------------------------


def fts_build(manual, path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.execute(
        "CREATE VIRTUAL TABLE chapters USING fts5("
        "id UNINDEXED, scope UNINDEXED, level UNINDEXED, title, body, tokenize='porter unicode61')"
    )
    rows = (
        (c.id, c.scope, c.level, c.title, "\n".join(b.text for b in render.blocks(c.body)))
        for c in manual.chapters
    )
    db.executemany("INSERT INTO chapters VALUES (?, ?, ?, ?, ?)", rows)
    db.commit()
    return db


def fts_query(text: str) -> str | None:
    """The same query in FTS5 syntax: words ORed, phrases kept, last word a prefix."""
    phrases = re.findall(r'"([^"]*)"', text)
    rest = re.sub(r'"[^"]*"', " ", text)
    words = [w for w in re.findall(r"\w+", rest) if w not in ("AND", "OR", "NOT")]
    parts = [f'"{p}"' for p in phrases if p.strip()]
    parts += [f'"{w}"' for w in words]
    if words and text.rstrip() == text and not text.endswith('"'):
        parts[-1] += "*"
    return " OR ".join(parts) or None


def fts_search(db: sqlite3.Connection, text: str, board: str | None):
    query = fts_query(text)
    if query is None:
        return []
    sql = (
        "SELECT id, title, snippet(chapters, 4, '<b>', '</b>', '', 24), bm25(chapters, 0, 0, 0, 3.0, 1.0) AS rank "
        "FROM chapters WHERE chapters MATCH ?"
    )
    args: list = [query]
    if board is not None:
        sql += " AND scope IN ('shared', ?)"
        args.append(board)
    return db.execute(sql + " ORDER BY rank LIMIT 10", args).fetchall()


# -- one size ------------------------------------------------------------------


def bench(size: int, base) -> dict:
    manual = scaled_manual(size, base=base)
    out = {"chapters": size}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        build_index(manual, tmp / "index")
        out["whoosh_build_s"] = time.perf_counter() - start
        index = open_index(tmp / "index", manual)
        first: list[float] = []
        timings = time_queries(lambda q, b: index.search(q, board=b, limit=10), first)
        out["whoosh_p50"], out["whoosh_p95"] = statistics.median(timings), percentile(timings, 95)
        # The first run of each query and board: nothing remembered yet (the
        # searcher's look-ups, rendered chapters, their words for snippets).
        out["first_p50"], out["first_p95"] = statistics.median(first), percentile(first, 95)
        slowest = {}
        for query in QUERIES:
            runs = []
            for board in BOARDS:
                start = time.perf_counter()
                index.search(query, board=board, limit=10)
                runs.append((time.perf_counter() - start) * 1000)
            slowest[query] = max(runs)
        out["slowest"] = sorted(slowest.items(), key=lambda kv: -kv[1])[:3]

        # One chapter changes, the app updates its open index: median of 5.
        updates = []
        for n in range(5):
            target = manual.chapters[(n * 997) % len(manual.chapters)].id
            manual = with_changed_body(manual, target, f"Changed wording number {n} of this chapter.\n")
            start = time.perf_counter()
            report = index.update(manual)
            updates.append((time.perf_counter() - start) * 1000)
            assert report.reindexed == 1, report
        out["update_ms_median"], out["update_ms_max"] = statistics.median(updates), max(updates)
        index.close()

        start = time.perf_counter()
        db = fts_build(manual, tmp / "fts.sqlite")
        out["fts_build_s"] = time.perf_counter() - start
        timings = time_queries(lambda q, b: fts_search(db, q, b))
        out["fts_p50"], out["fts_p95"] = statistics.median(timings), percentile(timings, 95)
        db.close()
    return out


def load() -> str:
    """The load average: these figures are only as quiet as the machine."""
    try:
        return "load average " + ", ".join(f"{v:.2f}" for v in os.getloadavg()) + f" on {os.cpu_count()} cores"
    except OSError:  # not on every system (Windows)
        return "load average unknown"


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1000, 10000]
    base = real_manual()
    print(f"{len(QUERIES)} queries x {len(BOARDS)} board settings x {ROUNDS} rounds, top 10 with snippets")
    print(f"before: {load()}")
    header = (
        f"{'chapters':>8} | {'whoosh build':>12} | {'p50':>7} | {'p95':>7} | "
        f"{'fts5 build':>10} | {'p50':>7} | {'p95':>7} | {'p95 ratio':>9} | {'update 1 chapter':>22}"
    )
    print(header)
    print("-" * len(header))
    for size in sizes:
        r = bench(size, base)
        print(
            f"{r['chapters']:>8} | {r['whoosh_build_s']:>10.1f} s | {r['whoosh_p50']:>4.1f} ms | "
            f"{r['whoosh_p95']:>4.1f} ms | {r['fts_build_s']:>8.1f} s | {r['fts_p50']:>4.1f} ms | "
            f"{r['fts_p95']:>4.1f} ms | {r['whoosh_p95'] / r['fts_p95']:>8.1f}x | "
            f"median {r['update_ms_median']:>4.0f} ms, max {r['update_ms_max']:>4.0f}",
            flush=True,
        )
        slowest = ", ".join(f"{q!r} {ms:.1f} ms" for q, ms in r["slowest"])
        print(
            f"{'':>8}   first run of each query and board: p50 {r['first_p50']:.1f} ms, p95 {r['first_p95']:.1f} ms;"
            f" slowest (worst board): {slowest}",
            flush=True,
        )
    print(f"after: {load()}")


if __name__ == "__main__":
    main(sys.argv[1:])
