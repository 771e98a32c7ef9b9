#!/usr/bin/env python3
"""PostgreSQL beside the file, in the same run on the same machine: the
process floor (`stepup --version`), one new PostgreSQL connection alone
(pgbench -C with `select 1`, over TCP, a Unix socket and PgBouncer),
`policy show` and `whoami`, login + TOTP (cheap argon2), `user import` from
PHC hashes, and 16 processes at once. Starts its own PostgreSQL server
(fsync on, default settings, 127.0.0.1) and PgBouncer in transaction mode
in front of it (Debian `pgbouncer`), and replaces the PostgreSQL section of
BENCHMARKS.md.

    bench/run.sh --postgres
    python3 bench/postgres.py --binary target/release/stepup --out /tmp/pg.md
"""

import argparse
import copy
import urllib.parse
import glob
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench as b  # noqa: E402

BEGIN = "<!-- postgres: begin (bench/postgres.py) -->"
END = "<!-- postgres: end -->"


def server_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        sys.exit("bench: the PostgreSQL server binaries are missing (apt-get install postgresql)")
    return Path(found[-1]).parent


def as_server_user(cmd):
    return (["runuser", "-u", "postgres", "--"] + cmd) if os.geteuid() == 0 else cmd


class Server:
    def __init__(self, tmp):
        self.bin = server_bin()
        self.dir = Path(tmp) / "pg"
        self.dir.mkdir()
        os.chmod(self.dir, 0o777)
        data = self.dir / "data"
        subprocess.run(as_server_user([str(self.bin / "initdb"), "-D", str(data), "-U", "stepup", "--auth=trust",
                                       "--no-instructions", "-E", "UTF8", "--locale=C"]), check=True, capture_output=True)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        conf = (f"listen_addresses = '127.0.0.1'\nport = {self.port}\nunix_socket_directories = '{self.dir}'\n"
                "max_connections = 100\n")
        subprocess.run(as_server_user(["sh", "-c", f"cat >> '{data}/postgresql.conf'"]), input=conf.encode(), check=True)
        self.data = data
        subprocess.run(as_server_user([str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(self.dir / "log"), "-w", "start"]),
                       check=True, capture_output=True)
        self.version = subprocess.run([str(self.bin / "postgres"), "--version"], capture_output=True, text=True).stdout.strip()

    def createdb(self, name):
        subprocess.run([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "stepup", name], check=True)
        return f"postgres://stepup@127.0.0.1:{self.port}/{name}"

    def stop(self):
        subprocess.run(as_server_user([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]),
                       capture_output=True)

    def connection_ms(self, db, host, seconds=5, port=None):
        """pgbench -C: a new connection per transaction of `select 1`."""
        script = self.dir / "select1.sql"
        script.write_text("select 1;\n")
        p = subprocess.run([str(self.bin / "pgbench"), "-n", "-C", "-f", str(script), "-T", str(seconds),
                            "-h", host, "-p", str(port or self.port), "-U", "stepup", db], capture_output=True, text=True, check=True)
        conn = re.search(r"average connection time = ([0-9.]+) ms", p.stdout)
        lat = re.search(r"latency average = ([0-9.]+) ms", p.stdout)
        return float(conn.group(1)) if conn else None, float(lat.group(1)) if lat else None


class Pooler:
    """PgBouncer in transaction mode in front of `server`, on 127.0.0.1."""

    def __init__(self, server):
        exe = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
        if not os.path.exists(exe):
            sys.exit("bench: PgBouncer is missing (apt-get install pgbouncer)")
        self.dir = server.dir / "pgbouncer"
        self.dir.mkdir()
        os.chmod(self.dir, 0o777)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        (self.dir / "users.txt").write_text('"stepup" ""\n')
        (self.dir / "pgbouncer.ini").write_text(
            f"[databases]\n* = host=127.0.0.1 port={server.port}\n[pgbouncer]\nlisten_addr = 127.0.0.1\n"
            f"listen_port = {self.port}\nunix_socket_dir =\nauth_type = trust\nauth_file = {self.dir}/users.txt\n"
            f"pool_mode = transaction\nmax_client_conn = 500\nlogfile = {self.dir}/log\n"
            "log_connections = 0\nlog_disconnections = 0\n")
        self.proc = subprocess.Popen(as_server_user([exe, str(self.dir / "pgbouncer.ini")]),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline:
                    sys.exit("bench: PgBouncer did not start")
                time.sleep(0.05)
        self.version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.split("\n")[0]

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def import_rate(ws, root, count, phc):
    path = ws.dir / "import.jsonl"
    with path.open("w") as f:
        for i in range(count):
            f.write(json.dumps({"name": f"imp{i:07d}", "email": f"imp{i:07d}@bench.example", "password_hash": phc}) + "\n")
    start = time.perf_counter()
    ws.json(["user", "import", str(path)], session=root)
    elapsed = time.perf_counter() - start
    path.unlink()
    return count / elapsed


def workspace(binary, folder, db):
    ws = b.Workspace(binary, folder, b.CHEAP, db=db)
    ws.run(["init", "--admin", "root", "--password-stdin"], b.ADMIN_PW + "\n")
    root = ws.json(["login", "root", "--password-stdin", "--print-token"], b.ADMIN_PW + "\n")["token"]
    ws.run(["user", "add", "plaincheap", "--password-stdin"], b.USER_PW + "\n", session=root)
    secrets = {}
    for i in range(b.TOTP_USERS):
        name = f"cheap{i:03d}"
        ws.run(["user", "add", name, "--password-stdin"], b.USER_PW + "\n", session=root)
        tok = ws.json(["login", name, "--password-stdin", "--print-token"], b.USER_PW + "\n")["token"]
        pending = ws.json(["method", "enable", "totp"], session=tok, expect=10)
        secrets[name] = pending["secret"]
        ws.json(["method", "enable", "totp", "--code", b.totp(pending["secret"])], session=tok)
    return ws, root, secrets


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=str(b.ROOT / "target/release/stepup"))
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--import-users", type=int, default=20000)
    ap.add_argument("--out", default=str(b.ROOT / "BENCHMARKS.md"))
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="stepup-bench-pg-")
    os.chmod(tmp, 0o755)
    server = Server(tmp)
    pooler = Pooler(server)
    try:
        phc = b.phc_for(args.binary, Path(tmp) / "phc", b.USER_PW, b.CHEAP)
        rows, rates, conc = {}, {}, {}
        server.createdb("pooled")
        spaces = {"file": None, "PostgreSQL": server.createdb("bench"),
                  "PgBouncer": f"postgres://stepup@127.0.0.1:{pooler.port}/pooled"}
        built = {}
        for label, db in spaces.items():
            print(f"building the {label} workspace", file=sys.stderr)
            built[label] = workspace(args.binary, Path(tmp) / label.lower(), db)
        # The same PostgreSQL workspace reached over the server's Unix socket.
        ws, root, secrets = built["PostgreSQL"]
        unix = copy.copy(ws)
        unix.env = dict(ws.env)
        unix.db = f"postgres://stepup@{urllib.parse.quote(str(server.dir), safe='')}:{server.port}/bench"
        unix.env["STEPUP_DB"] = unix.db
        # Every backend and the connections alone are timed in turn, in
        # rounds: this kind of machine drifts by 10-30 % over minutes, which
        # would otherwise fall on one column and not the next.
        targets = {**{label: (ws, root) for label, (ws, root, _) in built.items()},
                   "PostgreSQL (Unix socket)": (unix, root)}
        conns = {"tcp": [], "unix": [], "pooled": []}

        def connections(r):
            print(f"timing, round {r + 1} of 5", file=sys.stderr)
            conns["tcp"].append(server.connection_ms("bench", "127.0.0.1", seconds=1))
            conns["unix"].append(server.connection_ms("bench", str(server.dir), seconds=1))
            conns["pooled"].append(server.connection_ms("bench", "127.0.0.1", seconds=1, port=pooler.port))

        samples = b.hyperfine_in_turn(targets, {"--version": ["--version"], "policy show": ["policy", "show"],
                                                "whoami": ["whoami"]}, args.runs, rounds=5, each_round=connections)
        time.sleep(31 - time.time() % 30)  # a fresh TOTP step for every user
        names = list(built["file"][2])
        for i, name in enumerate(names):
            for label in b.in_turn(built, i):
                ws, _, secrets = built[label]
                code = b.totp(secrets[name], step_offset=0)
                samples[label].setdefault("login + TOTP, cheap argon2", []).append(
                    b.timed(ws, ["login", name, "--password-stdin", "--code", code], b.USER_PW + "\n"))
        rows = {label: {name: b.spread(v) for name, v in by.items()} for label, by in samples.items()}
        socket_rows = rows.pop("PostgreSQL (Unix socket)")

        def median_of(pairs):
            return tuple(statistics.median(p[i] for p in pairs if p[i] is not None) for i in (0, 1))

        conn_tcp, conn_unix, conn_pooled = (median_of(conns[k]) for k in ("tcp", "unix", "pooled"))
        # The loads after every timing: the server's work after an import
        # or a concurrent run (autovacuum, a checkpoint) would be timed
        # with the next backend's rows.
        for label, (ws, root, secrets) in built.items():
            rates[label] = import_rate(ws, root, args.import_users, phc)
            conc[label] = b.concurrency(ws, root)
        rows["PostgreSQL (Unix socket)"] = socket_rows
        write(args.out, rows, rates, conc, conn_tcp, conn_unix, conn_pooled,
              f"{server.version}; {pooler.version}", args)
    finally:
        pooler.stop()
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def write(out, rows, rates, conc, conn_tcp, conn_unix, conn_pooled, version, args):
    lines = [BEGIN, "", "## PostgreSQL beside the file", "",
             f"{b.machine()}; {version} on 127.0.0.1 (default settings, fsync on; PgBouncer in transaction "
             "mode, default pool), started by `bench/postgres.py`;",
             f"medians of {args.runs} runs (10th–90th percentile), every backend and the connections alone timed "
             "in turn, in 5 rounds (pgbench 1 s each), and the logins user by user across backends.", "",
             f"One new PostgreSQL connection alone (`pgbench -C`, `select 1`): {conn_tcp[0]:.2f} ms over TCP, "
             f"{conn_unix[0]:.2f} ms over a Unix socket, {conn_pooled[0]:.2f} ms through PgBouncer over TCP "
             f"(connection time as pgbench reports it; latency per transaction {conn_tcp[1]:.2f} / "
             f"{conn_unix[1]:.2f} / {conn_pooled[1]:.2f} ms).", "",
             "| command | file | PostgreSQL (TCP) | PostgreSQL − file | PostgreSQL (Unix socket) "
             "| through PgBouncer (TCP) | PgBouncer − file |",
             "|---|---|---|---|---|---|---|"]
    sock, pooled = rows["PostgreSQL (Unix socket)"], rows["PgBouncer"]
    for name in rows["file"]:
        f, p = rows["file"][name], rows["PostgreSQL"][name]
        u = b.fmt(sock[name]) if name in sock else "–"
        q = f"{b.fmt(pooled[name])} | {pooled[name]['median'] - f['median']:+.2f} ms" if name in pooled else "– | –"
        lines.append(f"| {name} | {b.fmt(f)} | {b.fmt(p)} | {p['median'] - f['median']:+.2f} ms | {u} | {q} |")
    lines.append(f"| one new connection (`pgbench -C`, `select 1`, latency) | | {conn_tcp[1]:.2f} ms | | "
                 f"{conn_unix[1]:.2f} ms | {conn_pooled[1]:.2f} ms | |")
    lines.append("")
    for via, r, conn in (("TCP", rows["PostgreSQL"], conn_tcp), ("a Unix socket", sock, conn_unix),
                         ("PgBouncer", pooled, conn_pooled)):
        floor = r["--version"]["median"]
        lines.append(f"Over {via}, a non-hashing command over the process floor plus one connection "
                     f"(target: within 1.5 ms): policy show {r['policy show']['median'] - floor - conn[1]:+.2f} ms, "
                     f"whoami {r['whoami']['median'] - floor - conn[1]:+.2f} ms.")
    lines += ["", "What the rest is (`bench/run.sh --pg-trips`, and `pgbench -C` with one statement, median of 7 "
              "rounds of 2 s over a Unix socket, less `select 1`): a new server process reads the catalog for "
              "every table and index a command touches, once, and plans each first statement from scratch. "
              "A primary-key lookup of one row costs about +0.5–0.6 ms on a fresh backend, whatever the "
              "table's width or check constraints (+0.6 ms for two columns of `users`, +0.5 on a copy without "
              "its 18 checks, +0.8 for all 29 columns); the workspace row alone +0.45, with `settings` and "
              "`actions` aggregated beside it +0.9. An authenticated read reads 7 tables (workspace, settings, "
              "actions, meta, session, user, recovery codes): about 2.5–3 ms of server time (the round-trips "
              "section has this run's figure), and the client about 1.4 ms more CPU than `--version` (driver, "
              "checks, output). Within 1.5 ms of a new connection would leave room for about two tables, "
              "so with real tables and a new server process per command that target is out of reach; through "
              "PgBouncer the server processes are warm (each reads the catalog once, for the many commands it "
              "serves), so what remains is the round trip, through two sockets (policy show and whoami: one, "
              "the first message with its reads and its `COMMIT` pipelined), and the client's own CPU.", "",
              f"`user import` of {args.import_users:,} users from PHC hashes: file {rates['file']:,.0f} users/s, "
              f"PostgreSQL {rates['PostgreSQL']:,.0f} users/s, through PgBouncer {rates['PgBouncer']:,.0f} users/s.", "",
              "16 processes for 10 s (a quarter each: `user add`, a wrong login, `whoami`, `policy show`; "
              "a wrong login is refused with exit 3 and, after the workspace's 5 free failures, throttled "
              "with exit 4 \"too many failed attempts\", counted apart; a failure is any other exit):", ""]
    for label, c in conc.items():
        label = "PostgreSQL through PgBouncer" if label == "PgBouncer" else label
        lines.append(f"- {label}: {c['ops_per_s']:.0f} commands/s, {c['failures']} failures, {c['adds']} users added, "
                     f"{c['failed_logins']} wrong logins refused, {c['throttled_logins']} throttled")
    lines += ["", "Regenerate with `bench/run.sh --postgres`.", "", END]
    text = Path(out).read_text() if Path(out).exists() else ""
    section = "\n".join(lines) + "\n"
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + section + text[text.index(END) + len(END) + 1:]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    Path(out).write_text(text)
    print(section)


if __name__ == "__main__":
    main()
