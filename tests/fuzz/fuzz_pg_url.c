/*
 * fuzz_pg_url.c — libFuzzer target: a PostgreSQL --db string as messages
 * name it (src/store/postgresql/url.h), on any string. Masking never fails
 * but for memory, and masking twice changes nothing more: what is masked
 * stays masked, and nothing else is touched.
 */
#include "store/postgresql/url.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	if (!s)
		return 0;
	char *once = np_pg_url_masked(s);
	char *twice = once ? np_pg_url_masked(once) : NULL;
	if (!once || !twice || strcmp(once, twice) != 0)
		abort();
	free(twice);
	free(once);
	free(s);
	return 0;
}
