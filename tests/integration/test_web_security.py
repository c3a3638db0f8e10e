"""What protects the pages, through nginx: headers, cookie flags, CSRF, body and encoding
limits, methods, and output escaping. The config keeps cookie_secure at its default (yes)."""
import unittest
import urllib.parse

import stack
from web_site import (NEW_PASSWORD, OLD_PASSWORD, StackTestCase, flashes, greeted_user, link_path,
                      submit)

CSRF_REFUSED = ("The form was too old or did not come from this site. "
                "Go back, reload the page and try again.")
BAD_TEXT = "The form held characters that are not valid text (UTF-8)."
PAYLOADS = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'><svg onload=alert(1)>"]


def form_body(text):
    return {"body": text.encode(), "headers": {"Content-Type": "application/x-www-form-urlencoded"}}


class SecurityTest(StackTestCase):
    options = {"cookie_secure": None}

    def setUp(self):
        self.username, self.address = self.new_account()
        self.link = link_path(self.mailed_link(self.address))

    def post_routes(self):
        return ["/", "/login", "/logout", "/register", "/reset_password", self.link]

    def test_every_page_sends_the_security_headers(self):
        anonymous = self.stack.browser()
        paths = ["/", "/home", "/login", "/register", "/reset_password"]
        pages = {path: anonymous.get(path) for path in paths}
        pages["token form"] = anonymous.get(self.link)
        pages["logout form"] = self.log_in(self.address).get("/logout")
        pages["redirect"] = anonymous.get("/reset_password/not.a.token")
        pages["405"] = anonymous.request("PUT", "/login")
        pages["400"] = anonymous.post("/login", {"email": "x"})
        for name, reply in pages.items():
            with self.subTest(page=name):
                self.assertIn(reply.status, (200, 302, 400, 405))
                self.assertEqual(reply.header("Content-Type"), "text/html; charset=utf-8")
                self.assertEqual(reply.header("X-Content-Type-Options"), "nosniff")
                policy = reply.header("Content-Security-Policy")
                self.assertIn("default-src 'self'", policy)
                self.assertIn("frame-ancestors 'none'", policy)
                self.assertEqual(reply.header("Cache-Control"), "no-store")
        self.assertEqual(pages["token form"].header("Referrer-Policy"), "no-referrer")

    def set_cookies_of_every_page(self):
        """The Set-Cookie lines of a GET of every page and of the POSTs that set or delete the
        session and the flash."""
        anonymous = self.stack.browser()
        replies = [anonymous.get(path) for path in
                   ["/", "/home", "/login", "/register", "/reset_password", self.link,
                    "/reset_password/not.a.token", "/logout"]]
        replies.append(anonymous.get("/login"))  # shows the flash of the bad link, deleting it
        replies.append(self.request_reset(self.address))
        replies.append(submit(self.stack.browser(), "/register", {
            "username": "cookie" + self.username, "email": "cookie-" + self.address,
            "password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}))
        browser = self.stack.browser()
        replies.append(submit(browser, "/login", {"email": self.address, "password": OLD_PASSWORD}))
        replies.append(browser.get("/"))
        replies.append(submit(browser, "/logout", {}))
        replies.append(submit(self.stack.browser(), self.link, {"password": NEW_PASSWORD,
                                                                "confirm_password": NEW_PASSWORD}))
        return [line for reply in replies for line in reply.header_all("Set-Cookie")]

    def test_cookies_are_httponly_lax_and_secure(self):
        lines = self.set_cookies_of_every_page()
        self.assertEqual({line.split("=")[0] for line in lines},
                         {self.stack.cookie(base) for base in ("csrf", "session", "flash")})
        for line in lines:
            with self.subTest(cookie=line.split("=")[0]):
                attributes = [part.strip() for part in line.split(";")[1:]]
                for wanted in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"]:
                    self.assertIn(wanted, attributes)

    def test_every_cookie_is_a_host_cookie_no_other_host_can_set(self):
        """With cookie_secure, browsers take a __Host- cookie only from this very host over
        HTTPS, with Path=/ and no Domain; a sibling subdomain or a Flask app on the same site
        cannot plant or overwrite one."""
        lines = self.set_cookies_of_every_page()
        self.assertGreaterEqual(len(lines), 8)
        for line in lines:
            with self.subTest(cookie=line):
                name = line.split("=")[0]
                attributes = [part.strip().lower() for part in line.split(";")[1:]]
                self.assertTrue(name.startswith("__Host-pwreset_"), name)
                self.assertIn("path=/", attributes)
                self.assertIn("secure", attributes)
                self.assertFalse([part for part in attributes if part.startswith("domain")])

    def cookie_header(self, browser, **changes):
        """A browser's cookies as a Cookie header, some replaced or added (None drops one)."""
        jar = dict(browser.cookies, **changes)
        return "; ".join(f"{name}={value}" for name, value in jar.items() if value is not None)

    def test_a_foreign_cookie_that_is_not_text_locks_no_one_out(self):
        """Another app on the domain may set a cookie with any bytes; pwreset reads only its
        own, so logins, forms and CSRF checks work as before."""
        for foreign in ["other=%ff", "other=\xff\xfe", "\xff=1", "session=\xc0\xaf"]:
            with self.subTest(foreign=foreign):
                browser = self.log_in(self.address)
                sent = {"Cookie": foreign + "; " + self.cookie_header(browser) + "; " + foreign}
                home = browser.get("/", headers=sent)
                self.assertEqual(home.status, 200, home.body[:2000])
                self.assertEqual(greeted_user(home.body), self.username)
                confirm = browser.get("/logout", headers=sent)
                self.assertEqual(confirm.status, 200, confirm.body[:2000])
                done = browser.post("/logout", {"csrf_token": stack.csrf_token(confirm.body)}, headers=sent)
                self.assertEqual((done.status, done.location), (302, "/"), done.body[:2000])
                self.assertNotIn(self.stack.cookie("session"), browser.cookies)

                anonymous = self.stack.browser()
                form = anonymous.get("/reset_password", headers={"Cookie": foreign})
                self.assertEqual(form.status, 200, form.body[:2000])
                sent = {"Cookie": foreign + "; " + self.cookie_header(anonymous)}
                asked = anonymous.post("/reset_password", {"csrf_token": stack.csrf_token(form.body),
                                                           "email": self.address}, headers=sent)
                self.assertEqual((asked.status, asked.location), (302, "/login"), asked.body[:2000])

    def test_a_csrf_pair_from_another_visitor_fails_in_a_logged_in_session(self):
        """A csrf cookie and its token taken from another visitor (an attacker's own login, or
        an anonymous page) and planted in a logged-in browser do not pass: the token is bound
        to the session it was issued in."""
        _, other_address = self.new_account()
        victim = self.log_in(self.address)
        attacker = self.log_in(other_address)
        anonymous = self.stack.browser()
        csrf = self.stack.cookie("csrf")
        pairs = {"another visitor's logged-in pair": (attacker, stack.csrf_token(attacker.get("/logout").body)),
                 "an anonymous pair": (anonymous, stack.csrf_token(anonymous.get("/login").body))}
        for what, (source, token) in pairs.items():
            with self.subTest(pair=what):
                planted = {"Cookie": self.cookie_header(victim, **{csrf: source.cookies[csrf]})}
                reply = victim.post("/logout", {"csrf_token": token}, headers=planted)
                self.assert_error_page(reply, 400, CSRF_REFUSED)
                self.assertEqual(greeted_user(victim.get("/").body), self.username)
        # The pair still works where it was issued, and the victim's own pair works for them.
        self.assertEqual(attacker.post("/logout", {"csrf_token": pairs[
            "another visitor's logged-in pair"][1]}).status, 302)
        self.assertEqual(submit(victim, "/logout", {}).status, 302)
        self.assertIsNone(greeted_user(victim.get("/").body))

    def csrf_cases(self, path):
        """(name, browser, csrf field) for each way a POST can lack a valid token."""
        other = self.stack.browser()
        foreign = stack.csrf_token(other.get(path).body)
        mine = self.stack.browser()
        own = stack.csrf_token(mine.get(path).body)
        no_cookie = self.stack.browser()
        return [("missing", mine, None), ("empty", mine, ""), ("another visitor's", mine, foreign),
                ("altered", mine, own[:-1] + ("0" if own[-1] != "0" else "1")),
                ("without its cookie", no_cookie, own)]

    def post_without_valid_csrf(self, path, fields):
        for name, browser, token in self.csrf_cases(path):
            with self.subTest(path=path, csrf=name):
                sent = dict(fields) if token is None else {"csrf_token": token, **fields}
                reply = browser.post(path, sent)
                self.assert_error_page(reply, 400, CSRF_REFUSED)
                self.assertNotIn(self.stack.cookie("flash"), browser.cookies)
                self.assertNotIn(self.stack.cookie("session"), browser.cookies)

    def test_a_reset_request_without_a_valid_csrf_token_mails_nothing(self):
        self.post_without_valid_csrf("/reset_password", {"email": self.address})
        self.assertEqual(len(self.reset_mails(self.address)), 1)

    def test_a_new_password_without_a_valid_csrf_token_changes_nothing(self):
        before = self.stored_hash(self.address)
        self.post_without_valid_csrf(self.link, {"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
        self.assertEqual(self.stored_hash(self.address), before)
        self.assertEqual(self.stack.browser().get(self.link).status, 200)

    def test_login_register_and_logout_without_a_valid_csrf_token_do_nothing(self):
        self.post_without_valid_csrf("/login", {"email": self.address, "password": OLD_PASSWORD})
        self.post_without_valid_csrf("/register", {
            "username": "csrfvictim", "email": "csrf@example.com", "password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD})
        self.assertNotIn("csrf@example.com", self.stack.tool("user", "list").stdout)
        browser = self.log_in(self.address)
        self.assert_error_page(browser.post("/logout", {"csrf_token": "0" * 64}), 400, CSRF_REFUSED)
        self.assertIn(self.stack.cookie("session"), browser.cookies)

    def test_a_body_over_16_kib_is_refused_with_413(self):
        for path in self.post_routes():
            with self.subTest(path=path):
                at_limit = self.stack.browser().request("POST", path, **form_body("e=" + "a" * (16384 - 2)))
                self.assertNotEqual(at_limit.status, 413)
                over = self.stack.browser().request("POST", path, **form_body("e=" + "a" * (16384 - 1)))
                self.assertEqual(over.status, 413)

    def test_invalid_utf8_or_nul_in_a_field_gets_a_400_page(self):
        cases = ["email=%FF", "email=a%00b", "email=%C0%AF", "email=%ED%A0%80", "%FF=x", "email=%F4%90%80%80",
                 "email=a%01b"]
        for path in ["/login", "/register", "/reset_password", self.link]:
            for body in cases:
                with self.subTest(path=path, body=body):
                    browser = self.stack.browser()
                    token = stack.csrf_token(browser.get(path).body)
                    reply = browser.request("POST", path, **form_body(f"csrf_token={token}&{body}"))
                    self.assert_error_page(reply, 400, BAD_TEXT)
                    self.assert_no_internals(reply)
        self.assertEqual(len(self.reset_mails(self.address)), 1)

    def test_methods_a_route_does_not_list_get_405_naming_those_it_does(self):
        for route in stack.ROUTES:
            path = route.path.replace("<token>", self.link.rsplit("/", 1)[1])
            for method in ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]:
                with self.subTest(path=path, method=method):
                    reply = self.stack.browser().request(method, path, **form_body("email=x"))
                    if method in route.methods:
                        self.assertNotEqual(reply.status, 405)
                        continue
                    self.assert_error_page(reply, 405, "This page does not accept that method.")
                    self.assertEqual(reply.header("Allow"), ", ".join(route.methods))

    def test_other_body_formats_get_an_error_page(self):
        for content_type in ["application/json", "multipart/form-data; boundary=x", "text/plain"]:
            with self.subTest(content_type=content_type):
                reply = self.stack.browser().request("POST", "/login", body=b'{"email": "x"}',
                                                     headers={"Content-Type": content_type})
                self.assert_error_page(reply, 415, "The form was sent in a format this site does not accept.")

    def test_input_comes_back_escaped_on_every_form(self):
        forms = {"/login": ["email", "password"],
                 "/register": ["username", "email", "password", "confirm_password"],
                 "/reset_password": ["email"], self.link: ["password", "confirm_password"]}
        for path, fields in forms.items():
            for payload in PAYLOADS:
                with self.subTest(path=path, payload=payload):
                    browser = self.stack.browser()
                    query = "?" + urllib.parse.urlencode({"next": payload})
                    # A confirmation that differs keeps even a long enough password from being accepted.
                    sent = {field: payload for field in fields}
                    if "confirm_password" in sent:
                        sent["confirm_password"] = payload + "2"
                    reply = submit(browser, path + query, sent)
                    self.assertEqual(reply.status, 200, reply.body[:2000])
                    self.assertNotIn(payload, reply.body)
                    self.assertNotIn("<script>", reply.body)
                    self.assertNotIn("<img", reply.body)
                    self.assertNotIn("<svg", reply.body)
                    self.assert_no_internals(reply)
                    for field in fields:
                        if "password" not in field:
                            self.assertEqual(stack.input_value(reply.body, field), payload)
                        else:
                            self.assertEqual(stack.input_value(reply.body, field), "")
        self.log_in(self.address, OLD_PASSWORD)

    def test_odd_links_and_queries_are_never_echoed(self):
        invalid = [("warning", "That is an invalid or expired token")]
        cases = [("/reset_password/<b>alert(1)", 302, invalid),
                 ("/reset_password/%3Cimg%20src=x%20onerror=alert(1)%3E", 302, invalid),
                 ("/reset_password/<script>alert(1)</script>", 404, []),
                 ("/login?next=%3Cscript%3Ealert(1)%3C/script%3E", 200, []),
                 ("/?%3Cscript%3Ealert(1)=1", 200, [])]
        for path, status, shown in cases:
            with self.subTest(path=path):
                browser = self.stack.browser()
                reply = browser.get(path)
                self.assertEqual(reply.status, status)
                self.assertNotIn("alert(1)", reply.body)
                self.assertEqual(flashes(browser.get("/login").body), shown)

if __name__ == "__main__":
    unittest.main()
