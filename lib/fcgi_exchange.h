// The Exchange for one FastCGI request accepted with FCGX_Accept_r.
#pragma once

#include "exchange.h"

struct FCGX_Request;

namespace pwreset {

// Borrows the request; the accept loop owns it and finishes it after the page has run.
class FcgiExchange : public Exchange {
public:
    // program names the log lines.
    FcgiExchange(FCGX_Request* request, const char* program) : request_(request), program_(program) {}

    const char* param(const char* name) const override;
    std::size_t read_body(char* buffer, std::size_t size) override;
    void write(std::string_view bytes) override;
    void log(std::string_view line) override;

private:
    FCGX_Request* request_;
    const char* program_;
};

}  // namespace pwreset
