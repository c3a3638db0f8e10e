// The cookie names, built once per setting so a page never assembles them per request.
#include "cookie_names.h"

namespace pwreset {

const std::vector<std::string>& cookie_names(bool secure) {
    // In OurCookie's order, so cookie_name can index them.
    static const std::vector<std::string> plain{"pwreset_session", "pwreset_csrf", "pwreset_flash"};
    static const std::vector<std::string> host_only{"__Host-pwreset_session", "__Host-pwreset_csrf",
                                                    "__Host-pwreset_flash"};
    return secure ? host_only : plain;
}

const std::string& cookie_name(OurCookie cookie, bool secure) {
    return cookie_names(secure)[static_cast<std::size_t>(cookie)];
}

}  // namespace pwreset
