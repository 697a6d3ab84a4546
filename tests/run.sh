#!/bin/sh
# Runs the whole suite for each build folder given (default: build):
#   - every cmocka binary in DIR/tests/ (unit, property, golden and headless tests);
#   - every replay script in tests/scripts/ against DIR/taflen;
# and once, the include rules of docs/architecture.md (tools/check-layers.sh).
# A script's header may say what it expects:
#   # args: --size 1080x1920 --lang cy      extra options for taflen
#   # exit: 1                               expected exit code (default 0)
#   # stderr: expected screen=menu          text that must appear on stderr
# Ends with the line "N passed, N failed" and exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.." || exit 2
[ $# -gt 0 ] || set -- build

passed=0
failed=0
skipped=0
failures=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() { # count PATTERN -> the number in cmocka's summary line, or 0
	sed -n "s/^\[  $1 *\] \([0-9][0-9]*\) test.*/\1/p" "$log" | tail -n 1
}

# The include rules of docs/architecture.md: one check, not per build.
if sh tools/check-layers.sh >"$log" 2>&1; then
	passed=$((passed + 1))
	echo "[       OK ] $(tail -n 1 "$log")"
else
	failed=$((failed + 1))
	failures="$failures tools/check-layers.sh"
	echo "[  FAILED  ] layers"
	sed 's/^/    /' "$log"
fi

for dir in "$@"; do
	for t in "$dir"/tests/test_*; do
		[ -x "$t" ] || continue
		case "$t" in *.d) continue ;; esac
		"$t" >"$log" 2>&1
		rc=$?
		cat "$log"
		p=$(count PASSED); f=$(count FAILED); s=$(count SKIPPED)
		p=${p:-0}; f=${f:-0}; s=${s:-0}
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			# crashed or aborted before cmocka could summarise
			f=1
			echo "CRASH: $t exited with $rc"
		fi
		passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
		[ "$f" -gt 0 ] && failures="$failures $t"
	done

	for s in tests/scripts/*.script; do
		[ -f "$s" ] || continue
		args=$(sed -n 's/^# args: //p' "$s" | head -n 1)
		want=$(sed -n 's/^# exit: //p' "$s" | head -n 1)
		want=${want:-0}
		needle=$(sed -n 's/^# stderr: //p' "$s" | head -n 1)
		# shellcheck disable=SC2086 # args is a list of options
		"$dir/taflen" --headless $args --script "$s" >"$log" 2>&1
		rc=$?
		ok=1
		[ "$rc" -eq "$want" ] || ok=0
		if [ -n "$needle" ] && ! grep -qF -- "$needle" "$log"; then ok=0; fi
		if [ $ok -eq 1 ]; then
			passed=$((passed + 1))
			echo "[       OK ] script $s ($dir)"
		else
			failed=$((failed + 1))
			failures="$failures $s($dir)"
			echo "[  FAILED  ] script $s ($dir): exit $rc, wanted $want${needle:+ and stderr containing '$needle'}"
			sed 's/^/    /' "$log" | tail -n 20
		fi
	done
done

[ -n "$failures" ] && echo "Failed:$failures"
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
