"""INSTALL, followed word for word: a build for the paths of a temporary root, `make install`
into a staging folder moved into place as a package manager would, then INSTALL's own
commands with their paths moved under that root (as root, nobody/nogroup stand in for the
pwreset user, which a test may not create; otherwise the tester is every user): the
secret and config, db init, config check, the spawn-fcgi start loop, nginx with the
installed snippets, a whole reset, `make uninstall` (the systemd units included), and the
documented stop."""
import email
import email.policy
import glob
import grp
import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

import stack
from processes import children
from web_site import MAIL_SENT, PASSWORD_UPDATED, flashes, submit

ROOT = stack.ROOT
BUILD = "build-install"  # a build folder of its own: its paths are the temporary root's
AS_ROOT = os.geteuid() == 0
ME = pwd.getpwuid(os.geteuid()).pw_name
MY_GROUP = grp.getgrgid(os.getegid()).gr_name
# INSTALL's users and groups, and who stands in for each here.
USERS = {"pwreset": "nobody", "root": "root", "www-data": "www-data"} if AS_ROOT else {}
GROUPS = {"pwreset": "nogroup", "root": "root", "www-data": "www-data", "adm": "adm"} if AS_ROOT else {}
# The paths INSTALL names that belong to pwreset; each moves under the temporary root.
OWN_PATHS = r"/usr/local|/etc/pwreset|/run/pwreset|/var/lib/pwreset|/var/log/pwreset"
PASSWORD = "a-long-enough-new-password-for-the-walk"


def install_blocks(section):
    """The indented blocks (commands, config lines) of one numbered section of INSTALL."""
    with open(os.path.join(ROOT, "INSTALL"), encoding="utf-8") as text:
        lines = text.read().splitlines()
    current, blocks, run = None, [], []
    for line in lines + [""]:
        if re.match(r"\d+\. ", line):
            current = int(line.split(".")[0])
        if current == section and (line.startswith("    ") or (run and not line.strip())):
            run.append(line[4:])
            continue
        if any(run):
            blocks.append("\n".join(run).strip("\n"))
        run = []
    return blocks


def install_block(section, containing):
    found = [block for block in install_blocks(section) if containing in block]
    if len(found) != 1:
        raise AssertionError(f"INSTALL section {section}: {len(found)} blocks hold {containing!r}")
    return found[0]


def localise(block, top):
    """INSTALL's commands for this test: its paths under top, its users the stand-ins."""
    block = re.sub(rf"(?<![\w./-])({OWN_PATHS})(?![\w-])", lambda m: top + m.group(1), block)
    block = re.sub(r"^adduser .*\n", "", block, flags=re.M)  # the stand-in user exists already
    if not AS_ROOT:
        block = re.sub(r"runuser -u \S+ -- ", "", block)  # only root can switch users
    block = re.sub(r"(-[oUu]) ([\w-]+)", lambda m: f"{m.group(1)} {USERS.get(m.group(2), ME)}", block)
    return re.sub(r"(-[gG]) ([\w-]+)", lambda m: f"{m.group(1)} {GROUPS.get(m.group(2), MY_GROUP)}", block)


def alive(pid):
    """True while the process runs; a zombie has ended."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def processes_under(top):
    """Live processes whose command line names a path under top."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                if top.encode() in cmdline.read() and alive(pid):
                    found.append(int(pid))
        except OSError:
            continue
    return found


class InstallWalkTest(unittest.TestCase):
    def setUp(self):
        self.top = os.path.realpath(tempfile.mkdtemp(prefix="pwreset-install-"))
        self.addCleanup(shutil.rmtree, self.top, ignore_errors=True)
        self.addCleanup(self.kill_leftovers)
        os.chmod(self.top, 0o755)  # the programs' user and nginx's must reach the tree
        self.port = stack.free_port()
        self.environment = {key: value for key, value in os.environ.items()
                            if key not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "BUILD", "PWRESET_CONFIG")}
        self.environment["PATH"] = f"{self.top}/usr/local/bin:{os.environ['PATH']}"

    def kill_leftovers(self):
        for pid in processes_under(self.top):
            os.kill(pid, signal.SIGKILL)

    def path(self, installed):
        return self.top + installed

    def run_command(self, argv, **options):
        done = subprocess.run(argv, capture_output=True, text=True, env=self.environment,
                              timeout=300, **options)
        self.assertEqual(done.returncode, 0, f"{argv}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done

    def make(self, *arguments):
        return self.run_command(["make", "-C", ROOT, f"BUILD={BUILD}", *arguments])

    def run_block(self, section, containing):
        """Runs one INSTALL block with sh -e, as root does there."""
        return self.run_command(["sh", "-e", "-c", localise(install_block(section, containing), self.top)],
                                cwd=self.top)

    def build_and_install(self):
        self.make("-j2", f"PREFIX={self.top}/usr/local", f"SYSCONFDIR={self.top}/etc",
                  f"RUNDIR={self.top}/run/pwreset", f"NGINX_ERROR_LOG={self.top}/nginx/error.log",
                  f"STATEDIR={self.top}/var/lib/pwreset")
        stage = self.path("/stage")
        installed = self.make("install", f"DESTDIR={stage}")  # the build's settings, remembered
        self.assertNotIn("g++", installed.stdout, "make install rebuilt with other settings")
        self.assertFalse(os.path.exists(stage + self.path("/etc")), "make install made a config folder")
        os.rename(stage + self.path("/usr"), self.path("/usr"))
        shutil.rmtree(stage)
        for page in ("man5/pwreset.conf.5", "man8/pwreset.8"):
            self.assertTrue(os.path.isfile(self.path("/usr/local/share/man/" + page)), page)
        # The systemd units, with this build's paths (test_systemd_units.py checks the rest).
        with open(self.path("/usr/local/lib/systemd/system/pwreset.service")) as service:
            unit = service.read()
        self.assertIn(f"\nExecStart={self.top}/usr/local/lib/pwreset/pwreset-fcgi --workers 2\n", unit)
        self.assertIn(f"\nReadWritePaths={self.top}/var/lib/pwreset\n", unit)
        self.assertTrue(os.access(self.path("/usr/local/lib/pwreset/pwreset-fcgi"), os.X_OK))
        with open(self.path("/usr/local/lib/systemd/system/pwreset.socket")) as socket_unit:
            self.assertIn(f"\nListenStream={self.top}/run/pwreset/reset_token.sock\n", socket_unit.read())

    def write_config(self):
        """The minimal config from INSTALL, as the admin's editor writes it, with this test's
        base_url, a sendmail that keeps the mail, and cookies for plain HTTP."""
        config = self.path("/etc/pwreset/pwreset.conf")
        lines = localise(install_block(2, "secret_key_file = "), self.top).splitlines()
        lines = [f"base_url = http://127.0.0.1:{self.port}" if line.startswith("base_url") else line
                 for line in lines]
        catcher = self.path("/mailcatch")
        shutil.copy(os.path.join(ROOT, "scripts", "mailcatch"), catcher)
        os.chmod(catcher, 0o755)
        os.makedirs(self.path("/mail"))
        if AS_ROOT:
            shutil.chown(self.path("/mail"), "nobody", "nogroup")
        lines += [f"sendmail = {catcher} {self.path('/mail')} -t -i", "cookie_secure = no", "bcrypt_cost = 4"]
        with open(config, "w") as text:  # keeps the file's owner and mode, as an editor does
            text.write("\n".join(lines) + "\n")

    def assert_owned(self, installed, mode, user, group):
        info = os.stat(self.path(installed))
        self.assertEqual((oct(info.st_mode & 0o7777), pwd.getpwuid(info.st_uid).pw_name,
                          grp.getgrgid(info.st_gid).gr_name),
                         (oct(mode), USERS.get(user, ME), GROUPS.get(group, MY_GROUP)), installed)

    def start_nginx(self):
        """nginx with a small nginx.conf around the installed http file and snippet."""
        folder = self.path("/nginx")
        os.makedirs(folder + "/tmp", exist_ok=True)
        shutil.copy("/etc/nginx/fastcgi_params", folder)
        share = self.path("/usr/local/share/pwreset/nginx")
        user = "user www-data www-data;" if AS_ROOT else ""
        with open(folder + "/nginx.conf", "w") as conf:
            conf.write(f"""{user}
worker_processes 1;
error_log {folder}/error.log;
pid {folder}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {folder}/tmp/body;
    proxy_temp_path {folder}/tmp/proxy;
    fastcgi_temp_path {folder}/tmp/fastcgi;
    uwsgi_temp_path {folder}/tmp/uwsgi;
    scgi_temp_path {folder}/tmp/scgi;
    include {share}/pwreset-http.conf;
    server {{
        listen 127.0.0.1:{self.port};
        access_log {folder}/access.log pwreset;
        include {share}/pwreset.conf;
    }}
}}
""")
        self.run_command(["nginx", "-p", folder + "/", "-c", folder + "/nginx.conf", "-e", folder + "/error.log"])
        deadline = time.monotonic() + 10
        while True:
            try:
                if stack.Browser(self.port).get("/login").status == 200:
                    return
            except OSError:
                pass
            self.assertLess(time.monotonic(), deadline, "the installed site does not answer /login")
            time.sleep(0.1)

    def mails(self):
        messages = []
        for name in sorted(glob.glob(self.path("/mail/*.eml"))):
            with open(name, "rb") as stored:
                messages.append(email.message_from_binary_file(stored, policy=email.policy.default))
        return messages

    def walk_a_reset(self):
        """Register, ask for a link, open it, set a password, log in with it."""
        address = "walker@example.org"
        visitor = stack.Browser(self.port)
        registered = submit(visitor, "/register", {"username": "walker", "email": address,
                                                   "password": PASSWORD + "-old", "confirm_password": PASSWORD + "-old"})
        self.assertEqual((registered.status, registered.location), (302, "/login"), registered.body[:2000])
        asked = submit(visitor, "/reset_password", {"email": address})
        self.assertEqual((asked.status, asked.location), (302, "/login"), asked.body[:2000])
        self.assertIn(("info", MAIL_SENT), flashes(visitor.get("/login").body))
        deadline = time.monotonic() + 5
        while not (mails := self.mails()) and time.monotonic() < deadline:
            time.sleep(0.05)
        [mail] = mails
        self.assertEqual((mail["To"], mail["From"]), (address, "noreply@example.org"))
        [link] = stack.reset_links(mail)
        self.assertTrue(link.startswith(f"http://127.0.0.1:{self.port}/reset_password/"), link)
        path = "/" + link.split("/", 3)[3]
        changed = submit(visitor, path, {"password": PASSWORD, "confirm_password": PASSWORD})
        self.assertEqual((changed.status, changed.location), (302, "/login"), changed.body[:2000])
        self.assertIn(("success", PASSWORD_UPDATED), flashes(visitor.get("/login").body))
        logged_in = submit(stack.Browser(self.port), "/login", {"email": address, "password": PASSWORD})
        self.assertEqual((logged_in.status, logged_in.location), (302, "/"), logged_in.body[:2000])

    def stop_everything(self):
        """INSTALL's stop line for the programs, TERM for nginx; nothing may be left."""
        supervisors = []
        for name in glob.glob(self.path("/run/pwreset/*.pid")):
            with open(name) as pids:
                supervisors += [int(pid) for pid in pids.read().split()]
        self.assertEqual(len(supervisors), 6, supervisors)
        # Each supervisor keeps the two workers the start loop asks for.
        workers = [worker for supervisor in supervisors for worker in children(supervisor)]
        self.assertEqual(len(workers), 12, workers)
        workers += supervisors
        self.run_block(4, "xargs kill")
        self.assertEqual(glob.glob(self.path("/run/pwreset/*.pid")), [])
        with open(self.path("/nginx/nginx.pid")) as pid:
            os.kill(int(pid.read()), signal.SIGTERM)
        deadline = time.monotonic() + 5
        while (left := [pid for pid in workers if alive(pid)] + processes_under(self.top)) and \
                time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(left, [], "processes left running after the documented stop")

    def test_install_works_word_for_word(self):
        self.build_and_install()

        self.run_block(2, "adduser ")
        self.assert_owned("/etc/pwreset", 0o750, "root", "pwreset")
        self.assert_owned("/etc/pwreset/secret", 0o640, "root", "pwreset")
        self.assert_owned("/etc/pwreset/pwreset.conf", 0o640, "root", "pwreset")
        self.assert_owned("/var/lib/pwreset", 0o750, "pwreset", "pwreset")
        self.write_config()
        checked = self.run_block(2, "config check")
        self.assertIn(f"{self.path('/etc/pwreset/pwreset.conf')}: ok (checked as user {USERS.get('pwreset', ME)})",
                      checked.stdout)
        self.assertEqual(pwd.getpwuid(os.stat(self.path("/var/lib/pwreset/site.db")).st_uid).pw_name,
                         USERS.get("pwreset", ME))

        self.run_block(4, "spawn-fcgi -s")
        self.addCleanup(self.kill_leftovers)
        self.assert_owned("/var/log/pwreset", 0o750, "pwreset", "adm")
        self.assert_owned("/run/pwreset/login.sock", 0o660, "www-data", "www-data")
        self.start_nginx()
        self.walk_a_reset()
        logs = sorted(os.path.basename(name) for name in glob.glob(self.path("/var/log/pwreset/*.log")))
        self.assertEqual(logs, sorted(f"{name}.log" for name in stack.PROGRAMS))

        self.make("uninstall")
        left = [os.path.join(folder, name) for folder, _, names in os.walk(self.path("/usr")) for name in names]
        self.assertEqual(left, [])
        self.assertFalse(os.path.exists(self.path("/usr/local/share/pwreset")))
        for kept in ("/etc/pwreset/secret", "/etc/pwreset/pwreset.conf", "/var/lib/pwreset/site.db",
                     "/var/log/pwreset/login.log"):
            self.assertTrue(os.path.exists(self.path(kept)), kept)

        self.stop_everything()


if __name__ == "__main__":
    unittest.main()
