// Test helper: a private PostgreSQL 15 server in a temporary folder, on a unix socket only,
// started on first use and stopped when the test program ends. As root it runs as nobody,
// since PostgreSQL refuses to run as root.
#pragma once

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "pg_connection.h"

namespace pwreset::test {

class PgServer {
public:
    static constexpr const char* kBin = "/usr/lib/postgresql/15/bin";

    // The running server, or nullptr when the server binaries are not installed.
    static PgServer* get() {
        static std::optional<PgServer> server;
        static bool tried = false;
        if (!tried) {
            tried = true;
            if (access((std::string(kBin) + "/pg_ctl").c_str(), X_OK) == 0) server.emplace();
        }
        return server ? &*server : nullptr;
    }

    PgServer() {
        std::string pattern = (std::filesystem::temp_directory_path() / "pwreset-pg-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        dir_ = pattern;
        if (geteuid() == 0) {
            const passwd* nobody = getpwnam("nobody");
            if (nobody == nullptr || chown(dir_.c_str(), nobody->pw_uid, nobody->pw_gid) != 0) {
                throw std::runtime_error("cannot hand " + dir_ + " to nobody");
            }
            as_user_ = "setpriv --reuid=nobody --regid=nogroup --clear-groups ";
        }
        sh("initdb -D " + dir_ + "/data -U pwreset --auth=trust -E UTF8 --no-locale");
        sh("pg_ctl -D " + dir_ + "/data -l " + dir_ + "/log -w -o \"-k " + dir_ +
           " -c listen_addresses='' -F\" start");
        started_ = true;
    }
    PgServer(const PgServer&) = delete;
    PgServer& operator=(const PgServer&) = delete;
    ~PgServer() {
        if (started_)
            std::system(
                (as_user_ + kBin + "/pg_ctl -D " + dir_ + "/data -m immediate -w stop >/dev/null 2>&1")
                    .c_str());
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

    // A connection URI to a database that holds nothing: each call gets a new one.
    std::string fresh_database() {
        const std::string name = "t" + std::to_string(++databases_);
        sh("createdb -h " + dir_ + " -U pwreset " + name);
        return "postgresql:///" + name + "?host=" + dir_ + "&user=pwreset";
    }

private:
    void sh(const std::string& command) {
        const std::string line = as_user_ + kBin + "/" + command + " >>" + dir_ + "/setup.log 2>&1";
        if (std::system(line.c_str()) != 0) throw std::runtime_error("failed: " + command);
    }

    std::string dir_;
    std::string as_user_;
    bool started_ = false;
    int databases_ = 0;
};

// For *boost::unit_test::precondition: PostgreSQL cases are skipped only without a server.
struct PgInstalled {
    template <typename Id>
    bool operator()(Id) const {
        return PgServer::get() != nullptr;
    }
};

}  // namespace pwreset::test
