"""Regenerate the exact pins, ``constraints.txt`` and ``environment.yml``, and prove that
they install from wheels wherever students are.

Run with ``make lock`` after changing the dependencies in ``pyproject.toml``:

1. pip resolves the project with all its extras (``.[test]``, and any extra added later)
   for this Python, as a dry run against PyPI (nothing is installed; local indexes and
   pip configuration are ignored); what the extras add is the "test" section;
2. for every platform in ``SYSTEMS`` and every Python that ``requires-python`` allows
   (its lowest release, then each newer minor version), the pins' requirements are
   walked with that cell's environment markers, so a cell is checked for exactly the
   packages pip would install there (the walk must find exactly what pip resolved for
   this machine, or the tool stops); a package only another platform needs (``pywinpty``
   on Windows, ``appnope`` on macOS) is pinned too, with a marker saying where;
3. every pin a cell installs must have a wheel on PyPI whose tags that cell accepts
   (``packaging.tags``) and whose ``Requires-Python`` admits the cell's Python; a
   ``py3-none-any`` wheel counts, so pure-Python packages pass everywhere;
4. a pin that fails somewhere is held back to the newest release that passes in every
   cell that installs it and still satisfies what the other pins require of it; pip
   then resolves again with that cap, and the check repeats;
5. the matrix is printed; the files are written only when every cell passes, otherwise
   the tool exits with status 1 and changes nothing.

The network is needed here and nowhere else: the tests only check the written files and,
offline, the functions below.
"""

from __future__ import annotations

import functools
import json
import operator
import os
import platform
import subprocess
import sys
import tempfile
import tomllib
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.tags import Tag, compatible_tags, cpython_tags, mac_platforms
from packaging.utils import InvalidWheelFilename, canonicalize_name, parse_wheel_filename
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "open-weights-course"
INDEX = "https://pypi.org"
# environment.yml also pins the notebook test runner: CI users reproduce notebook validation
# (`pytest --nbval-lax notebooks/`) from it.
NOTEBOOK_TESTS = "nbval"

# The oldest systems a student may bring: Linux with glibc 2.28 (RHEL 8, Debian 10, Ubuntu
# 20.04 and everything newer), macOS 12 Monterey (the last release for many 2015-era Intel
# Macs). A wheel that needs anything newer fails the check.
GLIBC = (2, 28)
MACOS = (12, 0)


def manylinux(arch: str, glibc: tuple[int, int] = GLIBC) -> tuple[str, ...]:
    """Wheel platform tags a Linux with *glibc* accepts, newest first.

    >>> tags = manylinux("aarch64", (2, 28))
    >>> tags[0], "manylinux2014_aarch64" in tags, "manylinux_2_31_aarch64" in tags
    ('manylinux_2_28_aarch64', True, False)
    """
    major, newest = glibc
    oldest = 17 if arch == "aarch64" else 5  # aarch64 wheels start at manylinux2014
    aliases = {17: "manylinux2014", 12: "manylinux2010", 5: "manylinux1"}
    tags = []
    for minor in range(newest, oldest - 1, -1):
        tags.append(f"manylinux_{major}_{minor}_{arch}")
        if minor in aliases:
            tags.append(f"{aliases[minor]}_{arch}")
    return tuple(tags)


@dataclass(frozen=True)
class System:
    """A platform students use: its name, marker values and accepted wheel platform tags."""

    name: str
    sys_platform: str
    platform_system: str
    os_name: str
    machine: str
    platforms: tuple[str, ...]


SYSTEMS = (
    System("Linux x86_64", "linux", "Linux", "posix", "x86_64", manylinux("x86_64")),
    System("Linux aarch64", "linux", "Linux", "posix", "aarch64", manylinux("aarch64")),
    System("macOS arm64", "darwin", "Darwin", "posix", "arm64",
           tuple(mac_platforms(MACOS, "arm64"))),
    System("macOS x86_64", "darwin", "Darwin", "posix", "x86_64",
           tuple(mac_platforms(MACOS, "x86_64"))),
    System("Windows amd64", "win32", "Windows", "nt", "AMD64", ("win_amd64",)),
)


@dataclass(frozen=True)
class Cell:
    """One platform with one Python release (CPython only)."""

    system: System
    python: Version

    @property
    def label(self) -> str:
        return f"{self.system.name}, Python {short(self.python)}"

    @functools.cached_property
    def tags(self) -> frozenset[Tag]:
        """Every wheel tag this cell installs (what ``pip debug --verbose`` would list)."""
        version = (self.python.major, self.python.minor)
        interpreter = f"cp{version[0]}{version[1]}"
        platforms = list(self.system.platforms)
        return frozenset([*cpython_tags(version, platforms=platforms),
                          *compatible_tags(version, interpreter, platforms)])

    @functools.cached_property
    def environment(self) -> dict[str, str]:
        """The values environment markers (PEP 508) see in this cell."""
        full = str(self.python)
        return {
            "implementation_name": "cpython", "platform_python_implementation": "CPython",
            "implementation_version": full, "python_full_version": full,
            "python_version": f"{self.python.major}.{self.python.minor}",
            "sys_platform": self.system.sys_platform, "os_name": self.system.os_name,
            "platform_system": self.system.platform_system,
            "platform_machine": self.system.machine, "platform_release": "",
            "platform_version": "",
        }


def supported_pythons(requires_python: str) -> list[Version]:
    """The Pythons to check: the lowest release of each minor version *requires_python* allows.

    >>> [str(v) for v in supported_pythons(">=3.11.5,<3.15")]
    ['3.11.5', '3.12.0', '3.13.0', '3.14.0']
    """
    spec = SpecifierSet(requires_python)
    if Version("3.99") in spec:
        raise ValueError(f"requires-python {requires_python!r} needs an upper bound, such as "
                         "<3.15: only the Pythons checked here are supported")
    found = []
    for minor in range(40):
        patch = next((p for p in range(40) if Version(f"3.{minor}.{p}") in spec), None)
        if patch is not None:
            found.append(Version(f"3.{minor}.{patch}"))
    return found


def short(python: Version) -> str:
    """'3.11.5' for a patch release, '3.12' for the first release of a minor version."""
    return str(python) if python.micro else f"{python.major}.{python.minor}"


def python_range(requires_python: str) -> str:
    """How people should read *requires_python*: lowest release to highest minor version.

    >>> python_range(">=3.11.5,<3.15")
    '3.11.5 to 3.14'
    """
    pythons = supported_pythons(requires_python)
    return f"{pythons[0]} to {pythons[-1].major}.{pythons[-1].minor}"


def wheel_fits(filename: str, tags: frozenset[Tag]) -> bool:
    """Whether the wheel called *filename* installs where *tags* are accepted.

    >>> cell = Cell(SYSTEMS[3], Version("3.12.0"))   # macOS x86_64
    >>> wheel_fits("argon2_cffi_bindings-25.1.0-cp39-abi3-macosx_10_9_x86_64.whl", cell.tags)
    True
    >>> wheel_fits("argon2_cffi_bindings-26.2.0-cp310-abi3-macosx_11_0_arm64.whl", cell.tags)
    False
    """
    try:
        return not tags.isdisjoint(parse_wheel_filename(filename)[3])
    except InvalidWheelFilename:
        return False


def why_not(files: Sequence[Mapping], cell: Cell) -> str | None:
    """``None`` when one of a release's *files* (PyPI JSON entries) installs in *cell* from a
    wheel; otherwise the reason, for the matrix.

    >>> cell = Cell(SYSTEMS[0], Version("3.11.5"))
    >>> wheel = {"filename": "soupsieve-4.1.2-py3-none-any.whl", "requires_python": ">=3.11.5"}
    >>> why_not([wheel], cell) is None
    True
    >>> why_not([{**wheel, "requires_python": ">=3.12"}], cell)
    'needs Python >=3.12'
    >>> why_not([{"filename": "soupsieve-4.1.2.tar.gz", "requires_python": None}], cell)
    'no wheel'
    """
    if not files:
        return "not on PyPI"
    wheels = [f for f in files if not f.get("yanked") and wheel_fits(f["filename"], cell.tags)]
    if not wheels:
        return "no wheel"
    admitted = [f for f in wheels if cell.python in SpecifierSet(f.get("requires_python") or "")]
    return None if admitted else f"needs Python {wheels[0]['requires_python']}"


def applies(requirement: Requirement, environment: Mapping[str, str], extra: str = "") -> bool:
    """Whether *requirement*'s marker holds in *environment* (with *extra* requested)."""
    marker = requirement.marker
    return marker is None or marker.evaluate({**environment, "extra": extra})


def walk(roots: Iterable[Requirement], requires: Mapping[str, Sequence[str]],
         environment: Mapping[str, str]) -> dict[str, list[Requirement]]:
    """Everything pip installs for *roots* in *environment*, following extras.

    *requires* maps a canonical name to that pin's ``Requires-Dist`` lines. Returns
    ``{canonical name: [the requirements that ask for it]}``; a name absent from
    *requires* (nothing pinned yet) is listed but not followed.

    >>> requires = {"ipython": ['pexpect>4.3; sys_platform != "win32"',
    ...                         'colorama; sys_platform == "win32"', 'pytest; extra == "test"']}
    >>> sorted(walk([Requirement("ipython")], requires, {"sys_platform": "win32"}))
    ['colorama', 'ipython']
    >>> sorted(walk([Requirement("ipython[test]")], requires, {"sys_platform": "linux"}))
    ['ipython', 'pexpect', 'pytest']
    """
    found: dict[str, list[Requirement]] = {}
    expanded: set[tuple[str, str]] = set()
    queue = [r for r in roots if applies(r, environment)]
    while queue:
        requirement = queue.pop()
        name = canonicalize_name(requirement.name)
        found.setdefault(name, []).append(requirement)
        for extra in ("", *sorted(requirement.extras)):
            if (name, extra) not in expanded:
                expanded.add((name, extra))
                queue += [r for r in map(Requirement, requires.get(name, ()))
                          if applies(r, environment, extra)]
    return found


def marker_for(cells: Iterable[Cell], systems: Sequence[System],
               pythons: Sequence[Version]) -> str:
    """A PEP 508 marker that holds on the platforms and Pythons of *cells* ('' for all).

    >>> pythons = [Version("3.11.5"), Version("3.12.0")]
    >>> marker_for([Cell(s, p) for s in SYSTEMS[2:4] for p in pythons], SYSTEMS, pythons)
    'sys_platform == "darwin"'
    >>> marker_for([Cell(s, p) for s in SYSTEMS[:4] for p in pythons], SYSTEMS, pythons)
    'sys_platform != "win32"'
    >>> marker_for([Cell(SYSTEMS[4], pythons[0])], SYSTEMS, pythons)
    'sys_platform == "win32" and python_version < "3.12"'
    """
    cells = list(cells)
    minors = [f"{p.major}.{p.minor}" for p in pythons]
    wanted = [m for m, p in zip(minors, pythons, strict=True) if p in {c.python for c in cells}]
    parts = []
    if wanted != minors:
        if wanted == minors[:len(wanted)]:
            parts.append(f'python_version < "{minors[len(wanted)]}"')
        elif wanted == minors[-len(wanted):]:
            parts.append(f'python_version >= "{wanted[0]}"')
        else:
            parts.append("(" + " or ".join(f'python_version == "{m}"' for m in wanted) + ")")
    chosen = {c.system for c in cells}
    if chosen != set(systems):
        families: dict[str, list[System]] = {}
        for system in systems:
            families.setdefault(system.sys_platform, []).append(system)
        whole = [name for name, family in families.items() if chosen >= set(family)]
        partial = [s for name, family in families.items() if name not in whole
                   for s in family if s in chosen]
        if not partial and len(whole) == len(families) - 1:
            left_out = next(name for name in families if name not in whole)
            either = [f'sys_platform != "{left_out}"']
        else:
            either = [f'sys_platform == "{name}"' for name in whole] + [
                f'(sys_platform == "{s.sys_platform}" and platform_machine == "{s.machine}")'
                for s in partial]
        where = " or ".join(either)
        parts.insert(0, f"({where})" if len(either) > 1 and parts else where)
    return " and ".join(parts)


class PyPI:
    """Release files from PyPI's JSON API, fetched once per project (threads for speed)."""

    def __init__(self, url: str = INDEX):
        self.url = url
        self._releases: dict[str, dict[Version, list[dict]]] = {}
        self._names: dict[str, str] = {}

    def prefetch(self, names: Iterable[str]) -> None:
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(self.releases, names))

    def releases(self, name: str) -> dict[Version, list[dict]]:
        key = canonicalize_name(name)
        if key not in self._releases:
            for attempt in range(3):
                try:
                    with urllib.request.urlopen(f"{self.url}/pypi/{key}/json", timeout=60) as r:
                        data = json.load(r)
                    break
                except OSError:
                    if attempt == 2:
                        raise
            releases = {}
            for text, files in data["releases"].items():
                try:
                    releases[Version(text)] = files
                except InvalidVersion:
                    continue
            self._names[key] = data["info"]["name"]
            self._releases[key] = releases
        return self._releases[key]

    def files(self, name: str, version: str) -> list[dict]:
        return self.releases(name).get(Version(version), [])

    def display_name(self, name: str) -> str:
        self.releases(name)
        return self._names[canonicalize_name(name)]


@dataclass(frozen=True)
class Pin:
    name: str                     # as the package spells itself
    version: str
    requires: tuple[str, ...]     # Requires-Dist lines
    marker: str = ""              # where it is needed, when not everywhere


def pip(*args: str) -> str:
    """Run this Python's pip against PyPI alone, ignoring every pip configuration file."""
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull}
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--isolated", "--disable-pip-version-check", *args,
         "--index-url", f"{INDEX}/simple"],
        cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"pip {' '.join(args[:2])} failed:\n{done.stderr.strip()}")
    return done.stdout


def pins_from_report(report: str) -> dict[str, Pin]:
    """``{canonical name: Pin}`` from a ``pip install --report`` (the project excluded)."""
    pins = {}
    for item in json.loads(report)["install"]:
        meta = item["metadata"]
        if meta["name"] != PROJECT:
            pins[canonicalize_name(meta["name"])] = Pin(
                meta["name"], meta["version"], tuple(meta.get("requires_dist", ())))
    return pins


def resolve(target: str, caps: Mapping[str, str]) -> dict[str, Pin]:
    """What pip installs for *target* (``.[test]``) with this Python, each name in *caps*
    held at or below its version."""
    with tempfile.TemporaryDirectory() as tmp:
        capfile = Path(tmp, "caps.txt")
        capfile.write_text("".join(f"{name}<={v}\n" for name, v in caps.items()))
        return pins_from_report(pip("install", "--dry-run", "--ignore-installed", "--quiet",
                                    "--report", "-", "--constraint", str(capfile), target))


def requires_of(name: str, version: str, cell: Cell) -> tuple[str, ...]:
    """``Requires-Dist`` of one release, read by pip from its wheel for *cell*."""
    python = f"{cell.python.major}{cell.python.minor}"
    platforms = [arg for p in cell.system.platforms for arg in ("--platform", p)]
    with tempfile.TemporaryDirectory() as tmp:
        report = pip("install", "--dry-run", "--no-deps", "--ignore-installed", "--quiet",
                     "--only-binary=:all:", "--target", tmp, *platforms,
                     "--python-version", python, "--implementation", "cp", "--abi", f"cp{python}",
                     "--report", "-", f"{name}=={version}")
    return next(iter(pins_from_report(report).values())).requires


@dataclass
class Lock:
    """The pins being checked: roots from pyproject.toml, cells, the index, and the pins."""

    runtime: list[Requirement]
    test: list[Requirement]
    cells: list[Cell]
    index: PyPI
    pins: dict[str, Pin]

    @property
    def roots(self) -> list[Requirement]:
        return self.runtime + self.test

    @property
    def pythons(self) -> list[Version]:
        return sorted({c.python for c in self.cells})

    def needs(self) -> dict[Cell, dict[str, list[Requirement]]]:
        requires = {name: pin.requires for name, pin in self.pins.items()}
        return {cell: walk(self.roots, requires, cell.environment) for cell in self.cells}

    def differs_from_pip(self) -> list[str]:
        """Names where walking the pins' requirements for this machine finds something other
        than what pip just resolved here (empty when they agree, or this machine is not in
        SYSTEMS)."""
        here = [s for s in SYSTEMS
                if (s.sys_platform, s.machine) == (sys.platform, platform.machine())]
        if not here:
            return []
        cell = Cell(here[0], Version(platform.python_version()))
        walked = set(walk(self.roots, {n: p.requires for n, p in self.pins.items()},
                          cell.environment))
        return sorted(walked ^ set(self.pins))

    def covered(self, cells: Iterable[Cell]) -> list[Cell]:
        """All cells the marker for *cells* admits (platforms × Pythons)."""
        cells = list(cells)
        systems, pythons = {c.system for c in cells}, {c.python for c in cells}
        return [c for c in self.cells if c.system in systems and c.python in pythons]

    def demand(self, name: str, needs: Mapping[Cell, Mapping[str, list[Requirement]]]
               ) -> tuple[list[Cell], SpecifierSet]:
        """Where *name* must install (as a marker can say it) and what its requirers allow."""
        cells = self.covered(c for c in self.cells if name in needs[c])
        wanted = [r.specifier for c in cells for r in needs[c].get(name, ())]
        return cells, functools.reduce(operator.and_, wanted, SpecifierSet())

    def newest_passing(self, name: str, spec: SpecifierSet,
                       cells: Sequence[Cell]) -> Version | None:
        """The newest final release of *name* in *spec* that installs from a wheel in every
        one of *cells*."""
        releases = self.index.releases(name)
        for version in sorted(releases, reverse=True):
            if (not version.is_prerelease and version in spec
                    and all(why_not(releases[version], c) is None for c in cells)):
                return version
        return None

    def pin_conditional(self) -> None:
        """Pin what only other platforms or Pythons install (pip here never sees it)."""
        unpinnable: set[str] = set()
        while True:
            needs = self.needs()
            missing = {n for found in needs.values() for n in found} - set(self.pins)
            if missing <= unpinnable:
                return
            for name in sorted(missing - unpinnable):
                cells, spec = self.demand(name, needs)
                version = self.newest_passing(name, spec, cells)
                if version is None:
                    unpinnable.add(name)  # failures() reports it
                    continue
                self.pins[name] = Pin(self.index.display_name(name), str(version),
                                      requires_of(name, str(version), cells[0]))

    def hold_back(self, name: str, failures: Mapping[Cell, Mapping[str, str]]
                  ) -> tuple[Version | None, str]:
        """The release of failing *name* to cap it at, or None, and why, for people."""
        cells, spec = self.demand(name, self.needs())
        version = self.newest_passing(name, spec, cells)
        where = describe({c: bad[name] for c, bad in failures.items() if name in bad},
                         self.pythons)
        pin = self.pins.get(name)
        label = f"{pin.name} {pin.version}" if pin else name
        limits = f"satisfies {spec} and " if str(spec) else ""
        if version is None or (pin and version >= Version(pin.version)):
            return None, (f"{label}: {where}; no release that {limits}installs from wheels "
                          "everywhere. Change the requirement that holds it there.")
        return version, (f"{pin.name} held at {version}: {pin.version} has {where}; {version} "
                         f"is the newest release that {limits}installs from wheels on every "
                         "platform and Python")

    def mark(self) -> None:
        """Give each pin that some cell does not install the marker for where it is needed."""
        needs = self.needs()
        for name, pin in self.pins.items():
            cells = [c for c in self.cells if name in needs[c]]
            marker = marker_for(cells, SYSTEMS, self.pythons)
            self.pins[name] = Pin(pin.name, pin.version, pin.requires, marker)

    def failures(self) -> dict[Cell, dict[str, str]]:
        """``{cell: {pin: why it does not install there}}``, every cell a key."""
        needs = self.needs()
        self.index.prefetch(self.pins)
        result = {}
        for cell in self.cells:
            result[cell] = {}
            for name in needs[cell]:
                pin = self.pins.get(name)
                why = (why_not(self.index.files(name, pin.version), cell) if pin
                       else "no release has wheels everywhere")
                if why:
                    result[cell][name] = why
        return result

    def closure(self, roots: Iterable[Requirement]) -> set[str]:
        """Every pinned name some cell installs for *roots*."""
        requires = {n: p.requires for n, p in self.pins.items()}
        return set().union(*(walk(roots, requires, c.environment) for c in self.cells))

    def sections(self) -> dict[str, list[Pin]]:
        """runtime: what the course needs; nbval: what notebook validation adds to it (both
        go into environment.yml); test: the rest of the test tools; conditional: pins some
        cells do not install, with markers."""
        runtime = self.closure(self.runtime)
        notebook = self.closure([Requirement(NOTEBOOK_TESTS)]) - runtime
        out: dict[str, list[Pin]] = {"runtime": [], "nbval": [], "test": [], "conditional": []}
        for name in sorted(self.pins):
            pin = self.pins[name]
            section = ("conditional" if pin.marker else "runtime" if name in runtime
                       else "nbval" if name in notebook else "test")
            out[section].append(pin)
        return out


def describe(where: Mapping[Cell, str], pythons: Sequence[Version]) -> str:
    """'no wheel on macOS x86_64 (every Python)'-style summary of failing cells."""
    by_reason: dict[str, dict[str, list[Version]]] = {}
    for cell, why in where.items():
        by_reason.setdefault(why, {}).setdefault(cell.system.name, []).append(cell.python)
    parts = []
    for why, systems in by_reason.items():
        places = []
        for system, found in systems.items():
            versions = ("every Python" if len(found) == len(pythons)
                        else "Python " + ", ".join(map(short, found)))
            places.append(f"{system} ({versions})")
        parts.append(f"{why} on {'; '.join(places)}")
    return "; ".join(parts)


def matrix(failures: Mapping[Cell, Mapping[str, str]], pins: Mapping[str, Pin]) -> str:
    """The platform × Python table, ✓ or ✗, and under it each failing cell's pins."""
    systems = list(dict.fromkeys(c.system.name for c in failures))
    pythons = list(dict.fromkeys(c.python for c in failures))
    width = max(map(len, systems)) + 2
    lines = [" " * width + "".join(f"{short(p):>8}" for p in pythons)]
    grid = {(c.system.name, c.python): bad for c, bad in failures.items()}
    for system in systems:
        marks = ("✗" if grid[system, p] else "✓" for p in pythons)
        lines.append(f"{system:<{width}}" + "".join(f"{m:>8}" for m in marks))
    for cell, bad in failures.items():
        if bad:
            shown = ", ".join(f"{pins[n].name if n in pins else n}"
                              f"{'==' + pins[n].version if n in pins else ''} ({why})"
                              for n, why in sorted(bad.items()))
            lines.append(f"✗ {cell.label}: {shown}")
    return "\n".join(lines)


def write(lock: Lock, held: Mapping[str, tuple[Version, str]], requires_python: str) -> None:
    """Write constraints.txt and environment.yml from *lock*."""
    sections = lock.sections()
    systems = ", ".join(s.name for s in SYSTEMS)
    pythons = ", ".join(map(short, lock.pythons))
    line = lambda p: f"{p.name}=={p.version}" + (f" ; {p.marker}" if p.marker else "")  # noqa: E731
    text = [
        "# Exact pins for the course environment; generated by `make lock` (tools/lock.py).",
        f"# Resolved with Python {sys.version_info.major}.{sys.version_info.minor}; every pin "
        "installs from a wheel on",
        f"# {systems} (glibc {GLIBC[0]}.{GLIBC[1]}+, macOS {MACOS[0]}+)",
        f"# with Python {pythons}.",
        "# environment.yml pins the runtime, nbval and conditional sections identically.",
        *(f"# {why}." for _, why in held.values()),
    ]
    for section, pins in sections.items():
        text.append(f"# --- {section} ---")
        if section == "conditional":
            text.append("# Installed only where the marker holds (another platform or Python).")
        text += map(line, pins)
    (ROOT / "constraints.txt").write_text("\n".join(text) + "\n")

    lowest = lock.pythons[0]
    env = [
        "# Binder / conda environment for the course; generated by `make lock` (tools/lock.py).",
        "# Exact pins, identical to the runtime, nbval and conditional sections of",
        "# constraints.txt: the course, plus nbval to validate the notebooks.",
        f"# Supported Python: {python_range(requires_python)} (requires-python in "
        "pyproject.toml); Binder",
        "# builds with the oldest, as repo2docker reads only an exact `python=X.Y`.",
        "name: open-weights-course",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={lowest.major}.{lowest.minor}",
        "  - pip",
        "  - pip:",
        *(f"      - {line(p)}" for section in ("runtime", "nbval", "conditional")
          for p in sections[section]),
    ]
    (ROOT / "environment.yml").write_text("\n".join(env) + "\n")
    print(f"pinned {len(sections['runtime'])} runtime, {len(sections['nbval'])} nbval, "
          f"{len(sections['test'])} other test and {len(sections['conditional'])} conditional "
          "packages")


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requires_python = project["requires-python"]
    extras = project.get("optional-dependencies", {})
    target = f".[{','.join(extras)}]" if extras else "."
    lock = Lock(runtime=[Requirement(r) for r in project["dependencies"]],
                test=[Requirement(r) for extra in extras.values() for r in extra],
                cells=[Cell(s, p) for s in SYSTEMS for p in supported_pythons(requires_python)],
                index=PyPI(), pins={})
    held: dict[str, tuple[Version, str]] = {}  # name -> (cap, why)
    for _ in range(10):
        caps = {name: str(cap) for name, (cap, _) in held.items()}
        print(f"resolving {target} with pip"
              + "".join(f", {name}<={cap}" for name, cap in caps.items()) + " ...", flush=True)
        lock.pins = resolve(target, caps)
        disagree = lock.differs_from_pip()
        if disagree:
            sys.exit(f"the requirement walk and pip disagree about {', '.join(disagree)}; "
                     "fix tools/lock.py before trusting its matrix")
        lock.pin_conditional()
        failures = lock.failures()
        bad = sorted({name for found in failures.values() for name in found})
        stuck = False
        for name in bad:
            version, why = lock.hold_back(name, failures)
            print(why if version is None else f"held back: {why}")
            if version is None:
                stuck = True
            else:
                held[name] = (version, why)
        if not bad or stuck:
            break
    print("\nWheels for every pin each platform installs (glibc "
          f"{GLIBC[0]}.{GLIBC[1]}+, macOS {MACOS[0]}+; CPython):")
    print(matrix(failures, lock.pins))
    if bad:
        print("\nNot written: some cells lack wheels (see above).")
        return 1
    lock.mark()
    write(lock, held, requires_python)
    return 0


if __name__ == "__main__":
    sys.exit(main())
