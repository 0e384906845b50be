/*
 * cmd_ingest.c — `newsprint ingest` and `newsprint check`: one loop over
 * the input stories, storing each (ingest) or only deciding (check), with a
 * progress line at a terminal and a summary at the end.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/checkpointer.h"
#include "cli/cli.h"
#include "cli/pipeline.h"

/* A progress line every this many stories: often enough to look alive,
 * rarely enough to cost nothing. */
#define PROGRESS_EVERY 1000

static const char INGEST_HELP[] =
	"usage: newsprint ingest [--db PATH] [--format auto|text|jsonl] [--json] PATH... | -\n"
	"\n"
	"Reads stories (page dumps, JSON Lines, folders read recursively, or - for\n"
	"standard input), fingerprints their bodies, matches them against the store,\n"
	"clusters and stores them. Ends with a summary line on standard error.\n"
	"\n"
	"  --db PATH           the store (default newsprint.db; created if missing)\n"
	"  --json              print one decision per story on standard output\n"
	"  --batch N           stories per write transaction (default 5000): what a\n"
	"                      crash can lose, and what others see late by\n"
	"  --retain T          after ingesting, forget the stories published more\n"
	"                      than T (e.g. 90d, 36h) before the newest stored one,\n"
	"                      as `newsprint forget` does (stories without a\n"
	"                      readable publication time stay)\n"
	"\n"
	"From standard input (-), each story is decided as soon as its line is read:\n"
	"whenever the input pauses, what was decided is committed, then its decisions\n"
	"are printed and flushed, so a decision seen is a story stored.\n"
	CLI_INPUT_HELP
	CLI_PARAM_HELP
	CLI_ATTRIB_HELP
	"\n"
	"A store takes one ingest at a time: a second one is refused with exit 2,\n"
	"naming the process that writes (readers are never refused).\n"
	"\n"
	"Exit status: 0 all stored, 1 some records skipped, 2 usage error or unusable store.\n";

static const char CHECK_HELP[] =
	"usage: newsprint check [--db PATH] [--format auto|text|jsonl] PATH... | -\n"
	"\n"
	"Prints, for each story, the decision ingest would make against the store as\n"
	"it is when check begins (one snapshot for the whole run, whatever an ingest\n"
	"commits meanwhile), one JSON object a line, and writes nothing. From standard\n"
	"input (-), each decision is printed and flushed as soon as its line is read\n"
	"and decided.\n"
	"\n"
	"  --db PATH           the store (default newsprint.db; must exist)\n"
	CLI_INPUT_HELP
	CLI_PARAM_HELP
	"\n"
	"Exit status: 0 all decided, 1 some records skipped, 2 usage error or unusable store.\n";

typedef struct run {
	const char *cmd;
	const char *db_path;
	int store;          /* ingest (1) or check (0) */
	int json;
	int streaming;      /* stories come from standard input, as a writer sends them */
	long read, stored, skipped;
	long by_status[4];
	long bad_records;   /* input that did not parse into a story */
	long invalid_utf8;  /* stories decided with invalid UTF-8 replaced */
	int stopped;        /* a store error ended the run early */
	uint64_t retain;    /* --retain, seconds; 0: keep every story */
	struct timespec t0;
} run;

static double elapsed(const run *r)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - r->t0.tv_sec) + (double)(t.tv_nsec - r->t0.tv_nsec) / 1e9;
}

/* One decision as a JSON line; error and warning may be NULL. */
static void print_decision(const char *id, const np_decision *d, const char *error,
                           const char *warning)
{
	char *text = np_decision_json(id, d, error, warning);
	if (text)
		puts(text);
	np_free(text);
}

static void progress(const run *r)
{
	if (r->read % PROGRESS_EVERY == 0 && cli_stderr_is_tty())
		fprintf(stderr, "\r%s: %ld stories, %.0f/s ", r->cmd, r->read,
		        r->read / (elapsed(r) > 0 ? elapsed(r) : 1));
}

/* A record the reader could not turn into a story. */
static void bad_record(run *r, const np_error *err)
{
	r->bad_records++;
	r->skipped++;
	fprintf(stderr, "newsprint %s: skipped: %s\n", r->cmd, err->msg);
	if (r->json) {
		np_decision d = {.status = NP_SKIPPED};
		print_decision(NULL, &d, err->msg, NULL);
	}
}

/* A story with invalid UTF-8 (a stray Latin-1 byte, a cut sequence) is
 * kept as given and decided on the rest of its text, where U+FFFD stands
 * for each bad sequence: a few odd bytes are no reason to lose a story, but
 * they are said. Fills warning (n bytes) and returns it, or NULL. */
static const char *utf8_warning(run *r, const np_story *s, const np_decision *d,
                                const np_fingerprint *fp, char *warning, size_t n)
{
	size_t bad = s->n_invalid_utf8 + (fp ? fp->n_invalid : 0);
	if (d->status == NP_SKIPPED || !bad)
		return NULL;
	r->invalid_utf8++;
	snprintf(warning, n, "%zu invalid UTF-8 sequence%s replaced by U+FFFD", bad,
	         bad == 1 ? "" : "s");
	fprintf(stderr, "newsprint %s: warning: %s: %s\n", r->cmd, s->id, warning);
	return warning;
}

static void count_decision(run *r, const np_story *s, const np_decision *d,
                           const np_fingerprint *fp)
{
	char buf[128];
	r->by_status[d->status]++;
	if (d->status == NP_SKIPPED) {
		r->skipped++;
		fprintf(stderr, "newsprint %s: skipped %s: %s\n", r->cmd, s->id ? s->id : "(no id)",
		        d->reason ? d->reason : "");
	} else {
		r->stored += r->store;
	}
	const char *warning = utf8_warning(r, s, d, fp, buf, sizeof buf);
	if (r->json)
		print_decision(s->id, d, NULL, warning);
}

/* The one-line summary. After a store error the stories of the batch that
 * was open are rolled back, so the decided ones are not all stored: the
 * line says "decided" then, and how to finish. */
static void summary(const run *r)
{
	if (cli_stderr_is_tty())
		fputc('\n', stderr);
	long decided = r->by_status[NP_NEW] + r->by_status[NP_DUPLICATE] +
	               r->by_status[NP_NEAR_DUPLICATE];
	fprintf(stderr,
	        "%s: read %ld, %s %ld (new %ld, duplicate %ld, near-duplicate %ld), skipped %ld "
	        "(bad records %ld, not stored %ld)",
	        r->cmd, r->read, r->store && !r->stopped ? "stored" : "decided", decided,
	        r->by_status[NP_NEW], r->by_status[NP_DUPLICATE], r->by_status[NP_NEAR_DUPLICATE],
	        r->skipped, r->bad_records, r->by_status[NP_SKIPPED]);
	if (r->invalid_utf8)
		fprintf(stderr, ", with invalid UTF-8 %ld", r->invalid_utf8);
	fprintf(stderr, " in %.2f s\n", elapsed(r));
	if (r->stopped && r->store)
		fprintf(stderr, "%s: stopped by the error above; the stories not yet committed were "
		        "rolled back: run the same ingest again to store them (stored ones are "
		        "skipped)\n", r->cmd);
}

/* Whether a page is stored under the path it was read by: a store made
 * before page ids were canonical (the path relative to the folder given)
 * holds its pages under their paths as typed then, and ingesting the same
 * folder typed the same way again must not store them twice. Fills d. */
static np_status stored_by_path(np_db *db, const np_story *s, np_decision *d, np_error *err)
{
	int found = 0;
	char reason[NP_ERRMSG_MAX];
	np_status rc = s->path_id ? np_db_contains(db, s->path_id, &found, err) : NP_OK;
	if (rc != NP_OK || !found)
		return rc;
	snprintf(reason, sizeof reason, "id already stored (as %s)", s->path_id);
	d->status = NP_SKIPPED;
	if ((d->reason = strdup(reason)))
		return NP_OK;
	snprintf(err->msg, sizeof err->msg, "out of memory");
	return err->code = NP_ENOMEM;
}

/* Decides (and with ingest stores) one signed story; -1 after a fatal
 * error (reported). */
static int one_story(run *r, np_db *db, pipeline_item *it)
{
	if (it->rc == NP_EINPUT) {
		bad_record(r, &it->err);
		return 0;
	}
	np_decision d = {0};
	np_error err = it->err;
	np_status rc = it->rc;
	if (rc == NP_OK)
		rc = stored_by_path(db, it->s, &d, &err);
	if (rc == NP_OK && d.status != NP_SKIPPED)
		rc = r->store ? np_ingest_signed(db, it->s, it->fp, &d, &err)
		              : np_check_signed(db, it->s, it->fp, &d, &err);
	if (rc == NP_OK)
		count_decision(r, it->s, &d, it->fp);
	else
		fprintf(stderr, "newsprint %s: %s\n", r->cmd, err.msg);
	np_decision_clear(&d);
	return rc == NP_OK ? 0 : -1;
}

/* The input paused: a writer waits for the decisions sent. ingest commits
 * what it decided before they are seen, so that a decision a writer has
 * read is a story stored. 0, or -1 after a store error (reported). */
static int paused(run *r, np_db *db)
{
	np_error err = {0};
	if (r->store && np_db_flush(db, &err) != NP_OK) {
		fprintf(stderr, "newsprint %s: %s\n", r->cmd, err.msg);
		return -1;
	}
	fflush(stdout);
	return 0;
}

/* Every story of the reader, read and signed on a second thread. Returns 0,
 * or -1 after a fatal error (already reported). */
static int each_story(run *r, np_db *db, np_reader *rd)
{
	pipeline *pl = pipeline_start(rd, np_db_params(db), r->db_path);
	if (!pl) {
		fprintf(stderr, "newsprint %s: cannot start the reading thread\n", r->cmd);
		np_reader_free(rd);
		return -1;
	}
	pipeline_item it;
	int fatal = 0;
	while (!fatal && !(r->streaming && !pipeline_ready(pl) && (fatal = paused(r, db))) &&
	       !pipeline_next(pl, &it)) {
		r->read++;
		fatal = one_story(r, db, &it);
		np_story_free(it.s);
		np_fingerprint_free(it.fp);
		progress(r);
	}
	pipeline_stop(pl);
	return fatal;
}

/* Forgets the stories older than --retain; 0, or -1 (reported). */
static int retain(const run *r, np_db *db)
{
	size_t n = 0;
	np_error err = {0};
	if (np_forget_older(db, (int64_t)r->retain, &n, &err) != NP_OK) {
		fprintf(stderr, "newsprint %s: --retain: %s\n", r->cmd, err.msg);
		return -1;
	}
	fprintf(stderr, "newsprint %s: --retain: %zu stories forgotten\n", r->cmd, n);
	return 0;
}

static int run_stories(run *r, const char *db_path, const cli_input *in, const np_params *p,
                       char **paths, int n_paths)
{
	np_db *db = NULL;
	np_reader *rd = NULL;
	np_error err = {0};
	np_status rc = r->store ? np_db_open(&db, db_path, NP_OPEN_READWRITE, p, &err)
	                        : cli_open_reading(db_path, p, &db, &err);
	if (rc == NP_OK)
		rc = cli_open_reader(in, paths, (size_t)n_paths, &rd, &err);
	if (rc != NP_OK) {
		fprintf(stderr, "newsprint %s: %s\n", r->cmd, err.msg);
		np_db_close(db, NULL);
		return EXIT_USAGE;
	}
	clock_gettime(CLOCK_MONOTONIC, &r->t0);
	r->db_path = db_path;
	for (int i = 0; i < n_paths; i++)
		r->streaming |= strcmp(paths[i], "-") == 0;
	checkpointer *cp = r->store ? checkpointer_start(db_path, np_db_params(db)) : NULL;
	/* (a failure leaves the writer checkpointing on its own limit) */
	if (cp)
		(void)np_db_set_wal_limit(db, NP_WAL_LIMIT_WITH_CHECKPOINTER, NULL);
	int fatal = each_story(r, db, rd); /* the pipeline frees the reader */
	checkpointer_stop(cp);
	if (!fatal && r->retain && retain(r, db))
		fatal = -1;
	if (np_db_close(db, &err) != NP_OK) {
		fprintf(stderr, "newsprint %s: %s\n", r->cmd, err.msg);
		fatal = -1;
	}
	r->stopped = fatal != 0;
	summary(r);
	if (fatal)
		return EXIT_USAGE;
	return r->skipped ? EXIT_SKIPPED : EXIT_OK;
}

static int ingest_or_check(int argc, char **argv, int store)
{
	const char *cmd = store ? "ingest" : "check";
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, CLI_INPUT_OPTIONS,
		{"json", no_argument, 0, 'j'},     {"help", no_argument, 0, 'h'},
		{"batch", required_argument, 0, 'b'}, {"retain", required_argument, 0, 'R'},
		CLI_PARAM_OPTIONS,                 CLI_ATTRIB_OPTIONS,
		{0, 0, 0, 0},
	};
	run r = {.cmd = cmd, .store = store, .json = !store};
	const char *db_path = "newsprint.db";
	cli_input in = {NP_FORMAT_AUTO, NULL};
	np_params p = NP_PARAMS_INIT;
	int given = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		int irc = cli_input_option(cmd, c, optarg, &in);
		if (irc < 0)
			return EXIT_USAGE;
		if (irc > 0)
			continue;
		int prc = cli_param_option(cmd, c, optarg, &p, &given);
		if (prc < 0)
			return EXIT_USAGE;
		if (prc > 0)
			continue;
		int arc = cli_attrib_option(cmd, c, optarg);
		if (arc < 0)
			return EXIT_USAGE;
		if (arc > 0)
			continue;
		switch (c) {
		case 'd': db_path = optarg; break;
		case 'j': r.json = 1; break;
		case 'b':
			if (!store)
				return cli_usage_error(cmd, "--batch is for ingest: check writes nothing");
			if (cli_parse_unsigned(cmd, "--batch", optarg, &p.batch))
				return EXIT_USAGE;
			if (!p.batch)
				return cli_usage_error(cmd, "--batch takes 1 or more stories, not 0");
			given = 1;
			break;
		case 'R':
			if (!store)
				return cli_usage_error(cmd, "--retain is for ingest: check writes nothing");
			if (cli_parse_duration(cmd, "--retain", optarg, &r.retain))
				return EXIT_USAGE;
			break;
		case 'h': fputs(store ? INGEST_HELP : CHECK_HELP, stdout); return EXIT_OK;
		default: return cli_usage_error(cmd, "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage_error(cmd, "no input: give files, folders or - for standard input");
	if (given && cli_check_params(cmd, &p))
		return EXIT_USAGE;
	return run_stories(&r, db_path, &in, given ? &p : NULL, argv + optind, argc - optind);
}

int cmd_ingest(int argc, char **argv)
{
	return ingest_or_check(argc, argv, 1);
}

int cmd_check(int argc, char **argv)
{
	return ingest_or_check(argc, argv, 0);
}
