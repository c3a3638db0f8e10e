// The page programs' processes: a supervisor of FastCGI workers for one page or for every
// page, or a single plain CGI request.
#include <fcgiapp.h>

#include <csignal>
#include <cstdlib>

#include "app.h"
#include "cgi_exchange.h"
#include "check_in_child.h"
#include "cookie_names.h"
#include "database.h"
#include "fcgi_exchange.h"
#include "listen_socket.h"
#include "log.h"
#include "program_args.h"
#include "supervisor.h"

namespace pwreset {
namespace {

// One request, start to finish; returns the work to run once the answer has been sent.
std::function<void()> serve_one(Context& context, const Page& page, Exchange& exchange) {
    const auto request = read_request(exchange, cookie_names(context.config.cookie_secure));
    Response response = answer(context, page, request, exchange);
    const bool head = request && request->method == Method::head;
    exchange.write(response.serialize(!head));
    return response.take_after_send();
}

// The config named on the command line or in the environment; none means "from nginx".
std::optional<std::string> explicit_config_path(const ProgramArgs& args) {
    if (args.config) return args.config;
    if (const char* env = std::getenv("PWRESET_CONFIG"); env && *env) return std::string(env);
    return std::nullopt;
}

// One page's worker of one generation; the pages of one supervisor share its context.
// Started without a config path, each worker still loads everything itself on its first
// request, from nginx's PWRESET_CONFIG param, as before.
class PageWorker : public Worker {
public:
    PageWorker(const Page& page, std::shared_ptr<Context> context)
        : page_(page), context_(std::move(context)) {}

    Result<Done, std::string> open() override {
        if (!context_) return Done{};
        return open_storage(*context_);
    }

    void serve(FCGX_Request& fcgi) override {
        std::function<void()> after;
        {
            FcgiExchange exchange(&fcgi, page_.name);
            if (!context_) {
                const char* from_nginx = exchange.param("PWRESET_CONFIG");
                auto started = start_up(
                    resolve_config_path(from_nginx ? std::optional<std::string>(from_nginx) : std::nullopt),
                    page_.templates);
                if (!started) {
                    exchange.log(started.detail());
                    exchange.write(
                        "Status: 503 Service Unavailable\r\nContent-Type: text/plain\r\n\r\n"
                        "pwreset is not configured; see the server's error log.\n");
                    FCGX_Finish_r(&fcgi);
                    return;
                }
                context_ = std::move(*started);
            }
            after = serve_one(*context_, page_, exchange);
        }
        FCGX_Finish_r(&fcgi);
        if (after) after();
    }

private:
    const Page& page_;
    std::shared_ptr<Context> context_;
};

// A generation: loaded here, in the supervisor, with the database checked in a child that
// then ends (each worker opens its own after the fork). The pages share one load of the
// config and of every template they use.
Result<Generation, std::string> load_generation(const std::optional<std::string>& path,
                                                const std::vector<const Page*>& pages) {
    std::shared_ptr<Context> shared;
    if (path) {
        std::vector<std::string> templates;
        for (const Page* page : pages)
            templates.insert(templates.end(), page->templates.begin(), page->templates.end());
        auto context = load_shared(*path, templates);
        if (!context) return fail(std::string(), context.detail());
        const Config& config = (*context)->config;
        const auto checked = check_in_child([&config] {
            Context probe;
            probe.config = config;
            return open_storage(probe);
        });
        if (!checked) return fail(std::string(), checked.detail());
        shared = std::move(*context);
    }
    Generation generation;
    for (const Page* page : pages) generation.push_back(std::make_unique<PageWorker>(*page, shared));
    return generation;
}

// The sockets, one per page in the pages' order; a failure is one line for stderr.
using TakeSockets = std::function<Result<std::vector<ListenSocket>, std::string>()>;

// Loads before it takes the sockets, so a program that refuses its config never makes one.
int serve_fastcgi(const char* name, const std::vector<const Page*>& pages, const ProgramArgs& args,
                  const TakeSockets& take) {
    const auto path = explicit_config_path(args);
    // A fixed pool: SQLite starts here, so every worker shares the pages it writes as it
    // starts (12 KiB a worker). On demand the supervisor mostly lives alone, and starting
    // SQLite would keep 0.5 MiB of its code mapped there for nothing.
    if (!args.on_demand) Database::set_up_library();
    auto first = load_generation(path, pages);
    if (!first) {
        log_line(name, first.detail());
        return 1;
    }
    auto sockets = take();
    if (!sockets) {
        log_line(name, sockets.detail());
        return 1;
    }
    std::vector<Listener> listeners;
    for (std::size_t index = 0; index < pages.size(); ++index)
        listeners.push_back({pages[index]->name, (*sockets)[index].fd});
    const WorkerPool pool{args.workers, args.on_demand, std::chrono::seconds(args.idle_timeout)};
    const int code =
        supervise(name, listeners, pool, std::move(*first), [&] { return load_generation(path, pages); });
    for (const ListenSocket& socket : *sockets) close_socket(socket);
    return code;
}

// What every program does first; the arguments, or none after a line on stderr.
std::optional<ProgramArgs> start_program(const char* name, int argc, char** argv) {
    // A visitor who closes the connection early must not kill the worker.
    std::signal(SIGPIPE, SIG_IGN);
    auto args = program_args(argc, argv);
    if (!args) {
        log_line(name, args.detail());
        return std::nullopt;
    }
    return std::move(*args);
}

}  // namespace

int run_page(int argc, char** argv, const Page& page) {
    const auto args = start_program(page.name, argc, argv);
    if (!args) return 1;
    const SocketSource source = socket_source(args->listen.has_value());
    if (source != SocketSource::none) {
        return serve_fastcgi(
            page.name, {&page}, *args, [&]() -> Result<std::vector<ListenSocket>, std::string> {
                auto socket = take_socket(source, args->listen.value_or(""), args->socket_mode);
                if (!socket) return fail(std::string(), socket.detail());
                return std::vector<ListenSocket>{*socket};
            });
    }
    auto context = start_up(resolve_config_path(explicit_config_path(*args)), page.templates);
    if (!context) {
        log_line(page.name, context.detail());
        return 1;
    }
    CgiExchange exchange(page.name);
    if (auto after = serve_one(**context, page, exchange)) after();
    return 0;
}

int run_pages(const char* name, int argc, char** argv, const std::vector<const Page*>& pages) {
    const auto args = start_program(name, argc, argv);
    if (!args) return 1;
    std::vector<std::string> names;
    for (const Page* page : pages) names.push_back(page->name);
    return serve_fastcgi(name, pages, *args, [&]() -> Result<std::vector<ListenSocket>, std::string> {
        auto sockets = take_page_sockets(socket_source(args->listen.has_value()), args->listen.value_or(""),
                                         names, args->socket_mode);
        if (!sockets) return fail(std::string(), sockets.detail());
        return std::move(*sockets);
    });
}

}  // namespace pwreset
