"""A person in a real browser who forgot their password: from the login page to the mailed
link, a new password and the home page; a mistyped confirmation; a link that has expired."""
import hashlib
import hmac
import json
import sqlite3
import time
import unittest

import chrome
from chrome import stack

OLD_PASSWORD = "tangerine-orbit-lantern-42"
NEW_PASSWORD = "marble-harbour-violet-97"
INFO = ("info", "An email has been sent with instructions to reset your password.")
SUCCESS = ("success", "Your password has been updated! You are now able to log in!")
EXPIRED = ("warning", "That is an invalid or expired token")
NO_ACCOUNT = "There is no account with that email. You must register first."


class ResetWalk(chrome.BrowserTestCase):
    def setUp(self):
        # Each test starts as a new visitor: no session, no flash waiting.
        self.browser.open(self.site.base_url + "/login")
        self.browser.driver.delete_all_cookies()

    def assert_fits_phone(self):
        self.assertLessEqual(self.browser.phone_scroll_width(), chrome.PHONE["width"],
                             f"{self.browser.path} scrolls sideways on a 375-px phone")
        self.assertEqual(self.browser.cut_off_on_phone(), [], f"{self.browser.path} on a 375-px phone")

    def reset_link(self, email_address):
        return self.site.tool("reset-link", "--email", email_address).stdout.strip()

    def test_forgot_password_walk(self):
        browser, site = self.browser, self.site
        site.add_user("jane", "jane@example.org", OLD_PASSWORD)
        mails_before = len(site.mails())

        browser.open(site.base_url + "/login")
        self.assertEqual(browser.heading(), "Log In")
        self.assert_fits_phone()
        browser.shoot("login")

        browser.click_link("Forgot Password?")
        self.assertEqual(browser.path, "/reset_password")
        self.assertEqual(browser.heading(), "Reset Password")
        browser.fill("email", "jane@example.com")
        browser.submit()
        self.assertEqual(browser.field_errors("email"), [NO_ACCOUNT])
        self.assert_fits_phone()
        browser.shoot("reset-request-error")

        browser.fill("email", "jane@example.org")
        browser.submit()
        self.assertEqual(browser.path, "/login")
        self.assertEqual(browser.flashes(), [INFO])

        mails = site.wait_for_mails(mails_before + 1)
        self.assertEqual(len(mails), mails_before + 1, "no reset mail arrived")
        self.assertEqual(mails[-1]["To"], "jane@example.org")
        links = stack.reset_links(mails[-1])
        self.assertEqual(len(links), 1, "the reset mail should hold exactly one link")
        self.assertTrue(links[0].startswith(site.base_url + "/reset_password/"))

        browser.open(links[0])
        self.assertEqual(browser.driver.current_url, links[0])
        self.assertEqual(browser.heading(), "Reset Password")
        self.assertEqual([field[0] for field in browser.form_fields()], ["password", "confirm_password"])
        self.assert_fits_phone()
        browser.shoot("reset-token")
        browser.fill("password", NEW_PASSWORD)
        browser.fill("confirm_password", NEW_PASSWORD)
        browser.submit()
        self.assertEqual(browser.path, "/login")
        self.assertEqual(browser.flashes(), [SUCCESS])
        self.assert_fits_phone()
        browser.shoot("login-success")

        browser.fill("email", "jane@example.org")
        browser.fill("password", NEW_PASSWORD)
        browser.submit()
        self.assertEqual(browser.path, "/")
        self.assertEqual(browser.heading(), "Hello, jane!")
        self.assert_fits_phone()

    def test_mismatched_confirmation_is_shown_under_that_field(self):
        browser = self.browser
        self.site.add_user("mira", "mira@example.org", OLD_PASSWORD)
        link = self.reset_link("mira@example.org")
        browser.open(link)
        browser.fill("password", NEW_PASSWORD)
        browser.fill("confirm_password", NEW_PASSWORD + "x")
        browser.submit()
        self.assertEqual(browser.driver.current_url, link)
        self.assertEqual(browser.field_errors("confirm_password"), ["Field must be equal to password."])
        self.assertEqual(browser.field_errors("password"), [])
        self.assertEqual(browser.flashes(), [])
        self.assert_fits_phone()

    def mint_link(self, email_address, issued_at):
        """A reset link exactly as the site mints them, but issued at another time."""
        with open(self.site.secret_path, "rb") as secret_file:
            secret = secret_file.read().removesuffix(b"\n")
        with sqlite3.connect(self.site.options()["database"]) as db:
            user_id, password_hash = db.execute("SELECT id, password FROM user WHERE email = ?",
                                                (email_address,)).fetchone()
        fingerprint = hmac.new(secret, b"pwreset password fingerprint\n" + password_hash.encode(),
                               hashlib.sha256).digest()[:8].hex()
        payload = json.dumps({"user_id": user_id, "fp": fingerprint})
        token = self.site.tool("token", "mint", "--payload", payload, "--now", str(issued_at),
                               "--expires-in", "1800").stdout.strip()
        return f"{self.site.base_url}/reset_password/{token}"

    def test_expired_link_shows_the_warning_on_the_request_page(self):
        browser = self.browser
        self.site.add_user("olaf", "olaf@example.org", OLD_PASSWORD)
        now = int(time.time())
        # The same link issued just now still works, so only its age can be the reason.
        browser.open(self.mint_link("olaf@example.org", now))
        self.assertEqual([field[0] for field in browser.form_fields()], ["password", "confirm_password"])
        self.assertEqual(browser.flashes(), [])

        browser.open(self.mint_link("olaf@example.org", now - 1801))
        self.assertEqual(browser.path, "/reset_password")
        self.assertEqual(browser.flashes(), [EXPIRED])
        self.assertEqual([field[0] for field in browser.form_fields()], ["email"])
        self.assert_fits_phone()


if __name__ == "__main__":
    unittest.main()
