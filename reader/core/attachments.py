"""A chapter's documents and forms: what each file must be inside, whatever its name says.

The edition layout (reader.core.trust.layout) decides which names an attachment
may have; the system's viewer then picks a program by the name's ending. A file
named form.pdf that is a program, a script or a Word file with macros would
still reach that viewer, or be saved from it, so each kind is checked by what
its bytes begin with (and, for Word and Excel, by what the package holds): a
positive check of the one kind the name promises, not a list of things known
to be bad. The publisher checks before signing and the reader again before it
shows or opens a file: a signature says who made a file, not that it is safe.
"""

from __future__ import annotations

import io
import zipfile

from reader.core.errors import ContentError
from reader.core.labels import DOCUMENT_KINDS
from reader.core.trust.layout import ATTACHMENT_TYPES

MAX_BYTES = 20 * 1024 * 1024  # a form or a protocol: far above any, and keeps an edition fit for a slow line
MAX_TITLE = 200

# The Office packages: the part that makes the file what its name says, and the
# parts that mean macros or embedded programs (which a viewer may run).
_OFFICE_MAIN = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_OFFICE_ACTIVE = ("vbaproject.bin", "vbadata.xml", "activex/", "embeddings/", "macrosheets/")


def _zip_names(data: bytes, where: str) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return package.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ContentError(f"{where}: is not a Word or Excel file (it cannot be opened as one)") from None


def _check_office(kind: str, data: bytes, where: str) -> None:
    names = _zip_names(data, where)
    if "[Content_Types].xml" not in names or _OFFICE_MAIN[kind] not in names:
        raise ContentError(f"{where}: is not a {DOCUMENT_KINDS[kind]} (it lacks {_OFFICE_MAIN[kind]})")
    for name in names:
        lowered = name.lower()
        if any(part in lowered for part in _OFFICE_ACTIVE):
            raise ContentError(f"{where}: holds macros or embedded programs ({name}): save it without them")


_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}


def kind_of(name: str) -> str:
    """The ending of an attachment's file name, one of the layout's ATTACHMENT_TYPES."""
    return name.rpartition(".")[2]


def check_bytes(name: str, data: bytes, where: str) -> None:
    """ContentError, naming `where`, unless `data` is the kind of file `name`'s ending says."""
    kind = kind_of(name)
    if kind not in ATTACHMENT_TYPES:
        raise ContentError(f"{where}: {name!r} is not a kind of document an edition carries "
                           f"({', '.join(ATTACHMENT_TYPES)})")
    if len(data) > MAX_BYTES:
        raise ContentError(f"{where}: is {len(data):,} bytes, more than an attachment may be "
                           f"({MAX_BYTES // (1024 * 1024)} MB)")
    if kind in _OFFICE_MAIN:
        _check_office(kind, data, where)
    elif not data.startswith(_SIGNATURES[kind]):
        raise ContentError(f"{where}: is not a {DOCUMENT_KINDS[kind]}, whatever its name says")
