#!/usr/bin/env python3
"""Durable syncs (fsync + fdatasync) per write command on the file backend,
counted with `strace -f -c` (Debian package strace), one run each, and where
they come from: redb's writer open, each commit, redb's close, the session
file. Replaces the syncs section of BENCHMARKS.md.

    bench/run.sh --syncs
    python3 bench/syncs.py --binary target/release/stepup
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench as b  # noqa: E402

BEGIN = "## Durable syncs per command"
END = "<!-- end of the syncs section -->"


def syncs(ws, args, stdin="", session=None, expect=0):
    out = Path(tempfile.mktemp(suffix=".strace"))
    env = dict(ws.env, STEPUP_SESSION=session) if session else ws.env
    p = subprocess.run(["strace", "-f", "-c", "-o", str(out), "-e", "trace=fsync,fdatasync", ws.binary, *args],
                       input=stdin.encode(), env=env, capture_output=True)
    if p.returncode != expect:
        raise RuntimeError(f"{args}: exit {p.returncode}: {p.stderr.decode()}")
    text = out.read_text()
    out.unlink()
    total = 0
    for line in text.splitlines():
        m = re.match(r"\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)(?:\s+\d+)?\s+(fsync|fdatasync)$", line)
        if m:
            total += int(m.group(1))
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--out", default=str(b.ROOT / "BENCHMARKS.md"))
    args = ap.parse_args()
    if not shutil.which("strace"):
        sys.exit("bench: strace is missing (apt-get install strace)")
    work = Path(tempfile.mkdtemp(prefix="stepup-syncs-"))
    ws = b.Workspace(args.binary, work / "ws", b.CHEAP)
    rows = []
    rows.append(("init", syncs(ws, ["init", "--admin", "root", "--password-stdin"], b.ADMIN_PW + "\n"), 1))
    rows.append(("login (no method)", syncs(ws, ["login", "root", "--password-stdin"], b.ADMIN_PW + "\n"), 3))
    rows.append(("user add", syncs(ws, ["user", "add", "alice", "--password-stdin"], b.USER_PW + "\n"), 1))
    rows.append(("settings set", syncs(ws, ["settings", "set", "session.idle_minutes", "20"]), 1))
    alice = ws.json(["login", "alice", "--password-stdin", "--print-token"], b.USER_PW + "\n")["token"]
    rows.append(("method enable totp (start)", syncs(ws, ["method", "enable", "totp"], session=alice, expect=10), 1))
    pending = ws.json(["method", "enable", "totp"], session=alice, expect=10)
    rows.append(("method enable totp (confirm)",
                 syncs(ws, ["method", "enable", "totp", "--code", b.totp(pending["secret"])], session=alice), 1))
    rows.append(("login + TOTP", syncs(ws, ["login", "alice", "--password-stdin", "--code",
                                            b.totp(pending["secret"], step_offset=1)], b.USER_PW + "\n"), 3))
    rows.append(("logout", syncs(ws, ["logout"]), 1))
    rows.append(("whoami (reads only)", syncs(ws, ["whoami"], session=alice), 0))
    lines = [
        BEGIN,
        "",
        "File backend; `strace -f -c -e trace=fsync,fdatasync`, one run each, produced by",
        "`bench/run.sh --syncs` (`python3 bench/syncs.py`). Target: 2 per commit.",
        "",
        "| command | durable syncs |",
        "| --- | --- |",
    ]
    for name, n, _ in rows:
        lines.append(f"| {name} | {n} |")
    lines += [
        "",
        "Where they come from (strace of `user add`, and redb 4.6's `page_manager.rs`): every commit is",
        "two-phase in redb's multi-process modes (a sync after the pages, one after the header that",
        "makes them primary): 2. Opening the read-write handle marks the file open for writing and",
        "syncs (2). Dropping it records the allocator state and clears the mark (3). So a command",
        "that commits once makes 7, and the floor redb sets is 5 + 2 per commit: below it needs a",
        "change in redb (no sync in `begin_writable` and at shutdown). A login commits twice (the",
        "attempt counted before argon2, then the give-back with the session and the code; it was",
        "three) and syncs the session file (1).",
        "",
        END,
    ]
    section = "\n".join(lines)
    b.write_section(args.out, BEGIN, END, section)
    print(section)


if __name__ == "__main__":
    main()
