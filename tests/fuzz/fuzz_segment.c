/*
 * fuzz_segment.c — libFuzzer target: the page segmenter (np_segment) on any
 * bytes, with and without a fetch time (which resolves relative dates).
 */
#include "fuzz.h"
#include "newsprint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	np_story *s = NULL;
	np_error err = {0};
	if (np_segment((const char *)data, size, &s, &err) == NP_OK)
		np_story_free(s);
	np_segment_opts opts = {.version = NP_SEGMENT_OPTS_VERSION, .fetched = "2024-10-24T17:34:00+07:00"};
	s = NULL;
	if (np_segment_ex((const char *)data, size, &opts, &s, &err) == NP_OK)
		np_story_free(s);
	return 0;
}
