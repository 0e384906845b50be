/*
 * cmd_report.c — `newsprint report`: the clusters of a store as JSON, CSV,
 * Markdown or an HTML page (the writers are in the library, src/report*.c).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

static const char HELP[] =
	"usage: newsprint report [--db PATH] [--format json|csv|md|html] [--min-size N] [-o FILE]\n"
	"\n"
	"The clusters of at least N stories (default 2), largest first, each with its\n"
	"origin (the story the others copied, with a confidence and the evidence) and\n"
	"its members with their similarity to the origin; then the histogram of\n"
	"cluster sizes and the outlet audit (who copies whom, how much, credited or not).\n"
	"\n"
	"  --db PATH        the store (default newsprint.db)\n"
	"  --format F       json  the whole report (default; the shape of docs/cli.md)\n"
	"                   csv   one row per cluster member, RFC 4180, for spreadsheets\n"
	"                   md    Markdown: clusters, size histogram and outlet tables\n"
	"                   html  one self-contained page (no network, no script) with\n"
	"                         SVG charts: size histogram, outlet x origin matrix,\n"
	"                         timelines of the biggest clusters, outlet audit\n"
	"  --min-size N     smallest cluster shown (default 2)\n"
	"  -o FILE          write to FILE instead of standard output\n"
	"\n"
	"With --agencies or --outlets the clusters are attributed anew with those files\n"
	"(in the report only: the store is not changed).\n"
	CLI_ATTRIB_HELP;

static int parse_report_format(const char *s, np_report_format *out)
{
	static const char *const names[] = {"json", "csv", "md", "html"};
	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (np_report_format)i;
			return 0;
		}
	cli_usage_error("report", "--format takes json, csv, md or html, not '%s'", s);
	return -1;
}

static np_status io_error(np_error *err, const char *path)
{
	err->code = NP_EIO;
	snprintf(err->msg, sizeof err->msg, "%s: %s", path, strerror(errno));
	return NP_EIO;
}

/* A report to -o FILE is written to a temporary file beside FILE and
 * renamed over it once whole: a failed write (a full disk) leaves the
 * previous report as it was, never a truncated one. */
typedef struct out_file {
	const char *path; /* FILE, or NULL for standard output */
	char *tmp;        /* FILE.XXXXXX while it is written */
	FILE *f;
} out_file;

static const char TMP_SUFFIX[] = ".XXXXXX";

/* The permissions a new file gets (0666 less the umask), as fopen gives. */
static mode_t new_file_mode(void)
{
	mode_t mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

static np_status out_open(out_file *o, np_error *err)
{
	if (!o->path) {
		o->f = stdout;
		return NP_OK;
	}
	size_t n = strlen(o->path);
	if (!(o->tmp = malloc(n + sizeof TMP_SUFFIX))) {
		errno = ENOMEM;
		return io_error(err, o->path);
	}
	memcpy(o->tmp, o->path, n);
	memcpy(o->tmp + n, TMP_SUFFIX, sizeof TMP_SUFFIX);
	int fd = mkstemp(o->tmp);
	if (fd < 0 || fchmod(fd, new_file_mode()) != 0 || !(o->f = fdopen(fd, "w"))) {
		np_status rc = io_error(err, o->path);
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		return rc;
	}
	return NP_OK;
}

/* Closes the output; with rc NP_OK, puts the report in place. */
static np_status out_close(out_file *o, np_status rc, np_error *err)
{
	if (!o->path || !o->f)
		return rc;
	if (fclose(o->f) != 0 && rc == NP_OK)
		rc = io_error(err, o->path);
	if (rc == NP_OK && rename(o->tmp, o->path) != 0)
		rc = io_error(err, o->path);
	if (rc != NP_OK)
		unlink(o->tmp);
	return rc;
}

static int write_report(const char *db_path, np_report_format fmt, unsigned min_size,
                        const char *out_path)
{
	np_db *db = NULL;
	np_error err = {0};
	out_file out = {.path = out_path};
	np_status rc = cli_open_reading(db_path, NULL, &db, &err);
	if (rc == NP_OK)
		rc = out_open(&out, &err);
	if (rc == NP_OK)
		rc = np_report_write(db, fmt, min_size, out.f, &err);
	rc = out_close(&out, rc, &err);
	free(out.tmp);
	int64_t provisional = 0;
	if (rc == NP_OK) /* (said on standard error too: a CSV has no place for it) */
		rc = np_db_provisional(db, &provisional, &err);
	np_db_close(db, NULL);
	if (rc != NP_OK) {
		fprintf(stderr, "newsprint report: %s\n", err.msg);
		return EXIT_USAGE;
	}
	if (provisional)
		fprintf(stderr, "newsprint report: provisional: %lld stories were stored out of "
		        "canonical order; run 'newsprint reconcile' to make the store final\n",
		        (long long)provisional);
	return EXIT_OK;
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'},      {"format", required_argument, 0, 'f'},
		{"min-size", required_argument, 0, 'm'}, {"help", no_argument, 0, 'h'},
		CLI_ATTRIB_OPTIONS,                      {0, 0, 0, 0},
	};
	const char *db_path = "newsprint.db", *out_path = NULL;
	np_report_format fmt = NP_REPORT_JSON;
	unsigned min_size = 2;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		int arc = cli_attrib_option("report", c, optarg);
		if (arc < 0)
			return EXIT_USAGE;
		if (arc > 0)
			continue;
		switch (c) {
		case 'd': db_path = optarg; break;
		case 'f': if (parse_report_format(optarg, &fmt)) return EXIT_USAGE; break;
		case 'm':
			if (cli_parse_unsigned("report", "--min-size", optarg, &min_size))
				return EXIT_USAGE;
			if (!min_size)
				return cli_usage_error("report", "--min-size takes 1 or more stories, not 0");
			break;
		case 'o':
			if (!*optarg)
				return cli_usage_error("report", "-o takes a file name, not ''");
			out_path = optarg;
			break;
		case 'h': fputs(HELP, stdout); return EXIT_OK;
		default: return cli_usage_error("report", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error("report", "unexpected argument '%s'", argv[optind]);
	return write_report(db_path, fmt, min_size, out_path);
}
