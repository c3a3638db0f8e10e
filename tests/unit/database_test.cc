// Database: opening rules, WAL, error mapping, statement reuse and the idempotent schema.
#define BOOST_TEST_MODULE database
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>

#include "database.h"
#include "scratch_db.h"

namespace pwreset {
// Lets a failed check print which error came back.
std::ostream& operator<<(std::ostream& out, DbError error) {
    return out << "DbError(" << static_cast<int>(error) << ")";
}
}  // namespace pwreset

using namespace pwreset;
using test::open_db;
using test::texts;

BOOST_AUTO_TEST_CASE(missing_file_is_not_created_unless_asked) {
    test::ScratchDir dir;
    const std::string path = dir.file("site.db");
    const auto refused = Database::open(path, false);
    BOOST_TEST_REQUIRE(!refused.ok());
    BOOST_TEST(refused.error() == DbError::cannot_open);
    BOOST_TEST(refused.detail().find(path) != std::string::npos);
    BOOST_TEST(!std::filesystem::exists(path));

    BOOST_TEST(Database::open(path, true).ok());
    BOOST_TEST(std::filesystem::exists(path));
    BOOST_TEST(Database::open(path, false).ok());
}

BOOST_AUTO_TEST_CASE(a_file_that_is_not_a_database_cannot_be_opened) {
    test::ScratchDir dir;
    const std::string path = dir.file("notes.txt");
    std::ofstream(path) << std::string(4096, 'x');
    const auto db = Database::open(path, false);
    BOOST_TEST_REQUIRE(!db.ok());
    BOOST_TEST(db.error() == DbError::cannot_open);
}

// flaskblog never enabled foreign keys; turning them on could refuse writes it accepted.
BOOST_AUTO_TEST_CASE(opens_in_wal_mode_with_foreign_keys_off) {
    test::ScratchDir dir;
    auto db = open_db(dir.file("site.db"));
    BOOST_TEST(texts(*db, "PRAGMA journal_mode") == std::vector<std::string>{"wal"});
    BOOST_TEST(texts(*db, "PRAGMA foreign_keys") == std::vector<std::string>{"0"});
}

BOOST_AUTO_TEST_CASE(sqlite_errors_map_to_their_kind) {
    test::ScratchDir dir;
    auto db = open_db(dir.file("site.db"));
    BOOST_TEST_REQUIRE(db->exec("CREATE TABLE t (x TEXT UNIQUE NOT NULL)").ok());
    BOOST_TEST_REQUIRE(db->exec("INSERT INTO t VALUES ('a')").ok());

    const auto duplicate = db->exec("INSERT INTO t VALUES ('a')");
    BOOST_TEST_REQUIRE(!duplicate.ok());
    BOOST_TEST(duplicate.error() == DbError::constraint);
    BOOST_TEST(duplicate.detail().find("UNIQUE") != std::string::npos);

    const auto null_value = db->exec("INSERT INTO t VALUES (NULL)");
    BOOST_TEST_REQUIRE(!null_value.ok());
    BOOST_TEST(null_value.error() == DbError::constraint);

    const auto syntax = db->prepare("SELEC x FROM t");
    BOOST_TEST_REQUIRE(!syntax.ok());
    BOOST_TEST(syntax.error() == DbError::failed);

    const auto two = db->prepare("SELECT 1; SELECT 2");
    BOOST_TEST_REQUIRE(!two.ok());
    BOOST_TEST(two.error() == DbError::failed);

    BOOST_TEST_REQUIRE(db->exec("PRAGMA query_only = 1").ok());
    const auto read_only = db->exec("INSERT INTO t VALUES ('b')");
    BOOST_TEST_REQUIRE(!read_only.ok());
    BOOST_TEST(read_only.error() == DbError::read_only);
}

BOOST_AUTO_TEST_CASE(a_writer_holding_the_lock_past_the_timeout_means_busy) {
    test::ScratchDir dir;
    const std::string path = dir.file("site.db");
    auto holder = open_db(path);
    auto waiter = open_db(path, 50);
    BOOST_TEST_REQUIRE(holder->exec("CREATE TABLE t (x INTEGER)").ok());
    BOOST_TEST_REQUIRE(holder->exec("BEGIN IMMEDIATE").ok());

    const auto blocked = waiter->exec("INSERT INTO t VALUES (1)");
    BOOST_TEST_REQUIRE(!blocked.ok());
    BOOST_TEST(blocked.error() == DbError::busy);
    const auto schema = init_schema(*waiter);
    BOOST_TEST_REQUIRE(!schema.ok());
    BOOST_TEST(schema.error() == DbError::busy);

    BOOST_TEST_REQUIRE(holder->exec("COMMIT").ok());
    BOOST_TEST(waiter->exec("INSERT INTO t VALUES (1)").ok());
}

BOOST_AUTO_TEST_CASE(reset_clears_the_previous_bindings) {
    test::ScratchDir dir;
    auto db = open_db(dir.file("site.db"));
    auto query = db->prepare("SELECT ifnull(?1, 'unbound')");
    BOOST_TEST_REQUIRE(query.ok());
    auto& statement = **query;

    BOOST_TEST_REQUIRE(*statement.reset().bind(1, std::string_view("first")).step());
    BOOST_TEST(statement.column_text(0) == "first");
    BOOST_TEST_REQUIRE(*statement.reset().step());
    BOOST_TEST(statement.column_text(0) == "unbound");
    BOOST_TEST_REQUIRE(*statement.reset().bind(1, std::int64_t{42}).step());
    BOOST_TEST(statement.column_int(0) == 42);
}

// A string_view need not end in NUL and may hold one; an empty one is '' rather than NULL.
BOOST_AUTO_TEST_CASE(text_binds_use_the_view_length) {
    test::ScratchDir dir;
    auto db = open_db(dir.file("site.db"));
    auto query = db->prepare("SELECT ?1 IS NULL, length(CAST(?1 AS BLOB)), ?1");
    BOOST_TEST_REQUIRE(query.ok());
    auto& statement = **query;
    const std::string_view cases[] = {std::string_view(), std::string_view("abcdef").substr(0, 3),
                                      std::string_view("a\0b", 3)};
    for (const auto text : cases) {
        BOOST_TEST_CONTEXT("length " << text.size()) {
            BOOST_TEST_REQUIRE(*statement.reset().bind(1, text).step());
            BOOST_TEST(statement.column_int(0) == 0);
            BOOST_TEST(statement.column_int(1) == static_cast<std::int64_t>(text.size()));
            BOOST_TEST(statement.column_text(2) == std::string(text));
        }
    }
}

BOOST_AUTO_TEST_CASE(insert_id_and_change_count) {
    test::ScratchDir dir;
    auto db = open_db(dir.file("site.db"));
    BOOST_TEST_REQUIRE(db->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT)").ok());
    auto insert = db->prepare("INSERT INTO t (x) VALUES (?1)");
    BOOST_TEST_REQUIRE(insert.ok());
    for (std::int64_t id = 1; id <= 3; ++id) {
        BOOST_TEST_REQUIRE((*insert)->reset().bind(1, std::string_view("v")).run().ok());
        BOOST_TEST(db->last_insert_id() == id);
    }
    BOOST_TEST_REQUIRE(db->exec("UPDATE t SET x = 'w' WHERE id >= 2").ok());
    BOOST_TEST(db->changes() == 2);
}

BOOST_AUTO_TEST_CASE(schema_creates_every_table_once) {
    test::ScratchDir dir;
    auto db = open_db(dir.file("site.db"));
    BOOST_TEST_REQUIRE(init_schema(*db).ok());
    const auto first = test::schema_of(*db);
    BOOST_TEST_REQUIRE(init_schema(*db).ok());
    BOOST_TEST(test::schema_of(*db) == first);

    const std::vector<std::string> names{"pwreset_meta",
                                         "pwreset_password_changes",
                                         "pwreset_spent_token",
                                         "pwreset_throttle",
                                         "pwreset_throttle_bucket_at",
                                         "pwreset_user_email_nocase",
                                         "post",
                                         "user"};
    for (const auto& name : names) {
        BOOST_TEST_CONTEXT(name) {
            BOOST_TEST(texts(*db, "SELECT count(*) FROM sqlite_master WHERE name = '" + name + "'") ==
                       std::vector<std::string>{"1"});
        }
    }
    BOOST_TEST(texts(*db, "SELECT value FROM pwreset_meta WHERE key = 'schema_version'") ==
               std::vector<std::string>{"1"});
}
