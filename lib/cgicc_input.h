// cgicc's input over an Exchange, so one parser serves FastCGI, plain CGI and the tests alike.
#pragma once

#include <cgicc/CgiInput.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "exchange.h"

namespace pwreset {

// Shows cgicc one part of the request, so that the form and the query string come back
// apart (a cgicc::Cgicc lists both as one):
// - Part::query: the CGI variables without the body. CONTENT_LENGTH reads as absent, since
//   cgicc reads a body for any method it takes for POST or PUT, in any spelling, trusting
//   the length it is given.
// - Part::body: the CGI variables without QUERY_STRING, and exactly body_length bytes of
//   body; cgicc sees the length and type read_request checked instead of the ones sent.
class ExchangeInput : public cgicc::CgiInput {
public:
    enum class Part { query, body };

    ExchangeInput(Exchange& exchange, Part part, std::size_t body_length = 0,
                  std::string_view content_type = {})
        : exchange_(exchange),
          part_(part),
          left_(part == Part::body ? body_length : 0),
          body_length_(body_length),
          content_type_(content_type) {}

    // Fills data as far as the body allows; fewer bytes than asked means it ended early.
    std::size_t read(char* data, std::size_t length) override;
    // The CGI variable as this part shows it; "" when absent, as cgicc expects.
    std::string getenv(const char* name) override;

private:
    Exchange& exchange_;
    Part part_;
    std::size_t left_;
    std::size_t body_length_;
    std::string_view content_type_;
};

}  // namespace pwreset
