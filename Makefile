# pwreset: build, test, install and demo targets (GNU make).

ifeq ($(SANITIZE),1)
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
BUILD     ?= build-san
else
BUILD     ?= build
endif

# The build's settings. Each one given on the command line (or in the environment) is
# written to $(BUILD)/config.mk, which every later make run reads: a plain `make install`
# installs exactly what `make PREFIX=... SYSCONFDIR=...` built. Give a setting again to
# change it; `make clean` forgets them all.
SETTINGS := PREFIX BINDIR SYSCONFDIR LIBEXECDIR DATADIR MANDIR RUNDIR NGINX_ERROR_LOG CXX CXXFLAGS LDFLAGS
SETTINGS += STATEDIR SYSTEMDUNITDIR LOCALEDIR
CONFIG_MK := $(BUILD)/config.mk
-include $(CONFIG_MK)
GIVEN := $(foreach name,$(SETTINGS),$(if $(filter undefined default,$(origin $(name))),,$(name)))

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
SYSCONFDIR ?= $(PREFIX)/etc
LIBEXECDIR ?= $(PREFIX)/lib/pwreset
DATADIR    ?= $(PREFIX)/share/pwreset
MANDIR     ?= $(PREFIX)/share/man
LOCALEDIR  ?= $(DATADIR)/locale
RUNDIR     ?= /run/pwreset
NGINX_ERROR_LOG ?= /var/log/nginx/error.log
STATEDIR   ?= /var/lib/pwreset
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
DESTDIR    ?=
CONFIG_FILE := $(SYSCONFDIR)/pwreset/pwreset.conf

# Build on every core unless the caller chose a -j of their own.
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 1)
endif

CXX      ?= g++
CXXFLAGS ?= -O2 -g
CXXSTD   := -std=c++17
WARN     := -Wall -Wextra -Wpedantic
PKGS     := fcgi cgicc libctemplate sqlite3 nettle libcrypt pwquality zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libpq's header only: the library itself is dlopened when a PostgreSQL URI is configured.
PKG_CFLAGS += $(shell pkg-config --cflags libpq 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

ALL_CXXFLAGS = $(CXXSTD) $(WARN) $(CXXFLAGS) $(SAN_FLAGS) $(PKG_CFLAGS) -Ilib -I$(BUILD)/gen -MMD -MP
# Full RELRO: every symbol is bound at start, then the GOT is read-only. A supervisor binds
# them once before it forks, so no worker writes a copy of those pages on its first calls.
HARDENING_LDFLAGS := -Wl,-z,relro -Wl,-z,now
ALL_LDFLAGS  = $(HARDENING_LDFLAGS) $(LDFLAGS) $(SAN_FLAGS)

# $(call write_if_changed,FILE,TEXT): a file that changes only when its text does, so what
# depends on it is rebuilt only then.
same_text = $(and $(findstring x$(strip $(1)),x$(strip $(2))),$(findstring x$(strip $(2)),x$(strip $(1))))
write_if_changed = $(if $(call same_text,$(2),$(file <$(1))),,$(shell mkdir -p $(dir $(1)))$(file >$(1),$(2)))

define remembered
ifneq ($$(filter undefined default,$$(origin $(1))),)
$(1) := $(subst #,\#,$(subst $$,$$$$,$($(1))))
endif

endef
define CONFIG_MK_TEXT
# Written by make: the settings given to make for this build folder. Later make runs here
# use them unless given again; `make clean` removes this file.
$(foreach name,$(GIVEN),$(call remembered,$(name)))
endef
$(call write_if_changed,$(CONFIG_MK),$(CONFIG_MK_TEXT))

# Every setting's value, for what depends on any of them (the nginx snippets). Stamps live
# in gen/: make has already listed $(BUILD) itself while looking for config.mk.
SETTINGS_STAMP := $(BUILD)/gen/settings
$(call write_if_changed,$(SETTINGS_STAMP),$(foreach name,$(SETTINGS),$(name)=$($(name))))

# The paths compiled into the programs, in a header only the files that use it include, so
# another PREFIX rebuilds those few files rather than everything.
define PATHS_H_TEXT
// Written by make from the build's settings (SYSCONFDIR, DATADIR, LOCALEDIR).
#pragma once
#define PWRESET_DEFAULT_CONFIG "$(CONFIG_FILE)"
#define PWRESET_DEFAULT_TEMPLATES "$(DATADIR)/templates"
#define PWRESET_DEFAULT_LOCALE_DIR "$(LOCALEDIR)"
endef
$(call write_if_changed,$(BUILD)/gen/paths.h,$(PATHS_H_TEXT))

LIB_SRCS  := $(sort $(wildcard lib/*.cc))
LIB_OBJS  := $(LIB_SRCS:%.cc=$(BUILD)/%.o) $(BUILD)/gen/schema_sql.o $(BUILD)/gen/schema_pg_sql.o
LIBRARY   := $(BUILD)/libpwreset.a

# The pages: cgi-bin/routes names their programs, each one handler in cgi-bin/NAME.cc linked
# with the shared main in cgi-bin/main.cc; pwreset-fcgi links them all (cgi-bin/all_pages.cc).
# A route without its source, or a source without a route, stops make.
ROUTES    := cgi-bin/routes
PROGRAMS  := $(shell awk -f scripts/routes.awk -v programs=1 $(ROUTES))
$(if $(PROGRAMS),,$(error $(ROUTES) names no program))
CGI_SRCS  := $(PROGRAMS:%=cgi-bin/%.cc)
$(foreach source,$(filter-out $(wildcard cgi-bin/*.cc),$(CGI_SRCS)),$(error $(ROUTES) names a program without its $(source)))
$(foreach source,$(filter-out $(CGI_SRCS) cgi-bin/main.cc cgi-bin/all_pages.cc,$(wildcard cgi-bin/*.cc)),$(error $(source): no route in $(ROUTES) runs it))
CGI_BINS  := $(PROGRAMS:%=$(BUILD)/cgi-bin/%)
PAGE_OBJS := $(PROGRAMS:%=$(BUILD)/cgi-bin/%.o)
ALL_PAGES := $(BUILD)/pwreset-fcgi

# Every page's Page, declared for the mains and the page tests, and listed for pwreset-fcgi.
define PAGES_H_TEXT
// Written by make from cgi-bin/routes: each page program's Page, defined in cgi-bin/PAGE.cc.
#pragma once
#include "app.h"
namespace pwreset {
$(foreach name,$(PROGRAMS),extern const Page page_$(name);
)inline const Page* const kPages[] = {$(foreach name,$(PROGRAMS),&page_$(name),)};
}  // namespace pwreset
endef
$(call write_if_changed,$(BUILD)/gen/pages.h,$(PAGES_H_TEXT))
TOOL      := $(BUILD)/pwreset
TOOL_OBJS := $(patsubst %.cc,$(BUILD)/%.o,$(sort $(wildcard tools/*.cc)))

NGINX_SNIPPETS := $(patsubst nginx/%.conf.in,$(BUILD)/nginx/%.conf,$(sort $(wildcard nginx/*.conf.in)))
MAN_PAGES := $(BUILD)/man/pwreset.8 $(BUILD)/man/pwreset.conf.5

SYSTEMD_UNITS := $(patsubst systemd/%.in,$(BUILD)/systemd/%,$(sort $(wildcard systemd/*.in)))

UNIT_SRCS := $(sort $(wildcard tests/unit/*_test.cc))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.cc=$(BUILD)/tests/unit/%)

.PHONY: all check unit deps demo install uninstall clean bench fuzz fuzz-targets static
# Objects are kept even where a pattern chain would call them intermediate.
.SECONDARY:
all: $(TOOL) $(CGI_BINS) $(ALL_PAGES) $(NGINX_SNIPPETS) $(MAN_PAGES)
all: $(SYSTEMD_UNITS)

deps:
	scripts/install-deps

# Every object depends on the compiler and its flags, sanitizers included: a build folder
# used by a plain and a sanitizer build (test_install.py under make check SANITIZE=1) never
# links objects of one with the other.
FLAGS_STAMP := $(BUILD)/gen/flags
$(call write_if_changed,$(FLAGS_STAMP),$(CXX) $(CXXFLAGS) $(SAN_FLAGS))

$(BUILD)/%.o: %.cc $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CXX) $(ALL_CXXFLAGS) -c $< -o $@

# The schemas are compiled in so `pwreset db init` needs no data file at run time.
$(BUILD)/gen/schema_sql.cc: sql/schema.sql
	@mkdir -p $(@D)
	{ printf 'namespace pwreset { extern const char kSchemaSql[] = R"SQL('; cat $<; printf ')SQL"; }\n'; } > $@

$(BUILD)/gen/schema_pg_sql.cc: sql/schema_pg.sql
	@mkdir -p $(@D)
	{ printf 'namespace pwreset { extern const char kPgSchemaSql[] = R"SQL('; cat $<; printf ')SQL"; }\n'; } > $@

$(BUILD)/gen/schema_%.o: $(BUILD)/gen/schema_%.cc $(FLAGS_STAMP)
	$(CXX) $(ALL_CXXFLAGS) -c $< -o $@

# The value and section names of the templates that lib/render.cc fills, as ctemplate
# constants (its make_tpl_varnames_h, which also checks each template's syntax): a name the
# code fills that its template lacks fails the build.
TEMPLATE_NAMES := $(BUILD)/gen/layout.tpl.varnames.h $(BUILD)/gen/form.tpl.varnames.h

$(BUILD)/gen/%.tpl.varnames.h: templates/%.tpl
	@mkdir -p $(@D)
	ctemplate-make_tpl_varnames_h -q -t templates -f $@ $*.tpl

$(BUILD)/lib/render.o: $(TEMPLATE_NAMES)

# The nginx snippets: the template's @ROUTES@ line becomes a location for each of its routes
# in cgi-bin/routes, and the build's paths are written in, so the installed files need no editing.
$(BUILD)/nginx/%.conf: nginx/%.conf.in $(ROUTES) scripts/routes.awk $(SETTINGS_STAMP)
	@mkdir -p $(@D)
	awk -f scripts/routes.awk -v snippet=$* $(ROUTES) $< > $@.tmp
	sed -e 's|@CONFIG@|$(CONFIG_FILE)|g' -e 's|@DATADIR@|$(DATADIR)|g' \
	    -e 's|@RUNDIR@|$(RUNDIR)|g' -e 's|@NGINX_ERROR_LOG@|$(NGINX_ERROR_LOG)|g' $@.tmp > $@
	rm $@.tmp

# The man pages: the template's @LIST@ line becomes the listing the admin command prints from
# its own tables (the verbs, the config keys), and the build's paths are written in.
$(BUILD)/man/pwreset.8: LISTING := --help
$(BUILD)/man/pwreset.conf.5: LISTING := config keys
$(BUILD)/man/%: man/%.in man/listing.awk $(TOOL) $(SETTINGS_STAMP)
	@mkdir -p $(@D)
	$(TOOL) $(LISTING) > $@.list
	awk -f man/listing.awk $@.list $< | \
	    sed -e 's|@CONFIG@|$(CONFIG_FILE)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' > $@.tmp
	rm $@.list && mv $@.tmp $@

# The systemd units likewise: ExecStart, the sockets, the config and the database's folder.
# The socket unit gets a ListenStream= line for each page of cgi-bin/routes.
SPACE := $(subst x, ,x)
$(BUILD)/systemd/%: systemd/%.in $(ROUTES) $(SETTINGS_STAMP)
	@mkdir -p $(@D)
	sed -e 's|@CONFIG@|$(CONFIG_FILE)|g' -e 's|@LIBEXECDIR@|$(LIBEXECDIR)|g' \
	    -e 's|@RUNDIR@|$(RUNDIR)|g' -e 's|@STATEDIR@|$(STATEDIR)|g' \
	    -e 's|^@LISTEN_STREAMS@$$|$(subst $(SPACE),\n,$(PROGRAMS:%=ListenStream=$(RUNDIR)/%.sock))|' $< > $@

# The translations: po/LANG.po compiled to $(BUILD)/locale/LANG/LC_MESSAGES/pwreset.mo, as
# the programs find them under locale_dir; a catalogue msgfmt finds wrong stops the build.
# `make pot` remakes po/pwreset.pot from the sources (a test checks it is current), and
# `make po-update` merges it into each language's file for its translator.
LANGUAGES  := $(patsubst po/%.po,%,$(sort $(wildcard po/*.po)))
CATALOGUES := $(LANGUAGES:%=$(BUILD)/locale/%/LC_MESSAGES/pwreset.mo)
all: $(CATALOGUES)
XGETTEXT_SOURCES := $(sort $(wildcard lib/*.cc lib/*.h cgi-bin/*.cc))
XGETTEXT_FLAGS := --language=C++ --from-code=UTF-8 --keyword= --keyword=tr --keyword=N_ --keyword=trn:1,2 \
                  --flag=tr:1:pass-c-format --flag=trn:1:pass-c-format --flag=trn:2:pass-c-format \
                  --flag=format_text:1:c-format --add-comments=TRANSLATORS: --sort-by-file \
                  --package-name=pwreset --msgid-bugs-address= --add-location=file

$(BUILD)/locale/%/LC_MESSAGES/pwreset.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check --statistics -o $@.tmp $<
	mv $@.tmp $@

.PHONY: pot po-update
POT ?= po/pwreset.pot
pot:
	xgettext $(XGETTEXT_FLAGS) -o $(POT) $(XGETTEXT_SOURCES)

po-update: pot
	for language in $(LANGUAGES); do msgmerge --quiet --update --backup=none po/$$language.po po/pwreset.pot; done

$(LIBRARY): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(TOOL): $(TOOL_OBJS) $(LIBRARY)
	$(CXX) $(ALL_LDFLAGS) $(TOOL_OBJS) $(LIBRARY) $(PKG_LIBS) -o $@

# Each page program's main, naming its page.
$(BUILD)/cgi-bin/main_%.o: cgi-bin/main.cc $(FLAGS_STAMP)
	$(CXX) $(ALL_CXXFLAGS) -DPWRESET_PAGE=page_$* -c $< -o $@

$(CGI_BINS): $(BUILD)/cgi-bin/%: $(BUILD)/cgi-bin/%.o $(BUILD)/cgi-bin/main_%.o $(LIBRARY)
	$(CXX) $(ALL_LDFLAGS) $(filter %.o,$^) $(LIBRARY) $(PKG_LIBS) -o $@

$(ALL_PAGES): $(BUILD)/cgi-bin/all_pages.o $(PAGE_OBJS) $(LIBRARY)
	$(CXX) $(ALL_LDFLAGS) $(filter %.o,$^) $(LIBRARY) $(PKG_LIBS) -o $@

$(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(LIBRARY)
	$(CXX) $(ALL_LDFLAGS) $< $(LIBRARY) $(PKG_LIBS) -lboost_unit_test_framework -o $@

# A page's tests (tests/unit/page_NAME_test.cc) link its handler, without main or nginx.
$(BUILD)/tests/unit/page_%_test: $(BUILD)/tests/unit/page_%_test.o $(BUILD)/cgi-bin/%.o $(LIBRARY)
	$(CXX) $(ALL_LDFLAGS) $(filter %.o,$^) $(LIBRARY) $(PKG_LIBS) -lboost_unit_test_framework -o $@

unit: $(UNIT_BINS)

# The browser tests' accessibility engine, exactly as package-lock.json pins it, fetched once
# (scripts/install-deps does the same); order-only, since npm keeps the package's own dates.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE):
	npm ci --prefix tests/browser --no-audit --no-fund

# Every suite (unit, integration, browser); tests/run prints the final "N passed, N failed".
check: all $(UNIT_BINS) | $(AXE)
	BUILD=$(BUILD) tests/run

# Fuzzing: libFuzzer needs clang, so the library is rebuilt with it (ASan + UBSan and
# coverage) in its own directory. Each target runs FUZZ_SECONDS on a copy of its committed
# corpus, so new inputs stay out of the source tree; any crash, leak or report fails.
FUZZ_CXX     ?= clang++-14
FUZZ_BUILD   := build-fuzz
FUZZ_SECONDS ?= 30
FUZZ_SAN     := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.cc,%,$(sort $(wildcard tests/fuzz/fuzz_*.cc)))

$(BUILD)/tests/fuzz/fuzz_%: $(BUILD)/tests/fuzz/fuzz_%.o $(LIBRARY)
	$(CXX) $(ALL_LDFLAGS) -fsanitize=fuzzer $< $(LIBRARY) $(PKG_LIBS) -o $@

fuzz-targets: $(FUZZ_NAMES:%=$(BUILD)/tests/fuzz/fuzz_%)

fuzz:
	$(MAKE) BUILD=$(FUZZ_BUILD) CXX=$(FUZZ_CXX) SAN_FLAGS='$(FUZZ_SAN)' fuzz-targets
	@failed=; for name in $(FUZZ_NAMES); do \
	    corpus=$(FUZZ_BUILD)/corpus/$$name; artifacts=$(FUZZ_BUILD)/artifacts/$$name/; \
	    mkdir -p $$corpus $$artifacts && cp tests/fuzz/corpus/$$name/* $$corpus/ || exit 1; \
	    echo "== fuzz_$$name for $(FUZZ_SECONDS) s"; \
	    $(FUZZ_BUILD)/tests/fuzz/fuzz_$$name -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 \
	        -timeout=10 -print_final_stats=1 -artifact_prefix=$$artifacts $$corpus \
	        || failed="$$failed fuzz_$$name"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: failed:$$failed (inputs in $(FUZZ_BUILD)/artifacts)"; exit 1; fi

# The page programs with every library but glibc linked in, at a fixed address (no PIE),
# for hosts that count memory or run plain CGI: no symbol lookups at start-up and no
# relocated library tables, so a CGI request starts about twice as fast and each FastCGI
# worker keeps about 60 KiB less private memory (bench/RESULTS.md). The price: updates of
# Nettle, SQLite, ctemplate, cgicc and libfcgi need a rebuild, and the programs' own code
# is not address-randomised. `make static`, then `make install STATIC=1`.
STATIC_LIBS := -no-pie -static-libstdc++ -static-libgcc \
               -Wl,-Bstatic -lfcgi -lcgicc -lctemplate -lsqlite3 -lnettle -lz -Wl,-Bdynamic -lcrypt -lpwquality
STATIC_BINS := $(PROGRAMS:%=$(BUILD)/static/cgi-bin/%)
STATIC_ALL_PAGES := $(BUILD)/static/pwreset-fcgi
INSTALL_CGI := $(if $(filter 1,$(STATIC)),$(STATIC_BINS) $(STATIC_ALL_PAGES),$(CGI_BINS) $(ALL_PAGES))

$(STATIC_BINS): $(BUILD)/static/cgi-bin/%: $(BUILD)/cgi-bin/%.o $(BUILD)/cgi-bin/main_%.o $(LIBRARY)
	@mkdir -p $(@D)
	$(CXX) $(ALL_LDFLAGS) $(filter %.o,$^) $(LIBRARY) $(STATIC_LIBS) -o $@

$(STATIC_ALL_PAGES): $(BUILD)/cgi-bin/all_pages.o $(PAGE_OBJS) $(LIBRARY)
	@mkdir -p $(@D)
	$(CXX) $(ALL_LDFLAGS) $(filter %.o,$^) $(LIBRARY) $(STATIC_LIBS) -o $@

static: $(STATIC_BINS) $(STATIC_ALL_PAGES)

# Load benchmarks on 127.0.0.1 (bench/run, about 4 minutes): the stack against the transport
# ceiling, nginx's static files and bare bcrypt; prints the table and writes bench/RESULTS.md.
BENCH_BINS := $(BUILD)/bench/ceiling $(BUILD)/bench/bcrypt_rate

$(BUILD)/bench/ceiling: $(BUILD)/bench/ceiling.o
	$(CXX) $(ALL_LDFLAGS) $< $(PKG_LIBS) -o $@

$(BUILD)/bench/bcrypt_rate: $(BUILD)/bench/bcrypt_rate.o $(LIBRARY)
	$(CXX) $(ALL_LDFLAGS) $< $(LIBRARY) $(PKG_LIBS) -o $@

bench: all $(BENCH_BINS) $(STATIC_BINS) $(STATIC_ALL_PAGES)
	PWRESET_BUILD=$(CURDIR)/$(BUILD) bench/run

# Installs what is missing (as root), builds, and serves the demo until Ctrl-C.
demo:
	@if [ "$$(id -u)" -eq 0 ]; then scripts/install-deps; fi
	$(MAKE) all
	PWRESET_BUILD=$(CURDIR)/$(BUILD) scripts/demo

# What install copies, by name, so uninstall removes exactly these and nothing else.
TEMPLATE_FILES := $(notdir $(sort $(wildcard templates/*.tpl)))
STATIC_FILES   := $(notdir $(sort $(wildcard static/*)))
NGINX_FILES    := pwreset-http.conf pwreset-log-mask.conf $(notdir $(NGINX_SNIPPETS))
PROGRAM_NAMES  := $(PROGRAMS) pwreset-fcgi
SYSTEMD_FILES  := $(notdir $(SYSTEMD_UNITS))

# No config folder: INSTALL's section 2 makes it with the owner and mode the programs' user
# needs, which a folder left here by root would only get wrong.
install: all $(INSTALL_CGI)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(DATADIR)/templates \
	           $(DESTDIR)$(DATADIR)/static $(DESTDIR)$(DATADIR)/nginx \
	           $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	install -m 755 $(TOOL) $(DESTDIR)$(BINDIR)/pwreset
	install -m 755 $(INSTALL_CGI) $(DESTDIR)$(LIBEXECDIR)/
	install -m 644 $(TEMPLATE_FILES:%=templates/%) $(DESTDIR)$(DATADIR)/templates/
	install -m 644 $(STATIC_FILES:%=static/%) $(DESTDIR)$(DATADIR)/static/
	install -m 644 nginx/pwreset-http.conf nginx/pwreset-log-mask.conf $(NGINX_SNIPPETS) $(DESTDIR)$(DATADIR)/nginx/
	install -m 644 sql/schema.sql $(DESTDIR)$(DATADIR)/schema.sql
	install -m 644 $(BUILD)/man/pwreset.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 644 $(BUILD)/man/pwreset.conf.5 $(DESTDIR)$(MANDIR)/man5/
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	install -m 644 $(SYSTEMD_UNITS) $(DESTDIR)$(SYSTEMDUNITDIR)/
	for language in $(LANGUAGES); do \
	    install -d $(DESTDIR)$(LOCALEDIR)/$$language/LC_MESSAGES && \
	    install -m 644 $(BUILD)/locale/$$language/LC_MESSAGES/pwreset.mo $(DESTDIR)$(LOCALEDIR)/$$language/LC_MESSAGES/ \
	    || exit 1; \
	done

# The files install copied, then its folders if that left them empty (never BINDIR,
# SYSTEMDUNITDIR or the man folders, which other programs share). The config, the secret,
# the database and the logs stay.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pwreset $(PROGRAM_NAMES:%=$(DESTDIR)$(LIBEXECDIR)/%) \
	      $(TEMPLATE_FILES:%=$(DESTDIR)$(DATADIR)/templates/%) $(STATIC_FILES:%=$(DESTDIR)$(DATADIR)/static/%) \
	      $(NGINX_FILES:%=$(DESTDIR)$(DATADIR)/nginx/%) $(DESTDIR)$(DATADIR)/schema.sql \
	      $(DESTDIR)$(MANDIR)/man8/pwreset.8 $(DESTDIR)$(MANDIR)/man5/pwreset.conf.5
	rm -f $(SYSTEMD_FILES:%=$(DESTDIR)$(SYSTEMDUNITDIR)/%)
	rm -f $(LANGUAGES:%=$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES/pwreset.mo)
	for dir in $(LANGUAGES:%=$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES) $(LANGUAGES:%=$(DESTDIR)$(LOCALEDIR)/%) \
	           $(DESTDIR)$(LOCALEDIR) $(DESTDIR)$(DATADIR)/templates $(DESTDIR)$(DATADIR)/static $(DESTDIR)$(DATADIR)/nginx \
	           $(DESTDIR)$(DATADIR) $(DESTDIR)$(LIBEXECDIR); do \
	    [ ! -d "$$dir" ] || rmdir --ignore-fail-on-non-empty "$$dir"; \
	done

clean:
	rm -rf build build-san build-fuzz build-install var/demo

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
