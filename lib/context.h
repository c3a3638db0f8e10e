// A program's resources: what it loads once (config, secrets, templates) and what each
// process opens for itself (the database).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config.h"
#include "database.h"
#include "flask_session.h"
#include "pg_connection.h"
#include "render.h"
#include "result.h"
#include "spent_tokens.h"
#include "throttle.h"
#include "token.h"
#include "users.h"

namespace pwreset {

// Made once and shared by every request of a process. The database parts are opened in
// each worker after the fork, never carried across it.
struct Context {
    Config config;
    Keyring keys;
    std::unique_ptr<Database> db;      // with a SQLite database
    std::unique_ptr<PgConnection> pg;  // with a postgresql:// URI
    std::unique_ptr<UserStore> users;
    std::unique_ptr<Renderer> renderer;
    std::unique_ptr<SpentTokens> spent_tokens;
    std::unique_ptr<Throttle> throttle;
    std::optional<FlaskSessionKey> flask;  // with flask_secret_key_file: the Flask site's key
    std::int64_t now() const;
};

// Reads the config, its secrets and the templates (layout and error pages plus `templates`);
// the database stays closed. A failure is one line naming the file.
Result<std::unique_ptr<Context>, std::string> load_shared(const std::string& config_path,
                                                          const std::vector<std::string>& templates);

// Opens the database and prepares its statements into context.
Result<Done, std::string> open_storage(Context& context);

// Both, for a process that serves on its own (plain CGI, or a worker loading on its first request).
Result<std::unique_ptr<Context>, std::string> start_up(const std::string& config_path,
                                                       const std::vector<std::string>& templates);

}  // namespace pwreset
