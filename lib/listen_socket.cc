// Making, finding and removing the listening socket; systemd's protocol is three variables.
#include "listen_socket.h"

#include <fcgiapp.h>
#include <fcntl.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

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
    const int flags = fcntl(taken->fd, F_GETFL);
    if (flags < 0 || fcntl(taken->fd, F_SETFL, flags | O_NONBLOCK) != 0) {
        return system_failure("the FastCGI socket");
    }
    return taken;
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
