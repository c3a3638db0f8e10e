// Throttle buckets: which key a client address or an email address is counted under.
#include "throttle.h"

#include <arpa/inet.h>

#include <cstring>

#include "text.h"

namespace pwreset {

std::string client_bucket(std::string_view remote_addr) {
    const std::string text(remote_addr);
    in_addr v4{};
    in6_addr v6{};
    char out[INET6_ADDRSTRLEN];
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
        return std::string("ip:") + inet_ntop(AF_INET, &v4, out, sizeof out);
    }
    if (inet_pton(AF_INET6, text.c_str(), &v6) != 1) return "ip:" + text;
    if (IN6_IS_ADDR_V4MAPPED(&v6)) {
        std::memcpy(&v4, v6.s6_addr + 12, sizeof v4);
        return std::string("ip:") + inet_ntop(AF_INET, &v4, out, sizeof out);
    }
    std::memset(v6.s6_addr + 8, 0, 8);
    return std::string("ip6:") + inet_ntop(AF_INET6, &v6, out, sizeof out) + "/64";
}

std::string email_bucket(std::string_view email) { return "email:" + lower_ascii(email); }

}  // namespace pwreset
