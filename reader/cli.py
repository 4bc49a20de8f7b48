"""`reader`: the command line, the stable interface for scripts and tests.

Every failure is one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from dataclasses import replace
from pathlib import Path

from reader.core import labels
from reader.core.dates import parse_iso
from reader.core.errors import ReaderError
from reader.core.model import Chapter, Manual


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, not argparse's usage block
        self.exit(2, f"{self.prog}: {message} (see {self.prog.split()[0]} --help)\n")


# A newcomer who types `reader show ...` waiting for the window must learn it never comes.
WINDOW_OR_COMMANDS = ("`reader` alone opens the window. No COMMAND opens it: each prints to the terminal "
                      "(export and screenshot write a file) and ends. `reader --chapter ID` or `reader --search TEXT` "
                      "opens the window there, or takes the window already open there. "
                      "`reader COMMAND --help` says more of one.")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="reader", description="Offline reader for the West Midlands child protection procedures.",
                     epilog=WINDOW_OR_COMMANDS)
    parser.add_argument("--data-dir", metavar="DIR", help="keep all state under DIR (default: $READER_DATA_DIR, else the user data folder)")
    # The window's own: a desktop entry, a file manager or a script opens it at a chapter or a search, and
    # a window already open on the folder is brought to the front there (reader/ui/launch_requests.py).
    parser.add_argument("--chapter", metavar="ID", dest="open_chapter",
                        help="open the window at this chapter (see: reader chapters), or the one already open")
    parser.add_argument("--search", metavar="TEXT", dest="open_search",
                        help="open the window searching for TEXT, or the one already open")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    p = sub.add_parser("chapters", help="list chapters: id, level, title, boards")
    p.add_argument("--board", metavar="SLUG", help="Level A and B plus this partnership's Level C")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", help="print one chapter")
    p.add_argument("chapter_id", metavar="ID")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="the wording in force on this day (marked if not current)")
    p.add_argument("--format", choices=("text", "markdown", "html"), default="text")
    p.add_argument("--provenance", action="store_true", help="end with the capture the text was taken from")

    p = sub.add_parser("boards", help="list the partnerships")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("amendments", help="the amendments register, newest first")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="only entries dated on or after this day")
    p.add_argument("--board", metavar="SLUG", help="shared entries plus this partnership's own")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("search", help="full-text search")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--board", metavar="SLUG", help="Level A and B plus this partnership's Level C")
    p.add_argument("--level", choices=("A", "B", "C"))
    p.add_argument("--limit", type=int, default=10, metavar="N")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("contacts", help="telephone numbers, e-mail addresses and links a partnership's procedures give")
    p.add_argument("--board", metavar="SLUG", help="the partnership (default: the one chosen in the window)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("export", help="write a chapter to PDF, stamped with the edition and the date printed")
    p.add_argument("chapter_id", metavar="ID")
    p.add_argument("out", metavar="OUT.pdf")
    p.add_argument("--board", metavar="SLUG", help="your partnership (default: the one chosen); another's local procedure is refused")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="the wording in force on this day (marked as not current)")

    p = sub.add_parser("screenshot", help="render the window offscreen to a PNG")
    p.add_argument("out", metavar="OUT.png")
    p.add_argument("--board", metavar="SLUG")
    p.add_argument("--chapter", metavar="ID")
    p.add_argument("--search", metavar="QUERY")
    p.add_argument("--theme", choices=("light", "dark", "high-contrast"))

    p = sub.add_parser("sync", help="fetch what changed from the publisher's server, or from a folder holding a copy")
    p.add_argument("url", nargs="?", metavar="URL_OR_FOLDER",
                   help="the published repository: an http(s):// address, or a folder (a path or file:// URL) "
                   "such as a USB stick that `reader export-edition` wrote (default: from settings)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help=argparse.SUPPRESS)

    p = sub.add_parser("export-edition", help="write the current verified edition to a folder (a USB stick) "
                       "as a repository a colleague's reader can sync from")
    p.add_argument("dir", metavar="DIR", help="an empty folder, or one holding an earlier export")

    sub.add_parser("verify", help="check the current edition against the trusted signatures")
    p = sub.add_parser("status", help="edition, as-of date, last sync, verified or not")
    p.add_argument("--json", action="store_true")
    return parser


def open_library(args):
    from reader.core.editions.library import Library
    from reader.core.paths import bundled_repository, data_dir, writable_data_dir

    # created, or tightened if an earlier reader left it open (bookmarks say what a practitioner reads),
    # and shown to take a file: a DataFolderError naming it otherwise
    folder = writable_data_dir(data_dir(args.data_dir))
    return Library(folder, _pinned_root(), bundled_repository())


def _pinned_root() -> bytes:
    from reader.core.paths import trusted_root_file

    try:
        return trusted_root_file().read_bytes()
    except FileNotFoundError:
        raise ReaderError("the application's trusted root is missing: reinstall the reader") from None


def open_read_only(args, problem):
    """The edition to read when the data folder cannot be written (`problem`, a DataFolderError).

    The folder's own current edition if it verifies as it is; else the bundled
    edition, installed in a temporary folder that goes when the window does.
    Its data_dir is still the practitioner's folder: their bookmarks and
    settings are read from it, and a change that cannot be saved there says so.
    """
    import tempfile
    from dataclasses import replace as replace_field

    from reader.core.editions.library import Library
    from reader.core.paths import bundled_repository

    folder = problem.folder
    try:
        current, _, good = Library(folder, _pinned_root(), bundled_repository())._first_good()
        if good is not None and good[0] == current:
            opened = Library(folder, _pinned_root(), bundled_repository()).opened(*good)
            return replace_field(opened, problems=[])
    except (OSError, ReaderError):
        pass  # unreadable too: the bundled edition
    scratch = tempfile.TemporaryDirectory(prefix="procedures-reader-read-only-")
    _KEPT.append(scratch)  # removed at exit, not before: the window reads from it
    opened = Library(Path(scratch.name), _pinned_root(), bundled_repository()).open()
    return replace_field(opened, data_dir=folder)


_KEPT: list = []


def _load(args):
    """The opened edition, its problems said on stderr."""
    opened = open_library(args).open()
    for problem in opened.problems:
        print(f"reader: {problem}", file=sys.stderr)
    return opened


def _load_manual(args) -> Manual:
    return _load(args).manual


def cmd_verify(args) -> int:
    library = open_library(args)
    name = library.current_name()
    if name is None:
        name = library.open().name  # first start: install the bundled edition
    verified = library.verify(name)  # raises a TrustError with the reason
    print(f"edition {name} verifies: {len(verified.targets)} files, signatures and hashes match")
    return 0


def cmd_status(args) -> int:
    opened = open_library(args).open()
    from reader.core.editions import state as sync_state
    from reader.core.paths import data_dir

    last_sync = sync_state.load(data_dir(args.data_dir)).get("last_sync")
    newest = labels.newest_amendment(opened.manual)
    status = {
        "edition": opened.name,
        "as_of": opened.as_of,  # the day the edition was published (signed)
        "newest_amendment": newest.isoformat() if newest else None,  # how far its content reaches
        "last_sync": last_sync,
        "verified": True,
        "chapters": len(opened.manual.chapters),
        "problems": opened.problems,
    }
    if args.json:
        _print_json(status)
    else:
        print(f"edition {opened.name}: {labels.edition_dates(opened.manual, opened.as_of)} · verified · "
              f"last sync: {last_sync or 'never'}")
        for problem in opened.problems:
            print(f"note: {problem}")
    return 0


def _print_json(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _chapter_json(manual: Manual, c: Chapter) -> dict:
    return {
        "id": c.id,
        "title": c.title,
        "level": c.level,
        "boards": list(manual.boards_of(c)),
        "scope": c.scope,
    }


def cmd_chapters(manual: Manual, args) -> int:
    board, _ = _partnership(manual, args, chosen=False)
    chapters = manual.chapters_for(board=board)
    if args.json:
        _print_json([_chapter_json(manual, c) for c in chapters])
        return 0
    width = max((len(c.id) for c in chapters), default=0)
    for c in chapters:
        print(f"{c.id:<{width}}  {c.level}  {c.title}  [{labels.scope_name(manual, c.scope)}]")
    return 0


def _wording(c: Chapter, on: str | None):
    """(the wording to show, a notice or "") for `--on`: not current, or a day still to come."""
    if on is None:
        return c.current, ""
    day = parse_iso(on)
    if day > dt.date.today():
        return c.current, labels.future_notice(c, day, dt.date.today())
    wording = c.wording_on(day)
    if wording is None:
        raise ReaderError(f"no wording of {c.id} is known to have been in force on {day.isoformat()}: "
                          f"the earliest known is from {c.wordings[0].in_force_from.isoformat()}")
    if wording is c.current:
        return wording, ""
    return wording, labels.not_current_notice(c, wording, day)  # the window's words (reader.core.labels)


def cmd_show(args) -> int:
    from reader.core import render  # Markdown: imported only by the commands that render

    opened = _load(args)  # the edition's as-of date goes in the header, as in the window
    manual = opened.manual
    c = manual.chapter(args.chapter_id)
    wording, notice = _wording(c, args.on)
    status = ([notice] if notice else []) + list(wording.status)
    documents = [labels.document_line(a) for a in c.attachments] if wording is c.current else []  # this edition's
    c = replace(c, wordings=(wording,))
    source = labels.provenance(wording) if args.provenance else ""
    note = labels.editors_note(c)  # the editors' word, apart from the text, as the window shows it
    if args.format == "markdown":
        lead = "".join(f"> {s}\n\n" for s in status) + (f"> *{note}*\n\n" if note else "")
        listed = f"\n\n## {labels.DOCUMENTS_HEADING}\n\n" + "".join(f"- {d}\n" for d in documents) if documents else ""
        sys.stdout.write(f"# {c.title}\n\n{lead}{c.body}{listed}" + (f"\n\n{source}\n" if source else ""))
    elif args.format == "html":
        from html import escape

        lead = "".join(f'<p class="status">{escape(s)}</p>\n' for s in status)
        lead += f'<p class="note">{escape(note)}</p>\n' if note else ""
        sys.stdout.write(
            f"<h1>{escape(c.title)}</h1>\n<p class=\"meta\">{escape(labels.header_line(manual, c))}</p>\n"
            f"{lead}{render.to_html(c.body)}\n"
            + (f"<h2>{escape(labels.DOCUMENTS_HEADING)}</h2>\n<ul>{''.join(f'<li>{escape(d)}</li>' for d in documents)}</ul>\n"
               if documents else "")
            + (f'<p class="meta">{escape(source)}</p>\n' if source else "")
        )
    else:
        lead = "".join(f"{s}\n\n" for s in status) + (f"[{note}]\n\n" if note else "")
        listed = f"\n\n{labels.DOCUMENTS_HEADING}:\n" + "".join(f"  {d}\n" for d in documents) if documents else ""
        sys.stdout.write(f"{c.title}\n\n{lead}{render.to_text(c.body)}{listed}" + (f"\n\n{source}\n" if source else ""))
    return 0


# Where the partnership a command works for came from, as its messages say it.
GIVEN, CHOSEN, ORGANISATION = "--board", "the partnership chosen in the window", "set by your organisation"


def _partnership(manual: Manual, args, chosen: bool = True) -> tuple[str | None, str]:
    """(the partnership a command works for, where that came from): the organisation's when its
    policy locks it (another --board is refused), else --board, else (with `chosen`) the one chosen
    in the window, or the one the policy presets. None: no partnership, every partnership's."""
    from reader.core import policy as policy_store

    policy = policy_store.load()
    if policy.problem:
        print(f"reader: {policy.problem}", file=sys.stderr)
    if policy.locks("board"):
        try:
            name = manual.board(policy.partnership).name
        except ReaderError:
            raise ReaderError(f"the partnership set by your organisation ({policy.source}), "
                              f"{policy.partnership!r}, is not in this edition: ask your IT team") from None
        if args.board is not None and policy.refuses_partnership(args.board):
            why = labels.partnership_locked(name, policy.source)
            raise ReaderError(f"--board {args.board} refused: {why[0].lower()}{why[1:]}; give no --board")
        return policy.partnership, ORGANISATION
    if args.board is not None:
        manual.board(args.board)  # an unknown slug is an error, not an empty list
        return args.board, GIVEN
    if not chosen:
        return None, GIVEN
    board = _settings(args, policy).board
    if board is not None:
        try:
            manual.board(board)
        except ReaderError:  # an edition without it: said, never searched as every partnership's
            raise ReaderError(f"{CHOSEN}, {board!r}, is not in this edition: give --board SLUG "
                              "(see: reader boards)") from None
    return board, CHOSEN


def _settings(args, policy):
    """The practitioner's settings as the window has them: the policy's presets applied. A damaged
    file is said as it is set aside (main's listener); an unusable setting is defaulted, as the window does."""
    from reader.core import settings as settings_store
    from reader.core.paths import data_dir

    folder = data_dir(args.data_dir)
    return policy.apply(settings_store.load(folder)[0], settings_store.stored(folder))


def cmd_contacts(manual: Manual, args) -> int:
    from reader.core.contacts import board_contacts

    board, _ = _partnership(manual, args)
    if board is None:
        raise ReaderError("which partnership? give --board SLUG (see: reader boards)")
    contacts = board_contacts(manual, board)
    if args.json:
        _print_json({"board": board, "contacts": [c.to_json() for c in contacts]})
        return 0
    if not contacts:
        print(f"{manual.board(board).name}'s local procedures give no telephone numbers, e-mail addresses or links")
    for c in contacts:
        said = f"{c.lead_in} {c.sentence}" if c.lead_in else c.sentence
        beside = f"  ({labels.CONTACT_LABEL.lower()}: {c.label})" if c.label else ""
        print(f"{c.kind:<9}  {c.value}{beside}\n           {said}\n           ({c.chapter_title}: {c.chapter})")
    return 0


def cmd_export(args) -> int:
    import os
    from pathlib import Path

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    opened = open_library(args).open()
    manual = opened.manual
    c = manual.chapter(args.chapter_id)
    wording, notice = _wording(c, args.on)
    if notice and wording is c.current:  # a day still to come: no page may suggest it is known
        raise ReaderError(f"not exported: {notice}")
    board, given = _partnership(manual, args)
    why = labels.other_partnership(manual, c, board)
    if why is not None:  # a page of it must never go out under the reader's partnership
        if given == ORGANISATION:
            raise ReaderError(f"not exported: {why} ({given})")
        raise ReaderError(f"not exported: {why} ({given} says {manual.board(board).name}); "
                          f"to export it, give --board {c.scope}")
    on = parse_iso(args.on) if args.on and wording is not c.current else None
    from PySide6.QtGui import QGuiApplication

    from reader.ui import printing
    from reader.ui.chapter_view import chapter_html

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (fonts need one)
    header = printing.stamp(opened.as_of, labels.scope_name(manual, c.scope), dt.date.today(), on)
    try:
        pages = printing.export_pdf(Path(args.out), chapter_html(manual, c, wording, on), header,
                                    c.title, head=printing.running_head(c.title, labels.wording_date(wording)))
    except OSError as exc:
        raise ReaderError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    print(f"{args.out} ({pages} page{'s' if pages != 1 else ''})")
    return 0


def cmd_boards(manual: Manual, args) -> int:
    if args.json:
        _print_json(
            [
                {
                    "slug": b.slug,
                    "name": b.name,
                    "events": [{"date": e.date, "what": e.what, "source": e.source} for e in b.events],
                }
                for b in manual.boards
            ]
        )
        return 0
    width = max(len(b.slug) for b in manual.boards)
    for b in manual.boards:
        print(f"{b.slug:<{width}}  {b.name}")
    return 0


def cmd_amendments(manual: Manual, args) -> int:
    since = parse_iso(args.since) if args.since is not None else None
    board, _ = _partnership(manual, args, chosen=False)
    entries = manual.amendments(since=since, board=board)
    if args.json:
        _print_json([a.to_json() for a in entries])
        return 0
    for a in entries:
        chapter = a.chapter or "(chapter not recorded)"
        first, *more = a.details.split("\n\n")
        print(f"{a.date.isoformat()}  {chapter}  {first}{' […]' if more else ''}")
    return 0


COMMANDS = {
    "chapters": cmd_chapters,
    "boards": cmd_boards,
    "amendments": cmd_amendments,
    "contacts": cmd_contacts,
}


def _search_json(results, board: str | None, shortened, notices: list[str]) -> dict:
    """`reader search --json`: scripts read these names, so they change only on purpose."""
    return {
        "query": results.query,
        "results": [
            {
                "id": hit.id,
                "title": hit.title,
                "level": hit.level,
                "scope": hit.scope,
                "snippet": hit.snippet.text,
                "score": round(hit.score, 4),
                "section": hit.snippet.section,
            }
            for hit in results.results
        ],
        "did_you_mean": results.did_you_mean,
        "board": board,  # whose Level C was searched (None: every partnership's): never left for a script to guess
        "truncated": shortened is not None,  # the query was longer than a search takes (said on stderr)
        # What was searched besides the words typed, and what matched nothing,
        # as data and as the lines the window says (labels.search_notices).
        "also_searched": list(results.also_searched),
        "expanded": list(results.expanded),
        "absent": [{"text": item.text, "elsewhere": list(item.elsewhere)} for item in results.absent],
        "notices": notices,
    }


def cmd_search(args) -> int:
    from reader.core.paths import data_dir
    from reader.core.search import open_index, search
    from reader.core.search.query import clean, cut

    if not clean(args.query).strip():  # nothing at all to look for: an error, not "no results"
        raise ReaderError('the query is empty: give the words to search for, e.g. reader search "strategy meeting"')
    if not 1 <= args.limit <= 200:
        raise ReaderError("--limit must be between 1 and 200")
    opened = open_library(args).open()
    board, given = _partnership(opened.manual, args)
    with open_index(data_dir(args.data_dir) / "index", opened.manual) as index:
        results = search(index, args.query, board=board, level=args.level, limit=args.limit)
    shortened = cut(args.query)
    if shortened is not None:  # on stderr, so that what stdout holds is only the results
        print(f"reader: {labels.query_cut(shortened.searched, shortened.by, shortened.limit)}", file=sys.stderr)
    names = {b.slug: b.name for b in opened.manual.boards}
    notices = labels.search_notices(results, names.get(board), names)
    if args.json:
        _print_json(_search_json(results, board, shortened, notices))
        return 0
    where = labels.searched_in(opened.manual, board)
    source = f" ({given})" if board is not None and given != GIVEN else ""  # a --board typed needs no reminder
    if results.did_you_mean:
        print(f"did you mean: {results.did_you_mean}")
    count = len(results.results)
    print(f"no results {where}{source}" if not count else f"{count} result{'s' if count != 1 else ''} {where}{source}:")
    for line in notices:  # what the window says above its results, in the same words
        print(line)
    for hit in results.results:
        print(f"{hit.id}  [{hit.level}] {hit.title}\n    {hit.snippet.text}")
    return 0


def cmd_screenshot(args) -> int:
    import os
    from pathlib import Path

    from reader.core.paths import data_dir

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    opened = open_library(args).open()
    board, _ = _partnership(opened.manual, args, chosen=False)  # none given: the window's own choice
    if args.chapter is not None:
        opened.manual.chapter(args.chapter)
    from reader.ui.app import screenshot

    screenshot(opened, data_dir(args.data_dir), Path(args.out), board=board, chapter=args.chapter,
               query=args.search, theme=args.theme)
    print(args.out)
    return 0


FAILED = 1  # the exit code of every failure a command reports (argparse's usage errors are 2)


def cmd_sync(args) -> int:
    if not args.json:
        return _sync(args)
    try:
        return _sync(args)
    except (ReaderError, OSError) as exc:  # a script asked for JSON: it gets JSON, failure or not
        _print_json({"ok": False, "error": _one_line(exc, args), "kind": _failure_kind(exc), "exit_code": FAILED})
        raise  # and the one line on stderr, as every failure


def _failure_kind(exc: Exception) -> str:
    """What a script may act on (try later, alert someone), in names that change only on purpose."""
    from reader.core.errors import DataFolderError, SyncBusy, SyncCancelled, SyncNetworkError, SyncRefused, TrustError

    for kind, types in (("offline", SyncNetworkError), ("refused", (SyncRefused, TrustError)), ("busy", SyncBusy),
                        ("cancelled", SyncCancelled), ("data-folder", (DataFolderError, OSError))):
        if isinstance(exc, types):
            return kind
    return "error"


def _sync(args) -> int:
    from reader.core import settings as settings_store
    from reader.core.paths import data_dir
    from reader.core.editions.sync import sync

    from reader.core import policy as policy_store
    from reader.core.editions.mirrors import first_that_serves

    folder = data_dir(args.data_dir)
    policy = policy_store.load()
    if policy.problem:
        print(f"reader: {policy.problem}", file=sys.stderr)
    # a folder (a stick) is no update address: the organisation's lock is on the address only
    if (args.url and args.url.startswith(("http://", "https://")) and policy.locks("sync_url")
            and args.url not in policy.sync_urls):
        raise ReaderError(f"the update address is set by your organisation ({policy.source}): "
                          f"reader sync uses {', '.join(policy.sync_urls)}; give no address, or a folder")
    library = open_library(args)
    held = None if args.url else library.open()  # opened for its address: sync's base too, not verified again
    addresses = (args.url,) if args.url else policy.addresses(settings_store.load(folder)[0].sync_url,
                                                            held.sync_url)
    if not addresses:
        raise ReaderError("no update address: give the publisher's URL, e.g. reader sync https://example.org/procedures")

    def update_index(manual):
        from reader.core.search import open_index

        open_index(folder / "index", manual).close()  # brought up to date incrementally

    report, _ = first_that_serves(addresses, lambda url: sync(library, url, timeout=args.timeout,
                                                             index_update=update_index, held=held))
    if args.json:
        _print_json({"ok": True, **report.to_json()})
    elif report.up_to_date:
        print(f"up to date: edition {report.edition}")
    else:
        print(f"edition {report.edition} installed ({report.bytes} bytes downloaded): "
              f"{len(report.changed)} changed, {len(report.added)} added, {len(report.removed)} removed chapters, "
              f"{len(report.amendments)} new register entries")
    return 0


def cmd_export_edition(args) -> int:
    from pathlib import Path

    from reader.core.editions.export import export_edition

    exported = export_edition(open_library(args), Path(args.dir).expanduser())
    print(f"edition {exported.name} (as of {exported.as_of}) written to {exported.folder} "
          f"({exported.written} file(s) new there); on another laptop, until "
          f"{exported.usable_until:%Y-%m-%d %H:%M} UTC: reader sync {exported.folder}")
    return 0


def no_display() -> str | None:
    """Why no window can be shown here, in one line; None when a display may exist.

    Qt aborts with a multi-line message (and exit 134) when its platform has no
    display, which nobody sees from a desktop entry and a terminal user cannot act on.
    Only Linux and the BSDs need a display server; QT_QPA_PLATFORM chosen by hand wins.
    """
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")) or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("there is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); "
            "the commands work without one: reader --help")


def _launch_request(args):
    """What the window is asked to open (--chapter, --search), or None; a ReaderError if it cannot be carried."""
    if args.open_chapter is None and args.open_search is None:
        return None
    from reader.ui.launch_requests import LaunchRequest, too_long

    if (why := too_long(args.open_chapter, args.open_search)) is not None:
        raise ReaderError(why)
    return LaunchRequest(args.open_chapter, args.open_search)


def cmd_window(args) -> int:
    request = _launch_request(args)  # refused before anything opens: nothing is waited for in vain
    if (reason := no_display()) is not None:
        print(f"reader: {reason}", file=sys.stderr)
        return 1
    from reader.core.editions.early_open import EarlyOpen

    # Forked before Qt is imported: the edition is verified and read on the other
    # core while this process loads Qt (reader/core/editions/early_open.py).
    early = EarlyOpen(lambda: open_library(args).open())
    from reader.ui.app import run_app

    return run_app(early.result, lambda: open_library(args), lambda problem: open_read_only(args, problem), request)


OWN_LIBRARY = {
    "show": cmd_show,
    "verify": cmd_verify,
    "status": cmd_status,
    "search": cmd_search,
    "screenshot": cmd_screenshot,
    "sync": cmd_sync,
    "export-edition": cmd_export_edition,
    "export": cmd_export,
}


def _one_line(exc: Exception, args=None) -> str:
    """A failure in one line: a ReaderError says itself; an OSError names the file it is about (a bare
    "File exists" leaves a newcomer nowhere), and, for a file of the reader's own, the data folder."""
    if isinstance(exc, ReaderError) or not isinstance(exc, OSError):
        return str(exc)
    why = exc.strerror or str(exc) or type(exc).__name__
    if not exc.filename:
        return why
    said = f"{why}: {exc.filename}"
    try:
        from reader.core.paths import data_dir

        folder = data_dir(getattr(args, "data_dir", None))
        if Path(exc.filename).resolve().is_relative_to(folder.resolve()):
            said += f" (in the reader's data folder {folder}; --data-dir chooses another)"
    except (OSError, ValueError, TypeError):
        pass  # the path alone, then
    return said


def _no_arguments() -> argparse.Namespace:
    """What the parser makes of no arguments (a test holds them equal)."""
    return argparse.Namespace(command=None, data_dir=None, open_chapter=None, open_search=None)


def main(argv: list[str] | None = None) -> int:
    if not (sys.argv[1:] if argv is None else argv):
        # The window, as the desktop entry starts it: no parser to build (some
        # 6 ms of the start-up) when there is nothing to parse.
        args = _no_arguments()
    else:
        parser = _parser()
        args = parser.parse_args(argv)
        if args.command is not None and (args.open_chapter is not None or args.open_search is not None):
            parser.error(f"--chapter and --search open the window, so they go without a COMMAND, not with {args.command}")
    from reader.core import set_aside
    from reader.core.paths import keep_private

    umask = keep_private()  # all this process writes is its user's alone (reader.core.paths)
    # each damaged file set aside on the way (settings, state.json ...) is one line on stderr, as it happens
    stop_reporting = set_aside.listen(lambda done: print(f"reader: {done.message()}", file=sys.stderr))
    try:
        if args.command is None:
            return cmd_window(args)
        if args.command in OWN_LIBRARY:
            return OWN_LIBRARY[args.command](args)
        return COMMANDS[args.command](_load_manual(args), args)
    except BrokenPipeError:  # `reader chapters | head`
        return 0
    except (ReaderError, OSError) as exc:
        print(f"reader: {_one_line(exc, args)}", file=sys.stderr)
        return FAILED
    finally:
        stop_reporting()
        if umask is not None:  # as it was, for a caller that goes on (a test, a script calling main)
            os.umask(umask)


if __name__ == "__main__":
    raise SystemExit(main())
