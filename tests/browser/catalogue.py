"""The shipped translations as the site reads them (make's .mo files), so a browser test
compares a page with the catalogue rather than with a copy of a translation."""
import gettext
import glob
import os

from chrome import stack

# English, then each language with a catalogue in po/.
LANGUAGES = ["en"] + sorted(os.path.basename(path).removesuffix(".po")
                            for path in glob.glob(os.path.join(stack.ROOT, "po", "*.po")))


class Catalogue:
    """One language's texts; in English every text is its msgid."""

    def __init__(self, language):
        self.language = language
        if language == "en":
            self.texts = gettext.NullTranslations()
        else:
            self.texts = gettext.translation("pwreset", os.path.join(stack.BUILD, "locale"), [language])

    def text(self, msgid):
        """msgid in this language; outside English it must differ, or a page left in English
        would pass for a translated one."""
        return self._checked(msgid, self.texts.gettext(msgid))

    def plural(self, singular, plural, count):
        """The form for count (unformatted, its %d still in it), checked as text() is."""
        return self._checked(singular, self.texts.ngettext(singular, plural, count))

    def _checked(self, msgid, translation):
        if self.language != "en" and translation == msgid:
            raise AssertionError(f"{self.language} has no translation of {msgid!r} that differs from English")
        return translation
