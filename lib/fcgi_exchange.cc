// FastCGI streams behind the Exchange interface.
#include "fcgi_exchange.h"

#include <fcgiapp.h>

#include <algorithm>
#include <climits>
#include <cstring>

#include "log.h"

namespace pwreset {
namespace {

// libfcgi counts bytes in int, so longer writes go out in int-sized pieces.
void put_all(std::string_view bytes, FCGX_Stream* stream) {
    while (!bytes.empty()) {
        const int n = static_cast<int>(std::min<std::size_t>(bytes.size(), INT_MAX));
        if (FCGX_PutStr(bytes.data(), n, stream) != n) return;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

}  // namespace

FcgiExchange::FcgiExchange(FCGX_Request* request, const char* program)
    : request_(request), program_(program) {
    // nginx's fastcgi_params and ours come to about forty.
    params_.reserve(48);
    for (char** entry = request->envp; entry != nullptr && *entry != nullptr; ++entry) {
        const char* equals = std::strchr(*entry, '=');
        if (equals != nullptr) params_.push_back({std::string_view(*entry, equals - *entry), equals + 1});
    }
}

// The first parameter of that name, as FCGX_GetParam answers.
const char* FcgiExchange::param(const char* name) const {
    const std::string_view wanted(name);
    for (const Param& param : params_) {
        if (param.name == wanted) return param.value;
    }
    return nullptr;
}

std::size_t FcgiExchange::read_body(char* buffer, std::size_t size) {
    const int n = FCGX_GetStr(buffer, static_cast<int>(std::min<std::size_t>(size, INT_MAX)), request_->in);
    return n > 0 ? static_cast<std::size_t>(n) : 0;
}

void FcgiExchange::write(std::string_view bytes) { put_all(bytes, request_->out); }

// Log lines go to the process's own stderr, not to FastCGI's error stream: nginx would add
// the request line, and on the token page that line holds a live reset link.
void FcgiExchange::log(std::string_view line) { log_line(program_, line); }

}  // namespace pwreset
