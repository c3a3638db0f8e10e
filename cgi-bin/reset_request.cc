// /reset_password: asks for an account's email and mails it a reset link.
#include "app.h"
#include "flash.h"
#include "forms.h"
#include "reset_mail.h"
#include "reset_token.h"

namespace {

using namespace pwreset;

const FormSpec kForm{{
    {"email", "Email", "email", "email", {{Check::required}, {Check::email}}},
}};

const FormText kText{"Reset Password", "Reset Password", "Request Password Reset"};

PageResult reset_request(Visit& visit) {
    if (auto home = redirect_if_logged_in(visit)) return std::move(*home);
    if (visit.request.method != Method::post) return form_page(visit, kForm, nullptr, kText);

    FormState form = validate_form(kForm, visit.request);
    if (!form.valid()) return form_page(visit, kForm, &form, kText);
    Context& context = visit.context;
    auto user = context.users->find_by_email(form.value("email"));
    if (!user) return storage_failure(visit, user.detail());
    if (!*user) {
        form.add_error("email", "There is no account with that email. You must register first.");
        return form_page(visit, kForm, &form, kText);
    }

    const std::string token = mint_reset_token(context.keys, (*user)->id, (*user)->password_hash,
                                               context.now(), context.config.token_max_age);
    auto sent = deliver(context.config, reset_mail(context.config, (*user)->email,
                                                   reset_link(context.config, token)));
    if (!sent) {
        visit.log("reset mail for user " + std::to_string((*user)->id) + " not sent: " +
                  describe(sent.error()) + " " + sent.detail());
        return form_page(visit, kForm, &form, kText,
                         {{"danger", "No email could be sent, so no reset link went out. "
                                     "Please try again later."}});
    }
    Response response = Response::redirect("/login");
    flash(response, context.keys, cookie_secure(visit),
          {"info", "An email has been sent with instructions to reset your password."}, context.now());
    return response;
}

}  // namespace

int main(int argc, char** argv) {
    return pwreset::run_page(argc, argv, {"reset_request", {"form.tpl"}, reset_request});
}
