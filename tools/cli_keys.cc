// The `config keys` verb: every config key with its default, its values and what it does.
#include <iostream>
#include <string>

#include "cli.h"

namespace pwreset {

// Laid out as `pwreset --help` lists the verbs (the entry at two spaces, its lines at six),
// so one converter makes either listing into a man page.
Outcome config_keys(const Invocation&) {
    const Config defaults = default_config();
    for (const auto& key : config_key_table()) {
        const std::string value = key.syntax.show(defaults);
        std::cout << "  " << key.name << "\n      " << key.help
                  << "\n      default: " << (value.empty() ? "none" : value)
                  << "\n      values: " << key.syntax.values << "\n";
    }
    return Done{};
}

}  // namespace pwreset
