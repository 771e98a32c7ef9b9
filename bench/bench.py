#!/usr/bin/env python3
"""stepup's benchmarks: per-command wall time on workspaces of growing size,
database size per user, import throughput and 16-way concurrency.

    bench/run.sh                      # builds the release binary, writes BENCHMARKS.md
    python3 bench/bench.py --binary target/release/stepup --sizes 10,10000 --out /tmp/b.md

Commands that take no standard input are timed with hyperfine (-N, no
shell); the ones that read a password are timed here, one process per run
(subprocess + perf_counter), next to `--version` timed the same way so the
harness's own cost is visible. Medians with the 10th-90th percentile spread.
"""

import argparse
import base64
import concurrent.futures
import hashlib
import hmac
import json
import os
import platform
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADMIN_PW = "bench admin passphrase 1"
USER_PW = "bench user passphrase 1"
CHEAP = "[argon2]\nmemory_kib = 64\niterations = 1\nparallelism = 1\n"
TOTP_USERS = 40  # each logs in once per run of the TOTP benchmark (no replay)


def totp(secret_b32, t=None, step_offset=0):
    """RFC 6238 (SHA-1, 6 digits, 30 s), independent of stepup."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    counter = int((time.time() if t is None else t) // 30) + step_offset
    h = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    o = h[-1] & 15
    return "%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7FFFFFFF) % 1_000_000)


class Workspace:
    def __init__(self, binary, folder, config="", db=None):
        self.binary = str(binary)
        self.dir = Path(folder)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.db = db or (self.dir / "ws.redb")
        (self.dir / "config.toml").write_text('issuer = "Bench"\n' + config)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("STEPUP_")}
        self.env.update(
            STEPUP_DB=str(self.db),
            STEPUP_CONFIG=str(self.dir / "config.toml"),
            XDG_STATE_HOME=str(self.dir / "state"),
            XDG_CONFIG_HOME=str(self.dir / "xdg"),
            NO_COLOR="1",
        )

    def run(self, args, stdin="", session=None, check=True):
        env = dict(self.env)
        if session:
            env["STEPUP_SESSION"] = session
        p = subprocess.run([self.binary, *args], input=stdin.encode(), env=env, capture_output=True)
        if check and p.returncode != 0:
            raise RuntimeError(f"stepup {' '.join(args)} exited {p.returncode}: {p.stderr.decode()}")
        return p

    def json(self, args, stdin="", session=None, expect=0):
        p = self.run(["--json", *args], stdin, session, check=False)
        if p.returncode != expect:
            raise RuntimeError(f"stepup {' '.join(args)} exited {p.returncode}, wanted {expect}: {p.stdout.decode()}")
        return json.loads(p.stdout)


def spread(samples_ms):
    s = sorted(samples_ms)
    q = statistics.quantiles(s, n=10) if len(s) >= 10 else [s[0]] * 9
    return {"median": statistics.median(s), "p10": q[0], "p90": q[-1], "runs": len(s)}


def fmt(r):
    return f"{r['median']:.2f} ms ({r['p10']:.2f}–{r['p90']:.2f})"


def hyperfine(ws, commands, runs, session, raw=False):
    """commands: {name: [args]} -> {name: spread} (hyperfine, no shell), or
    {name: [ms, ...]} with `raw`."""
    out = Path(tempfile.mktemp(suffix=".json"))
    cmd = ["hyperfine", "-N", "--warmup", "10", "--runs", str(runs), "--export-json", str(out), "--style", "none"]
    for name, args in commands.items():
        cmd += [f"--command-name={name}", " ".join([ws.binary, *args])]
    env = dict(ws.env, STEPUP_SESSION=session) if session else ws.env
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    result = {}
    for r in json.loads(out.read_text())["results"]:
        times = [t * 1000 for t in r["times"]]
        result[r["command"]] = times if raw else spread(times)
    out.unlink()
    return result


def in_turn(items, i):
    """`items` in order in even rounds and reversed in odd ones, so that none
    is always the first timed after a pause."""
    items = list(items)
    return items if i % 2 == 0 else items[::-1]


def hyperfine_in_turn(targets, commands, runs, rounds=5, each_round=None):
    """targets: {label: (ws, session)} -> {label: {name: [ms, ...]}}: every
    target timed in turn, in `rounds` rounds of runs // rounds runs. This kind
    of machine drifts by 10-30 % over minutes, which would otherwise fall on
    one target and not the next. `each_round(r)` runs first in every round."""
    samples = {label: {} for label in targets}
    for r in range(rounds):
        if each_round:
            each_round(r)
        for label in in_turn(targets, r):
            ws, session = targets[label]
            for name, times in hyperfine(ws, commands, max(10, runs // rounds), session, raw=True).items():
                samples[label].setdefault(name, []).extend(times)
    return samples


def timed(ws, args, stdin="", session=None, expect=0):
    start = time.perf_counter()
    p = ws.run(args, stdin, session, check=False)
    elapsed = (time.perf_counter() - start) * 1000
    if p.returncode != expect:
        raise RuntimeError(f"{args}: exit {p.returncode}: {p.stderr.decode()}")
    return elapsed


def phc_for(binary, folder, password, config):
    """An argon2 PHC hash of `password`, made by stepup with `config`."""
    ws = Workspace(binary, folder, config)
    ws.run(["init", "--admin", "root", "--password-stdin"], ADMIN_PW + "\n")
    ws.run(["login", "root", "--password-stdin"], ADMIN_PW + "\n")
    ws.run(["user", "add", "probe", "--password-stdin"], password + "\n")
    for line in ws.run(["user", "export", "--include-password-hashes"]).stdout.decode().splitlines():
        rec = json.loads(line)
        if rec["name"] == "probe":
            return rec["password_hash"]
    raise RuntimeError("no probe user")


def build_workspace(binary, folder, users, hashes):
    """A workspace with `users` users in all: root, `users - 1 - extras`
    fillers imported from a PHC hash, and the benchmark's own users.

    The workspace's configured cost is the cheap one, so that no login
    "upgrades" the cheap users' hashes; users with a default-cost hash are
    still verified at the default cost (a hash carries its parameters)."""
    ws = Workspace(binary, folder, CHEAP)
    ws.run(["init", "--admin", "root", "--password-stdin"], ADMIN_PW + "\n")
    root = ws.json(["login", "root", "--password-stdin", "--print-token"], ADMIN_PW + "\n")["token"]
    extras = [("plain", hashes["default"]), ("plaincheap", hashes["cheap"])]
    extras += [(f"totp{i:03d}", hashes["default"]) for i in range(TOTP_USERS)]
    extras += [(f"cheap{i:03d}", hashes["cheap"]) for i in range(TOTP_USERS)]
    fillers = max(0, users - 1 - len(extras))
    path = Path(folder) / "users.jsonl"
    with path.open("w") as f:
        for i in range(fillers):
            f.write(json.dumps({"name": f"user{i:07d}", "email": f"user{i:07d}@bench.example", "password_hash": hashes["filler"]}) + "\n")
        for name, h in extras:
            f.write(json.dumps({"name": name, "email": f"{name}@bench.example", "password_hash": h}) + "\n")
    result = ws.json(["user", "import", str(path)], session=root)
    path.unlink()
    # The TOTP users enroll an authenticator (their session, cheap or not).
    secrets = {}
    for name in [f"totp{i:03d}" for i in range(TOTP_USERS)] + [f"cheap{i:03d}" for i in range(TOTP_USERS)]:
        tok = ws.json(["login", name, "--password-stdin", "--print-token"], USER_PW + "\n")["token"]
        pending = ws.json(["method", "enable", "totp"], session=tok, expect=10)
        secrets[name] = pending["secret"]
        ws.json(["method", "enable", "totp", "--code", totp(pending["secret"])], session=tok)
    return ws, root, secrets, result


def login_with_totp(ws, names, secrets, offset):
    """One login per user, each with its code for the step after the one
    its enrollment used (no replay)."""
    samples = []
    for name in names:
        code = totp(secrets[name], step_offset=offset)
        samples.append(timed(ws, ["login", name, "--password-stdin", "--code", code], USER_PW + "\n"))
    return spread(samples)


def measure_size(ws_size, binary, folder, hashes):
    """Database bytes per user when every user has one method (TOTP) and 10
    recovery codes."""
    n = ws_size
    ws = Workspace(binary, folder, CHEAP)
    ws.run(["init", "--admin", "root", "--password-stdin"], ADMIN_PW + "\n")
    root = ws.json(["login", "root", "--password-stdin", "--print-token"], ADMIN_PW + "\n")["token"]
    path = Path(folder) / "users.jsonl"
    with path.open("w") as f:
        for i in range(n):
            f.write(json.dumps({"name": f"m{i:06d}", "email": f"m{i:06d}@bench.example", "password_hash": hashes["cheap"]}) + "\n")
    ws.json(["user", "import", str(path)], session=root)

    def enroll(i):
        name = f"m{i:06d}"
        tok = ws.json(["login", name, "--password-stdin", "--print-token"], USER_PW + "\n")["token"]
        pending = ws.json(["method", "enable", "totp"], session=tok, expect=10)
        ws.json(["method", "enable", "totp", "--code", totp(pending["secret"])], session=tok)
        ws.json(["logout"], session=tok)

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(enroll, range(n)))
    before = ws.db.stat().st_size
    stats = ws.json(["stats"], session=root)
    users_table = next(t for t in stats["tables"] if t["table"] == "users")
    audit_table = next(t for t in stats["tables"] if t["table"] == "audit")
    ws.json(["compact"], session=root)
    after = ws.db.stat().st_size
    live = users_table["stored_bytes"] + users_table["metadata_bytes"] + users_table["fragmented_bytes"]
    return {
        "users": n + 1,
        "bytes": before,
        "per_user": before / (n + 1),
        "compacted": after,
        "compacted_per_user": after / (n + 1),
        "users_table_per_user": live / (n + 1),
        "record_per_user": users_table["stored_bytes"] / (n + 1),
        "audit_events": audit_table["entries"],
        "audit_per_user": (audit_table["stored_bytes"] + audit_table["metadata_bytes"] + audit_table["fragmented_bytes"]) / (n + 1),
    }


def password_import(binary, folder, count, cores, rounds=3):
    """Users/s importing plain passwords at the default argon2 cost, on one
    core (taskset) and on all. The two are measured in turn, `rounds` times,
    and the medians kept: this machine's speed drifts by 10 % from one run
    to the next, more than the effect measured."""
    samples = {"one core": [], "all cores": []}
    path = Path(folder) / "passwords.jsonl"
    Path(folder).mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps({"name": f"p{i:04d}", "password": f"imported passphrase {i}"}) + "\n" for i in range(count)))
    for r in range(rounds):
        for label, prefix in (("one core", ["taskset", "-c", "0"]), ("all cores", [])):
            ws = Workspace(binary, Path(folder) / f"{label.replace(' ', '-')}-{r}")
            ws.run(["init", "--admin", "root", "--password-stdin"], ADMIN_PW + "\n")
            root = ws.json(["login", "root", "--password-stdin", "--print-token"], ADMIN_PW + "\n")["token"]
            env = dict(ws.env, STEPUP_SESSION=root)
            start = time.perf_counter()
            p = subprocess.run([*prefix, ws.binary, "--json", "user", "import", str(path)], env=env, capture_output=True)
            elapsed = time.perf_counter() - start
            if p.returncode != 0:
                raise RuntimeError(p.stdout.decode() + p.stderr.decode())
            samples[label].append(count / elapsed)
    out = {label: statistics.median(v) for label, v in samples.items()}
    out["argon2_ms"] = 1000 / out["one core"]
    out["ideal"] = cores / (out["argon2_ms"] / 1000)
    out["efficiency"] = out["all cores"] / out["ideal"]
    out["rounds"] = rounds
    return out


def concurrency(ws, root, seconds=10, workers=16):
    stop = time.time() + seconds
    lock = threading.Lock()
    counts = {"ops": 0, "failures": 0, "failed_logins": 0, "throttled_logins": 0, "adds": 0}
    errors = []

    def worker(w):
        n = 0
        while time.time() < stop:
            n += 1
            kind = n % 4
            if kind == 0:
                p = ws.run(["user", "add", f"c{w:02d}x{n:06d}", "--password-stdin"], "concurrent passphrase 1\n", root, check=False)
                ok, add = p.returncode == 0, 1
            elif kind == 1:
                p = ws.run(["login", "plaincheap", "--password-stdin"], "wrong wrong wrong\n", check=False)
                # Refused (3), or throttled after the free failures (4,
                # "too many failed attempts"): both what a wrong login gets.
                throttled = p.returncode == 4 and b"too many failed attempts" in p.stderr
                ok, add = p.returncode == 3 or throttled, 0
            elif kind == 2:
                p = ws.run(["whoami"], session=root, check=False)
                ok, add = p.returncode == 0, 0
            else:
                p = ws.run(["policy", "show"], session=root, check=False)
                ok, add = p.returncode == 0, 0
            with lock:
                counts["ops"] += 1
                if not ok:
                    counts["failures"] += 1
                    errors.append(p.stderr.decode()[:200])
                elif kind == 0:
                    counts["adds"] += add
                elif kind == 1 and throttled:
                    counts["throttled_logins"] += 1
                elif kind == 1:
                    counts["failed_logins"] += 1

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    counts["ops_per_s"] = counts["ops"] / seconds
    counts["errors"] = errors[:3]
    return counts


def machine():
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{os.cpu_count()} × {cpu}, {int(mem) // 1024 // 1024} GiB, Linux {platform.release()}, {rustc}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=str(ROOT / "target/release/stepup"))
    ap.add_argument("--sizes", default="10,10000,100000,1000000")
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--size-users", type=int, default=2000, help="users enrolled for the size-per-user figure")
    ap.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"))
    args = ap.parse_args()
    binary = Path(args.binary).resolve()
    sizes = [int(s) for s in args.sizes.split(",")]
    cores = os.cpu_count()
    work = Path(tempfile.mkdtemp(prefix="stepup-bench-"))
    print(f"working in {work}", file=sys.stderr)
    hashes = {
        "default": phc_for(binary, work / "h-default", USER_PW, ""),
        "cheap": phc_for(binary, work / "h-cheap", USER_PW, CHEAP),
    }
    hashes["filler"] = hashes["default"]
    imports = {}
    built = {}
    for n in sizes:
        print(f"== {n} users", file=sys.stderr)
        folder = work / f"ws-{n}"
        t0 = time.perf_counter()
        built[n] = build_workspace(binary, folder, n, hashes)
        imported = built[n][3]
        imports[n] = {"users": imported["imported"], "seconds": imported["seconds"], "per_s": imported["imported"] / max(imported["seconds"], 1e-9)}
        print(f"   built in {time.perf_counter() - t0:.1f} s; import {imports[n]['per_s']:.0f} users/s", file=sys.stderr)
    # Every size is measured in turn, in rounds, not one size after the other:
    # this kind of machine drifts by 10-30 % over minutes, which would
    # otherwise read as a cost that grows (or shrinks) with the workspace.
    print(f"== timing the {len(sizes)} sizes in turn", file=sys.stderr)
    samples = hyperfine_in_turn({n: (built[n][0], built[n][1]) for n in sizes}, {
        "--version": ["--version"],
        "policy show": ["policy", "show"],
        "whoami": ["whoami"],
        "method list": ["method", "list"],
    }, args.runs)

    def take(n, name, value):
        samples[n].setdefault(name, []).append(value)

    # The same floor through this harness, for the commands timed here.
    for name, user, runs in (("--version (harness)", None, 50), ("login, no MFA, default argon2", "plain", 30),
                             ("login, no MFA, cheap argon2", "plaincheap", 50)):
        for i in range(runs):
            for n in in_turn(sizes, i):
                ws = built[n][0]
                args_ = ["--version"] if user is None else ["login", user, "--password-stdin"]
                take(n, name, timed(ws, args_, "" if user is None else USER_PW + "\n"))
    # Enrollment used each user's current step: log in with the next one,
    # each user once per size, the sizes in turn.
    for name, prefix in (("login + TOTP, default argon2", "totp"), ("login + TOTP, cheap argon2", "cheap")):
        for i in range(TOTP_USERS):
            for n in in_turn(sizes, i):
                ws, secrets = built[n][0], built[n][2]
                user = f"{prefix}{i:03d}"
                code = totp(secrets[user], step_offset=1)
                take(n, name, timed(ws, ["login", user, "--password-stdin", "--code", code], USER_PW + "\n"))
    rows = {n: {name: spread(v) for name, v in samples[n].items()} for n in sizes}
    for n in sizes:
        ws, secrets = built[n][0], built[n][2]
        secret = next(iter(secrets.values()))
        oath = subprocess.run(["hyperfine", "-N", "--warmup", "10", "--runs", str(args.runs), "--export-json", str(work / "o.json"), "--style", "none",
                               f"oathtool --totp -b {secret} {totp(secret)}"], capture_output=True)
        if oath.returncode == 0:
            times = json.loads((work / "o.json").read_text())["results"][0]["times"]
            rows[n]["oathtool --totp -b SECRET CODE (reference)"] = spread([t * 1000 for t in times])
        rows[n]["db_bytes"] = ws.db.stat().st_size
    n = sizes[min(1, len(sizes) - 1)]
    ws, root = built[n][0], built[n][1]
    print(f"== 16 processes for 10 s on {n:,} users", file=sys.stderr)
    ws.run(["policy", "show"], session=root)
    (Path(work / f"ws-{n}") / "config.toml").write_text('issuer = "Bench"\n' + CHEAP + '[throttle]\nfree_failures = 100000000\nlockout_after = 100000000\n')
    conc = concurrency(ws, root)
    for n in sizes:
        shutil.rmtree(work / f"ws-{n}", ignore_errors=True)
    print("== size per user", file=sys.stderr)
    size = measure_size(args.size_users, binary, work / "size", hashes)
    print("== password import", file=sys.stderr)
    pw = password_import(binary, work / "pw", 100 * cores, cores)
    write_report(args.out, sizes, rows, imports, size, pw, conc, binary)
    print(f"wrote {args.out}", file=sys.stderr)


def write_section(out, begin, end, section):
    """Puts `section` (which starts with `begin` and ends with `end`) in
    place of that section of `out`, or after what is there."""
    path = Path(out)
    text = path.read_text() if path.exists() else ""
    if begin in text and end in text:
        text = text[:text.index(begin)] + section + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text)


def write_report(out, sizes, rows, imports, size, pw, conc, binary):
    names = [k for k in rows[sizes[0]] if k != "db_bytes"]
    floor = {n: rows[n]["--version"]["median"] for n in sizes}
    hfloor = {n: rows[n]["--version (harness)"]["median"] for n in sizes}
    lines = []
    w = lines.append
    w("# stepup benchmarks\n")
    w("Produced by `bench/run.sh` (which runs `python3 bench/bench.py`); numbers from one run.\n")
    w(f"- Machine: {machine()}")
    w(f"- Binary: `{binary.relative_to(ROOT) if binary.is_relative_to(ROOT) else binary}` "
      f"({binary.stat().st_size / 1e6:.1f} MB, release profile from Cargo.toml)")
    w(f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
    w("## Wall time per command (median, 10th–90th percentile)\n")
    w("Rows with *hyperfine* are timed by hyperfine -N; the others (they read a password on")
    w("standard input) by the Python harness, whose own floor is the `--version (harness)` row.")
    w("Each workspace also holds the benchmark's own 82 users (2 plain, 80 with TOTP).\n")
    w("| command | " + " | ".join(f"{n:,} users" for n in sizes) + " |")
    w("|---|" + "---|" * len(sizes))
    for name in names:
        cells = []
        for n in sizes:
            r = rows[n].get(name)
            cells.append(fmt(r) if r else "–")
        tag = " *(hyperfine)*" if name in ("--version", "policy show", "whoami", "method list") or "oathtool" in name else ""
        w(f"| {name}{tag} | " + " | ".join(cells) + " |")
    w("| database file | " + " | ".join(f"{rows[n]['db_bytes'] / 1e6:.1f} MB" for n in sizes) + " |\n")
    w("## Targets\n")
    big, small = sizes[-1], sizes[0]
    w("| target | measured | met |")
    w("|---|---|---|")
    for cmd in ("policy show", "whoami", "method list"):
        worst = max(rows[n][cmd]["median"] / floor[n] for n in sizes)
        w(f"| `{cmd}` within 1.5× of `--version` | worst {worst:.2f}× | {'yes' if worst <= 1.5 else 'no'} |")
    for cmd in ("policy show", "whoami", "method list", "login + TOTP, cheap argon2"):
        ratio = rows[big][cmd]["median"] / rows[small][cmd]["median"]
        w(f"| `{cmd}` at {big:,} users within 1.2× of {small:,} | {ratio:.2f}× | {'yes' if ratio <= 1.2 else 'no'} |")
    w(f"| ≤ 2 KiB per user with one method and 10 recovery codes | {size['compacted_per_user']:.0f} bytes per user in the whole file after `stepup compact` ({size['users']:,} users, audit log included); {size['per_user']:.0f} before it | {'yes' if size['compacted_per_user'] <= 2048 else 'no'} |")
    best = max(imports.values(), key=lambda i: i["users"])
    w(f"| import from PHC hashes ≥ 20,000 users/s | {best['per_s']:,.0f} users/s ({best['users']:,} users in {best['seconds']:.2f} s) | {'yes' if best['per_s'] >= 20000 else 'no'} |")
    w(f"| password import within 10 % of cores ÷ argon2 time | {pw['all cores']:.1f} users/s vs ideal {pw['ideal']:.1f} ({pw['efficiency'] * 100:.0f} %; argon2 {pw['argon2_ms']:.1f} ms on one core) | {'yes' if pw['efficiency'] >= 0.9 else 'no'} |")
    if conc:
        w(f"| zero failures under 16-way concurrency | {conc['failures']} failures in {conc['ops']:,} operations ({conc['ops_per_s']:.0f} ops/s) | {'yes' if conc['failures'] == 0 else 'no'} |")
    w("")
    w("## Database size per user\n")
    w(f"{size['users']:,} users, each enrolled with an authenticator app (so 10 recovery codes),")
    w("through the CLI (login, method enable, confirm, logout: six write transactions and four")
    w("audit events each, four processes at a time), then measured with `stepup stats` and again")
    w("after `stepup compact`.\n")
    w("| | bytes per user |")
    w("|---|---|")
    w(f"| user record (JSON with checksum) | {size['record_per_user']:.0f} |")
    w(f"| users table, with B-tree overhead and partly filled pages | {size['users_table_per_user']:.0f} |")
    w(f"| audit log ({size['audit_events']:,} events, 4 per user) | {size['audit_per_user']:.0f} |")
    w(f"| whole file, as the writes left it | {size['per_user']:.0f} |")
    w(f"| whole file after `stepup compact` | {size['compacted_per_user']:.0f} |\n")
    w("redb never shrinks the file by itself: pages freed by the many small transactions are kept")
    w("for reuse (the 1,000,000-user import, one transaction, leaves almost none). `stepup compact`")
    w("gives them back.\n")
    w("## Import throughput\n")
    w("| users in the file | seconds | users/s |")
    w("|---|---|---|")
    for n in sizes:
        i = imports[n]
        w(f"| {i['users']:,} (PHC hashes) | {i['seconds']:.2f} | {i['per_s']:,.0f} |")
    w(f"| {100 * os.cpu_count()} (passwords, one core; median of {pw['rounds']}) | | {pw['one core']:.1f} |")
    w(f"| {100 * os.cpu_count()} (passwords, all {os.cpu_count()} cores; median of {pw['rounds']}) | | {pw['all cores']:.1f} |\n")
    w("The argon2 time is the import's own time per password on one core (`taskset -c 0`),")
    w("which reuses its 19 MiB between hashes; a `login` pays more (a fresh process maps and")
    w("faults the memory in). The target compares the parallel import with that same work")
    w("spread perfectly over every core.")
    w("")
    if conc:
        w("## 16 concurrent processes\n")
        w(f"16 threads each running stepup in a loop for 10 s (user add, a failed login, whoami,")
        w(f"policy show, in turn; cheap argon2, so the database is what is shared) on the")
        w(f"{sizes[min(1, len(sizes) - 1)]:,}-user workspace: {conc['ops']:,} operations,")
        w(f"{conc['ops_per_s']:.0f} per second, {conc['failures']} failures; {conc['adds']:,} users added,")
        w(f"{conc['failed_logins']:,} failed logins counted.\n")
    profile = ROOT / "bench" / "release-profile.md"
    if profile.exists():
        w(profile.read_text())
        w("The chosen profile is in Cargo.toml. `panic = \"abort\"` is not taken: a panic inside redb")
        w("on a damaged file is caught and reported as a clean exit 1, which abort would turn into")
        w("SIGABRT, for half a megabyte and no measurable speed.\n")
    w("Regenerate with `bench/run.sh` (about 5 minutes; needs hyperfine, oathtool, python3), and")
    w("the release-profile table with `bench/profiles.sh` (about 8 minutes).")
    Path(out).write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
