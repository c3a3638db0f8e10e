// The dictionary ctemplate reads while it expands a page, answered from the PageView itself:
// filling a TemplateDictionary (an arena, a hashed entry and a named sub-dictionary per
// value and section) cost as much as expanding the page.
#include "page_dictionary.h"

#include <deque>
#include <optional>
#include <string_view>

namespace pwreset {
namespace {

using ctemplate::TemplateString;

std::string_view text(const TemplateString& name) { return {name.begin(), name.size()}; }

// One dictionary level. Like a TemplateDictionary section, it answers the variables it
// does not hold from the level around it; sections are hidden unless shown here.
class Node : public ctemplate::TemplateDictionaryInterface {
public:
    explicit Node(const Node* parent) : parent_(parent) {}

    std::string_view lookup(std::string_view name) const {
        for (const Node* node = this; node != nullptr; node = node->parent_) {
            if (auto found = node->own_value(name)) return *found;
        }
        return {};
    }

protected:
    // The sub-dictionaries a shown section is expanded with, one after another.
    template <class T>
    class Each : public Iterator {
    public:
        std::deque<T> items;
        bool HasNext() const override { return next_ < items.size(); }
        const TemplateDictionaryInterface& Next() override { return items[next_++]; }

    private:
        std::size_t next_ = 0;
    };

    virtual std::optional<std::string_view> own_value(std::string_view) const { return std::nullopt; }
    virtual bool shows(std::string_view) const { return false; }
    // No sub-dictionaries: a shown section is expanded once with this one.
    virtual Iterator* children(std::string_view) const { return new Each<Node>(); }

private:
    TemplateString GetValue(const TemplateString& variable) const override {
        const std::string_view value = lookup(text(variable));
        return value.empty() ? TemplateString("", 0) : TemplateString(value.data(), value.size());
    }
    // ctemplate asks one or the other depending on how the template was parsed.
    bool IsHiddenSection(const TemplateString& name) const override { return !shows(text(name)); }
    bool IsUnhiddenSection(const TemplateString& name) const override { return shows(text(name)); }
    bool IsHiddenTemplate(const TemplateString&) const override { return include() == nullptr; }
    const char* GetIncludeTemplateName(const TemplateString&, int) const override { return include(); }
    Iterator* CreateTemplateIterator(const TemplateString&) const override { return include_children(); }
    Iterator* CreateSectionIterator(const TemplateString& name) const override {
        return children(text(name));
    }
    void DumpToString(std::string*, int) const override {}

    virtual const char* include() const { return nullptr; }
    virtual Iterator* include_children() const { return new Each<Node>(); }

    const Node* parent_;
};

// A sub-dictionary holding one named text: an error message, the visitor's name.
class ValueNode : public Node {
public:
    ValueNode(std::string_view name, const std::string& value, const Node* parent)
        : Node(parent), name_(name), value_(value) {}

private:
    std::optional<std::string_view> own_value(std::string_view name) const override {
        if (name == name_) return std::string_view(value_);
        return std::nullopt;
    }
    std::string_view name_;
    const std::string& value_;
};

class InvalidNode : public Node {
public:
    InvalidNode(const std::vector<std::string>& messages, const Node* parent)
        : Node(parent), messages_(messages) {}

private:
    bool shows(std::string_view name) const override { return name == "ERROR" && !messages_.empty(); }
    Iterator* children(std::string_view name) const override {
        auto* each = new Each<ValueNode>();
        if (name != "ERROR") return each;
        for (const auto& message : messages_) each->items.emplace_back("MESSAGE", message, this);
        return each;
    }
    const std::vector<std::string>& messages_;
};

// The INPUT or CHECKBOX section of one form field.
class KindNode : public Node {
public:
    KindNode(const FieldSpec& field, const FormState* state, bool first, const Node* parent)
        : Node(parent), field_(field), state_(state), first_(first),
          checkbox_(std::string_view(field.input_type) == "checkbox") {
        if (state_) errors_ = state_->errors.find(field.name);
    }

private:
    std::optional<std::string_view> own_value(std::string_view name) const override {
        if (name == "NAME") return std::string_view(field_.name);
        if (name == "LABEL") return std::string_view(field_.label);
        if (name == "TYPE") return std::string_view(field_.input_type);
        if (name == "AUTOCOMPLETE") return std::string_view(field_.autocomplete);
        // A password is never sent back to the browser, as WTForms' PasswordField does.
        if (name == "VALUE" && state_ && !checkbox_ && std::string_view(field_.input_type) != "password") {
            return std::string_view(state_->value(field_.name));
        }
        return std::nullopt;
    }
    bool invalid() const { return state_ && errors_ != state_->errors.end(); }
    bool shows(std::string_view name) const override {
        if (name == "AUTOFOCUS") return first_;
        if (name == "CHECKED") return checkbox_ && state_ && !state_->value(field_.name).empty();
        return (name == "IS_INVALID" || name == "INVALID") && invalid();
    }
    Iterator* children(std::string_view name) const override {
        auto* each = new Each<InvalidNode>();
        if (name == "INVALID" && invalid()) each->items.emplace_back(errors_->second, this);
        return each;
    }

    const FieldSpec& field_;
    const FormState* state_;
    bool first_;
    bool checkbox_;
    std::map<std::string, std::vector<std::string>>::const_iterator errors_;
};

class FieldNode : public Node {
public:
    FieldNode(const FieldSpec& field, const FormState* state, bool first, const Node* parent)
        : Node(parent), field_(field), state_(state), first_(first) {}

private:
    bool checkbox() const { return std::string_view(field_.input_type) == "checkbox"; }
    bool shows(std::string_view name) const override {
        return name == (checkbox() ? "CHECKBOX" : "INPUT");
    }
    Iterator* children(std::string_view name) const override {
        auto* each = new Each<KindNode>();
        if (shows(name)) each->items.emplace_back(field_, state_, first_, this);
        return each;
    }

    const FieldSpec& field_;
    const FormState* state_;
    bool first_;
};

// The page's own template, included as BODY: it sees none of the layout's values.
class BodyNode : public Node {
public:
    explicit BodyNode(const PageView& view) : Node(nullptr), view_(view) {}

private:
    std::optional<std::string_view> own_value(std::string_view name) const override {
        for (const auto& [key, value] : view_.values) {
            if (key == name) return std::string_view(value);
        }
        if (name == "CSRF_TOKEN") return std::string_view(view_.csrf_token);
        if (name == "TITLE") return std::string_view(view_.title);
        return std::nullopt;
    }
    bool shows(std::string_view name) const override {
        if (name == "FIELD" && view_.form && !view_.form->fields.empty()) return true;
        for (const auto& section : view_.sections) {
            if (section == name) return true;
        }
        return false;
    }
    Iterator* children(std::string_view name) const override {
        auto* each = new Each<FieldNode>();
        if (name != "FIELD" || !view_.form) return each;
        bool first = true;
        for (const auto& field : view_.form->fields) {
            each->items.emplace_back(field, view_.form_state, first, this);
            first = false;
        }
        return each;
    }

    const PageView& view_;
};

class FlashNode : public Node {
public:
    FlashNode(const FlashMessage& message, const Node* parent) : Node(parent), message_(message) {}

private:
    std::optional<std::string_view> own_value(std::string_view name) const override {
        if (name == "CATEGORY") return std::string_view(message_.category);
        if (name == "MESSAGE") return std::string_view(message_.text);
        return std::nullopt;
    }
    const FlashMessage& message_;
};

class LayoutNode : public Node {
public:
    LayoutNode(const PageView& view, const SiteLinks& links) : Node(nullptr), view_(view), links_(links) {}

private:
    std::optional<std::string_view> own_value(std::string_view name) const override {
        if (name == "TITLE") return std::string_view(view_.title);
        if (name == "CSRF_TOKEN") return std::string_view(view_.csrf_token);
        if (name == "STATIC") return std::string_view(links_.own_pages ? "/static" : "/pwreset-static");
        if (name == "LOGIN_URL") return std::string_view(links_.login_url);
        return std::nullopt;
    }
    bool shows(std::string_view name) const override {
        if (name == "OWN_PAGES") return links_.own_pages;
        if (name == "SITE_LOGIN") return !links_.own_pages;
        if (name == "FLASH") return !view_.flashes.empty();
        if (name == "LOGGED_IN") return view_.username.has_value();
        return name == "ANONYMOUS" && !view_.username;
    }
    Iterator* children(std::string_view name) const override {
        if (name == "LOGGED_IN" && view_.username) {
            auto* each = new Each<ValueNode>();
            each->items.emplace_back("USERNAME", *view_.username, this);
            return each;
        }
        auto* each = new Each<FlashNode>();
        if (name != "FLASH") return each;
        for (const auto& message : view_.flashes) each->items.emplace_back(message, this);
        return each;
    }
    const char* include() const override { return view_.template_name.c_str(); }
    Iterator* include_children() const override {
        auto* each = new Each<BodyNode>();
        each->items.emplace_back(view_);
        return each;
    }

    const PageView& view_;
    const SiteLinks& links_;
};

}  // namespace

bool expand_page(const ctemplate::TemplateCache& cache, const TemplateString& layout, ctemplate::Strip strip,
                 const PageView& view, const SiteLinks& links, std::string* out) {
    const LayoutNode page(view, links);
    return cache.ExpandNoLoad(layout, strip, &page, nullptr, out);
}

}  // namespace pwreset
