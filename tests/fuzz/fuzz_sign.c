/*
 * fuzz_sign.c — libFuzzer target: the normalizer, through np_sign on a story
 * whose paragraphs are the input's lines (invalid UTF-8, NUL, any script).
 */
#include "fuzz.h"
#include "newsprint.h"
#include "util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static np_params p;
	if (!p.minhash_k)
		np_params_default(&p, NP_PARAMS_VERSION, NULL);
	np_story *s = np_story_new();
	if (!s)
		return 0;
	const char *line = (const char *)data, *end = line + size;
	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = nl ? (size_t)(nl - line) : (size_t)(end - line);
		if (np_strv_pushn(&s->body, line, n))
			abort();
		line += n + 1;
	}
	np_fingerprint *fp = NULL;
	np_error err = {0};
	if (np_sign(&p, s, 1, &fp, &err) == NP_OK)
		np_fingerprint_free(fp);
	np_story_free(s);
	return 0;
}
