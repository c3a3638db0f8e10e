"""`pwreset db init` and the account verbs on a PostgreSQL database that flaskblog's
Flask-SQLAlchemy made: its tables and rows stay as they are, pwreset's are added."""
import os
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


if __name__ == "__main__":
    unittest.main()
