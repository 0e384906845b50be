/*
 * main.c — the newsprint command: dispatches to one function per command
 * (cmd_*.c). Each command parses its own options and prints its own help.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const char USAGE[] =
	"usage: newsprint <command> [options] [PATH...]\n"
	"\n"
	"Finds republished news: near-duplicates and syndicated copies, grouped in\n"
	"clusters with the story each was copied from.\n"
	"\n"
	"commands:\n"
	"  ingest    read, fingerprint, match, cluster and store stories\n"
	"  check     the decisions ingest would make, without storing anything\n"
	"  report    the clusters of a store (JSON, CSV, Markdown, HTML)\n"
	"  segment   how a page dump is split: title, dateline, body, credits, rails\n"
	"  sign      the fingerprints of each story\n"
	"  compare   similarity of two stories\n"
	"  links     a stored page's rails resolved to stored stories, both ways\n"
	"  forget    remove stored stories (their clusters choose their origins again)\n"
	"  reconcile decide a store's stories again in canonical order (publication time)\n"
	"  serve     an HTTP service: check and ingest with the index kept warm\n"
	"  migrate   copy a store into a new one, SQLite or PostgreSQL either way\n"
	"\n"
	"'newsprint <command> --help' tells more. Exit status: 0 done, 1 some input\n"
	"records skipped, 2 usage error or unusable store.\n";

typedef struct command {
	const char *name;
	int (*run)(int argc, char **argv);
} command;

static const command COMMANDS[] = {
	{"ingest", cmd_ingest}, {"check", cmd_check},   {"report", cmd_report},
	{"segment", cmd_segment}, {"sign", cmd_sign}, {"compare", cmd_compare},
	{"links", cmd_links}, {"forget", cmd_forget}, {"serve", cmd_serve},
	{"reconcile", cmd_reconcile},
	{"migrate", cmd_migrate},
};

/* A command's exit status, or EXIT_USAGE when what it wrote to standard
 * output did not all reach it (a full disk, a closed pipe): a half-written
 * list of decisions must not pass for a whole one. The stream's error flag
 * stays set after any failed write, and the last flush says why. */
static int output_checked(const char *cmd, int status)
{
	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return status;
	if (status == EXIT_USAGE)
		return status; /* the command has said what failed */
	fprintf(stderr, "newsprint %s: cannot write standard output%s%s\n", cmd, errno ? ": " : "",
	        errno ? strerror(errno) : "");
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(USAGE, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(USAGE, stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("newsprint %s\n", np_version()); /* the library's, as loaded */
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
		if (strcmp(argv[1], COMMANDS[i].name) == 0)
			return output_checked(COMMANDS[i].name, COMMANDS[i].run(argc - 1, argv + 1));
	fprintf(stderr, "newsprint: unknown command '%s'\n\n%s", argv[1], USAGE);
	return EXIT_USAGE;
}
