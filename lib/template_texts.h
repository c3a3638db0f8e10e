// The fixed texts of the templates, one table of msgids filled into every page and mail.
#pragma once

#include <string_view>
#include <vector>

namespace pwreset {

struct TemplateText {
    const char* name;   // T_ and upper case: the template's {{T_NAME}}, or {{VALUE:x-into=T_NAME}}
    const char* msgid;  // the English text, word for word the seed's
    // A sentence around one value, its place marked %s: the template writes
    // {{VALUE:x-into=T_NAME}}, so the translation may put the value anywhere in it.
    bool around_value = false;
};

// Every T_ text of templates/, for the renderer to fill in the current language.
const std::vector<TemplateText>& template_texts();

// The entry called name, or nullptr.
const TemplateText* find_template_text(std::string_view name);

}  // namespace pwreset
