#include "text/wordcache.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"

#define WAYS 8
#define SETS (WORDCACHE_ENTRIES / WAYS)
#define CACHE_LINE 64

/* What a lookup reads first, one cache line a set: a miss, the common case
 * when the cache is cold, reads only this line, not the eight entries
 * (six lines): in the bench's cold layout, the entries' lines were 40 % of
 * all first-level cache misses. */
struct set {
	_Alignas(CACHE_LINE) uint32_t gen; /* the ways were filled in this
					      generation of the cache; older: empty */
	uint32_t used[WAYS]; /* the cache's tick at each way's last find or put */
	uint64_t tags;       /* byte w: the top 8 bits of way w's hash */
	uint64_t filled;     /* byte w is 0x80 when way w holds a word of
				generation gen, else 0 */
};

struct entry {
	uint64_t hash;
	const font_face *face;
	uint32_t script;
	uint8_t lang, len, n;
	/* n glyphs, then len bytes of text; cap bytes allocated. The block
	 * stays with the entry when the entry is reused, so a warm cache
	 * allocates nothing. */
	uint16_t cap;
	unsigned char *block;
};

struct wordcache {
	struct set *sets;  /* SETS */
	struct entry *e;   /* SETS * WAYS, set s's ways at e[s * WAYS] */
	/* Wraps: a way's age is tick - used, in 32 bits, which only an entry
	 * left alone for 2^32 finds and puts could get wrong. */
	uint32_t tick;
	/* Starts at 1, so that the zeroed sets (gen 0) are empty. */
	uint32_t gen;
	size_t live, held;
	uint64_t hits, misses;
};

int wordcache_new(wordcache **out)
{
	wordcache *c = calloc(1, sizeof *c);
	if (c) {
		c->sets = aligned_alloc(CACHE_LINE, (size_t)SETS * sizeof *c->sets);
		c->e = calloc((size_t)SETS * WAYS, sizeof *c->e);
	}
	if (!c || !c->sets || !c->e) {
		if (c) {
			free(c->sets);
			free(c->e);
		}
		free(c);
		*out = NULL;
		return -1;
	}
	memset(c->sets, 0, (size_t)SETS * sizeof *c->sets);
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
	free(c->sets);
	free(c);
}

void wordcache_clear(wordcache *c)
{
	if (++c->gen == 0) {
		/* After 2^32 clears the generations come round again: make
		 * every set empty for real, once. */
		for (size_t i = 0; i < SETS; i++)
			c->sets[i].gen = 0;
		c->gen = 1;
	}
	c->live = 0;
}

uint64_t wordcache_hash(const wordcache_key *k)
{
	/* Face, script and language spread by a multiply, not mixed: the
	 * bytes' hash_mix below mixes them all. Keys that fold to the same
	 * value only share a set (find_way compares every field). The face
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

static uint8_t tag_of(uint64_t h)
{
	return (uint8_t)(h >> 56); /* the set is chosen by the low bits */
}

static uint64_t way_byte(int w, unsigned v)
{
	return (uint64_t)v << 8 * w;
}

/* The ways of a set whose tag is `tag`, a bit each: the eight tags compared
 * at once as the bytes of one word (the top bit of a byte is set where the
 * byte is zero, without carrying into the next byte), so that a hit costs
 * no more than the loop over eight entries it replaced. */
static uint64_t tag_ways(const struct set *set, uint8_t tag)
{
	const uint64_t ones = 0x0101010101010101ull, low7 = 0x7F7F7F7F7F7F7F7Full;
	uint64_t x = set->tags ^ tag * ones;
	return ~(((x & low7) + low7) | x | low7) & set->filled;
}

/* The way of set s that holds the key's word, or -1. */
static inline int find_way(const wordcache *c, size_t s, uint64_t h, const wordcache_key *k)
{
	const struct set *set = &c->sets[s];
	if (set->gen != c->gen)
		return -1;
	for (uint64_t ways = tag_ways(set, tag_of(h)); ways; ways &= ways - 1) {
		int w = __builtin_ctzll(ways) / 8;
		const struct entry *e = &c->e[s * WAYS + (size_t)w];
		if (e->hash == h && e->face == k->face && e->len == k->len &&
		    e->script == k->script && e->lang == (uint8_t)k->lang &&
		    memcmp(entry_text(e), k->bytes, k->len) == 0)
			return w;
	}
	return -1;
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
	size_t s = (size_t)(h % SETS);
	int w = find_way(c, s, h, k);
	if (w < 0) {
		c->misses++;
		return NULL;
	}
	c->sets[s].used[w] = ++c->tick;
	c->hits++;
	const struct entry *e = &c->e[s * WAYS + (size_t)w];
	*n = e->n;
	return (const shaped_glyph *)(const void *)e->block;
}

/* The way of set s to fill: the word itself if it is there, else an empty
 * way, else the least recently used. */
static int victim(wordcache *c, size_t s, uint64_t h, const wordcache_key *k)
{
	struct set *set = &c->sets[s];
	if (set->gen != c->gen) {
		set->gen = c->gen;
		set->filled = 0;
	}
	int w = find_way(c, s, h, k);
	if (w >= 0)
		return w;
	int lru = 0;
	for (w = 0; w < WAYS; w++) {
		if (!(set->filled & way_byte(w, 0x80)))
			return w;
		if ((uint32_t)(c->tick - set->used[w]) > (uint32_t)(c->tick - set->used[lru]))
			lru = w;
	}
	return lru;
}

int wordcache_put(wordcache *c, const wordcache_key *k, uint64_t h, const shaped_glyph *g,
		  size_t n, uint32_t at)
{
	if (!cacheable(k) || n > WORDCACHE_MAX_GLYPHS)
		return 1;
	size_t s = (size_t)(h % SETS);
	int w = victim(c, s, h, k);
	struct set *set = &c->sets[s];
	struct entry *e = &c->e[s * WAYS + (size_t)w];
	size_t need = n * sizeof *g + k->len;
	if (need > e->cap) {
		unsigned char *b = realloc(e->block, need);
		if (!b)
			return -1;
		c->held += need - e->cap;
		e->block = b;
		e->cap = (uint16_t)need;
	}
	if (!(set->filled & way_byte(w, 0x80)))
		c->live++;
	set->filled |= way_byte(w, 0x80);
	set->tags = (set->tags & ~way_byte(w, 0xFF)) | way_byte(w, tag_of(h));
	set->used[w] = ++c->tick;
	e->hash = h;
	e->face = k->face;
	e->script = k->script;
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
	*out = (wordcache_stats){c->live,
				 c->held + sizeof *c + (size_t)SETS * sizeof *c->sets +
					 (size_t)SETS * WAYS * sizeof *c->e,
				 c->hits, c->misses};
}
