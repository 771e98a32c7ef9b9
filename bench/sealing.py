#!/usr/bin/env python3
"""What sealing costs: `login` with a TOTP code (cheap argon2, so the seal
is what differs) and `user import` of 10,000 users from PHC hashes, on a
plain workspace and on one sealed with `stepup key init`, in one run.
Replaces the sealing section of BENCHMARKS.md.

    bench/run.sh --sealing
    python3 bench/sealing.py --binary target/release/stepup
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench as b  # noqa: E402


def workspace(binary, folder, hashes, sealed):
    ws, root, secrets, _ = b.build_workspace(binary, folder, 10 + 2 * b.TOTP_USERS, hashes)
    if sealed:
        key = Path(folder) / "secrets.key"
        ws.json(["key", "init", str(key)], session=root)
        cfg = ws.dir / "config.toml"
        cfg.write_text(cfg.read_text() + f'[secrets]\nkey_file = "{key}"\n')
    return ws, root, secrets


def import_rate(ws, root, folder, hash_, count=10_000):
    path = Path(folder) / "more.jsonl"
    with path.open("w") as f:
        for i in range(count):
            f.write(json.dumps({"name": f"more{i:06d}", "password_hash": hash_}) + "\n")
    start = time.perf_counter()
    ws.json(["user", "import", str(path)], session=root)
    return count / (time.perf_counter() - start)


BEGIN = "## Sealed secrets: what the key costs"
END = "<!-- end of the sealing section -->"


def write(out, section):
    b.write_section(out, BEGIN, END, section)


def lock_timing(binary, folder, hashes, rounds=30):
    """The attempt that locks an account, for a real name (a notice is
    queued and the sender started) and for unknown names (the sender is
    started, finds nothing): wall time of that one `login`. Mail goes to a
    closed port; the sender runs detached, so it is not in the figure."""
    email = '[email]\ntransport = "smtp"\nurl = "smtp://127.0.0.1:9"\nfrom = "B <b@bench.example>"\n'
    ws, root, _, _ = b.build_workspace(binary, folder, 10 + 2 * b.TOTP_USERS, hashes)
    cfg = ws.dir / "config.toml"
    cfg.write_text(cfg.read_text() + email)
    for k, v in [("throttle.lockout_after", "2"), ("throttle.free_failures", "5")]:
        ws.json(["settings", "set", k, v], session=root)
    real, unknown = [], []
    for i in range(rounds):
        for name, out in [("plaincheap", real), (f"nobody{i:03d}", unknown)]:
            b.timed(ws, ["login", name, "--password-stdin"], "wrong wrong wrong\n", expect=3)
            out.append(b.timed(ws, ["login", name, "--password-stdin"], "wrong wrong wrong\n", expect=3))
        ws.json(["user", "unlock", "plaincheap"], session=root)
    return b.spread(real), b.spread(unknown)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--out", default=str(b.ROOT / "BENCHMARKS.md"))
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="stepup-seal-bench-"))
    hashes = {
        "default": b.phc_for(args.binary, work / "h-default", b.USER_PW, ""),
        "cheap": b.phc_for(args.binary, work / "h-cheap", b.USER_PW, b.CHEAP),
    }
    hashes["filler"] = hashes["cheap"]
    cheap_names = [f"cheap{i:03d}" for i in range(b.TOTP_USERS)]
    rows = []
    for sealed in (False, True):
        folder = work / ("sealed" if sealed else "plain")
        ws, root, secrets = workspace(args.binary, folder, hashes, sealed)
        login = b.login_with_totp(ws, cheap_names, secrets, 1)
        rate = import_rate(ws, root, folder, hashes["cheap"])
        rows.append((sealed, login, rate))
    lines = [
        BEGIN,
        "",
        f"File backend, {10 + 2 * b.TOTP_USERS} users; produced by `bench/run.sh --sealing` (`python3 bench/sealing.py`), one run.",
        f"Login: {b.TOTP_USERS} users, one `login --code` each; import: 10,000 users from a cheap PHC hash, one `user import`.",
        "",
        "| workspace | login + TOTP (cheap argon2), median (p10–p90) | user import, 10,000 PHC hashes |",
        "| --- | --- | --- |",
    ]
    for sealed, login, rate in rows:
        lines.append(f"| {'sealed (key init)' if sealed else 'plain'} | {b.fmt(login)} | {rate:,.0f} users/s |")
    real, unknown = lock_timing(args.binary, work / "lock", hashes)
    lines += [
        "",
        "The attempt that locks (`lockout_after = 2`), 30 rounds: a real name queues the",
        "\"account locked\" notice and starts the sender; an unknown name starts it too.",
        "",
        "| name | the locking `login`, median (p10–p90) |",
        "| --- | --- |",
        f"| real (notice queued) | {b.fmt(real)} |",
        f"| unknown | {b.fmt(unknown)} |",
        "",
        END,
    ]
    section = "\n".join(lines)
    write(args.out, section)
    print(section)


if __name__ == "__main__":
    main()
