"""Benchmark harness for the design's speed standards (design.md section 5).

Run from the repository root::

    .venv/bin/python bench/run.py [--quick] [--cache DIR] [--runs N] [--markdown-out FILE]
    .venv/bin/python bench/run.py --scaling [--quick] [--plot-out FILE]

Why it works the way it does:

* Every measurement is a whole child process, because start-up (imports, Click) is part
  of what a user waits for. Wall time is taken around the child; peak RSS comes from
  ``os.wait4``, which on Linux reports the high-water mark of that child *and of every
  descendant it has reaped* (the kernel merges a reaped child's peak into its parent's).
* Commands that spawn workers (the batch report) are also sampled from /proc while they
  run: each worker's own ``VmHWM`` (the peak of its address space since ``exec``), and
  the sum of the tree's ``VmRSS``. ``ru_maxrss`` cannot tell a worker's memory from its
  parent's: a worker spawned by a 2 GB process is charged the parent's 2 GB at ``exec``.
* The national numbers are given as a ratio to a *floor*: a child Python process that
  only reads the same files with Polars (and fastexcel for the survey workbook). The
  ratio is the standard because it cancels most of the machine's speed out; absolute
  seconds on a laptop and on CI are not comparable, the ratio roughly is.
* The pandas peer (bench/pandas_wres.py, indicators 1-4 and 9, no validation) is timed
  on the same national data, rewritten once to the canonical headers it documents; its
  values are compared with ``wres analyse --format json`` and the agreement printed.
* ``--scaling`` runs the floor and ``wres analyse`` at 0.25x, 0.5x, 1x and 2x the
  national extract, fits seconds per million rows and plots it.
* Input data is made with ``wres sample`` into a cache folder outside git, and reused
  while a stamp file says it was made with the same parameters and wres version.
* It is a benchmark, not a test: it always exits 0 once it has printed its table, even
  when targets are missed or a command fails. It is not collected by pytest.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import importlib.util
import json
import math
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = REPO / "bench" / "cache"
DEFAULT_PLOT = REPO / "docs" / "performance-scaling.png"
PEER_SCRIPT = REPO / "bench" / "pandas_wres.py"
STAMP_NAME = ".bench-stamp.json"
MIB = 1024 * 1024
RSS_LIMIT_MB = 1.5 * 1024  # "fits in 1.5 GB", in the same MiB units as the RSS column
EXIT_USAGE = 2  # wres: usage error, e.g. an option this version does not have yet
NATIONAL_ORGS, QUICK_ORGS = 220, 22
STAFF_PER_ORG = 6800
SCALING_ORGS = (55, 110, 220, 440)  # 0.25x, 0.5x, 1x, 2x the national extract
SCALING_ORGS_QUICK = (5, 11, 22, 44)
SAMPLE_INTERVAL_S = 0.05  # /proc sampling of worker processes
PEER_MISSING = "not available (pip install -e '.[bench]')"
PEER_TOLERANCE = 1e-9  # relative: the same counts divided in another order
PEER_COPY_VERSION = 1  # bump when write_peer_copy changes what it writes

# The floor: what Polars alone needs to read a data folder. Kept as source text so it
# runs in a fresh interpreter, exactly like a wres command does (same start-up costs).
# Every frame is kept alive to the end so its peak RSS is "all inputs in memory".
FLOOR_CODE = """\
import sys
from pathlib import Path

import fastexcel
import polars as pl

folder = Path(sys.argv[1])
frames = []
for path in sorted(folder.glob("*.csv")):
    try:
        frames.append(pl.read_csv(path, infer_schema=False))
    except pl.exceptions.ComputeError:
        # Not UTF-8 (board.csv is cp1252): what a reader tolerant of legacy
        # encodings does. Only the small files take this path.
        frames.append(pl.read_csv(path, infer_schema=False, encoding="utf8-lossy"))
for path in sorted(folder.glob("*.xlsx")):
    frames.append(fastexcel.read_excel(path).load_sheet(0, header_row=2).to_polars())
print(sum(f.height for f in frames), "rows in", len(frames), "files")
"""


# Runs one measured command and reports "wall_s maxrss_kib exit_code" to a file.
# Why a launcher instead of Popen + os.wait4 from this process: Linux carries a
# process's peak RSS across exec (it records the pre-exec memory high-water mark), and
# a child forked from this script starts out as a copy of it, Polars import included.
# So wait4 here would charge the child with our own size (a 15 MB `wres --help` showed
# as 67 MB). The launcher is a bare interpreter (-I -S, stdlib only) far smaller than
# any command it runs, so the child's ru_maxrss from its wait4 is the child's own. It
# also keeps the launcher's start-up out of the timed interval.
LAUNCHER_CODE = """\
import os, sys, time
out_path, err_path, result_path, *argv = sys.argv[1:]
flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
out, err = os.open(out_path, flags, 0o644), os.open(err_path, flags, 0o644)
actions = [(os.POSIX_SPAWN_DUP2, out, 1), (os.POSIX_SPAWN_DUP2, err, 2)]
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(result_path, "w") as result:
    result.write(f"{wall} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}\\n")
"""


@dataclass(frozen=True)
class Dataset:
    """Parameters of one ``wres sample`` call; also the content of its stamp file."""

    name: str
    organisations: int
    staff: int
    years: str
    seed: int = 2025
    style: str = "simple"

    def sample_args(self) -> list[str]:
        """The ``wres sample`` options that make this data set."""
        return [
            "--seed",
            str(self.seed),
            "--staff",
            str(self.staff),
            "--organisations",
            str(self.organisations),
            "--years",
            self.years,
            "--style",
            self.style,
        ]


def national_dataset(orgs: int, style: str = "simple") -> Dataset:
    """A one-year national extract of ``orgs`` organisations; the 220 and 22 ones keep
    the cache names of earlier versions of this script, so their data is reused."""
    base = "national" if style == "simple" else f"national-{style}"
    suffix = {NATIONAL_ORGS: "", QUICK_ORGS: "-quick"}.get(orgs, f"-{orgs}")
    return Dataset(base + suffix, orgs, staff=STAFF_PER_ORG, years="2025", style=style)


@dataclass
class Measurement:
    """One measured command, how it went, and what the runs cost."""

    label: str
    argv: list[str]
    runs: int
    ok_exit_codes: frozenset[int] = frozenset({0})
    usage_means_unavailable: bool = True  # wres exit 2: this version lacks the option
    stdout_path: Path | None = None  # keep the last run's standard output here
    sample_tree: bool = False  # sample the process tree (workers) from /proc
    walls: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    exit_code: int = 0
    status: str = "ok"  # "ok", "not available", or "failed (exit N)"
    note: str = ""
    first_stdout_line: str = ""
    load_before: float = 0.0  # 1-minute load average just before the first run
    workers_mb: list[float] = field(default_factory=list)  # per worker VmHWM, worst run
    main_hwm_mb: float = 0.0  # the command's own VmHWM (sampled runs only)
    tree_peak_mb: float = 0.0  # largest sampled sum of VmRSS over the tree
    sampler_cpu_s: float = 0.0  # the sampling's own CPU time, all runs

    @property
    def wall(self) -> float:
        """Median wall time over the runs (robust to one noisy run)."""
        return statistics.median(self.walls)

    @property
    def ok(self) -> bool:
        """True when every run finished with an accepted exit code."""
        return self.status == "ok" and bool(self.walls)


@dataclass(frozen=True)
class TreeMemory:
    """What /proc sampling saw of a command's process tree."""

    main_hwm_mb: float
    workers_mb: tuple[float, ...]
    tree_peak_mb: float
    samples: int
    cpu_s: float  # what the sampling thread itself cost (CPU seconds)


@dataclass(frozen=True)
class ChildResult:
    """What one child process cost."""

    wall_s: float
    peak_rss_mb: float
    exit_code: int
    stdout_head: str
    stderr_tail: str
    tree: TreeMemory | None = None


# --- /proc sampling of a process tree ----------------------------------------------------


def _children(pid: int) -> list[int]:
    """Direct children of pid (of every one of its threads); [] once it is gone."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        with contextlib.suppress(OSError):
            found.extend(int(c) for c in (task / "children").read_text().split())
    return found


def _descendants(root: int) -> Iterator[tuple[int, int]]:
    """(pid, parent pid) of every process below root, parents first."""
    stack = [root]
    while stack:
        parent = stack.pop()
        for child in _children(parent):
            yield child, parent
            stack.append(child)


def _memory_kib(pid: int) -> tuple[int, int] | None:
    """(VmRSS, VmHWM) of pid in KiB; None for a zombie or a process already gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    values = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", text, re.M))
    if len(values) < 2:
        return None
    return int(values["VmRSS"]), int(values["VmHWM"])


def _cmdline(pid: int) -> str:
    try:
        return (
            Path(f"/proc/{pid}/cmdline")
            .read_bytes()
            .replace(b"\0", b" ")
            .decode("utf-8", "replace")
        )
    except OSError:
        return ""


class TreeSampler:
    """Samples, every ``interval`` seconds, the processes below ``root`` (the launcher).

    Roles come from the command line: the launcher's child is the command ("main");
    ``multiprocessing`` spawn workers run ``spawn_main``; its resource tracker runs
    ``resource_tracker``. A child caught between fork and exec still shows its parent's
    command line (and, after a vfork, its parent's memory): such readings are skipped.
    ``VmHWM`` never decreases, so the last reading of a worker before it exits is its
    peak within one interval.
    """

    def __init__(self, root: int, interval: float = SAMPLE_INTERVAL_S) -> None:
        self.root = root
        self.interval = interval
        self.hwm_kib: dict[tuple[int, str], int] = {}
        self.tree_peak_kib = 0
        self.samples = 0
        self.cpu_s = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tree-sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> TreeMemory:
        """Stop sampling; return the peaks seen."""
        self._stop.set()
        self._thread.join()
        by_role: dict[str, list[float]] = {}
        for (_, role), kib in sorted(self.hwm_kib.items()):
            by_role.setdefault(role, []).append(kib / 1024)
        return TreeMemory(
            max(by_role.get("main", [0.0])),
            tuple(by_role.get("worker", [])),
            self.tree_peak_kib / 1024,
            self.samples,
            self.cpu_s,
        )

    def _run(self) -> None:
        start = time.thread_time()
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)
        self.cpu_s = time.thread_time() - start

    def sample(self) -> None:
        total = 0
        commands = {self.root: _cmdline(self.root)}
        for pid, parent in _descendants(self.root):
            command = commands[pid] = _cmdline(pid)
            if parent != self.root and command == commands.get(parent):
                continue  # forked, not yet exec'd: its numbers are its parent's
            memory = _memory_kib(pid)
            if memory is None:
                continue
            rss, hwm = memory
            if parent == self.root:
                role = "main"
            elif "spawn_main" in command:
                role = "worker"
            elif "resource_tracker" in command:
                role = "resource tracker"
            else:
                role = "other"
            key = (pid, role)
            self.hwm_kib[key] = max(self.hwm_kib.get(key, 0), hwm)
            total += rss
        self.tree_peak_kib = max(self.tree_peak_kib, total)
        self.samples += 1


# --- running and measuring commands ------------------------------------------------------


def run_child(
    argv: Sequence[str],
    workdir: Path,
    stdout_path: Path | None = None,
    sample_tree: bool = False,
) -> ChildResult:
    """Run argv to completion through LAUNCHER_CODE; return its time and peak RSS.

    Output goes to files, not pipes: a pipe nobody reads would block a chatty child
    and distort its time, and writing the output is part of the command's work.
    """
    out_path = stdout_path or workdir / "child.stdout"
    err_path = workdir / "child.stderr"
    result_path = workdir / "child.result"
    launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER_CODE]
    command = [*launcher, str(out_path), str(err_path), str(result_path), *argv]
    proc = subprocess.Popen(command, cwd=REPO)
    sampler = TreeSampler(proc.pid) if sample_tree else None
    if sampler is not None:
        sampler.start()
    try:
        proc.wait()
    finally:
        tree = sampler.stop() if sampler is not None else None
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, command)
    wall_text, maxrss_kib, exit_text = result_path.read_text(encoding="utf-8").split()
    with out_path.open("r", encoding="utf-8", errors="replace") as out:
        head = out.readline().strip()
    stderr = err_path.read_text(encoding="utf-8", errors="replace").strip()
    tail = stderr.splitlines()[-1] if stderr else ""
    # Linux reports ru_maxrss in KiB.
    return ChildResult(float(wall_text), int(maxrss_kib) / 1024, int(exit_text), head, tail, tree)


def measure(m: Measurement, workdir: Path) -> Measurement:
    """Run a measurement m.runs times; stop at the first unexpected exit code."""
    print(f"  {m.label} ...", end="", flush=True, file=sys.stderr)
    m.load_before = os.getloadavg()[0]
    for _ in range(m.runs):
        result = run_child(m.argv, workdir, m.stdout_path, m.sample_tree)
        m.exit_code = result.exit_code
        if result.exit_code not in m.ok_exit_codes:
            if result.exit_code == EXIT_USAGE and m.usage_means_unavailable:
                m.status = "not available"
            else:
                m.status = f"failed (exit {result.exit_code})"
            m.note = result.stderr_tail
            m.walls.clear()
            break
        m.walls.append(result.wall_s)
        m.first_stdout_line = result.stdout_head
        m.peak_rss_mb = max(m.peak_rss_mb, result.peak_rss_mb)
        if result.tree is not None:
            m.main_hwm_mb = max(m.main_hwm_mb, result.tree.main_hwm_mb)
            m.tree_peak_mb = max(m.tree_peak_mb, result.tree.tree_peak_mb)
            m.sampler_cpu_s += result.tree.cpu_s
            if max(result.tree.workers_mb, default=0.0) > max(m.workers_mb, default=0.0):
                m.workers_mb = list(result.tree.workers_mb)
        if result.exit_code != 0:
            m.note = f"exit {result.exit_code}: {result.stderr_tail}"
    if m.ok:
        print(f" {m.wall:.2f} s, {m.peak_rss_mb:.0f} MB", file=sys.stderr)
    else:
        print(f" {m.status}: {m.note}", file=sys.stderr)
    return m


def unavailable(label: str, status: str) -> Measurement:
    """A row for something this installation cannot run (it is never attempted)."""
    return Measurement(label, [], 0, status=status)


def compile_bytecode() -> str:
    """Compile wres_cli's modules to bytecode before anything is timed, and say so.

    ``pip install`` of a wheel compiles them; an editable install leaves it to the first
    run, and with PYTHONDONTWRITEBYTECODE set (as on some CI machines) every run compiles
    every module again: a one-trust analyse 0.55 s against 0.50 s compiled (ten paired
    runs), a cost no installed copy pays."""
    spec = importlib.util.find_spec("wres_cli")
    if spec is None or not spec.submodule_search_locations:
        return "wres_cli not importable here: not compiled"
    package = Path(next(iter(spec.submodule_search_locations)))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    return "compiled before timing (python -m compileall), as pip install does"


def find_wres() -> Path:
    """The wres console script of the interpreter running this file (the venv's)."""
    beside = Path(sys.executable).parent / "wres"
    if beside.exists():
        return beside
    found = shutil.which("wres")
    if found is None:
        sys.exit("bench: no `wres` next to this Python or on PATH; run with .venv/bin/python")
    return Path(found).absolute()


def wres_version(wres: Path) -> str:
    """`wres --version` output; part of the stamp, since the generator may change."""
    done = subprocess.run(
        [str(wres), "--version"], capture_output=True, text=True, check=True, cwd=REPO
    )
    return done.stdout.strip().split()[-1]


# --- data --------------------------------------------------------------------------------


def _stamp_matches(stamp_path: Path, stamp: dict[str, Any]) -> bool:
    try:
        return bool(json.loads(stamp_path.read_text(encoding="utf-8")) == stamp)
    except (OSError, json.JSONDecodeError):
        return False


def ensure_dataset(wres: Path, cache: Path, ds: Dataset, version: str) -> Path:
    """Return the data set's folder, generating it unless a matching stamp is there.

    Generation goes to a sibling ".partial" folder that is renamed into place only when
    complete, so an interrupted run never leaves a half-written cache that looks valid.
    """
    target = cache / ds.name
    stamp = {**asdict(ds), "wres_version": version}
    stamp_path = target / STAMP_NAME
    if _stamp_matches(stamp_path, stamp):
        print(f"  reusing {target}", file=sys.stderr)
        return target
    partial = cache / f".{ds.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    print(f"  generating {target} ({' '.join(ds.sample_args())}) ...", end="", file=sys.stderr)
    start = time.perf_counter()
    subprocess.run(
        [str(wres), "sample", str(partial), *ds.sample_args()],
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=REPO,
    )
    (partial / STAMP_NAME).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    print(f" {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return target


# The peer documents its input as "canonical headers, UTF-8" (design.md section 1): the
# sample writes export headers (ESR / TRAC), Yes/No flags, dd/mm/yyyy dates, a BOM and a
# Windows-1252 board file. The copy changes only that form; every value, ethnic origin
# labels included, stays as written, so the peer classifies what wres classifies.
PEER_FILES = ("workforce", "recruitment", "disciplinary", "training", "board")
PEER_HEADERS = {
    "employee_number": "staff_id",
    "ethnicity": "ethnic_origin",
    "clinical_status": "clinical",
    "shortlisting_date": "date",
    "case_reference": "case_id",
    "investigation_start_date": "date",
    "mandatory_training": "mandatory",
    "completion_date": "date",
    "voting_member": "voting",
    "executive_director": "executive",
}
PEER_FLAGS = ("shortlisted", "appointed", "mandatory", "voting", "executive")


def _snake(header: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", header.strip().lower()).strip("_")


def write_peer_copy(source: Path, target: Path) -> None:
    """Rewrite a simple-style data folder to the peer's input contract (see PEER_HEADERS)."""
    import polars as pl

    target.mkdir(parents=True)
    for name in PEER_FILES:
        path = source / f"{name}.csv"
        if not path.exists():
            continue
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        frame = pl.read_csv(text.encode("utf-8"), infer_schema=False)
        del raw, text
        frame = frame.rename({c: PEER_HEADERS.get(_snake(c), _snake(c)) for c in frame.columns})
        yes_no = {"YES": "Y", "NO": "N"}
        frame = frame.with_columns(
            pl.col(c).str.strip_chars().str.to_uppercase().replace(yes_no)
            for c in PEER_FLAGS
            if c in frame.columns
        )
        if "date" in frame.columns:
            raw_date = pl.col("date")
            iso = pl.coalesce(
                raw_date.str.strptime(pl.Date, "%Y-%m-%d", strict=False),
                raw_date.str.strptime(pl.Date, "%d/%m/%Y", strict=False),
            )
            frame = frame.with_columns(iso.dt.strftime("%Y-%m-%d").alias("date"))
        frame.write_csv(target / f"{name}.csv")
    shutil.copy2(source / "wres.toml", target / "wres.toml")


def ensure_peer_copy(cache: Path, national_ds: Dataset, national: Path) -> Path:
    """The national extract in the peer's input form, made once and stamped."""
    source_stamp = json.loads((national.parent / STAMP_NAME).read_text(encoding="utf-8"))
    stamp = {"peer_copy_of": source_stamp, "version": PEER_COPY_VERSION}
    target = cache / f"{national_ds.name}-peer"
    if _stamp_matches(target / STAMP_NAME, stamp):
        print(f"  reusing {target}", file=sys.stderr)
        return target
    print(
        f"  writing {target} (canonical headers, for the pandas peer) ...", end="", file=sys.stderr
    )
    start = time.perf_counter()
    partial = cache / f".{target.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    write_peer_copy(national, partial)
    (partial / STAMP_NAME).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    print(f" {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return target


def warm_page_cache(folder: Path) -> None:
    """Read every input once so the first timed command does not pay for the disk.

    With one run per national command, whichever ran first would otherwise be charged
    for cold reads and the ratios would depend on the order of the rows.
    """
    for path in sorted(folder.iterdir()):
        if path.is_file():
            with path.open("rb") as handle:
                while handle.read(16 * MIB):
                    pass


# --- the pandas peer's agreement with wres -------------------------------------------------


def _dig(tree: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(tree, dict):
            return None
        tree = tree.get(key)
    return tree


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=PEER_TOLERANCE, abs_tol=PEER_TOLERANCE)


PEER_VALUES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # indicator: (path in the peer's output, path in wres's document's indicators)
    "1": (("1", "bme_percent"), ("1", "overall", "bme", "percent")),
    "2": (("2",), ("2", "relative_likelihood")),
    "3": (("3",), ("3", "relative_likelihood")),
    "4": (("4",), ("4", "relative_likelihood")),
    "9": (("9",), ("9", "board", "voting", "difference_pp")),
}


def uncoded_labels(peer_dir: Path) -> str:
    """Which share of each peer input's ethnic_origin cells lack a leading national code.

    The peer groups by the first letter alone (A-C White, D-S BME), which is right for
    ESR values ("A White - British", "NF Black Nigerian") and wrong for plain-text labels
    ("White - Irish" starts with W, "Black or Black British - African" with B, "Not
    stated" with N). wres reads both (wres-spec.md section 2).
    """
    import polars as pl

    parts: list[str] = []
    for name in PEER_FILES:
        path = peer_dir / f"{name}.csv"
        if not path.exists():
            continue
        column = pl.col("ethnic_origin").str.strip_chars()
        code = column.str.extract(r"^(\S+)").str.len_chars() <= 2
        counts = (
            pl.scan_csv(path, infer_schema=False)
            .select(pl.len().alias("rows"), (column.is_not_null() & ~code).sum().alias("plain"))
            .collect()
        )
        rows, plain = int(counts["rows"][0]), int(counts["plain"][0] or 0)
        if plain:
            parts.append(f"{name} {100 * plain / rows:.0f}% of rows")
    if not parts:
        return "every ethnic_origin cell the peer reads starts with a national code"
    return (
        "ethnic_origin cells without a leading national code, which the peer's "
        "first-letter rule misreads: " + ", ".join(parts)
    )


def peer_agreement(peer_json: Path, wres_json: Path) -> tuple[str, bool]:
    """One line: per indicator, for how many organisations the peer's value equals wres's
    (relative tolerance PEER_TOLERANCE), and the largest disagreement; True if all agree."""
    try:
        peer: dict[str, Any] = json.loads(peer_json.read_text(encoding="utf-8"))
        document = json.loads(wres_json.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        return f"peer agreement: not checked ({error})", False
    results = document.get("results", [document]) if isinstance(document, dict) else document
    wres = {_dig(r, "organisation", "code"): r.get("indicators", {}) for r in results}
    codes = sorted(set(peer) & set(wres))
    parts: list[str] = []
    all_agree = bool(codes) and set(peer) == set(wres)
    for indicator, (peer_path, wres_path) in PEER_VALUES.items():
        pairs = [(c, _dig(peer[c], *peer_path), _dig(wres[c], *wres_path)) for c in codes]
        wrong = [(c, p, w) for c, p, w in pairs if not _same(p, w)]
        if not wrong:
            parts.append(f"{indicator}: {len(pairs)}/{len(pairs)} agree")
            continue
        all_agree = False

        def gap(item: tuple[str, Any, Any]) -> float:
            _, p, w = item
            if p is None or w is None:
                return math.inf
            return abs(float(p) - float(w)) / max(abs(float(w)), 1e-300)

        code, p, w = max(wrong, key=gap)
        shown = [f"{v:.4g}" if isinstance(v, int | float) else str(v) for v in (p, w)]
        parts.append(
            f"{indicator}: {len(pairs) - len(wrong)}/{len(pairs)} agree "
            f"(worst {code}: peer {shown[0]}, wres {shown[1]})"
        )
    only = len(set(peer) ^ set(wres))
    extra = f"; {only} organisation(s) in only one output" if only else ""
    verdict = "agrees" if all_agree else "DISAGREES"
    line = (
        f"pandas peer {verdict} with `wres analyse --format json` on {len(codes)} "
        f"organisations (indicator: organisations within {PEER_TOLERANCE:g} relative): "
        + "; ".join(parts)
        + extra
    )
    return line, all_agree


# --- machine -------------------------------------------------------------------------------


def _version_of(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine_info(version: str) -> list[tuple[str, str]]:
    """What the numbers were measured on, so a reader can judge them."""
    load = load_average()  # before our own work, compiling included
    bytecode = compile_bytecode()
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / MIB:.1f} GiB"
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    cores = f"{os.cpu_count()}" + (f" ({usable} usable)" if usable != os.cpu_count() else "")
    return [
        ("CPU", cpu),
        ("Cores", cores),
        ("RAM", ram),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("Polars", _version_of("polars")),
        ("fastexcel", _version_of("fastexcel")),
        ("pandas (peer)", f"{_version_of('pandas')}, pyarrow {_version_of('pyarrow')}"),
        ("wres", version),
        ("wres_cli bytecode", bytecode),
        ("Commit", git_describe()),
        ("Date", time.strftime("%Y-%m-%d %H:%M %Z")),
        # Other work on the machine is the main source of noise; say how busy it was.
        ("Load average at start (1/5/15 min)", load),
    ]


def load_average() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def git_describe() -> str:
    """The commit measured, marked dirty when the work tree has changes (read-only git)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} (with uncommitted changes)" if dirty else head


# --- targets and the table ------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A speed standard: limits on wall time, ratio to the floor, peak RSS, or speed-up.

    ``min_speedup``: the row's ``versus`` command must be at least this many times faster
    than the row's own (the pandas peer row: `wres analyse` ≥ 5x faster).
    """

    text: str = ""
    max_wall_s: float | None = None
    max_ratio: float | None = None
    stretch_ratio: float | None = None
    max_rss_mb: float | None = None
    min_speedup: float | None = None

    @property
    def empty(self) -> bool:
        limits = (self.max_wall_s, self.max_ratio, self.max_rss_mb, self.min_speedup)
        return all(x is None for x in limits)


NO_TARGET = Target()


@dataclass(frozen=True)
class Row:
    """One line of the table: a measurement, its target, what its ratio is taken to."""

    m: Measurement
    target: Target = NO_TARGET
    floor: Measurement | None = None  # the ratio column: m.wall / floor.wall
    versus: Measurement | None = None  # for Target.min_speedup
    at_scale: bool = False  # a national-size row: its target is set for 220 organisations

    @property
    def ratio(self) -> float | None:
        if self.floor is None or not self.m.ok or not self.floor.ok:
            return None
        return self.m.wall / self.floor.wall

    @property
    def speedup(self) -> float | None:
        if self.versus is None or not self.m.ok or not self.versus.ok:
            return None
        return self.m.wall / self.versus.wall

    def met(self) -> str:
        """'yes', '**no**' (with which part failed), 'n/a' or '—' (no target)."""
        t, m = self.target, self.m
        if t.empty:
            return "—"
        ratio, speedup = self.ratio, self.speedup
        if (
            not m.ok
            or (t.max_ratio is not None and ratio is None)
            or (t.min_speedup is not None and speedup is None)
        ):
            return "n/a"
        parts: list[tuple[str, bool]] = []
        if t.max_wall_s is not None:
            parts.append(("time", m.wall < t.max_wall_s))
        if t.max_ratio is not None and ratio is not None:
            parts.append(("time", ratio <= t.max_ratio))
        if t.max_rss_mb is not None:
            parts.append(("memory", m.peak_rss_mb <= t.max_rss_mb))
        if t.min_speedup is not None and speedup is not None:
            parts.append((f"{speedup:.1f}x", speedup >= t.min_speedup))
        good = all(ok for _, ok in parts)
        text = "yes" if good else "**no**"
        details = [f"{name} {'yes' if ok else 'no'}" for name, ok in parts]
        if t.min_speedup is not None:
            details = [f"wres analyse {speedup:.1f}x faster"]
        elif len(parts) < 2:
            details = []
        if t.stretch_ratio is not None and ratio is not None:
            details.append(f"stretch {'yes' if ratio <= t.stretch_ratio else 'no'}")
        return text + (f" ({', '.join(details)})" if details else "")


def machine_block(machine: list[tuple[str, str]]) -> list[str]:
    """The machine the run was on, with the load average now (at its end)."""
    return [
        "Machine:",
        "",
        *(f"- {key}: {value}" for key, value in machine),
        f"- Load average at end (1/5/15 min): {load_average()}",
        "",
    ]


def render_table(rows: Sequence[Row], quick: bool) -> list[str]:
    """The markdown table."""
    lines = [
        "| Measurement | Runs | Wall s | Peak RSS MB | Ratio to floor | Target | Met? |",
        "|---|--:|--:|--:|--:|---|---|",
    ]
    for row in rows:
        m = row.m
        if m.ok:
            wall, rss = f"{m.wall:.2f}", f"{m.peak_rss_mb:.0f}"
        else:
            wall, rss = m.status, ""
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else ""
        met = row.met()
        if quick and row.at_scale and met not in ("—", "n/a"):
            met += " *"
        lines.append(
            f"| {m.label} | {len(m.walls) or '—'} | {wall} | {rss} | {ratio} "
            f"| {row.target.text or '—'} | {met} |"
        )
    return lines


def render_ratios(rows: Sequence[Row]) -> list[str]:
    """Every ratio the standards speak of, in one place."""
    lines = ["Ratios (median wall time ÷ median wall time, same run):", ""]
    for row in rows:
        if row.floor is not None and row.m is not row.floor:
            value = f"{row.ratio:.2f}x" if row.ratio is not None else "n/a"
            limit = f" (target ≤ {row.target.max_ratio:g}x)" if row.target.max_ratio else ""
            lines.append(f"- {row.m.label} ÷ its floor: {value}{limit}")
        if row.versus is not None:
            value = f"{row.speedup:.2f}x" if row.speedup is not None else "n/a"
            lines.append(
                f"- {row.m.label} ÷ {row.versus.label}: {value} "
                f"(how many times faster wres is; target ≥ {row.target.min_speedup:g}x)"
            )
    return lines


def render_notes(measurements: Sequence[Measurement]) -> list[str]:
    """Bullets under the table: errors, the floor's row count, workers, every run's time.

    The individual times are there so a reader can see the noise behind a median.
    """
    notes = [f"- {m.label}: {m.note}" for m in measurements if m.note]
    for m in measurements:
        if m.sample_tree and m.ok:
            workers = " / ".join(f"{w:.0f}" for w in m.workers_mb) or "none seen"
            notes.append(
                f"- {m.label}: {len(m.workers_mb)} worker process(es), peak RSS each "
                f"(VmHWM) {workers} MB; the main process {m.main_hwm_mb:.0f} MB; "
                f"whole tree at most {m.tree_peak_mb:.0f} MB at once (VmRSS summed; "
                f"sampled every {SAMPLE_INTERVAL_S:g} s, which cost {m.sampler_cpu_s:.2f} "
                "CPU s)"
            )
    repeated = [m for m in measurements if len(m.walls) > 1]
    if repeated:
        runs = "; ".join(f"{m.label} {' / '.join(f'{w:.2f}' for w in m.walls)}" for m in repeated)
        notes.append(f"- individual runs (s): {runs}")
    measured = [m for m in measurements if m.walls]
    if measured:
        loads = " / ".join(f"{m.load_before:.2f}" for m in measured)
        notes.append(f"- 1-minute load average before each measured row, in table order: {loads}")
    return notes


# --- command line ---------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options (see the module docstring)."""
    parser = argparse.ArgumentParser(
        description="Measure wres against the speed standards (design.md section 5)."
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: a 22-organisation national extract instead of 220 "
        "(with --scaling: 5, 11, 22, 44 organisations)",
    )
    parser.add_argument(
        "--scaling",
        action="store_true",
        help="instead of the table: the floor and `wres analyse` on 55, 110, 220 and 440 "
        "organisations, the fitted seconds per million rows, and a plot",
    )
    parser.add_argument(
        "--plot-out",
        type=Path,
        default=None,
        help="with --scaling: where the plot goes (default: docs/performance-scaling.png; "
        "with --quick, inside the cache)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        help="where generated data is kept between runs (default: bench/cache)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        help="runs per measurement, median reported (default: 3 small, 1 national)",
    )
    parser.add_argument(
        "--markdown-out", type=Path, default=None, help="also write the results to this file"
    )
    args = parser.parse_args(argv)
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.plot_out is not None and not args.scaling:
        parser.error("--plot-out goes with --scaling")
    return args


def reproduce_command() -> str:
    """The command line that produced this output, as run from the repository root."""
    python = Path(sys.executable)
    with contextlib.suppress(ValueError):
        python = python.relative_to(REPO)
    return shlex.join([str(python), "bench/run.py", *sys.argv[1:]])


def reproduce_lines() -> list[str]:
    """The closing lines of every printout: how to run it again."""
    return ["Reproduce (from the repository root):", "", "```", reproduce_command(), "```"]


def floor_measurement(label: str, folder: Path, runs: int) -> Measurement:
    return Measurement(label, [sys.executable, "-c", FLOOR_CODE, str(folder)], runs)


def floor_rows(m: Measurement) -> int | None:
    """The row count the floor printed ("N rows in M files")."""
    match = re.match(r"(\d+) rows in", m.first_stdout_line)
    return int(match.group(1)) if match else None


def finish(lines: list[str], markdown_out: Path | None) -> None:
    text = "\n".join(lines) + "\n"
    print(text)
    if markdown_out is not None:
        markdown_out.parent.mkdir(parents=True, exist_ok=True)
        markdown_out.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Generate (or reuse) the data, run every measurement, print the table."""
    args = parse_args(argv)
    if args.scaling:
        return scaling(args)
    wres = find_wres()
    w = str(wres)
    version = wres_version(wres)
    machine = machine_info(version)  # first, so the load average is before our own work
    cache: Path = args.cache.resolve()
    small_runs = args.runs or 3
    big_runs = args.runs or 1
    orgs = QUICK_ORGS if args.quick else NATIONAL_ORGS
    national_ds = national_dataset(orgs)
    esr_ds = national_dataset(orgs, "esr")
    trust_ds = Dataset("trust", 1, staff=8000, years="2024,2025")
    have_pandas = importlib.util.find_spec("pandas") is not None

    print("data:", file=sys.stderr)
    national = ensure_dataset(wres, cache, national_ds, version) / "2025"
    esr = ensure_dataset(wres, cache, esr_ds, version) / "2025"
    trust = ensure_dataset(wres, cache, trust_ds, version)
    peer_dir = ensure_peer_copy(cache, national_ds, national) if have_pandas else None

    with tempfile.TemporaryDirectory(prefix="wres-bench-") as tmp_name:
        tmp = Path(tmp_name)
        batch_dir = tmp / "batch"
        batch_dir.mkdir()
        nat, cores = f"{orgs} orgs", os.cpu_count()
        wres_json, peer_json = tmp / "national.json", tmp / "peer.json"

        def national_rows(folder: Path, kind: str, out: Path) -> list[Measurement]:
            return [
                floor_measurement(f"floor: Polars reads {kind} ({nat})", folder, big_runs),
                Measurement(
                    f"`wres validate` {kind} ({nat})",
                    [w, "validate", str(folder)],
                    big_runs,
                    ok_exit_codes=frozenset({0, 1}),  # 1 = data failed checks: work done
                ),
                Measurement(
                    f"`wres analyse --format json` {kind} ({nat})",
                    [w, "analyse", str(folder), "--format", "json", "-o", str(out)],
                    big_runs,
                ),
            ]

        floor, validate, analyse = national_rows(national, "national", wres_json)
        peer_label = f"pandas peer (indicators 1–4, 9, no validation) national ({nat})"  # noqa: RUF001
        if peer_dir is None:
            peer = unavailable(peer_label, PEER_MISSING)
        else:
            peer = Measurement(
                peer_label,
                [sys.executable, str(PEER_SCRIPT), str(peer_dir)],
                big_runs,
                usage_means_unavailable=False,
                stdout_path=peer_json,
            )
        esr_floor, esr_validate, esr_analyse = national_rows(esr, "ESR-style", tmp / "esr.json")
        helptext = Measurement("`wres --help`", [w, "--help"], small_runs)
        trust_analyse = Measurement(
            "`wres analyse` one trust (text)", [w, "analyse", str(trust)], small_runs
        )
        trust_html = Measurement(
            "`wres report` one trust → HTML",
            [w, "report", str(trust), "-o", str(tmp / "x.html")],
            small_runs,
        )
        trust_pdf = Measurement(
            "`wres report` one trust → PDF",
            [w, "report", str(trust), "-o", str(tmp / "x.pdf")],
            small_runs,
        )
        batch = Measurement(
            f"`wres report --per-organisation` national → {orgs} HTML, {cores} cores",
            [w, "report", str(national), "--per-organisation", "-o", f"{batch_dir}/", "-q"],
            big_runs,
            sample_tree=True,
        )

        print("measuring:", file=sys.stderr)
        warm_page_cache(national)
        if peer_dir is not None:
            warm_page_cache(peer_dir)
        for m in (floor, validate, analyse, peer):
            if m.status == "ok":
                measure(m, tmp)
        warm_page_cache(esr)
        for m in (esr_floor, esr_validate, esr_analyse, helptext, trust_analyse):
            measure(m, tmp)
        for m in (trust_html, trust_pdf):
            measure(m, tmp)
        warm_page_cache(national)
        measure(batch, tmp)
        for m in (floor, esr_floor):
            if m.ok:
                m.note = f"read {m.first_stdout_line}"
        if batch.ok:
            written = sum(1 for p in batch_dir.rglob("*.html"))
            batch.label += f" ({written} written)"
        agreement = ""
        if peer.ok and analyse.ok and peer_dir is not None:
            agreement, agrees = peer_agreement(peer_json, wres_json)
            if not agrees:
                agreement += f". Diagnosis: {uncoded_labels(peer_dir)}."
        elif peer_dir is not None:
            agreement = "pandas peer agreement: not checked (a command failed)"

    analyse_target = Target(
        "≤ 1.5x floor (stretch 1.2x), ≤ 1.5 GB",
        max_ratio=1.5,
        stretch_ratio=1.2,
        max_rss_mb=RSS_LIMIT_MB,
    )
    validate_target = Target("≤ 1.3x floor", max_ratio=1.3)
    rows = [
        Row(floor, floor=floor),
        Row(validate, validate_target, floor=floor, at_scale=True),
        Row(analyse, analyse_target, floor=floor, at_scale=True),
        Row(
            peer,
            Target("`wres analyse` ≥ 5x faster", min_speedup=5.0),
            floor=floor,
            versus=analyse,
            at_scale=True,
        ),
        Row(esr_floor, floor=esr_floor),
        Row(esr_validate, validate_target, floor=esr_floor, at_scale=True),
        Row(esr_analyse, analyse_target, floor=esr_floor, at_scale=True),
        Row(helptext, Target("< 0.2 s", max_wall_s=0.2)),
        Row(trust_analyse, Target("< 0.5 s", max_wall_s=0.5)),
        Row(trust_html),
        Row(trust_pdf, Target("< 3 s", max_wall_s=3.0)),
        Row(batch, Target("< 30 s on two cores", max_wall_s=30.0), at_scale=True),
    ]
    quick_note = (
        [
            f"\\* quick run: national rows use {orgs} organisations; their targets are set "
            f"for {NATIONAL_ORGS} and are shown for orientation only.",
            "",
        ]
        if args.quick
        else []
    )
    lines = [
        *machine_block(machine),
        *render_table(rows, args.quick),
        "",
        "Wall s is the median over the runs; Peak RSS MB (MiB) the largest over them (for",
        "a command with workers: the largest single process, see the notes).",
        "",
        *quick_note,
        *render_ratios(rows),
        "",
        *([agreement, ""] if agreement else []),
        *render_notes([row.m for row in rows]),
        "",
        *reproduce_lines(),
    ]
    finish(lines, args.markdown_out)
    return 0


# --- linear growth ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Fit:
    """Least squares line y = intercept + slope * x, and its R²."""

    slope: float
    intercept: float
    r2: float

    @classmethod
    def of(cls, x: Sequence[float], y: Sequence[float]) -> Fit | None:
        if len(x) < 3 or len(set(x)) < 2:
            return None
        slope, intercept = statistics.linear_regression(x, y)
        r2 = statistics.correlation(x, y) ** 2 if len(set(y)) > 1 else 1.0
        return cls(slope, intercept, r2)


def scaling(args: argparse.Namespace) -> int:
    """The floor and `wres analyse` on four sizes of national extract; fit and plot."""
    wres = find_wres()
    version = wres_version(wres)
    machine = machine_info(version)
    cache: Path = args.cache.resolve()
    runs = args.runs or 1
    sizes = SCALING_ORGS_QUICK if args.quick else SCALING_ORGS
    plot_out: Path = args.plot_out or (
        cache / "performance-scaling-quick.png" if args.quick else DEFAULT_PLOT
    )
    points: list[tuple[int, int, Measurement, Measurement]] = []
    with tempfile.TemporaryDirectory(prefix="wres-bench-") as tmp_name:
        tmp = Path(tmp_name)
        for orgs in sizes:
            print(f"{orgs} organisations:", file=sys.stderr)
            folder = ensure_dataset(wres, cache, national_dataset(orgs), version) / "2025"
            warm_page_cache(folder)
            floor = measure(floor_measurement(f"floor ({orgs} orgs)", folder, runs), tmp)
            out = tmp / f"national-{orgs}.json"
            analyse = measure(
                Measurement(
                    f"`wres analyse --format json` ({orgs} orgs)",
                    [str(wres), "analyse", str(folder), "--format", "json", "-o", str(out)],
                    runs,
                ),
                tmp,
            )
            out.unlink(missing_ok=True)
            rows = floor_rows(floor)
            if floor.ok and analyse.ok and rows is not None:
                points.append((orgs, rows, floor, analyse))
            else:
                print(f"  {orgs} organisations left out: a command failed", file=sys.stderr)

    table = [
        "| Organisations | Rows (M) | Floor s | `wres analyse` s | Ratio "
        "| analyse s per M rows | analyse peak RSS MB |",
        "|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for orgs, rows, floor, analyse in points:
        table.append(
            f"| {orgs} | {rows / 1e6:.2f} | {floor.wall:.2f} | {analyse.wall:.2f} "
            f"| {analyse.wall / floor.wall:.2f} | {analyse.wall / (rows / 1e6):.2f} "
            f"| {analyse.peak_rss_mb:.0f} |"
        )
    x = [rows / 1e6 for _, rows, _, _ in points]
    fits = {
        "analyse": Fit.of(x, [a.wall for *_, a in points]),
        "floor": Fit.of(x, [f.wall for _, _, f, _ in points]),
        "rss": Fit.of(x, [a.peak_rss_mb for *_, a in points]),
    }
    fit_lines = ["Least-squares fit over the points (x = rows read, in millions):", ""]
    for name, unit, fit in (
        ("`wres analyse`", "s", fits["analyse"]),
        ("floor", "s", fits["floor"]),
        ("`wres analyse` peak RSS", "MiB", fits["rss"]),
    ):
        if fit is None:
            fit_lines.append(f"- {name}: not enough points to fit")
        else:
            fit_lines.append(
                f"- {name}: {fit.slope:.3g} {unit} per million rows "
                f"(intercept {fit.intercept:+.3g} {unit}), R² = {fit.r2:.4f}"
            )
    facts = dict(machine)
    caption = (
        f"commit {facts['Commit']}, {facts['Date']}, {facts['Cores']} cores; median of {runs} "
        f"run(s); load average at start {facts['Load average at start (1/5/15 min)']}"
    )
    plotted = plot_scaling(points, fits, plot_out, caption) if len(points) >= 2 else None
    lines = [
        *machine_block(machine),
        *table,
        "",
        *fit_lines,
        "",
        f"Plot: {plotted}" if plotted else "Plot: not written (fewer than two points)",
        "",
        *reproduce_lines(),
    ]
    finish(lines, args.markdown_out)
    return 0


def plot_scaling(
    points: Sequence[tuple[int, int, Measurement, Measurement]],
    fits: dict[str, Fit | None],
    path: Path,
    caption: str,
) -> Path:
    """Wall time and peak RSS against rows read, with the fitted lines (object API)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    x = [rows / 1e6 for _, rows, _, _ in points]
    # Room at the bottom for the caption (commit, date, load).
    fig = Figure(figsize=(9, 4), layout=ConstrainedLayoutEngine(rect=(0, 0.04, 1, 0.96)))
    time_ax, rss_ax = fig.subplots(1, 2)
    series = (
        (time_ax, "analyse", [a.wall for *_, a in points], "wres analyse", "#0072B2", "o"),
        (
            time_ax,
            "floor",
            [f.wall for _, _, f, _ in points],
            "floor (Polars read)",
            "#E69F00",
            "s",
        ),
        (rss_ax, "rss", [a.peak_rss_mb for *_, a in points], "wres analyse", "#0072B2", "o"),
    )
    span = [0.0, max(x) * 1.05]
    for ax, key, y, label, colour, marker in series:
        fit = fits[key]
        unit = "MiB" if key == "rss" else "s"
        text = label if fit is None else f"{label}: {fit.slope:.3g} {unit}/M rows, R² {fit.r2:.3f}"
        ax.plot(x, y, marker=marker, linestyle="none", color=colour, label=text)
        if fit is not None:
            ax.plot(span, [fit.intercept + fit.slope * v for v in span], color=colour, lw=1)
    for orgs, rows, _, analyse in points:
        time_ax.annotate(
            f"{orgs} orgs",
            (rows / 1e6, analyse.wall),
            textcoords="offset points",
            xytext=(4, -12),
            fontsize=8,
        )
    time_ax.set(xlabel="rows read (millions)", ylabel="wall time (s)", title="Time")
    rss_ax.set(xlabel="rows read (millions)", ylabel="peak RSS (MiB)", title="Memory")
    rss_ax.axhline(RSS_LIMIT_MB, color="#D55E00", linestyle="--", lw=1, label="1.5 GB target")
    for ax in (time_ax, rss_ax):
        ax.set_xlim(left=0)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper left")
    fig.suptitle(
        f"wres analyse on national extracts of {', '.join(str(p[0]) for p in points)} "
        "organisations",
        fontsize=10,
    )
    fig.text(0.5, 0.005, caption, ha="center", va="bottom", fontsize=7, color="#555555")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100, metadata={"Software": None})
    return path


if __name__ == "__main__":
    sys.exit(main())
