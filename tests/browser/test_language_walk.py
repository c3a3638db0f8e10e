"""A person whose Chromium is set up in German (then French, then Spanish) forgets their
password: every page, flash, form error and both mails come in that language, each text as
the shipped catalogue has it, and the reset works to the end."""
import html
import unittest

import chrome
from catalogue import Catalogue
from chrome import stack

OLD_PASSWORD = "tangerine-orbit-lantern-42"
NEW_PASSWORD = "marble-harbour-violet-97"
# The language of the README's second set of screenshots.
SCREENSHOT_LANGUAGE = "de"
MIN_LENGTH = 15
MAX_BYTES = 72
RULES = ("At least %d characters and at most %d bytes; not your username or the name in your email "
         "address, and not a dictionary word.")


class Walk:
    """The whole reset in self.language; each subclass names one language and gets a fresh
    stack and a fresh Chromium started in it."""

    options = {"password_min_length": MIN_LENGTH}

    def assert_page(self, path, heading):
        self.assertEqual(self.browser.path, path)
        self.assertEqual(self.browser.page_language(), self.language)
        self.assertEqual(self.browser.heading(), heading)
        # Longer words than English's must still fit a phone, the navbar's links too.
        self.assertEqual(self.browser.cut_off_on_phone(), [], f"{path} on a 375-px phone")

    def shoot(self, name):
        if self.language == SCREENSHOT_LANGUAGE:
            self.browser.shoot(f"{self.language}-{name}")

    @staticmethod
    def labelled(texts, fields):
        """chrome's (name, autocomplete, English label) rows with the label from texts."""
        return [(name, autocomplete, (texts.text(label),)) for name, autocomplete, label in fields]

    def test_the_whole_reset_in_the_browsers_language(self):
        browser, site, texts = self.browser, self.site, Catalogue(self.language)
        site.add_user("jane", "jane@example.org", OLD_PASSWORD)
        mails_before = len(site.mails())

        browser.open(site.base_url + "/login")
        self.assert_page("/login", texts.text("Log In"))
        browser.click_link(texts.text("Forgot Password?"))
        self.assert_page("/reset_password", texts.text("Reset Password"))
        self.assertEqual(browser.form_fields(), self.labelled(texts, chrome.REQUEST_FIELDS))
        self.assertEqual(browser.button(), texts.text("Request Password Reset"))

        browser.fill("email", "jane@example.com")
        browser.submit()
        self.assertEqual(browser.field_errors("email"),
                         [texts.text("There is no account with that email. You must register first.")])
        self.shoot("reset-request-error")
        browser.fill("email", "jane@example.org")
        browser.submit()
        self.assert_page("/login", texts.text("Log In"))
        self.assertEqual(browser.flashes(), [
            ("info", texts.text("An email has been sent with instructions to reset your password."))])

        mail = site.wait_for_mails(mails_before + 1)[-1]
        self.assertEqual(mail["Subject"], texts.text("Password Reset Request"))
        [link] = stack.reset_links(mail)
        visit = texts.text("To reset your password, visit the following link:")
        ignore = texts.text("If you did not make this request, then simply ignore this email and no change "
                            "will happen.")
        self.assertEqual(mail.get_body(preferencelist=("plain",)).get_content(), f"{visit}\n{link}\n\n{ignore}\n")
        page = mail.get_body(preferencelist=("html",)).get_content()
        for part in (f'<html lang="{self.language}">', html.escape(visit), html.escape(ignore)):
            self.assertIn(part, page)

        browser.open(link)
        self.assert_page(link[len(site.base_url):], texts.text("Reset Password"))
        self.assertEqual(browser.form_fields(), self.labelled(texts, chrome.NEW_PASSWORD_FIELDS))
        self.assertEqual(browser.field_rules("password")[0],
                         [texts.plural(RULES, RULES, MIN_LENGTH) % (MIN_LENGTH, MAX_BYTES)])
        self.assertEqual(browser.button(), texts.text("Reset Password"))
        self.shoot("reset-token")
        browser.fill("password", NEW_PASSWORD)
        browser.fill("confirm_password", NEW_PASSWORD)
        browser.submit()
        self.assert_page("/login", texts.text("Log In"))
        self.assertEqual(browser.flashes(), [
            ("success", texts.text("Your password has been updated! You are now able to log in!"))])
        self.shoot("login-success")
        notice = site.wait_for_mails(mails_before + 2)[-1]
        self.assertEqual(notice["Subject"], texts.text("Your password has been changed"))

        browser.fill("email", "jane@example.org")
        browser.fill("password", NEW_PASSWORD)
        browser.submit()
        self.assert_page("/", texts.text("Hello, %s!") % "jane")


class GermanWalk(Walk, chrome.BrowserTestCase):
    language = "de"


class FrenchWalk(Walk, chrome.BrowserTestCase):
    language = "fr"


class SpanishWalk(Walk, chrome.BrowserTestCase):
    language = "es"


if __name__ == "__main__":
    unittest.main()
