"""Every page in its empty and its error state, in every shipped language, checked by axe-core
(the accessibility engine browsers' own tools use) inside Chromium: no violation of WCAG 2.2
A/AA or axe's best practices, so colours have enough contrast, each page has its heading and
says its language."""
import os
import unittest

import chrome
from catalogue import LANGUAGES
from chrome import stack

AXE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node_modules", "axe-core", "axe.min.js")
PASSWORD = "tangerine-orbit-lantern-42"
MISTAKES = {"username": "x", "email": "nobody@example", "password": "passwordpasswordpassword",
            "confirm_password": "other"}


class AxeTestCase(chrome.BrowserTestCase):
    """One Chromium that asks for each language in turn, with axe-core loaded into each page."""

    @classmethod
    def setUpClass(cls):
        if not os.path.exists(AXE):
            raise RuntimeError(f"{AXE} is missing: run scripts/install-deps (npm ci in tests/browser)")
        with open(AXE, encoding="utf-8") as source:
            cls.axe_source = source.read()
        super().setUpClass()
        cls.users = 0

    def start_in(self, language):
        """A new visitor (no session, no flash waiting) whose browser asks for language."""
        self.language = language
        self.browser.ask_for_language(language)
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
        with self.subTest(state=state, language=self.language):
            where = f"{state} in {self.language}: {self.browser.driver.current_url}"
            self.assertEqual(self.browser.page_language(), self.language, where)
            self.assertEqual(self.violations(), [], where)


class Accessibility(AxeTestCase):
    def setUp(self):
        # Cookies belong to a site: delete_all_cookies() works only on one of its pages.
        self.browser.open(self.site.base_url + "/login")

    def submit_mistakes(self, names):
        for name in names:
            self.browser.fill(name, MISTAKES[name])
        self.browser.submit()
        self.assertTrue(self.browser.script("return document.querySelector('.is-invalid') !== null"))

    def test_every_anonymous_page_in_its_empty_and_error_state(self):
        for language in LANGUAGES:
            self.start_in(language)
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
        browser = self.browser
        for language in LANGUAGES:
            self.start_in(language)
            email_address = self.new_user()
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
        for language in LANGUAGES:
            self.start_in(language)
            for method, path in (("PUT", "/login"), ("DELETE", "/reset_password")):
                reply = self.site.browser().request(method, path, headers={"Accept-Language": language})
                self.assertEqual(reply.status, 405)
                # The page as the server sent it, shown at its own address so its styles load.
                self.browser.open(self.site.base_url + path)
                self.browser.script("document.open(); document.write(arguments[0]); document.close();",
                                    reply.body)
                self.check(f"{method} {path}: error {reply.status}")


class BesideAnotherSite(AxeTestCase):
    """The reset pages beside a site that is not Flask: the messages show on a page of ours."""

    options = {"site_pages": "no", "login_url": "/account/sign-in"}
    environment = {"SNIPPET": "pwreset-reset"}

    def setUp(self):
        self.browser.open(self.site.base_url + "/reset_password")

    def test_the_reset_pages_and_both_notices(self):
        browser = self.browser
        for language in LANGUAGES:
            self.start_in(language)
            email_address = self.new_user()
            mails_before = len(self.site.mails())
            browser.open(self.site.base_url + "/reset_password")
            self.check("reset request beside a site")
            browser.fill("email", email_address)
            browser.submit()
            self.assertEqual(browser.flashes()[0][0], "info")
            self.check("notice: the mail is sent")
            [link] = stack.reset_links(self.site.wait_for_mails(mails_before + 1)[-1])
            browser.open(link)
            self.check("new password beside a site")
            browser.fill("password", PASSWORD + "-new")
            browser.fill("confirm_password", PASSWORD + "-new")
            browser.submit()
            self.assertEqual(browser.flashes()[0][0], "success")
            self.check("notice: the password is changed")

if __name__ == "__main__":
    unittest.main()
