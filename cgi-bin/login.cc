// /login: email and password; on success a session cookie and a redirect home or to `next`.
#include <string>
#include <vector>

#include "app.h"
#include "pages.h"
#include "forms.h"
#include "local_path.h"
#include "password.h"
#include "reset_token.h"
#include "session.h"
#include "translate.h"

namespace {

using namespace pwreset;

const FormSpec kForm{{
    {"email", N_("Email"), "email", "email", {{Check::required}, {Check::email}}},
    {"password", N_("Password"), "password", "current-password", {{Check::required}}},
    {"remember", N_("Remember Me"), "checkbox", "", {}},
}};

const FormText kText{N_("Login"), N_("Log In"), N_("Login"), {"FORGOT_PASSWORD", "SIGN_UP_HINT"}};
constexpr std::int64_t kHour = 3600;

// Hashed once per cost, so that an unknown email costs the same bcrypt check as an account
// hashed with the configured cost, and answers in the same time.
const std::string& decoy_hash(int cost) {
    static std::string hash;
    static int hashed_with = 0;
    if (hashed_with != cost) {
        hash = hash_password("pwreset decoy password", cost).value();
        hashed_with = cost;
    }
    return hash;
}

// Failures count against the typed address, account or not, so a refusal tells nothing
// about who has an account.
std::string account_bucket(const std::string& email) { return "login-" + email_bucket(email); }
std::string network_bucket(const Visit& visit) { return "login-" + client_bucket(visit.request.remote_addr); }

std::string account_refusal(int seconds) {
    const int minutes = (seconds + 59) / 60;
    return format_text(
        trn("Too many failed logins for this account. Please wait a minute or reset your password.",
            "Too many failed logins for this account. Please wait %d minutes or reset your "
            "password.",
            minutes),
        minutes);
}

// Why this login is refused before any password check, if it is: too many recent failures
// for the account or from the client's network. Refused attempts are not counted.
Result<std::optional<std::string>, PageError> refusal(Visit& visit, const std::string& email) {
    Context& context = visit.context;
    const Config& config = context.config;
    if (config.throttle_login_account > 0 && config.throttle_login_account_seconds > 0) {
        auto failures = context.throttle->count(account_bucket(email), config.throttle_login_account_seconds,
                                                context.now());
        if (!failures) return storage_failure(visit, failures.detail());
        if (*failures >= config.throttle_login_account) {
            return std::optional<std::string>(account_refusal(config.throttle_login_account_seconds));
        }
    }
    if (config.throttle_login_ip_per_hour > 0) {
        auto failures = context.throttle->count(network_bucket(visit), kHour, context.now());
        if (!failures) return storage_failure(visit, failures.detail());
        if (*failures >= config.throttle_login_ip_per_hour) {
            return std::optional<std::string>(
                tr("Too many failed logins came from your network. Please try again in an hour."));
        }
    }
    return std::optional<std::string>();
}

// Counts a failed login for each limit in force.
Result<Done, PageError> count_failure(Visit& visit, const std::string& email) {
    Context& context = visit.context;
    const Config& config = context.config;
    std::vector<std::string> buckets;
    if (config.throttle_login_account > 0 && config.throttle_login_account_seconds > 0) {
        buckets.push_back(account_bucket(email));
    }
    if (config.throttle_login_ip_per_hour > 0) buckets.push_back(network_bucket(visit));
    for (const std::string& bucket : buckets) {
        if (auto recorded = context.throttle->record(bucket, context.now()); !recorded) {
            return storage_failure(visit, recorded.detail());
        }
    }
    if (!buckets.empty()) (void)context.throttle->prune(longest_throttle_window(config), context.now());
    return Done{};
}

PageResult login(Visit& visit) {
    if (visit.user) return Response::redirect("/");
    if (visit.request.method != Method::post) return form_page(visit, kForm, nullptr, kText);

    FormState form = validate_form(kForm, visit.request);
    if (!form.valid()) return form_page(visit, kForm, &form, kText);
    Context& context = visit.context;
    const std::string& email = form.value("email");
    auto refused = refusal(visit, email);
    if (!refused) return refused.failure();
    if (*refused) return form_page(visit, kForm, &form, kText, {{"danger", **refused}});
    auto user = context.users->find_by_email(email);
    if (!user) return storage_failure(visit, user.detail());
    const std::string& hash = *user ? (*user)->password_hash : decoy_hash(context.config.bcrypt_cost);
    if (!verify_password(form.value("password"), hash) || !*user) {
        if (auto counted = count_failure(visit, email); !counted) return counted.failure();
        return form_page(visit, kForm, &form, kText,
                         {{"danger", tr("Login Unsuccessful. Please check email and password")}});
    }
    if (context.config.throttle_login_account > 0) {
        if (auto cleared = context.throttle->clear(account_bucket(email)); !cleared) {
            visit.log("could not clear failed logins: " + cleared.detail());
        }
    }
    const std::string* next = visit.request.query_param("next");
    Response response = Response::redirect(next && is_local_path(*next) ? *next : "/");
    start_session(response, context.keys, {context.config.cookie_secure, context.config.session_max_age},
                  (*user)->id, (*user)->password_hash, !form.value("remember").empty(), context.now());
    return response;
}

}  // namespace

const Page pwreset::page_login{"login", {Method::get, Method::head, Method::post}, {"form.tpl"}, login};
