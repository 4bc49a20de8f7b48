"""Preview and monitoring: `reader-publish check` for cron, `reader-publish serve` for a real reader."""

import datetime as dt
import os
import signal
import subprocess
import sys

import pytest

from reader.core.editions.sync import sync
from reader.publish.cli import main
from reader.publish.serving import expiry_report
from tests.conftest import ROOT
from tests.publishing import NOW, OLD_DAY, NEW_DAY, edition, make_laptop

ROLES = ("root", "targets", "snapshot", "timestamp", "bins")


def test_check_passes_with_days_to_spare(publisher, capsys):
    publisher.publish(edition())
    assert main(["check", str(publisher.repo), "--days", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == list(ROLES)
    assert all(line.endswith(": ok") for line in lines)


def test_check_fails_on_near_expiry_naming_the_role(publisher, capsys):
    publisher.publish(edition())  # the timestamp lasts 7 days, the snapshot 4 weeks
    assert main(["check", str(publisher.repo), "--days", "8"]) == 1
    lines = dict(line.split(": ", 1) for line in capsys.readouterr().out.splitlines())
    assert "EXPIRES SOON" in lines["timestamp"] and lines["snapshot"].endswith("ok")


def test_check_fails_on_expired_metadata(publisher):
    publisher.publish(edition(), minutes=-60 * 24 * 10)  # published ten days ago, never since
    lines, near = expiry_report(publisher.repo, 0, now=NOW)
    assert near
    assert "EXPIRED" in dict(line.split(": ", 1) for line in lines)["timestamp"]


def test_check_of_a_folder_without_a_repository_is_a_plain_error(tmp_path, capsys):
    assert main(["check", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "holds no published edition" in err and "Traceback" not in err


@pytest.mark.parametrize("args", [["--days", "soon"], ["--days", "-1"]])
def test_check_refuses_a_bad_number_of_days(tmp_path, capsys, args):
    with pytest.raises(SystemExit) as exc:
        main(["check", str(tmp_path), *args])
    assert exc.value.code == 2 and "--days must be a whole number" in capsys.readouterr().err


def test_serve_refuses_a_folder_that_is_not_a_repository(tmp_path, capsys):
    assert main(["serve", str(tmp_path), "--port", "0"]) == 1
    assert "not a published repository" in capsys.readouterr().err


def test_serve_lets_a_laptop_sync_and_stops_on_ctrl_c(tmp_path, publisher):
    publisher.publish(edition(OLD_DAY), minutes=-10)
    laptop = make_laptop(publisher.repo, tmp_path)
    publisher.publish(edition(NEW_DAY))
    proc = subprocess.Popen([sys.executable, "-m", "reader.publish.cli", "serve", str(publisher.repo), "--port", "0"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        line = proc.stdout.readline()
        assert "this computer only" in line, proc.stderr.read() if proc.poll() is not None else line
        url = line.split(" at ", 1)[1].split(" ", 1)[0]
        assert url.startswith("http://127.0.0.1:")
        report = sync(laptop, url)
        assert report.changed == ["introduction"] and laptop.current_name() == report.edition
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0 and "stopped" in out and "Traceback" not in err
