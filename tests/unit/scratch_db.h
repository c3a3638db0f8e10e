// Test helpers: a temporary folder for database files, removed afterwards, and text queries.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "database.h"

namespace pwreset::test {

class ScratchDir {
public:
    ScratchDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "pwreset-test-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    ~ScratchDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }

    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

// Opens (creating) a database or throws, so a broken setup fails the test loudly.
inline std::unique_ptr<Database> open_db(const std::string& path, int busy_timeout_ms = 5000) {
    auto db = Database::open(path, true, busy_timeout_ms);
    if (!db) throw std::runtime_error("open " + path + ": " + db.detail());
    return std::move(db).value();
}

// Column 0 of every row, as text; throws when the query fails.
inline std::vector<std::string> texts(Database& db, std::string_view sql) {
    auto statement = db.prepare(sql);
    if (!statement) throw std::runtime_error(std::string(sql) + ": " + statement.detail());
    std::vector<std::string> rows;
    for (;;) {
        auto row = (*statement)->step();
        if (!row) throw std::runtime_error(std::string(sql) + ": " + row.detail());
        if (!*row) return rows;
        rows.push_back((*statement)->column_text(0));
    }
}

// Every object's name and CREATE text, to compare a schema before and after a change.
inline std::vector<std::string> schema_of(Database& db) {
    return texts(db,
                 "SELECT type || ' ' || name || ': ' || ifnull(sql, '') FROM sqlite_master "
                 "ORDER BY name");
}

}  // namespace pwreset::test
