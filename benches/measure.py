"""Times one command: wall time from a monotonic clock (GNU time's own is
rounded to 10 ms), peak RSS from GNU time. (The kernel's figure for a child of
this script would include the Python process it was forked from.)"""

import subprocess
import time


def measure(cmd):
    """Runs `cmd` (stdout discarded) and returns (wall seconds, peak RSS in
    bytes, exit code, stderr text without GNU time's line)."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *map(str, cmd)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    lines = done.stderr.decode("utf-8", "replace").rstrip("\n").split("\n")
    try:
        rss = int(lines[-1]) * 1024
        lines.pop()
    except ValueError:
        rss = 0
    return wall, rss, done.returncode, "\n".join(lines)
