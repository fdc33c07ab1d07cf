# redline - plain Makefile.  Targets:
#   make            library (static + shared) and the redline binary
#   make check      every test (unit, text cases, CLI), then again under ASan+UBSan,
#                   then each fuzz target for 10 s (when clang has libFuzzer)
#   make check-fast the tests once, without the sanitizer build
#   make bench      the throughput benchmark (bench/README.md)
#   make fuzz       the libFuzzer targets, FUZZ_SECONDS (60) each (tests/fuzz/README.md)
#   make install    binary, libraries, header, pkg-config file, man page, data
PREFIX   ?= /usr/local
DATADIR  ?= $(PREFIX)/share/redline
BUILD    ?= build
CC       ?= cc
PKGS      = libutf8proc libpcre2-8 jansson libxml-2.0 sqlite3 libpq geonames
PKGS     += libmicrohttpd sqlite3  # the dashboard (src/serve.c, src/dash.c)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))
WARN      = -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion \
            -Wmissing-prototypes -Wstrict-prototypes -Wpointer-arith \
            -Wformat=2 -Wundef -Wcast-align -Wvla
OPT      ?= -O2 -g
CFLAGS   += -std=c11 -D_POSIX_C_SOURCE=200809L $(OPT) $(WARN) -fPIC \
            -fvisibility=hidden -Iinclude -Isrc $(PKG_CFLAGS) \
            -DRL_DATA_DIR='"$(DATADIR)"'
LDLIBS   += $(PKG_LIBS) -lwordnet -lpthread -lm
SAN       = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

LIB_SRC  := $(sort $(wildcard src/*.c))
CLI_SRC  := $(sort $(wildcard cli/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

all: $(BUILD)/redline $(BUILD)/libredline.a $(BUILD)/libredline.so

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

# dict.o has DATADIR compiled in: rebuild it when DATADIR (PREFIX) changes,
# so `make install PREFIX=...` after a plain `make` installs the right path.
$(BUILD)/datadir.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@
$(BUILD)/src/dict.o: $(BUILD)/datadir.stamp
FORCE:

$(BUILD)/libredline.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/libredline.so: $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libredline.so.0 -o $@ $^ $(LDFLAGS) $(LDLIBS)

$(BUILD)/redline: $(CLI_OBJ) $(BUILD)/libredline.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libredline.a $(LDFLAGS) $(LDLIBS)

# Unit tests link the static library and may use internal headers.
$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libredline.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fvisibility=default -o $@ $< $(BUILD)/libredline.a $(LDFLAGS) $(LDLIBS) -lcmocka

unit: $(UNIT_BIN)

check-fast: all unit
	REDLINE=$(BUILD)/redline BUILD=$(BUILD) sh tests/run-all.sh

check-asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -g $(SAN)" LDFLAGS="$(SAN)" check-fast

# The plain pass first, then the sanitizer pass, also under make -j; then
# a short fuzz run of each target (skipped when clang has no libFuzzer).
check: check-fast
	$(MAKE) check-asan
	$(MAKE) --no-print-directory fuzz-smoke

bench: all
	sh bench/run.sh $(BUILD)/redline

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(DATADIR)
	install -m 755 $(BUILD)/redline $(DESTDIR)$(PREFIX)/bin/redline
	install -m 644 $(BUILD)/libredline.a $(DESTDIR)$(PREFIX)/lib/libredline.a
	install -m 755 $(BUILD)/libredline.so $(DESTDIR)$(PREFIX)/lib/libredline.so.0
	ln -sf libredline.so.0 $(DESTDIR)$(PREFIX)/lib/libredline.so
	install -m 644 include/redline.h $(DESTDIR)$(PREFIX)/include/redline.h
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|0.1.0|g' redline.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/redline.pc
	install -m 644 man/redline.1 $(DESTDIR)$(PREFIX)/share/man/man1/redline.1
	cp -r data/. $(DESTDIR)$(DATADIR)/

# ---- fuzzing (tests/fuzz/README.md) ---------------------------------------
# The library again with clang, coverage-instrumented, under ASan+UBSan, and
# with RL_ARENA_MALLOC (each arena allocation its own malloc, so ASan sees an
# overflow that would land in a neighbouring allocation).  `make fuzz` runs
# each target for FUZZ_SECONDS; `make fuzz-smoke` for FUZZ_SMOKE_SECONDS,
# printing a skip when $(FUZZ_CC) has no libFuzzer.  New corpus entries go to
# $(FUZZ_BUILD)/corpus, crashes to $(FUZZ_BUILD)/crashes; the seeds in
# tests/fuzz/corpus are only read.
FUZZ_CC            ?= clang
FUZZ_BUILD         ?= build-fuzz
FUZZ_SECONDS       ?= 60
FUZZ_SMOKE_SECONDS ?= 10
FUZZ_TARGETS        = fuzz_reader fuzz_dict fuzz_cases fuzz_quotes fuzz_gkg
FUZZ_TARGETS       += fuzz_dash  # the dashboard's query parameters and escaping
FUZZ_SAN            = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                      -fno-omit-frame-pointer
FUZZ_OPTS           = -timeout=30 -rss_limit_mb=4096 -print_final_stats=1

fuzz-build:
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
	    OPT="-O1 -g -DRL_ARENA_MALLOC $(FUZZ_SAN) -fsanitize=fuzzer-no-link" fuzz-bins

fuzz-bins: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%)

$(BUILD)/fuzz/%: tests/fuzz/%.c $(BUILD)/libredline.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/libredline.a $(LDFLAGS) $(LDLIBS)

# FUZZ_RUN(SECONDS, EXTRA): each target in turn; all run, then the exit says.
FUZZ_RUN = fail=0; for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/crashes; \
	    if $(FUZZ_BUILD)/fuzz/$$t -max_total_time=$(1) $(FUZZ_OPTS) $(2) \
	        -artifact_prefix=$(FUZZ_BUILD)/crashes/$$t- \
	        $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t > $(FUZZ_BUILD)/$$t.log 2>&1; then \
	        echo "ok   fuzz/$$t ($(1) s, $$(grep -o 'stat::number_of_executed_units: [0-9]*' \
	            $(FUZZ_BUILD)/$$t.log | grep -o '[0-9]*$$') runs)"; \
	    else \
	        echo "FAIL fuzz/$$t (log: $(FUZZ_BUILD)/$$t.log)"; \
	        grep -E '^(==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' \
	            $(FUZZ_BUILD)/$$t.log | head -n 20 | sed 's/^/     /'; \
	        fail=1; \
	    fi; \
	done; exit $$fail

fuzz: fuzz-build
	@$(call FUZZ_RUN,$(FUZZ_SECONDS))

fuzz-smoke:
	@if printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)\n{ (void)d; (void)n; return 0; }\n' | \
	    $(FUZZ_CC) -x c -fsanitize=fuzzer,address - -o /dev/null > /dev/null 2>&1; then \
	    mkdir -p $(FUZZ_BUILD); \
	    $(MAKE) --no-print-directory fuzz-build > $(FUZZ_BUILD)/build.log 2>&1 || \
	        { tail -n 30 $(FUZZ_BUILD)/build.log; echo "FAIL fuzz build"; exit 1; }; \
	    $(MAKE) --no-print-directory fuzz-smoke-run; \
	else \
	    echo "skip fuzz smoke: $(FUZZ_CC) with libFuzzer not found (tests/fuzz/README.md)"; \
	fi

# a fixed seed: the smoke run tries the same inputs on every machine
fuzz-smoke-run:
	@$(call FUZZ_RUN,$(FUZZ_SMOKE_SECONDS),-seed=1)

clean:
	rm -rf build build-asan $(FUZZ_BUILD)

.PHONY: all unit check check-fast check-asan bench install clean FORCE \
        fuzz fuzz-build fuzz-bins fuzz-smoke fuzz-smoke-run
-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
