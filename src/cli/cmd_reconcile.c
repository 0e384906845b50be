/*
 * cmd_reconcile.c — `newsprint reconcile --db X`: makes a store that
 * writers filled out of canonical order final (np_db_reconcile).
 */
#include <stdio.h>

#include "cli/cli.h"

static const char HELP[] =
	"usage: newsprint reconcile [--db PATH]\n"
	"\n"
	"The canonical order of stories is their publication time (stories without\n"
	"one last), then their id, and a store is final when it holds what one\n"
	"ingest in that order would have made. Ingest decides stories in the order\n"
	"they arrive; several writers, or an input out of order, store some after a\n"
	"story that comes later in canonical order, and the decisions from the first\n"
	"such story on are provisional ('report' says how many). Reconcile decides\n"
	"every story again in canonical order, in one transaction under the writers'\n"
	"lock, so that cluster ids and origins no longer depend on arrival order.\n"
	"It holds the store's stories in memory while it works. Ends with a summary\n"
	"line on standard error.\n"
	"\n"
	"  --db PATH   the store (default newsprint.db; must exist)\n"
	"\n"
	"Exit status: 0 the store is final, 2 usage error or unusable store.\n";

int cmd_reconcile(int argc, char **argv)
{
	const char *db_path = NULL;
	int orc = cli_db_options("reconcile", argc, argv, HELP, &db_path, 0);
	if (orc <= 0)
		return orc ? EXIT_USAGE : EXIT_OK;
	np_db *db = NULL;
	np_error err = {0};
	int64_t redecided = 0;
	np_status rc = np_db_open(&db, db_path, NP_OPEN_READONLY, NULL, &err);
	np_db_close(db, NULL); /* (a store that does not exist is an error, not made) */
	db = NULL;
	if (rc == NP_OK)
		rc = np_db_open(&db, db_path, NP_OPEN_READWRITE, NULL, &err);
	if (rc == NP_OK)
		rc = np_db_reconcile(db, &redecided, &err);
	np_status crc = db ? np_db_close(db, rc == NP_OK ? &err : NULL) : NP_OK;
	if (rc != NP_OK || crc != NP_OK) {
		fprintf(stderr, "newsprint reconcile: %s\n", err.msg);
		return EXIT_USAGE;
	}
	if (redecided)
		fprintf(stderr, "newsprint reconcile: %lld stories decided again in canonical order\n",
		        (long long)redecided);
	else
		fprintf(stderr, "newsprint reconcile: the store is final (stored in canonical order)\n");
	return EXIT_OK;
}
