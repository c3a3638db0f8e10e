// /reset_password: asks for an account's email and mails it a reset link.
#include "app.h"
#include "pages.h"
#include "beside_site.h"
#include "forms.h"
#include "log.h"
#include "reset_mail.h"
#include "reset_token.h"
#include "translate.h"

namespace {

using namespace pwreset;

const FormSpec kForm{{
    {"email", N_("Email"), "email", "email", {{Check::required}, {Check::email}}},
}};

const FormText kText{N_("Reset Password"), N_("Reset Password"), N_("Request Password Reset")};
constexpr std::int64_t kHour = 3600;

Response mail_sent_answer(Visit& visit) {
    return finish_with(visit,
                       {"info", tr("An email has been sent with instructions to reset your password.")});
}

// Counts a request from this client address; says why it is refused when over the hourly
// limit. Every well-formed request counts, known address or not, so guessing which
// addresses have accounts is slowed as much as flooding one mailbox.
Result<std::optional<std::string>, PageError> client_limit(Visit& visit) {
    Context& context = visit.context;
    auto allowed = context.throttle->allow(client_bucket(visit.request.remote_addr),
                                           context.config.throttle_ip_per_hour, kHour, context.now());
    if (!allowed) return storage_failure(visit, allowed.detail());
    if (*allowed) return std::optional<std::string>();
    return std::optional<std::string>(
        tr("Too many password reset requests came from your network. Please try again in an hour."));
}

// Allows one mail per address per throttle_email_seconds; says why when refused. The mail
// is counted here, before it is sent, so that simultaneous requests send one; a send that
// fails takes the count back (forget_mail).
Result<std::optional<std::string>, PageError> address_limit(Visit& visit, const std::string& email) {
    Context& context = visit.context;
    const Config& config = context.config;
    auto allowed =
        context.throttle->allow(email_bucket(email), 1, config.throttle_email_seconds, context.now());
    if (!allowed) return storage_failure(visit, allowed.detail());
    if (!*allowed) {
        return std::optional<std::string>(
            tr("A reset email was sent to this address moments ago. Please check "
               "your inbox, or wait a minute before asking again."));
    }
    (void)context.throttle->prune(longest_throttle_window(config), context.now());
    return std::optional<std::string>();
}

// No mail reached sendmail, so none counts against the address: asking again works at once.
void forget_mail(Visit& visit, const std::string& email) {
    if (auto cleared = visit.context.throttle->clear(email_bucket(email)); !cleared) {
        visit.log("could not take back a reset mail's count: " + cleared.detail());
    }
}

MailMessage reset_mail_for(const Context& context, const User& user) {
    const std::string token = mint_reset_token(context.keys, user.id, user.password_hash, context.now(),
                                               context.config.token_max_age);
    return reset_mail(context.config, *context.renderer, user.email, reset_link(context.config, token));
}

// paranoid = yes: every well-formed request gets the same answer, and the mail (if any)
// goes out after the answer from a detached process, so neither the page nor its timing
// tells whether the address has an account or was throttled.
PageResult paranoid_answer(Visit& visit, const std::optional<User>& user, const std::string& email) {
    auto limited = client_limit(visit);
    if (limited && !*limited) limited = address_limit(visit, email);
    if (!limited) return limited.failure();
    Response response = mail_sent_answer(visit);
    if (user && !*limited) {
        mail_after_answer(response, visit.context.config, reset_mail_for(visit.context, *user),
                          "reset_request", "reset mail for user " + std::to_string(user->id));
    }
    return response;
}

PageResult reset_request(Visit& visit) {
    if (auto home = redirect_if_logged_in(visit)) return std::move(*home);
    if (visit.request.method != Method::post) return form_page(visit, kForm, nullptr, kText);

    FormState form = validate_form(kForm, visit.request);
    if (!form.valid()) return form_page(visit, kForm, &form, kText);
    Context& context = visit.context;
    const std::string& email = form.value("email");
    auto user = context.users->find_by_email(email);
    if (!user) return storage_failure(visit, user.detail());
    if (context.config.paranoid) return paranoid_answer(visit, *user, email);
    auto limited = client_limit(visit);
    if (!limited) return limited.failure();
    if (*limited) return form_page(visit, kForm, &form, kText, {{"danger", **limited}});
    if (!*user) {
        form.add_error("email", tr("There is no account with that email. You must register first."));
        return form_page(visit, kForm, &form, kText);
    }
    limited = address_limit(visit, email);
    if (!limited) return limited.failure();
    if (*limited) return form_page(visit, kForm, &form, kText, {{"danger", **limited}});

    auto sent = deliver(context.config, reset_mail_for(context, **user));
    if (!sent) {
        forget_mail(visit, email);
        visit.log("reset mail for user " + std::to_string((*user)->id) +
                  " not sent: " + describe(sent.error()) + " " + sent.detail());
        return form_page(visit, kForm, &form, kText,
                         {{"danger", tr("No email could be sent, so no reset link went out. "
                                        "Please try again later.")}});
    }
    return mail_sent_answer(visit);
}

}  // namespace

const Page pwreset::page_reset_request{"reset_request",
                                       {Method::get, Method::head, Method::post},
                                       {"form.tpl", kNoticeTemplate, kResetMailTemplate},
                                       reset_request};
