"""The `pwreset` admin command on a site database: db init on a flaskblog site.db, user
add/passwd/list, reset links; failed commands leave nothing half-written."""
import json
import sqlite3
import unittest

import bcrypt

from cli_site import (BASE_URL, POST_DDL, USER_DDL, CliTestCase, b64decode, flaskblog_snapshot,
                      schema)


class DatabaseTest(CliTestCase):
    def test_db_init_twice_changes_nothing(self):
        site = self.site()
        self.assert_ok(site.run("db", "init"))
        first = schema(site.database)
        self.assertIn("user", [row[1] for row in first])
        proc = site.run("db", "init")
        self.assert_ok(proc)
        self.assertEqual(proc.stdout.count(b"\n"), 1)
        self.assertEqual(schema(site.database), first)

    def test_db_init_keeps_a_flaskblog_site_db_as_it_is(self):
        site = self.site()
        site.make_flaskblog_db()
        before = flaskblog_snapshot(site.database)
        self.assertEqual(before[0], [("post", POST_DDL), ("user", USER_DDL)])
        self.assert_ok(site.run("db", "init"))
        self.assertEqual(flaskblog_snapshot(site.database), before)
        added = {row[1] for row in schema(site.database)} - {"user", "post"}
        self.assertTrue(added)
        for name in added:
            self.assertTrue(name.startswith("pwreset_") or name.startswith("sqlite_autoindex_"), name)

    def test_db_init_adds_to_a_flaskblog_site_db_exactly_what_install_says(self):
        site = self.site()
        site.make_flaskblog_db()
        before = {row[1] for row in schema(site.database)}
        self.assert_ok(site.run("db", "init"))
        added = {(row[0], row[1], row[2]) for row in schema(site.database) if row[1] not in before}
        self.assertEqual(added, {
            ("index", "pwreset_user_email_nocase", "user"),
            ("table", "pwreset_throttle", "pwreset_throttle"),
            ("index", "pwreset_throttle_bucket_at", "pwreset_throttle"),
            ("table", "pwreset_spent_token", "pwreset_spent_token"),
            ("index", "sqlite_autoindex_pwreset_spent_token_1", "pwreset_spent_token"),
            ("table", "pwreset_password_changes", "pwreset_password_changes"),
            ("table", "pwreset_meta", "pwreset_meta"),
            ("index", "sqlite_autoindex_pwreset_meta_1", "pwreset_meta"),
        })
        with sqlite3.connect(site.database) as db:
            self.assertEqual(db.execute("PRAGMA journal_mode").fetchone(), ("wal",))

    def test_user_add_on_flaskblog_db_writes_a_hash_python_bcrypt_accepts(self):
        site = self.site(bcrypt_cost="12")
        site.make_flaskblog_db()
        self.assert_ok(site.run("db", "init"))
        password = "pässwörd with spaces 12"
        proc = site.run("user", "add", "--email", "new@demo.com", "--username", "newbie",
                        stdin=password.encode() + b"\n")
        self.assert_ok(proc)
        self.assertEqual(proc.stdout, b"3\n")
        row = site.users()[2]
        self.assertEqual(row[:4], (3, "newbie", "new@demo.com", "default.jpg"))
        self.assertTrue(row[4].startswith("$2b$12$"), row[4])
        self.assertTrue(bcrypt.checkpw(password.encode(), row[4].encode()))
        self.assertFalse(bcrypt.checkpw(password.encode() + b"\n", row[4].encode()))


class UserTest(CliTestCase):
    def setUp(self):
        super().setUp()
        self.s = self.site()
        self.assert_ok(self.s.run("db", "init"))

    def test_passwd_replaces_the_hash(self):
        uid = self.add_user(self.s, "alice", "alice@example.org", b"first password\n")
        old_hash = self.s.users()[0][4]
        proc = self.s.run("user", "passwd", "--email", "alice@example.org", stdin=b"second password\n")
        self.assert_ok(proc)
        self.assertIn(str(uid).encode(), proc.stdout)
        new_hash = self.s.users()[0][4]
        self.assertNotIn(new_hash.encode(), proc.stdout)
        self.assertTrue(bcrypt.checkpw(b"second password", new_hash.encode()))
        self.assertFalse(bcrypt.checkpw(b"first password", new_hash.encode()))
        self.assertNotEqual(old_hash, new_hash)

    def test_list_shows_accounts_but_no_hashes(self):
        self.add_user(self.s, "alice", "alice@example.org")
        self.add_user(self.s, "bob", "bob@example.org")
        proc = self.s.run("user", "list")
        self.assert_ok(proc)
        self.assertEqual(proc.stdout, b"1\talice\talice@example.org\n2\tbob\tbob@example.org\n")
        self.assertNotIn(b"$2", proc.stdout)

    def test_limits_are_inclusive(self):
        self.add_user(self.s, "u" * 20, "e" * 108 + "@example.org", b"p" * 72 + b"\n")
        self.add_user(self.s, "ü" * 20, "ü@example.org", b"p" * 72)  # no newline at all
        self.assertEqual(len(self.s.users()), 2)

    def test_bad_user_add_is_refused_and_writes_nothing(self):
        self.add_user(self.s, "alice", "alice@example.org")
        before = self.s.users()
        good = ["--email", "bob@example.org", "--username", "bob"]
        cases = [
            ("empty password", good, b""),
            ("only a newline", good, b"\n"),
            ("two lines", good, b"one\ntwo\n"),
            ("NUL byte", good, b"pass\0word\n"),
            ("73 bytes", good, b"p" * 73 + b"\n"),
            ("huge stdin", good, b"p" * 100000),
            ("duplicate email", ["--email", "alice@example.org", "--username", "bob"], b"pw\n"),
            ("duplicate email other case", ["--email", "ALICE@example.org", "--username", "bob"], b"pw\n"),
            ("duplicate username", ["--email", "bob@example.org", "--username", "alice"], b"pw\n"),
            ("username too long", ["--email", "bob@example.org", "--username", "b" * 21], b"pw\n"),
            ("empty username", ["--email", "bob@example.org", "--username", ""], b"pw\n"),
            ("username with newline", ["--email", "bob@example.org", "--username", "bo\nb"], b"pw\n"),
            ("email without @", ["--email", "bob.example.org", "--username", "bob"], b"pw\n"),
            ("email with two @", ["--email", "bob@x@example.org", "--username", "bob"], b"pw\n"),
            ("email too long", ["--email", "b" * 109 + "@example.org", "--username", "bob"], b"pw\n"),
            ("email with CR", ["--email", "bob@example.org\r", "--username", "bob"], b"pw\n"),
            # The reset form refuses these, so such an account could never ask for a link.
            ("email on a host without a dot", ["--email", "bob@localhost", "--username", "bob"], b"pw\n"),
            ("email with a space", ["--email", "bo b@example.org", "--username", "bob"], b"pw\n"),
            ("email with an empty label", ["--email", "bob@example..org", "--username", "bob"], b"pw\n"),
            ("missing --username", ["--email", "bob@example.org"], b"pw\n"),
            ("missing value", good + ["--email"], b"pw\n"),
            ("unknown flag", good + ["--admin", "yes"], b"pw\n"),
            ("extra argument", good + ["extra"], b"pw\n"),
            ("flag twice", good + ["--username", "carol"], b"pw\n"),
        ]
        for name, args, stdin in cases:
            with self.subTest(name):
                proc = self.s.run("user", "add", *args, stdin=stdin)
                self.assert_refused(proc)
                self.assertEqual(proc.stdout, b"")
                self.assertEqual(self.s.users(), before)

    def test_bad_user_passwd_is_refused_and_keeps_the_hash(self):
        self.add_user(self.s, "alice", "alice@example.org")
        before = self.s.users()
        for name, email, stdin in [("unknown email", "nobody@example.org", b"pw\n"),
                                   ("empty password", "alice@example.org", b""),
                                   ("two lines", "alice@example.org", b"a\nb\n"),
                                   ("too long", "alice@example.org", b"x" * 73)]:
            with self.subTest(name):
                self.assert_refused(self.s.run("user", "passwd", "--email", email, stdin=stdin))
                self.assertEqual(self.s.users(), before)


class ResetLinkTest(CliTestCase):
    def test_link_carries_a_token_that_verifies(self):
        site = self.site(token_max_age="900")
        self.assert_ok(site.run("db", "init"))
        uid = self.add_user(site, "alice", "alice@example.org")
        proc = site.run("reset-link", "--email", "alice@example.org")
        self.assert_ok(proc)
        link = proc.stdout.decode()
        prefix = BASE_URL + "/reset_password/"
        self.assertTrue(link.startswith(prefix) and link.endswith("\n"), link)
        token = link[len(prefix):-1]
        header = json.loads(b64decode(token.split(".")[0]))
        self.assertEqual(header["exp"] - header["iat"], 900)
        verified = site.run("token", "verify", token)
        self.assert_ok(verified)
        payload = json.loads(verified.stdout)
        self.assertEqual(payload["user_id"], uid)
        self.assertIsInstance(payload.get("fp"), str)
        self.assertNotIn(site.users()[0][4], payload["fp"])

    def test_unknown_email_and_missing_base_url_are_refused(self):
        site = self.site()
        self.assert_ok(site.run("db", "init"))
        self.assert_refused(site.run("reset-link", "--email", "nobody@example.org"), 1)
        site.settings["base_url"] = None
        site.write_config()
        proc = site.run("reset-link", "--email", "nobody@example.org")
        self.assert_refused(proc, 2)
        self.assertIn(site.config.encode(), proc.stderr)
        self.assertIn(b"base_url", proc.stderr)


if __name__ == "__main__":
    unittest.main()
