#!/usr/bin/env python3
"""Round trips and server time per command on PostgreSQL, from the server's
own statement log (log_min_duration_statement = 0) on a server this script
starts: each `execute` of an extended-protocol query and each simple
`statement` is one round trip; the server time is the sum of parse, bind
(planning) and execute. Replaces the round-trips section of BENCHMARKS.md.

    bench/run.sh --pg-trips
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench as b  # noqa: E402
import postgres as pg  # noqa: E402

BEGIN = "## PostgreSQL: round trips per command"
END = "<!-- end of the round-trips section -->"


def traced(server, ws, args, stdin="", session=None, expect=0):
    """Round trips (the client's writes to the server, from strace: each is
    answered before the next, but for the last, Terminate; the first is the
    start-up message), statements and server time (from the server's log)."""
    log = server.dir / "log"
    start = len(log.read_text().splitlines())
    env = dict(ws.env)
    if session:
        env["STEPUP_SESSION"] = session
    trace = server.dir / "strace.txt"
    p = subprocess.run(["strace", "-f", "-qq", "-o", str(trace), "-e", "trace=sendto", ws.binary, *args],
                       input=stdin.encode(), env=env, capture_output=True)
    if p.returncode != expect:
        raise RuntimeError(f"{args}: exit {p.returncode}: {p.stderr.decode()}")
    writes = sum(1 for line in trace.read_text().splitlines() if "sendto(" in line)
    time.sleep(0.3)
    lines = log.read_text().splitlines()[start:]
    statements, ms = 0, 0.0
    for line in lines:
        m = re.search(r"duration: ([0-9.]+) ms  (parse|bind|execute|statement)", line)
        if m:
            ms += float(m.group(1))
            statements += m.group(2) in ("execute", "statement")
    return writes - 2, statements, ms


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--out", default=str(b.ROOT / "BENCHMARKS.md"))
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="stepup-pg-trips-")
    os.chmod(tmp, 0o755)
    server = pg.Server(tmp)
    try:
        subprocess.run(pg.as_server_user(["sh", "-c", f"cat >> '{server.data}/postgresql.conf'"]),
                       input=b"log_min_duration_statement = 0\n", check=True)
        subprocess.run(pg.as_server_user([str(server.bin / "pg_ctl"), "-D", str(server.data), "reload"]),
                       check=True, capture_output=True)
        ws = b.Workspace(args.binary, Path(tmp) / "ws", b.CHEAP, db=server.createdb("trips"))
        rows = [("init", traced(server, ws, ["init", "--admin", "root", "--password-stdin"], b.ADMIN_PW + "\n"))]
        root = ws.json(["login", "root", "--password-stdin", "--print-token"], b.ADMIN_PW + "\n")["token"]
        rows.append(("policy show", traced(server, ws, ["policy", "show"], session=root)))
        rows.append(("whoami", traced(server, ws, ["whoami"], session=root)))
        rows.append(("user add", traced(server, ws, ["user", "add", "alice", "--password-stdin"], b.USER_PW + "\n", root)))
        alice = ws.json(["login", "alice", "--password-stdin", "--print-token"], b.USER_PW + "\n")["token"]
        pending = ws.json(["method", "enable", "totp"], session=alice, expect=10)
        ws.json(["method", "enable", "totp", "--code", b.totp(pending["secret"])], session=alice)
        rows.append(("login + TOTP", traced(server, ws, ["login", "alice", "--password-stdin", "--code",
                                                         b.totp(pending["secret"], step_offset=1)], b.USER_PW + "\n")))
        rows.append(("login (no method)", traced(server, ws, ["login", "root", "--password-stdin"], b.ADMIN_PW + "\n")))
    finally:
        server.stop()
    lines = [BEGIN, "",
             "One run of `bench/run.sh --pg-trips` (`python3 bench/pg_trips.py`) on a server it starts (127.0.0.1,",
             "a fresh backend per command, as each stepup process connects anew). Round trips after the",
             "connection are the client's writes to the server (strace), each answered before the next;",
             "statements and server time come from the server's statement log. Statements that need no",
             "answer before the next one are sent together (pipelined): the first message reads the workspace",
             "and the caller's session and user and commits; a later transaction's `BEGIN` goes with its first",
             "statement (a snapshot's with the workspace read), a write's changes with its next read or its",
             "`COMMIT`. A command that ends on a later read ends its snapshot with a `COMMIT` of its own (one",
             "round trip), so that a pooler in transaction mode keeps the server connection.",
             "", "| command | round trips | statements | server time (parse + plan + execute) |",
             "| --- | --- | --- | --- |"]
    for name, (trips, statements, ms) in rows:
        lines.append(f"| {name} | {trips} | {statements} | {ms:.2f} ms |")
    lines += ["", END]
    section = "\n".join(lines)
    b.write_section(args.out, BEGIN, END, section)
    print(section)


if __name__ == "__main__":
    main()
