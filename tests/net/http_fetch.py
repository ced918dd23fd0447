# CPython's http.server, http.client and urllib.request over baton's sockets:
# a threaded server on 127.0.0.1 serves pages, fetched three ways.
import http.client
import http.server
import threading
import urllib.error
import urllib.request

class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ('page %s' % self.path).encode()
        self.send_response(200)
        self.send_header('Content-Type', 'text/plain')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass

srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
port = srv.server_address[1]
t = threading.Thread(target=srv.serve_forever); t.start()
with urllib.request.urlopen('http://127.0.0.1:%d/a/b' % port) as r:
    print(r.status, r.headers['Content-Type'], r.read())
c = http.client.HTTPConnection('127.0.0.1', port)
c.request('GET', '/x')
resp = c.getresponse(); print(resp.status, resp.reason, resp.read())
c.close()
try:
    urllib.request.urlopen('http://127.0.0.1:1/')
except urllib.error.URLError as e:
    print('URLError', e.reason)
srv.shutdown(); srv.server_close(); t.join()
