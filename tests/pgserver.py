"""pgserver.py — a private PostgreSQL server for a test: made with initdb in a
temporary folder, started with pg_ctl on a Unix socket in that folder and a
free loopback port, with one database; stopped and removed at the end, also
when the test fails or is killed with SIGTERM (meson's timeout).

    with PgServer() as pg:                 # trust authentication
        url = pg.url()                     # postgresql://postgres@127.0.0.1:PORT/newsprint
        pg.psql("SELECT count(*) FROM stories")
        pg.restart()                       # the same port, socket and data
    with PgServer(password="secret") as pg:   # scram-sha-256 over TCP
        pg.url(password="secret")

initdb refuses to run as root: as root every server program runs as the
`postgres` user (runuser), who is given the folder; otherwise as the current
user. The superuser is always named `postgres`. The binaries are found with
pg_config --bindir, else in the newest /usr/lib/postgresql/N/bin.
"""

import atexit
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import urllib.parse

SUPERUSER = "postgres"
DATABASE = "newsprint"
# Server settings for tests: durability is not what a test measures, and a
# server that syncs every commit makes an ingest of 10,000 stories wait on
# the disk. A restart (pg_ctl restart, fast shutdown) still keeps every
# commit: the data is written out at shutdown.
TEST_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
                 "listen_addresses": "127.0.0.1", "max_connections": "40",
                 "shared_buffers": "64MB"}
# How long pg_ctl waits for the server to start or stop, in seconds (a loaded
# 2-core host takes a few).
START_TIMEOUT = 60

_live = []  # servers to stop at exit, whatever ends the test


def _stop_all():
    for server in list(_live):
        server.stop()


def _on_sigterm(signum, frame):
    raise SystemExit(128 + signum)  # unwinds with-blocks, then atexit


atexit.register(_stop_all)
if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
    signal.signal(signal.SIGTERM, _on_sigterm)


def bindir():
    """The folder of initdb, pg_ctl and psql."""
    try:
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True,
                             check=True).stdout.strip()
        if os.path.exists(os.path.join(out, "initdb")):
            return out
    except (OSError, subprocess.CalledProcessError):
        pass
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if not found:
        raise RuntimeError("no PostgreSQL server programs (install the Debian package postgresql)")
    return os.path.dirname(found[-1])


def free_port():
    """A loopback TCP port nobody listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """A private server; a context manager (start on enter, stop on exit)."""

    def __init__(self, password=None, settings=None):
        self.password = password
        self.settings = dict(TEST_SETTINGS, **(settings or {}))
        self.bin = bindir()
        self.dir = None
        self.port = None

    # -- paths and commands -------------------------------------------------
    @property
    def data(self):
        return os.path.join(self.dir, "data")

    @property
    def socket_dir(self):
        return self.dir

    def _as_owner(self, argv):
        """argv run as the server's owner: postgres when we are root."""
        if os.geteuid() == 0:
            return ["runuser", "-u", SUPERUSER, "--"] + argv
        return argv

    def _run(self, prog, *args, check=True, input=None):
        argv = self._as_owner([os.path.join(self.bin, prog), *args])
        p = subprocess.run(argv, capture_output=True, text=True, input=input)
        if check and p.returncode != 0:
            raise RuntimeError(f"{prog} {' '.join(args)} failed ({p.returncode}):\n"
                               f"{p.stdout}{p.stderr}")
        return p

    # -- life ---------------------------------------------------------------
    def start(self):
        self.dir = tempfile.mkdtemp(prefix="np-pg-")
        _live.append(self)
        if os.geteuid() == 0:
            shutil.chown(self.dir, SUPERUSER, SUPERUSER)
        self._initdb()
        self.port = free_port()
        self._pg_ctl("start")
        self._run("createdb", "-h", self.socket_dir, "-p", str(self.port), "-U", SUPERUSER,
                  DATABASE)
        return self

    def _initdb(self):
        args = ["-D", self.data, "-U", SUPERUSER, "-E", "UTF8", "--locale=C.UTF-8", "-N"]
        if self.password is None:
            args += ["--auth=trust"]
        else:
            pwfile = os.path.join(self.dir, "pwfile")
            with open(pwfile, "w") as f:
                f.write(self.password + "\n")
            if os.geteuid() == 0:
                shutil.chown(pwfile, SUPERUSER, SUPERUSER)
            args += ["--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile", pwfile]
        self._run("initdb", *args)

    def _options(self):
        opts = [f"-p {self.port}", f"-k {self.socket_dir}"]
        opts += [f"-c {k}={v}" for k, v in self.settings.items()]
        return " ".join(opts)

    def _pg_ctl(self, action):
        self._run("pg_ctl", action, "-D", self.data, "-w", "-t", str(START_TIMEOUT),
                  "-l", os.path.join(self.dir, "server.log"), "-o", self._options())

    def restart(self):
        """Stops the server (fast: open sessions are ended) and starts it again
        on the same port and socket, with the same data."""
        self._pg_ctl("restart")

    def kill(self):
        """Stops the server at once (immediate: no shutdown checkpoint)."""
        self._run("pg_ctl", "stop", "-D", self.data, "-m", "immediate", "-w", check=False)

    def start_again(self):
        """Starts a server stopped with kill()."""
        self._pg_ctl("start")

    def stop(self):
        """Stops the server and removes its folder; harmless twice."""
        if self.dir is None:
            return
        if os.path.exists(os.path.join(self.data, "postmaster.pid")):
            self._run("pg_ctl", "stop", "-D", self.data, "-m", "immediate", "-w", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None
        if self in _live:
            _live.remove(self)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    # -- what a test uses ---------------------------------------------------
    def url(self, database=DATABASE, password=None, user=SUPERUSER):
        """A libpq URL over TCP to the loopback port."""
        auth = urllib.parse.quote(user, safe="")
        if password is not None:
            auth += ":" + urllib.parse.quote(password, safe="")
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{database}"

    def socket_url(self, database=DATABASE):
        """A libpq URL over the Unix socket (host= in the query string)."""
        host = urllib.parse.quote(self.socket_dir, safe="")
        return f"postgresql://{SUPERUSER}@/{database}?host={host}&port={self.port}"

    def psql(self, sql, database=DATABASE):
        """Rows of one query (over the socket, as the superuser), each a
        tuple of strings (NULL as None)."""
        p = self._run("psql", "-X", "-q", "-A", "-t", "-F", "\x1f", "-R", "\x1e", "-P",
                      "null=\x1d", "-v", "ON_ERROR_STOP=1", "-h", self.socket_dir, "-p",
                      str(self.port), "-U", SUPERUSER, "-d", database, "-c", sql)
        rows = [r for r in p.stdout.rstrip("\n").split("\x1e") if r != ""]
        return [tuple(None if v == "\x1d" else v for v in r.split("\x1f")) for r in rows]

    def createdb(self, name):
        """Another database on this server."""
        self._run("createdb", "-h", self.socket_dir, "-p", str(self.port), "-U", SUPERUSER,
                  name)
