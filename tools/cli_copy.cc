// Admin verb db copy: a SQLite site.db's accounts and pwreset's tables into a PostgreSQL
// database, empty unless --into-nonempty yes, in one transaction.
#include <iostream>
#include <string>
#include <vector>

#include "cli.h"
#include "storage.h"

namespace pwreset {
namespace {

struct Table {
    const char* name;
    const char* select;  // from SQLite, columns in the order of insert's parameters
    const char* insert;  // into PostgreSQL
    int columns;
};

const Table kTables[] = {
    {"accounts", "SELECT id, username, email, image_file, password FROM user ORDER BY id",
     "INSERT INTO \"user\" (id, username, email, image_file, password) VALUES ($1, $2, $3, $4, $5)", 5},
    {"posts", "SELECT id, title, date_posted, content, user_id FROM post ORDER BY id",
     "INSERT INTO post (id, title, date_posted, content, user_id) VALUES ($1, $2, $3, $4, $5)", 5},
    {"throttle rows", "SELECT bucket, at FROM pwreset_throttle",
     "INSERT INTO pwreset_throttle (bucket, at) VALUES ($1, $2)", 2},
    {"spent links", "SELECT digest, expires_at FROM pwreset_spent_token",
     "INSERT INTO pwreset_spent_token (digest, expires_at) VALUES ($1, $2)", 2},
    {"password changes", "SELECT user_id, changed_at FROM pwreset_password_changes",
     "INSERT INTO pwreset_password_changes (user_id, changed_at) VALUES ($1, $2)", 2},
};

constexpr const char* kRowsThere =
    "SELECT (SELECT count(*) FROM \"user\") + (SELECT count(*) FROM post) + "
    "(SELECT count(*) FROM pwreset_throttle) + (SELECT count(*) FROM pwreset_spent_token) + "
    "(SELECT count(*) FROM pwreset_password_changes)";

// New accounts and posts on PostgreSQL must get ids after the copied ones.
const char* const kSequences[] = {
    "SELECT setval(pg_get_serial_sequence('\"user\"', 'id'), coalesce(max(id), 0) + 1, false) FROM \"user\"",
    "SELECT setval(pg_get_serial_sequence('post', 'id'), coalesce(max(id), 0) + 1, false) FROM post",
};

Result<std::vector<std::vector<std::string>>, DbError> read_rows(Database& db, const Table& table) {
    auto query = db.prepare(table.select);
    if (!query) return query.failure();
    std::vector<std::vector<std::string>> rows;
    for (;;) {
        auto row = (*query)->step();
        if (!row) return row.failure();
        if (!*row) return rows;
        std::vector<std::string> values;
        for (int column = 0; column < table.columns; ++column)
            values.push_back((*query)->column_text(column));
        rows.push_back(std::move(values));
    }
}

}  // namespace

Outcome db_copy(const Invocation& invocation) {
    const std::string target = *invocation.flag("--to");
    auto config = load_for(invocation, {"database"});
    if (!config) return config.failure();
    if (is_postgresql_uri(config->database))
        return usage_error("db copy reads a SQLite database; the config names PostgreSQL");
    if (!is_postgresql_uri(target)) return usage_error("--to must be a postgresql:// URI");
    const auto into_nonempty = invocation.flag("--into-nonempty");
    if (into_nonempty && *into_nonempty != "yes")
        return usage_error("--into-nonempty takes only the value yes");
    auto source = Database::open(config->database, false);
    if (!source) return fail(Exit::failed, "cannot open the database: " + source.detail());
    std::vector<std::vector<std::vector<std::string>>> tables;
    for (const Table& table : kTables) {
        auto rows = read_rows(**source, table);
        if (!rows)
            return fail(Exit::failed, std::string("cannot read the ") + table.name +
                                          " (run pwreset db init?): " + rows.detail());
        tables.push_back(std::move(*rows));
    }
    if (auto made = init_storage(target); !made)
        return fail(Exit::failed, "cannot prepare the PostgreSQL database: " + made.detail());
    auto db = PgConnection::open(target);
    if (!db) return fail(Exit::failed, "cannot open the PostgreSQL database: " + db.detail());
    // true once copied; false when the database held rows it was not told to accept (and
    // nothing was written). Rows already there stay; a copied row whose key is taken fails
    // the whole transaction rather than overwrite or skip an account.
    auto copied = (*db)->transaction([&]() -> Result<bool, DbError> {
        if (!into_nonempty) {
            auto there = (*db)->run(kRowsThere);
            if (!there) return there.failure();
            if (there->integer(0, 0) > 0) return false;
        }
        for (std::size_t index = 0; index < tables.size(); ++index) {
            for (const auto& row : tables[index]) {
                if (auto inserted = (*db)->run(kTables[index].insert, row); !inserted)
                    return inserted.failure();
            }
        }
        for (const char* sequence : kSequences) {
            if (auto set = (*db)->run(sequence); !set) return set.failure();
        }
        return true;
    });
    if (!copied) return fail(Exit::failed, "copy failed, nothing written: " + copied.detail());
    if (!*copied)
        return fail(
            Exit::failed,
            "the PostgreSQL database already holds rows; add --into-nonempty yes to copy beside them");
    std::cout << "copied " << tables[0].size() << " accounts and " << tables[1].size() << " posts\n";
    return Done{};
}

}  // namespace pwreset
