#!/usr/bin/env python3
"""Runs COMMAND... once and prints "wall_s cpu_s peak_rss_mb": wall time from a monotonic clock (to the 0.1 ms, where
/usr/bin/time's %e rounds to 10 ms, 3 % of a 0.33 s scan), CPU time (user + sys) and peak resident set of the command
and the processes it waited for. Its stdout goes to /dev/null, its stderr is appended to the file $MEASURE_STDERR
(inherited when unset). Exits with the command's status (128 + N when a signal ended it)."""
import os, subprocess, sys, time

if len(sys.argv) < 2:
    print("usage: rusage.py COMMAND [ARG...]", file=sys.stderr)
    sys.exit(2)
err = open(os.environ["MEASURE_STDERR"], "ab") if os.environ.get("MEASURE_STDERR") else None
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=err)
_, status, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - start
print(f"{wall:.4f} {usage.ru_utime + usage.ru_stime:.4f} {usage.ru_maxrss / 1024:.1f}")
sys.exit(os.waitstatus_to_exitcode(status) if os.waitstatus_to_exitcode(status) >= 0 else 128 - os.waitstatus_to_exitcode(status))
