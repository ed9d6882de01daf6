"""The pins: one constraints file, the same pins in environment.yml, Binder conventions."""

from __future__ import annotations

import re
import tomllib

from conftest import ROOT

from course.selfcheck import read_pins


def environment_pins() -> tuple[str, dict[str, str]]:
    text = (ROOT / "environment.yml").read_text()
    python = re.search(r"^\s*-\s*python=(\S+)\s*$", text, re.M)
    pins = dict(re.findall(r"^\s+-\s+([A-Za-z0-9_.\-]+)==(\S+)\s*$", text, re.M))
    return (python.group(1) if python else ""), {k.lower(): v for k, v in pins.items()}


def test_environment_yml_has_exactly_the_runtime_pins():
    python, env = environment_pins()
    runtime = read_pins(ROOT / "constraints.txt", "runtime")
    assert python == "3.11"
    assert env == runtime, "environment.yml and constraints.txt disagree; run `make lock`"


def test_every_dependency_is_pinned():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = read_pins(ROOT / "constraints.txt", "runtime")
    test = read_pins(ROOT / "constraints.txt", "test")
    names = lambda reqs: {re.split(r"[<>=!~\[ ;]", r)[0].lower() for r in reqs}  # noqa: E731
    assert names(project["dependencies"]) <= set(runtime)
    assert names(project["optional-dependencies"]["test"]) <= set(runtime) | set(test)
    assert not set(runtime) & set(test)


def test_pins_are_exact():
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][A-Za-z0-9.+\-]*", line), line


def test_environment_yml_has_no_local_references():
    text = (ROOT / "environment.yml").read_text()
    assert "-e " not in text and "file:" not in text and "./" not in text


def test_postbuild_follows_repo2docker_conventions():
    text = (ROOT / "postBuild").read_text()
    assert text.startswith("#!/bin/bash")
    assert "set -euo pipefail" in text
    assert re.search(r"pip install --no-deps\b", text)
    assert (ROOT / "postBuild").stat().st_mode & 0o111


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make test" in ci and "make test" in readme and "make lab" in readme
    assert "COURSE_REQUIRE_BROWSER=1" in ci
    assert "chromium" in ci
