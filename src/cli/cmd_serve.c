/*
 * cmd_serve.c — `newsprint serve`: opens the store once, builds its index,
 * and answers checks, ingests and reads over HTTP until SIGTERM or SIGINT
 * (serve.h tells how the work is shared between threads).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cli/checkpointer.h"
#include "cli/cli.h"
#include "cli/serve_http.h"

/* How long shutdown waits for the requests in flight to be answered: more
 * than a large batch takes, less than a service manager's patience before
 * it kills (systemd's default is 90 s). */
#define SERVE_GRACE_SECONDS 20
/* Loopback: a service that decides what is stored is not for the network
 * unless asked (docs/cli.md). */
#define SERVE_DEFAULT_LISTEN "127.0.0.1:8080"
/* Connections the kernel holds before the daemon accepts them. */
#define SERVE_BACKLOG 128

static const char SERVE_HELP[] =
	"usage: newsprint serve [--db PATH] [--listen HOST:PORT | --socket PATH]\n"
	"\n"
	"Keeps the store open with its index in memory and answers over HTTP with\n"
	"JSON. Prints \"listening on ...\" on standard error once it takes requests.\n"
	"\n"
	"  --db PATH           the store (default newsprint.db; created if missing)\n"
	"  --listen HOST:PORT  where to listen (default 127.0.0.1:8080; port 0 picks\n"
	"                      a free one, and the line printed names it)\n"
	"  --socket PATH       listen on a Unix socket instead\n"
	"\n"
	"  POST /check         a story (a JSON Lines record) or several as JSON Lines:\n"
	"                      the decision ingest would make, one object or one a line\n"
	"  POST /ingest        the same, stored; answered once committed\n"
	"  GET /stories/ID     a story, its cluster, origin and matches\n"
	"  DELETE /stories/ID  forgets the story; answered once committed\n"
	"  GET /clusters/ID    a cluster as the JSON report shows it\n"
	"  GET /health         {\"status\": \"ok\", \"stories\": N}\n"
	"  GET /metrics        counters in Prometheus text format\n"
	"\n"
	"Bad input is answered 400 with {\"error\": ...}, an unknown id or path 404,\n"
	"a wrong method 405, a body over 64 MiB 413. SIGTERM or SIGINT stops taking\n"
	"requests, answers those in flight, commits and exits 0.\n"
	"The store is written by this process alone (another ingest is refused);\n"
	"report, check and readers of other processes may read it meanwhile.\n"
	"\n"
	"Exit status: 0 stopped by a signal, 2 usage error, unusable store or address.\n";

typedef struct serve_opts {
	const char *db_path;
	const char *listen;
	const char *socket;
} serve_opts;

/* host:port split at the last colon ([::1]:80 takes its brackets off). */
static int split_host(char *spec, char **host, char **port)
{
	char *colon = strrchr(spec, ':');
	if (!colon || colon == spec || !colon[1])
		return -1;
	*colon = '\0';
	*host = spec;
	*port = colon + 1;
	size_t n = strlen(spec);
	if (spec[0] == '[' && spec[n - 1] == ']') {
		spec[n - 1] = '\0';
		*host = spec + 1;
	}
	return 0;
}

/* A bound, listening TCP socket for spec, or -1 with msg set. */
static int listen_tcp(const char *spec, char *msg, size_t n)
{
	char buf[256], *host, *port;
	snprintf(buf, sizeof buf, "%s", spec);
	if (split_host(buf, &host, &port)) {
		snprintf(msg, n, "--listen takes HOST:PORT, not '%s'", spec);
		return -1;
	}
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
	                         .ai_flags = AI_PASSIVE | AI_NUMERICSERV}, *ai = NULL;
	int rc = getaddrinfo(host, port, &hints, &ai);
	if (rc) {
		snprintf(msg, n, "cannot listen on %s: %s", spec, gai_strerror(rc));
		return -1;
	}
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1;
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, SERVE_BACKLOG)) {
		snprintf(msg, n, "cannot listen on %s: %s", spec, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

/* A bound, listening Unix socket at path (a stale socket file replaced). */
static int listen_unix(const char *path, char *msg, size_t n)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (strlen(path) >= sizeof sa.sun_path) {
		snprintf(msg, n, "the socket path is too long: %s", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	unlink(path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) || listen(fd, SERVE_BACKLOG)) {
		snprintf(msg, n, "cannot listen on %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* Where fd listens, as the "listening on" line says it. */
static void say_listening(int fd, const serve_opts *o)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char host[INET6_ADDRSTRLEN] = "?", port[16] = "?";
	if (o->socket) {
		fprintf(stderr, "newsprint serve: listening on unix:%s\n", o->socket);
		return;
	}
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
		getnameinfo((struct sockaddr *)&ss, len, host, sizeof host, port, sizeof port,
		            NI_NUMERICHOST | NI_NUMERICSERV);
	fprintf(stderr, "newsprint serve: listening on http://%s%s%s:%s\n",
	        ss.ss_family == AF_INET6 ? "[" : "", host, ss.ss_family == AF_INET6 ? "]" : "", port);
}

/* 0 to serve, 1 when --help was printed, -1 after a usage error. */
static int parse_opts(int argc, char **argv, serve_opts *o)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"listen", required_argument, 0, 'l'},
		{"socket", required_argument, 0, 's'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db_path = optarg; break;
		case 'l': o->listen = optarg; break;
		case 's': o->socket = optarg; break;
		case 'h': fputs(SERVE_HELP, stdout); return 1;
		default: return cli_usage_error("serve", "unknown option"), -1;
		}
	}
	if (optind < argc)
		return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]), -1;
	if (o->listen && o->socket)
		return cli_usage_error("serve", "give --listen or --socket, not both"), -1;
	if (!o->socket && !o->listen)
		o->listen = SERVE_DEFAULT_LISTEN;
	return 0;
}

/* Opens the store and builds its index; NULL after a message. */
static np_db *open_store(const char *path, int64_t *stories)
{
	np_db *db = NULL;
	np_error err = {0};
	np_status rc = np_db_open(&db, path, NP_OPEN_READWRITE, NULL, &err);
	if (rc == NP_OK)
		rc = np_db_load_index(db, &err);
	if (rc == NP_OK)
		rc = np_db_count_stories(db, stories, &err);
	if (rc == NP_OK)
		return db;
	fprintf(stderr, "newsprint serve: %s\n", err.msg);
	np_db_close(db, NULL);
	return NULL;
}

/* Serves on fd until SIGTERM or SIGINT (blocked in every thread, taken
 * here); then stops taking requests, answers those in flight, commits. */
static int serve_until_signal(serve_ctx *ctx, int fd, const serve_opts *o, const sigset_t *sigs)
{
	serve_http *h = serve_http_start(ctx, fd);
	if (!h) {
		fprintf(stderr, "newsprint serve: cannot start the HTTP daemon\n");
		return EXIT_USAGE;
	}
	say_listening(fd, o);
	int sig = 0;
	sigwait(sigs, &sig);
	fprintf(stderr, "newsprint serve: %s: finishing the requests in flight\n", strsignal(sig));
	serve_http_stop(h, SERVE_GRACE_SECONDS);
	return EXIT_OK;
}

/* Runs the service over an open store; the exit status. */
static int run(np_db *db, int64_t stories, int fd, const serve_opts *o, const sigset_t *sigs)
{
	serve_ctx ctx = {.params = *np_db_params(db)};
	ctx.metrics = serve_metrics_new();
	ctx.readers = serve_readers_new(o->db_path);
	checkpointer *cp = checkpointer_start(o->db_path, np_db_params(db));
	if (cp) /* (without it the writer checkpoints as often as before) */
		(void)np_db_set_wal_limit(db, NP_WAL_LIMIT_WITH_CHECKPOINTER, NULL);
	ctx.engine = ctx.metrics ? serve_engine_start(db, ctx.metrics, stories) : NULL;
	int status = EXIT_USAGE;
	np_error err = {0};
	if (ctx.engine && ctx.readers)
		status = serve_until_signal(&ctx, fd, o, sigs);
	else
		fprintf(stderr, "newsprint serve: cannot start: out of memory\n");
	if (ctx.engine && serve_engine_stop(ctx.engine, &err) != NP_OK) {
		fprintf(stderr, "newsprint serve: %s\n", err.msg);
		status = EXIT_USAGE;
	}
	checkpointer_stop(cp);
	serve_readers_free(ctx.readers);
	serve_metrics_free(ctx.metrics);
	return status;
}

int cmd_serve(int argc, char **argv)
{
	serve_opts o = {.db_path = "newsprint.db"};
	int rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	/* Blocked before any thread starts, so that every thread inherits it
	 * and the signals wait for sigwait; a closed client is an error to
	 * write, not a SIGPIPE that ends the process. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	char msg[NP_ERRMSG_MAX];
	int fd = o.socket ? listen_unix(o.socket, msg, sizeof msg) : listen_tcp(o.listen, msg, sizeof msg);
	if (fd < 0)
		return cli_usage_error("serve", "%s", msg);
	int64_t stories = 0;
	np_db *db = open_store(o.db_path, &stories);
	int status = db ? run(db, stories, fd, &o, &sigs) : EXIT_USAGE;
	np_error err = {0};
	if (db && np_db_close(db, &err) != NP_OK) {
		fprintf(stderr, "newsprint serve: %s\n", err.msg);
		status = EXIT_USAGE;
	}
	close(fd);
	if (o.socket)
		unlink(o.socket);
	return status;
}
