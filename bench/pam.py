#!/usr/bin/env python3
"""One `pamtester` authentication with a TOTP code through pam_stepup.so,
beside pam_google_authenticator (Debian libpam-google-authenticator),
measured the same way in the same run: wall time of the whole pamtester
process, and its durable syncs (strace -f -c -e trace=fsync,fdatasync).

Runs as root in a private mount namespace with its own copy of /etc (the
PAM services and the benchmark's OS users never touch the machine's), and
replaces the PAM section of BENCHMARKS.md.

    bench/run.sh --pam
    python3 bench/pam.py --binary target/release/stepup --module target/release/libpam_stepup.so
"""

import argparse
import base64
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench as b  # noqa: E402

BEGIN = "<!-- pam: begin (bench/pam.py) -->"
END = "<!-- pam: end -->"
GA = "/lib/x86_64-linux-gnu/security/pam_google_authenticator.so"
PW = "bench passphrase 7 lamps"


class Host:
    """A private /etc in a mount namespace kept in a file."""

    def __init__(self, root):
        self.root = Path(root)
        subprocess.run(["cp", "-a", "/etc", str(self.root / "etc")], check=True)
        ns = self.root / "ns"
        ns.mkdir()
        subprocess.run(["mount", "--bind", str(ns), str(ns)], check=True)
        subprocess.run(["mount", "--make-private", str(ns)], check=True)
        (ns / "mnt").touch()
        self.ns = ns / "mnt"
        subprocess.run(["unshare", f"--mount={self.ns}", "--propagation", "private", "--",
                        "mount", "--bind", str(self.root / "etc"), "/etc"], check=True)

    def cmd(self, args):
        return ["nsenter", f"--mount={self.ns}", "--"] + args

    def close(self):
        subprocess.run(["umount", str(self.ns)], check=False)
        subprocess.run(["umount", str(self.root / "ns")], check=False)


def run(cmd, stdin="", check=True):
    p = subprocess.run(cmd, input=stdin.encode(), capture_output=True)
    if check and p.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed ({p.returncode}):\n{p.stdout.decode()}{p.stderr.decode()}")
    return p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="target/release/stepup")
    ap.add_argument("--module", default="target/release/libpam_stepup.so")
    ap.add_argument("--users", type=int, default=25)
    ap.add_argument("--out", default="BENCHMARKS.md")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("bench: pam.py needs root (a mount namespace, PAM services, OS users)")
    for tool in ["pamtester", "strace", "oathtool"]:
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} is missing (apt-get install pamtester strace oathtool)")
    if not Path(GA).exists():
        sys.exit("bench: pam_google_authenticator is missing (apt-get install libpam-google-authenticator)")
    binary = str(Path(args.binary).resolve())
    module = str(Path(args.module).resolve())
    tmp = tempfile.mkdtemp(prefix="stepup-pam-bench-")
    os.chmod(tmp, 0o755)
    host = Host(tmp)
    try:
        report = measure(host, Path(tmp), binary, module, args.users)
    finally:
        host.close()
        shutil.rmtree(tmp, ignore_errors=True)
    write(args.out, report)
    print(report)


def measure(host, tmp, binary, module, n):
    db = tmp / "stepup.redb"
    env = {"HOME": str(tmp / "home"), "PATH": "/usr/bin:/bin", "STEPUP_DB": str(db),
           "STEPUP_CONFIG": str(tmp / "config.toml")}
    (tmp / "home").mkdir()
    # The workspace's own argon2 is not on the PAM path (no password there).
    (tmp / "config.toml").write_text(b.CHEAP)
    e = lambda: {**env}  # noqa: E731
    st = lambda a, stdin="", check=True: subprocess.run(  # noqa: E731
        [binary] + a, input=stdin.encode(), capture_output=True, env=e(), check=False)
    p = st(["init", "--admin", "root", "--password-stdin"], PW + "\n")
    assert p.returncode == 0, p.stderr
    root = json.loads(st(["login", "root", "--password-stdin", "--print-token", "--json"], PW + "\n").stdout)["token"]
    secrets = {}
    for i in range(n):
        name = f"u{i:02d}"
        p = subprocess.run([binary, "user", "add", name, "--password-stdin"], input=(PW + "\n").encode(),
                           capture_output=True, env={**env, "STEPUP_SESSION": root})
        assert p.returncode == 0, p.stderr
        tok = json.loads(st(["login", name, "--password-stdin", "--print-token", "--json"], PW + "\n").stdout)["token"]
        env2 = {**env, "STEPUP_SESSION": tok}
        p = subprocess.run([binary, "method", "enable", "totp", "--json"], capture_output=True, env=env2)
        secret = json.loads(p.stdout)["secret"]
        code = b.totp(secret)
        p = subprocess.run([binary, "method", "enable", "totp", "--code", code], capture_output=True, env=env2)
        assert p.returncode == 0, p.stderr
        secrets[name] = secret
        # The same secret for google-authenticator, for an OS user of that name.
        run(host.cmd(["useradd", "--home-dir", str(tmp / "ga" / name), "--create-home", name]))
        ga_file = tmp / "ga" / name / ".google_authenticator"
        ga_file.write_text(f"{secret}\n\" RATE_LIMIT 3 30\n\" DISALLOW_REUSE\n\" TOTP_AUTH\n")
        uid = int(run(host.cmd(["id", "-u", name])).stdout)
        gid = int(run(host.cmd(["id", "-g", name])).stdout)
        os.chown(ga_file, uid, gid)
        os.chown(ga_file.parent, uid, gid)
        os.chmod(ga_file, 0o400)
    pamd = tmp / "etc" / "pam.d"
    (pamd / "bench-stepup").write_text(f"auth required {module} db={db}\naccount required pam_permit.so\n")
    (pamd / "bench-ga").write_text(f"auth required {GA}\naccount required pam_permit.so\n")

    def one(service, user, code, trace=False):
        cmd = ["pamtester", service, user, "authenticate"]
        if trace:
            cmd = ["strace", "-f", "-c", "-e", "trace=fsync,fdatasync", "-o", str(tmp / "strace.txt")] + cmd
        t0 = time.perf_counter()
        p = subprocess.run(host.cmd(cmd), input=(code + "\n").encode(), capture_output=True)
        ms = (time.perf_counter() - t0) * 1000
        ok = b"successfully authenticated" in p.stdout + p.stderr
        syncs = None
        if trace:
            text = (tmp / "strace.txt").read_text()
            syncs = sum(int(m.group(1)) for m in re.finditer(r"^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?f(?:data)?sync", text, re.M))
        return ms, ok, syncs

    # Each user once per service per step: both modules refuse a step twice.
    times = {"bench-stepup": [], "bench-ga": []}
    fails = {"bench-stepup": 0, "bench-ga": 0}
    names = list(secrets)
    for name in names[:-1]:
        code = b.totp(secrets[name], step_offset=1)
        for svc in times:
            ms, ok, _ = one(svc, name, code)
            if ok:
                times[svc].append(ms)
            else:
                fails[svc] += 1
    last = names[-1]
    code = b.totp(secrets[last], step_offset=1)
    syncs = {svc: one(svc, last, code, trace=True)[2] for svc in times}
    rows = []
    for svc, label in [("bench-stepup", "pam_stepup.so (file workspace)"), ("bench-ga", "pam_google_authenticator")]:
        t = sorted(times[svc])
        med = statistics.median(t) if t else float("nan")
        lo = t[len(t) // 10] if t else float("nan")
        hi = t[(len(t) * 9) // 10] if t else float("nan")
        rows.append(f"| {label} | {med:.2f} ms ({lo:.2f}–{hi:.2f}) | {syncs[svc]} | {len(t)} ok, {fails[svc]} failed |")
    return "\n".join([
        BEGIN, "", "## PAM: pam_stepup.so beside pam_google_authenticator", "",
        f"{b.machine()}; one `pamtester SERVICE USER authenticate` with a valid TOTP code on its input, "
        f"wall time of the whole process (pamtester, PAM, the module), {len(names) - 1} users each once per module "
        "(both refuse a step twice), alternating; syncs counted with `strace -f -c -e trace=fsync,fdatasync` on one more run.", "",
        "| module | median (10th–90th percentile) | durable syncs | runs |", "|---|---|---|---|",
        *rows, "", "Regenerate with `bench/run.sh --pam` (root).", "", END])


def write(out, section):
    b.write_section(out, BEGIN, END, section)


if __name__ == "__main__":
    main()
