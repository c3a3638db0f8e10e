// Fills ctemplate dictionaries from PageView; every template escapes as HTML by default.
#include "render.h"

#include <ctemplate/template.h>

namespace pwreset {
namespace {

constexpr const char* kLayout = "layout.tpl";
constexpr const char* kErrorPage = "error.tpl";

// Strip nothing: the pages are small, and leaving the markup as written keeps it readable.
constexpr ctemplate::Strip kStrip = ctemplate::DO_NOT_STRIP;

void add_flashes(ctemplate::TemplateDictionary& dict, const std::vector<FlashMessage>& flashes) {
    for (const auto& message : flashes) {
        auto* section = dict.AddSectionDictionary("FLASH");
        section->SetValue("CATEGORY", message.category);
        section->SetValue("MESSAGE", message.text);
    }
}

void add_field(ctemplate::TemplateDictionary& form, const FieldSpec& field, const FormState* state,
               bool first) {
    auto* dict = form.AddSectionDictionary("FIELD");
    const bool checkbox = std::string_view(field.input_type) == "checkbox";
    auto* kind = dict->AddSectionDictionary(checkbox ? "CHECKBOX" : "INPUT");
    kind->SetValue("NAME", field.name);
    kind->SetValue("LABEL", field.label);
    kind->SetValue("TYPE", field.input_type);
    kind->SetValue("AUTOCOMPLETE", field.autocomplete);
    if (first) kind->ShowSection("AUTOFOCUS");
    if (!state) return;
    // A password is never sent back to the browser, as WTForms' PasswordField does.
    const bool keep_value = std::string_view(field.input_type) != "password";
    const std::string& value = state->value(field.name);
    if (checkbox && !value.empty()) kind->ShowSection("CHECKED");
    if (keep_value && !checkbox) kind->SetValue("VALUE", value);
    const auto errors = state->errors.find(field.name);
    if (errors == state->errors.end()) return;
    auto* invalid = kind->AddSectionDictionary("INVALID");
    for (const auto& message : errors->second) {
        invalid->AddSectionDictionary("ERROR")->SetValue("MESSAGE", message);
    }
    kind->ShowSection("IS_INVALID");
}

}  // namespace

Result<std::unique_ptr<Renderer>, std::string> Renderer::load(const std::string& dir,
                                                              const std::vector<std::string>& names) {
    auto* cache = ctemplate::mutable_default_template_cache();
    cache->SetTemplateRootDirectory(dir);
    std::vector<std::string> all = {kLayout, kErrorPage};
    all.insert(all.end(), names.begin(), names.end());
    for (const auto& name : all) {
        if (!cache->LoadTemplate(name, kStrip)) {
            return fail(std::string(), dir + "/" + name + ": template missing or does not parse");
        }
    }
    // Templates are read once; a later edit needs a restart, never a per-request stat().
    cache->Freeze();
    return std::unique_ptr<Renderer>(new Renderer(dir));
}

std::string Renderer::render(const PageView& view) const {
    ctemplate::TemplateDictionary dict("page");
    dict.SetValue("TITLE", view.title);
    dict.SetValue("CSRF_TOKEN", view.csrf_token);
    add_flashes(dict, view.flashes);
    if (view.username) {
        dict.AddSectionDictionary("LOGGED_IN")->SetValue("USERNAME", *view.username);
    } else {
        dict.ShowSection("ANONYMOUS");
    }
    auto* body = dict.AddIncludeDictionary("BODY");
    body->SetFilename(view.template_name);
    // An included template does not see its parent's values: hand over what forms use.
    body->SetValue("CSRF_TOKEN", view.csrf_token);
    body->SetValue("TITLE", view.title);
    if (view.form) {
        bool first = true;
        for (const auto& field : view.form->fields) {
            add_field(*body, field, view.form_state, first);
            first = false;
        }
    }
    for (const auto& [name, value] : view.values) body->SetValue(name, value);
    for (const auto& section : view.sections) body->ShowSection(section);
    std::string out;
    out.reserve(4096);
    ctemplate::ExpandTemplate(kLayout, kStrip, &dict, &out);
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
    ctemplate::ExpandTemplate(template_name, kStrip, &dict, &out);
    return out;
}

}  // namespace pwreset
