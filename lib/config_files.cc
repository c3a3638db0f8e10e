// Reads the config file and the secret files it names: small regular files, read whole.
#include "config.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pwreset {
namespace {

constexpr std::size_t kMaxConfigBytes = 64 * 1024;
constexpr std::size_t kMaxSecretBytes = 4096;

// POSIX reads rather than ifstream: libstdc++'s filebuf throws when a read fails (a
// directory given as a path, say), and no exception may leave the library. Returns empty on
// success, else why the file could not be read.
std::string read_small_file(const std::string& path, std::size_t limit, std::string& out) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return std::strerror(errno);
    std::string why;
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        why = std::strerror(errno);
    } else if (!S_ISREG(info.st_mode)) {
        why = "not a regular file";
    } else {
        out.clear();
        char buffer[4096];
        while (why.empty()) {
            const ssize_t n = ::read(fd, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) why = std::strerror(errno);
            if (n <= 0) break;
            out.append(buffer, static_cast<std::size_t>(n));
            if (out.size() > limit) why = "larger than " + std::to_string(limit / 1024) + " KiB";
        }
    }
    ::close(fd);
    return why;
}

Result<std::string, ConfigError> read_secret(const std::string& path) {
    std::string bytes;
    if (const std::string why = read_small_file(path, kMaxSecretBytes, bytes); !why.empty()) {
        return fail(ConfigError::secret_unreadable, path + ": cannot read the secret (" + why + ")");
    }
    if (!bytes.empty() && bytes.back() == '\n') bytes.pop_back();
    if (bytes.empty()) return fail(ConfigError::secret_empty, path + ": the secret is empty");
    return bytes;
}

}  // namespace

Result<Config, ConfigError> load_config(const std::string& path) {
    std::string content;
    if (const std::string why = read_small_file(path, kMaxConfigBytes, content); !why.empty()) {
        return fail(ConfigError::unreadable, path + ": cannot read the config file (" + why + ")");
    }
    return parse_config(content, path);
}

Result<Keyring, ConfigError> load_keyring(const Config& config) {
    if (auto missing = require_keys(config, {"secret_key_file"}); !missing) return missing.failure();
    auto current = read_secret(config.secret_key_file);
    if (!current) return current.failure();
    Keyring keys{std::move(*current), {}};
    for (const auto& file : config.old_secret_key_files) {
        auto old = read_secret(file);
        if (!old) return old.failure();
        keys.old.push_back(std::move(*old));
    }
    return keys;
}

Result<std::string, ConfigError> load_flask_secret(const Config& config) {
    if (config.flask_secret_key_file.empty()) return std::string();
    return read_secret(config.flask_secret_key_file);
}

}  // namespace pwreset
