// bcrypt hashing and verification through libxcrypt's reentrant crypt_r.
#include "password.h"

#include <crypt.h>
#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "crypto.h"
#include "text.h"

namespace pwreset {

namespace {

constexpr std::size_t kBcryptHashLength = 60;
constexpr std::size_t kBcryptSaltBytes = 16;
constexpr int kMinCost = 4;
constexpr int kMaxCost = 31;

std::optional<PasswordError> unusable(std::string_view password) {
    if (password.size() > kBcryptMaxPasswordBytes) return PasswordError::too_long;
    if (password.find('\0') != std::string_view::npos) return PasswordError::contains_nul;
    return std::nullopt;
}

bool is_bcrypt_alphabet(char c) { return is_ascii_alnum(c) || c == '.' || c == '/'; }

// "$2b$12$" then 53 characters of bcrypt's base64 (22 of salt, 31 of hash).
bool is_bcrypt_hash(std::string_view hash) {
    if (hash.size() != kBcryptHashLength) return false;
    const std::string_view prefix = hash.substr(0, 4);
    if (prefix != "$2a$" && prefix != "$2b$" && prefix != "$2y$") return false;
    const bool cost_ok =
        hash[4] >= '0' && hash[4] <= '3' && hash[5] >= '0' && hash[5] <= '9' && hash[6] == '$';
    if (!cost_ok) return false;
    for (char c : hash.substr(7)) {
        if (!is_bcrypt_alphabet(c)) return false;
    }
    return true;
}

// crypt_r's work area (about 32 KiB, zeroed as libxcrypt requires, too big for a worker's
// stack), mapped for one call, then wiped, since it holds key material, and unmapped: a
// heap block that size would stay in the worker's private memory between requests.
class CryptArea {
public:
    CryptArea()
        : data_(mmap(nullptr, sizeof(crypt_data), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
                     0)) {}
    CryptArea(const CryptArea&) = delete;
    CryptArea& operator=(const CryptArea&) = delete;
    ~CryptArea() {
        if (data_ == MAP_FAILED) return;
        explicit_bzero(data_, sizeof(crypt_data));
        munmap(data_, sizeof(crypt_data));
    }

    // The hash string, or nullopt when the area could not be mapped or libxcrypt refused
    // the setting.
    std::optional<std::string> crypt(std::string_view password, const std::string& setting) {
        if (data_ == MAP_FAILED) return std::nullopt;
        std::string phrase(password);
        const char* out = crypt_r(phrase.c_str(), setting.c_str(), static_cast<crypt_data*>(data_));
        explicit_bzero(phrase.data(), phrase.size());
        // libxcrypt signals failure with a string starting '*' rather than a null pointer.
        if (out == nullptr || out[0] == '*') return std::nullopt;
        return std::string(out);
    }

private:
    void* data_;  // fresh anonymous pages are zero-filled
};

}  // namespace

Result<std::string, PasswordError> hash_password(std::string_view password, int cost) {
    if (auto problem = unusable(password)) return fail(*problem);
    if (cost < kMinCost || cost > kMaxCost) return fail(PasswordError::bad_cost);
    const std::string salt = random_bytes(kBcryptSaltBytes);
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    if (crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost), salt.data(), static_cast<int>(salt.size()),
                         setting, sizeof setting) == nullptr) {
        return fail(PasswordError::hashing_failed, std::string("crypt_gensalt_rn: ") + std::strerror(errno));
    }
    auto hash = CryptArea().crypt(password, setting);
    if (!hash) return fail(PasswordError::hashing_failed, "crypt_r refused the bcrypt setting");
    return std::move(*hash);
}

bool verify_password(std::string_view password, std::string_view hash) {
    // Python's bcrypt (Debian 12's 3.2 among others) hashed a longer password by its first
    // 72 bytes without a word, so Flask accounts may hold such hashes while their owners
    // still type the whole password. New passwords stay limited by hash_password.
    const std::string_view used = password.substr(0, kBcryptMaxPasswordBytes);
    if (unusable(used) || !is_bcrypt_hash(hash)) return false;
    const auto computed = CryptArea().crypt(used, std::string(hash));
    return computed && constant_time_equal(*computed, hash);
}

}  // namespace pwreset
