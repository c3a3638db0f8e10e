"""`pwreset config check` on owners and modes, as the programs' user sees them: a secret
others can read, a config or database that user cannot read or write, and the hint to check
as that user when run as root. As root the checks run as nobody, standing in for pwreset."""
import grp
import os
import pwd
import subprocess
import unittest

from cli_site import PWRESET, CliTestCase

AS_ROOT = os.geteuid() == 0
# As root, nobody/nogroup stand in for INSTALL's pwreset user; otherwise the tester is it.
USER = "nobody" if AS_ROOT else pwd.getpwuid(os.geteuid()).pw_name
GROUP = "nogroup" if AS_ROOT else grp.getgrgid(os.getegid()).gr_name


class AccessTestCase(CliTestCase):
    def setUp(self):
        super().setUp()
        os.chmod(self.tmp, 0o755)  # nobody must reach the site folder

    def programs_site(self, name="site", **settings):
        """A site whose folder, database and secret (0600) belong to the programs' user."""
        site = self.site(name, **settings)
        for path in (site.dir, site.secret_file, site.config, site.sendmail):
            self.give(path)
        self.assertEqual(self.check(site, "db", "init").returncode, 0)
        return site

    def give(self, path, user=USER, group=GROUP):
        os.chown(path, pwd.getpwnam(user).pw_uid, grp.getgrnam(group).gr_gid)

    def check(self, site, *verb):
        """Runs `pwreset --config CONFIG VERB` (config check by default) as the programs' user."""
        drop = ["setpriv", "--reuid", USER, "--regid", GROUP, "--clear-groups"] if AS_ROOT else []
        environment = {k: v for k, v in os.environ.items() if k != "PWRESET_CONFIG"}
        proc = subprocess.run(drop + [PWRESET, "--config", site.config, *(verb or ("config", "check"))],
                              capture_output=True, text=True, cwd=site.dir, env=environment, timeout=60)
        self.assertNotIn(site.secret, proc.stdout + proc.stderr)
        return proc

    def problems(self, proc):
        return [line for line in proc.stdout.splitlines() if line.startswith("problem: ")]

    def assert_one_problem(self, proc, *words):
        """Exit 1, exactly one problem line, holding every word; returns the line."""
        self.assertEqual(proc.returncode, 1, proc)
        self.assertIn(f"(checked as user {USER})", proc.stderr)
        [line] = self.problems(proc)
        for word in words:
            self.assertIn(word, line)
        return line


class SecretModeTest(AccessTestCase):
    def test_the_documented_layout_passes(self):
        proc = self.check(self.programs_site())
        self.assertEqual(proc.returncode, 0, proc)
        self.assertEqual(self.problems(proc), [])
        self.assertTrue(proc.stdout.endswith(f": ok (checked as user {USER})\n"), proc.stdout)

    def test_a_secret_every_user_can_read_or_change_is_a_problem(self):
        for mode, says in ((0o644, "every user can read the secret (mode 0644)"),
                           (0o602, "every user can change the secret (mode 0602)"),
                           (0o604, "every user can read the secret (mode 0604)"),
                           (0o666, "every user can read and change the secret")):
            with self.subTest(mode=oct(mode)):
                site = self.programs_site(f"site-{mode:o}")
                os.chmod(site.secret_file, mode)
                self.assert_one_problem(self.check(site), site.secret_file, says,
                                        f"chmod o-rwx {site.secret_file}")

    def test_an_old_secret_is_checked_like_the_current_one(self):
        site = self.programs_site()
        old = site.write("old.secret", b"an-earlier-secret-of-this-site-0123456789\n")
        site.settings["old_secret_key_files"] = old
        site.write_config()
        self.give(old)
        self.give(site.config)
        os.chmod(old, 0o644)
        self.assert_one_problem(self.check(site), old, "every user can read the secret")

    @unittest.skipUnless(AS_ROOT, "needs root to give the secret a group the user is not in")
    def test_a_group_may_read_the_secret_only_when_it_is_the_programs_group(self):
        site = self.programs_site()
        os.chmod(site.secret_file, 0o640)
        self.assertEqual(self.check(site).returncode, 0)  # nobody:nogroup 0640
        self.give(site.secret_file, group="adm")
        self.assert_one_problem(self.check(site), site.secret_file, "group adm can read the secret (mode 0640)",
                                f"user {USER} is not in it", f"chgrp {GROUP} {site.secret_file}")

    def test_a_config_file_every_user_can_change_is_a_problem(self):
        site = self.programs_site()
        os.chmod(site.config, 0o646)
        self.assert_one_problem(self.check(site), site.config, "every user can change the config file (mode 0646)")


class ReachTest(AccessTestCase):
    def shut_out(self, path, mode):
        """Leaves path with mode and, as root, owned by root, so the programs' user is shut out."""
        if AS_ROOT:
            self.give(path, "root", "root")
        os.chmod(path, mode)

    def test_a_config_file_the_user_cannot_read_names_the_user(self):
        site = self.programs_site()
        self.shut_out(site.config, 0o600 if AS_ROOT else 0)
        proc = self.check(site)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(proc.stderr, f"pwreset: {site.config}: cannot read the config file (Permission denied) "
                                      f"(checked as user {USER})\n")

    def test_a_secret_the_user_cannot_read_is_a_problem(self):
        site = self.programs_site()
        self.shut_out(site.secret_file, 0o600 if AS_ROOT else 0)
        self.assert_one_problem(self.check(site), site.secret_file, "cannot read the secret (Permission denied)")

    def test_a_database_the_user_cannot_write_is_a_problem(self):
        site = self.programs_site()
        self.shut_out(site.database, 0o644 if AS_ROOT else 0o444)
        proc = self.check(site)
        self.assertEqual(proc.returncode, 1)
        self.assertIn(f"problem: {site.database}: user {USER} cannot write it (Permission denied)",
                      self.problems(proc))

    def test_a_database_folder_the_user_cannot_write_is_a_problem(self):
        site = self.programs_site()
        self.shut_out(site.dir, 0o755 if AS_ROOT else 0o555)
        self.addCleanup(os.chmod, site.dir, 0o755)
        proc = self.check(site)
        self.assertEqual(proc.returncode, 1)
        self.assertIn(f"problem: {site.dir}: user {USER} cannot create files in the database's folder "
                      f"(Permission denied); SQLite keeps {site.database}-wal and {site.database}-shm there",
                      self.problems(proc))

    @unittest.skipUnless(AS_ROOT, "needs root to leave a file the user cannot write")
    def test_a_wal_file_left_by_root_is_a_problem(self):
        site = self.programs_site()
        leftover = site.write("site.db-shm", b"")
        self.assertIn(f"problem: {leftover}: user {USER} cannot write it (Permission denied)",
                      self.problems(self.check(site)))


@unittest.skipUnless(AS_ROOT, "the hint is for root only")
class RootHintTest(AccessTestCase):
    def test_as_root_the_check_gives_the_command_to_check_as_the_programs_user(self):
        site = self.programs_site()
        proc = site.run("config", "check")
        self.assertEqual(proc.returncode, 0, proc)
        lines = proc.stdout.decode().splitlines()
        self.assertEqual(lines[0], "note: checked as root, who may read and write every file; check as the "
                                   "programs' user too: runuser -u pwreset -- pwreset --config "
                                   f"{site.config} config check")
        self.assertEqual(lines[-1], f"{site.config}: ok (checked as user root)")

    def test_the_hint_names_the_user_of_the_config_file_group(self):
        site = self.programs_site()
        self.give(site.config, "root", "www-data")
        proc = site.run("config", "check")
        self.assertIn(b"runuser -u www-data -- pwreset --config ", proc.stdout)

    def test_the_programs_user_gets_no_hint(self):
        proc = self.check(self.programs_site())
        self.assertEqual(proc.returncode, 0, proc)
        self.assertNotIn("note:", proc.stdout)


if __name__ == "__main__":
    unittest.main()
