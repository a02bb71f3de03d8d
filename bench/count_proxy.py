"""A loopback HTTP forwarder that counts requests, for the no-op push measurement of remote.sh.

    python3 count_proxy.py LISTEN_PORT TARGET_PORT COUNTS_FILE

Forwards every request verbatim (Host header included, so S3 signatures stay valid) to
127.0.0.1:TARGET_PORT and rewrites COUNTS_FILE with {"total": n, "GET ?list-type": n, ...} after
each request. Only for benchmarks; it buffers bodies in memory.
"""
import http.client
import http.server
import json
import sys
import threading

listen_port, target_port, counts_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
lock = threading.Lock()
counts = {"total": 0}


def kind(method, path):
    query = path.split("?", 1)[1] if "?" in path else ""
    if "list-type" in query or (method == "GET" and path.rstrip("/").count("/") <= 1):
        return method + " list"
    return method + " object"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        conn = http.client.HTTPConnection("127.0.0.1", target_port, timeout=600)
        conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
        for name, value in self.headers.items():
            conn.putheader(name, value)
        conn.endheaders(body)
        response = conn.getresponse()
        data = response.read()
        self.send_response_only(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in ("transfer-encoding", "content-length", "connection"):
                self.send_header(name, value)
        if self.command == "HEAD":
            self.send_header("Content-Length", response.getheader("Content-Length") or "0")
        else:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        conn.close()
        with lock:
            counts["total"] += 1
            k = kind(self.command, self.path)
            counts[k] = counts.get(k, 0) + 1
            with open(counts_file, "w") as f:
                json.dump(counts, f)

    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = forward


with open(counts_file, "w") as f:
    json.dump(counts, f)
http.server.ThreadingHTTPServer(("127.0.0.1", listen_port), Handler).serve_forever()
