// The reset pages beside a site that keeps its own pages: where their closing message goes,
// and who counts as logged in there.
#pragma once

#include "app.h"
#include "flash.h"

namespace pwreset {

// The page that shows the message where the site's login page cannot.
constexpr const char* kNoticeTemplate = "notice.tpl";

// The answer once a reset page has done its work: a redirect to login_url with message in our
// own flash cookie (site_pages), or in Flask's session cookie (flask_secret_key_file). Beside
// any other site, or when Flask's cookie would outgrow what browsers keep, a page of ours
// (notice.tpl) shows the message with a link to login_url.
Response finish_with(Visit& visit, const FlashMessage& message);

// True when Flask-Login has a user logged in to a valid session of the Flask site beside us.
bool logged_in_to_flask(const Visit& visit);

}  // namespace pwreset
