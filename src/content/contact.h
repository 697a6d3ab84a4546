/* The contact cards' data: what the kiosk offers a visitor to take away on
 * their phone, read from the content (docs/content.md, "Contact cards"):
 * a leaflet's links (tel: and mailto:), @org (the name in the contact
 * record) and @url (the leaflet's web address) of [leaflet], in each
 * language. Also the contact record itself (vCard 3.0) and the load-time
 * check that every code the content can show is valid and can be encoded. */
#ifndef TAFLEN_CONTACT_H
#define TAFLEN_CONTACT_H

#include <stddef.h>

#include "base/diag.h"
#include "base/lang.h"
#include "content/content.h"

typedef struct {
	const char *org;   /* @org: the organisation's name, or NULL */
	const char *url;   /* @url: https://..., or NULL */
	const char *tel;   /* href of the leaflet's first tel: link ("tel:..."), or NULL */
	const char *email; /* href of its first mailto: link, or NULL */
} contact_info;

/* The info of one leaflet's file (content_item_file, one language); fields
 * it lacks are NULL, all of them for f NULL. */
void contact_get(const content_file *f, contact_info *out);

/* The first link of f whose href starts with scheme ("tel:", "mailto:"), in
 * reading order: its section index, block and span. -1 when there is none. */
int contact_find_link(const content_file *f, const char *scheme, size_t *section,
		      const content_block **block, const content_span **span);

/* The contact record as a vCard 3.0 (CRLF line ends): the organisation's
 * name as FN and ORG, the phone and the e-mail address. Returns its length,
 * or -1 when info has no @org, neither phone nor e-mail, or buf is too small. */
int contact_vcard(const contact_info *info, char *buf, size_t size);

/* Reports "FILE:LINE: message" for a @url that is not https:// with a host,
 * an @org with no phone or e-mail to go with it, and every code the content
 * can show (each link, the contact record, @url) that is too long for a QR
 * code. (ui.txt's [contact] fields are in the content schema.) Files that
 * did not load are skipped. Returns how many messages it added. */
size_t contact_check(const content *c, diag_list *diags);

#endif
