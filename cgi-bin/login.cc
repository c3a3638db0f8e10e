// /login: email and password; on success a session cookie and a redirect home or to `next`.
#include "app.h"
#include "forms.h"
#include "password.h"
#include "reset_token.h"
#include "session.h"

namespace {

using namespace pwreset;

const FormSpec kForm{{
    {"email", "Email", "email", "email", {{Check::required}, {Check::email}}},
    {"password", "Password", "password", "current-password", {{Check::required}}},
    {"remember", "Remember Me", "checkbox", "", {}},
}};

const FormText kText{"Login", "Log In", "Login", {"FORGOT_PASSWORD", "SIGN_UP_HINT"}};

// Hashed once so that an unknown email costs a bcrypt check too and answers in the same time.
const std::string& decoy_hash() {
    static const std::string hash = hash_password("pwreset decoy password", 12).value();
    return hash;
}

// Only a path on this site: "/x", never "//host" or "/\host", which browsers treat as hosts.
bool is_local_path(const std::string& next) {
    return next.size() > 0 && next[0] == '/' && (next.size() == 1 || (next[1] != '/' && next[1] != '\\')) &&
           next.find_first_of("\r\n\\") == std::string::npos;
}

PageResult login(Visit& visit) {
    if (visit.user) return Response::redirect("/");
    if (visit.request.method != Method::post) return form_page(visit, kForm, nullptr, kText);

    FormState form = validate_form(kForm, visit.request);
    if (!form.valid()) return form_page(visit, kForm, &form, kText);
    Context& context = visit.context;
    auto user = context.users->find_by_email(form.value("email"));
    if (!user) return storage_failure(visit, user.detail());
    const std::string& hash = *user ? (*user)->password_hash : decoy_hash();
    if (!verify_password(form.value("password"), hash) || !*user) {
        return form_page(visit, kForm, &form, kText,
                         {{"danger", "Login Unsuccessful. Please check email and password"}});
    }
    const std::string* next = visit.request.query_param("next");
    Response response = Response::redirect(next && is_local_path(*next) ? *next : "/");
    start_session(response, context.keys, {context.config.cookie_secure, context.config.session_max_age},
                  (*user)->id, (*user)->password_hash, !form.value("remember").empty(), context.now());
    return response;
}

}  // namespace

int main(int argc, char** argv) {
    return pwreset::run_page(argc, argv, {"login", {"form.tpl"}, login});
}
