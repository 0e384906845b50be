/*
 * decision.c — what newsprint.h's np_decision holds once a story is
 * decided: the names of its statuses, as the store records them and the
 * JSON output prints them, and freeing it.
 */
#include <stdlib.h>
#include <string.h>

#include "newsprint.h"

const char *np_decision_status_name(np_decision_status s)
{
	static const char *const names[] = {"new", "duplicate", "near-duplicate", "skipped"};
	return (size_t)s < sizeof names / sizeof *names ? names[s] : "unknown";
}

void np_decision_clear(np_decision *d)
{
	free(d->match_id);
	free(d->reason);
	free(d->distinct_id);
	free(d->distinct_reason);
	memset(d, 0, sizeof *d);
}
