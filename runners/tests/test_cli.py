"""The command line and setup's package check (no apt-get is run)."""

from __future__ import annotations

import subprocess

import pytest

from runners import setup
from runners.__main__ import parse_args


def test_default_command_is_all():
    assert parse_args([]).command == "all"


def test_options():
    assert parse_args(["build", "--only", "windows"]).only == "windows"
    assert parse_args(["run", "--only", "wine"]).only == "wine"
    args = parse_args(["ingest", "x.xml", "--as", "windows"])
    assert (str(args.file), args.implementation) == ("x.xml", "windows")
    with pytest.raises(SystemExit):
        parse_args(["run", "--only", "windows"])


def fake_dpkg(installed_names, calls):
    def fake_run(command, **kwargs):
        calls.append(command)
        if command[0] == "dpkg-query":
            out = "".join(f"{name}:amd64 install ok installed\n" if name.startswith("lib") else
                          f"{name} install ok installed\n" for name in installed_names)
            out += "wine64 deinstall ok config-files\n" if "wine64" not in installed_names else ""
            return subprocess.CompletedProcess(command, 1, out, "")
        return subprocess.CompletedProcess(command, 0, "", "")
    return fake_run


def test_ready_machine_does_no_apt_work(monkeypatch):
    calls = []
    monkeypatch.setattr(setup.subprocess, "run", fake_dpkg(setup.PACKAGES, calls))
    assert setup.main() == 0
    assert [call[0] for call in calls] == ["dpkg-query"]


def test_missing_package_without_root_exits_2(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(setup.subprocess, "run", fake_dpkg([p for p in setup.PACKAGES if p != "wine64"], calls))
    monkeypatch.setattr(setup.os, "geteuid", lambda: 1000)
    assert setup.main() == 2
    assert "apt-get install -y --no-install-recommends wine64" in capsys.readouterr().out
    assert [call[0] for call in calls] == ["dpkg-query"]


def test_missing_package_as_root_is_installed(monkeypatch):
    calls = []
    present = [p for p in setup.PACKAGES if p != "wine64"]
    monkeypatch.setattr(setup.subprocess, "run", fake_dpkg(present, calls))
    monkeypatch.setattr(setup.os, "geteuid", lambda: 0)
    setup.main()
    assert ["apt-get", "update"] in calls
    assert ["apt-get", "install", "-y", "--no-install-recommends", "wine64"] in calls
