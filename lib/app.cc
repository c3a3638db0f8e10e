// Every page's common part: answering one request, errors mapped to status pages, the page view.
#include "app.h"

#include <algorithm>
#include <cstring>

#include "beside_site.h"
#include "cookie_names.h"
#include "csrf.h"
#include "flash.h"
#include "language.h"
#include "reset_token.h"
#include "session.h"
#include "translate.h"

namespace pwreset {
namespace {

struct StatusPage {
    int status;
    const char* message;  // a msgid, shown translated
};

StatusPage status_page(PageError error) {
    switch (error) {
        case PageError::bad_request: return {400, N_("The request could not be understood.")};
        case PageError::csrf:
            return {400, N_("The form was too old or did not come from this site. "
                            "Go back, reload the page and try again.")};
        case PageError::not_found: return {404, N_("There is no page at this address.")};
        case PageError::unavailable:
            return {503,
                    N_("The site cannot save or read accounts right now. Please try again in a minute.")};
    }
    return {400, N_("The request could not be understood.")};
}

StatusPage status_page(RequestError error) {
    switch (error) {
        case RequestError::body_too_large: return {413, N_("The form was larger than this site accepts.")};
        case RequestError::bad_content_type:
            return {415, N_("The form was sent in a format this site does not accept.")};
        case RequestError::bad_length: return {400, N_("The form arrived incomplete.")};
        case RequestError::bad_encoding:
            return {400, N_("The form held characters that are not valid text (UTF-8).")};
    }
    return {400, N_("The request could not be understood.")};
}

Response error_response(const Context& context, StatusPage page) {
    Response response(page.status);
    response.set_body(context.renderer->render_error(page.status, tr(page.message)));
    return response;
}

const char* method_text(Method method) {
    switch (method) {
        case Method::get: return "GET";
        case Method::head: return "HEAD";
        case Method::post: return "POST";
        case Method::other: break;
    }
    return "";
}

// The 405 page, its Allow header naming what the page answers.
Response method_not_allowed(const Context& context, const Page& page) {
    Response response = error_response(context, {405, N_("This page does not accept that method.")});
    std::string allow;
    for (Method method : page.methods) {
        if (!allow.empty()) allow += ", ";
        allow += method_text(method);
    }
    response.set_header("Allow", allow);
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
    if (std::find(page.methods.begin(), page.methods.end(), request.method) == page.methods.end()) {
        return method_not_allowed(context, page);
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

}  // namespace

Response answer(Context& context, const Page& page, const Result<Request, RequestError>& request,
                Exchange& exchange) {
    // Every text of the answer, its flashes and the mails it sends come in the visitor's language.
    const char* accept_language = exchange.param("HTTP_ACCEPT_LANGUAGE");
    const std::string language =
        choose_language(accept_language ? accept_language : "", context.config.languages);
    const LanguageScope speaking(language);
    Response response = request ? handle(context, page, *request, exchange)
                                : error_response(context, status_page(request.error()));
    add_security_headers(response);
    response.set_header("Content-Language", language);
    response.set_header("Vary", "Accept-Language");
    return response;
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
    view.flashes =
        take_flashes(visit.request, response, visit.context.keys, cookie_secure(visit), visit.context.now());
    if (visit.user) view.username = visit.user->username;
    const bool secure = cookie_secure(visit);
    view.csrf_token = issue_csrf_token(visit.request, response, visit.context.keys, secure,
                                       csrf_session(visit.request, secure, visit.user.has_value()));
    return view;
}

PageResult form_page(Visit& visit, const FormSpec& form, const FormState* state, const FormText& text,
                     std::vector<FlashMessage> shown_now) {
    Response response;
    PageView view = base_view(visit, response, "form.tpl", tr(text.title));
    view.flashes.insert(view.flashes.end(), shown_now.begin(), shown_now.end());
    view.form = &form;
    view.form_state = state;
    view.values = {{"LEGEND", tr(text.legend)}, {"SUBMIT", tr(text.submit)}};
    view.sections = text.sections;
    response.set_body(visit.context.renderer->render(view));
    return response;
}

Failure<PageError> storage_failure(const Visit& visit, const std::string& detail) {
    visit.log("storage failed: " + detail);
    return fail(PageError::unavailable);
}

}  // namespace pwreset
