"""What a person notices on each page in a real browser: the style loads, every input has its
label and the autocomplete a password manager needs, the first field has focus, the forms
work with the keyboard alone, and nothing scrolls sideways on a 375-px phone."""
import unittest

import chrome
from catalogue import Catalogue
from chrome import stack

PASSWORD = "tangerine-orbit-lantern-42"
NEW_PASSWORD = "marble-harbour-violet-97"

# Not the default 15, so a page that ignored the config would show.
MIN_LENGTH = 17
RULES = ("At least %d characters and at most %d bytes; not your username or the name in your email "
         "address, and not a dictionary word.")
RULES_HELP = RULES % (MIN_LENGTH, 72)
PASSWORD_RULES = f"minlength: {MIN_LENGTH}; maxlength: 72; allowed: ascii-printable;"

# Input the browser lets through but the site rejects, so each page shows its error lines.
MISTAKES = {"username": "x", "email": "nobody@example", "password": "passwordpasswordpassword",
            "confirm_password": "other"}

# site.css's teal for the .btn-outline-info button (Bootstrap's own darker teal, for contrast),
# and its navbar colour.
BOOTSTRAP_INFO = "rgb(17, 122, 139)"
SITE_STEEL = "rgb(82, 104, 121)"


class PageChecks(chrome.BrowserTestCase):
    options = {"password_min_length": MIN_LENGTH}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = 0

    def setUp(self):
        self.browser.open(self.site.base_url + "/login")
        self.browser.driver.delete_all_cookies()

    def new_user(self):
        """A fresh account per test, so no test depends on another's password change."""
        type(self).users += 1
        email_address = f"visitor{self.users}@example.org"
        self.site.add_user(f"visitor{self.users}", email_address, PASSWORD)
        return email_address

    def form_pages(self):
        """(path, its fields, its button) of every form page a visitor can reach."""
        link = self.site.tool("reset-link", "--email", self.new_user()).stdout.strip()
        return [
            ("/login", chrome.LOGIN_FIELDS, "Login"),
            ("/register", chrome.REGISTER_FIELDS, "Sign Up"),
            ("/reset_password", chrome.REQUEST_FIELDS, "Request Password Reset"),
            (link[len(self.site.base_url):], chrome.NEW_PASSWORD_FIELDS, "Reset Password"),
        ]

    def test_bootstrap_and_the_site_style_are_applied(self):
        browser = self.browser
        browser.open(self.site.base_url + "/login")
        button = browser.computed_style("#submit", "border-top-color", "color", "display")
        self.assertEqual(button, {"border-top-color": BOOTSTRAP_INFO, "color": BOOTSTRAP_INFO,
                                  "display": "inline-block"}, "bootstrap.min.css did not apply")
        navbar = browser.computed_style("nav.navbar", "background-color", "position")
        self.assertEqual(navbar, {"background-color": SITE_STEEL, "position": "fixed"},
                         "site.css or bootstrap.min.css did not apply")
        form = browser.computed_style(".content-section", "background-color")
        self.assertEqual(form, {"background-color": "rgb(255, 255, 255)"}, "site.css did not apply")

    def test_every_input_has_its_label_autocomplete_and_the_right_button(self):
        for path, fields, button in self.form_pages():
            with self.subTest(path=path.split("/")[1]):
                self.browser.open(self.site.base_url + path)
                expected = [(name, autocomplete, (label,)) for name, autocomplete, label in fields]
                self.assertEqual(self.browser.form_fields(), expected)
                self.assertEqual(self.browser.script("return document.querySelector('#submit').value"),
                                 button)

    def test_new_password_fields_state_their_rules_before_any_submit(self):
        for path, fields, _ in self.form_pages():
            with self.subTest(path=path.split("/")[1]):
                self.browser.open(self.site.base_url + path)
                names = [name for name, _, _ in fields]
                if "confirm_password" not in names:
                    self.assertEqual(self.browser.field_rules(names[0]), [[], None, None])
                    continue
                self.assertEqual(self.browser.field_rules("password"),
                                 [[RULES_HELP], str(MIN_LENGTH), PASSWORD_RULES])
                # After a refused submit the rules still show, beside the reasons.
                for name in names[:-2]:
                    self.browser.fill(name, MISTAKES[name])
                self.browser.fill("password", "x" * MIN_LENGTH)
                self.browser.fill("confirm_password", "other")
                self.browser.submit()
                self.assertEqual(self.browser.field_rules("confirm_password"),
                                 [["Field must be equal to password."], None, None])
                self.assertEqual(self.browser.field_rules("password")[0][0], RULES_HELP)

    def test_the_rules_come_in_the_visitors_language_with_the_configured_minimum(self):
        link = self.site.tool("reset-link", "--email", self.new_user()).stdout.strip()
        self.browser.ask_for_language("de")
        self.addCleanup(self.browser.ask_for_language, None)
        self.browser.open(link)
        german = Catalogue("de").plural(RULES, RULES, MIN_LENGTH) % (MIN_LENGTH, 72)
        self.assertEqual(self.browser.field_rules("password"), [[german], str(MIN_LENGTH), PASSWORD_RULES])

    def test_the_first_field_has_focus(self):
        for path, fields, _ in self.form_pages():
            with self.subTest(path=path.split("/")[1]):
                self.browser.open(self.site.base_url + path)
                self.assertEqual(self.browser.focused_field(), fields[0][0])

    def test_pages_fit_a_phone_screen(self):
        email_address = self.new_user()
        browser = self.browser
        for path, fields, _ in self.form_pages():
            with self.subTest(path=path.split("/")[1]):
                browser.open(self.site.base_url + path)
                for name, _, _ in fields:
                    if name in MISTAKES:
                        browser.fill(name, MISTAKES[name])
                browser.submit()
                self.assertTrue(browser.script("return document.querySelector('.is-invalid') !== null"))
                self.assertLessEqual(browser.phone_scroll_width(), chrome.PHONE["width"])
        browser.open(self.site.base_url + "/login")
        browser.fill("email", email_address)
        browser.fill("password", PASSWORD)
        browser.submit()
        self.assertEqual(browser.path, "/")
        self.assertLessEqual(browser.phone_scroll_width(), chrome.PHONE["width"])

    def test_login_reset_and_login_again_with_the_keyboard_alone(self):
        browser, site = self.browser, self.site
        email_address = self.new_user()
        mails_before = len(site.mails())

        browser.open(site.base_url + "/reset_password")
        browser.press(email_address)
        browser.press_enter_to_submit()
        self.assertEqual(browser.path, "/login")
        self.assertEqual(browser.flashes()[0][0], "info")

        links = stack.reset_links(site.wait_for_mails(mails_before + 1)[-1])
        browser.open(links[0])
        browser.press(NEW_PASSWORD, chrome.Keys.TAB)
        self.assertEqual(browser.focused_field(), "confirm_password")
        browser.press(NEW_PASSWORD)
        browser.press_enter_to_submit()
        self.assertEqual(browser.path, "/login")
        self.assertEqual(browser.flashes()[0][0], "success")

        browser.press(email_address, chrome.Keys.TAB)
        self.assertEqual(browser.focused_field(), "password")
        browser.press(NEW_PASSWORD)
        browser.press_enter_to_submit()
        self.assertEqual(browser.path, "/")
        page_text = browser.script("return document.body.innerText")
        self.assertIn("You are logged in as " + email_address, page_text)


if __name__ == "__main__":
    unittest.main()
