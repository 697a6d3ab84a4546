#!/bin/sh
# Makes the menu pictures of docs/content.md ("The catalogue"): the menu with
# 1, 3 and 12 leaflets, portrait 1080x1920 and landscape 1920x1080, in Welsh,
# and the language picker and the note over a page shown in Welsh, with the
# test library in Polish. Run from the repository root after `make`:
#   sh docs/img/make-menus.sh
# 1 leaflet is the shipped content; 3 is the test library
# (tests/fixtures/library, test data); 12 is the test library and nine more
# leaflets made here from its own, each with a title and summary of its own
# (test data too, and the Polish an unchecked test translation).
set -eu
taflen=build/taflen
out=docs/img
lib=tests/fixtures/library
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

shot() { # CONTENT NAME SIZE LANG SCREEN
	"$taflen" --content "$1" --screenshot "$out/$2-$3.png" --size "$3" \
		--lang "$4" --screen "$5"
}

# Nine more leaflets, numbered after the library's three: the pages are
# those of the library's leaflet they are made from.
cp -r "$lib" "$tmp/lib12"
n=4
while IFS='|' read -r from slug cy_t cy_s en_t en_s pl_t pl_s; do
	mkdir "$tmp/lib12/leaflets/$slug"
	for l in cy en pl; do
		eval "t=\$${l}_t s=\$${l}_s"
		sed -e "s/^@order: .*/@order: $n/" -e "s/^@title: .*/@title: $t/" \
			-e "s/^@summary: .*/@summary: $s/" -e '/^@subtitle: /d' \
			"$lib/leaflets/$from/$l.txt" >"$tmp/lib12/leaflets/$slug/$l.txt"
	done
	n=$((n + 1))
done <<'LIST'
opening-hours|parking|Parcio|Ble i barcio, a’r lleoedd sydd wedi’u cadw i ddeiliaid bathodyn glas|Parking|Where to park, and the spaces kept for Blue Badge holders|Parkowanie|Gdzie zaparkować i miejsca dla osób z niebieską kartą parkingową
your-visit|access|Mynediad i’r adeilad|Y fynedfa heb risiau, y lifft a’r ddolen sain|Getting into the building|The step-free entrance, the lift and the hearing loop|Wejście do budynku|Wejście bez schodów, winda i pętla indukcyjna
contact-us|interpreters|Cyfieithu ar y pryd|Sut i ofyn am gyfieithydd ar y pryd, am ddim|Interpreters|How to ask for an interpreter, free of charge|Tłumacze|Jak bezpłatnie poprosić o tłumacza
your-visit|complaints|Cwynion|Sut i wneud cwyn, a beth sy’n digwydd wedyn|Complaints|How to make a complaint, and what happens next|Skargi|Jak złożyć skargę i co dzieje się potem
contact-us|your-data|Eich data|Pa wybodaeth rydyn ni’n ei chadw, a pham|Your data|What information we keep, and why|Twoje dane|Jakie informacje przechowujemy i dlaczego
opening-hours|travel-costs|Help gyda chostau teithio|Pwy all hawlio, a sut|Help with travel costs|Who can claim, and how|Pomoc w kosztach podróży|Kto może się ubiegać i jak
your-visit|carers|Gofalwyr|Cymorth a chyngor i bobl sy’n gofalu am rywun|Carers|Help and advice for people who look after someone|Opiekunowie|Pomoc i porady dla osób opiekujących się kimś
contact-us|support-groups|Grwpiau cymorth|Grwpiau lleol sy’n cwrdd yn yr ardal|Support groups|Local groups that meet in the area|Grupy wsparcia|Lokalne grupy spotykające się w okolicy
opening-hours|feedback|Adborth|Dywedwch wrthon ni sut aeth eich ymweliad|Feedback|Tell us how your visit went|Opinie|Powiedz nam, jak przebiegła Twoja wizyta
LIST
"$taflen" --check-content "$tmp/lib12" >/dev/null

for size in 1080x1920 1920x1080; do
	shot assets/content menu-1-cy "$size" cy menu
	shot "$lib" menu-3-cy "$size" cy menu
	shot "$tmp/lib12" menu-12-cy "$size" cy menu
done
shot "$lib" learn-note-pl 1080x1920 pl learn
printf 'tap-text "Polski \342\226\276"\nshot %s/picker-pl-1080x1920.png\n' "$out" >"$tmp/picker.script"
"$taflen" --content "$lib" --headless --size 1080x1920 --lang pl \
	--screen leaflet/your-visit:2 --script "$tmp/picker.script"
