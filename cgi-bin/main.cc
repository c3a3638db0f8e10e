// The main of every page program: make compiles it once per page of cgi-bin/routes, naming
// the page (PWRESET_PAGE), which its cgi-bin/PAGE.cc defines.
#include "pages.h"

int main(int argc, char** argv) { return pwreset::run_page(argc, argv, pwreset::PWRESET_PAGE); }
