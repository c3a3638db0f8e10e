// The main of every page program: runs the page its cgi-bin/PAGE.cc defines (see cgi-bin/routes).
#include "app.h"

int main(int argc, char** argv) { return pwreset::run_page(argc, argv, pwreset::kPage); }
