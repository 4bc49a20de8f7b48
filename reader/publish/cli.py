"""`reader-publish`: the procedures editor's command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.core.errors import ReaderError


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, not argparse's usage block
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


SUBCOMMANDS = ("import", "keys", "bundle", "status", "amend", "check", "serve", "partnership")


KEYS_HELP = ("a folder of signing keys (.pem files); give it again for keys kept in another folder, "
             "e.g. --keys online/ --keys /media/offline/. Routine publishing needs only the online "
             "keys (timestamp, snapshot, bins); default: the development keys")


# The steps a newcomer follows, in order, each with the command that does it (a test parses each one).
PUBLISH_STEPS = (
    ("reader-publish keys init keys/", "once: a key set; then move root.pem and targets.pem offline"),
    ("reader-publish import content", "only to re-create content/ from the captures; else edit content/chapters/"),
    ("reader-publish status content repo/", "what the next edition changes, redlined; names what needs step 4"),
    ('reader-publish amend ID --details "what changed"', "a register entry for each changed wording"),
    ("reader-publish content repo/ --keys keys/ --url https://procedures.example.org/repo/",
     "build and sign the edition into repo/"),
    ("reader-publish serve repo/", "try it on this computer: reader sync http://127.0.0.1:8000"),
    ("reader-publish check repo/", "after copying repo/ to the web server: run step 5 and this daily (cron)"),
)
HOW_TO_PUBLISH = "how to publish:\n" + "\n".join(
    f"  {n}. {command}\n       {why}" for n, (command, why) in enumerate(PUBLISH_STEPS, 1))


def _publish_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reader-publish",
        usage="reader-publish CONTENT_DIR OUT_DIR [--as-of YYYY-MM-DD] [--keys DIR]... [--url URL]\n"
        "       reader-publish {import,keys,bundle,status,amend,check,serve} ...",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Build and sign an edition of CONTENT_DIR as a static TUF repository in OUT_DIR.\n"
        "Publishing again into OUT_DIR makes the next version and re-signs what is due: run it\n"
        "daily. That needs only the online keys (timestamp, snapshot, bins). The offline keys\n"
        "(root, targets) are needed only for the first publish, a change of bins or before they\n"
        "expire; it says which and why when they are. A chapter whose wording changed since the\n"
        "edition OUT_DIR serves is published only with a register entry for it (reader-publish amend);\n"
        "the wording it replaces is then archived into CONTENT_DIR/wordings/<id>/<date>.md.",
        epilog=HOW_TO_PUBLISH + "\n\nother commands (each has --help):\n"
        "  reader-publish status CONTENT_DIR OUT_DIR         what the next publish would change, redlined\n"
        "  reader-publish amend ID --details TEXT            record an amendment of chapter ID in the register\n"
        "  reader-publish check OUT_DIR [--days N]           exit 1 if any metadata expires within N days\n"
        "  reader-publish serve OUT_DIR [--port P]           serve OUT_DIR on 127.0.0.1 to try it with a reader\n"
        "  reader-publish import [CONTENT_DIR] [--check]     captures -> content/\n"
        "  reader-publish keys init DIR                      a new key set\n"
        "  reader-publish keys rotate ROLE OUT_DIR --keys DIR  replace one role's key\n"
        "  reader-publish keys rotate partnership-SLUG OUT_DIR --keys DIR --new-key PUB --partnership STAGING\n"
        "                                                    re-delegate a partnership's Level C to its new key\n"
        "  reader-publish keys init-partnership SLUG DIR     a partnership's own key (.pem kept, .pub to the region)\n"
        "  reader-publish partnership sign SLUG CONTENT_DIR STAGING --keys KEY  a partnership signs its Level C\n"
        "  reader-publish bundle                             re-sign content/ into resources/edition (dev keys)\n"
        "  reader-publish bundle --from OUT_DIR              bundle the edition OUT_DIR serves, as signed",
    )
    parser.add_argument("content_dir", type=Path, metavar="CONTENT_DIR", help="the manual: chapters/, wordings/, ...")
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="the repository to publish into (made if new)")
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="the manual as it stood on this day (default: today)")
    parser.add_argument("--keys", type=Path, action="append", metavar="DIR", help=KEYS_HELP)
    parser.add_argument("--url", metavar="URL", help="where this repository is served: readers sync from it by default")
    parser.add_argument("--partnership", type=Path, action="append", metavar="STAGING",
                        help="a partnership's signed Level C (from `reader-publish partnership sign`), published as "
                             "that partnership signed it; give it once per partnership")
    return parser


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="reader-publish", description="Build the manual's content and editions.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    imp = sub.add_parser(
        "import",
        help="turn the source captures into content/",
        description="Re-create CONTENT_DIR's chapters, wordings, register and boards from "
        "the captures and the reviewed mapping in CONTENT_DIR/sources/.",
    )
    imp.add_argument("content_dir", type=Path, nargs="?", default=Path("content"), metavar="CONTENT_DIR")
    imp.add_argument("--check", action="store_true", help="write nothing; exit 1 if content/ differs from a fresh import")
    keys = sub.add_parser("keys", help="manage signing keys", description="Make a key set, or rotate one key of it.")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True, parser_class=_Parser)
    init = keys_sub.add_parser(
        "init",
        help="make a new key set for a real publisher",
        description="Write a new Ed25519 key for each role (root, targets, snapshot, timestamp, bins) "
        "into DIR. Then move root.pem and targets.pem to offline storage: publishing needs only the others.",
    )
    init.add_argument("dir", type=Path, metavar="DIR", help="a new or empty folder")
    initp = keys_sub.add_parser(
        "init-partnership",
        help="make a partnership's own key for its Level C",
        description="Write partnership-SLUG.pem (the partnership keeps it) and partnership-SLUG.pub (hand it to "
        "the region, whose key folder then delegates SLUG's Level C chapters to this key alone) into DIR.",
    )
    initp.add_argument("slug", metavar="SLUG", help="the board's slug, as in boards.toml")
    initp.add_argument("dir", type=Path, metavar="DIR", help="a folder for the key")
    rot = keys_sub.add_parser(
        "rotate",
        help="replace one role's key and re-sign OUT_DIR to trust the new one",
        description="Make a new key for ROLE and publish OUT_DIR's current edition again so that it trusts "
        "only the new key: root, targets, snapshot and timestamp through a new root version (signed by the "
        "root key; for root, by the old and the new root key), bins through a new targets.json (signed by "
        "the targets key). The old key file is moved to retired/ beside it, not deleted. Readers follow "
        "on their next sync. A partnership's key (ROLE partnership-SLUG) is handed over: SLUG makes a new key "
        "pair (keys init-partnership SLUG NEW_DIR) and signs its Level C as published with it (partnership sign "
        "SLUG CONTENT STAGING --keys NEW_DIR); the region, with the targets key, gives --new-key "
        "NEW_DIR/partnership-SLUG.pub --partnership STAGING, and the old .pub is moved to retired/. Where the "
        "region holds partnership-SLUG.pem, the new key is made here instead.",
    )
    # Checked by rotate(), not argparse: naming the roles here would import the key code on every start.
    rot.add_argument("role", metavar="ROLE", help="root, targets, snapshot, timestamp, bins or partnership-SLUG")
    rot.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="the published repository")
    rot.add_argument("--keys", type=Path, action="append", required=True, metavar="DIR",
                     help="the key folder(s); the new key is written where the old one was")
    rot.add_argument("--new-key", type=Path, metavar="PUB",
                     help="for partnership-SLUG: the partnership-SLUG.pub of the new key pair the partnership made")
    rot.add_argument("--partnership", type=Path, action="append", metavar="STAGING",
                     help="for partnership-SLUG: the role the partnership signed with its new key "
                          "(reader-publish partnership sign)")
    bundle = sub.add_parser(
        "bundle",
        help="re-publish content/ into resources/edition with the development keys and pin its root; "
        "or, with --from, bundle the edition a published repository serves",
        description="Without --from: publish content/ afresh into resources/edition with the development keys "
        "and pin its first root. With --from OUT_DIR: verify the current edition of the repository OUT_DIR "
        "(against its own first root) and bundle that edition, signatures unchanged, pinning the same root, "
        "so a new laptop's first sync from OUT_DIR is a small delta and never meets a bundle newer than "
        "the server.",
    )
    bundle.add_argument("--from", dest="from_dir", type=Path, metavar="OUT_DIR",
                        help="the repository the publisher serves (as reader-publish wrote it)")
    status = sub.add_parser(
        "status",
        help="what the next publish would change, before anything is signed",
        description="Compare CONTENT_DIR with the edition OUT_DIR serves now: chapters changed (with a "
        "word-level redline: [-deleted-] {+inserted+}), added and removed, and register entries added; and "
        "which changed wordings still need a register entry. Writes nothing.",
    )
    status.add_argument("content_dir", type=Path, metavar="CONTENT_DIR")
    status.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="the published repository")
    status.add_argument("--as-of", metavar="YYYY-MM-DD", help="the next edition's day (default: today)")
    amend = sub.add_parser(
        "amend",
        help="record an amendment of a chapter in the register",
        description="Add an entry to CONTENT_DIR/register.toml saying that chapter ID was amended, dated "
        "today unless --date says otherwise. The next publish needs one for every chapter whose wording "
        "changed; the details are shown to practitioners as written.",
    )
    amend.add_argument("chapter", metavar="ID", help="the chapter's id (its file is chapters/ID.md)")
    amend.add_argument("--details", required=True, metavar="TEXT", help="what changed, in the register's words")
    amend.add_argument("--date", metavar="YYYY-MM-DD", help="the day the amendment takes effect (default: today)")
    amend.add_argument("--content", type=Path, default=Path("content"), metavar="CONTENT_DIR",
                       help="the manual (default: content)")
    check = sub.add_parser(
        "check",
        help="exit 1 if any of OUT_DIR's metadata expires within N days (for cron and monitoring)",
        description="Print, one line per role (root, targets, snapshot, timestamp, bins), when the metadata "
        "OUT_DIR serves expires; exit 1 if any expires within --days days or has expired, else 0.",
    )
    check.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="the published repository")
    check.add_argument("--days", type=_days, default=3, metavar="N",
                       help="how near an expiry must be to fail (default: 3; the timestamp lasts 7)")
    serve = sub.add_parser(
        "serve",
        help="serve OUT_DIR on 127.0.0.1 to try an edition with a real reader",
        description="Serve the repository OUT_DIR as static files on 127.0.0.1 only, until Ctrl+C: "
        "sync a reader from the address it prints (reader sync ADDRESS).",
    )
    serve.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="the published repository")
    serve.add_argument("--port", type=_port, default=8000, metavar="P", help="the port (default: 8000; 0: any free one)")
    part = sub.add_parser("partnership", help="a partnership signs its own Level C",
                          description="A partnership's side of publishing: sign its Level C without the regional keys.")
    part_sub = part.add_subparsers(dest="partnership_command", required=True, parser_class=_Parser)
    psign = part_sub.add_parser(
        "sign",
        help="sign SLUG's Level C chapters in CONTENT_DIR into STAGING with the partnership's key",
        description="Sign the Level C chapters (and earlier wordings) of partnership SLUG in CONTENT_DIR with its own "
        "key, into STAGING (metadata/partnership-SLUG.json and the files). Hand STAGING to the region: its next "
        "publish (reader-publish CONTENT_DIR OUT_DIR --partnership STAGING) takes the role as signed.",
    )
    psign.add_argument("slug", metavar="SLUG", help="the board's slug, as in boards.toml")
    psign.add_argument("content_dir", type=Path, metavar="CONTENT_DIR")
    psign.add_argument("staging", type=Path, metavar="STAGING", help="where the signed role is written")
    psign.add_argument("--keys", type=Path, required=True, metavar="KEY",
                       help="partnership-SLUG.pem, or the folder that holds it")
    psign.add_argument("--as-of", metavar="YYYY-MM-DD", help="the edition's day (default: today)")
    return parser


def _partnership(args) -> int:
    from reader.core.dates import parse_iso
    from reader.publish.edition import edition_files
    from reader.publish.keys import load_partnership_key
    from reader.publish.partnership import sign_partnership

    as_of = parse_iso(args.as_of) if args.as_of else _today()
    signer = load_partnership_key(args.keys, args.slug)
    md, paths = sign_partnership(args.slug, edition_files(args.content_dir, as_of), signer, args.staging)
    print(f"signed partnership {args.slug}'s Level C ({len(paths)} file(s)), version {md.signed.version}, "
          f"into {args.staging}: hand it to the region (reader-publish CONTENT_DIR OUT_DIR --partnership STAGING)")
    return 0


def _days(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"--days must be a whole number of days, not {text!r}")
    return int(text)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"--port must be a number from 0 to 65535, not {text!r}")
    return int(text)


def _check(args) -> int:
    from reader.publish.serving import expiry_report

    lines, near = expiry_report(args.out_dir, args.days)
    for line in lines:
        print(line)
    return 1 if near else 0


def _serve(args) -> int:
    from reader.publish.serving import serve

    def ready(url: str) -> None:
        print(f"serving {args.out_dir} at {url} (this computer only); Ctrl+C stops it", flush=True)

    serve(args.out_dir, args.port, ready)
    print("stopped", flush=True)
    return 0


def _today():
    import datetime as dt

    return dt.datetime.now(dt.timezone.utc).date()


def _status(args) -> int:
    from reader.core.dates import parse_iso
    from reader.publish.amending import compare, last_edition, redline_text

    as_of = parse_iso(args.as_of) if args.as_of else _today()
    changes = compare(last_edition(args.out_dir), args.content_dir, as_of)
    if changes.last_as_of is None:
        print(f"{args.out_dir} holds no edition yet: the first publish makes one of {len(changes.added)} chapters "
              f"and {len(changes.entries_added)} register entries (as of {as_of})")
        return 0
    print(f"next edition (as of {as_of}) against the one {args.out_dir} serves (as of {changes.last_as_of}):")
    if changes.empty:
        print("  nothing changed")
    for change in changes.changed:
        documents = change.documents()
        what = ("wording changed" if change.wording_changed else "documents changed, wording unchanged"
                if documents else "details changed, wording unchanged")
        print(f"  changed  {change.chapter.id} ({change.chapter.title}): {what}")
        if change.wording_changed:
            print(f"           {redline_text(change.pieces())}")
        if documents:
            print(f"           documents and forms: {'; '.join(documents)}")
    for chapter in changes.added:
        print(f"  added    {chapter.id} ({chapter.title})")
        if chapter.attachments:
            print(f"           documents and forms: {'; '.join(f'added {a.name}' for a in chapter.attachments)}")
    for chapter in changes.removed:
        print(f"  removed  {chapter.id} ({chapter.title})")
    for entry in changes.entries_added:
        about = f" ({entry.chapter})" if entry.chapter else ""
        print(f"  register entry added  {entry.id}{about}: {entry.details}")
    missing = changes.unrecorded()
    for change in missing:
        print(f"needs a register entry: {change.chapter.id}: reader-publish amend {change.chapter.id} "
              f"--details \"what changed\" --content {args.content_dir}")
    if missing:
        print(f"publishing now would be refused: {len(missing)} changed wording(s) not in the register")
    return 0


def _amend(args) -> int:
    from reader.core.dates import parse_iso
    from reader.publish.amending import record_amendment

    day = parse_iso(args.date) if args.date else _today()
    entry = record_amendment(args.content, args.chapter, args.details, day)
    print(f"recorded {entry.id} ({entry.date}) for chapter {entry.chapter} in {args.content / 'register.toml'}")
    return 0


def _publish(args) -> int:
    import datetime as dt

    from reader.core.dates import parse_iso
    from reader.publish.edition import edition_files
    from reader.publish.keys import DEV_KEYS, load_signers
    from reader.publish.repository import publish

    as_of = parse_iso(args.as_of) if args.as_of else dt.datetime.now(dt.timezone.utc).date()
    signers = load_signers(args.keys or [DEV_KEYS])
    staged = None
    if args.partnership:  # read before anything is written: a damaged one stops the publish
        from reader.publish.partnership import read_staged

        staged = read_staged(args.partnership)
    if args.url and not args.url.startswith(("http://", "https://")):
        raise ReaderError(f"--url must be an http:// or https:// address, not {args.url!r}")
    from reader.publish.amending import archive_previous, compare, last_edition, require_entries

    last = last_edition(args.out_dir)
    changes = compare(last, args.content_dir, as_of)
    require_entries(changes, args.content_dir)
    for path in archive_previous(changes, args.content_dir):
        print(f"updated {path}")
    files = edition_files(args.content_dir, as_of, args.url)
    if not args.as_of and last is not None and _same_but_the_date(files, last):
        # The daily re-sign: nothing a reader sees changed, so the edition keeps the date it was
        # published on. Moving it would tell every laptop there is a new edition when there is none.
        files = edition_files(args.content_dir, changes.last_as_of, args.url)
        as_of = changes.last_as_of
        print(f"nothing in the edition changed: renewing its signatures; it stays the edition of {as_of}")
    result = publish(files, args.out_dir, signers, staged=staged)
    print(f"published version {result.version} (as of {as_of}) in {args.out_dir}: "
          f"{len(result.targets_written)} new file(s), signed {', '.join(result.roles_signed)}")
    for warning in result.warnings:
        print(f"reader-publish: warning: {warning}", file=sys.stderr)
    return 0


def _same_but_the_date(files: dict[str, bytes], last: dict[str, bytes]) -> bool:
    """Whether `files` differ from the served edition `last` in nothing but edition.toml's date."""
    from reader.publish.amending import EDITION_INFO

    return {p: b for p, b in files.items() if p != EDITION_INFO} == {p: b for p, b in last.items() if p != EDITION_INFO}


def _keys(args) -> int:
    from reader.publish.keys import OFFLINE, ONLINE, init_keys, load_signers

    if args.keys_command == "init-partnership":
        from reader.publish.keys import init_partnership_key

        private, public = init_partnership_key(args.slug, args.dir)
        print(private)
        print(public)
        print(f"keep {private.name} with partnership {args.slug}; give {public.name} to the region, whose key "
              f"folder then delegates {args.slug}'s Level C to this key alone")
        return 0
    if args.keys_command == "init":
        for path in init_keys(args.dir):
            print(path)
        print(f"move {' and '.join(r + '.pem' for r in OFFLINE)} to offline storage: publishing needs only "
              f"{', '.join(r + '.pem' for r in ONLINE)}. Build the reader with this set's root (see README, Trust)")
        return 0
    from reader.core.trust.partnerships import slug_of
    from reader.publish.rotation import rotate, rotate_partnership

    slug = slug_of(args.role)
    if slug is None and (args.new_key or args.partnership):
        raise ReaderError(f"--new-key and --partnership are for rotating a partnership's key (partnership-SLUG), "
                          f"not {args.role}: the region makes its own roles' new keys itself")
    if slug is not None and (args.new_key is None) != (args.partnership is None):
        given, missing = ("--new-key", "--partnership") if args.new_key else ("--partnership", "--new-key")
        raise ReaderError(f"{given} needs {missing} too: the new key's .pub (--new-key) and the role {slug} "
                          "signed with it (--partnership STAGING) are handed over together")
    keys = load_signers(args.keys)
    if slug is not None and args.new_key is not None:
        done = rotate_partnership(slug, args.out_dir, keys, args.new_key, args.partnership)
    else:
        done = rotate(args.role, args.out_dir, keys)
    result = done.published
    print(f"rotated the {done.role} key: the new key is {done.new_key}")
    if done.old_key:
        print(f"the old {done.role} key is kept aside in {done.old_key} ({args.out_dir} no longer trusts it)")
    else:
        print(f"no old {done.role} key was given, so none was kept aside")
    print(f"published version {result.version} in {args.out_dir}: signed {', '.join(result.roles_signed)}; "
          "readers follow the new key on their next sync")
    return 0


def _bundle_from(repository: Path) -> int:
    """Bundle the edition `repository` serves, as it is signed: verified, then exported as a repository."""
    import shutil
    import tempfile

    from reader.core.editions.export import export_edition
    from reader.core.editions.library import Library
    from reader.core.paths import bundled_repository, trusted_root_file

    first_root = repository / "metadata" / "1.root.json"
    if not first_root.is_file():
        raise ReaderError(f"{repository} is not a published repository (no metadata/1.root.json)")
    out = bundled_repository()
    with tempfile.TemporaryDirectory(prefix=".bundle-", dir=out.parent) as tmp:
        laptop = Library(Path(tmp) / "data", first_root.read_bytes(), repository)
        laptop.install_from_repository(repository)  # verified against the root the bundle will pin
        exported = export_edition(laptop, Path(tmp) / "edition", allow_expired=True)
        shutil.rmtree(out, ignore_errors=True)
        shutil.move(str(Path(tmp) / "edition"), out)
    trusted_root_file().parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(first_root, trusted_root_file())
    print(f"bundled edition {exported.name} (as of {exported.as_of}) from {repository} in {out}; "
          f"trusted root pinned at {trusted_root_file()}")
    return 0


def _bundle(args) -> int:
    import shutil

    from reader.core.paths import bundled_repository, content_dir, trusted_root_file
    from reader.publish.edition import edition_files
    from reader.publish.keys import DEV_KEYS, load_signers
    from reader.publish.repository import publish
    import datetime as dt

    content = content_dir()  # a checkout only: say so before anything is removed
    out = bundled_repository()
    signers = load_signers(DEV_KEYS)
    # A fresh repository each time keeps the bundle small; its versions come
    # from the publish time, so it is still newer than any bundled before it.
    shutil.rmtree(out, ignore_errors=True)
    result = publish(edition_files(content, dt.datetime.now(dt.timezone.utc).date()), out, signers)
    trusted_root_file().parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(out / "metadata" / "1.root.json", trusted_root_file())
    print(f"bundled edition version {result.version} in {out}; trusted root pinned at {trusted_root_file()}")
    return 0


def _import(args) -> int:
    from reader.publish.importer import build_manual, write_content
    from reader.core.content import manual_files

    sources = args.content_dir / "sources"
    if not sources.is_dir():
        raise ReaderError(f"{sources} not found: CONTENT_DIR must hold the captures in sources/")
    manual = build_manual(sources)
    if args.check:
        stale = [
            rel
            for rel, text in manual_files(manual).items()
            if not (args.content_dir / rel).is_file() or (args.content_dir / rel).read_text(encoding="utf-8") != text
        ]
        if stale:
            print(f"reader-publish: {len(stale)} file(s) differ from a fresh import, first {stale[0]}", file=sys.stderr)
            return 1
        print(f"content matches the captures: {len(manual.chapters)} chapters, {len(manual.register)} register entries")
        return 0
    written = write_content(manual, args.content_dir)
    print(f"wrote {len(written)} files: {len(manual.chapters)} chapters, "
          f"{sum(len(c.previous) for c in manual.chapters)} earlier wordings, {len(manual.register)} register entries")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in SUBCOMMANDS:
        args = _parser().parse_args(argv)
    else:
        args = _publish_parser().parse_args(argv)
        args.command = "publish"
    try:
        if args.command == "import":
            return _import(args)
        if args.command == "publish":
            return _publish(args)
        if args.command == "bundle":
            return _bundle_from(args.from_dir) if args.from_dir is not None else _bundle(args)
        if args.command == "keys":
            return _keys(args)
        if args.command == "status":
            return _status(args)
        if args.command == "amend":
            return _amend(args)
        if args.command == "check":
            return _check(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "partnership":
            return _partnership(args)
    except ReaderError as exc:
        print(f"reader-publish: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"reader-publish: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
