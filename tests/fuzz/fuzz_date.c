/*
 * fuzz_date.c — libFuzzer target: the date parsers of src/read/date.h, absolute
 * and relative, on any string; an ISO date they give must fit its buffer.
 */
#include "read/date.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	if (!s)
		return 0;
	char iso[NP_DATE_ISO_MAX];
	if (np_date_parse(s, iso) && !memchr(iso, '\0', sizeof iso))
		abort();
	(void)np_date_is_relative(s);
	if (np_date_resolve(s, "2024-10-24T17:34:00+07:00", iso) && !memchr(iso, '\0', sizeof iso))
		abort();
	free(s);
	return 0;
}
