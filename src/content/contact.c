#include "content/contact.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/utf8.h"
#include "qr/qr.h"

#define VCARD_MAX 1024

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int contact_find_link(const content_file *f, const char *scheme, size_t *section,
		      const content_block **block, const content_span **span)
{
	for (size_t s = 0; s < f->n_sections; s++)
		for (size_t b = 0; b < f->sections[s].n_blocks; b++) {
			const content_block *cb = &f->sections[s].blocks[b];
			for (size_t i = 0; i < cb->n_spans; i++) {
				const content_span *sp = &cb->spans[i];
				if (!(sp->flags & CONTENT_LINK) || !sp->href || !starts(sp->href, scheme))
					continue;
				*section = s;
				*block = cb;
				*span = sp;
				return 0;
			}
		}
	return -1;
}

static const char *first_href(const content_file *f, const char *scheme)
{
	size_t s;
	const content_block *b;
	const content_span *sp;
	return contact_find_link(f, scheme, &s, &b, &sp) == 0 ? sp->href : NULL;
}

void contact_get(const content_file *f, contact_info *out)
{
	*out = (contact_info){0};
	if (!f)
		return;
	const content_section *s = NULL;
	for (size_t i = 0; i < f->n_sections && !s; i++)
		if (strcmp(f->sections[i].id, "leaflet") == 0)
			s = &f->sections[i];
	out->org = content_section_field(s, "org");
	out->url = content_section_field(s, "url");
	out->tel = first_href(f, "tel:");
	out->email = first_href(f, "mailto:");
}

/* Appends s to buf at *used, escaped as vCard 3.0 text (RFC 2426 5.4). */
static void put_text(char *buf, size_t size, size_t *used, const char *s, bool escape)
{
	for (; *s && *used + 2 < size; s++) {
		if (escape && strchr("\\,;", *s))
			buf[(*used)++] = '\\';
		buf[(*used)++] = *s;
	}
	buf[*used] = '\0';
}

int contact_vcard(const contact_info *info, char *buf, size_t size)
{
	if (!info->org || (!info->tel && !info->email) || size < 2)
		return -1;
	size_t used = 0;
	buf[0] = '\0';
	/* N is required by vCard 3.0; an organisation has no personal name,
	 * so it is empty and phones show FN/ORG. */
	put_text(buf, size, &used, "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:", false);
	put_text(buf, size, &used, info->org, true);
	put_text(buf, size, &used, "\r\nORG:", false);
	put_text(buf, size, &used, info->org, true);
	put_text(buf, size, &used, "\r\n", false);
	if (info->tel) {
		put_text(buf, size, &used, "TEL;TYPE=WORK,VOICE:", false);
		put_text(buf, size, &used, info->tel + strlen("tel:"), false);
		put_text(buf, size, &used, "\r\n", false);
	}
	if (info->email) {
		put_text(buf, size, &used, "EMAIL;TYPE=INTERNET:", false);
		put_text(buf, size, &used, info->email + strlen("mailto:"), false);
		put_text(buf, size, &used, "\r\n", false);
	}
	put_text(buf, size, &used, "END:VCARD\r\n", false);
	/* Cut short: a record without its END line is no record. */
	if (used + 3 >= size)
		return -1;
	return (int)used;
}

/* ---- checks ---- */

/* Why url is not an address the kiosk may show, or NULL when it is one:
 * https:// (nothing else is safe to hand to a stranger's phone), a host of
 * letters, digits, '-' and '.' with a dot in it, an optional port, and then
 * only the printable ASCII an address may hold (RFC 3986). */
static const char *url_problem(const char *url, char *why, size_t size)
{
	if (!starts(url, "https://"))
		return "it must start with https://";
	const char *host = url + strlen("https://");
	size_t hn = strcspn(host, ":/?#");
	if (hn == 0)
		return "there is no host after https://";
	bool dot = false;
	for (size_t i = 0; i < hn; i++) {
		char ch = host[i];
		dot |= ch == '.';
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      ch == '-' || ch == '.'))
			return "the host may hold only letters, digits, '-' and '.'";
	}
	if (!dot || host[0] == '.' || host[hn - 1] == '.')
		return "the host must be a full name such as www.example.org";
	const char *rest = host + hn;
	if (*rest == ':') {
		size_t pn = strspn(rest + 1, "0123456789");
		if (pn == 0 || (rest[1 + pn] && !strchr("/?#", rest[1 + pn])))
			return "the port after ':' must be digits";
	}
	for (const char *p = rest; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch <= ' ' || ch >= 0x7f || strchr("\"<>\\^`{|}", ch)) {
			size_t n = ch >= 0xf0 ? 4 : ch >= 0xe0 ? 3 : ch >= 0xc0 ? 2 : 1;
			snprintf(why, size, "'%s' cannot be in a web address: percent-encode it (%%20 for a space)",
				 utf8_quote(p, strnlen(p, n)).s);
			return why;
		}
	}
	return NULL;
}

static void check_code(diag_tally *k, const char *file, int line, const char *what, const char *text)
{
	switch (qr_check(text)) {
	case QR_OK:
		break;
	case QR_TOO_LONG:
		diag_tally_add(k, file, line,
			       "%s is too long for a QR code a phone can read from the screen (%zu bytes; at most about %d): shorten it",
			       what, strlen(text), QR_MAX_BYTES);
		break;
	case QR_FAILED:
		diag_tally_add(k, file, line, "%s: cannot make its QR code (out of memory?)", what);
		break;
	}
}

/* Every link of every file can be tapped, so each must make a code. */
static void check_links(diag_tally *k, const content_file *f)
{
	for (size_t s = 0; s < f->n_sections; s++)
		for (size_t b = 0; b < f->sections[s].n_blocks; b++) {
			const content_block *cb = &f->sections[s].blocks[b];
			for (size_t i = 0; i < cb->n_spans; i++) {
				const char *h = cb->spans[i].href;
				if (!(cb->spans[i].flags & CONTENT_LINK) || !h)
					continue;
				char what[96];
				snprintf(what, sizeof what, "the link '%s'", utf8_quote(h, strlen(h)).s);
				check_code(k, f->path, cb->line, what, h);
			}
		}
}

static void check_leaflet(diag_tally *k, const content_file *f)
{
	contact_info info;
	contact_get(f, &info);
	const content_section *s = NULL;
	for (size_t i = 0; i < f->n_sections && !s; i++)
		if (strcmp(f->sections[i].id, "leaflet") == 0)
			s = &f->sections[i];
	if (!s)
		return;
	for (size_t i = 0; i < s->n_fields; i++) {
		const content_field *fd = &s->fields[i];
		char why[160];
		if (strcmp(fd->key, "url") == 0) {
			const char *p = url_problem(fd->value, why, sizeof why);
			if (p)
				diag_tally_add(k, f->path, fd->line, "@url '%s' is not a web address the kiosk can show: %s",
					       utf8_quote(fd->value, strlen(fd->value)).s, p);
			else
				check_code(k, f->path, fd->line, "@url", fd->value);
		} else if (strcmp(fd->key, "org") == 0) {
			char card[VCARD_MAX];
			if (!info.tel && !info.email)
				diag_tally_add(k, f->path, fd->line,
					       "@org is set but the leaflet has no tel: or mailto: link to put in the contact record");
			else if (contact_vcard(&info, card, sizeof card) < 0)
				diag_tally_add(k, f->path, fd->line,
					       "@org: the contact record is longer than %d bytes: shorten @org",
					       VCARD_MAX - 1);
			else
				check_code(k, f->path, fd->line, "the contact record (@org, phone and e-mail)",
					   card);
		}
	}
}

size_t contact_check(const content *c, diag_list *diags)
{
	diag_tally k = {diags, 0};
	for (size_t i = 0; i < content_n_files(c); i++) {
		const content_file *f = content_file_at(c, i);
		if (!f)
			continue;
		check_links(&k, f);
		if (i >= (size_t)content_n_langs(c)) /* an item's, not a ui.txt */
			check_leaflet(&k, f);
	}
	return k.errors;
}
