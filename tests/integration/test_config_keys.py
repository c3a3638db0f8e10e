"""The config keys as an administrator finds them: `pwreset config keys`, the pwreset.conf(5)
and pwreset(8) man pages make writes from the admin command's tables, and INSTALL's key
list, which must name exactly the keys the programs read."""
import os
import re
import shutil
import subprocess
import unittest

from cli_site import BUILD, PWRESET
from test_install import install_blocks

CONF_PAGE = os.path.join(BUILD, "man", "pwreset.conf.5")
ADMIN_PAGE = os.path.join(BUILD, "man", "pwreset.8")


def run_pwreset(*args):
    environment = dict(os.environ, PWRESET_CONFIG="/nonexistent/pwreset.conf")
    done = subprocess.run([PWRESET, *args], capture_output=True, text=True, env=environment, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def listing(text):
    """The entries of a listing the admin command prints: {entry line: [its lines]}."""
    entries, current = {}, None
    for line in text.splitlines():
        if re.match(r"  \S", line):
            current = entries.setdefault(line[2:], [])
        elif re.match(r"      \S", line) and current is not None:
            current.append(line[6:])
    return entries


def unescape(roff):
    return roff.replace("\\&", "").replace("\\-", "-").replace("\\e", "\\")


def man_entries(path):
    """The .TP entries of a man page, unescaped: {tag: [its lines]}."""
    with open(path, encoding="utf-8") as page:
        lines = page.read().splitlines()
    entries, current = {}, None
    for before, line in zip([""] + lines, lines):
        if before == ".TP":
            current = entries.setdefault(unescape(re.sub(r'^\.B "?(.*?)"?$', r"\1", line)), [])
        elif line.startswith((".TP", ".SH")):
            current = None
        elif current is not None and not line.startswith("."):
            current.append(unescape(line))
    return entries


def install_keys():
    """The keys INSTALL's section 2 lists, one at the start of each line of its key list."""
    [block] = [block for block in install_blocks(2) if "old_secret_key_files" in block]
    return [line.split()[0] for line in block.splitlines() if line and not line[0].isspace()]


def as_man_says(lines):
    """Lines of a listing as the man page prints them: each starts with a capital."""
    return [line[:1].upper() + line[1:] for line in lines]


def keys_section(entries):
    return {tag: lines for tag, lines in entries.items() if re.fullmatch(r"[a-z_]+", tag)}


class ConfigKeysTest(unittest.TestCase):
    def setUp(self):
        self.keys = listing(run_pwreset("config", "keys"))

    def test_config_keys_prints_each_key_with_help_default_and_values(self):
        self.assertIn("secret_key_file", self.keys)
        self.assertIn("throttle_register_ip_per_hour", self.keys)
        for name, lines in self.keys.items():
            with self.subTest(name):
                self.assertRegex(name, r"^[a-z_]+$")
                self.assertEqual(len(lines), 3, lines)
                self.assertNotRegex(lines[0], r"^(default|values): ")
                self.assertRegex(lines[1], r"^default: \S")
                self.assertRegex(lines[2], r"^values: \S")
        self.assertEqual(self.keys["mail_timeout"][1:], ["default: 10", "values: 1 to 300"])
        self.assertEqual(self.keys["cookie_secure"][1:], ["default: yes", "values: yes or no"])
        self.assertEqual(self.keys["base_url"][1], "default: none")

    def test_install_and_the_man_page_name_every_key_and_no_other(self):
        table = set(self.keys)
        in_install = install_keys()
        in_man = keys_section(man_entries(CONF_PAGE))
        self.assertEqual(len(in_install), len(set(in_install)), "INSTALL lists a key twice")
        self.assertEqual(sorted(table - set(in_install)), [], "keys INSTALL's section 2 lacks")
        self.assertEqual(sorted(set(in_install) - table), [], "keys in INSTALL the programs do not know")
        self.assertEqual(sorted(table - set(in_man)), [], "keys pwreset.conf(5) lacks")
        self.assertEqual(sorted(set(in_man) - set(in_install)), [], "keys in pwreset.conf(5) INSTALL lacks")

    def test_the_man_page_gives_each_key_the_tables_help_default_and_values(self):
        in_man = keys_section(man_entries(CONF_PAGE))
        for name, lines in self.keys.items():
            with self.subTest(name):
                self.assertEqual(in_man.get(name), as_man_says(lines))

    def test_the_admin_man_page_describes_every_verb(self):
        verbs = listing(run_pwreset("--help"))
        self.assertIn("config keys", verbs)
        in_man = man_entries(ADMIN_PAGE)
        for verb, lines in verbs.items():
            with self.subTest(verb):
                self.assertEqual(in_man.get(verb), as_man_says(lines))

    @unittest.skipUnless(shutil.which("groff"), "groff is not installed")
    def test_the_man_pages_render_without_warnings(self):
        for page in (CONF_PAGE, ADMIN_PAGE):
            with self.subTest(page):
                done = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", page],
                                      capture_output=True, text=True, timeout=60)
                self.assertEqual((done.returncode, done.stderr), (0, ""))


if __name__ == "__main__":
    unittest.main()
