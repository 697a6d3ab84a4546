#include "base/vec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The capacity that holds need, doubling from cap; 0 when even the bytes
 * of need elements overflow. */
static size_t grown_cap(size_t cap, size_t need, size_t elem)
{
	if (elem == 0 || need > SIZE_MAX / elem)
		return 0;
	size_t c = cap < VEC_MIN_CAP ? VEC_MIN_CAP : cap;
	while (c < need)
		c = c > SIZE_MAX / 2 ? need : c * 2;
	if (c > SIZE_MAX / elem)
		c = need;
	return c;
}

/* The array pointer is read and written through memcpy: arrp points at a
 * T *, which POSIX guarantees has the representation of a void *, and
 * memcpy keeps the access within the aliasing rules. */
static int regrow(void *arrp, size_t cap, size_t elem)
{
	void *p;
	memcpy(&p, arrp, sizeof p);
	void *q = realloc(p, cap * elem);
	if (!q)
		return -1;
	memcpy(arrp, &q, sizeof q);
	return 0;
}

int vec_grow(void *arrp, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t c = grown_cap(*cap, need, elem);
	if (c == 0 || regrow(arrp, c, elem) < 0)
		return -1;
	*cap = c;
	return 0;
}

int vec_grow_many(void *const arrps[], const size_t elems[], size_t n, size_t *cap, size_t need)
{
	if (need <= *cap)
		return 0;
	/* One capacity for all: the one the widest element allows. */
	size_t widest = 1;
	for (size_t i = 0; i < n; i++)
		if (elems[i] > widest)
			widest = elems[i];
	size_t c = grown_cap(*cap, need, widest);
	if (c == 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (regrow(arrps[i], c, elems[i]) < 0)
			return -1;
	*cap = c;
	return 0;
}
