// Pages from ctemplate files: a layout (navbar, flashes) around each page's own template.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "flash.h"
#include "forms.h"
#include "result.h"

namespace ctemplate {
class TemplateCache;
}

namespace pwreset {

// Everything a template may show; the renderer turns it into a dictionary, escaping all of it.
struct PageView {
    std::string template_name;  // e.g. "reset_request.tpl", included into layout.tpl
    std::string title;          // the <title> after "Flask Blog - "
    std::vector<FlashMessage> flashes;
    std::optional<std::string> username;  // logged-in visitor: navbar shows Logout
    std::string csrf_token;               // for forms (and the navbar's logout button)
    const FormSpec* form = nullptr;       // fields rendered in order, with their errors
    const FormState* form_state = nullptr;
    std::map<std::string, std::string> values;  // extra {{NAME}} values for the page template
    std::vector<std::string> sections;          // extra {{#SECTION}}s to show
};

// What the layout links to, the same on every page of a program.
struct SiteLinks {
    // site_pages: the navbar links our home, login, register and logout pages, and styles
    // come from /static. Otherwise the navbar links only the site's login_url, and styles
    // come from /pwreset-static, which no site of its own is likely to use.
    bool own_pages = true;
    std::string login_url = "/login";
};

class Renderer {
public:
    // Loads and parses layout.tpl, error.tpl and the given templates from dir into a cache
    // of this renderer's own, so a reload can load a second one beside it; fails naming the
    // first template that is missing or does not parse.
    static Result<std::unique_ptr<Renderer>, std::string> load(const std::string& dir,
                                                               const std::vector<std::string>& names,
                                                               SiteLinks links = {});
    ~Renderer();
    std::string render(const PageView& view) const;
    // A status page (400, 404, 405, 413, 503...) with a fixed, plain message.
    std::string render_error(int status, const std::string& message) const;
    // Any other template, on its own (the HTML mail body).
    std::string render_plain(const std::string& template_name,
                             const std::map<std::string, std::string>& values) const;

private:
    Renderer(std::string dir, SiteLinks links, std::unique_ptr<ctemplate::TemplateCache> cache);
    std::string expand(const PageView& view) const;

    std::string dir_;
    SiteLinks links_;
    std::unique_ptr<const ctemplate::TemplateCache> cache_;  // frozen
    std::string stand_in_token_;  // random; the token cached pages are rendered with
    // A form as first shown (no flashes, visitor or submitted values) differs from one
    // visitor to the next only in its CSRF token: each is expanded once and kept as the
    // text around the token.
    mutable std::map<std::string, std::vector<std::string>> fresh_pages_;
};

}  // namespace pwreset
