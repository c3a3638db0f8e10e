// UserStore on a fresh database and on one shaped like an existing flaskblog site.db.
#define BOOST_TEST_MODULE users
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <sqlite3.h>

#include <functional>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "scratch_db.h"
#include "sqlite_users.h"

namespace pwreset {
// Lets a failed check print which error came back.
std::ostream& operator<<(std::ostream& out, UserError error) {
    return out << "UserError(" << static_cast<int>(error) << ")";
}
}  // namespace pwreset

using namespace pwreset;
using test::texts;

namespace {

// The DDL exactly as Flask-SQLAlchemy (db.create_all) writes it for flaskblog's models.
constexpr const char* kFlaskblogTables =
    "\nCREATE TABLE user (\n\tid INTEGER NOT NULL, \n\tusername VARCHAR(20) NOT NULL, "
    "\n\temail VARCHAR(120) NOT NULL, \n\timage_file VARCHAR(20) NOT NULL, "
    "\n\tpassword VARCHAR(60) NOT NULL, \n\tPRIMARY KEY (id), \n\tUNIQUE (username), "
    "\n\tUNIQUE (email)\n)\n\n;"
    "\nCREATE TABLE post (\n\tid INTEGER NOT NULL, \n\ttitle VARCHAR(100) NOT NULL, "
    "\n\tdate_posted DATETIME NOT NULL, \n\tcontent TEXT NOT NULL, "
    "\n\tuser_id INTEGER NOT NULL, \n\tPRIMARY KEY (id), "
    "\n\tFOREIGN KEY(user_id) REFERENCES user (id)\n)\n\n;";

const char* const kAliceHash = "$2b$12$caQRAg8J.fVat9r2KlmpdO84m8bFsPL1Wqbp70zrdPSXp5j3xVyZC";
const char* const kBobHash = "$2a$12$zkOgRPXJ8pCNA3BSxYEk9uMKEly9YrTpmuIqOKDkPLZyqfXzzcnPi";
const char* const kNewHash = "$2b$04$abcdefghijklmnopqrstuu5Hc9Rb2Cz7U2dJkmrk9QXJg3dcZPy7i";
const char* const kOtherHash = "$2b$04$zyxwvutsrqponmlkjihgfeKq3Yb3W5YsWz3l1fcdVq8y5tWm4o0y.";

const std::string kSeedRows =
    std::string("INSERT INTO user VALUES (1, 'Alice', 'alice@example.com', '3f2a9c1b.jpg', '") + kAliceHash +
    "'), (2, 'bob', 'Bob@Example.org', 'default.jpg', '" + kBobHash +
    "'); INSERT INTO post VALUES (1, 'First', '2019-05-04 12:00:00.000000', 'Hello', 1);";

// Writes site.db the way flaskblog left it: its tables and rows, rollback journal, no pwreset.
void make_flaskblog_db(const std::string& path) {
    sqlite3* raw = nullptr;
    const int opened = sqlite3_open(path.c_str(), &raw);
    const std::string script = std::string(kFlaskblogTables) + kSeedRows;
    const int filled = sqlite3_exec(raw, script.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(raw);
    if (opened != SQLITE_OK || filled != SQLITE_OK) throw std::runtime_error("flaskblog db");
}

struct Site {
    test::ScratchDir dir;
    std::unique_ptr<Database> db;
    std::unique_ptr<UserStore> users;

    explicit Site(bool from_flaskblog) {
        const std::string path = dir.file("site.db");
        if (from_flaskblog) make_flaskblog_db(path);
        db = test::open_db(path);
        if (!init_schema(*db)) throw std::runtime_error("init_schema failed");
        if (!from_flaskblog && !db->exec(kSeedRows.c_str())) throw std::runtime_error("seed");
        auto store = SqliteUserStore::open(*db);
        if (!store) throw std::runtime_error("UserStore::open: " + store.detail());
        users = std::move(store).value();
    }
};

// Every behaviour must hold on a database we created and on an existing flaskblog one.
void on_each_site(const std::function<void(Site&)>& check) {
    for (bool from_flaskblog : {false, true}) {
        BOOST_TEST_CONTEXT((from_flaskblog ? "flaskblog site.db" : "fresh database")) {
            Site site(from_flaskblog);
            check(site);
        }
    }
}

std::optional<User> found(const Result<std::optional<User>, UserError>& result) {
    if (!result) throw std::runtime_error("lookup failed: " + result.detail());
    return *result;
}

std::vector<std::int64_t> ids(UserStore& users) {
    auto all = users.list();
    if (!all) throw std::runtime_error("list failed: " + all.detail());
    std::vector<std::int64_t> result;
    for (const auto& user : *all) result.push_back(user.id);
    return result;
}

}  // namespace

BOOST_AUTO_TEST_CASE(finds_by_email_ignoring_case) {
    struct Case {
        const char* typed;
        std::int64_t id;  // 0: no account
    };
    const Case cases[] = {
        {"alice@example.com", 1},
        {"Alice@Example.COM", 1},
        {"bob@example.org", 2},
        {"BOB@EXAMPLE.ORG", 2},
        {"alice@example.co", 0},
        {"alice@example.com ", 0},
        {"", 0},
    };
    on_each_site([&](Site& site) {
        for (const auto& c : cases) {
            BOOST_TEST_CONTEXT("'" << c.typed << "'") {
                const auto user = found(site.users->find_by_email(c.typed));
                BOOST_TEST(user.has_value() == (c.id != 0));
                if (user) BOOST_TEST(user->id == c.id);
            }
        }
        const auto alice = found(site.users->find_by_email("ALICE@example.com"));
        BOOST_TEST_REQUIRE(alice.has_value());
        BOOST_TEST(alice->username == "Alice");
        BOOST_TEST(alice->email == "alice@example.com");
        BOOST_TEST(alice->image_file == "3f2a9c1b.jpg");
        BOOST_TEST(alice->password_hash == kAliceHash);
    });
}

// Flask stored addresses as typed, so two may differ only in case: the one typed exactly
// wins, else the oldest account.
BOOST_AUTO_TEST_CASE(exact_case_wins_then_the_oldest_account) {
    struct Case {
        const char* typed;
        std::int64_t id;
    };
    const Case cases[] = {
        {"carol@example.net", 4}, {"Carol@example.net", 3}, {"CAROL@EXAMPLE.NET", 3},
        {"CAROL@example.net", 5}, {"carol@EXAMPLE.net", 3},
    };
    on_each_site([&](Site& site) {
        const std::string hash = kNewHash;
        const std::string rows = "INSERT INTO user VALUES (3, 'c1', 'Carol@example.net', 'x.jpg', '" + hash +
                                 "'), (4, 'c2', 'carol@example.net', 'x.jpg', '" + hash +
                                 "'), (5, 'c3', 'CAROL@example.net', 'x.jpg', '" + hash + "');";
        BOOST_TEST_REQUIRE(site.db->exec(rows.c_str()).ok());
        for (const auto& c : cases) {
            BOOST_TEST_CONTEXT("'" << c.typed << "'") {
                const auto user = found(site.users->find_by_email(c.typed));
                BOOST_TEST_REQUIRE(user.has_value());
                BOOST_TEST(user->id == c.id);
            }
        }
    });
}

BOOST_AUTO_TEST_CASE(email_lookup_uses_the_nocase_index) {
    Site site(true);
    auto plan = site.db->prepare("EXPLAIN QUERY PLAN SELECT id FROM user WHERE email = ?1 COLLATE NOCASE");
    BOOST_TEST_REQUIRE(plan.ok());
    BOOST_TEST_REQUIRE(*(*plan)->step());
    const int detail_column = 3;
    BOOST_TEST((*plan)->column_text(detail_column).find("pwreset_user_email_nocase") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(finds_by_id) {
    on_each_site([](Site& site) {
        const auto bob = found(site.users->find_by_id(2));
        BOOST_TEST_REQUIRE(bob.has_value());
        BOOST_TEST(bob->username == "bob");
        BOOST_TEST(bob->email == "Bob@Example.org");
        BOOST_TEST(bob->password_hash == kBobHash);
        BOOST_TEST(!found(site.users->find_by_id(99)).has_value());
        BOOST_TEST(!found(site.users->find_by_id(0)).has_value());
    });
}

BOOST_AUTO_TEST_CASE(add_stores_the_default_image_and_lists_by_id) {
    on_each_site([](Site& site) {
        const auto id = site.users->add("carol", "carol@example.net", kNewHash);
        BOOST_TEST_REQUIRE(id.ok());
        BOOST_TEST(*id == 3);
        const auto carol = found(site.users->find_by_email("Carol@Example.net"));
        BOOST_TEST_REQUIRE(carol.has_value());
        BOOST_TEST(carol->id == 3);
        BOOST_TEST(carol->username == "carol");
        BOOST_TEST(carol->image_file == "default.jpg");
        BOOST_TEST(carol->password_hash == kNewHash);
        BOOST_TEST(ids(*site.users) == (std::vector<std::int64_t>{1, 2, 3}));
    });
}

BOOST_AUTO_TEST_CASE(add_names_the_field_already_taken) {
    struct Case {
        const char* username;
        const char* email;
        UserError expected;
    };
    const Case cases[] = {
        {"Alice", "new@example.com", UserError::duplicate_username},
        {"dave", "alice@example.com", UserError::duplicate_email},
        {"dave", "ALICE@EXAMPLE.COM", UserError::duplicate_email},
        {"bob", "bob@example.org", UserError::duplicate_username},
    };
    on_each_site([&](Site& site) {
        for (const auto& c : cases) {
            BOOST_TEST_CONTEXT(c.username << " / " << c.email) {
                const auto added = site.users->add(c.username, c.email, kNewHash);
                BOOST_TEST_REQUIRE(!added.ok());
                BOOST_TEST(added.error() == c.expected);
            }
        }
        BOOST_TEST(ids(*site.users) == (std::vector<std::int64_t>{1, 2}));
    });
}

constexpr std::int64_t kNow = 1764340000;

std::optional<std::int64_t> changed_at(Site& site, std::int64_t id) {
    const auto at = site.users->password_changed_at(id);
    if (!at) throw std::runtime_error("password_changed_at failed: " + at.detail());
    return *at;
}

BOOST_AUTO_TEST_CASE(set_password_changes_only_that_account) {
    on_each_site([](Site& site) {
        BOOST_TEST_REQUIRE(site.users->set_password(2, kNewHash, kNow).ok());
        BOOST_TEST(found(site.users->find_by_id(2))->password_hash == kNewHash);
        BOOST_TEST(found(site.users->find_by_id(1))->password_hash == kAliceHash);

        const auto missing = site.users->set_password(99, kNewHash, kNow);
        BOOST_TEST_REQUIRE(!missing.ok());
        BOOST_TEST(missing.error() == UserError::not_found);
    });
}

// Two requests racing with one reset link both expect Alice's old hash: one wins.
BOOST_AUTO_TEST_CASE(replace_password_succeeds_once_per_expected_hash) {
    on_each_site([](Site& site) {
        BOOST_TEST_REQUIRE(site.users->replace_password(1, kAliceHash, kNewHash, kNow).ok());
        const auto second = site.users->replace_password(1, kAliceHash, kOtherHash, kNow);
        BOOST_TEST_REQUIRE(!second.ok());
        BOOST_TEST(second.error() == UserError::not_found);
        BOOST_TEST(found(site.users->find_by_id(1))->password_hash == kNewHash);

        const auto wrong_user = site.users->replace_password(2, kNewHash, kOtherHash, kNow);
        BOOST_TEST_REQUIRE(!wrong_user.ok());
        BOOST_TEST(wrong_user.error() == UserError::not_found);
        BOOST_TEST(found(site.users->find_by_id(2))->password_hash == kBobHash);
    });
}

// Every change pwreset makes is recorded with its time, the latest one kept; a change that
// did not happen records nothing, and flaskblog's user table gains no column for it.
BOOST_AUTO_TEST_CASE(each_password_change_records_its_time) {
    on_each_site([](Site& site) {
        BOOST_TEST(!changed_at(site, 1).has_value());
        BOOST_TEST_REQUIRE(site.users->replace_password(1, kAliceHash, kNewHash, kNow).ok());
        BOOST_TEST(changed_at(site, 1).value_or(0) == kNow);
        BOOST_TEST_REQUIRE(site.users->set_password(1, kOtherHash, kNow + 60).ok());
        BOOST_TEST(changed_at(site, 1).value_or(0) == kNow + 60);

        BOOST_TEST(!site.users->replace_password(2, kNewHash, kOtherHash, kNow + 90).ok());
        BOOST_TEST(!site.users->set_password(99, kNewHash, kNow + 90).ok());
        BOOST_TEST(!changed_at(site, 2).has_value());
        BOOST_TEST(!changed_at(site, 99).has_value());
        BOOST_TEST(texts(*site.db, "SELECT count(*) FROM pragma_table_info('user')") ==
                   std::vector<std::string>{"5"});
    });
}

// The hash and its record change together or not at all, so a link can never outlive a
// change that the table missed.
BOOST_AUTO_TEST_CASE(a_change_that_cannot_be_recorded_changes_nothing) {
    on_each_site([](Site& site) {
        BOOST_TEST_REQUIRE(site.db
                               ->exec("CREATE TRIGGER refuse BEFORE INSERT ON pwreset_password_changes "
                                      "BEGIN SELECT RAISE(ABORT, 'refused'); END")
                               .ok());
        const auto replaced = site.users->replace_password(1, kAliceHash, kNewHash, kNow);
        BOOST_TEST_REQUIRE(!replaced.ok());
        BOOST_TEST(replaced.error() == UserError::storage);
        BOOST_TEST(found(site.users->find_by_id(1))->password_hash == kAliceHash);
        BOOST_TEST(!site.users->set_password(2, kNewHash, kNow).ok());
        BOOST_TEST(found(site.users->find_by_id(2))->password_hash == kBobHash);
        // No transaction is left open: later writes still land.
        BOOST_TEST_REQUIRE(site.db->exec("DROP TRIGGER refuse").ok());
        BOOST_TEST_REQUIRE(site.users->set_password(2, kNewHash, kNow).ok());
        BOOST_TEST(found(site.users->find_by_id(2))->password_hash == kNewHash);
    });
}

// An existing site.db keeps flaskblog's tables and rows byte for byte; only pwreset_* is added.
BOOST_AUTO_TEST_CASE(init_schema_leaves_flaskblog_tables_and_rows_alone) {
    test::ScratchDir dir;
    const std::string path = dir.file("site.db");
    make_flaskblog_db(path);
    auto db = test::open_db(path);
    const auto flaskblog_objects = [&] {
        return texts(*db,
                     "SELECT name || ': ' || ifnull(sql, '') FROM sqlite_master "
                     "WHERE name NOT LIKE '%pwreset%' ORDER BY name");
    };
    const auto rows = [&] {
        auto all = texts(*db,
                         "SELECT quote(id) || quote(username) || quote(email) || "
                         "quote(image_file) || quote(password) FROM user ORDER BY id");
        for (auto& post : texts(*db,
                                "SELECT quote(id) || quote(title) || quote(date_posted) || "
                                "quote(content) || quote(user_id) FROM post ORDER BY id")) {
            all.push_back(post);
        }
        return all;
    };
    const auto tables_before = flaskblog_objects();
    const auto rows_before = rows();
    BOOST_TEST_REQUIRE(tables_before.size() == 4u);  // user, post, two UNIQUE indexes
    BOOST_TEST_REQUIRE(rows_before.size() == 3u);

    BOOST_TEST_REQUIRE(init_schema(*db).ok());
    const auto schema_once = test::schema_of(*db);
    BOOST_TEST_REQUIRE(init_schema(*db).ok());
    BOOST_TEST(test::schema_of(*db) == schema_once);
    BOOST_TEST(flaskblog_objects() == tables_before);
    BOOST_TEST(rows() == rows_before);
    BOOST_TEST(texts(*db, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'pwreset%'") ==
               std::vector<std::string>{"6"});
}
