// / and /home: greets the logged-in visitor, or points to login and registration.
#include "app.h"
#include "pages.h"
#include "translate.h"

namespace {

using namespace pwreset;

PageResult home(Visit& visit) {
    Response response;
    PageView view = base_view(visit, response, "home.tpl", tr("Home"));
    if (visit.user) {
        view.sections = {"GREETING"};
        view.values = {{"USERNAME", visit.user->username}, {"EMAIL", visit.user->email}};
    } else {
        view.sections = {"WELCOME"};
    }
    response.set_body(visit.context.renderer->render(view));
    return response;
}

}  // namespace

const Page pwreset::page_home{"home", {Method::get, Method::head}, {"home.tpl"}, home};
