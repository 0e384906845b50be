/*
 * template.c — counts of an outlet's repeated lines (see template.h): an
 * open-addressing hash table of (key, count), doubled at two-thirds full.
 */
#include "segment/template.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "read/outlets.h"
#include "util/radix.h"
#include "util/strbuf.h"

#define EMPTY 0 /* key 0 marks a free slot; a real 0 key is stored as 1 */
#define MIN_SLOTS 1024

typedef struct slot {
	uint64_t key;
	uint32_t count;
} __attribute__((packed)) slot;

struct np_templates {
	slot *s;
	size_t n, mask;
	np_vec64 changed;  /* keys counted since the store last saved them */
	np_vec64 handed;   /* the list handed to the store, reused next time */
	int forgot;        /* keys counted once were dropped since the store last heard */
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
	np_vec64_free(&t->changed);
	np_vec64_free(&t->handed);
	free(t);
}

static int is_space_char(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Folds line into out (at least strlen(line) bytes): a run of white space
 * becomes one ' ', a run of digits one '#' when mask_digits is set, ASCII
 * letters lower case. Returns the folded length. */
static size_t fold_line(const char *line, int mask_digits, char *out)
{
	size_t n = 0;
	char last = ' ';
	for (const char *p = line; *p; p++) {
		char c = *p;
		if (is_space_char(c))
			c = ' ';
		else if (mask_digits && c >= '0' && c <= '9')
			c = '#';
		else if (c >= 'A' && c <= 'Z')
			c = (char)(c + ('a' - 'A'));
		if ((c == ' ' || c == '#') && c == last)
			continue;
		out[n++] = c;
		last = c;
	}
	return n;
}

/* Lines this long or shorter are folded on the stack (every line learnt or
 * looked up is: NP_TEMPLATE_LINE_MAX); longer ones in a buffer of their own. */
#define KEY_STACK_BYTES 512

/* An outlet name shorter than this is not looked for in its lines: "AP"
 * or "Sun" stand in prose too. */
#define OUTLET_NAME_MIN 4

/* An outlet's name as given and folded (when long enough to look for):
 * made once for all the lines of a story. */
typedef struct outlet_name {
	const char *name;
	size_t n;
	char folded[NP_TEMPLATE_LINE_MAX + 1];
	size_t n_folded;
} outlet_name;

/* The first occurrence of o (on bytes, on > 0) in b (n bytes), or NULL. */
static char *find_name(char *b, size_t n, const char *o, size_t on)
{
	for (char *p = b, *end = b + n; (size_t)(end - p) >= on;) {
		char *c = memchr(p, o[0], (size_t)(end - p) - on + 1);
		if (!c || memcmp(c, o, on) == 0)
			return c;
		p = c + 1;
	}
	return NULL;
}

/* Replaces each occurrence of the folded outlet name o (on bytes) in the
 * folded line b (n bytes) with one '\1'; returns the new length, and sets
 * *masked when there was one. */
static size_t mask_name(char *b, size_t n, const char *o, size_t on, int *masked)
{
	char *at = on ? find_name(b, n, o, on) : NULL;
	if (!at)
		return n; /* most lines: the name is not there, nothing moves */
	size_t w = (size_t)(at - b);
	for (size_t r = w; r < n;) {
		char *next = find_name(b + r, n - r, o, on);
		size_t keep = next ? (size_t)(next - (b + r)) : n - r;
		memmove(b + w, b + r, keep);
		w += keep;
		r += keep;
		if (next) {
			b[w++] = '\1';
			r += on;
		}
	}
	*masked = 1;
	return w;
}

/* Replaces each word of the folded line b (n bytes) that is an address (an
 * e-mail, a web address) with one '\2'; returns the new length. Furniture
 * gives its outlet's addresses as it names it. */
static size_t mask_addresses(char *b, size_t n)
{
	size_t w = 0;
	for (size_t r = 0; r < n;) {
		size_t end = r;
		while (end < n && b[end] != ' ')
			end++;
		int address = memchr(b + r, '@', end - r) || (end - r > 4 && !memcmp(b + r, "www.", 4)) ||
		              (end - r > 7 && !memcmp(b + r, "http", 4));
		if (address) {
			b[w++] = '\2';
		} else {
			memmove(b + w, b + r, end - r);
			w += end - r;
		}
		if (end < n)
			b[w++] = ' ';
		r = end + (end < n);
	}
	return w;
}

/* The key of a line of outlet, in b after the outlet's name and a line
 * break (lo bytes, then n; folded, or as printed): a line that names its
 * outlet is furniture any outlet may print under its own name ("Sign up for
 * the briefing from <outlet>", "Copyright <outlet>"), and is keyed with the
 * name and its addresses masked and under no outlet, so that each outlet's
 * copy counts towards all; any other line is keyed under its outlet. */
static uint64_t key_of(const outlet_name *o, char *b, size_t n, int folded)
{
	size_t lo = o->n;
	int masked = 0;
	if (lo >= OUTLET_NAME_MIN && lo <= NP_TEMPLATE_LINE_MAX)
		n = mask_name(b + lo + 1, n, folded ? o->folded : o->name,
		              folded ? o->n_folded : lo, &masked);
	if (masked)
		n = mask_addresses(b + lo + 1, n);
	uint64_t key = masked ? XXH3_64bits(b + lo, n + 1) : XXH3_64bits(b, lo + 1 + n);
	return key == EMPTY ? 1 : key;
}

/* The outlet's name, as printed and folded, for keying its lines. */
static void outlet_name_of(const char *outlet, outlet_name *o)
{
	o->name = outlet ? outlet : "";
	o->n = strlen(o->name);
	o->n_folded = o->n >= OUTLET_NAME_MIN && o->n <= NP_TEMPLATE_LINE_MAX
	                  ? fold_line(o->name, 0, o->folded)
	                  : 0;
}

static uint64_t line_key(const outlet_name *o, const char *line)
{
	char stack[KEY_STACK_BYTES];
	size_t lo = o->n, ll = strlen(line);
	char *b = lo + ll + 1 <= sizeof stack ? stack : malloc(lo + ll + 1);
	if (!b)
		return 1; /* out of memory: the line shares key 1 with any other such */
	memcpy(b, o->name, lo);
	b[lo] = '\n';
	/* a short line's digits are a date or a count (a copyright year, "5
	 * comments"), masked with its case and spacing folded; a long line's
	 * digits are the facts a formula is filled with, and the same paragraph
	 * with other numbers is another story's: a long line is keyed as printed
	 * (folding every paragraph of every story would cost a visible share of
	 * an ingest for nothing) */
	int short_line = ll <= NP_TEMPLATE_LINE_MAX;
	size_t n = short_line ? fold_line(line, 1, b + lo + 1) : ll;
	if (!short_line)
		memcpy(b + lo + 1, line, ll);
	uint64_t key = key_of(o, b, n, short_line);
	if (b != stack)
		free(b);
	return key;
}

uint64_t np_template_key(const char *outlet, const char *line)
{
	outlet_name o;
	outlet_name_of(outlet, &o);
	return line_key(&o, line);
}

static slot *find(const np_templates *t, uint64_t key)
{
	size_t i = (size_t)(key ^ (key >> 31)) & t->mask;
	while (t->s[i].key != EMPTY && t->s[i].key != key)
		i = (i + 1) & t->mask;
	return &t->s[i];
}

/* Moves the keys counted at least min_count times into a table of slots. */
static int rebuild(np_templates *t, size_t slots, uint32_t min_count)
{
	slot *old = t->s, *s = calloc(slots, sizeof *s);
	if (!s)
		return -1;
	size_t old_slots = t->mask + 1;
	t->s = s;
	t->mask = slots - 1;
	t->n = 0;
	for (size_t i = 0; i < old_slots; i++)
		if (old[i].key != EMPTY && old[i].count >= min_count) {
			*find(t, old[i].key) = old[i];
			t->n++;
		}
	free(old);
	return 0;
}

static int grow(np_templates *t)
{
	return rebuild(t, (t->mask + 1) * 2, 0);
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

/* ------------------------------------------------------------------ */
/* Learning and applying an outlet's template                          */
/* ------------------------------------------------------------------ */

const char *np_template_outlet(const np_story *s, char *buf, size_t n)
{
	if (s->outlet && *s->outlet)
		return s->outlet;
	if (!s->url || !*s->url || !n)
		return NULL;
	np_url_fold(s->url, "/:?#", buf, n);
	return *buf ? buf : NULL;
}

void np_template_keys(const char *outlet, const np_strv *v, uint64_t *keys)
{
	outlet_name o;
	outlet_name_of(outlet, &o);
	for (size_t i = 0; i < v->n; i++)
		keys[i] = *v->v[i] ? line_key(&o, v->v[i]) : NP_TEMPLATE_NO_KEY;
}

void np_template_keep_short(const np_strv *v, uint64_t *keys)
{
	for (size_t i = 0; i < v->n; i++)
		if (strnlen(v->v[i], NP_TEMPLATE_LINE_MAX + 1) > NP_TEMPLATE_LINE_MAX)
			keys[i] = NP_TEMPLATE_NO_KEY;
}

size_t np_templates_mark(const np_templates *t, const uint64_t *keys, size_t n,
                         unsigned char *strip)
{
	size_t marked = 0;
	for (size_t i = 0; i < n; i++) {
		strip[i] = keys[i] != NP_TEMPLATE_NO_KEY &&
		           np_templates_count(t, keys[i]) >= NP_TEMPLATE_MIN_PAGES;
		marked += strip[i];
	}
	return marked;
}

/* Drops the keys counted once (when out of memory, keeps them all). */
static void forget_singles(np_templates *t)
{
	if (rebuild(t, t->mask + 1, 2) == 0)
		t->forgot = 1;
}

int np_templates_learn(np_templates *t, uint64_t *keys, size_t n)
{
	np_sort_u64(keys, n);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (keys[i] == NP_TEMPLATE_NO_KEY || (i && keys[i] == keys[i - 1]))
			continue; /* not learnt, or printed twice on one page: counted once */
		rc = np_templates_add(t, keys[i]) && !np_vec64_push(&t->changed, (int64_t)keys[i]) ? 0 : -1;
	}
	if (rc == 0 && t->n > NP_TEMPLATE_MAX_KEYS)
		forget_singles(t);
	return rc;
}

uint64_t *np_templates_take_changed(np_templates *t, size_t *n)
{
	np_vec64 list = t->changed;
	*n = list.n;
	t->changed = t->handed; /* the list handed last time is free again */
	t->changed.n = 0;
	t->handed = list;
	/* (int64_t and uint64_t may alias: the keys are stored as they came) */
	return (uint64_t *)list.v;
}

int np_templates_take_forgot(np_templates *t)
{
	int forgot = t->forgot;
	t->forgot = 0;
	return forgot;
}
