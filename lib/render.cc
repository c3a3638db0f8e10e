// Fills ctemplate dictionaries from PageView; every template escapes as HTML by default.
#include "render.h"

#include <ctemplate/template.h>

namespace pwreset {
namespace {

using ctemplate::StaticTemplateString;

// Names with their hashes computed once at start-up: a name given as a plain string is
// hashed and registered in ctemplate's global name table on every use, which was a large
// part of building a page's dictionary. (STS_INIT supplies the closing semicolon.)
const StaticTemplateString kLayout = STS_INIT(kLayout, "layout.tpl")
const StaticTemplateString kTitle = STS_INIT(kTitle, "TITLE")
const StaticTemplateString kCsrfToken = STS_INIT(kCsrfToken, "CSRF_TOKEN")
const StaticTemplateString kFlash = STS_INIT(kFlash, "FLASH")
const StaticTemplateString kCategory = STS_INIT(kCategory, "CATEGORY")
const StaticTemplateString kMessage = STS_INIT(kMessage, "MESSAGE")
const StaticTemplateString kLoggedIn = STS_INIT(kLoggedIn, "LOGGED_IN")
const StaticTemplateString kUsername = STS_INIT(kUsername, "USERNAME")
const StaticTemplateString kAnonymous = STS_INIT(kAnonymous, "ANONYMOUS")
const StaticTemplateString kBody = STS_INIT(kBody, "BODY")
const StaticTemplateString kField = STS_INIT(kField, "FIELD")
const StaticTemplateString kCheckbox = STS_INIT(kCheckbox, "CHECKBOX")
const StaticTemplateString kInput = STS_INIT(kInput, "INPUT")
const StaticTemplateString kName = STS_INIT(kName, "NAME")
const StaticTemplateString kLabel = STS_INIT(kLabel, "LABEL")
const StaticTemplateString kType = STS_INIT(kType, "TYPE")
const StaticTemplateString kAutocomplete = STS_INIT(kAutocomplete, "AUTOCOMPLETE")
const StaticTemplateString kAutofocus = STS_INIT(kAutofocus, "AUTOFOCUS")
const StaticTemplateString kChecked = STS_INIT(kChecked, "CHECKED")
const StaticTemplateString kValue = STS_INIT(kValue, "VALUE")
const StaticTemplateString kInvalid = STS_INIT(kInvalid, "INVALID")
const StaticTemplateString kError = STS_INIT(kError, "ERROR")
const StaticTemplateString kIsInvalid = STS_INIT(kIsInvalid, "IS_INVALID")

constexpr const char* kErrorPage = "error.tpl";

// Strip nothing: the pages are small, and leaving the markup as written keeps it readable.
constexpr ctemplate::Strip kStrip = ctemplate::DO_NOT_STRIP;

void add_flashes(ctemplate::TemplateDictionary& dict, const std::vector<FlashMessage>& flashes) {
    for (const auto& message : flashes) {
        auto* section = dict.AddSectionDictionary(kFlash);
        section->SetValue(kCategory, message.category);
        section->SetValue(kMessage, message.text);
    }
}

void add_field(ctemplate::TemplateDictionary& form, const FieldSpec& field, const FormState* state,
               bool first) {
    auto* dict = form.AddSectionDictionary(kField);
    const bool checkbox = std::string_view(field.input_type) == "checkbox";
    auto* kind = dict->AddSectionDictionary(checkbox ? kCheckbox : kInput);
    kind->SetValue(kName, field.name);
    kind->SetValue(kLabel, field.label);
    kind->SetValue(kType, field.input_type);
    kind->SetValue(kAutocomplete, field.autocomplete);
    if (first) kind->ShowSection(kAutofocus);
    if (!state) return;
    // A password is never sent back to the browser, as WTForms' PasswordField does.
    const bool keep_value = std::string_view(field.input_type) != "password";
    const std::string& value = state->value(field.name);
    if (checkbox && !value.empty()) kind->ShowSection(kChecked);
    if (keep_value && !checkbox) kind->SetValue(kValue, value);
    const auto errors = state->errors.find(field.name);
    if (errors == state->errors.end()) return;
    auto* invalid = kind->AddSectionDictionary(kInvalid);
    for (const auto& message : errors->second) {
        invalid->AddSectionDictionary(kError)->SetValue(kMessage, message);
    }
    kind->ShowSection(kIsInvalid);
}

}  // namespace

Result<std::unique_ptr<Renderer>, std::string> Renderer::load(const std::string& dir,
                                                              const std::vector<std::string>& names) {
    auto* cache = ctemplate::mutable_default_template_cache();
    cache->SetTemplateRootDirectory(dir);
    const ctemplate::TemplateString layout(kLayout);
    std::vector<std::string> all = {std::string(layout.begin(), layout.size()), kErrorPage};
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
    dict.SetValue(kTitle, view.title);
    dict.SetValue(kCsrfToken, view.csrf_token);
    add_flashes(dict, view.flashes);
    if (view.username) {
        dict.AddSectionDictionary(kLoggedIn)->SetValue(kUsername, *view.username);
    } else {
        dict.ShowSection(kAnonymous);
    }
    auto* body = dict.AddIncludeDictionary(kBody);
    body->SetFilename(view.template_name);
    // An included template does not see its parent's values: hand over what forms use.
    body->SetValue(kCsrfToken, view.csrf_token);
    body->SetValue(kTitle, view.title);
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
