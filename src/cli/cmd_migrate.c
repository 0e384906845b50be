/*
 * cmd_migrate.c — `newsprint migrate --from STORE --to STORE`: copies a
 * store into a new or empty one, SQLite or PostgreSQL either way
 * (np_migrate), with a progress line at a terminal and a summary line.
 */
#include <getopt.h>
#include <stdio.h>
#include <time.h>

#include "cli/cli.h"

static const char HELP[] =
	"usage: newsprint migrate --from STORE --to STORE\n"
	"\n"
	"Copies the store FROM into the store TO: every story with its fingerprints,\n"
	"credits and rails, the clusters and their origins, the passage tier's rows,\n"
	"outlet templates and the parameters the store was made with. Sids, cluster\n"
	"ids and the schema version are kept, so `report` on the copy prints what\n"
	"it prints on FROM, and ingesting into the copy decides as FROM would.\n"
	"\n"
	"  --from STORE   the store to copy: a SQLite file's path or a PostgreSQL\n"
	"                 connection string (postgresql://... or postgres://...)\n"
	"  --to STORE     where to copy it, either kind: a new store, or an empty\n"
	"                 one (a store holding stories or parameters is refused)\n"
	"\n"
	"Both stores must hold the same tables and columns (one schema version).\n"
	"FROM is read in one snapshot, so an ingest may go on writing it; the\n"
	"copy is one transaction on TO: stopped half-way (an error, a killed\n"
	"process), TO holds nothing of it. A progress line is shown at a terminal;\n"
	"a summary line (tables, rows, stories) ends the run on standard error.\n"
	"\n"
	"Exit status: 0 copied, 2 usage error, unusable store or failed copy.\n";

typedef struct progress_line {
	int tty;
	struct timespec t0;
} progress_line;

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void show_progress(void *ctx, const char *table, uint64_t table_rows, uint64_t rows)
{
	const progress_line *p = ctx;
	if (p->tty)
		fprintf(stderr, "\rmigrate: %s: %llu rows, %llu in all, %.0f s   ", table,
		        (unsigned long long)table_rows, (unsigned long long)rows,
		        seconds_since(&p->t0));
}

/* The options: 1 with from and to set; 0 after --help; -1 on a usage error. */
static int options(int argc, char **argv, const char **from, const char **to)
{
	static const struct option opts[] = {
		{"from", required_argument, 0, 'f'}, {"to", required_argument, 0, 't'},
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': *from = optarg; break;
		case 't': *to = optarg; break;
		case 'h': fputs(HELP, stdout); return 0;
		default: cli_usage_error("migrate", "unknown option (see --help)"); return -1;
		}
	}
	if (optind < argc) {
		cli_usage_error("migrate", "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (!**from || !**to) {
		cli_usage_error("migrate", "give both --from STORE and --to STORE");
		return -1;
	}
	return 1;
}

int cmd_migrate(int argc, char **argv)
{
	const char *from = "", *to = "";
	int orc = options(argc, argv, &from, &to);
	if (orc <= 0)
		return orc ? EXIT_USAGE : EXIT_OK;
	progress_line p = {.tty = cli_stderr_is_tty()};
	clock_gettime(CLOCK_MONOTONIC, &p.t0);
	np_migrate_stats stats = {0};
	np_error err = {0};
	np_status rc = np_migrate(from, to, show_progress, &p, &stats, &err);
	if (p.tty)
		fputc('\n', stderr);
	if (rc != NP_OK) {
		fprintf(stderr, "newsprint migrate: %s\n", err.msg);
		return EXIT_USAGE;
	}
	fprintf(stderr, "migrate: copied %zu tables, %llu rows, %lld stories in %.2f s\n",
	        stats.tables, (unsigned long long)stats.rows, (long long)stats.stories,
	        seconds_since(&p.t0));
	return EXIT_OK;
}
