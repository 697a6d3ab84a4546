/* A bump allocator for the content model: a loaded file is thousands of
 * small strings and arrays that all live exactly as long as the file, so
 * they come from one arena and go with one carena_free, instead of a free()
 * per string and a walk over the model to find them. */
#ifndef TAFLEN_CONTENT_CARENA_H
#define TAFLEN_CONTENT_CARENA_H

#include <stddef.h>

typedef struct carena carena;

/* NULL when out of memory. carena_free releases every block it handed out. */
carena *carena_new(void);
void carena_free(carena *a);

/* size bytes aligned for any type; NULL when out of memory. size 0 gives a
 * valid unique pointer. */
void *carena_alloc(carena *a, size_t size);
/* A copy of n bytes of p, NULL when out of memory. */
void *carena_dup(carena *a, const void *p, size_t n);
/* A NUL-terminated copy of n bytes of s, NULL when out of memory. */
char *carena_strndup(carena *a, const char *s, size_t n);

#endif
