// The Exchange for a plain CGI run: environment variables and the process's stdio.
#pragma once

#include "exchange.h"

namespace pwreset {

class CgiExchange : public Exchange {
public:
    const char* param(const char* name) const override;
    std::size_t read_body(char* buffer, std::size_t size) override;
    void write(std::string_view bytes) override;
    void log(std::string_view line) override;
};

}  // namespace pwreset
