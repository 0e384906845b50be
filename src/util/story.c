/*
 * story.c — allocating and freeing np_story, the record that read and
 * segment produce and every later stage reads.
 */
#include <stdlib.h>

#include "newsprint.h"
#include "util/strbuf.h"

np_story *np_story_new(void)
{
	return calloc(1, sizeof(np_story));
}

static void rail_free(np_rail *r)
{
	for (size_t i = 0; i < r->n_items; i++) {
		free(r->items[i].title);
		free(r->items[i].outlet);
		free(r->items[i].date);
	}
	free(r->items);
	free(r->heading);
}

void np_story_free(np_story *s)
{
	if (!s)
		return;
	free(s->id);
	free(s->url);
	free(s->outlet);
	free(s->published);
	free(s->title);
	free(s->lang);
	np_strv_free(&s->body);
	for (size_t i = 0; i < s->n_credits; i++)
		free(s->credits[i].value);
	free(s->credits);
	for (size_t i = 0; i < s->n_rails; i++)
		rail_free(&s->rails[i]);
	free(s->rails);
	np_strv_free(&s->boilerplate);
	free(s->extra_json);
	free(s->path_id);
	free(s);
}
