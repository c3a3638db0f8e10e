// Plain CGI behind the Exchange interface, for hosts that run the program once per request.
#include "cgi_exchange.h"

#include <cstdio>
#include <cstdlib>

#include "log.h"

namespace pwreset {

const char* CgiExchange::param(const char* name) const { return std::getenv(name); }

std::size_t CgiExchange::read_body(char* buffer, std::size_t size) {
    return std::fread(buffer, 1, size, stdin);
}

void CgiExchange::write(std::string_view bytes) {
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
    std::fflush(stdout);
}

void CgiExchange::log(std::string_view line) { log_line(program_, line); }

}  // namespace pwreset
