// The Exchange for one FastCGI request accepted with FCGX_Accept_r.
#pragma once

#include <string_view>
#include <vector>

#include "exchange.h"

struct FCGX_Request;

namespace pwreset {

// Borrows the request; the accept loop owns it and finishes it after the page has run.
class FcgiExchange : public Exchange {
public:
    // program names the log lines.
    FcgiExchange(FCGX_Request* request, const char* program);

    const char* param(const char* name) const override;
    std::size_t read_body(char* buffer, std::size_t size) override;
    void write(std::string_view bytes) override;
    void log(std::string_view line) override;

private:
    struct Param {
        std::string_view name;
        const char* value;
    };

    FCGX_Request* request_;
    const char* program_;
    // The request's parameters split once: cgicc asks for some thirty by name, and
    // FCGX_GetParam compares each name with every parameter from the start (a fifth of a
    // worker's instructions on GET /reset_password).
    std::vector<Param> params_;
};

}  // namespace pwreset
