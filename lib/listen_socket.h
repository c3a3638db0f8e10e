// The FastCGI socket a program serves on: made by --listen, passed by systemd, or inherited
// on fd 0 (spawn-fcgi). No socket at all means plain CGI.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "result.h"

namespace pwreset {

enum class SocketSource {
    listen,     // --listen: the program makes it
    systemd,    // socket activation: fd 3, named by LISTEN_PID and LISTEN_FDS
    inherited,  // a listening socket on fd 0
    none,       // fd 0 is not a socket: a CGI request
};

enum class SocketError {
    bad_address,  // --listen names neither PATH nor HOST:PORT, or systemd passed several
    in_use,       // another process listens there, or the path is some other file
    failed,       // the system refused (permissions, no such folder...)
};

struct ListenSocket {
    int fd = -1;
    std::string path;  // the unix socket this process made, removed again at exit
    dev_t device = 0;
    ino_t inode = 0;
};

// Where the socket comes from: --listen if given, else systemd's if it names this process,
// else fd 0 if it is a listening socket. Looks only, takes nothing.
SocketSource socket_source(bool listen_option);

// --listen ADDRESS: a path (anything with a '/') becomes a unix socket with `mode`, replacing
// a stale socket file but never one that a live process listens on; HOST:PORT is TCP.
Result<ListenSocket, SocketError> open_listen_socket(const std::string& address, mode_t mode);

// The socket from `source` (not none), ready to be shared by workers: non-blocking, since
// each worker waits for it with poll() and another may take the connection first.
Result<ListenSocket, SocketError> take_socket(SocketSource source, const std::string& listen_address,
                                              mode_t mode);

// The sockets of a program that serves several pages, one per name in `names`' order, each
// ready as take_socket's: from --listen DIR as DIR/NAME.sock with `mode`, or from systemd,
// which must pass exactly one unix socket .../NAME.sock for each name.
Result<std::vector<ListenSocket>, SocketError> take_page_sockets(SocketSource source,
                                                                 const std::string& listen_dir,
                                                                 const std::vector<std::string>& names,
                                                                 mode_t mode);

// Closes the socket and removes its path if the path still names the socket made here.
void close_socket(const ListenSocket& socket);

}  // namespace pwreset
