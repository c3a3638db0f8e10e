// Accept-Language (RFC 9110 section 12.5.4) matched against the languages a site offers.
#include "language.h"

#include <algorithm>
#include <optional>

#include "text.h"

namespace pwreset {
namespace {

// Headers longer than this are cut: no browser sends so many tags.
constexpr std::size_t kMaxHeaderBytes = 1024;

struct Range {
    std::string primary;  // "fr" for "fr-CH", "*" for any
    bool whole_tag;       // no subtags: "fr" rather than "fr-CH"
    int weight;           // q in thousandths
};

// "1", "0.8", "0.125": thousandths, or nullopt for anything else.
std::optional<int> parse_weight(std::string_view text) {
    if (text.empty() || (text[0] != '0' && text[0] != '1')) return std::nullopt;
    int weight = (text[0] - '0') * 1000;
    if (text.size() == 1) return weight;
    if (text[1] != '.' || text.size() > 5) return std::nullopt;
    int scale = 100;
    for (char digit : text.substr(2)) {
        if (digit < '0' || digit > '9') return std::nullopt;
        weight += (digit - '0') * scale;
        scale /= 10;
    }
    return weight <= 1000 ? std::optional<int>(weight) : std::nullopt;
}

// One comma-separated element: "fr-CH", "fr;q=0.9", "*;q=0.1"; nullopt when malformed.
std::optional<Range> parse_range(std::string_view element) {
    const auto semicolon = element.find(';');
    const std::string tag = lower_ascii(trim(element.substr(0, semicolon)));
    if (tag.empty()) return std::nullopt;
    const auto dash = tag.find('-');
    Range range{tag.substr(0, dash), dash == std::string::npos, 1000};
    if (range.primary.empty()) return std::nullopt;
    for (char c : tag) {
        if (!is_ascii_alnum(c) && c != '-' && !(c == '*' && tag == "*")) return std::nullopt;
    }
    if (semicolon == std::string_view::npos) return range;
    const std::string_view parameter = trim(element.substr(semicolon + 1));
    if (parameter.size() < 2 || lower_ascii(parameter[0]) != 'q' || parameter[1] != '=') return std::nullopt;
    const auto weight = parse_weight(trim(parameter.substr(2)));
    if (!weight) return std::nullopt;
    range.weight = *weight;
    return range;
}

std::vector<Range> parse_header(std::string_view header) {
    header = header.substr(0, kMaxHeaderBytes);
    std::vector<Range> ranges;
    for (std::size_t start = 0; start <= header.size();) {
        const auto comma = std::min(header.find(',', start), header.size());
        if (auto range = parse_range(header.substr(start, comma - start)))
            ranges.push_back(std::move(*range));
        start = comma + 1;
    }
    return ranges;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

const std::vector<std::string>& shipped_languages() {
    static const std::vector<std::string> languages = {"en", "de", "fr", "es"};
    return languages;
}

std::string choose_language(std::string_view accept_language, const std::vector<std::string>& offered) {
    if (offered.empty()) return "en";
    const std::vector<Range> ranges = parse_header(accept_language);
    std::vector<std::string> named;    // every language the header names, refused or not
    std::vector<std::string> refused;  // "fr;q=0"
    for (const auto& range : ranges) {
        named.push_back(range.primary);
        if (range.weight == 0 && range.whole_tag) refused.push_back(range.primary);
    }
    // Nothing the header ranks: the site's first choice the visitor has not refused.
    const auto fallback = std::find_if(offered.begin(), offered.end(),
                                       [&](const std::string& o) { return !contains(refused, o); });
    std::string best = fallback == offered.end() ? offered.front() : *fallback;
    int best_weight = 0;
    for (const auto& range : ranges) {
        std::string language = range.primary;
        if (language == "*") {
            const auto unnamed = std::find_if(offered.begin(), offered.end(),
                                              [&](const std::string& o) { return !contains(named, o); });
            if (unnamed == offered.end()) continue;
            language = *unnamed;
        }
        if (!contains(offered, language) || contains(refused, language)) continue;
        if (range.weight > best_weight) {
            best = language;
            best_weight = range.weight;
        }
    }
    return best;
}

}  // namespace pwreset
