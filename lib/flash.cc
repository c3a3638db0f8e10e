// Flash messages in a short-lived signed cookie, read and deleted by the next page.
#include "flash.h"

#include <optional>

#include "cookie_names.h"
#include "json.h"
#include "text.h"

namespace pwreset {
namespace {

// The typ claim keeps a flash cookie from passing for a session or a reset link.
constexpr const char* kFlashType = "flash";
constexpr std::int64_t kFlashSeconds = 600;
// Keeps the cookie well under browsers' 4 KB limit whatever a page flashes.
constexpr std::size_t kMaxMessages = 8;
constexpr std::size_t kMaxTextBytes = 500;

std::optional<FlashMessage> message_of(const Json& item) {
    if (item.kind() != Json::Kind::array || item.items().size() != 2) return std::nullopt;
    auto category = item.items()[0].as_string();
    auto text = item.items()[1].as_string();
    if (!category || !text) return std::nullopt;
    return FlashMessage{std::move(*category), std::move(*text)};
}

// The messages of a flash cookie value; empty unless it is a valid, unexpired flash token.
std::vector<FlashMessage> decode(const Keyring& keys, std::string_view value, std::int64_t now) {
    const auto verified = verify_token(keys, value, now);
    if (!verified) return {};
    const Json* type = verified->payload.find("typ");
    const Json* list = verified->payload.find("m");
    if (!type || type->as_string() != std::string(kFlashType) || !list || list->kind() != Json::Kind::array) {
        return {};
    }
    std::vector<FlashMessage> messages;
    for (const Json& item : list->items()) {
        auto message = message_of(item);
        if (!message) return {};
        if (messages.size() < kMaxMessages) messages.push_back(std::move(*message));
    }
    return messages;
}

// The value of the last flash cookie already set on response, if any: messages flashed
// earlier while handling this same request.
std::optional<std::string_view> pending_flash(const Response& response, bool cookie_secure) {
    const std::string prefix = cookie_name(OurCookie::flash, cookie_secure) + "=";
    std::optional<std::string_view> found;
    for (const std::string& header : response.cookies()) {
        if (header.compare(0, prefix.size(), prefix) != 0) continue;
        std::string_view value(header);
        value.remove_prefix(prefix.size());
        found = value.substr(0, value.find(';'));
    }
    return found;
}

std::string encode(const Keyring& keys, const std::vector<FlashMessage>& messages, std::int64_t now) {
    std::vector<Json> items;
    for (const auto& message : messages) {
        items.push_back(
            Json::make_array({Json::make_string(message.category), Json::make_string(message.text)}));
    }
    const Json payload = Json::make_object({
        {"typ", Json::make_string(kFlashType)},
        {"m", Json::make_array(std::move(items))},
    });
    return mint_token(keys.current, payload.dump(), now, kFlashSeconds);
}

}  // namespace

void flash(Response& response, const Keyring& keys, bool cookie_secure, const FlashMessage& message,
           std::int64_t now) {
    const auto pending = pending_flash(response, cookie_secure);
    std::vector<FlashMessage> messages = pending ? decode(keys, *pending, now) : std::vector<FlashMessage>{};
    if (messages.size() >= kMaxMessages) return;
    // Cut at a character boundary, so the JSON stays valid UTF-8 and the cookie verifies.
    messages.push_back(FlashMessage{message.category, std::string(utf8_prefix(message.text, kMaxTextBytes))});
    response.set_cookie(
        Cookie{cookie_name(OurCookie::flash, cookie_secure), encode(keys, messages, now), -1, cookie_secure});
}

std::vector<FlashMessage> take_flashes(const Request& request, Response& response, const Keyring& keys,
                                       bool cookie_secure, std::int64_t now) {
    const std::string& name = cookie_name(OurCookie::flash, cookie_secure);
    const std::string* cookie = request.cookie(name);
    if (!cookie) return {};
    response.set_cookie(Cookie{name, "", 0, cookie_secure});
    return decode(keys, *cookie, now);
}

}  // namespace pwreset
