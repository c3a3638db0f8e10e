// The Exchange for a plain CGI run: environment variables and the process's stdio.
#pragma once

#include "exchange.h"

namespace pwreset {

class CgiExchange : public Exchange {
public:
    // program names the log lines.
    explicit CgiExchange(const char* program) : program_(program) {}

    const char* param(const char* name) const override;
    std::size_t read_body(char* buffer, std::size_t size) override;
    void write(std::string_view bytes) override;
    void log(std::string_view line) override;

private:
    const char* program_;
};

}  // namespace pwreset
