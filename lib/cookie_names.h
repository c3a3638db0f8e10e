// The names of pwreset's own cookies, in one place for everything that sets or reads them.
#pragma once

#include <string>
#include <vector>

namespace pwreset {

enum class OurCookie { session, csrf, flash };

// "pwreset_session", "pwreset_csrf", "pwreset_flash"; with cookie_secure, the same names
// behind the __Host- prefix ("__Host-pwreset_session"). The pwreset_ part keeps a Flask app
// on the same site, whose cookie is `session`, from overwriting ours. __Host- makes the
// browser refuse the cookie unless this very host set it over HTTPS with Path=/ and no
// Domain, so no sibling subdomain and no plain-HTTP answer can plant or replace it.
const std::string& cookie_name(OurCookie cookie, bool secure);

// The three names for one setting: the only cookies read_request keeps.
const std::vector<std::string>& cookie_names(bool secure);

}  // namespace pwreset
