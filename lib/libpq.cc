// dlopen of libpq.so.5 and dlsym of the functions in Libpq; the programs link no -lpq.
#include "libpq.h"

#include <dlfcn.h>

namespace pwreset {
namespace {

template <typename F>
void look_up(void* library, const char* name, F& slot, std::string& missing) {
    slot = reinterpret_cast<F>(dlsym(library, name));
    if (slot == nullptr && missing.empty()) missing = name;
}

Result<Libpq, std::string> load() {
    void* library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
        const char* why = dlerror();
        return fail(std::string(),
                    std::string("cannot load libpq.so.5 (install libpq5): ") + (why ? why : "?"));
    }
    Libpq pq{};
    std::string missing;
    look_up(library, "PQconnectdb", pq.connectdb, missing);
    look_up(library, "PQstatus", pq.status, missing);
    look_up(library, "PQerrorMessage", pq.error_message, missing);
    look_up(library, "PQreset", pq.reset, missing);
    look_up(library, "PQfinish", pq.finish, missing);
    look_up(library, "PQexec", pq.exec, missing);
    look_up(library, "PQexecParams", pq.exec_params, missing);
    look_up(library, "PQresultStatus", pq.result_status, missing);
    look_up(library, "PQresultErrorField", pq.result_error_field, missing);
    look_up(library, "PQresultErrorMessage", pq.result_error_message, missing);
    look_up(library, "PQntuples", pq.ntuples, missing);
    look_up(library, "PQgetvalue", pq.getvalue, missing);
    look_up(library, "PQcmdTuples", pq.cmd_tuples, missing);
    look_up(library, "PQclear", pq.clear, missing);
    if (!missing.empty()) return fail(std::string(), "libpq.so.5 lacks " + missing);
    return pq;
}

}  // namespace

Result<const Libpq*, std::string> load_libpq() {
    // Loaded once per process and kept: connections of the whole process use it.
    static const Result<Libpq, std::string> loaded = load();
    if (!loaded) return loaded.failure();
    return &*loaded;
}

}  // namespace pwreset
