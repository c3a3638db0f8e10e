"""Test fixture: a private PostgreSQL 15 server (Debian's postgresql-15) in a temporary
folder, on a unix socket only. As root it runs as nobody, since PostgreSQL refuses root.
Tests using it are skipped, and say why, only when the server binaries are missing."""
import atexit
import os
import pwd
import shutil
import subprocess
import tempfile
import unittest
import urllib.parse

BIN = "/usr/lib/postgresql/15/bin"
ROLE = "pwreset"

_running = set()


@atexit.register
def _stop_leftovers():
    for server in list(_running):
        server.stop()


class PostgresServer:
    def __init__(self):
        if not os.access(os.path.join(BIN, "pg_ctl"), os.X_OK):
            raise unittest.SkipTest(f"PostgreSQL 15 is not installed ({BIN}/pg_ctl missing)")
        self.dir = tempfile.mkdtemp(prefix="pwreset-pg-")
        self.data = os.path.join(self.dir, "data")
        self.as_user = []
        self.databases = 0
        # The socket folder: any local user the programs run as may reach the socket.
        os.chmod(self.dir, 0o755)
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(self.dir, nobody.pw_uid, nobody.pw_gid)
            self.as_user = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]

    def run(self, program, *args, input=None):
        """Runs a server program (initdb, pg_ctl, createdb, psql); returns its stdout."""
        done = subprocess.run([*self.as_user, os.path.join(BIN, program), *args], input=input,
                              capture_output=True, text=True, timeout=60, cwd=self.dir)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed ({done.returncode}):\n{done.stderr}")
        return done.stdout

    def start(self):
        try:
            self.run("initdb", "-D", self.data, "-U", ROLE, "--auth=trust", "-E", "UTF8", "--no-locale")
            self.start_server()
        except BaseException:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise
        _running.add(self)
        return self

    def start_server(self):
        """Starts the server on its data (again, after stop_server)."""
        self.run("pg_ctl", "-D", self.data, "-l", os.path.join(self.dir, "log"), "-w",
                 "-o", f"-k {self.dir} -c listen_addresses='' -F", "start")

    def stop_server(self):
        """Stops the server but keeps its data, as a database restart or outage would."""
        self.run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def stop(self):
        if self in _running:
            _running.discard(self)
            subprocess.run([*self.as_user, os.path.join(BIN, "pg_ctl"), "-D", self.data,
                            "-m", "immediate", "-w", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(self.dir, ignore_errors=True)

    def new_database(self):
        """An empty database of its own; returns its libpq URI, as the config takes it."""
        self.databases += 1
        name = f"site{self.databases}"
        self.run("createdb", "-h", self.dir, "-U", ROLE, name)
        query = urllib.parse.urlencode({"host": self.dir, "user": ROLE})
        return f"postgresql:///{name}?{query}"

    def sql(self, uri, statement):
        """Rows of one statement as lists of text (psql's unaligned output)."""
        out = self.run("psql", "-X", "-At", "-F", "\t", "-d", uri, "-c", statement)
        return [line.split("\t") for line in out.splitlines()]
