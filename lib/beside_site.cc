// Closing messages through our flash cookie, Flask's session cookie or a page of our own.
#include "beside_site.h"

#include "flask_session.h"
#include "translate.h"

namespace pwreset {
namespace {

std::optional<Json> flask_session(const Visit& visit) {
    const Context& context = visit.context;
    const auto cookie = visit.request.site_cookie(context.config.flask_session_cookie);
    if (!cookie) return std::nullopt;
    return read_flask_session(*context.flask, *cookie, context.now());
}

// The message added to the visitor's Flask session (a new one when theirs is absent or
// invalid, as Flask would start), with every other key kept; nullopt when too large.
std::optional<Response> flask_redirect(Visit& visit, const FlashMessage& message) {
    const Context& context = visit.context;
    const std::string& name = context.config.flask_session_cookie;
    const Json session = add_flask_flash(flask_session(visit).value_or(Json::make_object({})), message);
    std::string value = write_flask_session(*context.flask, session, context.now());
    if (name.size() + 1 + value.size() > kMaxFlaskCookieBytes) {
        visit.log("the Flask session cookie would be too large; showing the message here instead");
        return std::nullopt;
    }
    // Flask sends a permanent session as a cookie lasting its lifetime, others for the browser session.
    const std::int64_t max_age = flask_session_permanent(session) ? context.flask->max_age : -1;
    Response response = Response::redirect(context.config.login_url);
    response.set_cookie(Cookie{name, std::move(value), max_age, cookie_secure(visit)});
    return response;
}

Response notice_page(Visit& visit, const FlashMessage& message) {
    Response response;
    PageView view = base_view(visit, response, kNoticeTemplate, tr("Reset Password"));
    view.flashes.push_back(message);
    view.values = {{"LOGIN_URL", visit.context.config.login_url}};
    response.set_body(visit.context.renderer->render(view));
    return response;
}

}  // namespace

Response finish_with(Visit& visit, const FlashMessage& message) {
    const Context& context = visit.context;
    if (context.config.site_pages) {
        Response response = Response::redirect(context.config.login_url);
        flash(response, context.keys, cookie_secure(visit), message, context.now());
        return response;
    }
    if (context.flask) {
        if (auto response = flask_redirect(visit, message)) return std::move(*response);
    }
    return notice_page(visit, message);
}

bool logged_in_to_flask(const Visit& visit) {
    if (!visit.context.flask) return false;
    const auto session = flask_session(visit);
    return session && flask_user_logged_in(*session);
}

}  // namespace pwreset
