"""Every page in its empty and its error state, checked by axe-core (the accessibility engine
browsers' own tools use) inside Chromium: no violation of WCAG 2.2 A/AA or axe's best
practices, so colours have enough contrast and each page has its heading."""
import os
import unittest

import chrome
from chrome import stack

AXE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node_modules", "axe-core", "axe.min.js")
PASSWORD = "tangerine-orbit-lantern-42"
MISTAKES = {"username": "x", "email": "nobody@example", "password": "passwordpasswordpassword",
            "confirm_password": "other"}


class Accessibility(chrome.BrowserTestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.exists(AXE):
            raise RuntimeError(f"{AXE} is missing: run scripts/install-deps (npm ci in tests/browser)")
        with open(AXE, encoding="utf-8") as source:
            cls.axe_source = source.read()
        super().setUpClass()
        cls.users = 0

    def setUp(self):
        self.browser.open(self.site.base_url + "/login")
        self.browser.driver.delete_all_cookies()

    def new_user(self):
        type(self).users += 1
        email_address = f"reader{self.users}@example.org"
        self.site.add_user(f"reader{self.users}", email_address, PASSWORD)
        return email_address

    def violations(self):
        """axe-core's violations on the page as it is now: [(rule, impact, [element, ...])]."""
        # A button's colour fading in on focus would be measured half way.
        self.browser.settle()
        self.browser.script(self.axe_source)
        found = self.browser.driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ['violations']})
                .then(results => done(results.violations.map(rule =>
                    [rule.id, rule.impact, rule.nodes.map(node => node.target.join(' '))])))
                .catch(error => done([['axe-error', String(error), []]]));""")
        return [tuple(rule) for rule in found]

    def check(self, state):
        with self.subTest(state=state):
            self.assertEqual(self.violations(), [], f"{state}: {self.browser.driver.current_url}")

    def submit_mistakes(self, names):
        for name in names:
            self.browser.fill(name, MISTAKES[name])
        self.browser.submit()
        self.assertTrue(self.browser.script("return document.querySelector('.is-invalid') !== null"))

    def test_every_anonymous_page_in_its_empty_and_error_state(self):
        link = self.site.tool("reset-link", "--email", self.new_user()).stdout.strip()
        pages = [("/", None), ("/login", ["email", "password"]),
                 ("/register", ["username", "email", "password", "confirm_password"]),
                 ("/reset_password", ["email"]),
                 (link[len(self.site.base_url):], ["password", "confirm_password"])]
        for path, mistakes in pages:
            self.browser.open(self.site.base_url + path)
            self.check(f"{path.split('/')[1] or 'home'} empty")
            if mistakes:
                self.submit_mistakes(mistakes)
                self.check(f"{path.split('/')[1]} with errors")

    def test_pages_with_flashes_and_the_logged_in_pages(self):
        email_address = self.new_user()
        browser = self.browser
        browser.open(self.site.base_url + "/reset_password/not-a-token")
        self.check("invalid link: warning flash on the reset request")
        browser.open(self.site.base_url + "/login")
        browser.fill("email", email_address)
        browser.fill("password", PASSWORD)
        browser.submit()
        self.check("home, logged in")
        browser.open(self.site.base_url + "/logout")
        self.check("logout confirm")
        browser.submit()
        self.check("home after logout")

    def test_error_pages(self):
        for method, path in (("PUT", "/login"), ("DELETE", "/reset_password")):
            reply = self.site.browser().request(method, path)
            self.assertEqual(reply.status, 405)
            # The page as the server sent it, shown at its own address so its styles load.
            self.browser.open(self.site.base_url + path)
            self.browser.script("document.open(); document.write(arguments[0]); document.close();",
                                reply.body)
            self.check(f"{method} {path}: error {reply.status}")


if __name__ == "__main__":
    unittest.main()
