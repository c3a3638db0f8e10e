"""Settings shared by the benchmark modules, from the environment (see bench/run)."""
import os
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("PWRESET_BUILD", os.path.join(ROOT, "build"))
STATIC_BUILD = os.path.join(BUILD, "static")
TOOL = os.path.join(BUILD, "pwreset")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

WORKERS = int(os.environ.get("WORKERS", "2"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
BCRYPT_SECONDS = float(os.environ.get("BENCH_BCRYPT_SECONDS", "10"))

THREADS, CONNECTIONS = 2, 16
COST = 12
MEMORY_REQUESTS = 100_000  # per worker, before its memory is read
CGI_RUNS = 100
NEW_PASSWORD = "Quartz-lantern-Velvet-9183"


def say(text):
    print(text, flush=True)
