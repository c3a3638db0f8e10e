// Pages from PageView through the layout (every template escapes as HTML by default); each
// freshly shown form is expanded once and kept.
#include "render.h"

#include <ctemplate/template.h>

#include <algorithm>

#include "crypto.h"
#include "page_dictionary.h"

namespace pwreset {
namespace {

// Hashed once at start-up rather than on each use.
const ctemplate::StaticTemplateString kLayout = STS_INIT(kLayout, "layout.tpl")  // STS_INIT ends in ';'

constexpr const char* kErrorPage = "error.tpl";
constexpr std::size_t kMaxFreshPages = 32;

// Strip nothing: the pages are small, and leaving the markup as written keeps it readable.
constexpr ctemplate::Strip kStrip = ctemplate::DO_NOT_STRIP;

// A view whose page depends on nothing but fixed texts and its CSRF token. The token is
// lower-case hex, which HTML escaping leaves as it is.
bool is_fresh(const PageView& view) {
    return view.flashes.empty() && !view.username && view.form_state == nullptr &&
           !view.csrf_token.empty() &&
           std::all_of(view.csrf_token.begin(), view.csrf_token.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Everything expand() reads from a fresh view, each part prefixed with its length so that
// no two views share a key.
std::string fresh_key(const PageView& view) {
    std::string key;
    const auto add = [&key](std::string_view part) {
        key.append(std::to_string(part.size())).append(":").append(part);
    };
    add(view.template_name);
    add(view.title);
    add(std::to_string(view.values.size()));
    for (const auto& [name, value] : view.values) {
        add(name);
        add(value);
    }
    add(std::to_string(view.sections.size()));
    for (const auto& section : view.sections) add(section);
    if (view.form) {
        for (const auto& field : view.form->fields) {
            add(field.name);
            add(field.label);
            add(field.input_type);
            add(field.autocomplete);
        }
    }
    return key;
}

std::vector<std::string> split_around(const std::string& page, const std::string& token) {
    std::vector<std::string> parts;
    std::size_t from = 0;
    for (std::size_t at = page.find(token); at != std::string::npos; at = page.find(token, from)) {
        parts.push_back(page.substr(from, at - from));
        from = at + token.size();
    }
    parts.push_back(page.substr(from));
    return parts;
}

std::string joined(const std::vector<std::string>& parts, const std::string& token) {
    std::size_t size = token.size() * (parts.size() - 1);
    for (const auto& part : parts) size += part.size();
    std::string page;
    page.reserve(size);
    page.append(parts.front());
    for (std::size_t i = 1; i < parts.size(); ++i) page.append(token).append(parts[i]);
    return page;
}

}  // namespace

Renderer::Renderer(std::string dir, SiteLinks links, std::unique_ptr<ctemplate::TemplateCache> cache)
    : dir_(std::move(dir)),
      links_(std::move(links)),
      cache_(std::move(cache)),
      stand_in_token_(to_hex(random_bytes(32))) {}

Renderer::~Renderer() = default;

Result<std::unique_ptr<Renderer>, std::string> Renderer::load(const std::string& dir,
                                                              const std::vector<std::string>& names,
                                                              SiteLinks links) {
    auto cache = std::make_unique<ctemplate::TemplateCache>();
    cache->SetTemplateRootDirectory(dir);
    const ctemplate::TemplateString layout(kLayout);
    std::vector<std::string> all = {std::string(layout.begin(), layout.size()), kErrorPage};
    all.insert(all.end(), names.begin(), names.end());
    for (const auto& name : all) {
        if (!cache->LoadTemplate(name, kStrip)) {
            return fail(std::string(), dir + "/" + name + ": template missing or does not parse");
        }
    }
    // Templates are read once; a later edit needs a reload, never a per-request stat().
    cache->Freeze();
    return std::unique_ptr<Renderer>(new Renderer(dir, std::move(links), std::move(cache)));
}

std::string Renderer::render(const PageView& view) const {
    if (!is_fresh(view)) return expand(view);
    std::string key = fresh_key(view);
    auto found = fresh_pages_.find(key);
    if (found == fresh_pages_.end()) {
        if (fresh_pages_.size() >= kMaxFreshPages) return expand(view);
        PageView stand_in = view;
        stand_in.csrf_token = stand_in_token_;
        found = fresh_pages_.emplace(std::move(key), split_around(expand(stand_in), stand_in_token_)).first;
    }
    return joined(found->second, view.csrf_token);
}

std::string Renderer::expand(const PageView& view) const {
    std::string out;
    out.reserve(4096);
    expand_page(*cache_, kLayout, kStrip, view, links_, &out);
    return out;
}

std::string Renderer::render_error(int status, const std::string& message) const {
    PageView view;
    view.template_name = kErrorPage;
    view.title = "Error " + std::to_string(status);
    view.values = {{"STATUS", std::to_string(status)}, {"MESSAGE", message}};
    return render(view);
}

std::string Renderer::render_plain(const std::string& template_name,
                                   const std::map<std::string, std::string>& values) const {
    ctemplate::TemplateDictionary dict("plain");
    for (const auto& [name, value] : values) dict.SetValue(name, value);
    std::string out;
    cache_->ExpandNoLoad(template_name, kStrip, &dict, nullptr, &out);
    return out;
}

}  // namespace pwreset
