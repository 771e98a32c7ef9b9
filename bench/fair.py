#!/usr/bin/env python3
"""Fair waiting: 32 processes on this machine's cores mixing writes for 60 s
(`user add`, failed logins, logins, `logout`-free reads), each command timed:
busy failures (exit 4), the slowest single command and the 99th percentile,
and whether every failed login was counted. Replaces the fair-waiting
section of BENCHMARKS.md.

    bench/run.sh --fair [--seconds 60 --workers 32]
"""

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench as b  # noqa: E402

BEGIN = "## Fair waiting: 32 processes mixing writes"
END = "<!-- end of the fair-waiting section -->"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--workers", type=int, default=32)
    ap.add_argument("--out", default=str(b.ROOT / "BENCHMARKS.md"))
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="stepup-fair-"))
    ws = b.Workspace(args.binary, work / "ws", b.CHEAP)
    ws.run(["init", "--admin", "root", "--password-stdin"], b.ADMIN_PW + "\n")
    root = ws.json(["login", "root", "--password-stdin", "--print-token"], b.ADMIN_PW + "\n")["token"]
    # Each worker logs in as its own user: logins of one user in parallel
    # are throttled by design (each counts in advance), which is not waiting.
    for w in range(args.workers):
        ws.json(["user", "add", f"w{w:02d}", "--password-stdin"], b.USER_PW + "\n", session=root)
    stop = time.time() + args.seconds
    lock = threading.Lock()
    times, busy, other, wrong, throttled = [], [0], [], [0], [0]

    def worker(w):
        n = 0
        while time.time() < stop:
            n += 1
            kind = n % 3
            start = time.perf_counter()
            if kind == 0:
                p = ws.run(["user", "add", f"f{w:02d}x{n:06d}", "--password-stdin"], "concurrent passphrase 1\n", root, check=False)
                want = 0
            elif kind == 1:
                # Unknown names, each new: throttled in the phantom slots, never locked.
                p = ws.run(["login", f"nobody{w:02d}x{n:06d}", "--password-stdin"], "wrong wrong wrong\n", check=False)
                want = 3
            else:
                p = ws.run(["login", f"w{w:02d}", "--password-stdin", "--print-token"], b.USER_PW + "\n", check=False)
                want = 0
            ms = (time.perf_counter() - start) * 1000
            with lock:
                times.append(ms)
                if p.returncode == 4 and b"busy" in p.stderr:
                    busy[0] += 1
                elif p.returncode == 4 and kind == 1:
                    throttled[0] += 1
                elif p.returncode != want:
                    other.append(p.stderr.decode()[:200])
                elif kind == 1:
                    wrong[0] += 1

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(args.workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    times.sort()
    p99 = times[int(len(times) * 0.99) - 1]
    lines = [
        BEGIN,
        "",
        f"One run of `bench/run.sh --fair` (`python3 bench/fair.py`): {args.workers} processes for {args.seconds} s on",
        f"{b.os.cpu_count()} cores, each command a `user add`, a failed `login` (a new unknown name) or a `login`",
        "(cheap argon2), file backend; a command's time includes its wait for the writer's turn.",
        "",
        "| commands | busy failures (exit 4, busy) | other failures | slowest command | 99th percentile | median |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| {len(times)} | {busy[0]} | {len(other)} | {times[-1]:.0f} ms | {p99:.0f} ms | {statistics.median(times):.0f} ms |",
        "",
        f"{throttled[0]} failed logins were throttled (exit 4, `retry_after_seconds`): unknown names share",
        "10,000 phantom slots, and a slot delays after 5 failures, as a user does. That is throttling, not waiting.",
        "",
        END,
    ]
    if other:
        print("unexpected:", other[:3], file=sys.stderr)
    section = "\n".join(lines)
    b.write_section(args.out, BEGIN, END, section)
    print(section)


if __name__ == "__main__":
    main()
