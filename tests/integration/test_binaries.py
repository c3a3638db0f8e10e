"""The programs as built: every one is linked with full RELRO, so its table of library
addresses is filled at start and read-only afterwards (an overwrite of it cannot redirect
a call)."""
import glob
import os
import subprocess
import unittest

from stack import BUILD


def programs():
    """The admin tool, pwreset-fcgi and each page's plain-CGI program of this build."""
    found = [os.path.join(BUILD, "pwreset"), os.path.join(BUILD, "pwreset-fcgi")]
    found += sorted(glob.glob(os.path.join(BUILD, "cgi-bin", "*")))
    return [path for path in found if os.path.isfile(path) and os.access(path, os.X_OK)]


class BinariesTest(unittest.TestCase):
    def test_every_program_is_linked_with_full_relro(self):
        built = programs()
        self.assertGreaterEqual(len(built), 8, built)
        for path in built:
            with self.subTest(program=os.path.relpath(path, BUILD)):
                segments = subprocess.run(["readelf", "--wide", "--segments", path], check=True,
                                          capture_output=True, text=True).stdout
                dynamic = subprocess.run(["readelf", "--wide", "--dynamic", path], check=True,
                                         capture_output=True, text=True).stdout
                self.assertIn("GNU_RELRO", segments)
                self.assertRegex(dynamic, r"\(FLAGS_1\)\s+Flags:.*\bNOW\b")


if __name__ == "__main__":
    unittest.main()
