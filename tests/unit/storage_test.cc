// The stores' shared behaviour, table-driven over both engines: every case runs on a SQLite
// file and on a private PostgreSQL server (skipped, and counted so, without its binaries).
#define BOOST_TEST_MODULE storage
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "pg_server.h"
#include "scratch_db.h"
#include "storage.h"

using namespace pwreset;

namespace {

const char* const kAliceHash = "$2b$12$caQRAg8J.fVat9r2KlmpdO84m8bFsPL1Wqbp70zrdPSXp5j3xVyZC";
const char* const kNewHash = "$2b$04$abcdefghijklmnopqrstuu5Hc9Rb2Cz7U2dJkmrk9QXJg3dcZPy7i";
const char* const kOtherHash = "$2b$04$zyxwvutsrqponmlkjihgfeKq3Yb3W5YsWz3l1fcdVq8y5tWm4o0y.";

Storage connect(const std::string& database) {
    auto storage = connect_storage(database);
    if (!storage) throw std::runtime_error("connect " + database + ": " + storage.detail());
    return std::move(storage).value();
}

// A database with the schema made by init_storage and one account, alice (id 1).
Storage prepared(const std::string& database) {
    if (auto made = init_storage(database); !made) throw std::runtime_error("init: " + made.detail());
    if (auto made = init_storage(database); !made) throw std::runtime_error("init twice: " + made.detail());
    Storage storage = connect(database);
    if (!storage.users->add("alice", "Alice@Example.com", kAliceHash)) throw std::runtime_error("add");
    return storage;
}

// Runs count threads at once, each on its own connection, as separate servers would.
int racing(const std::string& database, int count, bool (*work)(Storage&)) {
    std::vector<Storage> connections;
    for (int i = 0; i < count; ++i) connections.push_back(connect(database));
    std::atomic<int> succeeded{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (auto& storage : connections) {
        threads.emplace_back([&storage, &succeeded, &go, work] {
            while (!go) std::this_thread::yield();
            if (work(storage)) ++succeeded;
        });
    }
    go = true;
    for (auto& thread : threads) thread.join();
    return succeeded;
}

}  // namespace

// Each case is one body run twice: on a fresh SQLite file and on a fresh PostgreSQL database.
#define ENGINE_TEST(name)                                                                           \
    void name(const std::string& database);                                                         \
    BOOST_AUTO_TEST_CASE(name##_sqlite) {                                                           \
        test::ScratchDir dir;                                                                       \
        name(dir.file("site.db"));                                                                  \
    }                                                                                               \
    BOOST_AUTO_TEST_CASE(name##_postgresql, *boost::unit_test::precondition(test::PgInstalled{})) { \
        name(test::PgServer::get()->fresh_database());                                              \
    }                                                                                               \
    void name(const std::string& database)

ENGINE_TEST(accounts_are_found_by_address_in_any_case_and_by_id) {
    Storage storage = prepared(database);
    auto id = storage.users->add("bob", "bob@example.org", kOtherHash);
    BOOST_TEST_REQUIRE(id.ok());
    auto alice = storage.users->find_by_email("aLICE@example.COM");
    BOOST_TEST_REQUIRE((alice.ok() && alice->has_value()));
    BOOST_TEST((*alice)->username == "alice");
    BOOST_TEST((*alice)->password_hash == kAliceHash);
    BOOST_TEST((*alice)->image_file == "default.jpg");
    auto bob = storage.users->find_by_id(*id);
    BOOST_TEST_REQUIRE((bob.ok() && bob->has_value()));
    BOOST_TEST((*bob)->email == "bob@example.org");
    BOOST_TEST(!storage.users->find_by_email("carol@example.com")->has_value());
    BOOST_TEST(!storage.users->find_by_id(99)->has_value());
    auto all = storage.users->list();
    BOOST_TEST_REQUIRE(all.ok());
    BOOST_TEST_REQUIRE(all->size() == 2u);
    BOOST_TEST(all->at(0).username == "alice");
    BOOST_TEST(all->at(1).username == "bob");
}

ENGINE_TEST(a_taken_username_or_address_in_any_case_is_refused) {
    Storage storage = prepared(database);
    auto name = storage.users->add("alice", "new@example.com", kOtherHash);
    BOOST_TEST_REQUIRE(!name.ok());
    BOOST_TEST((name.error() == UserError::duplicate_username));
    auto address = storage.users->add("carol", "ALICE@example.com", kOtherHash);
    BOOST_TEST_REQUIRE(!address.ok());
    BOOST_TEST((address.error() == UserError::duplicate_email));
    BOOST_TEST(storage.users->list()->size() == 1u);
}

ENGINE_TEST(a_password_swap_works_once_and_records_its_time) {
    Storage storage = prepared(database);
    BOOST_TEST(!storage.users->password_changed_at(1)->has_value());
    BOOST_TEST(storage.users->replace_password(1, kAliceHash, kNewHash, 1000).ok());
    auto again = storage.users->replace_password(1, kAliceHash, kOtherHash, 1001);
    BOOST_TEST_REQUIRE(!again.ok());
    BOOST_TEST((again.error() == UserError::not_found));
    BOOST_TEST((*storage.users->find_by_id(1))->password_hash == kNewHash);
    BOOST_TEST(**storage.users->password_changed_at(1) == 1000);
    BOOST_TEST(storage.users->set_password(1, kOtherHash, 2000).ok());
    BOOST_TEST(**storage.users->password_changed_at(1) == 2000);
    auto missing = storage.users->set_password(42, kOtherHash, 2000);
    BOOST_TEST_REQUIRE(!missing.ok());
    BOOST_TEST((missing.error() == UserError::not_found));
    BOOST_TEST(!storage.users->password_changed_at(42)->has_value());
}

ENGINE_TEST(of_twenty_simultaneous_swaps_with_one_link_exactly_one_succeeds) {
    (void)prepared(database);
    const int succeeded = racing(database, 20, [](Storage& storage) {
        return storage.users->replace_password(1, kAliceHash, kNewHash, 1000).ok();
    });
    BOOST_TEST(succeeded == 1);
}

ENGINE_TEST(the_throttle_counts_within_its_window_and_forgets_refusals) {
    Storage storage = prepared(database);
    Throttle& throttle = *storage.throttle;
    for (int attempt = 0; attempt < 3; ++attempt) BOOST_TEST(*throttle.allow("ip:a", 3, 60, 1000 + attempt));
    BOOST_TEST(!*throttle.allow("ip:a", 3, 60, 1010));
    BOOST_TEST(*throttle.count("ip:a", 60, 1010) == 3);  // the refusal was not recorded
    BOOST_TEST(*throttle.allow("ip:b", 3, 60, 1010));    // other buckets count apart
    BOOST_TEST(*throttle.allow("ip:a", 3, 60, 1061));    // the first attempt aged out
    BOOST_TEST(*throttle.allow("ip:a", 0, 60, 1061));    // 0: no limit, nothing recorded
    BOOST_TEST(*throttle.count("ip:a", 3600, 1061) == 4);
    BOOST_TEST(throttle.record("ip:a", 1062).ok());
    BOOST_TEST(*throttle.count("ip:a", 3600, 1062) == 5);
    BOOST_TEST(*throttle.count("ip:b", 3600, 1062) == 1);
    BOOST_TEST(throttle.prune(30, 1062).ok());  // keeps 1061 and 1062 only
    BOOST_TEST(*throttle.count("ip:a", 3600, 1062) == 2);
    BOOST_TEST(*throttle.count("ip:b", 3600, 1062) == 0);
    BOOST_TEST(throttle.clear("ip:a").ok());
    BOOST_TEST(*throttle.count("ip:a", 3600, 1062) == 0);
}

ENGINE_TEST(simultaneous_requests_on_one_bucket_get_exactly_the_limit) {
    (void)prepared(database);
    const int allowed = racing(database, 12, [](Storage& storage) {
        auto allowed = storage.throttle->allow("email:alice@example.com", 5, 3600, 1000);
        return allowed.ok() && *allowed;
    });
    BOOST_TEST(allowed == 5);
}

ENGINE_TEST(a_spent_legacy_link_stays_spent_until_it_expires) {
    Storage storage = prepared(database);
    SpentTokens& spent = *storage.spent_tokens;
    BOOST_TEST(!*spent.is_spent("token-a"));
    BOOST_TEST(spent.spend("token-a", 2000, 1000).ok());
    BOOST_TEST(spent.spend("token-a", 2000, 1001).ok());  // twice: still one record
    BOOST_TEST(*spent.is_spent("token-a"));
    BOOST_TEST(!*spent.is_spent("token-b"));
    BOOST_TEST(spent.spend("token-b", 3000, 2001).ok());  // prunes token-a, expired
    BOOST_TEST(!*spent.is_spent("token-a"));
    BOOST_TEST(*spent.is_spent("token-b"));
}

ENGINE_TEST(an_address_that_is_no_database_is_refused_as_cannot_open) {
    const std::string broken =
        database.find("postgresql://") == 0 ? database + "&dbname=missing" : database + ".missing/site.db";
    auto storage = connect_storage(broken);
    BOOST_TEST_REQUIRE(!storage.ok());
    BOOST_TEST((storage.error() == StorageError::cannot_open));
    auto init = init_storage(database);  // the real one still works
    BOOST_TEST(init.ok());
    auto empty = connect_storage(database);
    BOOST_TEST(empty.ok());
}

BOOST_AUTO_TEST_CASE(a_lost_postgresql_connection_is_reset_and_the_work_runs_once_more,
                     *boost::unit_test::precondition(test::PgInstalled{})) {
    const std::string database = test::PgServer::get()->fresh_database();
    Storage storage = prepared(database);
    Storage other = connect(database);
    // Ends every other session on this database, as a restarted server or a dropped link would.
    auto ended = other.pg->query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()");
    BOOST_TEST_REQUIRE(ended.ok());
    BOOST_TEST(storage.users->replace_password(1, kAliceHash, kNewHash, 1000).ok());
    BOOST_TEST((*other.users->find_by_id(1))->password_hash == kNewHash);
    BOOST_TEST(other.users->password_changed_at(1)->value_or(0) == 1000);
}
