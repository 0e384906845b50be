/*
 * stories.h — stories read whole from files for a test: the bundled
 * sample (its JSON Lines and its pages), or any list of paths.
 */
#ifndef NP_TEST_STORIES_H
#define NP_TEST_STORIES_H

#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "newsprint.h"

/* Appends every story the reader gives from paths[0..n) to *v (*n_v of them). */
static inline void stories_read(const char *const *paths, size_t n, np_story ***v, size_t *n_v)
{
	np_reader *r = NULL;
	np_error err = {0};
	CHECK_INT(np_reader_open(&r, paths, n, NP_FORMAT_AUTO, &err), NP_OK);
	np_story *s = NULL;
	np_status rc;
	while (r && (rc = np_reader_next(r, &s, &err)) != NP_DONE)
		if (rc == NP_OK) {
			*v = realloc(*v, (*n_v + 1) * sizeof **v);
			(*v)[(*n_v)++] = s;
		}
	np_reader_free(r);
}

/* The bundled sample under the source root. */
static inline void stories_read_sample(const char *root, np_story ***v, size_t *n_v)
{
	char jsonl[512], pages[512];
	snprintf(jsonl, sizeof jsonl, "%s/data/sample/stories.jsonl", root);
	snprintf(pages, sizeof pages, "%s/data/sample/pages", root);
	const char *paths[] = {jsonl, pages};
	stories_read(paths, 2, v, n_v);
}

#endif
