"""The translations: po/pwreset.pot holds exactly the texts the sources mark, and every shipped
language translates each of them, none fuzzy, in a catalogue msgfmt --check accepts."""
import glob
import os
import re
import subprocess
import tempfile
import unittest

from stack import ROOT

PO = os.path.join(ROOT, "po")


def catalogue_texts(path):
    """The msgids (and plurals) of a .po or .pot file, header left out, as msgcat sorts them."""
    listed = subprocess.run(["msgcat", "--sort-output", "--no-location", "--no-wrap", path],
                            capture_output=True, text=True, check=True).stdout
    return [line for line in listed.splitlines() if line.startswith(("msgid ", "msgid_plural "))
            and line != 'msgid ""']


class Catalogues(unittest.TestCase):
    def test_the_template_is_made_from_the_current_sources(self):
        with tempfile.TemporaryDirectory() as scratch:
            made = os.path.join(scratch, "pwreset.pot")
            subprocess.run(["make", "--no-print-directory", "-s", "pot", f"POT={made}"], cwd=ROOT, check=True,
                           capture_output=True)
            self.assertEqual(catalogue_texts(made), catalogue_texts(os.path.join(PO, "pwreset.pot")),
                             "po/pwreset.pot is out of date: run `make po-update` and translate what is new")

    def test_every_language_translates_every_text(self):
        languages = sorted(os.path.basename(path)[:-3] for path in glob.glob(os.path.join(PO, "*.po")))
        self.assertEqual(languages, ["de", "es", "fr"])
        template = os.path.join(PO, "pwreset.pot")
        for language in languages:
            with self.subTest(language=language):
                po = os.path.join(PO, f"{language}.po")
                self.assertEqual(catalogue_texts(po), catalogue_texts(template))
                checked = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, po],
                                         capture_output=True, text=True)
                self.assertEqual(checked.returncode, 0, checked.stderr)
                self.assertRegex(checked.stderr.strip(), r"^\d+ translated messages\.$",
                                 "untranslated or fuzzy messages")
                for kind in ("--untranslated", "--only-fuzzy"):
                    left = subprocess.run(["msgattrib", kind, "--no-obsolete", po],
                                          capture_output=True, text=True, check=True).stdout
                    self.assertEqual(re.findall(r'^msgid "(.+)"', left, re.M), [], f"{kind} in {language}.po")


if __name__ == "__main__":
    unittest.main()
