"""nginx with proxy_cache in front of the catalogue's gunicorn, on loopback, for the bench.

Started as the current user from a configuration and cache written to a temporary
folder, on a port of its own; nothing outside that folder is touched, and the folder is
removed when nginx stops. It stands for the shared cache of production (a CDN, or nginx
in a region): it keeps what the site marks public (Cache-Control: s-maxage), revalidates
with the ETag when that runs out, serves the stale copy meanwhile (stale-while-revalidate)
and never keeps or serves a copy to anyone carrying a session cookie.

    with ProxyCache(app_port=8799) as proxy:
        ...  # requests to 127.0.0.1:proxy.port
        proxy.statuses()  # {"HIT": 9120, "MISS": 14, ...}
"""

import grp
import http.client
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

CONFIGURATION = """\
{user}worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy_temp;
    fastcgi_temp_path {folder}/fastcgi_temp;
    uwsgi_temp_path {folder}/uwsgi_temp;
    scgi_temp_path {folder}/scgi_temp;
    log_format cache_status "$upstream_cache_status $status";
    # The background revalidations too (REVALIDATED, or EXPIRED when the page changed).
    log_subrequest on;
    access_log {folder}/cache.log cache_status buffer=64k flush=1s;

    proxy_cache_path {folder}/cache levels=1:2 keys_zone=catalogue:16m max_size=1g
                     inactive=1h use_temp_path=off;
    upstream catalogue {{
        server 127.0.0.1:{app_port};
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://catalogue;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            # The load clients stand for the trusted proxy in front, which named the reader.
            proxy_set_header X-Forwarded-For $http_x_forwarded_for;

            proxy_cache catalogue;
            proxy_cache_key $scheme$http_host$request_uri;
            # No proxy_cache_valid: lifetimes come from the site's Cache-Control alone, and
            # nothing without one is kept.
            # When s-maxage runs out: ask with If-None-Match (a 304 keeps the copy), one
            # request at a time per page, while the others get the stale copy.
            proxy_cache_revalidate on;
            proxy_cache_lock on;
            proxy_cache_background_update on;
            proxy_cache_use_stale updating;
            # Staff: never from the cache, never into it.
            proxy_cache_bypass $cookie_sessionid;
            proxy_no_cache $cookie_sessionid;
            add_header X-Cache-Status $upstream_cache_status always;
        }}
    }}
}}
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def worker_user():
    """Started by root (as in CI), nginx would run its workers as nobody, who cannot
    write to the temporary folder; otherwise they are the current user already."""
    if os.geteuid() != 0:
        return ""
    return f"user {pwd.getpwuid(os.getuid()).pw_name} {grp.getgrgid(os.getgid()).gr_name};\n"


def nginx_available():
    return Path(NGINX).exists()


class ProxyCache:
    def __init__(self, app_port, port=None):
        self.app_port = app_port
        self.port = port or free_port()

    def __enter__(self):
        if not nginx_available():
            raise SystemExit("nginx is not installed (Debian: apt-get install nginx-light)")
        self.folder = Path(tempfile.mkdtemp(prefix="vvcp-nginx-"))
        (self.folder / "cache").mkdir()
        self.configuration = self.folder / "nginx.conf"
        self.configuration.write_text(
            CONFIGURATION.format(
                folder=self.folder, app_port=self.app_port, port=self.port, user=worker_user()
            )
        )
        command = [NGINX, "-p", str(self.folder), "-c", str(self.configuration)]
        # -e: the error log before the configuration is read (Debian's default is in /var).
        command += ["-e", str(self.folder / "error.log"), "-g", "daemon off;"]
        self.process = subprocess.Popen(command)
        for _ in range(50):
            if self.process.poll() is not None:
                raise SystemExit(f"nginx stopped: {self.error_log()}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
                connection.getresponse().read()
                return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise SystemExit(f"nginx did not answer on 127.0.0.1:{self.port}: {self.error_log()}")

    def error_log(self):
        path = self.folder / "error.log"
        return path.read_text()[-2000:] if path.exists() else ""

    def statuses(self):
        """How nginx answered so far: HIT, MISS, REVALIDATED, UPDATING, STALE, EXPIRED,
        BYPASS, or "-" for what it did not try to cache; the log is flushed each second."""
        time.sleep(1.2)
        path = self.folder / "cache.log"
        lines = path.read_text().split("\n") if path.exists() else []
        return Counter(line.split()[0] for line in lines if line.strip())

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)
