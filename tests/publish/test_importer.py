"""The importer reproduces content/ exactly, and refuses to guess."""

import shutil

import pytest

from reader.publish import cli as publish_cli
from reader.publish.importer import ImportFailure, build_manual, write_content
from tests.conftest import CONTENT, SOURCES

GENERATED = ("chapters", "wordings", "register.toml", "boards.toml")


def tree(root):
    files = {}
    for part in GENERATED:
        path = root / part
        if path.is_file():
            files[part] = path.read_bytes()
        elif path.is_dir():
            files.update({p.relative_to(root).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file()})
    return files


@pytest.fixture
def sources_copy(tmp_path):
    shutil.copytree(SOURCES, tmp_path / "content" / "sources")
    return tmp_path / "content"


def test_reimport_reproduces_content_exactly(sources_copy):
    assert publish_cli.main(["import", str(sources_copy)]) == 0
    assert tree(sources_copy) == tree(CONTENT)


def test_check_passes_on_the_committed_content(capsys):
    assert publish_cli.main(["import", str(CONTENT), "--check"]) == 0
    assert "content matches the captures" in capsys.readouterr().out


def test_check_reports_a_hand_edit(sources_copy, capsys):
    publish_cli.main(["import", str(sources_copy)])
    chapter = sources_copy / "chapters" / "referrals.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("aer", "are"), encoding="utf-8")
    assert publish_cli.main(["import", str(sources_copy), "--check"]) == 1
    assert "chapters/referrals.md" in capsys.readouterr().err


def test_import_removes_chapters_the_mapping_no_longer_has(sources_copy):
    stray = sources_copy / "chapters" / "withdrawn.md"
    stray.parent.mkdir(parents=True)
    stray.write_text("+++\n+++\nold\n", encoding="utf-8")
    write_content(build_manual(sources_copy / "sources"), sources_copy)
    assert not stray.exists()


def test_an_unmapped_register_block_is_refused(sources_copy):
    capture = sources_copy / "sources" / "001_6953471fb3d7265b.txt"
    text = capture.read_text(encoding="utf-8")
    capture.write_text(text.replace("Title amended to include peer on peer abuse\n",
                                    "A new paragraph of chapter text.\n\nTitle amended to include peer on peer abuse\n"),
                       encoding="utf-8")
    with pytest.raises(ImportFailure, match="not in mapping.toml"):
        build_manual(sources_copy / "sources")


def test_000_must_repeat_001(sources_copy):
    capture = sources_copy / "sources" / "000_cbd84aa770ed5c01.txt"
    capture.write_text(capture.read_text(encoding="utf-8").replace("Removed Solihull reference", "Removed Solihull"),
                       encoding="utf-8")
    with pytest.raises(ImportFailure, match="expected to repeat"):
        build_manual(sources_copy / "sources")


def test_a_span_whose_end_is_gone_is_refused(sources_copy):
    capture = sources_copy / "sources" / "004_eab562de4e62db66.txt"
    capture.write_text(capture.read_text(encoding="utf-8").replace("Gore Group", "Core Group"), encoding="utf-8")
    with pytest.raises(ImportFailure, match="dudley-core-group-guidance end"):
        build_manual(sources_copy / "sources")


def test_bad_mapping_is_a_clear_error(sources_copy, capsys):
    (sources_copy / "sources" / "mapping.toml").write_text("chapter = [", encoding="utf-8")
    assert publish_cli.main(["import", str(sources_copy)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("reader-publish: mapping.toml is not valid TOML") and err.count("\n") == 1


def test_missing_sources_folder(tmp_path, capsys):
    assert publish_cli.main(["import", str(tmp_path)]) == 1
    assert "sources" in capsys.readouterr().err
