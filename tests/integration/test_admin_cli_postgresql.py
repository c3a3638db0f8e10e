"""`pwreset db init`, `db copy` and the account verbs on a PostgreSQL database that
flaskblog's Flask-SQLAlchemy made: its tables and rows stay as they are, pwreset's are added."""
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

import bcrypt

import postgres
import stack

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "flaskblog"))

ALICE_HASH = "$2b$12$caQRAg8J.fVat9r2KlmpdO84m8bFsPL1Wqbp70zrdPSXp5j3xVyZC"
COLUMNS = ("SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, "
           "column_default FROM information_schema.columns WHERE table_name IN ('user', 'post') "
           "ORDER BY table_name, ordinal_position")
USERS = "SELECT id, username, email, image_file, password FROM \"user\" ORDER BY id"
POSTS = "SELECT id, title, date_posted, content, user_id FROM post ORDER BY id"


def flaskblog_ddl():
    """flaskblog's CREATE TABLE statements exactly as SQLAlchemy writes them for PostgreSQL."""
    from sqlalchemy.dialects import postgresql as dialect
    from sqlalchemy.schema import CreateTable

    import flaskblog
    return "".join(str(CreateTable(table).compile(dialect=dialect.dialect())).strip() + ";\n"
                   for table in flaskblog.db.Model.metadata.sorted_tables)


class PostgresqlCliTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.postgres = postgres.PostgresServer().start()

    @classmethod
    def tearDownClass(cls):
        cls.postgres.stop()

    def setUp(self):
        self.database = self.postgres.new_database()
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.config = os.path.join(self.tmp.name, "pwreset.conf")
        with open(self.config, "w") as config:
            config.write(f"database = {self.database}\nbcrypt_cost = 12\n")

    def tool(self, *args, input=None):
        done = subprocess.run([stack.TOOL, "--config", self.config, *args], input=input,
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        return done.stdout

    def sql(self, statement):
        return self.postgres.sql(self.database, statement)

    def test_db_init_keeps_flaskblogs_tables_and_rows_and_adds_pwresets(self):
        self.sql(flaskblog_ddl() +
                 f"INSERT INTO \"user\" (username, email, image_file, password) VALUES "
                 f"('Alice', 'alice@example.com', '3f2a9c1b.jpg', '{ALICE_HASH}'); "
                 "INSERT INTO post (title, date_posted, content, user_id) "
                 "VALUES ('First', '2019-05-04 12:00:00', 'Hello', 1)")
        before = [self.sql(query) for query in (COLUMNS, USERS, POSTS)]
        self.assertEqual(len(before[1]), 1)
        self.assertEqual(len(before[2]), 1)
        self.tool("db", "init")
        self.tool("db", "init")
        self.assertEqual([self.sql(query) for query in (COLUMNS, USERS, POSTS)], before)
        tables = self.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        self.assertEqual([row[0] for row in tables],
                         ["post", "pwreset_meta", "pwreset_password_changes",
                          "pwreset_spent_token", "pwreset_throttle", "user"])
        self.assertIn("alice@example.com", self.tool("user", "list"))

    def test_user_add_writes_a_2b_12_hash_python_bcrypt_accepts(self):
        self.tool("db", "init")
        password = "pässwörd with spaces 12"
        self.tool("user", "add", "--email", "new@demo.com", "--username", "newbie",
                  input=password + "\n")
        [[stored]] = self.sql("SELECT password FROM \"user\" WHERE username = 'newbie'")
        self.assertTrue(stored.startswith("$2b$12$"), stored)
        self.assertTrue(bcrypt.checkpw(password.encode(), stored.encode()))

    def sqlite_site(self):
        """A fresh SQLite site.db beside the PostgreSQL one: its path, and a runner of the admin tool on it."""
        site_db = os.path.join(self.tmp.name, "site.db")
        sqlite_config = os.path.join(self.tmp.name, "sqlite.conf")
        with open(sqlite_config, "w") as config:
            config.write(f"database = {site_db}\nbcrypt_cost = 4\n")

        def run(*args, input=None):
            return subprocess.run([stack.TOOL, "--config", sqlite_config, *args], input=input,
                                  capture_output=True, text=True, timeout=60)

        self.assertEqual(run("db", "init").returncode, 0)
        return site_db, run

    def test_db_copy_moves_a_site_db_into_an_empty_database_once(self):
        site_db, run = self.sqlite_site()
        for number in (1, 2):
            added = run("user", "add", "--email", f"u{number}@example.org", "--username",
                        f"u{number}", input="a long enough password here\n")
            self.assertEqual(added.returncode, 0, added.stderr)
        self.assertEqual(run("user", "passwd", "--email", "u2@example.org",
                             input="another long password here\n").returncode, 0)
        with sqlite3.connect(site_db) as db:
            db.execute("INSERT INTO post (title, date_posted, content, user_id) "
                       "VALUES ('First', '2019-05-04 12:00:00.000000', 'Hello', 1)")
            accounts = db.execute("SELECT id, username, email, image_file, password FROM user "
                                  "ORDER BY id").fetchall()
            changes = db.execute("SELECT user_id, changed_at FROM pwreset_password_changes").fetchall()

        copied = run("db", "copy", "--to", self.database)
        self.assertEqual(copied.returncode, 0, copied.stderr)
        self.assertEqual(copied.stdout, "copied 2 accounts and 1 posts\n")
        self.assertEqual([tuple(row) for row in self.sql(USERS)],
                         [tuple(str(value) for value in row) for row in accounts])
        self.assertEqual(self.sql(POSTS), [["1", "First", "2019-05-04 12:00:00", "Hello", "1"]])
        self.assertEqual(self.sql("SELECT user_id, changed_at FROM pwreset_password_changes"),
                         [[str(value) for value in row] for row in changes])
        # New accounts on PostgreSQL get the next id.
        self.tool("user", "add", "--email", "u3@example.org", "--username", "u3",
                  input="a long enough password here\n")
        self.assertEqual(self.sql("SELECT id FROM \"user\" WHERE username = 'u3'"), [["3"]])

        again = run("db", "copy", "--to", self.database)
        self.assertEqual(again.returncode, 1)
        self.assertEqual(again.stderr.count("\n"), 1, again.stderr)
        self.assertIn("already holds rows", again.stderr)
        self.assertEqual(len(self.sql(USERS)), 3)

    def test_db_copy_into_a_nonempty_database_only_when_told_and_all_or_nothing(self):
        site_db, run = self.sqlite_site()
        added = run("user", "add", "--email", "old@example.org", "--username", "old",
                    input="a long enough password here\n")
        self.assertEqual(added.returncode, 0, added.stderr)
        self.tool("db", "init")
        self.sql(f"INSERT INTO \"user\" (id, username, email, image_file, password) VALUES "
                 f"(100, 'there', 'there@example.org', 'default.jpg', '{ALICE_HASH}')")
        before = self.sql(USERS)

        refused = run("db", "copy", "--to", self.database)
        self.assertEqual(refused.returncode, 1)
        self.assertEqual(refused.stderr.count("\n"), 1, refused.stderr)
        self.assertIn("--into-nonempty yes", refused.stderr)
        self.assertEqual(self.sql(USERS), before)
        self.assertEqual(run("db", "copy", "--to", self.database, "--into-nonempty", "y").returncode, 2)
        self.assertEqual(self.sql(USERS), before)

        copied = run("db", "copy", "--to", self.database, "--into-nonempty", "yes")
        self.assertEqual(copied.returncode, 0, copied.stderr)
        self.assertEqual(copied.stdout, "copied 1 accounts and 0 posts\n")
        self.assertEqual([row[:3] for row in self.sql(USERS)],
                         [["1", "old", "old@example.org"], ["100", "there", "there@example.org"]])
        self.tool("user", "add", "--email", "next@example.org", "--username", "next",
                  input="a long enough password here\n")
        self.assertEqual(self.sql("SELECT id FROM \"user\" WHERE username = 'next'"), [["101"]])

        # Account 1 would fit again but post 1 is taken: the account is not written either.
        self.sql("DELETE FROM \"user\" WHERE id = 1; INSERT INTO post (id, title, date_posted, "
                 "content, user_id) VALUES (1, 'Theirs', '2019-05-04 12:00:00', 'Hi', 100)")
        with sqlite3.connect(site_db) as db:
            db.execute("INSERT INTO post (title, date_posted, content, user_id) "
                       "VALUES ('Ours', '2019-05-04 12:00:00.000000', 'Hello', 1)")
        after = [self.sql(USERS), self.sql(POSTS)]
        clash = run("db", "copy", "--to", self.database, "--into-nonempty", "yes")
        self.assertEqual(clash.returncode, 1)
        self.assertEqual(clash.stderr.count("\n"), 1, clash.stderr)
        self.assertIn("nothing written", clash.stderr)
        self.assertEqual([self.sql(USERS), self.sql(POSTS)], after)


if __name__ == "__main__":
    unittest.main()
