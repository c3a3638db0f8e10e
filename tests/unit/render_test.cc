// Rendering pages from the real templates: what each view shows, that nothing of one view
// reaches the next, and that each renderer keeps the templates it loaded.
#define BOOST_TEST_MODULE render
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

#include "render.h"

using namespace pwreset;

namespace {

const std::string kTokenA(64, 'a');
const std::string kTokenB = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

const FormSpec kForm{{
    {"email", "Email", "email", "email", {}},
}};

std::unique_ptr<Renderer> load(SiteLinks links, const std::string& dir = "templates") {
    auto made = Renderer::load(dir, {"form.tpl", "home.tpl", "notice.tpl", "logout.tpl"}, std::move(links));
    if (!made) throw std::runtime_error(made.detail());
    return std::move(made).value();
}

const Renderer& renderer() {
    static const std::unique_ptr<Renderer> loaded = load({});
    return *loaded;
}

// site_pages = no: beside a site whose login page is at another address.
const Renderer& beside_renderer() {
    static const std::unique_ptr<Renderer> loaded = load({false, "https://blog.example.org/sign_in?a=1&b=2"});
    return *loaded;
}

PageView form_view(const std::string& token, const std::string& title = "Reset Password") {
    PageView view;
    view.template_name = "form.tpl";
    view.title = title;
    view.csrf_token = token;
    view.form = &kForm;
    view.values = {{"LEGEND", "Reset Password"}, {"SUBMIT", "Request Password Reset"}};
    return view;
}

std::size_t count(const std::string& text, const std::string& part) {
    std::size_t found = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++found;
    return found;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_visitor_gets_their_own_token_in_an_otherwise_equal_page) {
    const std::string first = renderer().render(form_view(kTokenA));
    const std::string second = renderer().render(form_view(kTokenB));
    BOOST_TEST(count(first, "name=\"csrf_token\" value=\"" + kTokenA + "\"") == 1u);
    BOOST_TEST(count(second, "name=\"csrf_token\" value=\"" + kTokenB + "\"") == 1u);
    BOOST_TEST(count(second, kTokenA) == 0u);
    BOOST_TEST(second == replaced(first, kTokenA, kTokenB));
    BOOST_TEST(renderer().render(form_view(kTokenA)) == first);
}

BOOST_AUTO_TEST_CASE(views_that_differ_show_their_own_texts) {
    const std::string reset = renderer().render(form_view(kTokenA));
    const std::string login = renderer().render(form_view(kTokenA, "Login"));
    BOOST_TEST(count(reset, "<title>Flask Blog - Reset Password</title>") == 1u);
    BOOST_TEST(count(login, "<title>Flask Blog - Login</title>") == 1u);

    PageView hinted = form_view(kTokenA);
    hinted.sections = {"SIGN_UP_HINT"};
    BOOST_TEST(count(renderer().render(hinted), "Sign Up Now") == 1u);
    BOOST_TEST(count(renderer().render(form_view(kTokenA)), "Sign Up Now") == 0u);

    PageView welcome;
    welcome.template_name = "home.tpl";
    welcome.title = "Home";
    welcome.csrf_token = kTokenA;
    welcome.sections = {"WELCOME"};
    const std::string home = renderer().render(welcome);
    BOOST_TEST(count(home, "Welcome") == 1u);
    BOOST_TEST(count(home, "name=\"email\"") == 0u);
}

BOOST_AUTO_TEST_CASE(flashes_visitors_and_submitted_forms_are_never_taken_from_another_page) {
    const std::string fresh = renderer().render(form_view(kTokenA));

    PageView flashed = form_view(kTokenA);
    flashed.flashes = {{"warning", "That is an invalid or expired token"}};
    BOOST_TEST(count(renderer().render(flashed), "That is an invalid or expired token") == 1u);

    PageView visitor = form_view(kTokenA);
    visitor.username = "alice";
    BOOST_TEST(count(renderer().render(visitor), "href=\"/logout\"") == 1u);
    BOOST_TEST(count(fresh, "href=\"/logout\"") == 0u);

    FormState state;
    state.values = {{"email", "a&b@example.com"}};
    state.errors["email"] = {"There is no account with that email. You must register first."};
    PageView submitted = form_view(kTokenA);
    submitted.form_state = &state;
    const std::string page = renderer().render(submitted);
    BOOST_TEST(count(page, "value=\"a&amp;b@example.com\"") == 1u);
    BOOST_TEST(count(page, "You must register first.") == 1u);
    BOOST_TEST(renderer().render(form_view(kTokenA)) == fresh);
}

BOOST_AUTO_TEST_CASE(values_reach_sections_escaped) {
    PageView greeting;
    greeting.template_name = "home.tpl";
    greeting.title = "Home";
    greeting.username = "al<i>ce";
    greeting.sections = {"GREETING"};
    greeting.values = {{"USERNAME", "al<i>ce"}, {"EMAIL", "a&b@example.com"}};
    const std::string page = renderer().render(greeting);
    BOOST_TEST(count(page, "Hello, al&lt;i&gt;ce!") == 1u);
    BOOST_TEST(count(page, "You are logged in as a&amp;b@example.com.") == 1u);
    BOOST_TEST(count(page, "<i>") == 0u);
    BOOST_TEST(count(page, "Welcome") == 0u);
}

BOOST_AUTO_TEST_CASE(passwords_are_never_sent_back_and_checkboxes_keep_their_state) {
    const FormSpec login{{
        {"email", "Email", "email", "email", {}},
        {"password", "Password", "password", "current-password", {}},
        {"remember", "Remember Me", "checkbox", "", {}},
    }};
    FormState state;
    state.values = {{"email", "a@example.com"}, {"password", "hunter2-hunter2"}, {"remember", "y"}};
    state.errors["password"] = {"Login Unsuccessful."};
    PageView view = form_view(kTokenA, "Login");
    view.form = &login;
    view.form_state = &state;
    const std::string page = renderer().render(view);
    BOOST_TEST(count(page, "hunter2") == 0u);
    BOOST_TEST(count(page, "value=\"a@example.com\"") == 1u);
    BOOST_TEST(count(page, "type=\"checkbox\" value=\"y\" checked") == 1u);
    BOOST_TEST(count(page, "aria-describedby=\"password-errors\"") == 1u);
    BOOST_TEST(count(page, " autofocus") == 1u);
}

// Beside a site, the navbar links only the site's login page (none of our own pages exist
// there), and styles come from /pwreset-static so the site keeps its /static.
BOOST_AUTO_TEST_CASE(beside_a_site_the_layout_links_only_the_sites_login) {
    const std::string own = renderer().render(form_view(kTokenA));
    BOOST_TEST(count(own, "href=\"/static/site.css\"") == 1u);
    BOOST_TEST(count(own, "href=\"/register\"") == 1u);
    BOOST_TEST(count(own, "href=\"/home\"") == 1u);
    BOOST_TEST(count(own, "href=\"/login\"") == 1u);

    PageView visitor = form_view(kTokenA);
    visitor.username = "alice";
    for (const PageView& view : {form_view(kTokenA), visitor}) {
        const std::string page = beside_renderer().render(view);
        BOOST_TEST(count(page, "href=\"/pwreset-static/bootstrap4/css/bootstrap.min.css\"") == 1u);
        BOOST_TEST(count(page, "href=\"/pwreset-static/site.css\"") == 1u);
        BOOST_TEST(count(page, "/static/") == 0u);
        for (const char* ours :
             {"href=\"/home\"", "href=\"/register\"", "href=\"/logout\"", "href=\"/login\""}) {
            BOOST_TEST(count(page, ours) == 0u, ours);
        }
        BOOST_TEST(count(page, "href=\"https://blog.example.org/sign_in?a=1&amp;b=2\">Login</a>") == 1u);
    }
    BOOST_TEST(count(beside_renderer().render_error(404, "There is no page at this address."), "/static/") ==
               0u);
}

// A field's rules show before any submit, linked to the input; after a failed submit the
// input names both its rules and its errors.
BOOST_AUTO_TEST_CASE(a_fields_rules_show_up_front_and_are_linked_to_it) {
    FieldSpec password{"password", "Password", "password", "new-password", {}};
    password.help = "At least 17 characters <and> \"so on\".";
    password.minlength = 17;
    password.passwordrules = "minlength: 17; maxlength: 72; allowed: ascii-printable;";
    const FormSpec spec{{password, {"confirm_password", "Confirm Password", "password", "new-password", {}}}};
    PageView view = form_view(kTokenA);
    view.form = &spec;
    const std::string fresh = renderer().render(view);
    BOOST_TEST(count(fresh,
                     "minlength=\"17\" passwordrules=\"minlength: 17; maxlength: 72; "
                     "allowed: ascii-printable;\" aria-describedby=\"password-help\">") == 1u);
    BOOST_TEST(
        count(fresh, "id=\"password-help\">At least 17 characters &lt;and&gt; &quot;so on&quot;.</small>") ==
        1u);
    BOOST_TEST(count(fresh, "minlength=") == 1u);
    BOOST_TEST(count(fresh, "aria-describedby=") == 1u);

    FormState state;
    state.add_error("password", "Too short.");
    state.add_error("confirm_password", "Field must be equal to password.");
    view.form_state = &state;
    const std::string failed = renderer().render(view);
    BOOST_TEST(count(failed, "aria-describedby=\"password-help password-errors\">") == 1u);
    BOOST_TEST(count(failed, "aria-describedby=\"confirm_password-errors\">") == 1u);
    BOOST_TEST(count(failed, "id=\"password-help\"") == 1u);
}

// site_name: the navbar brand and each title name the site, escaped like any other value.
BOOST_AUTO_TEST_CASE(the_site_name_is_the_navbar_brand_and_starts_every_title) {
    const std::string seed = renderer().render(form_view(kTokenA, "Login"));
    BOOST_TEST(count(seed, "<title>Flask Blog - Login</title>") == 1u);
    BOOST_TEST(count(seed, "href=\"/\">Flask Blog</a>") == 1u);

    const auto named = load({true, "/login", "Ma <Cuisine> & Co"});
    for (const std::string& page :
         {named->render(form_view(kTokenA, "Login")), named->render_error(404, "Gone.")}) {
        BOOST_TEST(count(page, "Ma &lt;Cuisine&gt; &amp; Co - ") == 1u);
        BOOST_TEST(count(page, "href=\"/\">Ma &lt;Cuisine&gt; &amp; Co</a>") == 1u);
        BOOST_TEST(count(page, "Flask Blog") == 0u);
        BOOST_TEST(count(page, "<Cuisine>") == 0u);
    }
}

BOOST_AUTO_TEST_CASE(the_notice_page_shows_the_message_and_links_the_login_url) {
    PageView view;
    view.template_name = "notice.tpl";
    view.title = "Reset Password";
    view.flashes = {{"success", "Your password has been updated! You are now able to log in!"}};
    view.values = {{"LOGIN_URL", "https://blog.example.org/sign_in?a=1&b=2"}};
    const std::string page = beside_renderer().render(view);
    BOOST_TEST(count(page,
                     "<div class=\"alert alert-success\" role=\"alert\">Your password has been updated! "
                     "You are now able to log in!</div>") == 1u);
    BOOST_TEST(count(page, "href=\"https://blog.example.org/sign_in?a=1&amp;b=2\">Log In</a>") == 1u);
}

// The layout shares the page's title and CSRF token with every page body; nothing else of the
// layout reaches a body.
BOOST_AUTO_TEST_CASE(every_page_body_gets_the_title_and_the_token) {
    PageView logout;
    logout.template_name = "logout.tpl";
    logout.title = "Log Out";
    logout.csrf_token = kTokenA;
    logout.username = "alice";
    BOOST_TEST(count(renderer().render(logout), "name=\"csrf_token\" value=\"" + kTokenA + "\"") == 1u);

    const std::string error = renderer().render_error(404, "There is no page at this address.");
    BOOST_TEST(count(error, "<title>Flask Blog - Error 404</title>") == 1u);
    BOOST_TEST(count(error, "<h1 class=\"h3 mb-3\">Error 404</h1>") == 1u);
    BOOST_TEST(count(error, "<p>There is no page at this address.</p>") == 1u);
}

// A reload builds a new renderer from edited templates while the old one still serves.
BOOST_AUTO_TEST_CASE(a_second_renderer_shows_its_own_templates_and_the_first_keeps_its_own) {
    namespace fs = std::filesystem;
    std::string pattern = (fs::temp_directory_path() / "pwreset-render-XXXXXX").string();
    BOOST_TEST_REQUIRE(mkdtemp(pattern.data()) != nullptr);
    const fs::path dir = pattern;
    for (const auto& entry : fs::directory_iterator("templates")) {
        fs::copy_file(entry.path(), dir / entry.path().filename());
    }
    std::ofstream(dir / "error.tpl", std::ios::trunc)
        << "{{%AUTOESCAPE context=\"HTML\"}}<p>Edited: {{MESSAGE}}</p>\n";
    const std::unique_ptr<Renderer> edited = load({}, dir.string());
    fs::remove_all(dir);
    BOOST_TEST(count(edited->render_error(404, "Gone."), "<p>Edited: Gone.</p>") == 1u);
    BOOST_TEST(count(renderer().render_error(404, "Gone."), "Edited") == 0u);
    BOOST_TEST(count(renderer().render_error(404, "Gone."), "<p>Gone.</p>") == 1u);
    BOOST_TEST(edited->render(form_view(kTokenA)) == renderer().render(form_view(kTokenA)));
}
