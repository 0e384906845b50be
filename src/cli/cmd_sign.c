/*
 * cmd_sign.c — `newsprint sign`: the fingerprints of each story, one JSON
 * line each.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>

#include "cli/cli.h"

static const char HELP[] =
	"usage: newsprint sign [--format auto|text|jsonl] [options] PATH... | -\n"
	"\n"
	"Prints one JSON line per story: its id, the number of distinct shingles of\n"
	"its body, of rail headlines and of invalid UTF-8 sequences replaced; the\n"
	"SimHash-64 and the XXH3-128 content hash of the normalized body as hex; and\n"
	"three MinHash signatures as hex (8 digits per value): the body's, its lead's\n"
	"(the first shingles) and the rails' (the related-story headlines).\n"
	"\n"
	CLI_INPUT_HELP
	CLI_PARAM_HELP;

/* A signature as hex, 8 digits per value (malloc'd). */
static char *hex_sig(const uint32_t *sig, unsigned k)
{
	char *s = malloc((size_t)k * 8 + 1);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (unsigned i = 0; i < k; i++)
		snprintf(s + 8 * i, 9, "%08" PRIx32, sig[i]);
	return s;
}

static void add_hex_sig(cJSON *o, const char *key, const uint32_t *sig, unsigned k)
{
	char *hex = hex_sig(sig, k);
	cJSON_AddStringToObject(o, key, hex ? hex : "");
	free(hex);
}

static void print_fingerprint(const np_story *s, const np_fingerprint *fp)
{
	char simhash[17], content[33];
	snprintf(simhash, sizeof simhash, "%016" PRIx64, fp->simhash);
	snprintf(content, sizeof content, "%016" PRIx64 "%016" PRIx64, fp->content_hash[0],
	         fp->content_hash[1]);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", s->id ? s->id : "");
	cJSON_AddNumberToObject(o, "shingles", fp->n_shingles);
	cJSON_AddNumberToObject(o, "rail_items", fp->n_rail_items);
	cJSON_AddNumberToObject(o, "invalid_utf8", fp->n_invalid);
	cJSON_AddStringToObject(o, "simhash", simhash);
	cJSON_AddStringToObject(o, "content_hash", content);
	add_hex_sig(o, "minhash", fp->minhash, fp->k);
	add_hex_sig(o, "lead", fp->lead, fp->lead_k);
	add_hex_sig(o, "rails", fp->rails, fp->rails_k);
	char *text = cJSON_PrintUnformatted(o);
	if (text)
		puts(text);
	free(text);
	cJSON_Delete(o);
}

static int sign_all(char **paths, int n, const cli_input *in, const np_params *p)
{
	np_reader *r = NULL;
	np_error err = {0};
	int status = EXIT_OK;
	if (cli_open_reader(in, paths, (size_t)n, &r, &err) != NP_OK) {
		fprintf(stderr, "newsprint sign: %s\n", err.msg);
		return EXIT_USAGE;
	}
	for (;;) {
		np_story *s = NULL;
		np_fingerprint *fp = NULL;
		np_status rc = np_reader_next(r, &s, &err);
		if (rc == NP_DONE)
			break;
		if (rc == NP_OK)
			rc = np_sign(p, s, 0, &fp, &err);
		if (rc == NP_OK)
			print_fingerprint(s, fp);
		else {
			fprintf(stderr, "newsprint sign: skipped: %s\n", err.msg);
			status = EXIT_SKIPPED;
		}
		np_fingerprint_free(fp);
		np_story_free(s);
	}
	np_reader_free(r);
	return status;
}

int cmd_sign(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_INPUT_OPTIONS, {"help", no_argument, 0, 'h'},
		CLI_PARAM_OPTIONS,                     {0, 0, 0, 0},
	};
	cli_input in = {NP_FORMAT_AUTO, NULL};
	np_params p = NP_PARAMS_INIT;
	int given = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		int irc = cli_input_option("sign", c, optarg, &in);
		if (irc < 0)
			return EXIT_USAGE;
		if (irc > 0)
			continue;
		int prc = cli_param_option("sign", c, optarg, &p, &given);
		if (prc < 0)
			return EXIT_USAGE;
		if (prc > 0)
			continue;
		switch (c) {
		case 'h': fputs(HELP, stdout); return EXIT_OK;
		default: return cli_usage_error("sign", "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("sign", "no input: give files, folders or - for standard input");
	np_error err = {0};
	if (cli_complete_params(&p, &err) != NP_OK)
		return cli_usage_error("sign", "%s", err.msg);
	return sign_all(argv + optind, argc - optind, &in, &p);
}
