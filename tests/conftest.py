import os
import sys
from pathlib import Path

# Qt must never look for a display, in CI or on a developer's desktop.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
SOURCES = CONTENT / "sources"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
