/*
 * fuzz_serve_body.c — libFuzzer target: a request body of `newsprint serve`
 * split into records and each read and signed (src/cli/serve_body.c). Any
 * bytes must give records, each a story or a reason, or NP_EINPUT with a
 * message; never a crash, a leak or a record that is neither.
 */
#include <stdlib.h>

#include "cli/serve.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static np_params p;
	np_error err = {0};
	if (!p.version && np_params_default(&p, NP_PARAMS_VERSION, &err) != NP_OK)
		abort();
	serve_item *items = NULL;
	size_t n = 0;
	np_status rc = serve_read_body(&p, (const char *)data, size, &items, &n, &err);
	if (rc != NP_OK && (rc != NP_EINPUT || !err.msg[0]))
		abort();
	for (size_t i = 0; rc == NP_OK && i < n; i++)
		if (!items[i].error == !(items[i].s && items[i].fp))
			abort();
	serve_items_free(items, n);
	return 0;
}
