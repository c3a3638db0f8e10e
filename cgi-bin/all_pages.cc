// pwreset-fcgi: every page of cgi-bin/routes in one supervisor, a pool of workers per page's
// socket, so the pages share one copy of the loaded config, templates and libraries.
#include "pages.h"

int main(int argc, char** argv) {
    return pwreset::run_pages("pwreset-fcgi", argc, argv,
                              {std::begin(pwreset::kPages), std::end(pwreset::kPages)});
}
