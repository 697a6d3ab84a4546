#include "text/wordcache.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"

#define WAYS 8
#define SETS (WORDCACHE_ENTRIES / WAYS)

struct entry {
	uint64_t hash;
	uint64_t used; /* the cache's tick at the last find or put */
	const font_face *face;
	uint32_t script;
	uint32_t gen; /* filled in this generation of the cache; older is empty */
	uint8_t lang, len, n;
	/* n glyphs, then len bytes of text; cap bytes allocated. The block
	 * stays with the entry when the entry is reused, so a warm cache
	 * allocates nothing. */
	uint16_t cap;
	unsigned char *block;
};

struct wordcache {
	struct entry *e; /* SETS * WAYS, set s at e[s * WAYS] */
	uint64_t tick;
	/* Starts at 1, so that the calloc'd entries (gen 0) are empty. */
	uint32_t gen;
	size_t live, held;
	uint64_t hits, misses;
};

int wordcache_new(wordcache **out)
{
	wordcache *c = calloc(1, sizeof *c);
	if (c)
		c->e = calloc((size_t)SETS * WAYS, sizeof *c->e);
	if (!c || !c->e) {
		free(c);
		*out = NULL;
		return -1;
	}
	c->gen = 1;
	*out = c;
	return 0;
}

void wordcache_free(wordcache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < (size_t)SETS * WAYS; i++)
		free(c->e[i].block);
	free(c->e);
	free(c);
}

void wordcache_clear(wordcache *c)
{
	if (++c->gen == 0) {
		/* After 2^32 clears the generations come round again: make
		 * every entry empty for real, once. */
		for (size_t i = 0; i < (size_t)SETS * WAYS; i++)
			c->e[i].gen = 0;
		c->gen = 1;
	}
	c->live = 0;
}

uint64_t wordcache_hash(const wordcache_key *k)
{
	/* Face, script and language spread by a multiply, not mixed: the
	 * bytes' hash_mix below mixes them all. Keys that fold to the same
	 * value only share a set (matches compares every field). The face
	 * enters by its id, not its address, so that which words share a set,
	 * and so which are evicted, is the same in every run: the instruction
	 * counts of make bench-instr moved by 6 % with the working folder's
	 * name when the address was hashed. */
	uint64_t h = ((uint64_t)k->face_id ^
		      ((uint64_t)k->script << 8 | (uint64_t)k->lang) << 24) *
		     0x9E3779B97F4A7C15ull;
	/* hash_bytes, but for the last up to 8 bytes, which are read whole
	 * (overlapping the ones before) when there are 8, as two 4-byte
	 * halves (overlapping each other) when there are 4 to 7, and byte by
	 * byte below, instead of through a memcpy of variable length: most
	 * words are shorter than 8 bytes, and the call cost more than the
	 * rest of the hash. Either way the tail holds every byte it covers,
	 * so words of one length differ in it. */
	const unsigned char *p = (const unsigned char *)k->bytes;
	size_t n = k->len, i = 0;
	for (; i + 8 < n; i += 8) {
		uint64_t v;
		memcpy(&v, p + i, 8);
		h = hash_mix(h, v);
	}
	uint64_t tail = 0;
	if (n >= 8) {
		memcpy(&tail, p + n - 8, 8);
	} else if (n >= 4) {
		uint32_t lo, hi;
		memcpy(&lo, p, 4);
		memcpy(&hi, p + n - 4, 4);
		tail = (uint64_t)hi << 32 | lo;
	} else {
		for (size_t j = 0; j < n; j++)
			tail |= (uint64_t)p[j] << (8 * j);
	}
	return hash_mix(h, tail ^ (uint64_t)n << 56);
}

static const unsigned char *entry_text(const struct entry *e)
{
	return e->block + (size_t)e->n * sizeof(shaped_glyph);
}

static bool matches(const wordcache *c, const struct entry *e, uint64_t h, const wordcache_key *k)
{
	return e->hash == h && e->gen == c->gen && e->face == k->face && e->len == k->len &&
	       e->script == k->script && e->lang == (uint8_t)k->lang &&
	       memcmp(entry_text(e), k->bytes, k->len) == 0;
}

static bool cacheable(const wordcache_key *k)
{
	return k->len > 0 && k->len <= WORDCACHE_MAX_BYTES && (unsigned)k->lang < 256;
}

const shaped_glyph *wordcache_find(wordcache *c, const wordcache_key *k, uint64_t h, size_t *n)
{
	*n = 0;
	if (!cacheable(k))
		return NULL;
	struct entry *set = c->e + (size_t)(h % SETS) * WAYS;
	for (int w = 0; w < WAYS; w++) {
		if (matches(c, &set[w], h, k)) {
			set[w].used = ++c->tick;
			c->hits++;
			*n = set[w].n;
			return (const shaped_glyph *)(const void *)set[w].block;
		}
	}
	c->misses++;
	return NULL;
}

/* The way to fill: the word itself if it is there, else an empty way, else
 * the least recently used. */
static struct entry *victim(wordcache *c, struct entry *set, uint64_t h, const wordcache_key *k)
{
	struct entry *lru = &set[0];
	for (int w = 0; w < WAYS; w++) {
		if (matches(c, &set[w], h, k) || set[w].gen != c->gen)
			return &set[w];
		if (set[w].used < lru->used)
			lru = &set[w];
	}
	return lru;
}

int wordcache_put(wordcache *c, const wordcache_key *k, uint64_t h, const shaped_glyph *g,
		  size_t n, uint32_t at)
{
	if (!cacheable(k) || n > WORDCACHE_MAX_GLYPHS)
		return 1;
	struct entry *e = victim(c, c->e + (size_t)(h % SETS) * WAYS, h, k);
	size_t need = n * sizeof *g + k->len;
	if (need > e->cap) {
		unsigned char *b = realloc(e->block, need);
		if (!b)
			return -1;
		c->held += need - e->cap;
		e->block = b;
		e->cap = (uint16_t)need;
	}
	if (e->gen != c->gen)
		c->live++;
	e->hash = h;
	e->used = ++c->tick;
	e->face = k->face;
	e->script = k->script;
	e->gen = c->gen;
	e->lang = (uint8_t)k->lang;
	e->len = (uint8_t)k->len;
	e->n = (uint8_t)n;
	shaped_glyph *d = (shaped_glyph *)(void *)e->block;
	for (size_t i = 0; i < n; i++) {
		d[i] = g[i];
		d[i].cluster -= at;
		d[i].item = 0;
	}
	memcpy(e->block + n * sizeof *g, k->bytes, k->len);
	return 0;
}

void wordcache_get_stats(const wordcache *c, wordcache_stats *out)
{
	*out = (wordcache_stats){c->live, c->held + sizeof *c + (size_t)SETS * WAYS * sizeof *c->e,
				 c->hits, c->misses};
}
