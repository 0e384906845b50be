/*
 * bench_sign.c — signing throughput on one thread: normalize + shingle +
 * MinHash-128 + lead + SimHash + content hash of 3 KB bodies, in MB/s, for
 * English, Vietnamese and Chinese text (made up here from small word lists:
 * what is measured is the cost per byte and per token, not the meaning), and
 * for the bodies of a JSON Lines corpus when one is given.
 *
 * usage: bench_sign [--seconds S] [CORPUS.jsonl]
 * Prints one line per language: bodies, MB, seconds, MB/s.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "newsprint.h"

#define BODY_BYTES 3000   /* the signing target is stated for 3 KB bodies (README.md, "Targets") */
#define BODIES 64         /* distinct bodies per language, signed in turn */
#define PARA_WORDS 60     /* words (or characters) per paragraph */

static const char *const EN[] = {
	"the", "council", "said", "on", "tuesday", "that", "harbour", "workers", "would", "strike",
	"over", "new", "cranes", "and", "pay", "after", "talks", "with", "port", "managers",
	"failed", "a", "spokesman", "for", "union", "told", "reporters", "in", "city", "centre",
	"police", "minister", "budget", "rose", "percent", "year", "company", "shares", "fell",
	"election", "voters", "river", "flood", "homes", "school", "pupils", "hospital", "doctors",
};
static const char *const VI[] = {
	"hội", "đồng", "thành", "phố", "cho", "biết", "công", "nhân", "cảng", "sẽ", "đình",
	"công", "vì", "cần", "cẩu", "mới", "và", "tiền", "lương", "sau", "khi", "đàm", "phán",
	"với", "ban", "quản", "lý", "thất", "bại", "người", "phát", "ngôn", "nói", "trong",
	"năm", "nay", "tỉnh", "huyện", "xã", "nước", "mưa", "lũ", "nhà", "trường", "học",
};
static const char *const ZH[] = {
	"市", "议", "会", "周", "二", "表", "示", "港", "口", "工", "人", "将", "因", "新", "起",
	"重", "机", "和", "工", "资", "问", "题", "罢", "工", "谈", "判", "失", "败", "后", "发",
	"言", "人", "对", "记", "者", "说", "在", "城", "中", "心", "警", "方", "部", "长",
};

typedef struct lang {
	const char *name;
	const char *const *words;
	size_t n_words;
	const char *sep; /* between words: a space, or nothing for Chinese */
} lang;

static uint64_t rng = 88172645463325252ULL;
static uint64_t next_rand(void)
{
	rng ^= rng << 13; /* xorshift64 (Marsaglia 2003) */
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A story of about BODY_BYTES bytes, in paragraphs of PARA_WORDS words. */
static np_story *make_story(const lang *l)
{
	np_story *s = np_story_new();
	char para[4096];
	size_t total = 0;
	while (total < BODY_BYTES) {
		size_t n = 0;
		for (int w = 0; w < PARA_WORDS && n + 64 < sizeof para; w++)
			n += (size_t)snprintf(para + n, sizeof para - n, "%s%s", w ? l->sep : "",
			                      l->words[next_rand() % l->n_words]);
		s->body.v = realloc(s->body.v, (s->body.n + 1) * sizeof *s->body.v);
		s->body.v[s->body.n++] = strdup(para);
		total += n;
	}
	return s;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static size_t body_bytes(const np_story *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->body.n; i++)
		n += strlen(s->body.v[i]);
	return n;
}

/* Signs the stories round-robin for at least `seconds`; prints the rate. */
static void measure(const char *name, np_story **s, size_t n, double seconds)
{
	np_params p;
	np_params_default(&p, NP_PARAMS_VERSION, NULL);
	size_t bytes = 0, done = 0;
	double t0 = now(), t;
	do {
		for (size_t i = 0; i < n; i++) {
			np_fingerprint *fp = NULL;
			np_sign(&p, s[i], 0, &fp, NULL);
			np_fingerprint_free(fp);
			bytes += body_bytes(s[i]);
		}
		done += n;
		t = now() - t0;
	} while (t < seconds);
	printf("%-10s %8zu bodies %9.1f MB %7.2f s %8.1f MB/s %9.0f bodies/s\n", name, done,
	       bytes / 1e6, t, bytes / 1e6 / t, done / t);
}

/* The `text` bodies of a JSON Lines corpus (at most max). */
static size_t load_corpus(const char *path, np_story **s, size_t max)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, n = 0;
	if (!f) {
		perror(path);
		return 0;
	}
	while (n < max && getline(&line, &cap, f) > 0) {
		cJSON *o = cJSON_Parse(line);
		const cJSON *t = cJSON_GetObjectItem(o, "text");
		if (cJSON_IsString(t)) {
			s[n] = np_story_new();
			s[n]->body.v = malloc(sizeof *s[n]->body.v);
			s[n]->body.v[0] = strdup(t->valuestring);
			s[n]->body.n = 1;
			n++;
		}
		cJSON_Delete(o);
	}
	free(line);
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	double seconds = 2.0;
	int a = 1;
	if (a + 1 < argc && strcmp(argv[a], "--seconds") == 0) {
		seconds = atof(argv[a + 1]);
		a += 2;
	}
	const lang langs[] = {
		{"english", EN, sizeof EN / sizeof *EN, " "},
		{"vietnamese", VI, sizeof VI / sizeof *VI, " "},
		{"chinese", ZH, sizeof ZH / sizeof *ZH, ""},
	};
	np_story *s[BODIES];
	for (size_t l = 0; l < sizeof langs / sizeof *langs; l++) {
		for (int i = 0; i < BODIES; i++)
			s[i] = make_story(&langs[l]);
		measure(langs[l].name, s, BODIES, seconds);
		for (int i = 0; i < BODIES; i++)
			np_story_free(s[i]);
	}
	if (a < argc) {
		static np_story *c[20000];
		size_t n = load_corpus(argv[a], c, sizeof c / sizeof *c);
		if (n)
			measure("corpus", c, n, seconds);
		for (size_t i = 0; i < n; i++)
			np_story_free(c[i]);
	}
	return 0;
}
