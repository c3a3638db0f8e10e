"""Shared by the admin command tests: a temp site (secret, config, database, stand-in
sendmail), flaskblog's exact DDL, and a TestCase that checks the one-line error rule."""
import base64
import json
import os
import sqlite3
import stat
import subprocess
import tempfile
import unittest

import bcrypt

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("PWRESET_BUILD", os.path.join(ROOT, "build"))
PWRESET = os.path.join(BUILD, "pwreset")
VECTORS = os.path.join(ROOT, "tests", "data", "itsdangerous-tokens.json")

SECRET = "integration-secret-0123456789abcdef-xyz"
BASE_URL = "http://127.0.0.1:5000"

# Exactly what Flask-SQLAlchemy's create_all() writes for flaskblog's models.
USER_DDL = ("CREATE TABLE user (\n\tid INTEGER NOT NULL, \n\tusername VARCHAR(20) NOT NULL, \n"
            "\temail VARCHAR(120) NOT NULL, \n\timage_file VARCHAR(20) NOT NULL, \n"
            "\tpassword VARCHAR(60) NOT NULL, \n\tPRIMARY KEY (id), \n\tUNIQUE (username), \n"
            "\tUNIQUE (email)\n)")
POST_DDL = ("CREATE TABLE post (\n\tid INTEGER NOT NULL, \n\ttitle VARCHAR(100) NOT NULL, \n"
            "\tdate_posted DATETIME NOT NULL, \n\tcontent TEXT NOT NULL, \n"
            "\tuser_id INTEGER NOT NULL, \n\tPRIMARY KEY (id), \n"
            "\tFOREIGN KEY(user_id) REFERENCES user (id)\n)")


def load_vectors():
    with open(VECTORS, encoding="utf-8") as f:
        return json.load(f)


def b64decode(part):
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


class Site:
    """A temp directory with a secret, a config and (optionally) a database."""

    def __init__(self, directory, secret=SECRET, **settings):
        self.dir = directory
        self.secret = secret
        self.secret_file = self.path("secret")
        self.write("secret", secret.encode("utf-8") + b"\n")
        os.chmod(self.secret_file, 0o600)  # as INSTALL says: config check refuses any wider
        self.database = self.path("site.db")
        self.mail_out = self.path("mail.out")
        self.sendmail = self.script("sendmail", f'#!/bin/sh\ncat > "{self.mail_out}"\n')
        self.settings = {
            "secret_key_file": self.secret_file,
            "database": self.database,
            "base_url": BASE_URL + "/",
            "sendmail": self.sendmail + " -t -i",
            "mail_from": "blog@example.org",
            "bcrypt_cost": "4",
        }
        self.settings.update(settings)
        self.write_config()

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, data):
        with open(self.path(name), "wb") as f:
            f.write(data)
        return self.path(name)

    def script(self, name, text):
        path = self.write(name, text.encode())
        os.chmod(path, stat.S_IRWXU)
        return path

    def write_config(self):
        lines = [f"{key} = {value}" for key, value in self.settings.items() if value is not None]
        self.config = self.write("pwreset.conf", ("\n".join(lines) + "\n").encode())

    def run(self, *args, stdin=b"", config=True, env=None):
        argv = [PWRESET] + (["--config", self.config] if config else []) + list(args)
        environment = {k: v for k, v in os.environ.items() if k != "PWRESET_CONFIG"}
        environment.update(env or {})
        proc = subprocess.run(argv, input=stdin, capture_output=True, cwd=self.dir, env=environment,
                              timeout=60)
        # No output of any verb ever shows the secret.
        assert self.secret.encode() not in proc.stdout + proc.stderr, proc
        return proc

    def users(self):
        with sqlite3.connect(self.database) as db:
            return db.execute("SELECT id, username, email, image_file, password FROM user "
                              "ORDER BY id").fetchall()

    def make_flaskblog_db(self):
        hashed = bcrypt.hashpw(b"flaskpass", bcrypt.gensalt(4)).decode()
        db = sqlite3.connect(self.database)
        db.execute(USER_DDL)
        db.execute(POST_DDL)
        db.executemany("INSERT INTO user VALUES (?, ?, ?, ?, ?)", [
            (1, "corey", "corey@demo.com", "default.jpg", hashed),
            (2, "testuser", "test@demo.com", "3f1a2b.png", hashed),
        ])
        db.executemany("INSERT INTO post VALUES (?, ?, ?, ?, ?)", [
            (1, "Blog 1", "2018-06-02 19:22:37.431296", "First post content", 1),
            (2, "Blog 2", "2018-06-03 08:00:00.000000", "Second post\nwith two lines", 2),
        ])
        db.commit()
        db.close()


def flaskblog_snapshot(database):
    with sqlite3.connect(database) as db:
        ddl = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                         "AND name IN ('user', 'post') ORDER BY name").fetchall()
        rows = [db.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("user", "post")]
    return ddl, rows


def schema(database):
    with sqlite3.connect(database) as db:
        return db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall()


class CliTestCase(unittest.TestCase):
    def setUp(self):
        self.assertTrue(os.access(PWRESET, os.X_OK), f"{PWRESET} not built")
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.tmp = tmp.name

    def site(self, name="site", **settings):
        directory = os.path.join(self.tmp, name)
        os.mkdir(directory)
        return Site(directory, **settings)

    def assert_ok(self, proc):
        self.assertEqual(proc.returncode, 0, proc.stderr.decode())
        self.assertEqual(proc.stderr, b"")

    def assert_refused(self, proc, code=None):
        """A non-zero exit (code when given) and exactly one line on stderr."""
        if code is None:
            self.assertNotEqual(proc.returncode, 0, proc.stdout)
        else:
            self.assertEqual(proc.returncode, code, proc.stderr.decode())
        self.assertTrue(proc.stderr.startswith(b"pwreset: "), proc.stderr)
        self.assertTrue(proc.stderr.endswith(b"\n"), proc.stderr)
        self.assertEqual(proc.stderr.count(b"\n"), 1, proc.stderr)

    def add_user(self, site, username, email, password=b"a password\n"):
        proc = site.run("user", "add", "--email", email, "--username", username, stdin=password)
        self.assert_ok(proc)
        return int(proc.stdout)
