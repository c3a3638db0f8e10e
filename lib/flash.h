// One-time messages carried across a redirect in a signed cookie, shown once, like Flask's flash.
#pragma once

#include <string>
#include <vector>

#include "request.h"
#include "response.h"
#include "token.h"

namespace pwreset {

struct FlashMessage {
    std::string category;  // Bootstrap alert kind: info, success, warning, danger
    std::string text;
};

// Adds a message to the flash cookie of response (kept with any already set on it).
void flash(Response& response, const Keyring& keys, bool cookie_secure, const FlashMessage& message,
           std::int64_t now);

// The messages from the request's flash cookie, and a deletion of the cookie on response,
// so they are shown exactly once. Unsigned or tampered cookies yield nothing.
std::vector<FlashMessage> take_flashes(const Request& request, Response& response, const Keyring& keys,
                                       bool cookie_secure, std::int64_t now);

}  // namespace pwreset
