#!/usr/bin/env python3
"""Set up marketdesk in ./.venv and run the main job or the test suite. Standard library only.

    python3 scripts/dev.py demo   # set up, load ../shared/data into a store, show the desk's work
    python3 scripts/dev.py test   # set up with test extras, run the whole test suite

The virtual environment is reused while pyproject.toml is unchanged and it was set up for this
checkout (a stamp file records the hash and the path).
Extra arguments after ``test`` go to pytest.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("MARKETDESK_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def run(*cmd: str | Path, ok: tuple[int, ...] = (0,), **kw) -> None:
    print("+", " ".join(map(str, cmd)), flush=True)
    code = subprocess.run([str(c) for c in cmd], cwd=ROOT, **kw).returncode
    if code not in ok:
        raise subprocess.CalledProcessError(code, [str(c) for c in cmd])


def setup(extras: str) -> None:
    """Create the venv and install the package with ``extras`` unless already done."""
    if sys.version_info < (3, 11):
        sys.exit(f"marketdesk needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    stamp = VENV / f".marketdesk-{extras or 'base'}"
    # the checkout is part of the stamp: a venv shared by two clones is reinstalled for the one
    # that runs (an editable install points at one source tree)
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest() + f" {ROOT}"
    if stamp.exists() and stamp.read_text() == want and PY.exists():
        return
    if not PY.exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    spec = f".[{extras}]" if extras else "."
    run(PY, "-m", "pip", "install", "--quiet", "-e", spec)
    stamp.write_text(want)


def data_dir() -> Path:
    return Path(os.environ.get("MARKETDESK_TEST_DATA", ROOT.parent / "shared" / "data")).resolve()


def demo() -> None:
    setup("")
    data = data_dir()
    if not (data / "MANIFEST.csv").exists():
        sys.exit(f"No data at {data}: set MARKETDESK_TEST_DATA to a folder of daily-bar CSVs "
                 "with a MANIFEST.csv (or load your own files with `marketdesk load`).")
    db = ROOT / "out" / "demo.duckdb"
    db.parent.mkdir(exist_ok=True)
    env = {**os.environ, "MARKETDESK_DB": str(db)}
    md = BIN / "marketdesk"
    run(md, "load", data, env=env)
    run(md, "wrap", "2024-11-25", "--focus", "^RUT", env=env)
    seeds = sorted((data.parent / "seeds").glob("001_*.txt"))
    if seeds:  # the second seed story misreports a record; the checker says so (exit 11)
        run(md, "check", seeds[0], env=env, ok=(0, 11))
    print(f"\nThe store is {db}; try: MARKETDESK_DB={db} {md} facts ^RUT 2024-11-25 --top 10")


#: Debian packages the tests need: the browser the web tests drive (no browser download here)
#: and the Java runtime of the local Spark session.
SYSTEM_PACKAGES = {"/usr/bin/chromium": "chromium", "/usr/bin/java": "openjdk-17-jre-headless"}


def system_packages() -> None:
    """Install the Debian packages the tests need, when missing and we may (root + apt-get)."""
    missing = [pkg for path, pkg in SYSTEM_PACKAGES.items() if not Path(path).exists()]
    if not missing:
        return
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("apt-get"):
        print(f"note: {', '.join(missing)} not installed and cannot be installed here "
              f"(needs root and apt-get): run `sudo apt-get install -y {' '.join(missing)}`; "
              "the tests that need it will skip (and fail in CI).", flush=True)
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", env=env)
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)


def test(args: list[str]) -> None:
    system_packages()
    setup("test")
    workers = os.environ.get("MARKETDESK_TEST_WORKERS", "2")
    run(PY, "-m", "pytest", "-n", workers, *args)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"demo", "test"}:
        sys.exit(__doc__)
    try:
        demo() if sys.argv[1] == "demo" else test(sys.argv[2:])
    except subprocess.CalledProcessError as err:
        sys.exit(err.returncode)


if __name__ == "__main__":
    main()
