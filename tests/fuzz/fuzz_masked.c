/*
 * fuzz_masked.c — libFuzzer target: np_store_masked (store/open/open.h), the
 * --db string as messages show it, on any string. A string without "://"
 * comes back unchanged; in a postgresql:// URL, every password= parameter of
 * the result's query string holds "***" alone.
 */
#include "store/open/open.h"
#include "fuzz.h"

/* Whether every "password=" parameter of the URL s's query string is masked. */
static int parameters_masked(const char *url)
{
	const char *s = strchr(url, '?');
	if (!s)
		return 1;
	for (const char *p = strstr(s, "password="); p; p = strstr(p + 1, "password="))
		if (p > s && (p[-1] == '?' || p[-1] == '&') &&
		    (strncmp(p + 9, "***", 3) != 0 || !strchr("&#", p[12])))
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	if (!s)
		return 0;
	char *shown = np_store_masked(s);
	if (!shown)
		abort();
	if (!strstr(s, "://") && strcmp(shown, s) != 0)
		abort();
	if (strncmp(s, "postgresql://", 13) == 0 && !parameters_masked(shown))
		abort();
	free(shown);
	free(s);
	return 0;
}
