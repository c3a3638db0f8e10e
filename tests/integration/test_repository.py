"""The repository stands alone: no tracked file reaches for a path outside the clone."""
import os
import re
import subprocess
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# "../x" written as a path: not part of a longer path such as "/static/../x", which the
# web tests send on purpose to prove nginx refuses it.
RELATIVE_PATH = re.compile(r"(?<![\w./])((?:\.\./)+[A-Za-z_][\w./-]*)")
# os.path.join(SOMETHING, "..", ...): a parent folder named in Python.
PARENT_IN_JOIN = re.compile(r"os\.path\.join\([^)]*[\"']\.\.[\"']")
# Folders of one machine, never of a user's clone.
MACHINE_PATH = re.compile(r"(?<![\w.])/(?:work|root|home/[a-z][\w-]*)/")


def tracked_files():
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True)
    if listed.returncode == 0:
        return [name for name in listed.stdout.decode().split("\0") if name]
    # A copy without git: every file below the root.
    return [os.path.relpath(os.path.join(folder, name), ROOT)
            for folder, _, names in os.walk(ROOT) if "/.git" not in folder for name in names]


def text_of(name):
    try:
        with open(os.path.join(ROOT, name), encoding="utf-8") as handle:
            return handle.read()
    except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
        return None


def escapes_root(name, relative):
    """True when relative names nothing inside the clone, read from the file's own folder or
    from the root (where the tests run), and leaves the clone from one of them."""
    leaves = False
    for base in (os.path.dirname(os.path.join(ROOT, name)), ROOT):
        target = os.path.normpath(os.path.join(base, relative))
        if target != ROOT and not target.startswith(ROOT + os.sep):
            leaves = True
        elif os.path.exists(target):
            return False
    return leaves


def outside_references(name, text):
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for match in RELATIVE_PATH.finditer(line):
            if escapes_root(name, match.group(1)):
                found.append(f"{name}:{number}: {match.group(1)}")
        if name.endswith(".py") and PARENT_IN_JOIN.search(line):
            found.append(f"{name}:{number}: a parent folder in os.path.join")
        if MACHINE_PATH.search(line):
            found.append(f"{name}:{number}: a path of one machine")
    return found


class RepositoryStandsAlone(unittest.TestCase):
    def test_no_tracked_file_refers_to_a_path_outside_the_repository(self):
        problems = []
        this_file = os.path.relpath(os.path.abspath(__file__), ROOT)
        # This file names outside paths on purpose, as samples the check must catch.
        for name in set(tracked_files()) - {this_file}:
            text = text_of(name)
            if text is not None:
                problems += outside_references(name, text)
        self.assertEqual(problems, [], "tracked files reach outside the clone:\n" + "\n".join(problems))

    def test_the_check_catches_each_kind_of_outside_path(self):
        samples = {
            "tests/unit/x_test.cc": 'const char kVectors[] = "../elsewhere/vectors/t.json";',
            "tests/integration/x.py": 'V = os.path.join(ROOT, "..", "elsewhere", "t.json")',
            "scripts/x": "cp /home/alice/notes/file here",
        }
        for name, text in samples.items():
            with self.subTest(name=name):
                self.assertNotEqual(outside_references(name, text), [])
        inside = 'see "../../lib/app.h" and GET /static/../pwreset.conf'
        self.assertEqual(outside_references("tests/unit/x_test.cc", inside), [])

    def test_the_token_vectors_are_in_the_repository(self):
        path = os.path.join(ROOT, "tests", "data", "itsdangerous-tokens.json")
        self.assertTrue(os.path.isfile(path), path)


if __name__ == "__main__":
    unittest.main()
