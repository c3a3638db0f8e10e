"""A site moving off Flask: its site.db (made by Flask-SQLAlchemy, hashes made by Python's
bcrypt) serves logins as is, and with legacy_tokens = yes a link the Flask app mailed works once,
signed by the Flask app's SECRET_KEY kept in old_secret_key_files beside a fresh secret."""
import json
import os
import sqlite3
import subprocess
import unittest

import stack
from cli_site import POST_DDL, USER_DDL
from web_site import (INVALID_TOKEN, NEW_PASSWORD, PASSWORD_UPDATED, StackTestCase, greeted_user,
                      submit)

# flask_bcrypt.generate_password_hash("password123") on the Flask side.
FLASK_HASH = "$2b$12$caQRAg8J.fVat9r2KlmpdO84m8bFsPL1Wqbp70zrdPSXp5j3xVyZC"
FLASK_PASSWORD = "password123"
# Python's bcrypt 3.2 hashed this 100-byte password by its first 72 bytes without a word.
LONG_PASSWORD = ("a passphrase from the Flask days that runs on well past the seventy-two bytes "
                 "which bcrypt ever read")
LONG_HASH = "$2b$12$qPtXRpoVQOzAmtsnGIwxVO9T/SM65D/ACc.fsho7cwunppX5rmykW"
USERS = [(1, "corey", "corey@demo.com", "default.jpg", FLASK_HASH),
         (2, "testuser", "test@demo.com", "3f1a2b.png", FLASK_HASH),
         (3, "longpass", "long@demo.com", "default.jpg", LONG_HASH)]
# The flaskblog tutorial's SECRET_KEY: INSTALL has it go into old_secret_key_files.
FLASK_SECRET_KEY = "5791628bb0b13ce0c676dfde280ba245"


def only_secret_config(directory, name, secret_path):
    """A config holding just one secret, for `pwreset token mint` and `token verify`."""
    path = os.path.join(directory, name)
    with open(path, "w") as config:
        config.write(f"secret_key_file = {secret_path}\n")
    return path


def run_tool(config_path, *args):
    return subprocess.run([stack.TOOL, "--config", config_path, *args], capture_output=True,
                          text=True, timeout=60)


class FlaskblogDatabaseTest(StackTestCase):
    options = {"legacy_tokens": "yes"}

    @classmethod
    def prepare_directory(cls, directory):
        with sqlite3.connect(os.path.join(directory, "site.db")) as db:
            db.execute(USER_DDL)
            db.execute(POST_DDL)
            db.executemany("INSERT INTO user VALUES (?, ?, ?, ?, ?)", USERS)
            db.execute("INSERT INTO post VALUES (1, 'Blog 1', '2018-06-02 19:22:37.431296', 'First post', 1)")
        flask_key = os.path.join(directory, "flask-secret.key")
        with open(flask_key, "w") as key:
            key.write(FLASK_SECRET_KEY + "\n")
        cls.flask_config = only_secret_config(directory, "flask-app.conf", flask_key)
        cls.current_config = only_secret_config(directory, "current.conf",
                                                os.path.join(directory, "secret.key"))
        cls.options = dict(cls.options, old_secret_key_files=flask_key)

    def flask_token(self, user_id):
        """A token as the Flask app minted it: {"user_id": N} and nothing else, signed with its
        SECRET_KEY (itsdangerous 1.x's format, which `pwreset token mint` writes byte for byte)."""
        payload = json.dumps({"user_id": user_id}, separators=(",", ":"))
        return run_tool(self.flask_config, "token", "mint", "--payload", payload).stdout.strip()

    def test_the_flask_tables_are_left_as_flask_made_them(self):
        with sqlite3.connect(os.path.join(self.stack.dir, "site.db")) as db:
            ddl = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE name IN ('user', 'post')"))
        self.assertEqual(ddl, {"user": USER_DDL, "post": POST_DDL})

    def test_a_python_made_hash_logs_in(self):
        browser = self.log_in("test@demo.com", FLASK_PASSWORD)
        self.assertEqual(greeted_user(browser.get("/").body), "testuser")

    def test_a_password_longer_than_72_bytes_from_flask_logs_in(self):
        browser = self.log_in("long@demo.com", LONG_PASSWORD)
        self.assertEqual(greeted_user(browser.get("/").body), "longpass")

    def test_the_flask_apps_links_verify_only_through_the_old_secret(self):
        token = self.flask_token(2)
        self.assertNotEqual(run_tool(self.current_config, "token", "verify", token).returncode, 0,
                            "the current secret alone must not verify the Flask app's link")
        reply = self.stack.browser().get("/reset_password/" + token)
        self.assertEqual(reply.status, 200, reply.body[:2000])

    def test_a_flask_token_opens_the_reset_form_and_works_once(self):
        path = "/reset_password/" + self.flask_token(1)
        browser = self.stack.browser()
        form = browser.get(path)
        self.assertEqual(form.status, 200, form.body[:2000])
        self.assertIn('name="confirm_password" type="password"', form.body)
        done = submit(browser, path, {"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
        self.assertEqual(done.status, 302, done.body[:2000])
        self.assertEqual(done.location, "/login")
        self.assert_flashed(browser, "/login", "success", PASSWORD_UPDATED)
        self.assertEqual(greeted_user(self.log_in("corey@demo.com", NEW_PASSWORD).get("/").body), "corey")

        again = self.stack.browser()
        second = again.get(path)
        self.assertEqual(second.status, 302)
        self.assertEqual(second.location, "/reset_password")
        self.assert_flashed(again, "/reset_password", "warning", INVALID_TOKEN)

    def test_our_own_links_work_beside_flask_tokens(self):
        link = self.stack.tool("reset-link", "--email", "test@demo.com").stdout.strip()
        self.assertTrue(link.startswith(self.stack.base_url + "/reset_password/"), link)
        reply = self.stack.browser().get(link[len(self.stack.base_url):])
        self.assertEqual(reply.status, 200, reply.body[:2000])
        stack.csrf_token(reply.body)


if __name__ == "__main__":
    unittest.main()
