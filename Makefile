# redline - plain Makefile.  Targets:
#   make            library (static + shared) and the redline binary
#   make check      every test (unit, text cases, CLI), then again under ASan+UBSan
#   make check-fast the tests once, without the sanitizer build
#   make bench      the throughput benchmark (bench/README.md)
#   make install    binary, libraries, header, pkg-config file, man page, data
PREFIX   ?= /usr/local
DATADIR  ?= $(PREFIX)/share/redline
BUILD    ?= build
CC       ?= cc
PKGS      = libutf8proc libpcre2-8 jansson libxml-2.0
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

# The plain pass first, then the sanitizer pass, also under make -j.
check: check-fast
	$(MAKE) check-asan

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

clean:
	rm -rf build build-asan

.PHONY: all unit check check-fast check-asan bench install clean FORCE
-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
