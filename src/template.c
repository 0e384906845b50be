/*
 * template.c — counts of an outlet's repeated lines (see template.h): an
 * open-addressing hash table of (key, count), doubled at two-thirds full.
 */
#include "template.h"

#include <stdlib.h>
#include <xxhash.h>

#include "strbuf.h"

#define EMPTY 0 /* key 0 marks a free slot; a real 0 key is stored as 1 */
#define MIN_SLOTS 1024

typedef struct slot {
	uint64_t key;
	uint32_t count;
} __attribute__((packed)) slot;

struct np_templates {
	slot *s;
	size_t n, mask;
};

np_templates *np_templates_new(void)
{
	np_templates *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->s = calloc(MIN_SLOTS, sizeof *t->s);
	if (!t->s) {
		free(t);
		return NULL;
	}
	t->mask = MIN_SLOTS - 1;
	return t;
}

void np_templates_free(np_templates *t)
{
	if (!t)
		return;
	free(t->s);
	free(t);
}

static int is_space_char(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

uint64_t np_template_key(const char *outlet, const char *line)
{
	np_buf b = {0};
	np_buf_adds(&b, outlet ? outlet : "");
	np_buf_addc(&b, '\n');
	char last = ' '; /* a run of white space or of digits is one ' ' or '#' */
	for (const char *p = line; *p; p++) {
		char c = *p;
		if (is_space_char(c))
			c = ' ';
		else if (c >= '0' && c <= '9')
			c = '#';
		else if (c >= 'A' && c <= 'Z')
			c = (char)(c + ('a' - 'A'));
		if ((c == ' ' || c == '#') && c == last)
			continue;
		np_buf_addc(&b, c);
		last = c;
	}
	uint64_t key = XXH3_64bits(b.p ? b.p : "", b.len);
	np_buf_free(&b);
	return key == EMPTY ? 1 : key;
}

static slot *find(const np_templates *t, uint64_t key)
{
	size_t i = (size_t)(key ^ (key >> 31)) & t->mask;
	while (t->s[i].key != EMPTY && t->s[i].key != key)
		i = (i + 1) & t->mask;
	return &t->s[i];
}

static int grow(np_templates *t)
{
	size_t slots = (t->mask + 1) * 2;
	slot *old = t->s, *s = calloc(slots, sizeof *s);
	if (!s)
		return -1;
	size_t old_slots = t->mask + 1;
	t->s = s;
	t->mask = slots - 1;
	for (size_t i = 0; i < old_slots; i++)
		if (old[i].key != EMPTY)
			*find(t, old[i].key) = old[i];
	free(old);
	return 0;
}

/* The slot of key, claimed if new; NULL when out of memory. */
static slot *claim(np_templates *t, uint64_t key)
{
	if (3 * (t->n + 1) > 2 * (t->mask + 1) && grow(t))
		return NULL;
	slot *s = find(t, key);
	if (s->key == EMPTY) {
		s->key = key;
		s->count = 0;
		t->n++;
	}
	return s;
}

uint32_t np_templates_add(np_templates *t, uint64_t key)
{
	slot *s = claim(t, key);
	return s ? ++s->count : 0;
}

int np_templates_set(np_templates *t, uint64_t key, uint32_t count)
{
	slot *s = claim(t, key);
	if (!s)
		return -1;
	s->count = count;
	return 0;
}

uint32_t np_templates_count(const np_templates *t, uint64_t key)
{
	return find(t, key)->count;
}

size_t np_templates_size(const np_templates *t)
{
	return t->n;
}
