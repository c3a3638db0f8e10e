// One request/response channel: FastCGI (libfcgi) or plain CGI (environment + stdio).
#pragma once

#include <cstddef>
#include <string_view>

namespace pwreset {

// What a page needs from the server: CGI variables in, body bytes in, response bytes out,
// and a line for the program's error log (its stderr; a CGI server's error log).
class Exchange {
public:
    virtual ~Exchange() = default;
    // The CGI variable, or nullptr when the server did not send it.
    virtual const char* param(const char* name) const = 0;
    // Reads up to size body bytes; returns how many (0 at the end).
    virtual std::size_t read_body(char* buffer, std::size_t size) = 0;
    // Writes response bytes; a page writes its whole response in one call.
    virtual void write(std::string_view bytes) = 0;
    // One line in the program's log, stamped with the time and the program's name.
    virtual void log(std::string_view line) = 0;
};

}  // namespace pwreset
