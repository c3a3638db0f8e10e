// The program around each page: start-up, the FastCGI/CGI accept loop, errors mapped to pages.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "context.h"
#include "request.h"
#include "response.h"
#include "result.h"
#include "users.h"

namespace pwreset {

// Why a page could not answer normally; each maps to one status page.
enum class PageError {
    bad_request,  // 400: malformed input
    csrf,         // 400: CSRF token missing or wrong
    not_found,    // 404
    unavailable,  // 503: database locked or unwritable
};

// What a page handler sees of one request.
struct Visit {
    Context& context;
    const Request& request;
    Exchange& exchange;        // for log lines
    std::optional<User> user;  // the logged-in visitor, when the session is valid

    void log(const std::string& line) const { exchange.log(line); }
};

using PageResult = Result<Response, PageError>;
using Handler = PageResult (*)(Visit& visit);

struct Page {
    const char* name;                    // program name for log lines
    std::vector<Method> methods;         // any other gets 405; cgi-bin/routes lists the same
    std::vector<std::string> templates;  // preloaded at start-up
    Handler handler;
};

// Runs the page as a supervisor of FastCGI workers (socket from --listen, systemd or fd 0) or,
// when started by a CGI server, for one request. Returns the process exit code; start-up
// problems are one line on stderr.
int run_page(int argc, char** argv, const Page& page);

// Runs every page in one supervisor, a pool of FastCGI workers for each page's socket: made
// by --listen DIR as DIR/PAGE.sock, or passed by systemd (a socket bound to .../PAGE.sock
// for each page). name starts its log lines. Returns the process exit code.
int run_pages(const char* name, int argc, char** argv, const std::vector<const Page*>& pages);

// The whole answer to one request as read from the exchange (a status page when it could not
// be read), with the headers every answer carries; the exchange only takes log lines here.
Response answer(Context& context, const Page& page, const Result<Request, RequestError>& request,
                Exchange& exchange);

// Helpers shared by the page handlers.
// The page itself, or a 302 to "/" for a visitor logged in here or to the Flask site beside us
// (the seed's rule for reset pages).
std::optional<Response> redirect_if_logged_in(const Visit& visit);
// A PageView with the layout's common parts (flashes, user, CSRF token) filled in.
PageView base_view(Visit& visit, Response& response, std::string template_name, std::string title);
// The fixed texts of a form page, as msgids (N_): form_page shows them translated.
struct FormText {
    const char* title;
    const char* legend;
    const char* submit;
    std::vector<std::string> sections = {};  // e.g. FORGOT_PASSWORD on the login page
};

// A form page (form.tpl in the layout) with the submitted state, its errors, and any
// messages to show at once rather than after a redirect.
PageResult form_page(Visit& visit, const FormSpec& form, const FormState* state, const FormText& text,
                     std::vector<FlashMessage> shown_now = {});

// Logs why storage failed and answers with the 503 page.
Failure<PageError> storage_failure(const Visit& visit, const std::string& detail);
// The cookie settings from the config.
bool cookie_secure(const Visit& visit);

}  // namespace pwreset
