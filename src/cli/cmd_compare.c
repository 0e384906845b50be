/*
 * cmd_compare.c — `newsprint compare A B`: how alike two stories are.
 */
#include <getopt.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "cli/cli.h"

static const char HELP[] =
	"usage: newsprint compare [--db PATH] [--format auto|text|jsonl] [options] A B\n"
	"\n"
	"Similarity of two stories, each a file (its first story) or the id of a\n"
	"story in the store: Jaccard of their body shingles (estimated from the\n"
	"MinHash signatures and exact), containment both ways (the share of one's\n"
	"shingles found in the other) and the SimHash Hamming distance; then the\n"
	"passages they share, aligned word by word: the share of each body in them,\n"
	"the derivation class (wholly or partially derived, or null) and each\n"
	"passage with its word positions in A and B and its normalized words.\n"
	"Two stories of one outlet are never partially derived (its follow-ups\n"
	"repeat its own background). A story with no body is named on standard\n"
	"error, its scores are 0, and the exit status is 1.\n"
	"\n"
	"  --db PATH      a store to find ids in and take parameters from\n"
	"                 (default newsprint.db, when it exists)\n"
	CLI_INPUT_HELP
	CLI_PARAM_HELP;

/* [from, to) as a JSON pair. */
static cJSON *span_json(uint32_t from, uint32_t words)
{
	cJSON *s = cJSON_CreateArray();
	cJSON_AddItemToArray(s, cJSON_CreateNumber(from));
	cJSON_AddItemToArray(s, cJSON_CreateNumber((double)from + words));
	return s;
}

/* The shared passages of a and b, as the passage tier aligns them. */
static cJSON *passages_json(const np_passages *ps)
{
	cJSON *o = cJSON_CreateObject();
	if (ps->derivation)
		cJSON_AddStringToObject(o, "derivation", ps->derivation);
	else
		cJSON_AddNullToObject(o, "derivation");
	cJSON_AddStringToObject(o, "copy", ps->copy_is_a ? "a" : "b");
	cJSON_AddNumberToObject(o, "words_a", ps->words_a);
	cJSON_AddNumberToObject(o, "words_b", ps->words_b);
	cJSON_AddNumberToObject(o, "a_in_b", cli_round3(ps->a_in_b));
	cJSON_AddNumberToObject(o, "b_in_a", cli_round3(ps->b_in_a));
	cJSON_AddNumberToObject(o, "overlap", cli_round3(ps->overlap));
	cJSON_AddNumberToObject(o, "shared_words", ps->shared_words);
	cJSON_AddNumberToObject(o, "source_share", cli_round3(ps->source_share));
	cJSON *list = cJSON_AddArrayToObject(o, "shared");
	for (size_t i = 0; i < ps->n; i++) {
		cJSON *p = cJSON_CreateObject();
		cJSON_AddItemToObject(p, "a", span_json(ps->v[i].a, ps->v[i].words));
		cJSON_AddItemToObject(p, "b", span_json(ps->v[i].b, ps->v[i].words));
		cJSON_AddNumberToObject(p, "words", ps->v[i].words);
		cJSON_AddStringToObject(p, "text", ps->v[i].text);
		cJSON_AddItemToArray(list, p);
	}
	return o;
}

static void print_comparison(const np_story *a, const np_story *b, const np_fingerprint *fa,
                             const np_fingerprint *fb, const np_passages *ps)
{
	size_t both = np_shingles_shared(fa, fb);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "a", a->id ? a->id : "");
	cJSON_AddStringToObject(o, "b", b->id ? b->id : "");
	cJSON_AddNumberToObject(o, "shingles_a", fa->n_shingles);
	cJSON_AddNumberToObject(o, "shingles_b", fb->n_shingles);
	cJSON_AddNumberToObject(o, "shared_shingles", (double)both);
	cJSON_AddNumberToObject(o, "jaccard_estimate", cli_round3(np_jaccard_estimate(fa, fb)));
	cJSON_AddNumberToObject(o, "jaccard_exact", cli_round3(np_jaccard_exact(fa, fb)));
	cJSON_AddNumberToObject(o, "containment_a_in_b",
	                        cli_round3(fa->n_shingles ? (double)both / fa->n_shingles : 0));
	cJSON_AddNumberToObject(o, "containment_b_in_a",
	                        cli_round3(fb->n_shingles ? (double)both / fb->n_shingles : 0));
	cJSON_AddNumberToObject(o, "simhash_distance", np_simhash_distance(fa, fb));
	cJSON_AddItemToObject(o, "passages", passages_json(ps));
	char *text = cJSON_Print(o);
	if (text)
		puts(text);
	free(text);
	cJSON_Delete(o);
}

/* Says so when s has no body to compare (a page whose body was not found,
 * a record without text): its scores are all 0. */
static int warn_empty(const np_story *s, const np_fingerprint *fp)
{
	if (fp->n_shingles)
		return 0;
	fprintf(stderr, "newsprint compare: %s: empty body: nothing to compare\n",
	        s->id ? s->id : "(no id)");
	return 1;
}

static int compare(const char *db_path, int db_given, const cli_input *in, np_params *p,
                   const char *what_a, const char *what_b)
{
	np_db *db = NULL;
	np_error err = {0};
	struct stat sb;
	if ((db_given || stat(db_path, &sb) == 0) &&
	    cli_open_reading(db_path, p, &db, &err) != NP_OK) {
		fprintf(stderr, "newsprint compare: %s\n", err.msg);
		return EXIT_USAGE;
	}
	np_params defaults;
	np_params_default(&defaults, NP_PARAMS_VERSION, NULL);
	np_params_fill(p, db ? np_db_params(db) : &defaults, NULL); /* both of p's version */
	np_story *a = cli_load_story("compare", what_a, db, in);
	np_story *b = a ? cli_load_story("compare", what_b, db, in) : NULL;
	np_fingerprint *fa = NULL, *fb = NULL;
	np_passages ps = {0};
	int status = EXIT_USAGE;
	if (a && b && np_sign(p, a, 1, &fa, &err) == NP_OK && np_sign(p, b, 1, &fb, &err) == NP_OK &&
	    np_passages_compare(db, p, a, b, &ps, &err) == NP_OK) {
		print_comparison(a, b, fa, fb, &ps);
		status = warn_empty(a, fa) | warn_empty(b, fb) ? EXIT_SKIPPED : EXIT_OK;
	} else if (a && b) {
		fprintf(stderr, "newsprint compare: %s\n", err.msg);
	}
	np_passages_free(&ps);
	np_fingerprint_free(fa);
	np_fingerprint_free(fb);
	np_story_free(a);
	np_story_free(b);
	np_db_close(db, NULL);
	return status;
}

int cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, CLI_INPUT_OPTIONS,
		{"help", no_argument, 0, 'h'},     CLI_PARAM_OPTIONS,
		{0, 0, 0, 0},
	};
	const char *db_path = "newsprint.db";
	int db_given = 0, given = 0, c;
	cli_input in = {NP_FORMAT_AUTO, NULL};
	np_params p = NP_PARAMS_INIT;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		int irc = cli_input_option("compare", c, optarg, &in);
		if (irc < 0)
			return EXIT_USAGE;
		if (irc > 0)
			continue;
		int prc = cli_param_option("compare", c, optarg, &p, &given);
		if (prc < 0)
			return EXIT_USAGE;
		if (prc > 0)
			continue;
		switch (c) {
		case 'd': db_path = optarg; db_given = 1; break;
		case 'h': fputs(HELP, stdout); return EXIT_OK;
		default: return cli_usage_error("compare", "unknown option");
		}
	}
	if (argc - optind != 2)
		return cli_usage_error("compare", "give exactly two stories (files or stored ids)");
	return compare(db_path, db_given, &in, &p, argv[optind], argv[optind + 1]);
}
