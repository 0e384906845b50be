/*
 * fuzz_facts.c — libFuzzer target: the facts reader of src/passage/facts.h on any
 * bytes, split in two texts at the first NUL (or the same text twice); a
 * text compared with itself never differs nor is put in other words, and the counts of a comparison
 * stay within the sentences and facts read.
 */
#include "passage/facts.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *a = (const char *)data;
	const char *nul = memchr(data, '\0', size);
	size_t na = nul ? (size_t)(nul - a) : size;
	const char *b = nul ? nul + 1 : a;
	size_t nb = nul ? size - na - 1 : size;
	np_facts fa = {0}, fb = {0};
	if (np_facts_read(&fa, a, na) || np_facts_read(&fb, b, nb))
		abort();
	np_facts_cmp self, c;
	np_facts_compare(&fa, &fa, &self);
	if (self.differ || self.all_paired != fa.n || self.reworded)
		abort();
	np_facts_compare(&fa, &fb, &c);
	if (c.paired > c.sentences || c.differ_sentences > c.paired || c.differ_values > c.differ ||
	    c.all_paired > c.all_sentences || c.reworded > c.all_paired ||
	    np_facts_distinct(&self))
		abort();
	np_facts_free(&fa);
	np_facts_free(&fb);
	return 0;
}
