/*
 * cmd_segment.c — `newsprint segment`: how each page is split, as JSON.
 */
#include <getopt.h>
#include <stdlib.h>

#include "cli/cli.h"

static const char HELP[] =
	"usage: newsprint segment [--db PATH] [--format auto|text|jsonl] [--fetched ISO] PATH...\n"
	"\n"
	"Prints how each page is split, one JSON object per story: title, outlet,\n"
	"published, body (paragraphs), credits ({kind, value}; kind source-url,\n"
	"agency or byline), rails ({heading, items: [{title, outlet, date}]}) and\n"
	"boilerplate (the lines dropped as widgets and captions).\n"
	"\n"
	"  --db PATH           also take out of the body the lines this store has\n"
	"                      learnt to be the outlet's template (seen on 3 or more\n"
	"                      of its other pages, digits masked), as ingest and\n"
	"                      check do; they are listed under boilerplate. Without\n"
	"                      --db no store is read.\n"
	CLI_INPUT_HELP;

static void print_story(const np_story *s)
{
	cJSON *o = cli_story_json(s);
	char *text = cJSON_Print(o);
	if (text)
		puts(text);
	free(text);
	cJSON_Delete(o);
}

static int print_stories(char **paths, int n, const cli_input *in, np_db *db)
{
	np_reader *r = NULL;
	np_error err = {0};
	int skipped = 0;
	size_t moved;
	if (cli_open_reader(in, paths, (size_t)n, &r, &err) != NP_OK) {
		fprintf(stderr, "newsprint segment: %s\n", err.msg);
		return EXIT_USAGE;
	}
	for (;;) {
		np_story *s = NULL;
		np_status rc = np_reader_next(r, &s, &err);
		if (rc == NP_DONE)
			break;
		if (rc != NP_OK) {
			fprintf(stderr, "newsprint segment: skipped: %s\n", err.msg);
			skipped = 1;
			continue;
		}
		if (db && np_db_apply_template(db, s, &moved, &err) != NP_OK) {
			fprintf(stderr, "newsprint segment: %s\n", err.msg);
			np_story_free(s);
			np_reader_free(r);
			return EXIT_USAGE;
		}
		print_story(s);
		np_story_free(s);
	}
	np_reader_free(r);
	return skipped ? EXIT_SKIPPED : EXIT_OK;
}

int cmd_segment(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_INPUT_OPTIONS, {"db", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	cli_input in = {NP_FORMAT_AUTO, NULL};
	const char *db_path = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		int irc = cli_input_option("segment", c, optarg, &in);
		if (irc < 0)
			return EXIT_USAGE;
		if (irc > 0)
			continue;
		switch (c) {
		case 'd': db_path = optarg; break;
		case 'h': fputs(HELP, stdout); return EXIT_OK;
		default: return cli_usage_error("segment", "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("segment", "give a page dump (or JSON Lines) to split");
	np_db *db = NULL;
	np_error err = {0};
	if (db_path && cli_open_reading(db_path, NULL, &db, &err) != NP_OK) {
		fprintf(stderr, "newsprint segment: %s\n", err.msg);
		return EXIT_USAGE;
	}
	int rc = print_stories(argv + optind, argc - optind, &in, db);
	np_db_close(db, NULL);
	return rc;
}
