// The system's libpq, loaded on first use: SQLite sites never map it into their programs.
#pragma once

#include <libpq-fe.h>

#include <string>

#include "result.h"

namespace pwreset {

// The few libpq functions pwreset calls, looked up once in libpq.so.5.
struct Libpq {
    decltype(&::PQconnectdb) connectdb;
    decltype(&::PQstatus) status;
    decltype(&::PQerrorMessage) error_message;
    decltype(&::PQreset) reset;
    decltype(&::PQfinish) finish;
    decltype(&::PQexec) exec;
    decltype(&::PQexecParams) exec_params;
    decltype(&::PQresultStatus) result_status;
    decltype(&::PQresultErrorField) result_error_field;
    decltype(&::PQresultErrorMessage) result_error_message;
    decltype(&::PQntuples) ntuples;
    decltype(&::PQgetvalue) getvalue;
    decltype(&::PQcmdTuples) cmd_tuples;
    decltype(&::PQclear) clear;
};

// The loaded library, or why it could not be loaded (install libpq5).
Result<const Libpq*, std::string> load_libpq();

}  // namespace pwreset
