/* The engine's cache of layouts: the same blocks and parameters give the
 * same layout, so a screen rebuilt with unchanged text costs a hash and a
 * comparison. */
#include "text/layout_internal.h"

#include <string.h>

#include "base/hash.h"

static uint64_t hash_float(uint64_t h, float f)
{
	uint32_t u;
	memcpy(&u, &f, sizeof u);
	return hash_mix(h, u);
}

uint64_t layout_cache_hash(const text_block *blocks, size_t n, const text_params *p)
{
	uint64_t h = hash_mix(0, n);
	for (size_t b = 0; b < n; b++) {
		h = hash_mix(h, (uint64_t)blocks[b].kind << 32 ^ (uint32_t)blocks[b].level);
		h = hash_bytes(h, blocks[b].text, blocks[b].len);
		h = hash_mix(h, blocks[b].n_spans);
		for (size_t s = 0; s < blocks[b].n_spans; s++) {
			const text_span *sp = &blocks[b].spans[s];
			h = hash_mix(hash_mix(hash_mix(h, sp->start), sp->end), sp->flags);
		}
	}
	h = hash_float(h, p->width);
	h = hash_float(h, p->body_px);
	h = hash_float(h, p->line_height);
	h = hash_float(h, p->block_gap);
	return hash_mix(h, (uint64_t)p->lang | (uint64_t)p->measure_cap << 8 |
			      (uint64_t)p->greedy << 40 | (uint64_t)p->align << 48);
}

static bool same_input(const text_layout *l, const text_block *blocks, size_t n,
		       const text_params *p)
{
	const text_params *q = &l->params;
	if (l->n_blocks != n || q->width != p->width || q->body_px != p->body_px ||
	    q->lang != p->lang || q->measure_cap != p->measure_cap || q->greedy != p->greedy ||
	    q->align != p->align || q->line_height != p->line_height ||
	    q->block_gap != p->block_gap)
		return false;
	for (size_t b = 0; b < n; b++) {
		const struct lblock *lb = &l->blocks[b];
		const text_block *in = &blocks[b];
		if (lb->kind != in->kind || lb->level != in->level || lb->len != in->len ||
		    lb->n_spans != in->n_spans || memcmp(l->text + lb->text_off, in->text, in->len))
			return false;
		for (size_t s = 0; s < in->n_spans; s++) {
			const text_span *a = &l->spans[lb->span_off + s], *c = &in->spans[s];
			if (a->start != c->start || a->end != c->end || a->flags != c->flags)
				return false;
		}
	}
	return true;
}

text_layout *layout_cache_find(layout_cache *c, uint64_t h, const text_block *blocks, size_t n,
			       const text_params *p)
{
	for (size_t i = 0; i < c->n; i++) {
		layout_cache_entry *en = &c->e[i];
		if (en->hash == h && same_input(en->l, blocks, n, p)) {
			en->used = ++c->tick;
			return en->l;
		}
	}
	return NULL;
}

void layout_cache_put(layout_cache *c, text_layout *l)
{
	size_t slot = c->n;
	if (slot == LAYOUT_CACHE_SIZE) {
		/* Least recently used goes; its layout survives while the app
		 * still holds a reference. */
		slot = 0;
		for (size_t i = 1; i < LAYOUT_CACHE_SIZE; i++)
			if (c->e[i].used < c->e[slot].used)
				slot = i;
		text_layout_unref(c->e[slot].l);
	} else {
		c->n++;
	}
	c->e[slot] = (layout_cache_entry){l->hash, ++c->tick, text_layout_ref(l)};
}

void layout_cache_clear(layout_cache *c)
{
	for (size_t i = 0; i < c->n; i++)
		text_layout_unref(c->e[i].l);
	c->n = 0;
}

