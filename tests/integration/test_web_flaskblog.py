"""A site moving off Flask: its site.db (made by Flask-SQLAlchemy, hashes made by Python's
bcrypt) serves logins as is, and with legacy_tokens = yes a link the Flask app mailed works once."""
import json
import os
import sqlite3
import unittest

import stack
from cli_site import POST_DDL, USER_DDL
from web_site import (INVALID_TOKEN, NEW_PASSWORD, PASSWORD_UPDATED, StackTestCase, greeted_user,
                      submit)

# flask_bcrypt.generate_password_hash("password123") on the Flask side.
FLASK_HASH = "$2b$12$caQRAg8J.fVat9r2KlmpdO84m8bFsPL1Wqbp70zrdPSXp5j3xVyZC"
FLASK_PASSWORD = "password123"
USERS = [(1, "corey", "corey@demo.com", "default.jpg", FLASK_HASH),
         (2, "testuser", "test@demo.com", "3f1a2b.png", FLASK_HASH)]


class FlaskblogDatabaseTest(StackTestCase):
    options = {"legacy_tokens": "yes"}

    @classmethod
    def prepare_directory(cls, directory):
        with sqlite3.connect(os.path.join(directory, "site.db")) as db:
            db.execute(USER_DDL)
            db.execute(POST_DDL)
            db.executemany("INSERT INTO user VALUES (?, ?, ?, ?, ?)", USERS)
            db.execute("INSERT INTO post VALUES (1, 'Blog 1', '2018-06-02 19:22:37.431296', 'First post', 1)")

    def flask_token(self, user_id):
        """A token as the Flask app minted it: {"user_id": N} and nothing else."""
        payload = json.dumps({"user_id": user_id}, separators=(",", ":"))
        return self.stack.tool("token", "mint", "--payload", payload).stdout.strip()

    def test_the_flask_tables_are_left_as_flask_made_them(self):
        with sqlite3.connect(os.path.join(self.stack.dir, "site.db")) as db:
            ddl = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE name IN ('user', 'post')"))
        self.assertEqual(ddl, {"user": USER_DDL, "post": POST_DDL})

    def test_a_python_made_hash_logs_in(self):
        browser = self.log_in("test@demo.com", FLASK_PASSWORD)
        self.assertEqual(greeted_user(browser.get("/").body), "testuser")

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
