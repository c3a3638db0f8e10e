// Owner and mode checks for `pwreset config check`, made as the user who runs it.
#include "check_access.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pwreset {
namespace {

// The user the hint names when the config file's group does not tell: INSTALL's user.
constexpr const char* kProgramsUser = "pwreset";

std::string octal_mode(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

std::string group_name(gid_t gid) {
    const struct group* entry = ::getgrgid(gid);
    return entry ? entry->gr_name : std::to_string(gid);
}

bool in_my_groups(gid_t gid) {
    if (gid == ::getegid()) return true;
    std::vector<gid_t> groups(static_cast<std::size_t>(std::max(::getgroups(0, nullptr), 0)));
    const int count = ::getgroups(static_cast<int>(groups.size()), groups.data());
    for (int i = 0; i < count; ++i) {
        if (groups[static_cast<std::size_t>(i)] == gid) return true;
    }
    return false;
}

// Empty when the effective user may access path as asked, else why not.
std::string denied(const std::string& path, int how) {
    if (::faccessat(AT_FDCWD, path.c_str(), how, AT_EACCESS) == 0) return {};
    return std::strerror(errno);
}

std::string folder_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// "read", "change" or "read and change", for the read and write bits given.
std::string what_they_can(bool read, bool write) {
    if (read && write) return "read and change";
    return read ? "read" : "change";
}

// A secret no one but the programs' user (and root) may read: "others" never, a group only
// when the programs' user is in it. As root the programs' groups are unknown; the hint to
// check again as that user covers them.
void check_secret_mode(const std::string& path, std::vector<std::string>& problems) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return;  // load_keyring says why it cannot be read
    const std::string mode = " (mode " + octal_mode(info.st_mode) + ")";
    if (info.st_mode & (S_IROTH | S_IWOTH)) {
        problems.push_back(path + ": every user can " +
                           what_they_can(info.st_mode & S_IROTH, info.st_mode & S_IWOTH) + " the secret" +
                           mode + "; run chmod o-rwx " + path);
    } else if ((info.st_mode & (S_IRGRP | S_IWGRP)) && ::geteuid() != 0 && !in_my_groups(info.st_gid)) {
        problems.push_back(path + ": group " + group_name(info.st_gid) + " can " +
                           what_they_can(info.st_mode & S_IRGRP, info.st_mode & S_IWGRP) + " the secret" +
                           mode + " and " + checking_user() + " is not in it; run chgrp " +
                           group_name(::getegid()) + " " + path + " or chmod g-rwx " + path);
    }
}

void check_config_mode(const Config& config, std::vector<std::string>& problems) {
    struct stat info {};
    if (::stat(config.path.c_str(), &info) != 0 || !(info.st_mode & S_IWOTH)) return;
    problems.push_back(config.path + ": every user can change the config file (mode " +
                       octal_mode(info.st_mode) + "); run chmod o-w " + config.path);
}

// SQLite writes DB-wal and DB-shm beside the database on every connection (WAL mode), so
// the folder must be writable too, and so must any such files left by another user.
void check_database_access(const Config& config, std::vector<std::string>& problems) {
    if (config.database.empty()) return;
    const std::string& db = config.database;
    const std::string folder = folder_of(db);
    if (const std::string why = denied(folder, W_OK | X_OK); !why.empty()) {
        problems.push_back(folder + ": " + checking_user() +
                           " cannot create files in the database's folder (" + why + "); SQLite keeps " + db +
                           "-wal and " + db + "-shm there");
    }
    for (const std::string& file : {db, db + "-wal", db + "-shm"}) {
        if (::access(file.c_str(), F_OK) != 0) continue;
        if (const std::string why = denied(file, R_OK | W_OK); !why.empty()) {
            problems.push_back(file + ": " + checking_user() + " cannot write it (" + why + ")");
        }
    }
}

}  // namespace

std::string checking_user() {
    const struct passwd* entry = ::getpwuid(::geteuid());
    return "user " + (entry ? std::string(entry->pw_name) : std::to_string(::geteuid()));
}

std::vector<std::string> access_problems(const Config& config) {
    std::vector<std::string> problems;
    check_config_mode(config, problems);
    if (!config.secret_key_file.empty()) check_secret_mode(config.secret_key_file, problems);
    for (const auto& old : config.old_secret_key_files) check_secret_mode(old, problems);
    check_database_access(config, problems);
    return problems;
}

std::string run_as_hint(const Config& config) {
    if (::geteuid() != 0) return {};
    // INSTALL makes the config file root:pwreset, the group named after the programs' user.
    struct stat info {};
    std::string user = kProgramsUser;
    if (::stat(config.path.c_str(), &info) == 0 && info.st_gid != 0) {
        const std::string group = group_name(info.st_gid);
        if (::getpwnam(group.c_str()) != nullptr) user = group;
    }
    return "checked as root, who may read and write every file; check as the programs' user too: "
           "runuser -u " +
           user + " -- pwreset --config " + config.path + " config check";
}

}  // namespace pwreset
