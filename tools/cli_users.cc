// Admin verbs on the site database: db init, user add/passwd/list, reset-link.
#include <iostream>

#include "cli.h"
#include "clock.h"
#include "password.h"
#include "reset_token.h"
#include "storage.h"

namespace pwreset {
namespace {

// The config plus the open database and its stores.
struct Site {
    Config config;
    Storage storage;
};

Result<Site, Exit> open_site(const Invocation& invocation, std::initializer_list<const char*> keys) {
    auto config = load_for(invocation, keys);
    if (!config) return config.failure();
    auto storage = connect_storage(config->database);
    if (!storage && storage.error() == StorageError::cannot_open) {
        return fail(Exit::failed, "cannot open the database: " + storage.detail());
    }
    if (!storage)
        return fail(Exit::failed, "cannot read the user table (run pwreset db init?): " + storage.detail());
    return Site{std::move(*config), std::move(*storage)};
}

Failure<Exit> user_failure(const Failure<UserError>& failure, const std::string& email,
                           const std::string& username) {
    switch (failure.error) {
        case UserError::duplicate_email:
            return fail(Exit::failed, "a user with email " + email + " already exists");
        case UserError::duplicate_username:
            return fail(Exit::failed, "a user named " + username + " already exists");
        case UserError::not_found: return fail(Exit::failed, "no user with email " + email);
        case UserError::storage: break;
    }
    return fail(Exit::failed, "database error: " + failure.detail);
}

Result<std::string, Exit> hash_for(const Config& config, const std::string& password) {
    auto hash = hash_password(password, config.bcrypt_cost);
    if (!hash) return fail(Exit::failed, "cannot hash the password: " + hash.detail());
    return std::move(hash).value();
}

Result<User, Exit> find_user(UserStore& users, const std::string& email) {
    auto user = users.find_by_email(email);
    if (!user) return user_failure(user.failure(), email, "");
    if (!*user) return fail(Exit::failed, "no user with email " + email);
    return std::move(**user);
}

}  // namespace

Outcome db_init(const Invocation& invocation) {
    auto config = load_for(invocation, {"database"});
    if (!config) return config.failure();
    if (auto made = init_storage(config->database); !made) {
        if (made.error() == StorageError::cannot_open)
            return fail(Exit::failed, "cannot open the database: " + made.detail());
        return fail(Exit::failed, "cannot create the tables: " + made.detail());
    }
    std::cout << "database ready: " << config->database << "\n";
    return Done{};
}

Outcome user_add(const Invocation& invocation) {
    const std::string email = *invocation.flag("--email");
    const std::string username = *invocation.flag("--username");
    if (auto ok = check_email(email); !ok) return ok.failure();
    if (auto ok = check_username(username); !ok) return ok.failure();
    auto site = open_site(invocation, {"database"});
    if (!site) return site.failure();
    auto password = read_password();
    if (!password) return password.failure();
    auto hash = hash_for(site->config, *password);
    if (!hash) return hash.failure();
    auto id = site->storage.users->add(username, email, *hash);
    if (!id) return user_failure(id.failure(), email, username);
    std::cout << *id << "\n";
    return Done{};
}

Outcome user_passwd(const Invocation& invocation) {
    const std::string email = *invocation.flag("--email");
    auto site = open_site(invocation, {"database"});
    if (!site) return site.failure();
    auto user = find_user(*site->storage.users, email);
    if (!user) return user.failure();
    auto password = read_password();
    if (!password) return password.failure();
    auto hash = hash_for(site->config, *password);
    if (!hash) return hash.failure();
    if (auto set = site->storage.users->set_password(user->id, *hash, unix_now()); !set) {
        return user_failure(set.failure(), email, user->username);
    }
    std::cout << "password changed for user " << user->id << "\n";
    return Done{};
}

Outcome user_list(const Invocation& invocation) {
    auto site = open_site(invocation, {"database"});
    if (!site) return site.failure();
    auto users = site->storage.users->list();
    if (!users) return user_failure(users.failure(), "", "");
    for (const auto& user : *users)
        std::cout << user.id << '\t' << user.username << '\t' << user.email << '\n';
    return Done{};
}

Outcome reset_link(const Invocation& invocation) {
    const std::string email = *invocation.flag("--email");
    auto site = open_site(invocation, {"database", "base_url", "secret_key_file"});
    if (!site) return site.failure();
    auto keys = load_keys(site->config);
    if (!keys) return keys.failure();
    auto user = find_user(*site->storage.users, email);
    if (!user) return user.failure();
    const std::string token =
        mint_reset_token(*keys, user->id, user->password_hash, unix_now(), site->config.token_max_age);
    std::cout << site->config.base_url << "/reset_password/" << token << "\n";
    return Done{};
}

}  // namespace pwreset
