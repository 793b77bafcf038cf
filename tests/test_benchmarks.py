"""The benchmarks still run (figures are printed, never judged): a tiny size, in a child process.

The child creates, migrates and drops its own throwaway database (``axisdb_bench_<pid>``)
on the configured server; it never uses this process's test database.
"""

import os
import subprocess
import sys
from pathlib import Path

from benchmarks.run import TABLE_HEADER

ROOT = Path(__file__).resolve().parent.parent


def test_benchmarks_run_at_a_tiny_size():
    # The child's own settings module, not anything this pytest process set up.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--events", "30", "--repeat", "1", "--sipri-rows", "200"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert TABLE_HEADER in result.stdout
