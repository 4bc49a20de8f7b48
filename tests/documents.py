"""Documents and forms made in the tests: the captures hold none, so each test makes its own.

Small but real files of each kind an edition carries (a PDF, a Word document,
an Excel workbook, PNG and JPEG images), and a copy of content/ with some of
them declared by a chapter, as an editor would add them.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from tests.conftest import CONTENT


def pdf(words: str = "MARAC referral form") -> bytes:
    body = f"BT /F1 12 Tf 72 720 Td ({words}) Tj ET".encode("ascii")
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            b"3 0 obj << /Length " + str(len(body)).encode() + b" >> stream\n" + body + b"\nendstream endobj\n"
            b"trailer << /Root 1 0 R >>\n%%EOF\n")


def _package(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def docx(words: str = "Report to conference", extra: dict[str, bytes] | None = None) -> bytes:
    return _package({
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "word/document.xml": f'<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>{words}</w:t></w:r></w:p></w:body></w:document>'.encode(),
        **(extra or {}),
    })


def xlsx(extra: dict[str, bytes] | None = None) -> bytes:
    return _package({
        "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
        "xl/workbook.xml": b'<?xml version="1.0"?><workbook/>',
        **(extra or {}),
    })


def png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)


def jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(16) + b"\xff\xd9"


EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(56) + b"This program cannot be run in DOS mode."


def content_copy(folder: Path) -> Path:
    """content/ without the captures: what a publish reads."""
    out = folder / "content"
    shutil.copytree(CONTENT, out, ignore=shutil.ignore_patterns("sources"))
    return out


def declare(content: Path, chapter_id: str, documents: dict[str, tuple[str, bytes | None]],
            still_link_only: bool = False) -> Path:
    """Add `documents` ({file name: (title, bytes)}) to chapter `chapter_id` in `content`, as an editor would:
    each file under attachments/<id>/ (None: declared but not put there), and listed in the front matter.
    A link-only chapter stops being one, its note that the document is missing removed (unless `still_link_only`)."""
    chapter = content / "chapters" / f"{chapter_id}.md"
    text = chapter.read_text(encoding="utf-8")
    head, _, body = text[len("+++\n"):].partition("\n+++\n")
    if "link_only = true" in head and not still_link_only:
        head = "\n".join(line for line in head.split("\n")
                         if not line.startswith(("link_only = ", "editorial_note = ")))
    tables = "".join(f'\n[[attachment]]\nfile = "{name}"\ntitle = "{title}"\n' for name, (title, _) in documents.items())
    chapter.write_text(f"+++\n{head}\n{tables}+++\n{body}", encoding="utf-8")
    for name, (_, data) in documents.items():
        if data is not None:
            place = content / "attachments" / chapter_id / name
            place.parent.mkdir(parents=True, exist_ok=True)
            place.write_bytes(data)
    return content
