// Pages from PageView: a TemplateDictionary filled per request and expanded through the
// layout from a frozen template cache (every template escapes as HTML by default).
#include "render.h"

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>
#include <ctemplate/template_modifiers.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string_view>

// The names layout.tpl and form.tpl use, made from the templates by make_tpl_varnames_h:
// a section or value renamed in a template fails the build here instead of vanishing.
#include "form.tpl.varnames.h"
#include "layout.tpl.varnames.h"
#include "template_texts.h"
#include "translate.h"

namespace pwreset {

// A {{T_NAME}} text a template shows, its name hashed and registered with ctemplate once at
// load (as STS_INIT does for a fixed name): setting a value by a plain string name hashes it
// and takes ctemplate's global name lock on every request.
struct ShownText {
    ctemplate::StaticTemplateString name;
    const TemplateText* text;
};

namespace {

using ctemplate::TemplateDictionary;

const ctemplate::StaticTemplateString kLayout = STS_INIT(kLayout, "layout.tpl");
const std::string kLayoutName = "layout.tpl";
// Read by every page body that holds a form (form.tpl, logout.tpl).
const ctemplate::StaticTemplateString kCsrfToken = STS_INIT(kCsrfToken, "CSRF_TOKEN");

constexpr const char* kErrorPage = "error.tpl";

// Strip nothing: the pages are small, and leaving the markup as written keeps it readable.
constexpr ctemplate::Strip kStrip = ctemplate::DO_NOT_STRIP;

// {{VALUE:x-into=T_NAME}}: the value in its place in the T_NAME sentence, translated. The
// template escapes the whole sentence afterwards, as it would the bare value.
class IntoSentence : public ctemplate::TemplateModifier {
public:
    void Modify(const char* in, std::size_t inlen, const ctemplate::PerExpandData*,
                ctemplate::ExpandEmitter* out, const std::string& arg) const override {
        const std::string value(in, inlen);
        const TemplateText* text = find_template_text(std::string_view(arg).substr(1));
        out->Emit(text && text->around_value ? format_text(tr(text->msgid), value.c_str()) : value);
    }
};

void add_into_modifier() {
    static const IntoSentence into;
    static const bool added = ctemplate::AddModifier("x-into=", &into);
    (void)added;
}

ShownText shown_text(const TemplateText& text) {
    ShownText shown{{{text.name, std::strlen(text.name), ctemplate::kIllegalTemplateId}}, &text};
    const ctemplate::StaticTemplateStringInitializer registered(&shown.name);
    return shown;
}

// The {{T_NAME}} texts a template file shows, found once at load: a page then fills only
// the few texts its templates show, not the whole table (each value set costs a hash insert).
std::vector<ShownText> texts_shown(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::vector<ShownText> shown;
    for (auto at = text.find("{{T_"); at != std::string::npos; at = text.find("{{T_", at + 2)) {
        const auto end = text.find_first_of("}:", at + 2);
        if (end == std::string::npos) break;
        const TemplateText* entry = find_template_text(std::string_view(text).substr(at + 2, end - at - 2));
        const auto seen = [entry](const ShownText& kept) { return kept.text == entry; };
        if (entry && !entry->around_value && std::none_of(shown.begin(), shown.end(), seen)) {
            shown.push_back(shown_text(*entry));
        }
    }
    return shown;
}

// The given fixed texts in the current language, seen by every template the dictionary includes.
void fill_texts(const std::vector<ShownText>& texts, TemplateDictionary* dict) {
    for (const ShownText& text : texts) dict->SetTemplateGlobalValue(text.name, tr(text.text->msgid));
}

// What the field states before any submit: its help text and the attributes a password
// generator reads.
void fill_rules(const FieldSpec& field, TemplateDictionary* dict) {
    if (!field.help.empty()) dict->SetValueAndShowSection(kf_TEXT, field.help, kf_HELP);
    if (field.minlength > 0 || !field.passwordrules.empty()) {
        dict->ShowSection(kf_RULES);
        dict->SetIntValue(kf_MINLENGTH, field.minlength);
        dict->SetValue(kf_PASSWORDRULES, field.passwordrules);
    }
}

// The submitted value and the field's error lines; true when there are errors.
bool fill_state(const FieldSpec& field, const FormState& state, bool checkbox, TemplateDictionary* dict) {
    const std::string& value = state.value(field.name);
    if (checkbox) {
        if (!value.empty()) dict->ShowSection(kf_CHECKED);
    } else if (std::string_view(field.input_type) != "password") {
        // A password is never sent back to the browser, as WTForms' PasswordField does.
        dict->SetValue(kf_VALUE, value);
    }
    const auto errors = state.errors.find(field.name);
    if (errors == state.errors.end()) return false;
    dict->ShowSection(kf_IS_INVALID);
    TemplateDictionary* invalid = dict->AddSectionDictionary(kf_INVALID);
    for (const auto& message : errors->second) {
        invalid->AddSectionDictionary(kf_ERROR)->SetValue(kf_MESSAGE, message);
    }
    return true;
}

// One {{#FIELD}} of form.tpl: the field's own texts and rules, its INPUT or CHECKBOX section,
// and what the visitor submitted with its errors; aria-describedby names the help and errors.
void fill_field(const FieldSpec& field, const FormState* state, bool first, TemplateDictionary* dict) {
    const bool checkbox = std::string_view(field.input_type) == "checkbox";
    dict->SetValue(kf_NAME, field.name);
    dict->SetValue(kf_LABEL, tr(field.label));
    dict->SetValue(kf_TYPE, field.input_type);
    dict->SetValue(kf_AUTOCOMPLETE, field.autocomplete);
    dict->ShowSection(checkbox ? kf_CHECKBOX : kf_INPUT);
    if (first) dict->ShowSection(kf_AUTOFOCUS);
    fill_rules(field, dict);
    const bool invalid = state != nullptr && fill_state(field, *state, checkbox, dict);
    std::string described_by = field.help.empty() ? "" : std::string(field.name) + "-help";
    if (invalid) described_by += (described_by.empty() ? "" : " ") + std::string(field.name) + "-errors";
    if (!described_by.empty()) dict->SetValueAndShowSection(kf_DESCRIBED_BY, described_by, kf_DESCRIBED);
}

// The page's own template, included as the layout's BODY. Like any included template it sees
// none of the layout's values, only the title and token the layout shares with it.
void fill_body(const PageView& view, TemplateDictionary* body) {
    body->SetFilename(view.template_name);
    for (const auto& [name, value] : view.values) body->SetValue(name, value);
    for (const auto& section : view.sections) body->ShowSection(section);
    if (view.form == nullptr) return;
    bool first = true;
    for (const auto& field : view.form->fields) {
        fill_field(field, view.form_state, first, body->AddSectionDictionary(kf_FIELD));
        first = false;
    }
}

void fill_layout(const PageView& view, const SiteLinks& links, TemplateDictionary* page) {
    page->SetTemplateGlobalValue(kl_TITLE, view.title);
    page->SetTemplateGlobalValue(kCsrfToken, view.csrf_token);
    page->SetValue(kl_STATIC, links.own_pages ? "/static" : "/pwreset-static");
    page->SetValue(kl_LOGIN_URL, links.login_url);
    page->SetValue(kl_SITE_NAME, links.site_name);
    page->ShowSection(links.own_pages ? kl_OWN_PAGES : kl_SITE_LOGIN);
    page->ShowSection(view.username ? kl_LOGGED_IN : kl_ANONYMOUS);
    for (const auto& message : view.flashes) {
        TemplateDictionary* flash = page->AddSectionDictionary(kl_FLASH);
        flash->SetValue(kl_CATEGORY, message.category);
        flash->SetValue(kl_MESSAGE, message.text);
    }
    fill_body(view, page->AddIncludeDictionary(kl_BODY));
}

}  // namespace

Renderer::Renderer(std::unique_ptr<const ctemplate::TemplateCache> cache, SiteLinks links, TextsShown texts)
    : cache_(std::move(cache)), links_(std::move(links)), texts_(std::move(texts)) {}

const std::vector<ShownText>& Renderer::texts_shown_in(const std::string& template_name) const {
    static const std::vector<ShownText> none;
    const auto found = texts_.find(template_name);
    return found == texts_.end() ? none : found->second;
}

Renderer::~Renderer() = default;

Result<std::unique_ptr<Renderer>, std::string> Renderer::load(const std::string& dir,
                                                              const std::vector<std::string>& names,
                                                              SiteLinks links) {
    add_into_modifier();
    auto cache = std::make_unique<ctemplate::TemplateCache>();
    cache->SetTemplateRootDirectory(dir);
    std::vector<std::string> all = {kLayoutName, kErrorPage};
    all.insert(all.end(), names.begin(), names.end());
    for (const auto& name : all) {
        if (!cache->LoadTemplate(name, kStrip)) {
            return fail(std::string(), dir + "/" + name + ": template missing or does not parse");
        }
    }
    TextsShown texts;
    for (const auto& name : all) texts[name] = texts_shown(dir + "/" + name);
    // Templates are read once; a later edit needs a new renderer, never a per-request stat().
    cache->Freeze();
    return std::unique_ptr<Renderer>(new Renderer(std::move(cache), std::move(links), std::move(texts)));
}

std::string Renderer::render(const PageView& view) const {
    TemplateDictionary page("page");
    page.SetTemplateGlobalValue(kl_LANG, current_language());
    fill_texts(texts_shown_in(kLayoutName), &page);
    fill_texts(texts_shown_in(view.template_name), &page);
    fill_layout(view, links_, &page);
    std::string out;
    out.reserve(4096);
    cache_->ExpandNoLoad(kLayout, kStrip, &page, nullptr, &out);
    return out;
}

std::string Renderer::render_error(int status, const std::string& message) const {
    PageView view;
    view.template_name = kErrorPage;
    view.title = format_text(tr("Error %d"), status);
    view.values = {{"STATUS", std::to_string(status)}, {"MESSAGE", message}};
    return render(view);
}

std::string Renderer::render_plain(const std::string& template_name,
                                   const std::map<std::string, std::string>& values) const {
    TemplateDictionary dict("plain");
    dict.SetTemplateGlobalValue(kl_LANG, current_language());
    fill_texts(texts_shown_in(template_name), &dict);
    for (const auto& [name, value] : values) dict.SetValue(name, value);
    std::string out;
    cache_->ExpandNoLoad(template_name, kStrip, &dict, nullptr, &out);
    return out;
}

}  // namespace pwreset
