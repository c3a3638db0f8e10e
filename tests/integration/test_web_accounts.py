"""Login, registration, logout and the home page through nginx, with the seed's texts."""
import unittest
import urllib.parse

import stack
from web_site import (ACCOUNT_CREATED, LOGIN_FAILED, NEW_PASSWORD, OLD_PASSWORD, StackTestCase,
                      field_errors, flashes, greeted_user, submit)


def session_cookie_line(instance, reply):
    name = instance.cookie("session")
    [line] = [line for line in reply.header_all("Set-Cookie") if line.startswith(name + "=")]
    return line


class AccountsTest(StackTestCase):
    """One stack for all: each test makes accounts of its own."""

    # Login

    def test_the_login_form_links_to_the_reset_page(self):
        page = self.stack.browser().get("/login")
        self.assertEqual(page.status, 200)
        for field in ['name="email" type="email"', 'name="password" type="password"',
                      'name="remember" type="checkbox"', 'type="submit" value="Login"']:
            self.assertIn(field, page.body)
        self.assertRegex(page.body, r'value="Login">\s*<small class="text-muted ml-2">\s*'
                                    r'<a href="/reset_password">Forgot Password\?</a>')

    def test_a_login_goes_to_a_local_next_path_only(self):
        _, address = self.new_account()
        cases = [(None, "/"), ("/home", "/home"), ("/logout", "/logout"), ("//evil.example", "/"),
                 ("https://evil.example", "/"), ("/\\evil.example", "/"), ("evil.example", "/"),
                 ("/\r\nSet-Cookie: x=1", "/")]
        for next_path, expected in cases:
            with self.subTest(next=next_path):
                browser = self.stack.browser()
                query = "" if next_path is None else "?" + urllib.parse.urlencode({"next": next_path})
                reply = submit(browser, "/login" + query, {"email": address, "password": OLD_PASSWORD})
                self.assertEqual(reply.status, 302, reply.body[:2000])
                self.assertEqual(reply.location, expected)

    def test_a_wrong_password_or_unknown_email_is_refused_with_the_seed_flash(self):
        _, address = self.new_account()
        for email, password in [(address, "wrong " + OLD_PASSWORD), ("nobody@example.com", OLD_PASSWORD)]:
            with self.subTest(email=email):
                browser = self.stack.browser()
                reply = submit(browser, "/login", {"email": email, "password": password})
                self.assertEqual(reply.status, 200)
                self.assertEqual(flashes(reply.body), [("danger", LOGIN_FAILED)])
                self.assertNotIn(self.stack.cookie("session"), browser.cookies)

    def test_remember_me_makes_the_session_cookie_persistent(self):
        _, address = self.new_account()
        for remember, persistent in [(False, False), (True, True)]:
            with self.subTest(remember=remember):
                fields = {"email": address, "password": OLD_PASSWORD}
                if remember:
                    fields["remember"] = "y"
                line = session_cookie_line(self.stack, submit(self.stack.browser(), "/login", fields))
                self.assertEqual("Max-Age=" in line, persistent, line)
                self.assertNotIn("Expires=", line)
                if persistent:
                    max_age = int(line.split("Max-Age=")[1].split(";")[0])
                    self.assertEqual(max_age, 31 * 24 * 3600)

    def test_cookies_are_not_secure_when_the_config_says_plain_http(self):
        _, address = self.new_account()
        reply = submit(self.stack.browser(), "/login", {"email": address, "password": OLD_PASSWORD})
        self.assertNotIn("Secure", session_cookie_line(self.stack, reply))

    # Registration

    def register(self, username, address, password=NEW_PASSWORD, confirm=None, browser=None):
        return submit(browser or self.stack.browser(), "/register", {
            "username": username, "email": address, "password": password,
            "confirm_password": password if confirm is None else confirm})

    def test_a_new_account_is_created_and_can_log_in(self):
        browser = self.stack.browser()
        reply = self.register("newcomer", "newcomer@example.com", browser=browser)
        self.assertEqual(reply.status, 302, reply.body[:2000])
        self.assertEqual(reply.location, "/login")
        self.assert_flashed(browser, "/login", "success", ACCOUNT_CREATED)
        self.assertEqual(flashes(browser.get("/login").body), [])
        self.assertEqual(greeted_user(self.log_in("newcomer@example.com", NEW_PASSWORD).get("/").body),
                         "newcomer")

    def test_usernames_are_two_to_twenty_characters(self):
        message = "Field must be between 2 and 20 characters long."
        for username, accepted in [("a", False), ("ab", True), ("u" * 20, True), ("u" * 21, False),
                                   ("ü" * 20, True)]:
            with self.subTest(username=username):
                reply = self.register(username, f"len{len(username)}-{ord(username[0])}@example.com")
                self.assertEqual(reply.status, 302 if accepted else 200, reply.body[:2000])
                if not accepted:
                    self.assertEqual(field_errors(reply.body, "username"), [message])

    def test_a_taken_username_or_email_is_refused_under_its_field(self):
        username, address = self.new_account()
        cases = [
            (username, "fresh-" + address, "username",
             "That username is taken. Please choose a different one."),
            ("fresh" + username, address, "email", "That email is taken. Please choose a different one."),
        ]
        for name, email, field, message in cases:
            with self.subTest(field=field):
                reply = self.register(name, email)
                self.assertEqual(reply.status, 200, reply.body[:2000])
                self.assertEqual(field_errors(reply.body, field), [message])
                self.assertEqual(flashes(reply.body), [])
        self.log_in(address, OLD_PASSWORD)

    def test_each_refused_field_says_why(self):
        good = {"username": "refused", "email": "refused@example.com", "password": NEW_PASSWORD,
                "confirm_password": NEW_PASSWORD}
        cases = [
            ("email", "not-an-address", "Invalid email address."),
            ("username", "", "This field is required."),
            ("password", "short-one-22", "Field must be at least 15 characters long."),
            ("confirm_password", NEW_PASSWORD + "x", "Field must be equal to password."),
        ]
        for field, value, message in cases:
            with self.subTest(field=field):
                reply = submit(self.stack.browser(), "/register", {**good, field: value})
                self.assertEqual(reply.status, 200, reply.body[:2000])
                self.assertEqual(field_errors(reply.body, field), [message])
        self.assertEqual(submit(self.stack.browser(), "/login", {
            "email": "refused@example.com", "password": NEW_PASSWORD}).status, 200)

    # Logout and home

    def test_home_greets_a_logged_in_visitor_and_welcomes_others(self):
        username, address = self.new_account()
        for path in ["/", "/home"]:
            with self.subTest(path=path):
                anonymous = self.stack.browser().get(path)
                self.assertEqual(anonymous.status, 200)
                self.assertIsNone(greeted_user(anonymous.body))
                self.assertIn('<a href="/login">Log in</a>', anonymous.body)
                self.assertIn('<a href="/register">create an account</a>', anonymous.body)
                page = self.log_in(address).get(path)
                self.assertEqual(greeted_user(page.body), username)
                self.assertIn(f"You are logged in as {address}.", page.body)

    def test_logout_asks_first_then_ends_the_session(self):
        username, address = self.new_account()
        browser = self.log_in(address)
        confirm = browser.get("/logout")
        self.assertEqual(confirm.status, 200)
        self.assertIn("<p>Do you want to log out?</p>", confirm.body)
        self.assertEqual(greeted_user(browser.get("/").body), username)

        refused = browser.post("/logout", {})
        self.assertEqual(refused.status, 400)
        self.assertEqual(greeted_user(browser.get("/").body), username)

        done = browser.post("/logout", {"csrf_token": stack.csrf_token(confirm.body)})
        self.assertEqual(done.status, 302)
        self.assertEqual(done.location, "/")
        self.assertIn("Max-Age=0", session_cookie_line(self.stack, done))
        self.assertNotIn(self.stack.cookie("session"), browser.cookies)
        self.assertIsNone(greeted_user(browser.get("/").body))

    def test_an_anonymous_logout_page_goes_home(self):
        reply = self.stack.browser().get("/logout")
        self.assertEqual(reply.status, 302)
        self.assertEqual(reply.location, "/")

    def test_logged_in_visitors_are_sent_home_from_login_and_register(self):
        _, address = self.new_account()
        browser = self.log_in(address)
        for path in ["/login", "/register"]:
            with self.subTest(path=path):
                reply = browser.get(path)
                self.assertEqual(reply.status, 302)
                self.assertEqual(reply.location, "/")


if __name__ == "__main__":
    unittest.main()
