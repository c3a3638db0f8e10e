// A PageView expanded through layout.tpl with its values read in place, not copied into a
// ctemplate::TemplateDictionary first.
#pragma once

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>

#include <string>

#include "render.h"

namespace pwreset {

// Expands layout (with view.template_name as its BODY) from the frozen cache into out,
// exactly as a TemplateDictionary filled from the view and links would. False when a
// template cannot be expanded.
bool expand_page(const ctemplate::TemplateCache& cache, const ctemplate::TemplateString& layout,
                 ctemplate::Strip strip, const PageView& view, const SiteLinks& links, std::string* out);

}  // namespace pwreset
