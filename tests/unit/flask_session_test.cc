// Unit tests for lib/flask_session: cookies Flask wrote are read with every key, and ours are
// the bytes Flask itself writes.
//
// tests/data/flask-session-vectors.json comes from tests/data/flask-session-vectors.py, run
// once with Debian's python3 and its Flask 2.2 / itsdangerous 2.1 packages (nothing runs
// Python here). With a fixed clock it signs sessions through Flask's own session interface:
// "read" holds cookies (plain and zlib-compressed; flashes, Flask-Login's _user_id, _fresh
// and _id, Flask-WTF's csrf_token, every tag of Flask's tagged JSON) with what Flask's
// open_session reads from each (its JSON text, or null where Flask starts afresh: expired,
// from the future, another secret, tampered); "write" holds the cookie Flask sets after
// flash(message, category) in a request carrying the given cookie.
#define BOOST_TEST_MODULE flask_session
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "base64url.h"
#include "crypto.h"
#include "flask_session.h"

using namespace pwreset;

namespace {

const char kVectors[] = "tests/data/flask-session-vectors.json";
constexpr std::int64_t kNow = 1764340600;

const Json& vectors() {
    static const Json loaded = [] {
        std::ifstream file(kVectors, std::ios::binary);
        std::ostringstream text;
        text << file.rdbuf();
        return parse_json(text.str()).value_or(Json());
    }();
    return loaded;
}

std::string text_of(const Json& object, const char* name) {
    const Json* member = object.find(name);
    return member ? member->as_string().value_or("") : "";
}

std::int64_t number_of(const Json& object, const char* name) {
    const Json* member = object.find(name);
    return member ? member->as_int().value_or(-1) : -1;
}

FlaskSessionKey vector_key() { return {text_of(vectors(), "secret"), number_of(vectors(), "max_age")}; }

const Json& cases(const char* name) {
    static const Json none;
    const Json* list = vectors().find(name);
    return list ? *list : none;
}

Json parsed(std::string_view text) { return parse_json(text).value(); }

// The session of a vector named in "read", as Flask made it.
Json flask_session(const char* name) {
    for (const Json& v : cases("read").items()) {
        if (text_of(v, "name") == name) return parsed(text_of(v, "session"));
    }
    BOOST_FAIL("no read vector " << name);
    return Json();
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_vectors_cover_plain_and_compressed_cookies) {
    BOOST_TEST_REQUIRE(vectors().is_object(), "cannot read " << kVectors);
    int plain = 0, compressed = 0;
    for (const Json& v : cases("read").items()) {
        if (v.find("session")->kind() == Json::Kind::null) continue;
        (text_of(v, "cookie").front() == '.' ? compressed : plain) += 1;
    }
    BOOST_TEST(plain >= 2);
    BOOST_TEST(compressed >= 3);
    BOOST_TEST(cases("write").items().size() >= 5u);
}

BOOST_AUTO_TEST_CASE(cookies_flask_wrote_are_read_with_every_key) {
    for (const Json& v : cases("read").items()) {
        BOOST_TEST_CONTEXT("vector " << text_of(v, "name")) {
            const auto session = read_flask_session(vector_key(), text_of(v, "cookie"), number_of(v, "now"));
            const Json* expected = v.find("session");
            BOOST_TEST_REQUIRE(expected != nullptr);
            if (expected->kind() == Json::Kind::null) {
                BOOST_TEST(!session.has_value());
            } else {
                BOOST_TEST_REQUIRE(session.has_value());
                BOOST_TEST(flask_json_text(*session) == *expected->as_string());
            }
        }
    }
}

// The cookie Flask sets after flash() in the same request, byte for byte: an absent, invalid
// or expired session gives a new one holding only the message.
BOOST_AUTO_TEST_CASE(a_flash_we_add_gives_the_cookie_flask_writes) {
    for (const Json& v : cases("write").items()) {
        BOOST_TEST_CONTEXT("vector " << text_of(v, "name")) {
            const auto now = number_of(v, "now");
            const auto before = read_flask_session(vector_key(), text_of(v, "cookie"), now);
            const Json session = add_flask_flash(before.value_or(Json::make_object({})),
                                                 {text_of(v, "category"), text_of(v, "message")});
            BOOST_TEST(write_flask_session(vector_key(), session, now) == text_of(v, "written"));
        }
    }
}

BOOST_AUTO_TEST_CASE(a_cookie_we_write_reads_back_until_it_expires) {
    const FlaskSessionKey key{"another key", 3600};
    const Json session = flask_session("logged_in_with_flashes");
    const std::string cookie = write_flask_session(key, session, kNow);
    BOOST_TEST(cookie.front() == '.');
    for (std::int64_t now : {kNow, kNow + 3600}) {
        const auto read = read_flask_session(key, cookie, now);
        BOOST_TEST_REQUIRE(read.has_value());
        BOOST_TEST(flask_json_text(*read) == flask_json_text(session));
    }
    BOOST_TEST(!read_flask_session(key, cookie, kNow + 3601).has_value());
    BOOST_TEST(!read_flask_session(key, cookie, kNow - 1).has_value());
    BOOST_TEST(!read_flask_session({"other key", 3600}, cookie, kNow).has_value());
}

BOOST_AUTO_TEST_CASE(any_changed_character_makes_the_cookie_invalid) {
    const FlaskSessionKey key = vector_key();
    for (const char* name : {"logged_out", "logged_in"}) {
        const std::string cookie = write_flask_session(key, flask_session(name), kNow);
        BOOST_TEST_REQUIRE(read_flask_session(key, cookie, kNow).has_value());
        for (std::size_t i = 0; i < cookie.size(); ++i) {
            std::string changed = cookie;
            changed[i] = changed[i] == 'A' ? 'B' : 'A';
            BOOST_TEST_CONTEXT(name << " with character " << i << " changed") {
                BOOST_TEST(!read_flask_session(key, changed, kNow).has_value());
            }
        }
        BOOST_TEST(!read_flask_session(key, cookie + "A", kNow).has_value());
        BOOST_TEST(!read_flask_session(key, cookie.substr(0, cookie.rfind('.')), kNow).has_value());
    }
}

// A correctly signed cookie that inflates past the cap (or is itself larger than browsers
// keep), and signed text that is not a JSON object, are refused like any invalid session.
BOOST_AUTO_TEST_CASE(oversized_or_malformed_sessions_are_refused) {
    const FlaskSessionKey key{"k", 3600};
    const std::string filler(kMaxFlaskSessionBytes, 'a');
    const std::string bomb = write_flask_session(key, parsed("{\"x\":\"" + filler + "\"}"), kNow);
    BOOST_TEST(bomb.size() < kMaxFlaskCookieBytes);
    BOOST_TEST(!read_flask_session(key, bomb, kNow).has_value());
    const std::string just_fits(kMaxFlaskSessionBytes - 10, 'a');
    BOOST_TEST(
        read_flask_session(key, write_flask_session(key, parsed("{\"x\":\"" + just_fits + "\"}"), kNow), kNow)
            .has_value());

    const std::string noise = to_hex(random_bytes(4000));
    const std::string large = write_flask_session(key, parsed("{\"x\":\"" + noise + "\"}"), kNow);
    BOOST_TEST(large.size() > kMaxFlaskCookieBytes);
    BOOST_TEST(!read_flask_session(key, large, kNow).has_value());

    const auto sign = [&](const std::string& payload) {
        const std::string text = payload + "." + base64url_encode(std::string("\x69\x29\xb3\x78", 4));
        return text + "." + base64url_encode(hmac_sha1(hmac_sha1(key.secret, "cookie-session"), text));
    };
    BOOST_TEST(read_flask_session(key, sign(base64url_encode("{\"a\":1}")), kNow).has_value());
    for (const std::string& payload :
         {base64url_encode("[1,2]"), base64url_encode("{\"a\":"), base64url_encode("\"text\""),
          "." + base64url_encode("not zlib"), std::string("!!"), std::string()}) {
        BOOST_TEST_CONTEXT("payload " << payload) {
            BOOST_TEST(!read_flask_session(key, sign(payload), kNow).has_value());
        }
    }
}

BOOST_AUTO_TEST_CASE(a_flash_is_added_after_the_others_and_every_key_is_kept) {
    const Json session = add_flask_flash(flask_session("logged_in_with_flashes"), {"info", "third"});
    const Json* flashes = session.find("_flashes");
    BOOST_TEST_REQUIRE(flashes != nullptr);
    BOOST_TEST_REQUIRE(flashes->items().size() == 3u);
    BOOST_TEST(flashes->items()[0].dump() == R"({" t":["warning","That is an invalid or expired token"]})");
    BOOST_TEST(flashes->items()[2].dump() == R"({" t":["info","third"]})");
    for (const char* name : {"_fresh", "_id", "_user_id", "csrf_token"}) {
        BOOST_TEST(session.find(name)->dump() == flask_session("logged_in_with_flashes").find(name)->dump());
    }
    // Something that is not a list under _flashes is replaced, as Flask would fail on it.
    BOOST_TEST(flask_json_text(add_flask_flash(parsed(R"({"_flashes":"x","k":[1]})"), {"success", "ok"})) ==
               R"({"_flashes":[{" t":["success","ok"]}],"k":[1]})");
}

BOOST_AUTO_TEST_CASE(flask_login_and_permanent_sessions_are_recognised) {
    BOOST_TEST(flask_user_logged_in(flask_session("logged_in")));
    BOOST_TEST(flask_user_logged_in(flask_session("logged_in_with_flashes")));
    BOOST_TEST(!flask_user_logged_in(flask_session("logged_out")));
    BOOST_TEST(!flask_user_logged_in(parsed(R"({"_user_id":null})")));
    BOOST_TEST(flask_session_permanent(flask_session("tagged")));
    BOOST_TEST(!flask_session_permanent(flask_session("logged_in")));
    BOOST_TEST(!flask_session_permanent(parsed(R"({"_permanent":true,"_permanent":false})")));
}

// Python's json.dumps(value, sort_keys=True, separators=(",", ":")) (ensure_ascii by default).
BOOST_AUTO_TEST_CASE(session_text_is_written_as_python_writes_it) {
    const struct {
        const char* json;
        const char* python;
    } cases[] = {
        {R"({"b":1,"a":[true,null,"é\u2028😀)"
         "\x7f"
         R"(/\"\\\n\u0001"]," t":[1.5,-2]})",
         R"({" t":[1.5,-2],"a":[true,null,"\u00e9\u2028\ud83d\ude00\u007f/\"\\\n\u0001"],"b":1})"},
        {R"({"a":1,"a":2})", R"({"a":2})"},
        {R"({"é":1,"z":2,"Z":3,"_":4})", R"({"Z":3,"_":4,"z":2,"\u00e9":1})"},
        {R"([{}, [], "", {"k": {"y": 1, "x": 2}}])", R"([{},[],"",{"k":{"x":2,"y":1}}])"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.json) { BOOST_TEST(flask_json_text(parsed(c.json)) == c.python); }
    }
}
