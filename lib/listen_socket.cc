// Making, finding and removing the listening socket; systemd's protocol is three variables.
#include "listen_socket.h"

#include <fcgiapp.h>
#include <fcntl.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace pwreset {
namespace {

constexpr int kSystemdFirstFd = 3;

Failure<SocketError> system_failure(const std::string& what, SocketError error = SocketError::failed) {
    return fail(error, what + ": " + std::strerror(errno));
}

// Another process answers on the path: then it is in use, not stale.
bool someone_listens(const sockaddr_un& address) {
    const int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (probe < 0) return true;
    const bool answered = connect(probe, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 ||
                          errno != ECONNREFUSED;
    close(probe);
    return answered;
}

Result<ListenSocket, SocketError> open_unix_socket(const std::string& path, mode_t mode) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path) {
        return fail(SocketError::bad_address, path + ": a unix socket path is at most " +
                                                  std::to_string(sizeof address.sun_path - 1) + " bytes");
    }
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    ListenSocket made;
    made.fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (made.fd < 0) return system_failure(path);
    const auto* generic = reinterpret_cast<const sockaddr*>(&address);
    int bound = bind(made.fd, generic, sizeof address);
    if (bound != 0 && errno == EADDRINUSE) {
        struct stat existing {};
        if (lstat(path.c_str(), &existing) != 0 || !S_ISSOCK(existing.st_mode)) {
            close(made.fd);
            return fail(SocketError::in_use, path + ": exists and is not a socket");
        }
        if (someone_listens(address)) {
            close(made.fd);
            return fail(SocketError::in_use, path + ": another process listens on it");
        }
        unlink(path.c_str());
        bound = bind(made.fd, generic, sizeof address);
    }
    struct stat made_file {};
    // Nobody can connect before listen(), so the mode is set before the socket opens.
    if (bound != 0 || chmod(path.c_str(), mode) != 0 || lstat(path.c_str(), &made_file) != 0 ||
        listen(made.fd, SOMAXCONN) != 0) {
        auto failure = system_failure(path);
        close(made.fd);
        return failure;
    }
    made.path = path;
    made.device = made_file.st_dev;
    made.inode = made_file.st_ino;
    return made;
}

Result<ListenSocket, SocketError> open_tcp_socket(const std::string& address) {
    const auto colon = address.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == address.size()) {
        return fail(SocketError::bad_address, address + ": --listen takes a path (with a /) or HOST:PORT");
    }
    std::string host = address.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    if (const int rc = getaddrinfo(host.c_str(), address.c_str() + colon + 1, &hints, &found); rc != 0) {
        return fail(SocketError::bad_address, address + ": " + gai_strerror(rc));
    }
    ListenSocket made;
    made.fd = socket(found->ai_family, found->ai_socktype | SOCK_CLOEXEC, found->ai_protocol);
    const int on = 1;
    const bool ok = made.fd >= 0 && setsockopt(made.fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == 0 &&
                    bind(made.fd, found->ai_addr, found->ai_addrlen) == 0 && listen(made.fd, SOMAXCONN) == 0;
    const int error = errno;
    freeaddrinfo(found);
    if (!ok) {
        if (made.fd >= 0) close(made.fd);
        errno = error;
        return system_failure(address, error == EADDRINUSE ? SocketError::in_use : SocketError::failed);
    }
    return made;
}

// sd_listen_fds(3), without libsystemd: the variables name this process and one socket.
Result<ListenSocket, SocketError> systemd_socket() {
    const char* count = std::getenv("LISTEN_FDS");
    if (count == nullptr || std::strcmp(count, "1") != 0) {
        return fail(SocketError::bad_address, std::string("systemd passed ") + (count ? count : "no") +
                                                  " sockets (LISTEN_FDS); give each program one");
    }
    // Not for sendmail or anything else started later: the sockets are this process's.
    unsetenv("LISTEN_PID");
    unsetenv("LISTEN_FDS");
    unsetenv("LISTEN_FDNAMES");
    fcntl(kSystemdFirstFd, F_SETFD, FD_CLOEXEC);
    ListenSocket passed;
    passed.fd = kSystemdFirstFd;
    return passed;
}

// The page a passed unix socket serves: PAGE in the path .../PAGE.sock it is bound to.
std::string page_of(int fd) {
    sockaddr_un address{};
    socklen_t length = sizeof address;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
        address.sun_family != AF_UNIX) {
        return {};
    }
    std::string path(address.sun_path, strnlen(address.sun_path, sizeof address.sun_path));
    const std::string suffix = ".sock";
    if (path.size() <= suffix.size() ||
        path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0) {
        return {};
    }
    path.erase(path.size() - suffix.size());
    return path.substr(path.rfind('/') + 1);
}

// sd_listen_fds(3), without libsystemd: one socket for each of `wanted`, told apart by the
// path each is bound to (ListenStream=RUNDIR/PAGE.sock).
Result<std::vector<ListenSocket>, SocketError> systemd_page_sockets(const std::vector<std::string>& wanted) {
    const char* count = std::getenv("LISTEN_FDS");
    const int passed = count ? std::atoi(count) : 0;
    std::vector<ListenSocket> found(wanted.size());
    for (int fd = kSystemdFirstFd; fd < kSystemdFirstFd + passed; ++fd) {
        const auto at = std::find(wanted.begin(), wanted.end(), page_of(fd));
        if (at == wanted.end()) {
            return fail(SocketError::bad_address, "systemd passed a socket that is no page's PAGE.sock (fd " +
                                                      std::to_string(fd) + ")");
        }
        found[at - wanted.begin()].fd = fd;
    }
    for (std::size_t index = 0; index < wanted.size(); ++index) {
        if (found[index].fd < 0) {
            return fail(SocketError::bad_address, "systemd passed no socket " + wanted[index] +
                                                      ".sock: list one ListenStream= for each page");
        }
    }
    unsetenv("LISTEN_PID");
    unsetenv("LISTEN_FDS");
    unsetenv("LISTEN_FDNAMES");
    for (const ListenSocket& socket : found) fcntl(socket.fd, F_SETFD, FD_CLOEXEC);
    return found;
}

Result<Done, SocketError> make_non_blocking(int fd) {
    const int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) return system_failure("the FastCGI socket");
    return Done{};
}

}  // namespace

SocketSource socket_source(bool listen_option) {
    if (listen_option) return SocketSource::listen;
    const char* pid = std::getenv("LISTEN_PID");
    if (pid != nullptr && std::to_string(getpid()) == pid) return SocketSource::systemd;
    return FCGX_IsCGI() ? SocketSource::none : SocketSource::inherited;
}

Result<ListenSocket, SocketError> open_listen_socket(const std::string& address, mode_t mode) {
    if (address.find('/') != std::string::npos) return open_unix_socket(address, mode);
    return open_tcp_socket(address);
}

Result<ListenSocket, SocketError> take_socket(SocketSource source, const std::string& listen_address,
                                              mode_t mode) {
    Result<ListenSocket, SocketError> taken = ListenSocket{};
    if (source == SocketSource::listen) {
        taken = open_listen_socket(listen_address, mode);
    } else if (source == SocketSource::systemd) {
        taken = systemd_socket();
    } else {
        taken->fd = 0;
    }
    if (!taken) return taken;
    if (auto ready = make_non_blocking(taken->fd); !ready) return fail(ready.error(), ready.detail());
    return taken;
}

Result<std::vector<ListenSocket>, SocketError> take_page_sockets(SocketSource source,
                                                                 const std::string& listen_dir,
                                                                 const std::vector<std::string>& names,
                                                                 mode_t mode) {
    if (source != SocketSource::listen && source != SocketSource::systemd) {
        return fail(
            SocketError::bad_address,
            "one socket per page is needed: give --listen DIR, or start it from its systemd socket unit");
    }
    if (source == SocketSource::systemd) {
        auto passed = systemd_page_sockets(names);
        if (!passed) return passed;
        for (const ListenSocket& socket : *passed) {
            if (auto ready = make_non_blocking(socket.fd); !ready) return fail(ready.error(), ready.detail());
        }
        return passed;
    }
    std::vector<ListenSocket> made;
    for (const std::string& name : names) {
        auto socket = open_unix_socket(listen_dir + "/" + name + ".sock", mode);
        Result<Done, SocketError> ready = Done{};
        if (socket) ready = make_non_blocking(socket->fd);
        if (!socket || !ready) {
            for (const ListenSocket& open : made) close_socket(open);
            if (socket) close_socket(*socket);
            return socket ? fail(ready.error(), ready.detail()) : fail(socket.error(), socket.detail());
        }
        made.push_back(*socket);
    }
    return made;
}

void close_socket(const ListenSocket& socket) {
    close(socket.fd);
    struct stat now {};
    if (!socket.path.empty() && lstat(socket.path.c_str(), &now) == 0 && now.st_dev == socket.device &&
        now.st_ino == socket.inode) {
        unlink(socket.path.c_str());
    }
}

}  // namespace pwreset
