#!/bin/sh
# Checks the Debian packages that `make deb` built (default folder build/deb):
#   - the files, modes, relations and conffiles of taflen and taflen-content-cpr;
#   - lintian finds no error and no warning;
#   - the postinst makes the user, groups and the config's stat override, with
#     the commands it calls replaced by stubs that only log (nothing changes
#     on this machine);
#   - the program and content, extracted from the packages into a scratch
#     root, check the content and draw a screen;
#   - systemd-analyze verifies the packaged unit and rates its sandbox.
# Ends with the line "N passed, N failed" and exits non-zero on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 2
debs=${1:-build/deb}

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1"; }
check() { # check NAME COMMAND...: passes when the command succeeds
	name=$1
	shift
	if "$@"; then ok "$name"; else fail "$name"; fi
}

# The highest exposure `systemd-analyze security` may give the unit, in
# tenths as its --threshold takes it: 20 is 2.0 on its scale from 0 (best) to
# 10 (worst). docs/deploy.md gives the score it has now.
MAX_EXPOSURE=20

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

kiosk=$(ls "$debs"/taflen_*.deb 2>/dev/null | head -n 1)
content=$(ls "$debs"/taflen-content-cpr_*_all.deb 2>/dev/null | head -n 1)
if [ -z "$kiosk" ] || [ -z "$content" ]; then
	fail "both packages in $debs (run make deb)"
	echo "$passed passed, $failed failed"
	exit 1
fi
ok "both packages in $debs"

dpkg-deb -c "$kiosk" >"$tmp/kiosk.list"
dpkg-deb -c "$content" >"$tmp/content.list"

has() { # has LIST MODE PATH: the listing has PATH with permissions MODE
	awk -v m="$2" -v p="./$3" '$1 == m && $6 == p { found = 1 } END { exit !found }' "$1"
}
lacks() { # lacks LIST PATTERN: no path in the listing matches PATTERN
	! awk '{ print $6 }' "$1" | grep -q "$2"
}
field() { # field DEB NAME: the value of a control field
	dpkg-deb -f "$1" "$2"
}
relation() { # relation DEB FIELD PACKAGE: PACKAGE is in the comma-separated FIELD
	field "$1" "$2" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -qx "$3"
}

# taflen: the program, its fonts, the unit, the configuration, the manual.
check "taflen: /usr/bin/taflen, mode 755" has "$tmp/kiosk.list" -rwxr-xr-x usr/bin/taflen
for f in NotoSans-Regular.ttf NotoSans-Bold.ttf NotoSans-Italic.ttf; do
	check "taflen: fonts/$f, mode 644" has "$tmp/kiosk.list" -rw-r--r-- "usr/share/taflen/fonts/$f"
done
check "taflen: fonts/DejaVuSans.ttf links to fonts-dejavu-core's" \
	grep -q ' \./usr/share/taflen/fonts/DejaVuSans\.ttf -> \.\./\.\./fonts/truetype/dejavu/DejaVuSans\.ttf$' \
	"$tmp/kiosk.list"
check "taflen: the systemd unit in /lib/systemd/system, mode 644" \
	has "$tmp/kiosk.list" -rw-r--r-- lib/systemd/system/taflen.service
check "taflen: /etc/taflen/taflen.conf" has "$tmp/kiosk.list" -rw-r--r-- etc/taflen/taflen.conf
check "taflen: the manual page" has "$tmp/kiosk.list" -rw-r--r-- usr/share/man/man1/taflen.1.gz
check "taflen: the copyright file" has "$tmp/kiosk.list" -rw-r--r-- usr/share/doc/taflen/copyright
check "taflen: no content, no unit in /etc/systemd, no assets copy of the config" \
	lacks "$tmp/kiosk.list" 'assets\|etc/systemd'
dpkg-deb --ctrl-tarfile "$kiosk" | tar -xOf - ./conffiles >"$tmp/conffiles" 2>/dev/null
check "taflen: its one conffile is /etc/taflen/taflen.conf" \
	test "$(cat "$tmp/conffiles")" = /etc/taflen/taflen.conf
check "taflen: Architecture is not all" test "$(field "$kiosk" Architecture)" != all
for p in taflen-content adduser fonts-dejavu-core libsdl2-2.0-0 libharfbuzz0b libicu72 libinih1 libsodium23; do
	check "taflen: Depends on $p" relation "$kiosk" Depends "$p"
done
for p in cage libpam-systemd xwayland; do
	check "taflen: Recommends $p (not Depends: it runs headless without)" \
		relation "$kiosk" Recommends "$p"
done
check "taflen: cage is not a Depends" sh -c '! dpkg-deb -f "$1" Depends | grep -q cage' sh "$kiosk"

# taflen-content-cpr: every shipped content file, where the kiosk looks.
find assets/content -type f | sort >"$tmp/want"
while read -r f; do
	check "taflen-content-cpr: $f, mode 644" has "$tmp/content.list" -rw-r--r-- "usr/share/taflen/$f"
done <"$tmp/want"
check "taflen-content-cpr: nothing but content and its doc" \
	lacks "$tmp/content.list" 'usr/bin\|fonts\|/etc'
check "taflen-content-cpr: Architecture all" test "$(field "$content" Architecture)" = all
for rel in Provides Conflicts Replaces; do
	check "taflen-content-cpr: $rel taflen-content" relation "$content" "$rel" taflen-content
done

# An office's own content package (Provides, Conflicts and Replaces
# taflen-content) takes the place of taflen-content-cpr: apt, asked to
# install it where taflen-content-cpr is installed, removes the latter. Only
# simulated (apt-get -s), against a status file that holds nothing else.
office="$tmp/office"
mkdir -p "$office/DEBIAN" "$office/usr/share/taflen/assets/content/leaflets/child-practice-reviews"
cat >"$office/DEBIAN/control" <<'EOF'
Package: taflen-content-office
Version: 1
Architecture: all
Maintainer: An Office <it@office.invalid>
Provides: taflen-content
Conflicts: taflen-content
Replaces: taflen-content
Description: an office's own leaflet, for the test
 Nothing but a stand-in.
EOF
echo stand-in >"$office/usr/share/taflen/assets/content/leaflets/child-practice-reviews/en.txt"
dpkg-deb -b "$office" "$tmp/office.deb" >/dev/null
{
	dpkg-deb -f "$content" Package Version Architecture Maintainer Provides Conflicts Replaces
	echo "Status: install ok installed"
} >"$tmp/status"
apt-get -s -o Dir::State::status="$tmp/status" install "$tmp/office.deb" >"$tmp/apt" 2>&1
check "taflen-content-cpr: apt replaces it with an office's own content package" \
	sh -c 'grep -q "^Remv taflen-content-cpr " "$1" && grep -q "^Inst taflen-content-office " "$1"' \
	sh "$tmp/apt"

# lintian: no error and no warning (debian/README.source explains the
# info-level tags that remain).
lintian --fail-on error,warning "$kiosk" "$content" >"$tmp/lintian" 2>&1
rc=$?
grep -v '^running with root privileges' "$tmp/lintian"
check "lintian --fail-on error,warning: both packages" test "$rc" -eq 0

# The postinst, with every command it could change the system with replaced
# by a stub that logs its arguments. STUB_USER, STUB_OVERRIDE: whether the
# user taflen and the stat override already exist.
stubs="$tmp/stubs"
mkdir -p "$stubs"
for c in adduser install dpkg-statoverride deb-systemd-helper deb-systemd-invoke systemctl; do
	printf '#!/bin/sh\necho "%s $*" >>"$STUB_LOG"\n' "$c" >"$stubs/$c"
done
cat >>"$stubs/dpkg-statoverride" <<'EOF'
[ "$1" != --list ] || [ "$STUB_OVERRIDE" = yes ]
EOF
cat >"$stubs/getent" <<'EOF'
#!/bin/sh
case "$1 $2" in
"passwd taflen") [ "$STUB_USER" = yes ] ;;
"group taflen") [ "$STUB_USER" = yes ] ;;
"group video" | "group render") echo "$2:x:44:" ;;
*) exit 2 ;;
esac
EOF
chmod +x "$stubs"/*
dpkg-deb --ctrl-tarfile "$kiosk" | tar -xOf - ./postinst >"$tmp/postinst"
postinst() { # postinst USER_EXISTS OVERRIDE_EXISTS: runs it, prints the log
	: >"$tmp/log"
	STUB_LOG="$tmp/log" STUB_USER=$1 STUB_OVERRIDE=$2 PATH="$stubs:$PATH" \
		sh -e "$tmp/postinst" configure "" >/dev/null 2>&1 || echo "postinst exited $?"
	cat "$tmp/log"
}
postinst no no >"$tmp/first"
check "postinst, first install: adds the system user and group taflen" \
	grep -q '^adduser --quiet --system --group --home /var/lib/taflen --no-create-home --shell /usr/sbin/nologin taflen$' \
	"$tmp/first"
check "postinst: adds taflen to the groups video and render that exist" \
	sh -c 'grep -qx "adduser --quiet taflen video" "$1" && grep -qx "adduser --quiet taflen render" "$1"' \
	sh "$tmp/first"
check "postinst: skips the group input that does not exist" \
	sh -c '! grep -q "taflen input" "$1"' sh "$tmp/first"
check "postinst: /etc/taflen/taflen.conf becomes 0640 root:taflen" \
	grep -qx 'dpkg-statoverride --update --add root taflen 0640 /etc/taflen/taflen.conf' "$tmp/first"
check "postinst: enables the unit" grep -qx "deb-systemd-helper enable taflen.service" "$tmp/first"
check "postinst: ran to the end" sh -c '! grep -q "postinst exited" "$1"' sh "$tmp/first"
postinst yes yes >"$tmp/again"
check "postinst, upgrade: no second user, the administrator's override kept" \
	sh -c '! grep -q -e "--system" -e "--add" -e "postinst exited" "$1"' sh "$tmp/again"

# The program as packaged, in a scratch root: the two packages, plus the
# DejaVu Sans of fonts-dejavu-core (a dependency) where the link points.
root="$tmp/root"
dpkg-deb -x "$kiosk" "$root"
dpkg-deb -x "$content" "$root"
mkdir -p "$root/usr/share/fonts/truetype/dejavu"
cp /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf "$root/usr/share/fonts/truetype/dejavu/"
data="$root/usr/share/taflen"
check "extracted: the font link resolves inside the root" test -f "$data/fonts/DejaVuSans.ttf"
TAFLEN_DATA_DIR=$data "$root/usr/bin/taflen" --check-content >"$tmp/check" 2>&1
rc=$?
cat "$tmp/check"
check "extracted: taflen --check-content passes on the packaged content" test "$rc" -eq 0
png="$tmp/welcome.png"
TAFLEN_DATA_DIR=$data "$root/usr/bin/taflen" --screenshot "$png" --size 1080x1920 \
	--lang cy --screen welcome >"$tmp/shot" 2>&1
rc=$?
cat "$tmp/shot"
check "extracted: taflen --screenshot exits 0" test "$rc" -eq 0
# A PNG's signature, then the IHDR chunk: width and height, 4 bytes each.
check "extracted: the screenshot is a 1080x1920 PNG" \
	test "$(od -An -tx1 -N24 "$png" 2>/dev/null | tr -d ' \n')" = \
	89504e470d0a1a0a0000000d494844520000043800000780

# The packaged program under cage, as the unit runs it (-d, SDL on Wayland),
# on wlroots' headless backend with its software renderer, as an
# unprivileged user (cage refuses to run as root): it must open a fullscreen
# window and put pictures in it. cage 0.1.4 also needs Xwayland to start.
# The wait is only a bound for a hang; the check is what taflen asks of the
# compositor, from libwayland's protocol log.
CAGE_WAIT_SECONDS=60
if [ "$(id -u)" -eq 0 ]; then
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
	owner=65534:65534
else
	as_user=""
	owner=$(id -u):$(id -g)
fi
chmod 755 "$tmp"
xdg="$tmp/xdg"
mkdir -m 700 "$xdg"
chown "$owner" "$xdg"
XDG_RUNTIME_DIR=$xdg WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
	SDL_VIDEODRIVER=wayland WAYLAND_DEBUG=client TAFLEN_DATA_DIR=$data \
	setsid $as_user cage -d -- "$root/usr/bin/taflen" >"$tmp/cage" 2>&1 &
cage_pid=$!
shown() { # a fullscreen toplevel, then a buffer attached and committed twice
	sed -n '/xdg_toplevel@[0-9]*\.set_fullscreen/,$p' "$tmp/cage" |
		grep -c 'wl_surface@[0-9]*\.commit' | awk '{ exit !($1 >= 2) }' &&
		grep -q 'wl_surface@[0-9]*\.attach' "$tmp/cage"
}
waited=0
while ! shown && kill -0 "$cage_pid" 2>/dev/null && [ "$waited" -lt "$CAGE_WAIT_SECONDS" ]; do
	sleep 1
	waited=$((waited + 1))
done
kill -TERM "-$cage_pid" 2>/dev/null # cage and taflen: setsid made a group
wait "$cage_pid" 2>/dev/null
if shown; then
	ok "extracted: taflen under cage opens a fullscreen window and draws in it"
else
	grep -v '^\[' "$tmp/cage" | tail -n 20
	fail "extracted: taflen under cage opens a fullscreen window and draws in it"
fi

unit="$root/lib/systemd/system/taflen.service"
check "unit: ExecStart runs /usr/bin/taflen under cage" \
	grep -qx 'ExecStart=/usr/bin/cage -d -- /usr/bin/taflen' "$unit"
check "unit: no /usr/local left" sh -c '! grep -q /usr/local "$1"' sh "$unit"
systemd-analyze verify "$unit" >"$tmp/verify" 2>&1
rc=$?
cat "$tmp/verify"
check "unit: systemd-analyze verify passes without a word" \
	sh -c '[ "$1" -eq 0 ] && [ ! -s "$2" ]' sh "$rc" "$tmp/verify"
systemd-analyze security --offline=yes --threshold="$MAX_EXPOSURE" "$unit" >"$tmp/security" 2>&1
rc=$?
grep 'Overall exposure' "$tmp/security"
check "unit: systemd-analyze security exposure at most $MAX_EXPOSURE tenths" test "$rc" -eq 0

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
