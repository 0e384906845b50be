/*
 * cli.h — what the newsprint command's files share: the commands, option
 * parsing helpers, and the JSON shapes of stories and decisions.
 */
#ifndef NP_CLI_H
#define NP_CLI_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "newsprint.h"

/* Exit statuses of the command-line contract (docs/cli.md). */
#define EXIT_OK 0
#define EXIT_SKIPPED 1 /* some input records were skipped; the rest went through */
#define EXIT_USAGE 2   /* a usage error or an unusable store */

int cmd_ingest(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_segment(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_links(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_forget(int argc, char **argv);
int cmd_reconcile(int argc, char **argv);
int cmd_migrate(int argc, char **argv);

/* The options of a command taking [--db PATH] ID... (links, forget): 1 with
 * *db_path set and optind at the first id; 0 when --help was printed; -1 on
 * a usage error (reported), no id given included. */
int cli_db_ids_options(const char *cmd, int argc, char **argv, const char *help,
                       const char **db_path);
/* The same for a command taking [--db PATH] and, unless takes_ids, nothing
 * else (reconcile). */
int cli_db_options(const char *cmd, int argc, char **argv, const char *help,
                   const char **db_path, int takes_ids);

/* Prints "newsprint CMD: message" on standard error; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...);

/* Where stories come from: --format, --fetched and --lexicon, shared by
 * every command that reads stories. */
typedef struct cli_input {
	np_format format;
	const char *fetched; /* ISO 8601, or NULL */
} cli_input;

#define CLI_INPUT_OPTIONS                                                              \
	{"format", required_argument, 0, 'f'}, {"fetched", required_argument, 0, 'F'},  \
	{"lexicon", required_argument, 0, 'L'}
#define CLI_INPUT_HELP                                                                 \
	"  --format F          auto (by extension: .jsonl/.ndjson/- are JSON Lines,\n"   \
	"                      anything else a page dump), text or jsonl\n"              \
	"  --fetched ISO       when the pages were fetched: relative dates (\"3 hours\n" \
	"                      ago\") become dates (a record's `fetched` field wins)\n"  \
	"  --lexicon FILE      add the words of a lexicon file (TSV, see\n"              \
	"                      data/lexicon/README.md); may be given again\n"
/* Handles one of CLI_INPUT_OPTIONS: 1 if opt was one (0 otherwise), -1 on a
 * bad value (reported). --lexicon loads the file at once. */
int cli_input_option(const char *cmd, int opt, const char *arg, cli_input *in);

/* Opens a reader over paths as in says. */
np_status cli_open_reader(const cli_input *in, char *const *paths, size_t n, np_reader **r,
                          np_error *err);

/* Option values; each returns 0, or prints a usage error and returns -1. */
int cli_parse_format(const char *cmd, const char *s, np_format *out);
int cli_parse_unsigned(const char *cmd, const char *opt, const char *s, unsigned *out);
int cli_parse_double(const char *cmd, const char *opt, const char *s, double *out);
/* "7d", "36h", "90m", "600s", "2w" or a number of seconds (not 0); -1 on a
 * bad value (reported, naming opt). */
int cli_parse_duration(const char *cmd, const char *opt, const char *s, uint64_t *out);

/* The options that set fingerprint and matching parameters, shared by
 * every command that signs or matches. Fields left 0 are "not given". */
#define CLI_PARAM_OPTIONS                                                          \
	{"shingle-words", required_argument, 0, 'W'}, {"k", required_argument, 0, 'K'},   \
	{"threshold", required_argument, 0, 'T'}, {"containment", required_argument, 0, 'C'},  \
	{"window", required_argument, 0, 'w'}, {"passages", no_argument, 0, 'P'},          \
	{"passage-overlap", required_argument, 0, 'V'},                                    \
	{"passage-source", required_argument, 0, 'S'}
#define CLI_PARAM_HELP                                                              \
	"  --shingle-words N   words per shingle (default 4; fixed per store)\n"        \
	"  --k N               MinHash values per signature, 16..1024 (default 128; fixed per store)\n" \
	"  --threshold J       Jaccard of a near-duplicate (default 0.4)\n"              \
	"  --containment C     share of a copy found in its source (default 0.8)\n"        \
	"  --window T          match only stories published within T of each other\n"   \
	"                      (e.g. 7d, 36h, 90m; default: no window); older stories\n" \
	"                      leave the in-memory index, not the store\n"              \
	"  --passages          also find rewritten copies by their shared passages\n"  \
	"                      (README: Derived stories); fixed when a store is made,\n" \
	"                      and it slows ingest (benchmarks/README.md)\n"            \
	"  --passage-overlap X IDF-weighted share of a copy's words its source holds\n" \
	"                      for a partial derivation (default 0.34)\n"              \
	"  --passage-source X  share of the source's words a partial copy holds too\n" \
	"                      (default 0.25)\n"
/* Handles one of CLI_PARAM_OPTIONS: 1 if opt was one (0 otherwise), -1 on a bad value. */
int cli_param_option(const char *cmd, int opt, const char *arg, np_params *p, int *given);

/* Completes p, each field not given taking its default, and checks it. */
np_status cli_complete_params(np_params *p, np_error *err);

/* Checks the values given (the rest default) before a store is opened, so
 * that a refused run makes no store; 0, or -1 after a message. */
int cli_check_params(const char *cmd, const np_params *given);

/* The files attribution reads besides its built-in ones, shared by the
 * commands that attribute (ingest stores origins, report shows them). */
#define CLI_ATTRIB_OPTIONS                                                         \
	{"agencies", required_argument, 0, 'A'}, {"outlets", required_argument, 0, 'O'}
#define CLI_ATTRIB_HELP                                                            \
	"  --agencies FILE     wire agencies to know besides the built-in ones (TSV:\n" \
	"                      name, aliases, dateline forms, domains; see\n"           \
	"                      data/agencies.tsv); may be given again\n"                \
	"  --outlets FILE      outlet kinds to know (TSV: name, kind, aliases, domains;\n" \
	"                      see data/outlets.tsv); may be given again\n"
/* Handles one of CLI_ATTRIB_OPTIONS: 1 if opt was one (0 otherwise), -1 when
 * the file cannot be read (reported). The file is loaded at once. */
int cli_attrib_option(const char *cmd, int opt, const char *arg);

/* A story's segmentation, as `newsprint segment` prints it. */
cJSON *cli_story_json(const np_story *s);

/* Adds key: v to o, invalid UTF-8 in v replaced by U+FFFD (an error
 * message may quote the bytes of a line or a file name). */
void cli_add_valid_string(cJSON *o, const char *key, const char *v);

/* Adds key: v to o, or key: null when v is NULL. */
void cli_add_string_or_null(cJSON *o, const char *key, const char *v);

/* The first story of a file, or of a stored id when no such file exists. */
np_story *cli_load_story(const char *cmd, const char *what, np_db *db, const cli_input *in);

/* Opens a store read-only with one snapshot for the whole answer
 * (np_db_snapshot): what a writer commits meanwhile is not seen half. */
np_status cli_open_reading(const char *path, const np_params *p, np_db **db, np_error *err);

/* x to three decimals: scores are estimates, and three say all they know. */
double cli_round3(double x);

/* 1 when standard error is a terminal (progress lines are shown). */
int cli_stderr_is_tty(void);

#endif
