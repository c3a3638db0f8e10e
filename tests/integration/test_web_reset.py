"""The reset walk through nginx, as the seed describes it: request form, mail, link, new
password, and everything that must stop working afterwards."""
import json
import unittest

import stack
from web_site import (INVALID_TOKEN, LOGIN_FAILED, MAIL_SENT, NEW_PASSWORD, OLD_PASSWORD,
                      PASSWORD_UPDATED, RESET_BODY, RESET_SUBJECT, StackTestCase, field_errors,
                      flashes, greeted_user, link_path, submit)


class ResetWalkTest(StackTestCase):

    def test_the_request_form_asks_for_an_email(self):
        page = self.stack.browser().get("/reset_password")
        self.assertEqual(page.status, 200)
        self.assertIn("<title>Flask Blog - Reset Password</title>", page.body)
        self.assertIn('<legend class="border-bottom mb-4"><h1 class="legend-heading">Reset Password</h1></legend>', page.body)
        self.assertIn('name="email" type="email"', page.body)
        self.assertIn('type="submit" value="Request Password Reset"', page.body)
        self.assertRegex(stack.csrf_token(page.body), r"^[0-9a-f]{64}$")
        self.assertIn('<input type="hidden" name="csrf_token"', page.body)

    def test_a_known_email_gets_the_seed_mail_and_a_flash_shown_once(self):
        _, address = self.new_account()
        browser = self.stack.browser()
        sent = self.request_reset(address, browser)
        self.assertEqual(sent.status, 302, sent.body[:2000])
        self.assertEqual(sent.location, "/login")
        self.assert_flashed(browser, "/login", "info", MAIL_SENT)
        self.assertEqual(flashes(browser.get("/login").body), [])

        message = self.wait_for_reset_mail(address)
        self.assertEqual(message["Subject"], RESET_SUBJECT)
        self.assertEqual(message["From"], "noreply@demo.com")
        self.assertEqual(message["To"], address)
        [link] = stack.reset_links(message)
        self.assertRegex(link, "^" + self.stack.base_url + r"/reset_password/[\w-]+\.[\w-]+\.[\w-]+$")
        text = message.get_body(preferencelist=("plain",)).get_content()
        self.assertEqual(text, RESET_BODY.format(link=link))

    def test_the_request_form_explains_each_refusal_and_sends_nothing(self):
        cases = [
            ("nobody@example.com", "There is no account with that email. You must register first."),
            ("not-an-address", "Invalid email address."),
            ("", "This field is required."),
            ("   ", "This field is required."),
        ]
        for address, message in cases:
            with self.subTest(email=address):
                reply = self.request_reset(address)
                self.assertEqual(reply.status, 200, reply.body[:2000])
                self.assertEqual(field_errors(reply.body, "email"), [message])
                self.assertIn("form-control form-control-lg is-invalid", reply.body)
                self.assertEqual(flashes(reply.body), [])
                self.assertEqual(self.reset_mails(address), [])

    def test_the_link_sets_a_new_password_once(self):
        username, address = self.new_account()
        link = self.mailed_link(address)
        browser = self.stack.browser()
        form = browser.get(link_path(link))
        self.assertEqual(form.status, 200, form.body[:2000])
        self.assertIn('name="password" type="password"', form.body)
        self.assertIn('name="confirm_password" type="password"', form.body)
        self.assertIn('type="submit" value="Reset Password"', form.body)
        token = stack.csrf_token(form.body)

        mismatch = browser.post(link_path(link), {"csrf_token": token, "password": NEW_PASSWORD,
                                                  "confirm_password": NEW_PASSWORD + "x"})
        self.assertEqual(mismatch.status, 200)
        self.assertEqual(field_errors(mismatch.body, "confirm_password"),
                         ["Field must be equal to password."])
        self.assertEqual(field_errors(mismatch.body, "password"), [])
        self.log_in(address, OLD_PASSWORD)

        done = browser.post(link_path(link), {"csrf_token": token, "password": NEW_PASSWORD,
                                              "confirm_password": NEW_PASSWORD})
        self.assertEqual(done.status, 302, done.body[:2000])
        self.assertEqual(done.location, "/login")
        self.assert_flashed(browser, "/login", "success", PASSWORD_UPDATED)

        self.assertEqual(greeted_user(self.log_in(address, NEW_PASSWORD).get("/").body), username)
        refused = submit(self.stack.browser(), "/login", {"email": address, "password": OLD_PASSWORD})
        self.assertEqual(refused.status, 200)
        self.assertEqual(flashes(refused.body), [("danger", LOGIN_FAILED)])

        again = self.stack.browser()
        second = again.get(link_path(link))
        self.assertEqual(second.status, 302)
        self.assertEqual(second.location, "/reset_password")
        self.assert_flashed(again, "/reset_password", "warning", INVALID_TOKEN)
        self.assertEqual(self.stack.browser().post(link_path(link), {
            "csrf_token": token, "password": "another-" + NEW_PASSWORD,
            "confirm_password": "another-" + NEW_PASSWORD}).status, 400)
        self.log_in(address, NEW_PASSWORD)

    def test_new_passwords_are_checked_and_each_refusal_says_why(self):
        _, address = self.new_account()
        path = link_path(self.mailed_link(address))
        cases = [
            ("short-one-22", "Field must be at least 15 characters long."),
            ("x" * 73, "Field must be at most 72 bytes long: bcrypt, which stores passwords, "
                       "reads no more than that."),
            ("password12345678", "Password is too easy to guess:"),
        ]
        browser = self.stack.browser()
        for password, message in cases:
            with self.subTest(password=password):
                reply = submit(browser, path, {"password": password, "confirm_password": password})
                self.assertEqual(reply.status, 200, reply.body[:2000])
                [error] = field_errors(reply.body, "password")
                self.assertTrue(error.startswith(message), error)
        self.log_in(address, OLD_PASSWORD)

    def test_a_reset_logs_out_every_other_session(self):
        username, address = self.new_account()
        before = self.log_in(address)
        remembered = self.log_in(address, remember=True)
        self.assertEqual(greeted_user(before.get("/").body), username)
        path = link_path(self.mailed_link(address))
        fields = {"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
        done = submit(self.stack.browser(), path, fields)
        self.assertEqual(done.status, 302, done.body[:2000])
        for browser in (before, remembered):
            page = browser.get("/")
            self.assertEqual(page.status, 200)
            self.assertIsNone(greeted_user(page.body))
            self.assertIn('href="/login">Login</a>', page.body)

    def test_the_access_log_holds_no_token_after_a_reset_walk(self):
        _, address = self.new_account()
        link = self.mailed_link(address)
        browser = self.stack.browser()
        submit(browser, link_path(link), {"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
        browser.get(link_path(link))
        self.wait_for_log_line(browser)
        log = self.stack.log("access")
        self.assertIn('"POST /reset_password/[token] HTTP/1.1" 302', log)
        self.assertNotIn(link_path(link).rsplit("/", 1)[1], log)
        for part in link_path(link).rsplit("/", 1)[1].split("."):
            self.assertNotIn(part, log)

    def test_a_forged_host_header_still_mails_a_base_url_link(self):
        _, address = self.new_account()
        for headers in ({"Host": "evil.example"},
                        {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}):
            with self.subTest(headers=headers):
                before = len(self.reset_mails(address))
                self.assertEqual(self.request_reset(address, headers=headers).status, 302)
                message = self.wait_for_reset_mail(address, before + 1)
                [link] = stack.reset_links(message)
                self.assertTrue(link.startswith(self.stack.base_url + "/reset_password/"), link)
                self.assertNotIn("evil", message.as_string())

    def test_a_flask_style_token_is_refused_without_legacy_tokens(self):
        _, address = self.new_account()
        [listed] = [line for line in self.stack.tool("user", "list").stdout.splitlines() if address in line]
        user_id = int(listed.split()[0])
        payload = json.dumps({"user_id": user_id}, separators=(",", ":"))
        token = self.stack.tool("token", "mint", "--payload", payload).stdout.strip()
        browser = self.stack.browser()
        reply = browser.get("/reset_password/" + token)
        self.assertEqual(reply.status, 302)
        self.assertEqual(reply.location, "/reset_password")
        self.assert_flashed(browser, "/reset_password", "warning", INVALID_TOKEN)

    def test_a_logged_in_visitor_is_sent_home_from_both_reset_pages(self):
        _, address = self.new_account()
        path = link_path(self.mailed_link(address))
        browser = self.log_in(address)
        # The logout confirmation is a form a logged-in visitor can load, so it gives a CSRF token.
        token = stack.csrf_token(browser.get("/logout").body)
        fields = {"csrf_token": token, "email": address, "password": NEW_PASSWORD,
                  "confirm_password": NEW_PASSWORD}
        for where in ["/reset_password", path]:
            for method in ["GET", "POST"]:
                with self.subTest(method=method, path=where):
                    reply = browser.get(where) if method == "GET" else browser.post(where, fields)
                    self.assertEqual(reply.status, 302, reply.body[:2000])
                    self.assertEqual(reply.location, "/")
        self.assertEqual(len(self.reset_mails(address)), 1)
        self.log_in(address, OLD_PASSWORD)


if __name__ == "__main__":
    unittest.main()
