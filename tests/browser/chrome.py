"""Test fixture: Debian's headless Chromium driven by Selenium, as a person's browser at
desktop and phone width, with the checks and screenshots the browser tests share."""
import os
import shutil
import sys
import tempfile
import unittest
import urllib.parse

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import stack  # noqa: E402  (the shared fixture lives beside the integration tests)

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")
DESKTOP = {"width": 1280, "height": 800, "mobile": False}
PHONE = {"width": 375, "height": 740, "mobile": True}
SCREENSHOTS = os.path.join(stack.ROOT, "docs", "screenshots")
WAIT_SECONDS = 10

# Each form page's visible inputs in page order: (name, autocomplete, label).
LOGIN_FIELDS = [("email", "email", "Email"), ("password", "current-password", "Password"),
                ("remember", "", "Remember Me")]
REQUEST_FIELDS = [("email", "email", "Email")]
NEW_PASSWORD_FIELDS = [("password", "new-password", "Password"),
                       ("confirm_password", "new-password", "Confirm Password")]
REGISTER_FIELDS = [("username", "username", "Username"),
                   ("email", "email", "Email")] + NEW_PASSWORD_FIELDS


def screenshots_wanted():
    """Screenshots are written only on request, so a test run leaves the tree as it was."""
    return os.environ.get("PWRESET_SCREENSHOTS") == "1"


# What Chromium set up in each language asks for: the language in its country, then the language.
ACCEPT_LANGUAGES = {"de": "de-DE,de", "fr": "fr-FR,fr", "es": "es-ES,es"}


class Chromium:
    """One headless Chromium with a fresh profile; quit() ends it and removes the profile.
    language: a browser set up in that language rather than English."""

    def __init__(self, language=None):
        for program in (CHROMIUM, CHROMEDRIVER):
            if not os.access(program, os.X_OK):
                raise RuntimeError(f"{program} is missing: run scripts/install-deps "
                                   "(Debian's chromium and chromium-driver)")
        self.profile = tempfile.mkdtemp(prefix="pwreset-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        flags = FLAGS + (f"--user-data-dir={self.profile}",)
        if language:
            # --lang is the interface language; headless Chromium on Linux does not derive the
            # languages it asks pages for from it, so --accept-lang sets those as a browser in
            # that language has them (sent as Accept-Language, and navigator.languages).
            flags += (f"--lang={language}", f"--accept-lang={ACCEPT_LANGUAGES[language]}")
        for flag in flags:
            options.add_argument(flag)
        try:
            self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        except WebDriverException:
            shutil.rmtree(self.profile, ignore_errors=True)
            raise
        self.viewport(DESKTOP)

    def quit(self):
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)

    def viewport(self, size):
        """Emulates the screen, so the page lays out exactly as on a device that wide."""
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    dict(size, deviceScaleFactor=1))

    def ask_for_language(self, language):
        """From now on every request asks for language, as a browser set up in it would;
        None: for the browser's own languages again."""
        headers = {"Accept-Language": ACCEPT_LANGUAGES.get(language, language)} if language else {}
        self.driver.execute_cdp_cmd("Network.enable", {})
        self.driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": headers})

    def script(self, code, *args):
        return self.driver.execute_script(code, *args)

    # Moving around.
    def open(self, url):
        self.driver.get(url)

    def navigate_by(self, action):
        """Runs action (a click, a key press) and waits for the next page to finish loading."""
        # A mark on the old page's window: the next page starts with a fresh window.
        self.script("window.pwresetOldPage = true")
        action()
        wait = WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=(WebDriverException,))
        try:
            wait.until(lambda driver: driver.execute_script(
                "return window.pwresetOldPage === undefined && document.readyState === 'complete'"))
        except TimeoutException:
            raise AssertionError(f"no new page within {WAIT_SECONDS} s; still at {self.driver.current_url}:\n"
                                 + self.script("return document.body.innerText")) from None

    def click_link(self, text):
        # WebDriver matches a link's visible text, in which a no-break space (French puts one
        # before "?") is a plain space.
        link = self.driver.find_element(By.LINK_TEXT, text.replace("\u00a0", " "))
        self.navigate_by(link.click)

    def submit(self):
        button = self.driver.find_element(By.CSS_SELECTOR, "form input[type=submit]")
        self.navigate_by(button.click)

    def press(self, *keys):
        """Key presses to whatever has focus, as a keyboard user makes them."""
        self.driver.switch_to.active_element.send_keys(*keys)

    def press_enter_to_submit(self):
        self.navigate_by(lambda: self.press(Keys.ENTER))

    def fill(self, name, text):
        field = self.driver.find_element(By.NAME, name)
        field.clear()
        field.send_keys(text)

    # What a person sees.
    @property
    def path(self):
        return urllib.parse.urlsplit(self.driver.current_url).path

    def flashes(self):
        """(category, text) of each flash message shown, in order."""
        return [tuple(pair) for pair in self.script("""
            return Array.from(document.querySelectorAll('.alert[role=alert]')).map(alert => [
                Array.from(alert.classList).find(name => name.startsWith('alert-')).slice(6),
                alert.textContent.trim()]);""")]

    def field_errors(self, name):
        """The error lines shown under a field: none when Bootstrap hides them or they sit elsewhere."""
        return self.script("""
            const field = document.getElementsByName(arguments[0])[0];
            const box = document.getElementById(arguments[0] + '-errors');
            if (!field || !box || getComputedStyle(box).display === 'none') return [];
            if (box.getBoundingClientRect().top < field.getBoundingClientRect().bottom) return [];
            return Array.from(box.querySelectorAll('span')).map(line => line.textContent.trim());
            """, name)

    def page_language(self):
        """What the page says it is written in: its <html lang>."""
        return self.script("return document.documentElement.lang")

    def button(self):
        return self.script("return document.querySelector('form input[type=submit]').value")

    def heading(self):
        """The page's main heading: a form's legend or the first h1."""
        return self.script("""
            const heading = document.querySelector('main legend, main h1');
            return heading ? heading.textContent.trim() : null;""")

    def form_fields(self):
        """(name, autocomplete, label texts) of each visible form input, in page order."""
        return [tuple(row[:2]) + (tuple(row[2]),) for row in self.script("""
            return Array.from(document.querySelectorAll('main form input'))
                .filter(input => input.type !== 'hidden' && input.type !== 'submit')
                .map(input => [input.name, input.getAttribute('autocomplete') || '',
                               Array.from(input.labels).map(label => label.textContent.trim())]);""")]

    def field_rules(self, name):
        """What a field states before any submit: the visible texts its aria-describedby names,
        and its minlength and passwordrules attributes."""
        return self.script("""
            const field = document.getElementsByName(arguments[0])[0];
            const ids = (field.getAttribute('aria-describedby') || '').split(' ').filter(id => id);
            const texts = ids.map(id => document.getElementById(id))
                .filter(node => node && node.offsetParent !== null)
                .map(node => node.textContent.trim());
            return [texts, field.getAttribute('minlength'), field.getAttribute('passwordrules')];
            """, name)

    def computed_style(self, selector, *properties):
        """{property: value} as the browser applies them to the first element matching selector."""
        return self.script("""
            const style = getComputedStyle(document.querySelector(arguments[0]));
            return Object.fromEntries(arguments[1].map(name => [name, style.getPropertyValue(name)]));
            """, selector, list(properties))

    def focused_field(self):
        return self.script("return document.activeElement && document.activeElement.name")

    def phone_scroll_width(self):
        """How wide the current page is on a 375-px phone; wider means sideways scrolling."""
        self.viewport(PHONE)
        try:
            return self.script("return document.documentElement.scrollWidth")
        finally:
            self.viewport(DESKTOP)

    def cut_off_on_phone(self):
        """The texts that end past the right edge of a 375-px phone: a fixed navbar never
        scrolls, so what sticks out of it is cut off without making the page wider."""
        self.viewport(PHONE)
        try:
            return self.script("""
                return Array.from(document.querySelectorAll('a, label, input, legend, .alert, .invalid-feedback'))
                    .filter(node => node.offsetParent !== null
                                    && node.getBoundingClientRect().right > window.innerWidth)
                    .map(node => node.textContent.trim() || node.name);""")
        finally:
            self.viewport(DESKTOP)

    def settle(self):
        """Waits until no CSS transition (a focus ring fading in) runs and a frame is painted."""
        self.driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            Promise.all(document.getAnimations().map(animation => animation.finished))
                .then(() => requestAnimationFrame(() => requestAnimationFrame(done)));""")

    def shoot(self, name):
        """docs/screenshots/NAME-desktop.png and NAME-phone.png of the page as it is now."""
        if not screenshots_wanted():
            return
        os.makedirs(SCREENSHOTS, exist_ok=True)
        # A blinking caret would make each run's pictures differ.
        self.script("document.documentElement.style.caretColor = 'transparent'")
        try:
            for size, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
                self.viewport(size)
                self.settle()
                self.driver.save_screenshot(os.path.join(SCREENSHOTS, f"{name}-{suffix}.png"))
        finally:
            self.viewport(DESKTOP)
            self.script("document.documentElement.style.caretColor = ''")


class BrowserTestCase(unittest.TestCase):
    """One stack and one browser per test class, stopped and removed after it; `options` are
    the stack's config overrides, `environment` scripts/stack's, `language` the browser's."""

    options = {}
    environment = {}
    language = None

    @classmethod
    def setUpClass(cls):
        directory = tempfile.mkdtemp(prefix="pwreset-browser-")
        cls.addClassCleanup(shutil.rmtree, directory, ignore_errors=True)
        cls.site = stack.Stack(directory, cls.options, cls.environment).start()
        cls.addClassCleanup(cls.site.stop)
        cls.browser = Chromium(cls.language)
        cls.addClassCleanup(cls.browser.quit)
