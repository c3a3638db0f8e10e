// What cgicc reads of a request: CGI variables and body bytes, through the Exchange.
#include "cgicc_input.h"

#include <algorithm>
#include <cstring>

namespace pwreset {

std::size_t ExchangeInput::read(char* data, std::size_t length) {
    const std::size_t wanted = std::min(length, left_);
    std::size_t got = 0;
    while (got < wanted) {
        const std::size_t n = exchange_.read_body(data + got, wanted - got);
        if (n == 0) break;
        got += n;
    }
    left_ -= got;
    return got;
}

std::string ExchangeInput::getenv(const char* name) {
    if (std::strcmp(name, "CONTENT_LENGTH") == 0) {
        return part_ == Part::body ? std::to_string(body_length_) : std::string();
    }
    if (part_ == Part::body) {
        if (std::strcmp(name, "QUERY_STRING") == 0) return {};
        if (std::strcmp(name, "CONTENT_TYPE") == 0) return std::string(content_type_);
    }
    const char* value = exchange_.param(name);
    return value ? value : "";
}

}  // namespace pwreset
