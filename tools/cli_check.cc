// Admin verbs that check the installation: config check and mail test.
#include <algorithm>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "check_access.h"
#include "cli.h"
#include "clock.h"
#include "mail.h"
#include "storage.h"

namespace pwreset {
namespace {

struct Findings {
    std::vector<std::string> problems;
    std::vector<std::string> warnings;
};

// The program send_mail would run, found as send_mail finds it.
bool command_exists(const std::string& command) {
    const std::vector<std::string> words = split_command(command);
    return !words.empty() && find_program(words.front()).has_value();
}

// Secret keys printed in tutorials and examples, which sites copy and attackers try first:
// Flask's tutorial ("dev") and quickstart, the flaskblog tutorial's, the Flask Mega-Tutorial's
// and the Flask Web Development book's, and the obvious stand-ins.
const std::string_view kPublishedSecrets[] = {
    "dev",
    "5791628bb0b13ce0c676dfde280ba245",
    "_5#y2L\"F4Q8z\n\xec]/",
    "development key",
    "you-will-never-guess",
    "hard to guess string",
    "secret",
    "secret-key",
    "secret_key",
    "secretkey",
    "mysecretkey",
    "my-secret-key",
    "my_secret_key",
    "your-secret-key",
    "your_secret_key",
    "super-secret-key",
    "super secret key",
    "supersecretkey",
    "changeme",
    "change-me",
    "change_me",
    "password",
};

bool is_published(std::string_view secret) {
    return std::find(std::begin(kPublishedSecrets), std::end(kPublishedSecrets), secret) !=
           std::end(kPublishedSecrets);
}

// The secret itself is never printed: a published one is named only by its file.
void check_secrets(const Config& config, Findings& found) {
    if (config.secret_key_file.empty()) return;
    const auto keys = load_keyring(config);
    if (!keys) {
        found.problems.push_back(keys.detail());
        return;
    }
    if (is_published(keys->current)) {
        found.problems.push_back(
            config.secret_key_file +
            ": the secret is a published example key, so anyone "
            "can sign reset links and sessions with it; make a new one (INSTALL, section 2)");
    } else if (keys->current.size() < kRecommendedSecretBytes) {
        found.warnings.push_back(config.secret_key_file + ": the secret is " +
                                 std::to_string(keys->current.size()) + " bytes; " +
                                 std::to_string(kRecommendedSecretBytes) + " or more are recommended");
    }
    for (std::size_t i = 0; i < keys->old.size(); ++i) {
        if (!is_published(keys->old[i])) continue;
        found.warnings.push_back(config.old_secret_key_files[i] +
                                 ": this old secret is a published example key, "
                                 "so anyone can forge links and sessions that pass; remove it from "
                                 "old_secret_key_files as soon as you can");
    }
}

void check_database(const Config& config, Findings& found) {
    if (config.database.empty()) return;
    auto storage = connect_storage(config.database);
    if (!storage && storage.error() == StorageError::cannot_open) {
        found.problems.push_back("cannot open the database: " + storage.detail());
    } else if (!storage) {
        found.problems.push_back(config.database +
                                 ": no usable user table (run pwreset db init?): " + storage.detail());
    }
}

void check_access(const Config& config, Findings& found) {
    for (auto& problem : access_problems(config)) found.problems.push_back(std::move(problem));
}

Findings check(const Config& config) {
    Findings found;
    for (const char* key : {"secret_key_file", "database", "base_url"}) {
        if (auto set = require_keys(config, {key}); !set) found.problems.push_back(set.detail());
    }
    check_secrets(config, found);
    check_database(config, found);
    check_access(config, found);
    if (!command_exists(config.sendmail)) {
        found.problems.push_back(config.path + ": sendmail: no executable program for '" + config.sendmail +
                                 "'");
    }
    return found;
}

}  // namespace

Outcome config_check(const Invocation& invocation) {
    const std::string as_user = " (checked as " + checking_user() + ")";
    const auto config = load_config(resolve_config_path(invocation.config_flag));
    if (!config) return fail(Exit::failed, config.detail() + as_user);
    const Findings found = check(*config);
    if (const std::string hint = run_as_hint(*config); !hint.empty()) std::cout << "note: " << hint << "\n";
    for (const auto& warning : found.warnings) std::cout << "warning: " << warning << "\n";
    for (const auto& problem : found.problems) std::cout << "problem: " << problem << "\n";
    if (!found.problems.empty()) {
        return fail(Exit::failed, config->path + ": " + std::to_string(found.problems.size()) +
                                      " problem(s) found" + as_user);
    }
    std::cout << config->path << ": ok" << as_user << "\n";
    return Done{};
}

Outcome mail_test(const Invocation& invocation) {
    const std::string to = *invocation.flag("--to");
    if (auto ok = check_mail_address(to); !ok) return ok.failure();
    auto config = load_for(invocation, {"mail_from"});
    if (!config) return config.failure();
    MailMessage message;
    message.from = config->mail_from;
    message.to = to;
    message.subject = "pwreset test message";
    message.text_body =
        "This is a test message from the pwreset admin command.\n"
        "If it reached you, the site can send password reset mail.\n";
    const auto bytes = build_message(message, unix_now(), make_message_id(config->mail_from));
    if (!bytes)
        return fail(Exit::failed, std::string("cannot build the message: ") + describe(bytes.error()));
    if (auto sent = send_mail(config->sendmail, *bytes, config->mail_timeout); !sent) {
        const std::string detail = sent.detail().empty() ? "" : " (" + sent.detail() + ")";
        return fail(Exit::failed, std::string("mail not sent: ") + describe(sent.error()) + detail);
    }
    std::cout << "test message to " << to << " handed to sendmail\n";
    return Done{};
}

}  // namespace pwreset
