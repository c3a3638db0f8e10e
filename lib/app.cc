// Start-up, the FastCGI/CGI accept loop, and the one mapping from errors to status pages.
#include "app.h"

#include <fcgiapp.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "beside_site.h"
#include "cgi_exchange.h"
#include "cookie_names.h"
#include "crypto.h"
#include "csrf.h"
#include "fcgi_exchange.h"
#include "flash.h"
#include "log.h"
#include "reset_token.h"
#include "session.h"

namespace pwreset {
namespace {

struct StatusPage {
    int status;
    const char* message;
};

StatusPage status_page(PageError error) {
    switch (error) {
        case PageError::bad_request: return {400, "The request could not be understood."};
        case PageError::csrf:
            return {400, "The form was too old or did not come from this site. "
                         "Go back, reload the page and try again."};
        case PageError::not_found: return {404, "There is no page at this address."};
        case PageError::method_not_allowed: return {405, "This page does not accept that method."};
        case PageError::unavailable:
            return {503, "The site cannot save or read accounts right now. Please try again in a minute."};
    }
    return {400, "The request could not be understood."};
}

StatusPage status_page(RequestError error) {
    switch (error) {
        case RequestError::body_too_large: return {413, "The form was larger than this site accepts."};
        case RequestError::bad_content_type: return {415, "The form was sent in a format this site does not accept."};
        case RequestError::bad_length: return {400, "The form arrived incomplete."};
        case RequestError::bad_encoding:
            return {400, "The form held characters that are not valid text (UTF-8)."};
    }
    return {400, "The request could not be understood."};
}

Response error_response(const Context& context, StatusPage page) {
    Response response(page.status);
    response.set_body(context.renderer->render_error(page.status, page.message));
    if (page.status == 405) response.set_header("Allow", "GET, HEAD, POST");
    return response;
}

// Headers every answer carries: only this site's own resources, never framed or sniffed,
// never cached (pages hold CSRF tokens and account data), and no Referer leaving a link.
void add_security_headers(Response& response) {
    if (!response.header("Content-Type")) response.set_header("Content-Type", "text/html; charset=utf-8");
    response.set_header("Content-Security-Policy",
                        "default-src 'self'; frame-ancestors 'none'; form-action 'self'; "
                        "base-uri 'none'; object-src 'none'");
    response.set_header("X-Content-Type-Options", "nosniff");
    response.set_header("X-Frame-Options", "DENY");
    response.set_header("Referrer-Policy", "no-referrer");
    response.set_header("Cache-Control", "no-store");
}

// The logged-in user: a valid session cookie whose password fingerprint still matches.
Result<std::optional<User>, PageError> current_user(Context& context, const Request& request,
                                                    Exchange& exchange) {
    const auto claim = read_session(request, context.keys, context.config.cookie_secure, context.now());
    if (!claim) return std::optional<User>();
    auto user = context.users->find_by_id(claim->user_id);
    if (!user) {
        exchange.log("session lookup failed: " + user.detail());
        return fail(PageError::unavailable);
    }
    if (!*user || !fingerprint_matches(context.keys, claim->fingerprint, (*user)->password_hash)) {
        return std::optional<User>();
    }
    return std::move(*user);
}

// What a logged-in visitor's CSRF tokens are bound to (see csrf.cc): their session cookie.
std::string_view csrf_session(const Request& request, bool cookie_secure, bool logged_in) {
    if (!logged_in) return {};
    const std::string* session = request.cookie(cookie_name(OurCookie::session, cookie_secure));
    return session ? std::string_view(*session) : std::string_view();
}

Response handle(Context& context, const Page& page, const Request& request, Exchange& exchange) {
    if (request.method == Method::other) {
        return error_response(context, status_page(PageError::method_not_allowed));
    }
    auto user = current_user(context, request, exchange);
    if (!user) return error_response(context, status_page(user.error()));
    const bool secure = context.config.cookie_secure;
    if (request.method == Method::post &&
        !csrf_valid(request, context.keys, secure, csrf_session(request, secure, user->has_value()))) {
        return error_response(context, status_page(PageError::csrf));
    }
    Visit visit{context, request, exchange, std::move(*user)};
    auto result = page.handler(visit);
    if (!result) return error_response(context, status_page(result.error()));
    return std::move(*result);
}

// One request, start to finish; returns the work to run once the answer has been sent.
std::function<void()> serve(Context& context, const Page& page, Exchange& exchange) {
    auto request = read_request(exchange, cookie_names(context.config.cookie_secure));
    Response response = request ? handle(context, page, *request, exchange)
                                : error_response(context, status_page(request.error()));
    add_security_headers(response);
    const bool head = request && request->method == Method::head;
    exchange.write(response.serialize(!head));
    return response.take_after_send();
}

Result<std::unique_ptr<Context>, std::string> start_up(const std::string& config_path,
                                                       const Page& page) {
    auto context = std::make_unique<Context>();
    auto config = load_config(config_path);
    if (!config) return fail(std::string(), config.detail());
    context->config = std::move(*config);
    if (auto missing = require_keys(context->config, {"database", "base_url"}); !missing) {
        return fail(std::string(), missing.detail());
    }
    auto keys = load_keyring(context->config);
    if (!keys) return fail(std::string(), keys.detail());
    context->keys = std::move(*keys);
    auto flask_secret = load_flask_secret(context->config);
    if (!flask_secret) return fail(std::string(), flask_secret.detail());
    if (!flask_secret->empty()) {
        context->flask = FlaskSessionKey{std::move(*flask_secret), context->config.flask_session_lifetime};
    }
    auto db = Database::open(context->config.database, false);
    if (!db) return fail(std::string(), context->config.database + ": " + db.detail());
    context->db = std::move(*db);
    auto users = UserStore::open(*context->db);
    if (!users) return fail(std::string(), context->config.database + ": " + users.detail() +
                                               " (run `pwreset db init`)");
    context->users = std::move(*users);
    auto spent = SpentTokens::open(*context->db);
    if (!spent) return fail(std::string(), context->config.database + ": " + spent.detail() +
                                               " (run `pwreset db init`)");
    context->spent_tokens = std::move(*spent);
    auto throttle = Throttle::open(*context->db);
    if (!throttle) return fail(std::string(), context->config.database + ": " + throttle.detail());
    context->throttle = std::move(*throttle);
    auto renderer = Renderer::load(context->config.templates_dir, page.templates,
                                   SiteLinks{context->config.site_pages, context->config.login_url});
    if (!renderer) return fail(std::string(), renderer.detail());
    context->renderer = std::move(*renderer);
    return context;
}

std::optional<std::string> config_argument(int argc, char** argv) {
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--config") == 0) return std::string(argv[i + 1]);
    }
    return std::nullopt;
}

// The config named on the command line or in the environment; none means "from nginx".
std::optional<std::string> explicit_config_path(int argc, char** argv) {
    if (auto path = config_argument(argc, argv)) return path;
    if (const char* env = std::getenv("PWRESET_CONFIG"); env && *env) return std::string(env);
    return std::nullopt;
}

int serve_fastcgi(std::unique_ptr<Context> context, const Page& page) {
    FCGX_Request fcgi;
    if (FCGX_Init() != 0 || FCGX_InitRequest(&fcgi, 0, 0) != 0) {
        log_line(page.name, "cannot set up FastCGI");
        return 1;
    }
    while (FCGX_Accept_r(&fcgi) >= 0) {
        std::function<void()> after;
        {
            FcgiExchange exchange(&fcgi, page.name);
            if (!context) {
                // Started without a config path: take it from nginx's PWRESET_CONFIG, once.
                const char* from_nginx = exchange.param("PWRESET_CONFIG");
                auto started = start_up(resolve_config_path(from_nginx ? std::optional<std::string>(from_nginx)
                                                                       : std::nullopt),
                                        page);
                if (!started) {
                    exchange.log(started.detail());
                    exchange.write("Status: 503 Service Unavailable\r\nContent-Type: text/plain\r\n\r\n"
                                   "pwreset is not configured; see the server's error log.\n");
                    FCGX_Finish_r(&fcgi);
                    continue;
                }
                context = std::move(*started);
            }
            after = serve(*context, page, exchange);
        }
        FCGX_Finish_r(&fcgi);
        if (after) after();
    }
    return 0;
}

}  // namespace

std::int64_t Context::now() const { return static_cast<std::int64_t>(std::time(nullptr)); }

int run_page(int argc, char** argv, const Page& page) {
    // A visitor who closes the connection early must not kill the worker.
    std::signal(SIGPIPE, SIG_IGN);
    init_crypto();
    const auto path = explicit_config_path(argc, argv);
    const bool cgi = FCGX_IsCGI();
    std::unique_ptr<Context> context;
    if (path || cgi) {
        auto started = start_up(resolve_config_path(path), page);
        if (!started) {
            log_line(page.name, started.detail());
            return 1;
        }
        context = std::move(*started);
    }
    if (!cgi) return serve_fastcgi(std::move(context), page);
    CgiExchange exchange(page.name);
    if (auto after = serve(*context, page, exchange)) after();
    return 0;
}

std::optional<Response> redirect_if_logged_in(const Visit& visit) {
    if (visit.user || logged_in_to_flask(visit)) return Response::redirect("/");
    return std::nullopt;
}

bool cookie_secure(const Visit& visit) { return visit.context.config.cookie_secure; }

PageView base_view(Visit& visit, Response& response, std::string template_name, std::string title) {
    PageView view;
    view.template_name = std::move(template_name);
    view.title = std::move(title);
    view.flashes = take_flashes(visit.request, response, visit.context.keys, cookie_secure(visit),
                                visit.context.now());
    if (visit.user) view.username = visit.user->username;
    const bool secure = cookie_secure(visit);
    view.csrf_token = issue_csrf_token(visit.request, response, visit.context.keys, secure,
                                       csrf_session(visit.request, secure, visit.user.has_value()));
    return view;
}

PageResult form_page(Visit& visit, const FormSpec& form, const FormState* state, const FormText& text,
                     std::vector<FlashMessage> shown_now) {
    Response response;
    PageView view = base_view(visit, response, "form.tpl", text.title);
    view.flashes.insert(view.flashes.end(), shown_now.begin(), shown_now.end());
    view.form = &form;
    view.form_state = state;
    view.values = {{"LEGEND", text.legend}, {"SUBMIT", text.submit}};
    view.sections = text.sections;
    response.set_body(visit.context.renderer->render(view));
    return response;
}

Failure<PageError> storage_failure(const Visit& visit, const std::string& detail) {
    visit.log("storage failed: " + detail);
    return fail(PageError::unavailable);
}

}  // namespace pwreset
