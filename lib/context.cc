// Loading a program's shared resources and opening its own database handles.
#include "context.h"

#include "clock.h"
#include "storage.h"
#include "translate.h"

namespace pwreset {

std::int64_t Context::now() const { return unix_now(); }

Result<std::unique_ptr<Context>, std::string> load_shared(const std::string& config_path,
                                                          const std::vector<std::string>& templates) {
    auto context = std::make_unique<Context>();
    auto config = load_config(config_path);
    if (!config) return fail(std::string(), config.detail());
    context->config = std::move(*config);
    if (auto missing = require_keys(context->config, {"database", "base_url"}); !missing) {
        return fail(std::string(), missing.detail());
    }
    auto keys = load_keyring(context->config);
    if (!keys) return fail(std::string(), keys.detail());
    context->keys = std::move(*keys);
    auto flask_secret = load_flask_secret(context->config);
    if (!flask_secret) return fail(std::string(), flask_secret.detail());
    if (!flask_secret->empty()) {
        context->flask = FlaskSessionKey{std::move(*flask_secret), context->config.flask_session_lifetime};
    }
    if (auto translations = load_translations(context->config.locale_dir, context->config.languages);
        !translations) {
        return fail(std::string(), translations.detail());
    }
    auto renderer = Renderer::load(
        context->config.templates_dir, templates,
        SiteLinks{context->config.site_pages, context->config.login_url, context->config.site_name});
    if (!renderer) return fail(std::string(), renderer.detail());
    context->renderer = std::move(*renderer);
    return context;
}

// What each process opens for itself: the database connection and its stores.
Result<Done, std::string> open_storage(Context& context) {
    auto storage = connect_storage(context.config.database);
    if (!storage) {
        const bool missing = storage.error() == StorageError::no_schema;
        return fail(std::string(), context.config.database + ": " + storage.detail() +
                                       (missing ? " (run `pwreset db init`)" : ""));
    }
    context.db = std::move(storage->sqlite);
    context.pg = std::move(storage->pg);
    context.users = std::move(storage->users);
    context.spent_tokens = std::move(storage->spent_tokens);
    context.throttle = std::move(storage->throttle);
    return Done{};
}

Result<std::unique_ptr<Context>, std::string> start_up(const std::string& config_path,
                                                       const std::vector<std::string>& templates) {
    auto context = load_shared(config_path, templates);
    if (!context) return context;
    if (auto opened = open_storage(**context); !opened) return fail(std::string(), opened.detail());
    return context;
}

}  // namespace pwreset
