// The `pwreset` admin command: parses the command line and runs one verb from the table.
#include <algorithm>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "cli.h"
#include "paths.h"

namespace pwreset {
namespace {

struct Verb {
    const char* name;  // one or two words, as typed
    std::vector<std::string> required;
    std::vector<std::string> optional;
    std::size_t positionals;  // exactly this many
    Outcome (*run)(const Invocation&);
    const char* synopsis;
    const char* what;
};

const std::vector<Verb>& verbs() {
    static const std::vector<Verb> table = {
        {"db init", {}, {}, 0, db_init, "", "create missing tables; safe to repeat"},
        {"db copy",
         {"--to"},
         {"--into-nonempty"},
         0,
         db_copy,
         "--to URI [--into-nonempty yes]",
         "copy the SQLite database into an empty PostgreSQL one (libpq URI), or with --into-nonempty yes "
         "beside its rows; a copied id, email or username already there fails the copy, nothing written"},
        {"user add",
         {"--email", "--username"},
         {},
         0,
         user_add,
         "--email E --username U",
         "add an account (password: one line on stdin)"},
        {"user passwd",
         {"--email"},
         {},
         0,
         user_passwd,
         "--email E",
         "set an account's password (one line on stdin)"},
        {"user list", {}, {}, 0, user_list, "", "print id, username, email (tab-separated)"},
        {"reset-link", {"--email"}, {}, 0, reset_link, "--email E", "print a password reset link"},
        {"token mint",
         {"--payload"},
         {"--expires-in", "--now"},
         0,
         token_mint,
         "--payload JSON [--expires-in S] [--now UNIX]",
         "sign a token with the current secret"},
        {"token verify",
         {},
         {"--now"},
         1,
         token_verify,
         "[--now UNIX] TOKEN",
         "print a valid token's payload"},
        {"mail test", {"--to"}, {}, 0, mail_test, "--to E", "send a test message through sendmail"},
        {"config check",
         {},
         {},
         0,
         config_check,
         "",
         "check the config, secrets, database and sendmail, and who may read and write them"},
        {"config keys",
         {},
         {},
         0,
         config_keys,
         "",
         "print every config key with its default, values and help"},
    };
    return table;
}

void print_usage() {
    std::cout << "usage: pwreset [--config FILE] VERB [ARGS]\n\n";
    for (const auto& verb : verbs()) {
        const std::string synopsis = *verb.synopsis ? std::string(" ") + verb.synopsis : "";
        std::cout << "  " << verb.name << synopsis << "\n      " << verb.what << "\n";
    }
    std::cout << "\nThe config file is --config, else $PWRESET_CONFIG, else " << PWRESET_DEFAULT_CONFIG
              << ".\nExit status: 0 ok, 1 failed, 2 usage or config error, 3 token expired.\n";
}

struct Parsed {
    const Verb* verb = nullptr;  // nullptr: --help was asked for
    Invocation invocation;
};

bool is_help(const std::string& word) { return word == "--help" || word == "-h"; }
bool is_flag(const std::string& word) { return word.size() > 1 && word[0] == '-'; }

std::string flag_name(const std::string& word) { return word.substr(0, word.find('=')); }

// Takes "--name value" or "--name=value" at words[i], advancing i past the value.
Result<std::pair<std::string, std::string>, Exit> take_flag(const std::vector<std::string>& words,
                                                            std::size_t& i) {
    const std::string& word = words[i];
    if (const auto eq = word.find('='); eq != std::string::npos) {
        return std::pair(word.substr(0, eq), word.substr(eq + 1));
    }
    if (i + 1 >= words.size()) return usage_error(word + " needs a value");
    ++i;
    return std::pair(word, words[i]);
}

const Verb* find_verb(const std::vector<std::string>& words, std::size_t& i) {
    for (const auto& verb : verbs()) {
        const std::string name = verb.name;
        const auto space = name.find(' ');
        if (space == std::string::npos && words[i] == name) {
            i += 1;
            return &verb;
        }
        if (space != std::string::npos && i + 1 < words.size() && words[i] == name.substr(0, space) &&
            words[i + 1] == name.substr(space + 1)) {
            i += 2;
            return &verb;
        }
    }
    return nullptr;
}

Result<Done, Exit> take_verb_args(const Verb& verb, const std::vector<std::string>& words, std::size_t i,
                                  Invocation& invocation) {
    bool options_end = false;
    for (; i < words.size(); ++i) {
        if (!options_end && words[i] == "--") {
            options_end = true;
        } else if (options_end || !is_flag(words[i])) {
            if (invocation.args.size() == verb.positionals) {
                return usage_error(std::string("unexpected argument '") + words[i] + "' to " + verb.name);
            }
            invocation.args.push_back(words[i]);
        } else {
            const std::string name = flag_name(words[i]);
            const auto listed = std::count(verb.required.begin(), verb.required.end(), name) +
                                std::count(verb.optional.begin(), verb.optional.end(), name);
            if (listed == 0) return usage_error("unknown option " + name + " for " + verb.name);
            auto flag = take_flag(words, i);
            if (!flag) return flag.failure();
            if (!invocation.flags.emplace(name, flag->second).second)
                return usage_error(name + " given twice");
        }
    }
    for (const auto& name : verb.required) {
        if (!invocation.flag(name)) return usage_error(std::string(verb.name) + " needs " + name);
    }
    if (invocation.args.size() < verb.positionals) {
        return usage_error(std::string(verb.name) + " needs " + verb.synopsis);
    }
    return Done{};
}

Result<Parsed, Exit> parse(const std::vector<std::string>& words) {
    Parsed parsed;
    if (std::find_if(words.begin(), words.end(), is_help) != words.end()) return parsed;
    std::size_t i = 0;
    while (i < words.size() && is_flag(words[i])) {
        if (flag_name(words[i]) != "--config") return usage_error("unknown option " + flag_name(words[i]));
        auto flag = take_flag(words, i);
        if (!flag) return flag.failure();
        if (parsed.invocation.config_flag) return usage_error("--config given twice");
        parsed.invocation.config_flag = flag->second;
        ++i;
    }
    if (i == words.size()) return usage_error("no verb given (see pwreset --help)");
    parsed.verb = find_verb(words, i);
    if (!parsed.verb) return usage_error("unknown verb '" + words[i] + "' (see pwreset --help)");
    if (auto args = take_verb_args(*parsed.verb, words, i, parsed.invocation); !args) return args.failure();
    return parsed;
}

// Exactly one line: control characters from arguments or details cannot break it.
int report(const Failure<Exit>& failure) {
    std::string line = failure.detail;
    std::replace_if(
        line.begin(), line.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }, '?');
    std::cerr << "pwreset: " << line << std::endl;
    return static_cast<int>(failure.error);
}

}  // namespace

std::optional<std::string> Invocation::flag(const std::string& name) const {
    const auto found = flags.find(name);
    if (found == flags.end()) return std::nullopt;
    return found->second;
}

Failure<Exit> usage_error(std::string message) { return fail(Exit::usage, std::move(message)); }

}  // namespace pwreset

int main(int argc, char** argv) {
    using namespace pwreset;
    auto parsed = parse(std::vector<std::string>(argv + 1, argv + argc));
    if (!parsed) return report(parsed.failure());
    if (!parsed->verb) {
        print_usage();
        return 0;
    }
    const Outcome outcome = parsed->verb->run(parsed->invocation);
    if (!std::cout.flush()) return report(fail(Exit::failed, "cannot write to standard output"));
    return outcome ? 0 : report(outcome.failure());
}
