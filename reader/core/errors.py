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


class DataFolderError(ReaderError):
    """The data folder cannot be created or written (read-only, permission denied, full)."""

    def __init__(self, folder, exc: OSError):
        self.folder = folder
        self.reason = exc.strerror or str(exc) or type(exc).__name__
        super().__init__(f"the data folder {folder} cannot be written: {self.reason}")


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


class SearchIndexError(ReaderError):
    """The search index could not be built, updated or opened."""


class IndexCorrupt(SearchIndexError):
    """The index on disk is missing, of another version, or damaged; rebuilt from the manual."""

    def __init__(self, index_dir, why: str):
        super().__init__(f"the search index in {index_dir} is unusable ({why})")
        self.index_dir = index_dir
        self.why = why


class UnknownLevel(ReaderError):
    def __init__(self, level: str):
        super().__init__(f"no level {level!r} (expected A, B or C)")
        self.level = level


class SyncError(ReaderError):
    """A sync did not complete; the current edition is unchanged."""


class SyncNetworkError(SyncError):
    """The update server could not be reached or did not answer properly."""


class SyncRefused(SyncError):
    """What the server offered failed verification and was refused."""


class SyncCancelled(SyncError):
    def __init__(self):
        super().__init__("sync cancelled; the current edition is unchanged")


class SyncBusy(SyncError):
    def __init__(self):
        super().__init__("another sync is already running")
