"""A FastCGI client as nginx is one (RFC-less, per the FastCGI 1.0 spec): one request per
connection, for tests that talk to a program's socket without nginx."""
import socket
import struct

VERSION = 1
BEGIN_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT = 1, 3, 4, 5, 6
RESPONDER = 1


def record(kind, content, request_id=1):
    return struct.pack(">BBHHBx", VERSION, kind, request_id, len(content), 0) + content


def name_value(name, value):
    def length(data):
        return struct.pack(">B", len(data)) if len(data) < 128 else struct.pack(">I", len(data) | 0x80000000)
    name, value = name.encode(), value.encode()
    return length(name) + length(value) + name + value


def request_bytes(params, body=b""):
    """The records of one request: begin, the params, then stdin, each closed by an empty record."""
    pairs = b"".join(name_value(name, value) for name, value in params.items())
    data = record(BEGIN_REQUEST, struct.pack(">HB5x", RESPONDER, 0))
    data += (record(PARAMS, pairs) if pairs else b"") + record(PARAMS, b"")
    data += (record(STDIN, body) if body else b"") + record(STDIN, b"")
    return data


def connect(address, timeout=10):
    """address: a unix socket path, or a (host, port) pair."""
    family = socket.AF_UNIX if isinstance(address, str) else socket.AF_INET
    connection = socket.socket(family, socket.SOCK_STREAM)
    try:
        connection.settimeout(timeout)
        connection.connect(address)
    except OSError:
        connection.close()
        raise
    return connection


def read_reply(connection):
    """(status, headers as (name, value) pairs, body) of the STDOUT stream up to END_REQUEST."""
    buffer, output = b"", b""
    while True:
        while len(buffer) < 8 or len(buffer) < 8 + struct.unpack(">H", buffer[4:6])[0] + buffer[6]:
            chunk = connection.recv(65536)
            if not chunk:
                raise ConnectionError("the program closed the connection before ending the request")
            buffer += chunk
        _, kind, _, length, padding = struct.unpack(">BBHHB", buffer[:7])
        content, buffer = buffer[8:8 + length], buffer[8 + length + padding:]
        if kind == STDOUT:
            output += content
        elif kind == END_REQUEST:
            break
    head, _, body = output.partition(b"\r\n\r\n")
    headers = [tuple(line.split(": ", 1)) for line in head.decode().split("\r\n") if ": " in line]
    status = next((int(value.split()[0]) for name, value in headers if name == "Status"), 200)
    return status, headers, body.decode("utf-8", errors="replace")


def get_params(path, **extra):
    params = {"REQUEST_METHOD": "GET", "DOCUMENT_URI": path, "REQUEST_URI": path, "SCRIPT_NAME": path,
              "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
              "REMOTE_ADDR": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1"}
    params.update(extra)
    return params


def get(address, path, **extra):
    """GET path from the program listening at address; (status, headers, body)."""
    with connect(address) as connection:
        connection.sendall(request_bytes(get_params(path, **extra)))
        return read_reply(connection)
