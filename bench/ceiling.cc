// The transport ceiling: a FastCGI responder that answers every request with fixed bytes.
//
// It stands for the fastest page possible behind the same nginx settings: libfcgi's accept
// loop and one write of a response captured from the real /reset_password page, nothing else.
#include <fcgiapp.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: ceiling RESPONSE_FILE (CGI response: headers, blank line, body)\n");
        return 64;
    }
    std::ifstream file(argv[1], std::ios::binary);
    const std::string response((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (!file.good() && !file.eof()) {
        std::fprintf(stderr, "ceiling: cannot read %s\n", argv[1]);
        return 1;
    }
    FCGX_Request request;
    if (FCGX_Init() != 0 || FCGX_InitRequest(&request, 0, 0) != 0) {
        std::fprintf(stderr, "ceiling: cannot set up FastCGI\n");
        return 1;
    }
    while (FCGX_Accept_r(&request) >= 0) {
        FCGX_PutStr(response.data(), static_cast<int>(response.size()), request.out);
        FCGX_Finish_r(&request);
    }
    return 0;
}
