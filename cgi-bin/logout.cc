// /logout: GET asks to confirm, POST (CSRF-checked) ends the session and goes home.
#include "app.h"
#include "pages.h"
#include "session.h"
#include "translate.h"

namespace {

using namespace pwreset;

PageResult logout(Visit& visit) {
    Context& context = visit.context;
    if (visit.request.method == Method::post) {
        Response response = Response::redirect("/");
        end_session(response, {context.config.cookie_secure, context.config.session_max_age});
        return response;
    }
    if (!visit.user) return Response::redirect("/");
    Response response;
    response.set_body(context.renderer->render(base_view(visit, response, "logout.tpl", tr("Log Out"))));
    return response;
}

}  // namespace

const Page pwreset::page_logout{"logout", {Method::get, Method::head, Method::post}, {"logout.tpl"}, logout};
