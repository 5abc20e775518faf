"""Benchmark harness for the design's speed standards (design.md section 5).

Run from the repository root::

    .venv/bin/python bench/run.py [--quick] [--cache DIR] [--runs N] [--markdown-out FILE]

Why it works the way it does:

* Every measurement is a whole child process, because start-up (imports, Click) is part
  of what a user waits for. Wall time is taken around the child; peak RSS comes from
  ``os.wait4``, which reports the resource usage of exactly that child.
* The national numbers are given as a ratio to a *floor*: a child Python process that
  only reads the same files with Polars (and fastexcel for the survey workbook). The
  ratio is the standard because it cancels most of the machine's speed out; absolute
  seconds on a laptop and on CI are not comparable, the ratio roughly is.
* Input data is made with ``wres sample`` into a cache folder outside git, and reused
  while a stamp file says it was made with the same parameters and wres version.
* It is a benchmark, not a test: it always exits 0 once it has printed its table, even
  when targets are missed or a command fails. It is not collected by pytest.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = REPO / "bench" / "cache"
STAMP_NAME = ".bench-stamp.json"
MIB = 1024 * 1024
RSS_LIMIT_MB = 2.5 * 1024  # "fits in 2.5 GB", in the same MiB units as the RSS column
EXIT_USAGE = 2  # wres: usage error, e.g. an option this version does not have yet

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
        ]


@dataclass
class Measurement:
    """One row of the table: a command, how it went, and its target (if any)."""

    label: str
    argv: list[str]
    runs: int
    ok_exit_codes: frozenset[int] = frozenset({0})
    walls: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    exit_code: int = 0
    status: str = "ok"  # "ok", "not available", or "failed (exit N)"
    note: str = ""
    first_stdout_line: str = ""

    @property
    def wall(self) -> float:
        """Median wall time over the runs (robust to one noisy run)."""
        return statistics.median(self.walls)

    @property
    def ok(self) -> bool:
        """True when every run finished with an accepted exit code."""
        return self.status == "ok" and bool(self.walls)


@dataclass(frozen=True)
class ChildResult:
    """What one child process cost."""

    wall_s: float
    peak_rss_mb: float
    exit_code: int
    stdout_head: str
    stderr_tail: str


def run_child(argv: Sequence[str], workdir: Path) -> ChildResult:
    """Run argv to completion through LAUNCHER_CODE; return its time and peak RSS.

    Output goes to files, not pipes: a pipe nobody reads would block a chatty child
    and distort its time, and writing the output is part of the command's work.
    """
    out_path = workdir / "child.stdout"
    err_path = workdir / "child.stderr"
    result_path = workdir / "child.result"
    launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER_CODE]
    subprocess.run(
        [*launcher, str(out_path), str(err_path), str(result_path), *argv], check=True, cwd=REPO
    )
    wall_text, maxrss_kib, exit_text = result_path.read_text(encoding="utf-8").split()
    with out_path.open("r", encoding="utf-8", errors="replace") as out:
        head = out.readline().strip()
    stderr = err_path.read_text(encoding="utf-8", errors="replace").strip()
    tail = stderr.splitlines()[-1] if stderr else ""
    # Linux reports ru_maxrss in KiB.
    return ChildResult(float(wall_text), int(maxrss_kib) / 1024, int(exit_text), head, tail)


def measure(m: Measurement, workdir: Path) -> Measurement:
    """Run a measurement m.runs times; stop at the first unexpected exit code."""
    print(f"  {m.label} ...", end="", flush=True, file=sys.stderr)
    for _ in range(m.runs):
        result = run_child(m.argv, workdir)
        m.exit_code = result.exit_code
        if result.exit_code not in m.ok_exit_codes:
            if result.exit_code == EXIT_USAGE:
                m.status = "not available"
            else:
                m.status = f"failed (exit {result.exit_code})"
            m.note = result.stderr_tail
            m.walls.clear()
            break
        m.walls.append(result.wall_s)
        m.first_stdout_line = result.stdout_head
        m.peak_rss_mb = max(m.peak_rss_mb, result.peak_rss_mb)
        if result.exit_code != 0:
            m.note = f"exit {result.exit_code}: {result.stderr_tail}"
    if m.ok:
        print(f" {m.wall:.2f} s, {m.peak_rss_mb:.0f} MB", file=sys.stderr)
    else:
        print(f" {m.status}: {m.note}", file=sys.stderr)
    return m


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


def ensure_dataset(wres: Path, cache: Path, ds: Dataset, version: str) -> Path:
    """Return the data set's folder, generating it unless a matching stamp is there.

    Generation goes to a sibling ".partial" folder that is renamed into place only when
    complete, so an interrupted run never leaves a half-written cache that looks valid.
    """
    target = cache / ds.name
    stamp = {**asdict(ds), "wres_version": version}
    stamp_path = target / STAMP_NAME
    if stamp_path.exists():
        try:
            if json.loads(stamp_path.read_text(encoding="utf-8")) == stamp:
                print(f"  reusing {target}", file=sys.stderr)
                return target
        except json.JSONDecodeError:
            pass
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


def machine_info(version: str) -> list[tuple[str, str]]:
    """What the numbers were measured on, so a reader can judge them."""
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

    import fastexcel
    import polars as pl

    return [
        ("CPU", cpu),
        ("Cores", cores),
        ("RAM", ram),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("Polars", pl.__version__),
        ("fastexcel", fastexcel.__version__),
        ("wres", version),
        ("Commit", git_describe()),
        ("Date", time.strftime("%Y-%m-%d %H:%M %Z")),
        # Other work on the machine is the main source of noise; say how busy it was.
        ("Load average at start (1/5/15 min)", " / ".join(f"{x:.2f}" for x in os.getloadavg())),
    ]


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


@dataclass(frozen=True)
class Target:
    """A speed standard: limits on wall time, ratio to the floor and/or peak RSS."""

    text: str
    max_wall_s: float | None = None
    max_ratio: float | None = None
    max_rss_mb: float | None = None

    def met(self, m: Measurement, floor: Measurement) -> str:
        """ "yes", "no" or "n/a" (no target, or nothing to judge)."""
        if self.max_wall_s is None and self.max_ratio is None and self.max_rss_mb is None:
            return "—"
        if not m.ok or (self.max_ratio is not None and not floor.ok):
            return "n/a"
        good = True
        if self.max_wall_s is not None:
            good &= m.wall < self.max_wall_s
        if self.max_ratio is not None:
            good &= m.wall <= self.max_ratio * floor.wall
        if self.max_rss_mb is not None:
            good &= m.peak_rss_mb < self.max_rss_mb
        return "yes" if good else "**no**"


NO_TARGET = Target("")


def render_table(rows: Sequence[tuple[Measurement, Target, bool]], floor: Measurement) -> list[str]:
    """The markdown table; the bool says whether a row shows a ratio to the floor."""
    lines = [
        "| Measurement | Runs | Wall s | Peak RSS MB | Ratio to floor | Target | Met? |",
        "|---|--:|--:|--:|--:|---|---|",
    ]
    for m, target, with_ratio in rows:
        if m.ok:
            wall, rss = f"{m.wall:.2f}", f"{m.peak_rss_mb:.0f}"
            ratio = f"{m.wall / floor.wall:.2f}" if with_ratio and floor.ok else ""
        else:
            wall, rss, ratio = m.status, "", ""
        lines.append(
            f"| {m.label} | {len(m.walls) or '—'} | {wall} | {rss} | {ratio} "
            f"| {target.text or '—'} | {target.met(m, floor)} |"
        )
    return lines


def render_notes(measurements: Sequence[Measurement]) -> list[str]:
    """Bullets under the table: errors, the floor's row count, every run's time.

    The individual times are there so a reader can see the noise behind a median.
    """
    notes = [f"- {m.label}: {m.note}" for m in measurements if m.note]
    repeated = [m for m in measurements if len(m.walls) > 1]
    if repeated:
        runs = "; ".join(f"{m.label} {' / '.join(f'{w:.2f}' for w in m.walls)}" for m in repeated)
        notes.append(f"- individual runs (s): {runs}")
    return notes


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options (see the module docstring)."""
    parser = argparse.ArgumentParser(
        description="Measure wres against the speed standards (design.md section 5)."
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: a 22-organisation national extract instead of 220",
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
    return args


def reproduce_command() -> str:
    """The command line that produced this output, as run from the repository root."""
    python = Path(sys.executable)
    with contextlib.suppress(ValueError):
        python = python.relative_to(REPO)
    return shlex.join([str(python), "bench/run.py", *sys.argv[1:]])


def main(argv: Sequence[str] | None = None) -> int:
    """Generate (or reuse) the data, run every measurement, print the table."""
    args = parse_args(argv)
    wres = find_wres()
    w = str(wres)
    version = wres_version(wres)
    machine = machine_info(version)  # first, so the load average is before our own work
    cache: Path = args.cache.resolve()
    small_runs = args.runs or 3
    big_runs = args.runs or 1

    orgs = 22 if args.quick else 220
    national_ds = Dataset(
        "national-quick" if args.quick else "national", orgs, staff=6800, years="2025"
    )
    trust_ds = Dataset("trust", 1, staff=8000, years="2024,2025")

    print("data:", file=sys.stderr)
    national = ensure_dataset(wres, cache, national_ds, version) / "2025"
    trust = ensure_dataset(wres, cache, trust_ds, version)
    warm_page_cache(national)

    with tempfile.TemporaryDirectory(prefix="wres-bench-") as tmp_name:
        tmp = Path(tmp_name)
        batch_dir = tmp / "batch"
        batch_dir.mkdir()
        nat = f"{orgs} orgs"
        floor = Measurement(
            f"floor: Polars reads national ({nat})",
            [sys.executable, "-c", FLOOR_CODE, str(national)],
            big_runs,
        )
        validate = Measurement(
            f"`wres validate` national ({nat})",
            [w, "validate", str(national)],
            big_runs,
            ok_exit_codes=frozenset({0, 1}),  # 1 = data failed checks: the work was done
        )
        analyse = Measurement(
            f"`wres analyse --format json` national ({nat})",
            [w, "analyse", str(national), "--format", "json", "-o", str(tmp / "national.json")],
            big_runs,
        )
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
            f"`wres report --per-organisation` national → {orgs} HTML",
            [w, "report", str(national), "--per-organisation", "-o", f"{batch_dir}/"],
            big_runs,
        )

        print("measuring:", file=sys.stderr)
        for m in (floor, validate, analyse, helptext, trust_analyse, trust_html, trust_pdf):
            measure(m, tmp)
        if floor.ok:
            floor.note = f"read {floor.first_stdout_line}"
        measure(batch, tmp)
        if batch.ok:
            written = sum(1 for p in batch_dir.rglob("*.html"))
            batch.label += f" ({written} files written)"

    rows: list[tuple[Measurement, Target, bool]] = [
        (floor, NO_TARGET, True),
        (validate, Target("none (ratio reported)"), True),
        (
            analyse,
            Target("≤ 1.5 x floor and < 2.5 GB", max_ratio=1.5, max_rss_mb=RSS_LIMIT_MB),
            True,
        ),
        (helptext, Target("< 0.2 s", max_wall_s=0.2), False),
        (trust_analyse, Target("< 1 s", max_wall_s=1.0), False),
        (trust_html, NO_TARGET, False),
        (trust_pdf, Target("< 3 s", max_wall_s=3.0), False),
        (batch, NO_TARGET, False),
    ]

    lines = [
        "Machine:",
        "",
        *(f"- {key}: {value}" for key, value in machine),
        "",
        *render_table(rows, floor),
        "",
        "Wall s is the median over the runs; Peak RSS MB (MiB) the largest over them.",
        "",
        *render_notes([m for m, _, _ in rows]),
        "",
        "Reproduce (from the repository root):",
        "",
        "```",
        reproduce_command(),
        "```",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown_out is not None:
        args.markdown_out.parent.mkdir(parents=True, exist_ok=True)
        args.markdown_out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
