"""The main page rows against PostgreSQL on a local socket beside the same rows against
SQLite: a private PostgreSQL 15 server as the integration tests start it, two sites, and
each page's wrk runs taken in turn on both, so a busy moment on the machine hits both alike."""
import os
import sys
import unittest
import urllib.parse

from common import ROOT, ROUNDS, SECONDS, say
from instance import Instance
from load import median_run, wrk

sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
import postgres  # noqa: E402  (the tests' server fixture)

PAGES = ["GET /reset_password", "POST /reset_password (unknown email)"]


def installed():
    return os.access(os.path.join(postgres.BIN, "pg_ctl"), os.X_OK)


def targets(site):
    """The pages under load on one site, as wrk takes them; the POST's form is checked first."""
    cookie, csrf = site.form("/reset_password")
    body = urllib.parse.urlencode({"email": "nobody@example.org", "csrf_token": csrf})
    if b"There is no account with that email" not in site.post("/reset_password", body, cookie)[1]:
        raise SystemExit("bench: POST /reset_password with an unknown email showed no form error")
    return [("/reset_password", None, ()), ("/reset_password", "post.lua", (body, cookie))]


def run_postgresql(root, build, rounds=ROUNDS):
    """Rows for PAGES on SQLite and on PostgreSQL; each PostgreSQL row's ratio is to the
    SQLite run of the same round."""
    try:
        server = postgres.PostgresServer().start()
    except (unittest.SkipTest, RuntimeError) as why:
        raise SystemExit(f"bench: cannot start PostgreSQL: {why}")
    sites = {}
    try:
        sites["SQLite"] = Instance(os.path.join(root, "pg-sqlite"))
        sites["PostgreSQL"] = Instance(os.path.join(root, "pg-postgresql"), database=server.new_database())
        for site in sites.values():
            site.start(build)
            site.tune_nginx()
        loads = {engine: targets(site) for engine, site in sites.items()}
        runs = {(page, engine): [] for page in PAGES for engine in sites}
        for number in range(rounds):
            for index, page in enumerate(PAGES):
                for engine, site in sites.items():
                    path, script, args = loads[engine][index]
                    if number == 0:
                        wrk(site, path, 1, script, args)  # warms caches and connections
                    runs[page, engine].append(wrk(site, path, SECONDS, script, args))
        say("  (ratios: to the SQLite run of the same round)")
        return [median_run(f"{page}, {engine}", runs[page, engine], runs[page, "SQLite"])
                for page in PAGES for engine in sites]
    finally:
        for site in sites.values():
            site.stop()
        server.stop()


def postgresql_table(rows):
    lines = ["| what | requests/s | p50 ms | p99 ms | of SQLite | each run, requests/s |",
             "|---|---:|---:|---:|---:|---|"]
    for row in rows:
        spread = ", ".join(f"{rps:.0f}" for rps in row["spread"])
        lines.append(f"| {row['label']} | {row['rps']:.0f} | {row['p50']:.2f} | {row['p99']:.2f} | "
                     f"{row['ratio']:.0%} | {spread} |")
    return lines


def postgresql_targets(rows, verdict):
    get = next(row for row in rows if row["label"] == "GET /reset_password, PostgreSQL")
    return [verdict(get["ratio"] >= 0.8,
                    f"GET /reset_password with PostgreSQL on a local socket at {get['ratio']:.0%} "
                    "of SQLite (>= 80%)")]
