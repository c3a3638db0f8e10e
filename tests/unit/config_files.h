// Shared by the config and secret-file unit tests: a scratch folder for the files an
// administrator writes, and readable check messages for failed results.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>

#include "config.h"

namespace pwreset {
// Lets a failed check print which error came back.
inline std::ostream& operator<<(std::ostream& out, ConfigError error) {
    return out << "ConfigError(" << static_cast<int>(error) << ")";
}
}  // namespace pwreset

namespace config_files {

// A fresh folder per test case, removed afterwards.
struct TempDir {
    std::filesystem::path dir;
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "pwreset-config-XXXXXX").string();
        dir = mkdtemp(pattern.data());
    }
    ~TempDir() { std::filesystem::remove_all(dir); }

    std::string write(const std::string& name, const std::string& bytes) const {
        const std::filesystem::path path = dir / name;
        std::ofstream(path, std::ios::binary) << bytes;
        return path.string();
    }
};

inline bool starts_with(const std::string& text, const std::string& prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The detail of a failed result, for check messages; Boost evaluates them even on success.
template <typename R>
std::string why(const R& result) {
    return result.ok() ? std::string() : result.detail();
}

}  // namespace config_files
