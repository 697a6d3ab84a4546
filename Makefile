# taflen — build, test, run, install. See README.md.
#
#   make            build build/taflen
#   make run        install missing Debian packages, build, start the kiosk
#   make test       install missing Debian packages, build, run every test
#   make asan       the unit and script tests built with ASan+UBSan (make test runs it)
#   make valgrind   a short scripted run under valgrind (CI runs it)
#   make fuzz       every libFuzzer target for FUZZ_SECONDS each
#   make fuzz-seeds the app fuzzer's seeds, from tests/scripts/
#   make soak       200,000 random events on the virtual clock (SOAK_EVENTS=N)
#   make bench      figures and ratios against the peers (docs/performance.md)
#   make bench-instr  instruction counts under callgrind; fails on a regression (CI runs it)
#   make install    PREFIX=/usr/local DESTDIR=
#   make deb        Debian packages taflen and taflen-content-cpr in build/deb/
#   make deb-test   the packages built, then checked (tests/pkg/run.sh)
#   make clean

PKGS     := sdl2 libpng zlib harfbuzz freetype2 icu-uc inih libsodium sqlite3 libqrencode espeak-ng
BUILD    ?= build
CC       ?= cc
OPT      ?= -O2 -g
WARN     := -std=c17 -Wall -Wextra -Wshadow -Wmissing-prototypes
SAN      ?=
CPPFLAGS += -Isrc -D_DEFAULT_SOURCE
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))
ALL_CFLAGS  = $(WARN) $(OPT) $(SAN) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN) $(LDFLAGS)
LDLIBS     += $(PKG_LIBS) -lm -lpthread

PREFIX  ?= /usr/local
DESTDIR ?=
FUZZ_SECONDS ?= 30
SOAK_EVENTS  ?= 200000

LIB_SRC  := $(sort $(wildcard src/*/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
DEPFILES := $(LIB_OBJ:.o=.d) $(BUILD)/obj/main.d $(TEST_BIN:%=%.d) $(BUILD)/obj/tests/app_invariants.d \
	$(BUILD)/obj/tests/testlib.d \
	$(BUILD)/fuzz/app_seeds.d

FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN  := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
# The app's invariants, shared by the soak, the app fuzzer and its corpus test.
INV_OBJ   := $(BUILD)/obj/tests/app_invariants.o
# What the unit tests share (tests/testlib.h), linked into each of them.
TESTLIB_OBJ := $(BUILD)/obj/tests/testlib.o
BENCH_SRC := $(sort $(wildcard bench/*.c))
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
BENCH_PKGS := pango pangoft2 SDL2_ttf x11

.PHONY: all deps run test check-build asan valgrind fuzz fuzz-build fuzz-seeds soak bench bench-smoke \
	bench-instr bench-build install deb deb-test clean
.DEFAULT_GOAL := all

all: $(BUILD)/taflen

deps:
	@sh tools/install-deps.sh

# Targets that need packages first re-enter make after deps, so that
# pkg-config is asked only once the packages are there.
run: deps
	@$(MAKE) --no-print-directory all
	$(BUILD)/taflen

test: deps
	@$(MAKE) --no-print-directory check-build
	@$(MAKE) --no-print-directory BUILD=build/asan CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" check-build
	@sh tests/run.sh build build/asan

check-build: $(BUILD)/taflen $(TEST_BIN) $(BUILD)/fuzz/app_seeds

asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" check-build
	@sh tests/run.sh build/asan

# A short scripted run of the real app under valgrind; CI runs it.
valgrind: deps
	@$(MAKE) --no-print-directory all
	valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=1 $(BUILD)/taflen --headless --size 1080x1920 \
		--script tests/scripts/valgrind.script

# libFuzzer targets (tests/fuzz/fuzz_*.c), each run for FUZZ_SECONDS on its
# corpus in tests/fuzz/corpus/NAME/.
fuzz: deps
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang OPT="-O1 -g" \
		SAN="-fsanitize=address,undefined -fsanitize=fuzzer-no-link" fuzz-build
	@sh tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS)

fuzz-build: $(FUZZ_BIN)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(INV_OBJ) $(BUILD)/libtaflen.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(INV_OBJ) $(BUILD)/libtaflen.a $(LDLIBS)

# The app fuzzer's seeds, made from the replay scripts (tests/fuzz/README.md);
# make test builds the generator so that it cannot rot.
fuzz-seeds: deps
	@$(MAKE) --no-print-directory $(BUILD)/fuzz/app_seeds
	$(BUILD)/fuzz/app_seeds tests/fuzz/corpus/app tests/scripts/*.script

$(BUILD)/fuzz/app_seeds: tests/fuzz/app_seeds.c $(INV_OBJ) $(BUILD)/libtaflen.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(ALL_CFLAGS) -MMD -MP $(ALL_LDFLAGS) -o $@ $< $(INV_OBJ) $(BUILD)/libtaflen.a $(LDLIBS)

# Random events on the virtual clock, invariants checked after each one.
soak: deps
	@$(MAKE) --no-print-directory all $(BUILD)/tests/soak
	$(BUILD)/tests/soak $(SOAK_EVENTS)

$(BUILD)/tests/soak: tests/soak/soak.c $(INV_OBJ) $(BUILD)/libtaflen.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(ALL_CFLAGS) -MMD -MP $(ALL_LDFLAGS) -o $@ $< $(INV_OBJ) $(BUILD)/libtaflen.a $(LDLIBS)

# Figures and ratios against the peers (docs/performance.md); bench-smoke is
# one repeat of each, so that CI notices if the bench rots.
bench: deps
	@$(MAKE) --no-print-directory all bench-build
	@sh bench/run.sh $(BUILD)

bench-smoke: deps
	@$(MAKE) --no-print-directory all bench-build
	@sh bench/run.sh $(BUILD) --smoke

# Instruction counts, which repeat, against bench/instr-targets: fails when a
# figure is above its regression guard.
bench-instr: deps
	@$(MAKE) --no-print-directory all bench-build
	@sh bench/instr.sh $(BUILD)

bench-build: $(BENCH_BIN)

# The yardstick for the window figures links SDL alone (bench/minimal_sdl.c).
$(BUILD)/bench/minimal_sdl: bench/minimal_sdl.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags sdl2) -MMD -MP $(ALL_LDFLAGS) -o $@ $< \
		$(shell pkg-config --libs sdl2)

$(BUILD)/bench/%: bench/%.c $(BUILD)/libtaflen.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(shell pkg-config --cflags $(BENCH_PKGS)) -MMD -MP \
		$(ALL_LDFLAGS) -o $@ $< $(BUILD)/libtaflen.a $(shell pkg-config --libs $(BENCH_PKGS)) $(LDLIBS)

$(BUILD)/libtaflen.a: $(LIB_OBJ)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

$(BUILD)/taflen: $(BUILD)/obj/main.o $(BUILD)/libtaflen.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/main.o: src/main.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# Unit tests also see SDL2_ttf (the reference for widths), SDL2_image (to read
# screenshots back), cmocka, Xlib (the real-window test talks to Xvfb) and
# ICU's libicui18n (the reference for plural forms, which taflen evaluates
# itself from ICU's data: src/content/plural.c says why).
TEST_PKGS := cmocka SDL2_ttf SDL2_image x11 icu-i18n
$(BUILD)/tests/%: tests/unit/%.c $(INV_OBJ) $(TESTLIB_OBJ) $(BUILD)/libtaflen.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(ALL_CFLAGS) $(shell pkg-config --cflags $(TEST_PKGS)) -MMD -MP \
		$(ALL_LDFLAGS) -o $@ $< $(INV_OBJ) $(TESTLIB_OBJ) $(BUILD)/libtaflen.a $(shell pkg-config --libs $(TEST_PKGS)) $(LDLIBS)

# The systemd unit goes where systemd looks for local units; the unit runs
# PREFIX/bin/taflen, so it is rewritten for the PREFIX given.
# The config may hold the staff PIN: it is installed only when there is none
# yet (an office's settings are never overwritten), readable by root and the
# group taflen that the unit's user is in (docs/deploy.md), not by everyone.
CONF := $(DESTDIR)/etc/taflen/taflen.conf
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/taflen \
		$(DESTDIR)/etc/systemd/system $(DESTDIR)/etc/taflen
	install -m 755 $(BUILD)/taflen $(DESTDIR)$(PREFIX)/bin/taflen
	cp -r assets fonts $(DESTDIR)$(PREFIX)/share/taflen/
	sed 's|/usr/local/bin/taflen|$(PREFIX)/bin/taflen|g' assets/taflen.service \
		> $(DESTDIR)/etc/systemd/system/taflen.service
	chmod 644 $(DESTDIR)/etc/systemd/system/taflen.service
	@if [ -e '$(CONF)' ] || [ -L '$(CONF)' ]; then \
		echo "install: $(CONF) is there already; left as it is"; \
	else \
		install -m 640 assets/taflen.conf '$(CONF)' && \
		if getent group taflen >/dev/null && chgrp taflen '$(CONF)'; then \
			echo "install: $(CONF), mode 0640, group taflen"; \
		else \
			echo "install: $(CONF), mode 0640, group unchanged: no group taflen" \
				"here (docs/deploy.md, section 3), so the kiosk cannot read it;" \
				"once the group exists: sudo chgrp taflen $(CONF)"; \
		fi; \
	fi

# Debian packages from debian/. dpkg-buildpackage writes next to the source
# folder, so it builds a copy of the tree in build/deb-src/ and the results
# are gathered in build/deb/: nothing is written outside build/.
DEB_SRC := build/deb-src
deb: deps
	rm -rf $(DEB_SRC) build/deb
	mkdir -p $(DEB_SRC)/taflen build/deb
	tar -cf - --exclude=./build --exclude=./.git --exclude=./out . | tar -xf - -C $(DEB_SRC)/taflen
	cd $(DEB_SRC)/taflen && dpkg-buildpackage -us -uc -b -j2
	mv $(DEB_SRC)/*.deb $(DEB_SRC)/*.buildinfo $(DEB_SRC)/*.changes build/deb/
	rm -rf $(DEB_SRC)

deb-test: deb
	@sh tests/pkg/run.sh build/deb

clean:
	rm -rf build

-include $(DEPFILES)
