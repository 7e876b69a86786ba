#!/usr/bin/env python3
"""Fault drills for email delivery (issue 17, items 4 and 5), against the release binary.

    bench/drills/mail_faults.py smtp-outage [--outage 60] [--messages 1500]
    bench/drills/mail_faults.py kill9 --backend postgres|sqlite [--messages 1500]

smtp-outage: a node on SQLite with a real SMTP server (aiosmtpd, as bench/run uses);
the SMTP server is stopped, a bulk invitation of --messages rows is confirmed through
the API (its emails queue), the server stays down --outage seconds and comes back on
the same port. Prints the time from its return to the last email received, the WARN
lines the node logged, and emails lost and doubled (by Message-ID).

kill9: emails go to a slow SMTP server (each message held DRILL_SMTP_DELAY seconds,
default 0.5) so that many are on the wire; the node is killed with SIGKILL mid-delivery.
On PostgreSQL a second node shares the database and takes the dead node's messages over
when their lease lapses; on SQLite the same node is started again at once. Prints the
time from the kill until every message the dead node held has gone out, and emails
lost and doubled.

Needs `cargo build --release -p entente` (into $CARGO_TARGET_DIR or target/) and, for
PostgreSQL, a server at $ENTENTE_BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432/test;
a fresh database is made beside it and dropped). Python's standard library only;
aiosmtpd 1.4.6 is installed into a virtual environment under the target directory.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
# DRILL_ENTENTE names another binary (say, a copy kept while others build into a
# shared target directory).
ENTENTE = os.environ.get("DRILL_ENTENTE", os.path.join(TARGET, "release", "entente"))
VENV = os.path.join(TARGET, "aiosmtpd-1.4.6")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def aiosmtpd_python():
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python) or subprocess.run(
            [python, "-c", "import aiosmtpd"], capture_output=True).returncode != 0:
        print(f"installing aiosmtpd 1.4.6 into {VENV}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "aiosmtpd==1.4.6"], check=True)
    return python


class Smtp:
    """aiosmtpd storing each message's bytes in a maildir (bench/drills/smtp_drill.py)."""

    def __init__(self, work, delay=0.0):
        self.port = free_port()
        self.maildir = os.path.join(work, "maildir")
        self.delay = delay
        self.process = None
        self.log = open(os.path.join(work, "smtp.log"), "ab")

    def start(self):
        env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.abspath(__file__)),
                   DRILL_SMTP_DELAY=str(self.delay))
        self.process = subprocess.Popen(
            [aiosmtpd_python(), "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{self.port}",
             "-c", "smtp_drill.DrillMaildir", self.maildir],
            env=env, stdout=self.log, stderr=self.log)
        wait_for(lambda: port_open(self.port), 20, "aiosmtpd listens")

    def stop(self):
        if self.process:
            self.process.kill()
            self.process.wait()
            self.process = None

    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    def message_ids(self):
        """Message-IDs of the messages received, one entry per copy."""
        ids = []
        new = os.path.join(self.maildir, "new")
        for name in os.listdir(new) if os.path.isdir(new) else []:
            with open(os.path.join(new, name), "rb") as f:
                head = f.read(8192).decode("utf-8", "replace")
            found = re.search(r"^Message-ID:\s*<([^>]+)>", head, re.M | re.I)
            ids.append(found.group(1) if found else name)
        return ids


def port_open(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_for(probe, timeout, what):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = probe()
        if value:
            return value
        time.sleep(0.05)
    raise SystemExit(f"gave up after {timeout} s waiting for: {what}")


class Node:
    def __init__(self, work, name, database_url, smtp_url, master_key_file=None):
        self.dir = os.path.join(work, name)
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url
        self.smtp_url = smtp_url
        self.master_key_file = master_key_file or os.path.join(self.dir, "master.key")
        self.log_path = os.path.join(self.dir, "server.log")
        self.process = None

    def common(self):
        return ["--data-dir", self.dir, "--database-url", self.database_url,
                "--public-url", self.base, "--listen", f"127.0.0.1:{self.port}",
                "--master-key-file", self.master_key_file]

    def bootstrap(self):
        password = os.path.join(self.dir, "password")
        with open(password, "w") as f:
            f.write("drill admin password, long enough")
        out = subprocess.run([ENTENTE, "bootstrap", *self.common(), "--tenant", "Drill",
                              "--admin-email", "admin@drill.example",
                              "--admin-password-file", password],
                             check=True, capture_output=True, env={"PATH": os.environ["PATH"]})
        return json.loads(out.stdout)

    def serve(self):
        log = open(self.log_path, "ab")
        env = {"PATH": os.environ["PATH"], "RUST_LOG": "info"}
        self.process = subprocess.Popen([ENTENTE, "serve", *self.common(), "--smtp-url", self.smtp_url, "--mail-domain", "drill.example"],
                                        stdout=log, stderr=log, env=env)
        wait_for(lambda: http_ok(self.base + "/healthz"), 60, "the node answers")

    def kill(self, sig):
        self.process.send_signal(sig)
        code = self.process.wait()
        self.process = None
        return code

    def log_lines(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            # Without colours: the pretty log format paints the level.
            return re.sub(r"\x1b\[[0-9;]*m", "", f.read()).splitlines()


def http_ok(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except Exception:
        return False


def request(method, url, token=None, body=None, headers=None, auth=None):
    headers = dict(headers or {})
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if auth:
        import base64
        headers["Authorization"] = "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    with urllib.request.urlopen(req, timeout=120) as r:
        return r.status, r.read()


def token(node, boot):
    body = urllib.parse.urlencode({"grant_type": "client_credentials",
                                   "scope": f"{node.base}/.default"}).encode()
    _, out = request("POST", f"{node.base}/{boot['tenantId']}/oauth2/v2.0/token", body=body,
                     headers={"Content-Type": "application/x-www-form-urlencoded"},
                     auth=(boot["clientId"], boot["clientSecret"]))
    return json.loads(out)["access_token"]


def bulk_invite(node, access, count):
    """Uploads and confirms one CSV file of `count` guests; returns (status, seconds)."""
    csv = "Email,DisplayName\n" + "".join(
        f"guest{i}-{uuid.uuid4().hex[:6]}@fabrikam.example,Guest {i}\n" for i in range(count))
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"g.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n").encode()
    started = time.monotonic()
    status, out = request("POST", f"{node.base}/v1.0/invitations/bulk", token=access, body=body,
                          headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 201, out
    batch = json.loads(out)["id"]
    status, out = request("POST", f"{node.base}/v1.0/invitations/bulk/{batch}/confirm", token=access)
    return status, time.monotonic() - started


def metrics(node):
    try:
        with urllib.request.urlopen(node.base + "/metrics", timeout=5) as r:
            text = r.read().decode()
    except Exception:
        return {}
    values = {}
    for line in text.splitlines():
        if line.startswith("entente_outbox") or line.startswith("entente_mail"):
            name, _, value = line.rpartition(" ")
            values[name] = float(value)
    return values


def warn_lines(node):
    return [line for line in node.log_lines() if " WARN " in line or '"WARN"' in line]


def halt_lines(node):
    return [line for line in node.log_lines() if "email delivery halted" in line or "email delivery resumed" in line]


def smtp_outage(args):
    work = tempfile.mkdtemp(prefix="entente-drill-")
    smtp = Smtp(work)
    smtp.start()
    node = Node(work, "node", f"sqlite://{work}/entente.db", smtp.url())
    boot = node.bootstrap()
    node.serve()
    access = token(node, boot)
    try:
        smtp.stop()
        down = time.monotonic()
        status, took = bulk_invite(node, access, args.messages)
        print(f"SMTP down; bulk invitation of {args.messages} confirmed during the outage: "
              f"HTTP {status} in {took:.1f} s")
        samples = []
        while time.monotonic() - down < args.outage:
            m = metrics(node)
            samples.append(m)
            time.sleep(min(5, max(0.1, args.outage - (time.monotonic() - down))))
        during = samples[-1] if samples else {}
        print("metrics at the end of the outage: " + ", ".join(
            f"{k.replace('entente_outbox_messages', 'messages')}={v:g}" for k, v in sorted(during.items())))
        smtp.start()
        back = time.monotonic()
        print(f"SMTP back after {back - down:.1f} s")
        ids = wait_for(lambda: (lambda i: i if len(set(i)) >= args.messages else None)(smtp.message_ids()),
                       args.outage + 900, "every email arrives")
        drained = time.monotonic()
        time.sleep(3)
        ids = smtp.message_ids()
        after = metrics(node)
        warns = warn_lines(node)
        print(f"drained {drained - back:.1f} s after SMTP returned")
        print(f"WARN lines during the drill: {len(warns)}")
        for line in halt_lines(node):
            print("   ", line[:300])
        for line in warns[:5]:
            print("   ", line[:240])
        print(f"emails: {len(set(ids))} distinct of {args.messages} queued, lost {args.messages - len(set(ids))}, "
              f"doubled {len(ids) - len(set(ids))}")
        print("metrics after: halted={} pending={} retry_waiting={} sent={}".format(
            after.get("entente_mail_delivery_halted"),
            after.get('entente_outbox_messages{status="pending"}'),
            after.get('entente_outbox_messages{status="retry_waiting"}'),
            after.get('entente_outbox_messages{status="sent"}')))
    finally:
        if node.process:
            node.kill(signal.SIGTERM)
        smtp.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")


def psql(url, sql):
    return subprocess.run(["psql", url, "-Atqc", sql], check=True, capture_output=True,
                          text=True).stdout.strip()


def kill9(args):
    work = tempfile.mkdtemp(prefix="entente-drill-")
    smtp = Smtp(work, delay=args.smtp_delay)
    smtp.start()
    admin_url = os.environ.get("ENTENTE_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/test")
    pg_database = None
    if args.backend == "postgres":
        pg_database = f"entente_drill_{os.getpid()}"
        psql(admin_url, f"CREATE DATABASE {pg_database}")
        database_url = admin_url.rsplit("/", 1)[0] + "/" + pg_database
    else:
        database_url = f"sqlite://{work}/entente.db"

    def query(sql):
        if pg_database:
            return psql(database_url, sql)
        return subprocess.run(["sqlite3", f"{work}/entente.db", sql], check=True,
                              capture_output=True, text=True).stdout.strip()

    a = Node(work, "a", database_url, smtp.url())
    others = []
    try:
        boot = a.bootstrap()
        a.serve()
        if args.backend == "postgres":
            b = Node(work, "b", database_url, smtp.url(), master_key_file=a.master_key_file)
            b.serve()
            others.append(b)
        access = token(a, boot)
        status, took = bulk_invite(a, access, args.messages)
        print(f"bulk invitation of {args.messages}: HTTP {status} in {took:.1f} s")
        node_a = open(os.path.join(a.dir, "node-id")).read().strip()
        # Mid-delivery: once a fifth has arrived.
        wait_for(lambda: len(smtp.message_ids()) >= args.messages // 5, 600, "delivery under way")
        a.kill(signal.SIGKILL)
        killed = time.monotonic()
        held = query(f"SELECT id FROM outbox WHERE status = 'sending' AND claimed_by LIKE '{node_a}/%'").split()
        print(f"node A killed (SIGKILL) holding {len(held)} claimed emails; "
              f"{len(set(smtp.message_ids()))} delivered so far")
        if args.backend == "sqlite":
            time.sleep(args.restart_after)
            a.serve()
            print(f"node A started again {time.monotonic() - killed:.1f} s after the kill")
        id_list = ",".join(f"'{i}'" for i in held) or "''"
        wait_for(lambda: query(f"SELECT COUNT(*) FROM outbox WHERE id IN ({id_list}) AND status = 'sent'")
                 == str(len(held)), 600, "the held emails go out")
        held_out = time.monotonic() - killed
        wait_for(lambda: len(set(smtp.message_ids())) >= args.messages, 900, "every email arrives")
        all_out = time.monotonic() - killed
        time.sleep(2)
        ids = smtp.message_ids()
        print(f"the {len(held)} held emails went out {held_out:.1f} s after the kill; "
              f"all {args.messages} by {all_out:.1f} s")
        print(f"emails: {len(set(ids))} distinct of {args.messages}, lost {args.messages - len(set(ids))}, "
              f"doubled {len(ids) - len(set(ids))} (same Message-ID)")
        restarted_line = next((l for l in a.log_lines() if "earlier run of this node" in l), None)
        if restarted_line:
            print("   ", restarted_line[:240])
    finally:
        for node in [a, *others]:
            if node.process:
                node.kill(signal.SIGTERM)
        smtp.stop()
        if pg_database:
            psql(admin_url, f"DROP DATABASE IF EXISTS {pg_database} WITH (FORCE)")
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="drill", required=True)
    outage = sub.add_parser("smtp-outage")
    outage.add_argument("--outage", type=float, default=60)
    outage.add_argument("--messages", type=int, default=1500)
    outage.add_argument("--keep", action="store_true")
    k9 = sub.add_parser("kill9")
    k9.add_argument("--backend", choices=["postgres", "sqlite"], required=True)
    k9.add_argument("--messages", type=int, default=1500)
    k9.add_argument("--smtp-delay", type=float, default=float(os.environ.get("DRILL_SMTP_DELAY", "0.5")))
    k9.add_argument("--restart-after", type=float, default=1.0)
    k9.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if not os.access(ENTENTE, os.X_OK):
        raise SystemExit(f"{ENTENTE} is missing: cargo build --release -p entente")
    print(f"machine: {os.cpu_count()} cores, {os.uname().sysname} {os.uname().release}; binary {ENTENTE}")
    {"smtp-outage": smtp_outage, "kill9": kill9}[args.drill](args)


if __name__ == "__main__":
    main()
