"""One pwreset instance for the benchmark: config, accounts and reset links, scripts/stack,
and the reference locations (transport ceiling, static file) added to its nginx."""
import http.client
import os
import re
import signal
import socket
import subprocess
import time

from common import BUILD, COST, NGINX, ROOT, TOOL, WORKERS

STACK = os.path.join(ROOT, "scripts", "stack")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(parent):
    """The pids of the processes whose parent is `parent`."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                if int(stat.read().rsplit(")", 1)[1].split()[1]) == parent:
                    found.append(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    return found


def running(pid):
    """True while pid is a process that has not exited (an unreaped one has)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def process_name(pid):
    try:
        with open(f"/proc/{pid}/comm") as comm:
            return comm.read().strip()
    except OSError:
        return None


class Instance:
    """A site in `directory` on a free port: the secret, the config, the database (its own
    site.db, or the given libpq URI)."""

    def __init__(self, directory, database=None):
        self.dir = directory
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.config = os.path.join(directory, "pwreset.conf")
        self.ceiling_pids = None
        os.makedirs(os.path.join(directory, "bench"), exist_ok=True)
        secret = os.path.join(directory, "secret")
        with open(os.open(secret, os.O_WRONLY | os.O_CREAT, 0o600), "w") as out:
            out.write(os.urandom(48).hex() + "\n")
        # Mail goes nowhere, fast: the notice after each reset must not weigh on bcrypt's row.
        sendmail = os.path.join(directory, "sendmail")
        with open(sendmail, "w") as out:
            out.write("#!/bin/sh\nexec cat >/dev/null\n")
        os.chmod(sendmail, 0o755)
        settings = {"secret_key_file": secret, "database": database or os.path.join(directory, "site.db"),
                    "base_url": self.base, "sendmail": f"{sendmail} -t -i",
                    "templates_dir": os.path.join(ROOT, "templates"), "locale_dir": os.path.join(BUILD, "locale"),
                    "cookie_secure": "no",
                    "bcrypt_cost": COST, "throttle_email_seconds": 0, "throttle_ip_per_hour": 0}
        write_config(self.config, settings)
        # Accounts are made at the lowest cost: only the resets under test hash at cost 12.
        self.quick_config = os.path.join(directory, "quick.conf")
        write_config(self.quick_config, dict(settings, bcrypt_cost=4))
        self.tool("db", "init")

    def tool(self, *args, config=None, stdin=None):
        done = subprocess.run([TOOL, "--config", config or self.config, *args], input=stdin,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"bench: pwreset {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout.strip()

    def reset_tokens(self, count, first):
        """Makes accounts reader<first>... and returns a reset link token for each."""
        tokens = []
        for number in range(first, first + count):
            email = f"reader{number}@example.org"
            self.tool("user", "add", "--email", email, "--username", f"reader{number}",
                      config=self.quick_config, stdin="an-old-password-of-reader\n")
            tokens.append(self.tool("reset-link", "--email", email).rsplit("/", 1)[1])
        return tokens

    def start(self, build, idle_timeout=None):
        """scripts/stack start; with idle_timeout, each program starts workers on demand."""
        env = dict(os.environ, PWRESET_BUILD=build, WORKERS=str(WORKERS))
        if idle_timeout:
            env.update(ON_DEMAND="yes", IDLE_TIMEOUT=str(idle_timeout))
        started = subprocess.run([STACK, "start", self.dir, str(self.port)], env=env,
                                 capture_output=True, text=True)
        if started.returncode != 0:
            raise SystemExit(f"bench: scripts/stack start failed:\n{started.stderr}")

    def stop(self):
        self.stop_references()
        subprocess.run([STACK, "stop", self.dir], capture_output=True)

    def stop_references(self):
        """Ends the ceiling's workers and waits for them: they map libc and libstdc++ too,
        and would take a share of those pages from the service's PSS."""
        if not self.ceiling_pids:
            return
        pids = [int(pid) for pid in open(self.ceiling_pids).read().split()]
        self.ceiling_pids = None
        for pid in pids:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 5
        while any(map(running, pids)):
            if time.monotonic() > deadline:
                raise SystemExit("bench: the ceiling's workers did not end within 5 s of SIGTERM")
            time.sleep(0.05)

    def pids(self, program):
        """The page's workers: the children of the supervisor scripts/stack recorded that
        carry the page's name."""
        with open(os.path.join(self.dir, "run", "pwreset-fcgi.pid")) as pid_file:
            return sorted(pid for pid in children(int(pid_file.read())) if process_name(pid) == program)

    def get(self, path, cookie=None):
        return self.request("GET", path, None, {"Cookie": cookie} if cookie else {})

    def post(self, path, body, cookie):
        headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, body, headers)

    def request(self, method, path, body, headers):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request(method, path, body=body, headers=headers)
        reply = connection.getresponse()
        content = reply.read()
        connection.close()
        return reply, content

    def form(self, path):
        """A CSRF cookie and the matching form token, as a browser gets them from the page."""
        cookie = "pwreset_csrf=" + os.urandom(16).hex()  # cookie_secure is off here
        reply, body = self.get(path, cookie)
        token = re.search(rb'name="csrf_token" value="([0-9a-f]+)"', body)
        if reply.status != 200 or not token:
            raise SystemExit(f"bench: GET {path} gave no form ({reply.status})")
        return cookie, token.group(1).decode()

    def add_references(self, ceiling_program):
        """Starts the ceiling on the bytes of this site's GET /reset_password and serves the
        page itself as a static file, both next to the pages (see tune_nginx)."""
        response, page = self.capture_page()
        socket_path = os.path.join(self.dir, "run", "ceiling.sock")
        self.ceiling_pids = os.path.join(self.dir, "run", "ceiling.pid")
        subprocess.run(["spawn-fcgi", "-s", socket_path, "-M", "0600", "-F", str(WORKERS),
                        "-P", self.ceiling_pids, "--", ceiling_program, response],
                       check=True, capture_output=True)
        self.tune_nginx(socket_path, page)

    def capture_page(self):
        """GET /reset_password as its worker wrote it (without the headers nginx adds), and
        the page alone."""
        reply, body = self.get("/reset_password")
        if reply.status != 200 or b'name="csrf_token"' not in body:
            raise SystemExit(f"bench: GET /reset_password answered {reply.status}")
        skip = {"server", "date", "connection", "transfer-encoding"}
        head = "".join(f"{name}: {value}\r\n" for name, value in reply.getheaders()
                       if name.lower() not in skip)
        response = os.path.join(self.dir, "bench", "reset_password.cgi")
        with open(response, "wb") as out:
            out.write(f"Status: {reply.status} {reply.reason}\r\n{head}\r\n".encode() + body)
        page = os.path.join(self.dir, "bench", "reset_password.html")
        with open(page, "wb") as out:
            out.write(body)
        return response, page

    def tune_nginx(self, ceiling_socket=None, static_file=None):
        """Buffers the access log as INSTALL recommends and adds the reference locations:
        the ceiling gets a copy of /reset_password's own location block, so nginx treats
        both alike. nginx reloads; this returns once only new workers are left."""
        conf_path = os.path.join(self.dir, "nginx.conf")
        conf = open(conf_path).read()
        conf, logs = re.subn(r"(access_log \S+ pwreset);", r"\1 buffer=64k flush=1s;", conf)
        block = re.search(r"\n(\s*)location = /reset_password \{.*?\n\1\}", conf, re.S)
        if not logs or not block:
            raise SystemExit("bench: nginx.conf has no pwreset access_log or /reset_password block")
        if ceiling_socket:
            ceiling = block.group(0).replace("location = /reset_password", "location = /bench/ceiling")
            ceiling = re.sub(r"fastcgi_pass unix:\S+;", f"fastcgi_pass unix:{ceiling_socket};", ceiling)
            static = (f"\n        location = /bench/reset_password.html {{\n"
                      f"            alias {static_file};\n        }}")
            conf = conf[:block.end()] + ceiling + static + conf[block.end():]
        with open(conf_path, "w") as out:
            out.write(conf)
        master = int(open(os.path.join(self.dir, "run", "nginx.pid")).read())
        old_workers = set(children(master))
        subprocess.run([NGINX, "-p", self.dir + "/", "-c", conf_path, "-s", "reload"], check=True,
                       capture_output=True)
        # Until the old worker has gone it may still take connections with the old settings.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            workers = set(children(master))
            if workers and not workers & old_workers:
                break
            time.sleep(0.1)
        for path in ("/bench/ceiling", "/bench/reset_password.html") if ceiling_socket else ("/login",):
            status = self.get(path)[0].status
            if status != 200:
                raise SystemExit(f"bench: {path} answers {status} after nginx reloaded")


def write_config(path, settings):
    with open(path, "w") as out:
        out.writelines(f"{key} = {value}\n" for key, value in settings.items())
