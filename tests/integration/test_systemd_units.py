"""The systemd units as make writes them, for a build with the paths of a temporary root:
systemd-analyze verify accepts them (with the drop-ins INSTALL shows), they carry the
build's paths and a socket for each page, they keep setuid and setgid sendmails working,
and INSTALL's commands enable them. No unit is started: systemd-analyze only reads the files."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import stack
from test_install import install_block, install_blocks

ROOT = stack.ROOT
UNITS = ("pwreset.socket", "pwreset.service")
# Options that turn NoNewPrivileges on for a service with User= (systemd.exec(5)): with it,
# the setuid or setgid program of the host's sendmail cannot write its spool.
NO_NEW_PRIVILEGES = ("NoNewPrivileges", "DynamicUser", "LockPersonality", "MemoryDenyWriteExecute",
                     "PrivateDevices", "ProtectClock", "ProtectHostname", "ProtectKernelLogs",
                     "ProtectKernelModules", "ProtectKernelTunables", "RestrictAddressFamilies",
                     "RestrictNamespaces", "RestrictRealtime", "RestrictSUIDSGID", "SystemCallArchitectures",
                     "SystemCallFilter", "SystemCallLog")
# What exim4, postfix and nullmailer write; each may be missing on a host ("-").
MAIL_SPOOLS = ("-/var/spool/exim4", "-/var/log/exim4", "-/var/spool/postfix/maildrop", "-/var/spool/nullmailer")


def settings(path):
    """A unit file's KEY=VALUE lines as {key: [values in order]}."""
    found = {}
    with open(path) as unit:
        for line in unit:
            line = line.strip()
            if line and not line.startswith(("#", "[")):
                key, value = line.split("=", 1)
                found.setdefault(key, []).append(value)
    return found


class SystemdUnitsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.top = os.path.realpath(tempfile.mkdtemp(prefix="pwreset-units-"))
        cls.addClassCleanup(shutil.rmtree, cls.top, ignore_errors=True)
        cls.units = os.path.join(cls.top, "build", "systemd")
        environment = {key: value for key, value in os.environ.items()
                       if key not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "BUILD")}
        # Only the units: they need sed, not the compiler.
        made = subprocess.run(["make", "-C", ROOT, f"BUILD={cls.top}/build", f"PREFIX={cls.top}/usr/local",
                               f"SYSCONFDIR={cls.top}/etc", f"RUNDIR={cls.top}/run/pwreset",
                               f"STATEDIR={cls.top}/var/lib/pwreset"]
                              + [os.path.join(cls.units, unit) for unit in UNITS],
                              capture_output=True, text=True, env=environment, timeout=120)
        if made.returncode != 0:
            raise AssertionError(f"make failed:\n{made.stdout}\n{made.stderr}")
        cls.service = settings(os.path.join(cls.units, "pwreset.service"))
        cls.socket = settings(os.path.join(cls.units, "pwreset.socket"))

    def verify(self, folder):
        """systemd-analyze verify on the socket and the service: its exit code and every
        line it printed about them (warnings leave the exit code 0)."""
        done = subprocess.run(["systemd-analyze", "verify", "--man=no",
                               os.path.join(folder, "pwreset.socket"), os.path.join(folder, "pwreset.service")],
                              capture_output=True, text=True, timeout=120)
        return done.returncode, [line for line in (done.stdout + done.stderr).splitlines() if "pwreset" in line]

    def test_systemd_analyze_accepts_the_units_and_installs_drop_ins(self):
        if not shutil.which("systemd-analyze"):
            self.skipTest("systemd-analyze is not installed (Debian package systemd)")
        # It checks that ExecStart names an executable: it did read them, since a missing
        # program is refused; the built one stands in.
        programs = os.path.join(self.top, "usr", "local", "lib", "pwreset")
        os.makedirs(programs, exist_ok=True)
        os.makedirs(os.path.join(self.top, "var", "lib", "pwreset"), exist_ok=True)
        target = os.path.join(programs, "pwreset-fcgi")
        if os.path.lexists(target):
            os.remove(target)
        code, complaints = self.verify(self.units)
        self.assertNotEqual(code, 0)
        self.assertIn(f"{target} is not executable", "\n".join(complaints))
        os.symlink(os.path.join(stack.BUILD, "pwreset-fcgi"), target)
        self.assertEqual(self.verify(self.units), (0, []))
        drop_ins = [block for block in install_blocks(4) if block.startswith("[Service]")]
        self.assertEqual(len(drop_ins), 3, drop_ins)
        for block in drop_ins:
            with self.subTest(block.splitlines()[1]):
                folder = tempfile.mkdtemp(dir=self.top)
                for unit in UNITS:
                    shutil.copy(os.path.join(self.units, unit), folder)
                with open(os.path.join(folder, "pwreset.service"), "a") as service:
                    service.write(block.replace("/usr/local", self.top + "/usr/local") + "\n")
                self.assertEqual(self.verify(folder), (0, []))

    def test_the_units_carry_the_builds_paths(self):
        self.assertEqual(self.socket["ListenStream"],
                         [f"{self.top}/run/pwreset/{name}.sock" for name in stack.PROGRAMS])
        self.assertEqual((self.socket["SocketUser"], self.socket["SocketGroup"], self.socket["SocketMode"]),
                         (["www-data"], ["www-data"], ["0660"]))
        self.assertEqual(self.service["ExecStart"], [f"{self.top}/usr/local/lib/pwreset/pwreset-fcgi --workers 2"])
        self.assertEqual(self.service["Environment"], [f"PWRESET_CONFIG={self.top}/etc/pwreset/pwreset.conf",
                                                       "GLIBC_TUNABLES=glibc.malloc.tcache_max=128"])
        self.assertEqual(self.service["ExecReload"], ["/bin/kill -HUP $MAINPID"])
        self.assertEqual((self.service["User"], self.service["Group"], self.service["Restart"]),
                         (["pwreset"], ["pwreset"], ["always"]))
        self.assertEqual(self.service["ReadWritePaths"][0], f"{self.top}/var/lib/pwreset")
        self.assertEqual(self.service["ProtectSystem"], ["strict"])
        for unit in UNITS:
            with open(os.path.join(self.units, unit)) as text:
                self.assertIsNone(re.search(r"@[A-Z_]+@", text.read()), unit)

    def test_a_setuid_or_setgid_sendmail_can_still_write_its_spool(self):
        self.assertEqual([key for key in NO_NEW_PRIVILEGES if key in self.service], [])
        writable = " ".join(self.service["ReadWritePaths"]).split()
        for spool in MAIL_SPOOLS:
            self.assertIn(spool, writable)
        # A stop signals the supervisor alone, so a sendmail a worker waits for finishes.
        self.assertEqual(self.service["KillMode"], ["mixed"])

    def test_installs_commands_enable_the_socket(self):
        recorder = os.path.join(self.top, "bin")
        os.makedirs(recorder, exist_ok=True)
        calls = os.path.join(self.top, "systemctl-calls")
        with open(os.path.join(recorder, "systemctl"), "w") as fake:
            fake.write(f'#!/bin/sh\necho "$*" >> {calls}\n')
        os.chmod(os.path.join(recorder, "systemctl"), 0o755)
        environment = dict(os.environ, PATH=f"{recorder}:{os.environ['PATH']}")
        subprocess.run(["sh", "-e", "-c", install_block(4, "systemctl enable")], env=environment,
                       check=True, timeout=30)
        with open(calls) as recorded:
            self.assertEqual(recorded.read().splitlines(),
                             ["daemon-reload", "enable --now pwreset.socket"])


if __name__ == "__main__":
    unittest.main()
