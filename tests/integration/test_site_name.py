"""site_name: a site shows its own name in the navbar, every page title and the notice mails,
escaped in the pages, without editing a template."""
import time
import unittest

from web_site import NEW_PASSWORD, StackTestCase, link_path, submit

SITE_NAME = "Ma <Cuisine> & Co"
ESCAPED = "Ma &lt;Cuisine&gt; &amp; Co"


class SiteName(StackTestCase):
    options = {"site_name": SITE_NAME}

    def test_every_page_names_the_site_in_its_title_and_navbar(self):
        browser = self.stack.browser()
        for method, path, title in (("GET", "/", "Home"), ("GET", "/login", "Login"),
                                    ("GET", "/register", "Register"),
                                    ("GET", "/reset_password", "Reset Password"),
                                    ("PUT", "/login", "Error 405")):
            with self.subTest(method=method, path=path):
                page = browser.request(method, path)
                self.assertIn(f"<title>{ESCAPED} - {title}</title>", page.body)
                self.assertIn(f'href="/">{ESCAPED}</a>', page.body)
                self.assertNotIn("Flask Blog", page.body)
                self.assertNotIn("<Cuisine>", page.body)

    def test_the_password_changed_notice_names_the_site(self):
        _, address = self.new_account()
        reply = submit(self.stack.browser(), link_path(self.mailed_link(address)),
                       {"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
        self.assertEqual(reply.status, 302)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            notices = [m for m in self.stack.mails()
                       if m["To"] == address and m["Subject"] == "Your password has been changed"]
            if notices:
                break
            time.sleep(0.05)
        [notice] = notices
        self.assertIn(f"account at {SITE_NAME} was changed on",
                      notice.get_content())


if __name__ == "__main__":
    unittest.main()
