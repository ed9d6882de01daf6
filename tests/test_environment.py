"""The pins: one constraints file, the same pins in environment.yml, one supported-Python
range everywhere it is written, the wheel-matrix logic of ``make lock`` (offline, on
recorded PyPI file names), the CI workflow, and Binder conventions."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib

import pytest
import yaml
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.version import Version

from course import selfcheck
from course.selfcheck import read_pins

# tools/lock.py is a script, not part of the package: load it by path.
_spec = importlib.util.spec_from_file_location("lock", ROOT / "tools" / "lock.py")
lock = sys.modules["lock"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lock)

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PYTHONS = lock.supported_pythons(PROJECT["requires-python"])
OLDEST, NEWEST = str(PYTHONS[0]), f"{PYTHONS[-1].major}.{PYTHONS[-1].minor}"
SYSTEM = {s.name: s for s in lock.SYSTEMS}


def constraint_lines(section: str) -> list[str]:
    return read_pins(ROOT / "constraints.txt", section)


def environment_yml() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text())


# --- the pin files ---------------------------------------------------------------------

def test_environment_yml_has_exactly_the_runtime_nbval_and_conditional_pins():
    """CI users reproduce notebook validation from environment.yml, so nbval and what it
    needs beyond the runtime are pinned there too."""
    pip = next(d["pip"] for d in environment_yml()["dependencies"] if isinstance(d, dict))
    assert pip == (constraint_lines("runtime") + constraint_lines("nbval")
                   + constraint_lines("conditional")), (
        "environment.yml and constraints.txt disagree; run `make lock`")
    assert {Requirement(line).name for line in constraint_lines("nbval")} >= {"nbval", "pytest"}


def test_every_dependency_is_pinned_and_unconditional():
    names = lambda reqs: {Requirement(r).name.lower() for r in reqs}  # noqa: E731
    runtime = names(constraint_lines("runtime"))
    test = names(constraint_lines("nbval") + constraint_lines("test"))
    assert names(PROJECT["dependencies"]) <= runtime
    assert names(PROJECT["optional-dependencies"]["test"]) <= runtime | test
    assert not runtime & test


def test_pins_are_exact_and_only_conditional_pins_carry_markers():
    for section in ("runtime", "test", "conditional"):
        for line in constraint_lines(section):
            requirement = Requirement(line)
            assert re.fullmatch(r"==[0-9][A-Za-z0-9.+\-]*", str(requirement.specifier)), line
            assert (requirement.marker is not None) == (section == "conditional"), line


def test_platform_only_packages_are_pinned_for_their_platform():
    """pywinpty (terminals on Windows) never installs on Linux, so pip here never resolves
    it; the lock pins it anyway, with a marker for Windows."""
    conditional = {Requirement(line).name.lower(): Requirement(line)
                   for line in constraint_lines("conditional")}
    windows = lock.Cell(SYSTEM["Windows amd64"], PYTHONS[0]).environment
    linux = lock.Cell(SYSTEM["Linux x86_64"], PYTHONS[0]).environment
    assert conditional["pywinpty"].marker.evaluate(windows)
    assert not conditional["pywinpty"].marker.evaluate(linux)


def test_environment_yml_has_no_local_references():
    text = (ROOT / "environment.yml").read_text()
    assert "-e " not in text and "file:" not in text and "./" not in text


def test_postbuild_follows_repo2docker_conventions():
    text = (ROOT / "postBuild").read_text()
    assert text.startswith("#!/bin/bash")
    assert "set -euo pipefail" in text
    assert re.search(r"pip install --no-deps\b", text)
    if os.name == "posix":  # Windows keeps no executable bit; Binder reads git's
        assert (ROOT / "postBuild").stat().st_mode & 0o111


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make test" in ci and "make test" in readme and "make lab" in readme
    assert "COURSE_REQUIRE_BROWSER=1" in ci
    assert "chromium" in ci


# --- one supported-Python range ----------------------------------------------------------

def test_an_open_ended_python_range_is_refused():
    """Only the Pythons `make lock` checks are supported, so the range needs an end."""
    with pytest.raises(ValueError, match="upper bound"):
        lock.supported_pythons(">=3.11.5")


def test_makefile_selfcheck_readme_and_environment_agree_on_the_range():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^PYTHON_MIN := (\S+)$", makefile, re.M).group(1) == OLDEST
    assert re.search(r"^PYTHON_MAX := (\S+)$", makefile, re.M).group(1) == NEWEST
    assert ".".join(map(str, selfcheck.PYTHON_MIN)) == OLDEST
    assert ".".join(map(str, selfcheck.PYTHON_MAX)) == NEWEST

    wanted = f"{OLDEST} to {NEWEST}"
    for path in ("README.md", "docs/instructor-guide.md", "environment.yml"):
        text = (ROOT / path).read_text()
        ranges = re.findall(r"Python:? (3\.\d+(?:\.\d+)?) to (3\.\d+)", text)
        assert ranges, f"{path} does not say which Pythons the course supports"
        assert {f"{a} to {b}" for a, b in ranges} == {wanted}, path
        assert not re.search(r"Python 3\.\d+(\.\d+)?(\+| or (newer|later))", text), path

    python = next(d for d in environment_yml()["dependencies"]
                  if isinstance(d, str) and d.startswith("python"))
    assert re.fullmatch(r"python=3\.\d+", python)  # repo2docker reads only python=X.Y
    assert Version(python.split("=")[1]) in {Version(f"{p.major}.{p.minor}") for p in PYTHONS}


@pytest.mark.parametrize("version, ok", [((3, 11, 4), False), ((3, 11, 5), True),
                                         ((3, 14, 9), True), ((3, 15, 0), False)])
def test_course_check_accepts_exactly_the_range(version, ok):
    passed, message = selfcheck.check_python(version)
    assert passed is ok
    if not ok:
        assert f"{OLDEST} to {NEWEST}" in message


@pytest.mark.skipif(shutil.which("make") is None or sys.platform == "win32",
                    reason="needs make and a POSIX shell")
@pytest.mark.parametrize("version, ok", [((3, 11, 4), False), ((3, 11, 5), True),
                                         ((3, 14, 2), True), ((3, 15, 0), False)])
def test_makefile_refuses_pythons_outside_the_range(tmp_path, version, ok):
    """A stand-in `python` reports *version* to the Makefile's check; it answers `-m venv`
    with status 97, so a check that passes is seen failing at the next step instead."""
    fake = tmp_path / "python"
    shown = ".".join(map(str, version))
    fake.write_text(
        "#!/bin/sh\n"
        '[ "$1" = -c ] || exit 97\n'
        f'exec {sys.executable} -c "import sys; sys.version_info = {version}; '
        f"sys.version = '{shown} (stand-in)'; exec(sys.argv[1])\" \"$2\"\n")
    fake.chmod(0o755)
    done = subprocess.run(["make", "-C", str(ROOT), "setup", f"PYTHON={fake}",
                           f"VENV={tmp_path / 'venv'}"], capture_output=True, text=True)
    assert done.returncode != 0
    if ok:
        assert "is needed" not in done.stderr
        assert "Error 97" in done.stderr
    else:
        assert f"Python {OLDEST} to {NEWEST} is needed; found {shown}." in done.stderr


# --- make lock's wheel matrix, on recorded PyPI file names -------------------------------

ARGON2_26_2_0 = [  # argon2-cffi-bindings 26.2.0, CPython wheels as on PyPI (2026-11)
    "argon2_cffi_bindings-26.2.0-cp310-abi3-macosx_11_0_arm64.whl",
    "argon2_cffi_bindings-26.2.0-cp310-abi3-manylinux_2_26_aarch64.manylinux_2_28_aarch64.whl",
    "argon2_cffi_bindings-26.2.0-cp310-abi3-manylinux_2_26_x86_64.manylinux_2_28_x86_64.whl",
    "argon2_cffi_bindings-26.2.0-cp310-abi3-musllinux_1_2_x86_64.whl",
    "argon2_cffi_bindings-26.2.0-cp310-abi3-win_amd64.whl",
    "argon2_cffi_bindings-26.2.0-cp314-cp314t-macosx_11_0_arm64.whl",
    "argon2_cffi_bindings-26.2.0-cp315-abi3.abi3t-macosx_11_0_arm64.whl",
    "argon2_cffi_bindings-26.2.0.tar.gz",
]
ARGON2_25_1_0 = [
    "argon2_cffi_bindings-25.1.0-cp39-abi3-macosx_10_9_universal2.whl",
    "argon2_cffi_bindings-25.1.0-cp39-abi3-macosx_10_9_x86_64.whl",
    "argon2_cffi_bindings-25.1.0-cp39-abi3-macosx_11_0_arm64.whl",
    "argon2_cffi_bindings-25.1.0-cp39-abi3-manylinux_2_26_aarch64.manylinux_2_28_aarch64.whl",
    "argon2_cffi_bindings-25.1.0-cp39-abi3-manylinux_2_26_x86_64.manylinux_2_28_x86_64.whl",
    "argon2_cffi_bindings-25.1.0-cp39-abi3-win_amd64.whl",
    "argon2_cffi_bindings-25.1.0-cp314-cp314t-macosx_10_13_x86_64.whl",
    "argon2_cffi_bindings-25.1.0.tar.gz",
]
PYWINPTY = [f"pywinpty-3.1.2-{tag}-win_amd64.whl" for tag in (
    "cp311-cp311", "cp312-cp312", "cp313-cp313", "cp314-cp314", "cp314-cp314t")]


def release(filenames, requires_python=">=3.9"):
    return [{"filename": f, "requires_python": requires_python, "yanked": False}
            for f in filenames]


def cells():
    return [lock.Cell(s, p) for s in lock.SYSTEMS for p in PYTHONS]


def failing(files):
    return {c.label for c in cells() if lock.why_not(files, c)}


def test_a_release_without_an_intel_mac_wheel_fails_only_on_intel_macs():
    assert failing(release(ARGON2_26_2_0)) == {
        f"macOS x86_64, Python {lock.short(p)}" for p in PYTHONS}
    assert failing(release(ARGON2_25_1_0)) == set()


def test_requires_python_fails_the_cells_below_it():
    files = release(["soupsieve-4.1.2-py3-none-any.whl"], ">=3.11.5")
    assert failing(files) == set()
    early = lock.Cell(SYSTEM["macOS arm64"], Version("3.11.4"))
    assert lock.why_not(files, early) == "needs Python >=3.11.5"


def test_wheel_tags_respect_the_oldest_systems_and_the_abi():
    linux = lock.Cell(SYSTEM["Linux x86_64"], Version("3.14.0")).tags
    mac = lock.Cell(SYSTEM["macOS arm64"], Version("3.14.0")).tags
    assert lock.wheel_fits("x-1-cp314-cp314-manylinux2014_x86_64.whl", linux)
    assert not lock.wheel_fits("x-1-cp314-cp314-manylinux_2_34_x86_64.whl", linux)  # glibc 2.34
    assert not lock.wheel_fits("x-1-cp314-cp314-musllinux_1_2_x86_64.whl", linux)
    assert not lock.wheel_fits("x-1-cp314-cp314t-manylinux2014_x86_64.whl", linux)  # free-threaded
    assert lock.wheel_fits("x-1-cp310-abi3-manylinux2014_x86_64.whl", linux)
    assert not lock.wheel_fits("x-1-cp315-abi3-manylinux2014_x86_64.whl", linux)
    assert lock.wheel_fits("x-1-py3-none-any.whl", linux)
    assert lock.wheel_fits("x-1-py3-none-any.whl", mac)
    assert lock.wheel_fits("x-1-cp314-cp314-macosx_10_13_universal2.whl", mac)
    assert not lock.wheel_fits("x-1-cp314-cp314-macosx_14_0_arm64.whl", mac)  # macOS 14+
    assert not lock.wheel_fits("not a wheel.tar.gz", mac)


def test_the_walk_follows_markers_and_extras_per_platform():
    requires = {
        "jupyter-server": ["terminado>=0.8.3", 'pywinpty>=2.0.1; os_name == "nt"',
                           'overrides>=5.0; python_version < "3.12"'],
        "terminado": ["ptyprocess; os_name != 'nt'", "pywinpty>=1.1.0; os_name == 'nt'",
                      "tornado>=6.1.0", "pytest>=7.0; extra == 'test'"],
    }
    roots = [Requirement("jupyter_server")]
    on = lambda system, python: set(lock.walk(  # noqa: E731
        roots, requires, lock.Cell(SYSTEM[system], Version(python)).environment))
    assert on("Windows amd64", "3.11.5") == {"jupyter-server", "terminado", "pywinpty",
                                            "tornado", "overrides"}
    assert on("macOS x86_64", "3.14.0") == {"jupyter-server", "terminado", "ptyprocess",
                                           "tornado"}
    found = lock.walk(roots, requires, lock.Cell(SYSTEM["Windows amd64"], PYTHONS[0]).environment)
    assert sorted(str(r.specifier) for r in found["pywinpty"]) == [">=1.1.0", ">=2.0.1"]


class RecordedIndex:
    """PyPI's release lists, as recorded above: {name: {version: files}}."""

    def __init__(self, projects):
        self.projects = {name: {Version(v): files for v, files in releases.items()}
                         for name, releases in projects.items()}

    def prefetch(self, names):
        pass

    def releases(self, name):
        return self.projects[name]

    def files(self, name, version):
        return self.projects[name].get(Version(version), [])


def argon2_lock(requirement):
    index = RecordedIndex({"argon2-cffi-bindings": {
        "26.2.0": release(ARGON2_26_2_0), "25.1.0": release(ARGON2_25_1_0),
        "21.2.0": release(["argon2_cffi_bindings-21.2.0-py3-none-any.whl"])}})
    pins = {"argon2-cffi-bindings": lock.Pin("argon2-cffi-bindings", "26.2.0", ())}
    return lock.Lock(runtime=[Requirement(requirement)], test=[], cells=cells(), index=index,
                     pins=pins)


def test_a_failing_pin_is_held_back_to_the_newest_release_that_installs_everywhere():
    pinned = argon2_lock("argon2-cffi-bindings>=21.2")
    failures = pinned.failures()
    assert {c.system.name for c, bad in failures.items() if bad} == {"macOS x86_64"}
    version, why = pinned.hold_back("argon2-cffi-bindings", failures)
    assert version == Version("25.1.0")
    assert "26.2.0 has no wheel on macOS x86_64 (every Python)" in why
    assert "newest release that satisfies >=21.2 and installs" in why

    capped = argon2_lock("argon2-cffi-bindings>=21.2,<25")
    assert capped.hold_back("argon2-cffi-bindings", failures)[0] == Version("21.2.0")
    stuck = argon2_lock("argon2-cffi-bindings>=26")
    version, why = stuck.hold_back("argon2-cffi-bindings", failures)
    assert version is None and "Change the requirement" in why


def test_only_windows_needs_pywinpty_and_it_passes_there():
    windows = [c for c in cells() if c.system.name == "Windows amd64"]
    assert lock.marker_for(windows, lock.SYSTEMS, PYTHONS) == 'sys_platform == "win32"'
    assert not any(lock.why_not(release(PYWINPTY, ">=3.10"), c) for c in windows)
    assert failing(release(PYWINPTY, ">=3.10")) == {c.label for c in cells()} - {
        c.label for c in windows}


def test_the_matrix_marks_each_cell_and_names_the_failing_pins():
    failures = {c: ({"argon2-cffi-bindings": "no wheel"} if c.system.name == "macOS x86_64"
                    else {}) for c in cells()}
    pins = {"argon2-cffi-bindings": lock.Pin("argon2-cffi-bindings", "26.2.0", ())}
    table = lock.matrix(failures, pins).splitlines()
    assert table[0].split() == [lock.short(p) for p in PYTHONS]
    assert table[4].split() == ["macOS", "x86_64"] + ["✗"] * len(PYTHONS)
    assert table[1].split() == ["Linux", "x86_64"] + ["✓"] * len(PYTHONS)
    assert f"✗ macOS x86_64, Python {OLDEST}: argon2-cffi-bindings==26.2.0 (no wheel)" in table


# --- the CI workflow forks run -----------------------------------------------------------

WORKFLOW = ROOT / ".github" / "workflows" / "test.yml"
OSES = {"ubuntu": "Linux", "macos": "macOS", "windows": "Windows"}


def runs_on(step: dict, runner_os: str) -> bool:
    """Evaluate the few `if:` forms the workflow uses (and fail on any other)."""
    condition = step.get("if")
    if condition is None:
        return True
    result = True
    for term in (t.strip() for t in condition.split("&&")):
        test = re.fullmatch(r"runner\.os (==|!=) '(\w+)'", term)
        assert term == "always()" or test, f"unexpected condition {condition!r}"
        if test:
            result &= (runner_os == test.group(2)) == (test.group(1) == "==")
    return result


def job_steps(runner_os: str) -> list[dict]:
    job = yaml.safe_load(WORKFLOW.read_text())["jobs"]["test"]
    return [s for s in job["steps"] if runs_on(s, runner_os)]


def test_workflow_matrix_is_three_platforms_by_the_oldest_and_newest_python():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    job = workflow["jobs"]["test"]
    assert job["runs-on"] == "${{ matrix.os }}"
    assert job["strategy"]["fail-fast"] is False
    matrix = job["strategy"]["matrix"]
    assert matrix["python"] == [OLDEST, NEWEST]
    assert {re.match(r"[a-z]+", os).group() for os in matrix["os"]} == set(OSES)
    for extra in matrix.get("include", []):
        assert extra["python"] in matrix["python"] and extra["os"].startswith("macos")
    setup = [s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python")]
    assert setup[0]["with"]["python-version"] == "${{ matrix.python }}"
    for step in job["steps"]:
        assert ("run" in step) != ("uses" in step), step
        assert set(step) <= {"name", "if", "run", "uses", "with", "env"}, step


def test_workflow_steps_fit_each_platform():
    for runner_os in OSES.values():
        steps = job_steps(runner_os)
        commands = [s["run"] for s in steps if "run" in s]
        tests = [c for c in commands if "pytest" in c or "make test" in c]
        assert len(tests) == 1, (runner_os, commands)
        browser = [s for s in steps if s.get("env", {}).get("COURSE_REQUIRE_BROWSER") == "1"]
        if runner_os == "Linux":
            assert browser and "--ignore=tests/browser" not in tests[0]
        else:
            assert not browser and "--ignore=tests/browser" in tests[0]
        if runner_os == "Windows":
            assert not any(re.search(r"\bmake\b", c) for c in commands)
            venv, install, check = commands[:3]
            assert venv == "python -m venv .venv"
            assert install.startswith(".venv\\Scripts\\python -m pip install ")
            assert "-c constraints.txt" in install and install.endswith('-e ".[test]"')
            assert check == ".venv\\Scripts\\python -m course check"
            assert tests[0].startswith(".venv\\Scripts\\python -m pytest")
        else:
            assert "make check" in commands and tests[0].startswith("make test")
