"""Every C++ source is laid out as .clang-format says, so a change shows only what it changes."""
import os
import shutil
import subprocess
import unittest

from test_repository import ROOT, tracked_files

CLANG_FORMAT = shutil.which("clang-format")


class CodeFormat(unittest.TestCase):
    @unittest.skipUnless(CLANG_FORMAT, "clang-format is not installed (scripts/install-deps installs it)")
    def test_every_source_is_formatted_as_clang_format_says(self):
        sources = [name for name in tracked_files() if name.endswith((".cc", ".h"))]
        self.assertGreater(len(sources), 100, "the sources were not found")
        checked = subprocess.run([CLANG_FORMAT, "--dry-run", "-Werror", *sources], cwd=ROOT,
                                 capture_output=True, text=True)
        self.assertEqual(checked.returncode, 0, "not formatted as .clang-format says (run clang-format -i on them):\n"
                         + checked.stderr[:3000])

    @unittest.skipUnless(CLANG_FORMAT, "clang-format is not installed (scripts/install-deps installs it)")
    def test_the_check_sees_a_misformatted_line(self):
        checked = subprocess.run([CLANG_FORMAT, "--dry-run", "-Werror", "--assume-filename=lib/x.cc"], cwd=ROOT,
                                 input="int  main( ){return 0;}\n", capture_output=True, text=True)
        self.assertNotEqual(checked.returncode, 0)


if __name__ == "__main__":
    unittest.main()
