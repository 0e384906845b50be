/*
 * fuzz_reader.c — libFuzzer target: the JSON Lines reader. The input is
 * written to a file and read to the end; every record must come out as a
 * story or as NP_EINPUT, never a crash, a leak or an endless loop.
 */
#include <stdio.h>
#include <unistd.h>

#include "fuzz.h"
#include "newsprint.h"

/* Records read at most: a reader that never reaches NP_DONE is a bug. */
#define MAX_RECORDS 100000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	if (!path[0])
		snprintf(path, sizeof path, "/tmp/np-fuzz-reader-%d.jsonl", (int)getpid());
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	const char *paths[] = {path};
	np_reader *r = NULL;
	np_error err = {0};
	if (np_reader_open(&r, paths, 1, NP_FORMAT_JSONL, &err) != NP_OK)
		abort();
	np_status rc = NP_OK;
	for (int i = 0; i < MAX_RECORDS && (rc == NP_OK || rc == NP_EINPUT); i++) {
		np_story *s = NULL;
		rc = np_reader_next(r, &s, &err);
		np_story_free(s);
	}
	if (rc != NP_DONE)
		abort();
	np_reader_free(r);
	return 0;
}
