"""The command line: the stable interface scripts and tests drive."""

import json
import os
import re
import subprocess
import sys

import pytest

from reader import cli
from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def _qt_application_first(qapp):
    """`reader export` and `screenshot` make a QGuiApplication when none exists; pytest-qt could
    then not make its QApplication for the window tests that run after these in the same session."""


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_chapters_json_has_id_title_level_boards(capsys):
    code, out, _ = run(capsys, "chapters", "--json")
    chapters = json.loads(out)
    assert code == 0 and len(chapters) == 40
    intro = next(c for c in chapters if c["id"] == "introduction")
    assert intro["level"] == "A" and len(intro["boards"]) == 14
    lado = next(c for c in chapters if c["id"] == "walsall-lado")
    assert lado["boards"] == ["walsall"]


def test_chapters_for_a_board_exclude_other_boards_level_c(capsys):
    _, out, _ = run(capsys, "chapters", "--board", "dudley", "--json")
    scopes = {c["scope"] for c in json.loads(out)}
    assert scopes == {"shared", "dudley"}


def test_show_text_is_title_blank_then_body(capsys):
    code, out, _ = run(capsys, "show", "referrals")
    lines = out.split("\n")
    assert code == 0 and lines[0] == "Referrals" and lines[1] == ""
    assert "Where there aer concerns about a child" in out
    assert "  • has suffered significant harm" not in out and "• has suffered significant harm" in out


def test_show_formats(capsys):
    _, md, _ = run(capsys, "show", "walsall-lado", "--format", "markdown")
    assert md.startswith("# Allegations against staff / LADO\n")
    _, html, _ = run(capsys, "show", "child-death-reviews", "--format", "html")
    assert "<h1>Child death reviews</h1>" in html
    assert "currently under review" in html and "captured on 2019-10-20" in html


def test_show_carries_the_status_note(capsys):
    _, out, _ = run(capsys, "show", "child-death-reviews")
    assert out.split("\n")[2].startswith("This procedure is currently under review.")


def test_boards(capsys):
    _, out, _ = run(capsys, "boards", "--json")
    boards = json.loads(out)
    assert len(boards) == 14 and {"slug", "name"} <= set(boards[0])
    assert any(b["slug"] == "telford-wrekin" and b["name"] == "Telford & Wrekin" for b in boards)


def test_amendments_since_json(capsys):
    _, out, _ = run(capsys, "amendments", "--since", "2019-09-01", "--json")
    entries = json.loads(out)
    assert len(entries) == 7
    assert set(entries[0]) >= {"date", "details", "chapter", "scope"}
    assert entries[0]["date"] == "2019-10-17" and entries[0]["chapter"] is None


def test_amendments_name_the_chapter_where_known(capsys):
    _, out, _ = run(capsys, "amendments", "--since", "2017-07-04", "--json")
    intro = [e for e in json.loads(out) if e["chapter"] == "introduction"]
    assert [e["date"] for e in intro] == ["2019-04-26", "2017-07-04"]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["show", "no-such-chapter"], "no chapter with id 'no-such-chapter'"),
        (["chapters", "--board", "narnia"], "no partnership with slug 'narnia'"),
        (["amendments", "--board", "narnia"], "no partnership with slug 'narnia'"),
        (["amendments", "--since", "31-12-2019"], "not a date"),
        (["amendments", "--since", "2019-02-30"], "not a date"),
        (["show", "introduction", "--on", "2010-01-01"], "no wording of introduction is known to have been in force"),
        (["show", "introduction", "--on", "yesterday"], "not a date"),
        (["contacts"], "which partnership? give --board SLUG"),
        (["contacts", "--board", "narnia"], "no partnership with slug 'narnia'"),
        (["export", "nope", "x.pdf"], "no chapter with id 'nope'"),
        (["export", "walsall-lado", "/no/such/folder/x.pdf"], "cannot write /no/such/folder/x.pdf"),
    ],
)
def test_bad_input_is_one_line_and_non_zero(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code != 0 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_unknown_command_is_one_line(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["frobnicate"])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and err.count("\n") == 1


def test_python_dash_m_reader_and_data_dir(tmp_path):
    env = dict(os.environ, READER_DATA_DIR=str(tmp_path / "state"))
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(tmp_path / "d"), "show", "introduction"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Introduction\n\n")


def test_search_json_shape(capsys):
    code, out, _ = run(capsys, "search", "LADO", "--board", "walsall", "--json")
    data = json.loads(out)
    assert code == 0 and set(data) >= {"results", "did_you_mean"}
    first = data["results"][0]
    assert first["id"] == "walsall-lado" and set(first) >= {"id", "title", "level", "snippet", "score"}


def test_search_json_names_and_layout_are_pinned(capsys):
    # Scripts read these names; the window reads typed results, so nothing else keeps them.
    _, out, _ = run(capsys, "search", "refferal", "--board", "walsall", "--json")
    data = json.loads(out)
    assert list(data) == ["query", "results", "did_you_mean", "board", "truncated", "also_searched", "expanded",
                          "absent", "notices"]
    assert data["query"] == "refferal" and data["did_you_mean"] == "referral"
    assert data["board"] == "walsall" and data["truncated"] is False
    assert data["results"] and all(
        list(hit) == ["id", "title", "level", "scope", "snippet", "score", "section"] for hit in data["results"]
    )
    first = data["results"][0]
    assert first["id"] == "referrals" and first["section"] == "Making a referral"
    assert isinstance(first["score"], float) and first["score"] == round(first["score"], 4)
    assert out == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_search_says_what_else_was_searched_and_what_is_absent_as_the_window_does(capsys):
    from reader.core import labels

    _, out, _ = run(capsys, "search", "cops", "--board", "walsall", "--limit", "1")
    assert out.splitlines()[1] == labels.also_searched(["police"]) == "Also searched for: “police”"  # after the count, as the window has it
    _, out, _ = run(capsys, "search", "LADO", "--board", "walsall", "--limit", "1")
    assert out.splitlines()[1] == labels.abbreviation_searched(["Local Authority Designated Officer", "LADO"])
    _, out, _ = run(capsys, "search", "bruising protocol", "--board", "walsall", "--limit", "1")
    assert out.splitlines()[1] == "“bruising” is not found in Walsall's procedures; it is in the local procedures of Dudley."
    _, out, _ = run(capsys, "search", "zebra", "--limit", "1")
    assert out.splitlines() == ["no results in every partnership's procedures (no partnership chosen)",
                                "“zebra” is not found in the procedures."]


def test_search_json_carries_what_else_was_searched_and_what_is_absent(capsys):
    _, out, _ = run(capsys, "search", "cops LADO bruising", "--board", "walsall", "--json")
    data = json.loads(out)
    assert data["also_searched"] == ["police"]
    assert data["expanded"] == ["Local Authority Designated Officer", "LADO"]
    assert data["absent"] == [{"text": "bruising", "elsewhere": ["dudley"]}]
    assert data["notices"] == [
        "Also searched for: “police”",
        "Searched as the abbreviation and its long form: “Local Authority Designated Officer”, “LADO”",
        "“bruising” is not found in Walsall's procedures; it is in the local procedures of Dudley.",
    ]
    _, out, _ = run(capsys, "search", "child", "--json")
    plain = json.loads(out)
    assert (plain["also_searched"], plain["expanded"], plain["absent"], plain["notices"]) == ([], [], [], [])


def test_search_did_you_mean_and_limit(capsys):
    _, out, _ = run(capsys, "search", "refferal", "--limit", "2", "--json")
    data = json.loads(out)
    assert "referral" in data["did_you_mean"] and len(data["results"]) <= 2


@pytest.mark.parametrize("query", ['"unbalanced', "((", "AND", "*", "title:", "ребёнок", "x" * 5000])
def test_search_hostile_input_never_fails(capsys, query):
    code, out, err = run(capsys, "search", query, "--json")
    assert code == 0 and "Traceback" not in err
    assert isinstance(json.loads(out)["results"], list)


@pytest.mark.parametrize("argv, message", [
    (["search", "x", "--board", "narnia"], "no partnership"),
    (["search", "x", "--limit", "0"], "--limit"),
])
def test_search_bad_options(capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 1 and message in err and err.count("\n") == 1


def test_status_and_verify(capsys):
    code, out, _ = run(capsys, "status", "--json")
    status = json.loads(out)
    assert code == 0 and status["verified"] is True and status["last_sync"] is None
    code, out, _ = run(capsys, "verify")
    assert code == 0 and "verifies" in out


def test_sync_without_an_address_is_one_line(capsys):
    code, _, err = run(capsys, "sync")
    assert code == 1 and "no update address" in err and err.count("\n") == 1


def test_show_on_a_date_gives_the_wording_then_in_force_marked(capsys):
    code, out, _ = run(capsys, "show", "introduction", "--on", "2018-01-01")
    assert code == 0 and out.startswith("Introduction\n\nNOT THE CURRENT WORDING")
    assert "March 2015" in out and "July 2018" not in out
    _, current, _ = run(capsys, "show", "introduction", "--on", "2020-01-01")
    assert "NOT THE CURRENT" not in current and "July 2018" in current


def test_contacts_json_for_walsall(capsys):
    code, out, _ = run(capsys, "contacts", "--board", "walsall", "--json")
    data = json.loads(out)
    assert code == 0 and data["board"] == "walsall"
    lado = {(c["kind"], c["value"]) for c in data["contacts"] if c["chapter"] == "walsall-lado"}
    assert {("telephone", "01922 652322"), ("email", "lado@walsall.gov.uk")} <= lado
    assert set(data["contacts"][0]) == {"kind", "value", "sentence", "chapter", "chapter_title", "section", "lead_in",
                                        "label"}
    assert {c["value"]: c["label"] for c in data["contacts"]}["0300 555 2922"] == "Out of Hours"
    _, text, _ = run(capsys, "contacts", "--board", "walsall")
    assert "0300 555 2922  (said beside it: Out of Hours)" in text  # the number told apart, in the text's words


def test_export_writes_a_stamped_pdf(capsys, tmp_path):
    import pypdf

    out_pdf = tmp_path / "lado.pdf"
    code, out, err = run(capsys, "export", "walsall-lado", str(out_pdf), "--board", "walsall")
    assert code == 0 and out.startswith(str(out_pdf)) and err == ""
    _, status, _ = run(capsys, "status", "--json")
    as_of = json.loads(status)["as_of"]
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(out_pdf)).pages]
    assert pages and all(f"Edition published {as_of} · Partnership: Walsall" in p for p in pages)
    assert all("Uncontrolled when printed: check the reader for the current version" in p for p in pages)
    assert "01922 652322" in pages[0]


def test_export_refuses_another_partnerships_chapter_in_plain_words(capsys, tmp_path):
    out_pdf = tmp_path / "x.pdf"
    code, out, err = run(capsys, "export", "walsall-lado", str(out_pdf), "--board", "dudley")
    assert code == 1 and out == "" and not out_pdf.exists()
    assert err == ("reader: not exported: “Allegations against staff / LADO” is Walsall's local procedure, "
                   "not Dudley's (--board says Dudley); to export it, give --board walsall\n")


def test_export_stamps_a_shared_chapter_with_its_own_scope(capsys, tmp_path):
    import pypdf

    out_pdf = tmp_path / "intro.pdf"
    assert run(capsys, "export", "introduction", str(out_pdf), "--board", "dudley")[0] == 0
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(out_pdf)).pages]
    assert pages and all("Partnership: All partnerships" in p and "Partnership: Dudley" not in p for p in pages)


def test_no_arguments_is_the_parsers_own_answer_for_none():
    """`reader` alone skips building the parser; what it uses instead must not drift from it."""
    from reader import cli

    assert vars(cli._parser().parse_args([])) == vars(cli._no_arguments())


def test_show_gives_the_capture_only_on_request(capsys):
    _, plain, _ = run(capsys, "show", "walsall-lado")
    assert ".txt" not in plain
    for fmt in ("text", "markdown", "html"):
        _, out, _ = run(capsys, "show", "walsall-lado", "--provenance", "--format", fmt)
        assert "Source capture 002_de0a13f498d56370.txt, lines 454-493, captured 2022" in out.rstrip().split("\n")[-1]


def test_status_says_what_its_dates_mean(capsys):
    _, out, _ = run(capsys, "status", "--json")
    data = json.loads(out)
    assert data["newest_amendment"] == "2019-10-17"
    _, line, _ = run(capsys, "status")
    assert f"Edition published {data['as_of']} · newest amendment 2019-10-17 · verified" in line


def test_show_on_a_day_still_to_come_says_so(capsys, tmp_path):
    code, out, _ = run(capsys, "show", "introduction", "--on", "2999-01-01")
    assert code == 0 and out.split("\n")[2].startswith("2999-01-01 is after today (")
    assert "which wording will be in force then is not known" in out
    code, _, err = run(capsys, "export", "introduction", str(tmp_path / "x.pdf"), "--on", "2999-01-01")
    assert code == 1 and err.startswith("reader: not exported: 2999-01-01 is after today")
    assert not (tmp_path / "x.pdf").exists()


def test_export_pages_after_the_first_carry_the_title_and_wording_date(capsys, tmp_path):
    import pypdf

    out_pdf = tmp_path / "r.pdf"
    assert run(capsys, "export", "responding-to-concerns", str(out_pdf))[0] == 0
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(out_pdf)).pages]
    assert len(pages) > 1
    assert all("Responding to concerns about a child · wording in force from 2019-04-26" in p for p in pages[1:])


@pytest.fixture
def published(tmp_path, monkeypatch):
    """The reader's trusted root and bundled edition replaced by a fresh publish (the bundled
    resources' week-long timestamp may have run out), made the way tests/publishing.py does."""
    from reader.core import paths
    from tests.publishing import Publisher, edition

    publisher = Publisher(tmp_path / "repo")
    publisher.publish(edition())
    monkeypatch.setattr(paths, "bundled_repository", lambda: publisher.repo)
    monkeypatch.setattr(paths, "trusted_root_file", lambda: publisher.repo / "metadata" / "1.root.json")
    return publisher


def test_export_edition_then_sync_another_laptop_from_the_folder(capsys, tmp_path, published):
    stick = tmp_path / "stick"
    code, out, err = run(capsys, "export-edition", str(stick))
    assert code == 0 and "written to" in out and f"reader sync {stick}" in out and "until 20" in out, err
    other = str(tmp_path / "other-laptop")
    code, out, err = run(capsys, "--data-dir", other, "sync", str(stick))
    assert code == 0 and out.startswith("up to date: edition"), err
    code, out, err = run(capsys, "--data-dir", other, "sync", stick.as_uri())
    assert code == 0 and "up to date" in out


def test_export_edition_into_a_folder_of_other_things_is_one_line(capsys, tmp_path, published):
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "notes.txt").write_text("mine")
    code, _, err = run(capsys, "export-edition", str(documents))
    assert code == 1 and "not empty" in err and err.count("\n") == 1
    assert [p.name for p in documents.iterdir()] == ["notes.txt"]


def test_export_of_an_expired_edition_is_refused_in_one_line(capsys, tmp_path, monkeypatch):
    import datetime as dt

    from reader.core.editions import export

    monkeypatch.setattr(export, "_now", lambda: dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=400))
    code, _, err = run(capsys, "export-edition", str(tmp_path / "stick"))
    assert code == 1 and "expired on" in err and "signatures of this edition (as of" in err and "sync with the publisher first" in err
    assert err.count("\n") == 1 and not (tmp_path / "stick").exists()


def test_sync_from_a_folder_that_is_not_there_is_one_line(capsys, tmp_path):
    code, _, err = run(capsys, "sync", str(tmp_path / "unplugged"))
    assert code == 1 and "is the stick or share connected" in err and err.count("\n") == 1


def test_no_display_is_one_clear_line_not_a_qt_abort(tmp_path):
    """Found by use: `reader` with no display aborted with Qt's raw message and exit 134."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["READER_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run([sys.executable, "-m", "reader"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    if not sys.platform.startswith("linux"):
        pytest.skip("only Linux needs a display server")
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("reader: there is no display")
    assert not (tmp_path / "data").exists()  # nothing installed for a window that cannot open


def test_each_damaged_file_set_aside_is_one_line_on_stderr(capsys, tmp_path):
    data = tmp_path / "data"
    assert run(capsys, "--data-dir", str(data), "status")[0] == 0
    (data / "settings.json").write_text("{not json")
    (data / "state.json").write_text("garbage")
    code, out, err = run(capsys, "--data-dir", str(data), "contacts")  # the chosen partnership: settings are read
    lines = err.splitlines()
    assert lines[0] == (f"reader: settings.json was damaged and has been set aside as settings.json.corrupt-1 "
                        f"(in {data}); the reader goes on without what it held")
    assert "which partnership?" in lines[1] and (data / "settings.json.corrupt-1").read_text() == "{not json"
    code, out, err = run(capsys, "--data-dir", str(data), "status")
    assert code == 0 and err.splitlines() == [
        f"reader: state.json was damaged and has been set aside as state.json.corrupt-1 (in {data}); "
        "the reader goes on without what it held"]


def test_a_data_folder_that_cannot_be_written_is_one_line_naming_it(capsys, tmp_path):
    (tmp_path / "a-file").write_text("")
    folder = tmp_path / "a-file" / "data"
    code, out, err = run(capsys, "--data-dir", str(folder), "chapters")
    assert code == 1 and out == ""
    assert err == f"reader: the data folder {folder} cannot be written: Not a directory\n"


def test_sync_respects_the_organisations_locked_address(capsys, tmp_path, published):
    from tests.server import Server

    server = Server(published.repo)
    try:
        (tmp_path / "policy.toml").write_text(f'sync_urls = ["http://127.0.0.1:9/", "{server.url}"]\n'
                                              'locked = ["sync_urls"]\n')  # READER_POLICY_FILE (conftest)
        code, _, err = run(capsys, "sync", "https://elsewhere.example/repo/")
        assert code == 1 and "set by your organisation" in err and err.count("\n") == 1
        code, out, err = run(capsys, "sync")  # the first address is down: its mirror serves
        assert code == 0 and out.startswith("up to date: edition"), err
    finally:
        server.stop()


def test_a_damaged_policy_is_one_line_on_stderr_and_sync_goes_on(capsys, tmp_path):
    (tmp_path / "policy.toml").write_text("locked = [")
    code, _, err = run(capsys, "sync")
    assert "policy file" in err and "not valid TOML" in err and "no update address" in err and code == 1


def test_help_says_that_no_command_opens_the_window(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert done.value.code == 0
    assert "`reader` alone opens the window. No COMMAND opens it" in out


def test_publish_help_gives_the_steps_in_order_and_each_step_parses(capsys):
    import shlex

    from reader.publish import cli as publish_cli

    with pytest.raises(SystemExit):
        publish_cli.main(["--help"])
    out = capsys.readouterr().out
    assert "how to publish:" in out
    at = [out.index(f"{n}. {command}") for n, (command, _) in enumerate(publish_cli.PUBLISH_STEPS, 1)]
    assert at == sorted(at) and len(at) >= 5
    for command, _ in publish_cli.PUBLISH_STEPS:  # a step a newcomer copies must be a command that exists
        argv = shlex.split(command)[1:]
        parser = publish_cli._parser() if argv[0] in publish_cli.SUBCOMMANDS else publish_cli._publish_parser()
        parser.parse_args(argv)
    serve_help = subprocess.run([sys.executable, "-m", "reader.publish.cli", "serve", "--help"], cwd=ROOT,
                                capture_output=True, text=True, timeout=60).stdout
    assert "127.0.0.1" in serve_help and "reader sync --url" not in serve_help  # sync takes the address itself


def choose(folder, board):
    """The partnership chosen in the window, as the window saves it."""
    from reader.core import settings as settings_store

    settings_store.save(folder, settings_store.Settings(board=board))


def test_search_defaults_to_the_chosen_partnership_and_names_it(capsys, tmp_path):
    data = tmp_path / "reader-data"  # READER_DATA_DIR (conftest)
    code, out, _ = run(capsys, "search", "LADO")
    assert code == 0 and re.match(r"\d+ results? in every partnership's procedures \(no partnership chosen\):\n", out)
    choose(data, "dudley")
    code, out, _ = run(capsys, "search", "LADO")
    # Dudley's chapters never say LADO (only Walsall's local page defines it): none, said for Dudley
    assert code == 0 and out.startswith("no results in Dudley's procedures (the partnership chosen in the window)")
    assert "walsall-lado" not in out  # another partnership's Level C is never listed as the reader's
    _, out, _ = run(capsys, "search", "LADO", "--json")
    assert json.loads(out)["board"] == "dudley" and "walsall-lado" not in out
    code, out, _ = run(capsys, "search", "LADO", "--board", "walsall")
    assert code == 0 and re.match(r"\d+ results? in Walsall's procedures:\n", out) and "walsall-lado" in out
    _, out, _ = run(capsys, "search", "zzqqxxyy")
    assert out.splitlines()[0] == "no results in Dudley's procedures (the partnership chosen in the window)"


def test_a_chosen_partnership_the_edition_lacks_is_one_line(capsys, tmp_path):
    choose(tmp_path / "reader-data", "atlantis")
    code, out, err = run(capsys, "search", "LADO")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "the partnership chosen in the window, 'atlantis', is not in this edition: give --board SLUG" in err


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "\x00\x07"])
def test_an_empty_query_is_an_error_in_one_line(capsys, query):
    code, out, err = run(capsys, "search", query, "--json")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith("reader: the query is empty: give the words to search for")


@pytest.mark.parametrize("query, said", [
    (" ".join(f"word{n}" for n in range(40)), "only its first 32 words and phrases were searched (up to “…word27 word28 word29 word30 word31”)"),
    ("child " + "x" * 1200, "only its first 1,000 characters were searched"),
])
def test_a_truncated_query_says_so(capsys, query, said):
    code, out, err = run(capsys, "search", query, "--json")
    assert code == 0 and json.loads(out)["truncated"] is True
    assert err.startswith("reader: the query is longer than a search takes: ") and said in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("query", [" ".join(["child"] * 32), "child AND protection " + " " * 2000, "x" * 1000])
def test_a_query_within_the_limits_is_not_said_to_be_cut(capsys, query):
    code, out, err = run(capsys, "search", query, "--json")
    assert code == 0 and err == "" and json.loads(out)["truncated"] is False


def lock_partnership(tmp_path, slug="walsall"):
    (tmp_path / "policy.toml").write_text(f'partnership = "{slug}"\nlocked = ["partnership"]\n')  # READER_POLICY_FILE


@pytest.mark.parametrize("argv", [
    ["search", "LADO", "--board", "dudley"], ["chapters", "--board", "dudley"], ["amendments", "--board", "dudley"],
    ["contacts", "--board", "dudley"], ["export", "introduction", "x.pdf", "--board", "dudley"],
    ["screenshot", "x.png", "--board", "dudley"],
])
def test_a_locked_partnership_refuses_another_board(capsys, tmp_path, argv):
    lock_partnership(tmp_path)
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err == (f"reader: --board dudley refused: the partnership is set by your organisation: Walsall "
                   f"(policy file {tmp_path / 'policy.toml'}); give no --board\n")


def test_commands_default_to_the_locked_partnership_over_the_chosen_one(capsys, tmp_path):
    choose(tmp_path / "reader-data", "dudley")
    lock_partnership(tmp_path)
    code, out, _ = run(capsys, "search", "LADO")
    assert code == 0 and re.match(r"\d+ results? in Walsall's procedures \(set by your organisation\):\n", out)
    _, out, _ = run(capsys, "chapters", "--json")
    assert {c["scope"] for c in json.loads(out)} == {"shared", "walsall"}
    _, out, _ = run(capsys, "amendments", "--json")
    assert {a["scope"] for a in json.loads(out)} <= {"shared", "walsall"}
    code, out, _ = run(capsys, "contacts", "--json")
    assert code == 0 and json.loads(out)["board"] == "walsall"
    code, out, _ = run(capsys, "search", "LADO", "--board", "walsall")  # the same partnership: no refusal
    assert code == 0 and "walsall-lado" in out
    code, _, err = run(capsys, "export", "dudley-bruising-protocol", str(tmp_path / "x.pdf"))
    assert code == 1 and "not Walsall's (set by your organisation)" in err and "give --board" not in err


def test_a_locked_partnership_the_edition_lacks_is_one_line(capsys, tmp_path):
    lock_partnership(tmp_path, "atlantis")
    code, out, err = run(capsys, "search", "LADO")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "the partnership set by your organisation" in err and "'atlantis', is not in this edition" in err


# A reply cut short of its Content-Length is the network's fault, never "failed verification".
@pytest.mark.parametrize("mode, kind", [("500", "offline"), ("truncate", "offline")])
def test_sync_json_is_json_on_failure_too(capsys, tmp_path, published, mode, kind):
    from tests.server import Server

    server = Server(published.repo)
    server.misbehave["*"] = mode  # a server that answers, badly
    try:
        code, out, err = run(capsys, "sync", server.url, "--json", "--timeout", "2")
    finally:
        server.stop()
    failure = json.loads(out)
    assert code == 1 and failure["exit_code"] == code and failure["ok"] is False
    assert failure["kind"] == kind and failure["error"] and "\n" not in failure["error"]
    assert err == f"reader: {failure['error']}\n"  # and the one line on stderr, as ever


def test_sync_json_without_an_address_is_json_and_a_success_says_ok(capsys, tmp_path, published):
    from tests.server import Server

    code, out, err = run(capsys, "sync", "--json")
    assert code == 1 and json.loads(out) == {"ok": False, "error": err[len("reader: "):-1], "kind": "error",
                                             "exit_code": 1}
    server = Server(published.repo)
    try:
        code, out, _ = run(capsys, "sync", server.url, "--json")
    finally:
        server.stop()
    assert code == 0 and json.loads(out)["ok"] is True and json.loads(out)["up_to_date"] is True


@pytest.mark.parametrize("occupied, argv", [("editions", ["status"]), ("current", ["chapters"])])
def test_an_error_about_the_data_folder_names_the_path(capsys, tmp_path, occupied, argv):
    data = tmp_path / "data"
    assert run(capsys, "--data-dir", str(data), "status")[0] == 0
    path = data / occupied
    if path.is_dir():  # a file where the reader keeps a folder, or the other way round
        import shutil

        shutil.rmtree(path)
        path.write_text("x")
    else:
        path.unlink()
        path.mkdir()
    code, out, err = run(capsys, "--data-dir", str(data), *argv)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert f": {path} (in the reader's data folder {data}; --data-dir chooses another)\n" in err


def test_sync_without_an_address_verifies_the_edition_held_once(capsys, tmp_path, published, monkeypatch):
    from reader.core.editions import library as library_module
    from tests.publishing import edition
    from tests.server import Server

    assert run(capsys, "verify")[0] == 0  # the bundled edition installed
    files = edition()
    files["chapters/referrals.md"] += b"\nA new paragraph.\n"
    published.publish(files, minutes=5)
    server = Server(published.repo)
    try:
        (tmp_path / "policy.toml").write_text(f'sync_urls = ["{server.url}"]\n')  # READER_POLICY_FILE (conftest)
        checked = []
        real = library_module.verify_edition
        monkeypatch.setattr(library_module, "verify_edition", lambda *a: checked.append(a[1].name) or real(*a))
        code, out, err = run(capsys, "sync")
        assert code == 0 and "1 changed" in out, err
        assert len(checked) == 1  # opened once for its address, and that is the sync's base too
    finally:
        server.stop()


def test_the_windows_chapter_and_search_are_refused_beside_a_command(capsys):
    """`reader --chapter ID` opens the window; given with a COMMAND it would be silently dropped."""
    with pytest.raises(SystemExit) as done:
        cli.main(["--chapter", "walsall-lado", "show", "walsall-lado"])
    err = capsys.readouterr().err
    assert done.value.code == 2 and err.count("\n") == 1
    assert "--chapter and --search open the window, so they go without a COMMAND, not with show" in err


@pytest.mark.parametrize("argv, words", [
    (["--chapter", "a" * 201], "--chapter: a chapter id is at most 200 characters"),
    (["--search", "harm " * 201], "--search: a search is at most 1000 characters"),
])
def test_a_window_request_too_long_to_carry_is_one_line_before_anything_opens(capsys, tmp_path, monkeypatch, argv, words):
    from reader.ui import app

    monkeypatch.setattr(app, "run_app", lambda *a, **k: 0)  # were it let through, no window here
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "data"), *argv)
    assert (code, err) == (1, f"reader: {words} (see: reader chapters)\n" if "chapter" in words else f"reader: {words}\n")
    assert not (tmp_path / "data").exists()


def test_help_says_the_window_opens_at_a_chapter_or_a_search(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert "--chapter ID" in out and "--search TEXT" in out and "takes the window already open" in " ".join(out.split())
