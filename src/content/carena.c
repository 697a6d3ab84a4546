#include "content/carena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Content files are at most 1 MiB, so a few chunks this size hold one. */
#define CARENA_CHUNK (64 * 1024)

typedef struct chunk {
	struct chunk *next;
	size_t size, used;
	alignas(max_align_t) unsigned char data[];
} chunk;

struct carena {
	chunk *head;
};

carena *carena_new(void)
{
	return calloc(1, sizeof(carena));
}

void carena_free(carena *a)
{
	if (!a)
		return;
	chunk *c = a->head;
	while (c) {
		chunk *next = c->next;
		free(c);
		c = next;
	}
	free(a);
}

void *carena_alloc(carena *a, size_t size)
{
	const size_t align = alignof(max_align_t);
	if (size > SIZE_MAX - align - sizeof(chunk))
		return NULL;
	size_t rounded = (size + align - 1) / align * align;
	if (rounded == 0)
		rounded = align;
	chunk *c = a->head;
	if (!c || c->size - c->used < rounded) {
		size_t cap = rounded > CARENA_CHUNK ? rounded : CARENA_CHUNK;
		chunk *fresh = malloc(sizeof(chunk) + cap);
		if (!fresh)
			return NULL;
		fresh->size = cap;
		fresh->used = 0;
		/* A big one-off block goes behind the current chunk so that the
		 * current chunk's free space stays in use. */
		if (c && rounded > CARENA_CHUNK) {
			fresh->next = c->next;
			c->next = fresh;
		} else {
			fresh->next = c;
			a->head = fresh;
		}
		c = fresh;
	}
	void *p = c->data + c->used;
	c->used += rounded;
	return p;
}

void *carena_dup(carena *a, const void *p, size_t n)
{
	void *q = carena_alloc(a, n);
	if (q && n)
		memcpy(q, p, n);
	return q;
}

char *carena_strndup(carena *a, const char *s, size_t n)
{
	if (n == SIZE_MAX)
		return NULL;
	char *q = carena_alloc(a, n + 1);
	if (!q)
		return NULL;
	if (n)
		memcpy(q, s, n);
	q[n] = '\0';
	return q;
}
