#!/usr/bin/env python3
"""What sending an email code costs: `stepup method enable email` (which
sends one code and stops with exit 10) against a local aiosmtpd server, beside
the same command with the file transport (no network), and Python's smtplib
sending the same size of message to the same server, in one run. The SMTP
cost of stepup is the difference of its two rows. Replaces the email section
of BENCHMARKS.md.

    bench/run.sh --email          # needs python3-aiosmtpd (Debian) or pip's aiosmtpd
"""

import argparse
import smtplib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench as b  # noqa: E402

BEGIN = "## Email: sending a code"
END = "<!-- end of the email section -->"
USERS = 25


def server():
    from aiosmtpd.controller import Controller

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            return "250 OK"

    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    c = Controller(Sink(), hostname="127.0.0.1", port=port)
    c.start()
    return c, port


def workspace(binary, folder, email_cfg):
    ws = b.Workspace(binary, folder, b.CHEAP + email_cfg)
    ws.run(["init", "--admin", "root", "--password-stdin"], b.ADMIN_PW + "\n")
    root = ws.json(["login", "root", "--password-stdin", "--print-token"], b.ADMIN_PW + "\n")["token"]
    tokens = []
    for i in range(USERS):
        name = f"m{i:02d}"
        ws.json(["user", "add", name, "--email", f"{name}@bench.example", "--password-stdin"], b.USER_PW + "\n", session=root)
        tokens.append(ws.json(["login", name, "--password-stdin", "--print-token"], b.USER_PW + "\n")["token"])
    return ws, tokens


BODY = ("Subject: Bench verification code\r\nFrom: b@bench.example\r\nTo: x@bench.example\r\n\r\n"
        + "Your code:\r\n\r\n    123456\r\n\r\n" + "x" * 300 + "\r\n")


def smtplib_send(port):
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as s:
        s.sendmail("b@bench.example", ["x@bench.example"], BODY)
    return (time.perf_counter() - start) * 1000


def in_turn(port, ws_smtp, t_smtp, ws_file, t_file):
    """smtplib, stepup over SMTP and stepup to files, one send each in turn,
    so that the machine's drift falls on the three alike."""
    py, smtp, file = [], [], []
    for a, b_ in zip(t_smtp, t_file):
        py.append(smtplib_send(port))
        smtp.append(b.timed(ws_smtp, ["method", "enable", "email"], session=a, expect=10))
        file.append(b.timed(ws_file, ["method", "enable", "email"], session=b_, expect=10))
    return b.spread(py), b.spread(smtp), b.spread(file)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--out", default=str(b.ROOT / "BENCHMARKS.md"))
    args = ap.parse_args()
    try:
        ctl, port = server()
    except ImportError:
        sys.exit("bench: aiosmtpd is missing (apt-get install python3-aiosmtpd, or pip install aiosmtpd)")
    work = Path(tempfile.mkdtemp(prefix="stepup-email-bench-"))
    (work / "mail").mkdir()
    smtp_cfg = f'[email]\ntransport = "smtp"\nurl = "smtp://127.0.0.1:{port}"\nfrom = "B <b@bench.example>"\n[notify]\nenabled = false\n'
    file_cfg = f'[email]\ntransport = "file"\ndir = "{work / "mail"}"\nfrom = "B <b@bench.example>"\n[notify]\nenabled = false\n'
    ws_smtp, t_smtp = workspace(args.binary, work / "smtp", smtp_cfg)
    ws_file, t_file = workspace(args.binary, work / "file", file_cfg)
    py, smtp, file = in_turn(port, ws_smtp, t_smtp, ws_file, t_file)
    ctl.stop()
    extra = smtp["median"] - file["median"]
    lines = [
        BEGIN,
        "",
        f"One run of `bench/run.sh --email` (`python3 bench/mail.py`): {USERS} sends each, the three in turn, medians (p10–p90);",
        "aiosmtpd on 127.0.0.1. stepup's SMTP cost is its SMTP row minus its file row. Target: within 3 ms of smtplib.",
        "",
        "| what | time |",
        "| --- | --- |",
        f"| Python smtplib: connect, send, quit | {b.fmt(py)} |",
        f"| `stepup method enable email`, SMTP | {b.fmt(smtp)} |",
        f"| `stepup method enable email`, file transport | {b.fmt(file)} |",
        f"| stepup's SMTP cost (difference of medians) | {extra:.2f} ms |",
        "",
        END,
    ]
    section = "\n".join(lines)
    b.write_section(args.out, BEGIN, END, section)
    print(section)


if __name__ == "__main__":
    main()
