"""Typed errors. Each carries a one-line message fit to show a practitioner."""


class ReaderError(Exception):
    """Base of every error the reader reports to a user in plain words."""


class ContentError(ReaderError):
    """content/ (or an edition) is malformed: a file is missing or unreadable."""


class UnknownChapter(ReaderError):
    def __init__(self, chapter_id: str):
        super().__init__(f"no chapter with id {chapter_id!r} (see `reader chapters`)")
        self.chapter_id = chapter_id


class UnknownBoard(ReaderError):
    def __init__(self, slug: str):
        super().__init__(f"no partnership with slug {slug!r} (see `reader boards`)")
        self.slug = slug


class BadDate(ReaderError):
    def __init__(self, text: str):
        super().__init__(f"not a date: {text!r} (expected YYYY-MM-DD)")
        self.text = text


class TrustError(ReaderError):
    """An edition failed verification against the trusted metadata."""


class SignatureError(TrustError):
    """Metadata is not signed by the keys the reader trusts."""


class TamperedFile(TrustError):
    """A content file differs from what the signed metadata says."""


class MissingFile(TrustError):
    """A file the signed metadata lists is not there."""


class RollbackError(TrustError):
    """An edition older than the one held was offered as newer."""
