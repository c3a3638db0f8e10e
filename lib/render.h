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
#include "template_texts.h"

namespace ctemplate {
class TemplateCache;
}

namespace pwreset {

struct ShownText;

// Everything a template may show; the renderer fills it into a TemplateDictionary, and the
// templates escape all of it.
struct PageView {
    std::string template_name;  // e.g. "form.tpl", included into layout.tpl as its BODY
    std::string title;          // the <title> after the site name and " - "
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
    std::string site_name = "Flask Blog";  // the navbar brand and the start of each title
};

class Renderer {
public:
    // Loads and parses layout.tpl, error.tpl and the given templates from dir once, into a
    // template cache of this renderer's own, so a reload can load a second renderer beside
    // the first; fails naming the first template that is missing or does not parse.
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
    // Each template's {{T_NAME}} texts, by template name.
    using TextsShown = std::map<std::string, std::vector<ShownText>>;

    Renderer(std::unique_ptr<const ctemplate::TemplateCache> cache, SiteLinks links, TextsShown texts);
    const std::vector<ShownText>& texts_shown_in(const std::string& template_name) const;

    std::unique_ptr<const ctemplate::TemplateCache> cache_;  // frozen: no file is read after load
    SiteLinks links_;
    TextsShown texts_;
};

}  // namespace pwreset
