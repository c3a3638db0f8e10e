"""Test fixture: runs a whole pwreset instance (scripts/stack) and talks to it as browsers do."""
import atexit
import collections
import email
import email.policy
import glob
import html.parser
import http.client
import os
import re
import secrets
import socket
import subprocess
import time
import urllib.parse
from email.utils import parsedate_to_datetime

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("PWRESET_BUILD", os.path.join(ROOT, "build"))
STACK_SCRIPT = os.path.join(ROOT, "scripts", "stack")
TOOL = os.path.join(BUILD, "pwreset")
ROUTES_FILE = os.path.join(ROOT, "cgi-bin", "routes")
Route = collections.namedtuple("Route", "path program methods snippets")


def read_routes():
    """The routes table, cgi-bin/routes: one Route a line, methods and snippets as tuples."""
    routes = []
    with open(ROUTES_FILE, encoding="utf-8") as table:
        for line in table:
            fields = line.split()
            if fields and not fields[0].startswith("#"):
                path, program, methods, snippets = fields
                routes.append(Route(path, program, tuple(methods.split(",")), tuple(snippets.split(","))))
    return routes


ROUTES = read_routes()
PROGRAMS = tuple(dict.fromkeys(route.program for route in ROUTES))


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stack_command(*args, environment=None, workers=None):
    """Runs scripts/stack with extra environment variables (e.g. SNIPPET) and WORKERS per
    program when given; returns the CompletedProcess (text, output captured)."""
    variables = dict(os.environ, PWRESET_BUILD=BUILD, **(environment or {}))
    if workers is not None:
        variables["WORKERS"] = str(workers)
    return subprocess.run([STACK_SCRIPT, *args], capture_output=True, text=True,
                          env=variables, timeout=60)


class StackError(Exception):
    pass


def cookie_name(base, secure):
    """pwreset's name for its cookie `base` ("session", "csrf" or "flash"): pwreset_<base>,
    behind the __Host- prefix when cookie_secure is on."""
    return ("__Host-" if secure else "") + "pwreset_" + base


# Instances started and not yet stopped. A test that fails between start and stop (say in
# setUpClass, where tearDownClass then never runs) must not leave nginx and the programs
# running after the test run: they are stopped when Python exits.
_running = set()


@atexit.register
def _stop_leftovers():
    for directory in list(_running):
        stack_command("stop", directory)


class Stack:
    """One instance in `directory`: config, secret, database, mail folder and logs all
    live there. Use as a context manager, or call start() and stop(). `environment` goes to
    scripts/stack start: SNIPPET and SITE_UPSTREAM put the instance beside a site. workers:
    FastCGI workers per program (scripts/stack's default when None)."""

    def __init__(self, directory, options=None, environment=None, workers=None):
        self.dir = os.path.realpath(directory)
        self.port = None
        self.base_url = None
        self.config_path = os.path.join(self.dir, "pwreset.conf")
        self.secret_path = os.path.join(self.dir, "secret.key")
        self.mail_dir = os.path.join(self.dir, "mail")
        self.overrides = dict(options or {})
        self.environment = dict(environment or {})
        self.workers = workers

    def options(self):
        """The config values: test-friendly defaults, then the overrides (None drops a key)."""
        values = {
            "secret_key_file": self.secret_path,
            "database": os.path.join(self.dir, "site.db"),
            "base_url": self.base_url,
            "sendmail": f"{ROOT}/scripts/mailcatch {self.mail_dir} -t -i",
            "mail_from": "noreply@demo.com",  # the seed's sender
            "cookie_secure": "no",
            "bcrypt_cost": 4,
            "templates_dir": os.path.join(ROOT, "templates"),
            "locale_dir": os.path.join(BUILD, "locale"),
            "password_min_length": 15,
            "throttle_email_seconds": 0,
            "throttle_ip_per_hour": 0,
            "throttle_login_account": 0,
            "throttle_login_ip_per_hour": 0,
            "throttle_register_ip_per_hour": 0,
        }
        values.update(self.overrides)
        return {key: value for key, value in values.items() if value is not None}

    def write_config(self):
        if not os.path.exists(self.secret_path):
            descriptor = os.open(self.secret_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as secret:
                secret.write(secrets.token_hex(48) + "\n")
        with open(self.config_path, "w") as config:
            for key, value in self.options().items():
                if isinstance(value, bool):
                    value = "yes" if value else "no"
                config.write(f"{key} = {value}\n")

    def prepare(self):
        """Picks a port and writes the secret, the config and the database, but starts nothing."""
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.write_config()
        self.tool("db", "init")

    def start(self):
        # A port picked free can be taken before nginx binds it; another one then does.
        for _ in range(3):
            self.prepare()
            started = stack_command("start", self.dir, str(self.port), environment=self.environment,
                                    workers=self.workers)
            if started.returncode == 0:
                _running.add(self.dir)
                return self
            if "already in use" not in started.stderr:
                break
        raise StackError(f"scripts/stack start failed ({started.returncode}):\n{started.stderr}")

    def stop(self):
        stopped = stack_command("stop", self.dir)
        _running.discard(self.dir)
        if stopped.returncode != 0:
            raise StackError(f"scripts/stack stop failed:\n{stopped.stderr}")

    def __enter__(self):
        return self.start()

    def __exit__(self, *exception):
        self.stop()

    def tool(self, *args, input=None, check=True):
        """Runs `pwreset --config <this config> ARGS`; raises StackError if it fails and check."""
        done = subprocess.run([TOOL, "--config", self.config_path, *args], input=input,
                              capture_output=True, text=True, timeout=60)
        if check and done.returncode != 0:
            raise StackError(f"pwreset {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
        return done

    def add_user(self, username, email_address, password):
        self.tool("user", "add", "--email", email_address, "--username", username,
                  input=password + "\n")

    def browser(self):
        return Browser(self.port)

    def cookie_secure(self):
        """Whether the config turns cookie_secure on (its default is yes)."""
        return str(self.options().get("cookie_secure", "yes")).lower() not in ("no", "false")

    def cookie(self, base):
        """The name of pwreset's cookie `base` under this config."""
        return cookie_name(base, self.cookie_secure())

    def mails(self):
        """Every message mailcatch stored, oldest first, as email.message.EmailMessage."""
        messages = []
        for path in sorted(glob.glob(os.path.join(self.mail_dir, "*.eml"))):
            with open(path, "rb") as stored:
                messages.append(email.message_from_binary_file(stored, policy=email.policy.default))
        return messages

    def wait_for_mails(self, count, timeout=5.0):
        """The stored messages once there are at least `count` (sendmail may still run)."""
        deadline = time.monotonic() + timeout
        while len(found := self.mails()) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return found

    def log(self, name):
        """The text of DIR/logs/NAME.log (access, error, or a program's start-up log)."""
        path = os.path.join(self.dir, "logs", f"{name}.log")
        with open(path, encoding="utf-8", errors="replace") as text:
            return text.read()


class Reply:
    def __init__(self, response):
        self.status = response.status
        self.headers = response.getheaders()  # (name, value) pairs, repeats kept
        self.body = response.read().decode("utf-8", errors="replace")

    def header(self, name):
        """The first value of a header, or None."""
        values = self.header_all(name)
        return values[0] if values else None

    def header_all(self, name):
        return [value for key, value in self.headers if key.lower() == name.lower()]

    @property
    def location(self):
        return self.header("Location")

    def __repr__(self):
        return f"<Reply {self.status} {self.headers!r}>"


class Browser:
    """One visitor: a cookie jar of its own, no redirect following, form-encoded POSTs."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, fields, headers=None):
        """fields: a dict or a list of (name, value) pairs."""
        body = urllib.parse.urlencode(fields).encode()
        wanted = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return self.request("POST", path, body=body, headers=wanted)

    def request(self, method, path, body=None, headers=None):
        wanted = dict(headers or {})
        if self.cookies:
            wanted.setdefault("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=wanted)
            reply = Reply(connection.getresponse())
        finally:
            connection.close()
        for line in reply.header_all("Set-Cookie"):
            self._store_cookie(line)
        return reply

    def _store_cookie(self, line):
        pair, *parts = [part.strip() for part in line.split(";")]
        name, _, value = pair.partition("=")
        attributes = {}
        for part in parts:
            key, _, setting = part.partition("=")
            attributes[key.strip().lower()] = setting.strip()
        # Max-Age wins over Expires, as in RFC 6265.
        if "max-age" in attributes:
            expired = int(attributes["max-age"]) <= 0
        elif "expires" in attributes:
            expired = parsedate_to_datetime(attributes["expires"]).timestamp() <= time.time()
        else:
            expired = False
        if expired:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value


class _HiddenInputs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.values = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name"):
            self.values.setdefault(attributes["name"], attributes.get("value") or "")


def input_value(page, name):
    """The value of the first <input name=NAME> in an HTML page, or None."""
    parser = _HiddenInputs()
    parser.feed(page)
    return parser.values.get(name)


def csrf_token(page):
    """The csrf_token hidden field of a page's form; fails loudly when there is none."""
    token = input_value(page, "csrf_token")
    if not token:
        raise AssertionError("no csrf_token input in the page:\n" + page[:2000])
    return token


def log_in(instance, email_address, password):
    """A browser with a logged-in session cookie."""
    browser = instance.browser()
    form = browser.get("/login")
    reply = browser.post("/login", {"csrf_token": csrf_token(form.body),
                                    "email": email_address, "password": password})
    if reply.status != 302 or instance.cookie("session") not in browser.cookies:
        raise AssertionError(f"log in as {email_address} failed: {reply.status}\n{reply.body[:2000]}")
    return browser


def reset_links(message):
    """The /reset_password/<token> links in a mail's text body."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.findall(r"https?://\S+/reset_password/[A-Za-z0-9_.=-]+", text)
