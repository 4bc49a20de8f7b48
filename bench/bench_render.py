"""Render time of the hostile Markdown bodies the tests guard (tests/core/test_render.py PATHOLOGICAL).

A measurement, not a test: `.venv/bin/python bench/bench_render.py`. Target: each under a second (the bound the test held before it moved here)
(the edition's longest chapter, 24 KB, renders in a few milliseconds).
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.core.render import blocks, to_html  # noqa: E402
from tests.core.test_render import PATHOLOGICAL  # noqa: E402

TARGET = 1.0


def main() -> int:
    worst = 0.0
    for name, body in PATHOLOGICAL.items():
        times = []
        for _ in range(5):
            start = time.perf_counter()
            to_html(body)
            blocks(body)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"{name:24} {len(body):7,} chars  median {median * 1000:7.1f} ms  max {max(times) * 1000:7.1f} ms")
    print(f"worst median {worst * 1000:.1f} ms (target {TARGET * 1000:.0f} ms): {'met' if worst <= TARGET else 'MISSED'}")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
