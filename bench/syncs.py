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
    """(durable syncs, redb commits) of one run. A commit is counted from the
    trace: redb 4.6 writes its 320-byte header at offset 0 once when a writer
    opens, three times per commit (the new slot, the swap, the flush mark
    cleared) and once at shutdown after the close's own commit."""
    out = Path(tempfile.mktemp(suffix=".strace"))
    env = dict(ws.env, STEPUP_SESSION=session) if session else ws.env
    p = subprocess.run(["strace", "-f", "-o", str(out), "-e", "trace=fsync,fdatasync,pwrite64", ws.binary, *args],
                       input=stdin.encode(), env=env, capture_output=True)
    if p.returncode != expect:
        raise RuntimeError(f"{args}: exit {p.returncode}: {p.stderr.decode()}")
    text = out.read_text()
    out.unlink()
    total = len(re.findall(r"\b(?:fsync|fdatasync)\(\d+\)\s+= 0", text))
    headers = len(re.findall(r"pwrite64\(\d+, .*, 320, 0\)\s+= 320", text))
    opens = 1 if headers else 0
    # One writer open (1 header) and its close (a commit of 3, the shutdown's 1)
    commits = max(0, (headers - 2 * opens) // 3 - opens)
    return total, commits


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

    def row(name, args, stdin="", session=None, expect=0, target=None):
        n, commits = syncs(ws, args, stdin, session, expect)
        rows.append((name, commits, n, 2 * commits if target is None else target))

    row("init", ["init", "--admin", "root", "--password-stdin"], b.ADMIN_PW + "\n")
    root = ws.json(["login", "root", "--password-stdin", "--print-token"], b.ADMIN_PW + "\n")["token"]
    # The budget for a login: the attempt counted before argon2, then one commit.
    row("login (no method)", ["login", "root", "--password-stdin"], b.ADMIN_PW + "\n", target=4)
    row("user add", ["user", "add", "alice", "--password-stdin"], b.USER_PW + "\n", session=root)
    ws.run(["user", "add", "bob", "--password-stdin"], b.USER_PW + "\n", session=root)
    row("settings set", ["settings", "set", "session.idle_minutes", "20"], session=root)
    alice = ws.json(["login", "alice", "--password-stdin", "--print-token"], b.USER_PW + "\n")["token"]
    row("method enable totp (start)", ["method", "enable", "totp"], session=alice, expect=10)
    pending = ws.json(["method", "enable", "totp"], session=alice, expect=10)
    row("method enable totp (confirm)", ["method", "enable", "totp", "--code", b.totp(pending["secret"])], session=alice)
    row("login + TOTP", ["login", "alice", "--password-stdin", "--code", b.totp(pending["secret"], step_offset=1)],
        b.USER_PW + "\n", target=4)
    # bob's own step: alice's two are spent
    bob = ws.json(["login", "bob", "--password-stdin", "--print-token"], b.USER_PW + "\n")["token"]
    secret = ws.json(["method", "enable", "totp"], session=bob, expect=10)["secret"]
    ws.run(["method", "enable", "totp", "--code", b.totp(secret)], session=bob)
    row("passwd with step-up", ["passwd", "--password-stdin", "--code", b.totp(secret, step_offset=1)],
        f"{b.USER_PW}\n{b.USER_PW} renewed\n", session=bob, target=4)
    row("logout", ["logout"], session=alice)
    row("whoami (reads only)", ["whoami"], session=bob, target=0)
    lines = [
        BEGIN,
        "",
        "File backend; `strace -f -e trace=fsync,fdatasync,pwrite64`, one run each, produced by",
        "`bench/run.sh --syncs` (`python3 bench/syncs.py`). Target (issue 15): 2 per commit, a login or",
        "`passwd` with step-up 4; redb's floor is 5 + 2 per commit (below). Commits are counted from the",
        "trace (redb's header writes).",
        "",
        "| command | commits | durable syncs | target | redb's floor |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, commits, n, target in rows:
        floor = 5 + 2 * commits if commits else 0
        lines.append(f"| {name} | {commits} | {n} | {target} | {floor} |")
    lines += [
        "",
        "Where they come from (strace of `user add`, and redb 4.6's `page_manager.rs` and `db.rs`): every",
        "commit is two-phase in redb's multi-process modes (a sync after the pages, one after the header",
        "that makes them primary): 2. Opening the read-write handle marks the file as needing recovery",
        "(`begin_writable`) and syncs: 1. Closing it makes one more commit that records the allocator",
        "state, unconditionally (`close_database`: 2), then syncs, clears the mark and syncs",
        "(`flush_shutdown_header`: 2). So a command that commits once makes 7, and the floor redb sets",
        "is 5 + 2 per commit: below it needs a change in redb (no sync of the mark in `begin_writable`,",
        "no allocator-state commit at close when the last commit recorded it). A login commits twice",
        "(the attempt counted before argon2, then the give-back with the session and the code) and",
        "syncs the session file (1).",
        "",
        END,
    ]
    section = "\n".join(lines)
    b.write_section(args.out, BEGIN, END, section)
    print(section)


if __name__ == "__main__":
    main()
