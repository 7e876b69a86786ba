#!/usr/bin/env python3
"""Why a 2,000-row file into a populated tenant costs more than into an empty one.

A model of the users table of a bulk invitation, in Python's sqlite3 (same pragmas as
Entente: WAL, synchronous NORMAL, 64 MiB cache, no automatic checkpoint, mmap): ten
files of 2,000 rows into one tenant, and three files into new, empty tenants of the
same database (before files 2, 6 and 9, like `bench/run invite`). Three variants:

* `random`: the indexes Entente keeps, prefixed by the tenant and ordered by a key
  that is random with respect to time (principal name, address);
* `sorted`: the same, each file's rows inserted in address order;
* `no-random`: only the time-ordered indexes (id, tenant + id).

It prints, per variant, the median over runs of (total of the ten files) / (median of
the empty tenants' files). With the random-key indexes that ratio stays well over 10,
sorted or not; without them it is about 10. Run: python3 bench/models/tenant_index_step.py
"""

import os
import sqlite3
import statistics
import tempfile
import time
import uuid

ROWS = 2000
RUNS = 5


def run(variant: str, path: str) -> float:
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)
    for pragma in (
        "journal_mode=WAL",
        "synchronous=NORMAL",
        "cache_size=-65536",
        "wal_autocheckpoint=0",
        "mmap_size=1073741824",
    ):
        db.execute(f"PRAGMA {pragma}")
    db.execute(
        "CREATE TABLE users (id TEXT PRIMARY KEY, tenant_id TEXT, upn_lower TEXT, "
        "mail_lower TEXT, display_name TEXT, rest TEXT)"
    )
    if variant != "no-random":
        db.execute("CREATE UNIQUE INDEX users_upn ON users (tenant_id, upn_lower)")
        db.execute("CREATE INDEX users_mail ON users (tenant_id, mail_lower, id)")
    db.execute("CREATE INDEX users_page ON users (tenant_id, id)")
    sequence = iter(range(10**9))

    def file(tenant: str, number: int) -> float:
        rows = []
        for i in range(ROWS):
            mail = f"guest{i}.{number}.run@partner{i % 50}.example"
            upn = mail.replace("@", "_") + "#ext#@contoso.example"
            rows.append((f"{next(sequence):016d}", tenant, upn, mail, f"Guest {number}-{i}", "x" * 300))
        if variant == "sorted":
            rows.sort(key=lambda row: row[3])
        start = time.perf_counter()
        db.execute("BEGIN")
        db.executemany("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)", rows)
        db.execute("COMMIT")
        took = time.perf_counter() - start
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return took

    grown, empty = str(uuid.uuid4()), []
    total = 0.0
    for number in range(10):
        if number in (1, 5, 8):
            empty.append(file(str(uuid.uuid4()), 0))
        total += file(grown, number)
    db.close()
    return total / statistics.median(empty)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "model.db")
        ratios = {variant: [] for variant in ("random", "sorted", "no-random")}
        for _ in range(RUNS):
            for variant in ratios:
                ratios[variant].append(run(variant, path))
        print(f"sqlite {sqlite3.sqlite_version}, {RUNS} runs each")
        for variant, values in ratios.items():
            shown = " ".join(f"{v:.2f}" for v in sorted(values))
            print(f"{variant:>9}: ten files / empty-tenant file = {statistics.median(values):.2f} ({shown})")
