/*
 * cli_util.c — option parsing and messages shared by the commands.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "newsprint %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'newsprint %s --help')\n", cmd);
	return EXIT_USAGE;
}

int cli_parse_format(const char *cmd, const char *s, np_format *out)
{
	if (strcmp(s, "auto") == 0)
		*out = NP_FORMAT_AUTO;
	else if (strcmp(s, "text") == 0)
		*out = NP_FORMAT_TEXT;
	else if (strcmp(s, "jsonl") == 0)
		*out = NP_FORMAT_JSONL;
	else {
		cli_usage_error(cmd, "--format takes auto, text or jsonl, not '%s'", s);
		return -1;
	}
	return 0;
}

int cli_parse_unsigned(const char *cmd, const char *opt, const char *s, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v > 0xFFFFFFFFUL) {
		cli_usage_error(cmd, "%s takes a whole number, not '%s'", opt, s);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

int cli_parse_double(const char *cmd, const char *opt, const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end) {
		cli_usage_error(cmd, "%s takes a number, not '%s'", opt, s);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_parse_duration(const char *cmd, const char *opt, const char *s, uint64_t *out)
{
	static const struct { char unit; uint64_t seconds; } UNITS[] = {
		{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 604800},
	};
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	uint64_t mult = 0;
	for (size_t i = 0; i < sizeof UNITS / sizeof UNITS[0]; i++)
		if (*end == UNITS[i].unit && end[1] == '\0')
			mult = UNITS[i].seconds;
	if (*end == '\0')
		mult = 1;
	if (errno || end == s || s[0] == '-' || !mult || v == 0 || v > UINT64_MAX / mult) {
		cli_usage_error(cmd, "%s takes a duration like 7d, 36h or 90m, not '%s'", opt, s);
		return -1;
	}
	*out = (uint64_t)v * mult;
	return 0;
}

/* A 0 in np_params means "not given", so an option given as 0 would pass
 * for one left out and take the default silently. */
static int given_zero(const char *cmd, int opt, const char *arg, const np_params *p)
{
	static const struct { int opt; const char *name; size_t off; int is_double; } NONZERO[] = {
		{'W', "--shingle-words", offsetof(np_params, shingle_words), 0},
		{'K', "--k", offsetof(np_params, minhash_k), 0},
		{'T', "--threshold", offsetof(np_params, threshold), 1},
		{'C', "--containment", offsetof(np_params, containment), 1},
		{'V', "--passage-overlap", offsetof(np_params, passage_overlap), 1},
		{'S', "--passage-source", offsetof(np_params, passage_source), 1},
	};
	for (size_t i = 0; i < sizeof NONZERO / sizeof NONZERO[0]; i++) {
		if (NONZERO[i].opt != opt)
			continue;
		const char *field = (const char *)p + NONZERO[i].off;
		int zero = NONZERO[i].is_double ? *(const double *)field == 0.0
		                                : *(const unsigned *)field == 0;
		if (zero)
			cli_usage_error(cmd, "%s takes a value above 0, not '%s'", NONZERO[i].name, arg);
		return zero;
	}
	return 0;
}

int cli_param_option(const char *cmd, int opt, const char *arg, np_params *p, int *given)
{
	int rc;
	switch (opt) {
	case 'w': rc = cli_parse_duration(cmd, "--window", arg, &p->window_seconds); break;
	case 'P': p->passages = 1; rc = 0; break;
	case 'W': rc = cli_parse_unsigned(cmd, "--shingle-words", arg, &p->shingle_words); break;
	case 'K': rc = cli_parse_unsigned(cmd, "--k", arg, &p->minhash_k); break;
	case 'T': rc = cli_parse_double(cmd, "--threshold", arg, &p->threshold); break;
	case 'C': rc = cli_parse_double(cmd, "--containment", arg, &p->containment); break;
	case 'V': rc = cli_parse_double(cmd, "--passage-overlap", arg, &p->passage_overlap); break;
	case 'S': rc = cli_parse_double(cmd, "--passage-source", arg, &p->passage_source); break;
	default: return 0;
	}
	*given = 1;
	return rc || given_zero(cmd, opt, arg, p) ? -1 : 1;
}

np_status cli_complete_params(np_params *p, np_error *err)
{
	np_params defaults;
	np_status rc = np_params_default(&defaults, NP_PARAMS_VERSION, err);
	if (rc == NP_OK)
		rc = np_params_fill(p, &defaults, err);
	return rc == NP_OK ? np_params_validate(p, err) : rc;
}

int cli_check_params(const char *cmd, const np_params *given)
{
	np_params p = *given;
	np_error err = {0};
	if (cli_complete_params(&p, &err) == NP_OK)
		return 0;
	fprintf(stderr, "newsprint %s: %s\n", cmd, err.msg);
	return -1;
}

double cli_round3(double x)
{
	return (double)(long long)(x * 1000.0 + 0.5) / 1000.0;
}

int cli_stderr_is_tty(void)
{
	return isatty(STDERR_FILENO);
}

int cli_input_option(const char *cmd, int opt, const char *arg, cli_input *in)
{
	np_error err = {0};
	switch (opt) {
	case 'f':
		return cli_parse_format(cmd, arg, &in->format) ? -1 : 1;
	case 'F':
		in->fetched = arg;
		return 1;
	case 'L':
		if (np_lexicon_load(arg, &err) == NP_OK)
			return 1;
		cli_usage_error(cmd, "--lexicon: %s", err.msg);
		return -1;
	default:
		return 0;
	}
}

int cli_attrib_option(const char *cmd, int opt, const char *arg)
{
	np_error err = {0};
	np_status rc;
	if (opt == 'A')
		rc = np_agencies_load(arg, &err);
	else if (opt == 'O')
		rc = np_outlets_load(arg, &err);
	else
		return 0;
	if (rc == NP_OK)
		return 1;
	cli_usage_error(cmd, "%s: %s", opt == 'A' ? "--agencies" : "--outlets", err.msg);
	return -1;
}

np_status cli_open_reader(const cli_input *in, char *const *paths, size_t n, np_reader **r,
                          np_error *err)
{
	np_status rc = np_reader_open(r, (const char *const *)paths, n, in->format, err);
	if (rc == NP_OK && in->fetched)
		rc = np_reader_set_fetched(*r, in->fetched, err);
	return rc;
}

static np_story *first_story(const char *cmd, const char *path, const cli_input *in)
{
	np_reader *r = NULL;
	np_error err = {0};
	np_story *s = NULL;
	char *paths[] = {(char *)path};
	np_status rc = cli_open_reader(in, paths, 1, &r, &err);
	if (rc == NP_OK)
		rc = np_reader_next(r, &s, &err);
	np_reader_free(r);
	if (rc == NP_DONE)
		fprintf(stderr, "newsprint %s: %s holds no story\n", cmd, path);
	else if (rc != NP_OK)
		fprintf(stderr, "newsprint %s: %s\n", cmd, err.msg);
	return rc == NP_OK ? s : NULL;
}

np_story *cli_load_story(const char *cmd, const char *what, np_db *db, const cli_input *in)
{
	struct stat sb;
	if (strcmp(what, "-") == 0 || stat(what, &sb) == 0 || !db)
		return first_story(cmd, what, in);
	np_story *s = NULL;
	np_error err = {0};
	if (np_db_get_story(db, what, &s, &err) != NP_OK) {
		fprintf(stderr, "newsprint %s: '%s' is neither a file nor a stored story id\n", cmd, what);
		return NULL;
	}
	return s;
}

np_status cli_open_reading(const char *path, const np_params *p, np_db **db, np_error *err)
{
	np_status rc = np_db_open(db, path, NP_OPEN_READONLY, p, err);
	if (rc == NP_OK && (rc = np_db_snapshot(*db, err)) != NP_OK) {
		np_db_close(*db, NULL);
		*db = NULL;
	}
	return rc;
}

int cli_db_options(const char *cmd, int argc, char **argv, const char *help,
                   const char **db_path, int takes_ids)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	int c;
	*db_path = "newsprint.db";
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': *db_path = optarg; break;
		case 'h': fputs(help, stdout); return 0;
		default: cli_usage_error(cmd, "unknown option"); return -1;
		}
	}
	if ((optind < argc) == (takes_ids != 0))
		return 1;
	cli_usage_error(cmd, takes_ids ? "give the id of a stored story"
	                               : "takes no arguments besides --db");
	return -1;
}

int cli_db_ids_options(const char *cmd, int argc, char **argv, const char *help,
                       const char **db_path)
{
	return cli_db_options(cmd, argc, argv, help, db_path, 1);
}
