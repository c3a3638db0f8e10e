"""The `pwreset` admin command end to end: itsdangerous vectors, mail, config checks,
usage errors; every refusal is one stderr line."""
import json
import os
import re
import unittest

from cli_site import CliTestCase, b64decode, load_vectors


class TokenVectorTest(CliTestCase):
    def test_every_itsdangerous_vector_verifies_as_expected(self):
        for i, vector in enumerate(load_vectors()):
            with self.subTest(vector["name"]):
                site = self.site(f"v{i}", secret=vector["secret"])
                proc = site.run("token", "verify", "--now", str(vector["now"]), vector["token"])
                if vector["expect"] == "ok":
                    self.assert_ok(proc)
                    payload_text = b64decode(vector["token"].split(".")[1])
                    self.assertEqual(proc.stdout, payload_text + b"\n")
                    self.assertEqual(json.loads(proc.stdout), vector["payload"])
                else:
                    self.assert_refused(proc, 3 if vector["expect"] == "expired" else 1)
                    self.assertEqual(proc.stdout, b"")

    def test_mint_reproduces_itsdangerous_byte_for_byte(self):
        minted = [v for v in load_vectors() if "mint" in v]
        self.assertEqual(len(minted), 3)
        for i, vector in enumerate(minted):
            with self.subTest(vector["name"]):
                mint = vector["mint"]
                site = self.site(f"m{i}", secret=mint["secret"])
                # Spaces in the given JSON: the token must carry the compact form.
                proc = site.run("token", "mint", "--payload", json.dumps(mint["payload"]),
                                "--expires-in", str(mint["expires_in"]), "--now", str(mint["now"]))
                self.assert_ok(proc)
                self.assertEqual(proc.stdout, vector["token"].encode() + b"\n")

    def test_default_lifetime_is_token_max_age(self):
        site = self.site(token_max_age="600")
        proc = site.run("token", "mint", "--payload", '{"user_id":7}', "--now", "1000")
        self.assert_ok(proc)
        token = proc.stdout.decode().strip()
        self.assertEqual(json.loads(b64decode(token.split(".")[0])),
                         {"alg": "HS512", "iat": 1000, "exp": 1600})
        self.assert_ok(site.run("token", "verify", "--now", "1600", token))
        self.assert_refused(site.run("token", "verify", "--now", "1601", token), 3)

    def test_tokens_from_a_rotated_out_secret_still_verify(self):
        old = self.site("old", secret="the-old-secret-that-was-rotated-out")
        token = old.run("token", "mint", "--payload", '{"user_id":1}', "--now", "100").stdout.strip()
        new = self.site("new", old_secret_key_files=old.secret_file)
        self.assert_ok(new.run("token", "verify", "--now", "200", token.decode()))
        new.settings["old_secret_key_files"] = None
        new.write_config()
        self.assert_refused(new.run("token", "verify", "--now", "200", token.decode()), 1)


class MailTest(CliTestCase):
    def test_message_goes_to_sendmail(self):
        site = self.site()
        proc = site.run("mail", "test", "--to", "admin@example.org")
        self.assert_ok(proc)
        with open(site.mail_out, "rb") as f:
            message = f.read()
        for header in (b"From: blog@example.org", b"To: admin@example.org",
                       b"Subject: pwreset test message"):
            self.assertIn(header + b"\n", message)

    def test_failing_or_missing_sendmail_is_exit_1(self):
        site = self.site()
        failing = site.script("failing", "#!/bin/sh\ncat >/dev/null\necho 'queue full' >&2\nexit 75\n")
        for command in (failing + " -t -i", site.path("absent-sendmail") + " -t"):
            with self.subTest(command):
                site.settings["sendmail"] = command
                site.write_config()
                self.assert_refused(site.run("mail", "test", "--to", "admin@example.org"), 1)

    def test_bad_address_sends_nothing(self):
        site = self.site()
        for to in ("not-an-address", "a@example.org\nBcc: victim@example.org", ""):
            with self.subTest(to):
                self.assert_refused(site.run("mail", "test", "--to", to))
                self.assertFalse(os.path.exists(site.mail_out))


class ConfigCheckTest(CliTestCase):
    def test_a_good_installation_passes(self):
        site = self.site()
        self.assert_ok(site.run("db", "init"))
        proc = site.run("config", "check")
        self.assert_ok(proc)
        self.assertNotIn(b"warning", proc.stdout)
        self.assertRegex(proc.stdout.decode(), r": ok \(checked as user [^ )]+\)\n$")

    def test_a_short_secret_is_only_a_warning(self):
        site = self.site(secret="short-secret")
        self.assert_ok(site.run("db", "init"))
        proc = site.run("config", "check")
        self.assertEqual(proc.returncode, 0, proc)
        self.assertEqual(proc.stdout.count(b"warning"), 1, proc.stdout)

    def test_a_published_secret_is_refused(self):
        # Flask's tutorial key, flaskblog's tutorial key, and an obvious stand-in.
        for number, secret in enumerate(["dev", "5791628bb0b13ce0c676dfde280ba245", "your-secret-key"]):
            with self.subTest(secret=secret):
                site = self.site(f"published{number}", secret=secret)
                self.assert_ok(site.run("db", "init"))
                proc = site.run("config", "check")
                self.assert_refused(proc, 1)
                lines = [line for line in proc.stdout.decode().splitlines() if not line.startswith("note: ")]
                self.assertEqual(lines, [f"problem: {site.secret_file}: the secret is a published example "
                                         "key, so anyone can sign reset links and sessions with it; make "
                                         "a new one (INSTALL, section 2)"])

    def test_a_published_old_secret_is_only_a_warning(self):
        site = self.site()
        flask_key = site.write("flask-secret", b"5791628bb0b13ce0c676dfde280ba245\n")
        other_old = site.write("older-secret", b"an-older-secret-that-nobody-published-0123\n")
        for secret in (flask_key, other_old):
            os.chmod(secret, 0o600)
        site.settings["old_secret_key_files"] = f"{other_old},{flask_key}"
        site.write_config()
        self.assert_ok(site.run("db", "init"))
        proc = site.run("config", "check")
        self.assert_ok(proc)
        [warning, ok] = [line for line in proc.stdout.decode().splitlines() if not line.startswith("note: ")]
        self.assertTrue(warning.startswith(f"warning: {flask_key}: this old secret is a published example key"),
                        warning)
        self.assertIn("remove it from old_secret_key_files", warning)
        self.assertRegex(ok, "^" + re.escape(f"{site.config}: ok (checked as user ") + r"[^ )]+\)$")

    def test_each_problem_gets_a_line_and_exit_1(self):
        site = self.site(base_url=None, sendmail="/nonexistent/sendmail -t")
        os.remove(site.secret_file)
        proc = site.run("config", "check")  # no database either: db init never ran
        self.assert_refused(proc, 1)
        lines = [line for line in proc.stdout.decode().splitlines() if not line.startswith("note: ")]
        self.assertEqual(len(lines), 4, lines)
        for word in ("base_url", site.secret_file, site.database, "sendmail"):
            self.assertEqual(sum(word in line for line in lines), 1, (word, lines))
        self.assertFalse(os.path.exists(site.database))

    def test_a_broken_config_file_is_exit_1_naming_the_line(self):
        site = self.site()
        with open(site.config, "a") as f:
            f.write("bcrypt_cost = many\n")
        proc = site.run("config", "check")
        self.assert_refused(proc, 1)
        self.assertIn(f"{site.config}:7:".encode(), proc.stderr)


class UsageTest(CliTestCase):
    def test_help_exits_0_and_lists_every_verb(self):
        site = self.site()
        for flag in ("--help", "-h"):
            proc = site.run(flag, config=False)
            self.assert_ok(proc)
            for verb in (b"db init", b"user add", b"user passwd", b"user list", b"reset-link",
                         b"token mint", b"token verify", b"mail test", b"config check", b"config keys"):
                self.assertIn(verb, proc.stdout)

    def test_usage_errors_exit_2(self):
        site = self.site()
        cases = [
            [], ["frobnicate"], ["user"], ["user", "remove"], ["db", "init", "now"],
            ["db", "init", "--force"], ["--verbose", "db", "init"], ["token", "verify"],
            ["token", "verify", "a", "b"], ["token", "verify", "--now"],
            ["token", "mint"], ["token", "mint", "--payload", "[1]"],
            ["token", "mint", "--payload", "{bad"], ["token", "mint", "--payload", '"x"'],
            ["config", "keys", "all"],
        ]
        for bad in ("12a", "-5", " 5", "+5", "1e3", "", "0x10", "99999999999999999999"):
            cases.append(["token", "verify", "--now", bad, "t.t.t"])
            cases.append(["token", "mint", "--payload", "{}", "--expires-in", bad])
        cases.append(["token", "mint", "--payload", "{}", "--expires-in", "0"])
        for args in cases:
            with self.subTest(args):
                proc = site.run(*args)
                self.assert_refused(proc, 2)
                self.assertEqual(proc.stdout, b"")

    def test_config_errors_exit_2_naming_file_and_line(self):
        site = self.site()
        with open(site.config, "a") as f:
            f.write("# comment\ncolour = blue\n")
        proc = site.run("user", "list")
        self.assert_refused(proc, 2)
        self.assertIn(f"{site.config}:8:".encode(), proc.stderr)
        missing = site.run("--config", site.path("absent.conf"), "user", "list", config=False)
        self.assert_refused(missing, 2)
        self.assertIn(site.path("absent.conf").encode(), missing.stderr)

    def test_a_missing_secret_is_a_config_error(self):
        site = self.site()
        os.remove(site.secret_file)
        proc = site.run("token", "mint", "--payload", "{}")
        self.assert_refused(proc, 2)
        self.assertIn(site.secret_file.encode(), proc.stderr)

    def test_config_path_from_flag_then_environment(self):
        site = self.site()
        other = self.site("other", secret="a-different-secret-for-the-other-site")
        token = site.run("token", "mint", "--payload", "{}", "--now", "5").stdout.strip().decode()
        by_env = site.run("token", "verify", "--now", "5", token, config=False,
                          env={"PWRESET_CONFIG": site.config})
        self.assert_ok(by_env)
        by_flag = site.run("--config", other.config, "token", "verify", "--now", "5", token,
                           config=False, env={"PWRESET_CONFIG": site.config})
        self.assert_refused(by_flag, 1)

    def test_every_verb_refuses_bad_input_with_one_line(self):
        # Each case names settings as files inside its own site directory.
        cases = [
            (["db", "init"], {"database": "no/such/dir/site.db"}),
            (["user", "list"], {}),  # no database yet
            (["user", "passwd", "--email", "x@example.org"], {}),
            (["reset-link", "--email", "x@example.org"], {}),
            (["token", "verify", "--", "-not.a.token"], {}),
            (["token", "mint", "--payload", "{}"], {"secret_key_file": "absent"}),
            (["mail", "test", "--to", "x@example.org"], {"sendmail": "absent"}),
            (["config", "check"], {"database": "absent.db"}),
        ]
        for i, (args, settings) in enumerate(cases):
            with self.subTest(args):
                case = self.site(f"case{i}")
                case.settings.update({k: case.path(v) for k, v in settings.items()})
                case.write_config()
                self.assert_refused(case.run(*args, stdin=b"pw\n"))
                self.assertFalse(os.path.exists(case.settings["database"]))


if __name__ == "__main__":
    unittest.main()
