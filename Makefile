# pwreset: build, test, install and demo targets (GNU make).

PREFIX     ?= /usr/local
DESTDIR    ?=
SYSCONFDIR ?= $(PREFIX)/etc
LIBEXECDIR ?= $(PREFIX)/lib/pwreset
DATADIR    ?= $(PREFIX)/share/pwreset

CXX      ?= g++
CXXFLAGS ?= -O2 -g
CXXSTD   := -std=c++17
WARN     := -Wall -Wextra -Wpedantic
PKGS     := fcgi cgicc libctemplate sqlite3 libcrypto libcrypt pwquality
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

ifeq ($(SANITIZE),1)
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
BUILD     ?= build-san
else
BUILD     ?= build
endif

ALL_CXXFLAGS = $(CXXSTD) $(WARN) $(CXXFLAGS) $(SAN_FLAGS) $(PKG_CFLAGS) -Ilib -MMD -MP \
               -DPWRESET_DEFAULT_CONFIG='"$(SYSCONFDIR)/pwreset/pwreset.conf"' \
               -DPWRESET_DEFAULT_TEMPLATES='"$(DATADIR)/templates"'
ALL_LDFLAGS  = $(LDFLAGS) $(SAN_FLAGS)

LIB_SRCS  := $(sort $(wildcard lib/*.cc))
LIB_OBJS  := $(LIB_SRCS:%.cc=$(BUILD)/%.o) $(BUILD)/gen/schema_sql.o
LIBRARY   := $(BUILD)/libpwreset.a

CGI_SRCS  := $(sort $(wildcard cgi-bin/*.cc))
CGI_BINS  := $(CGI_SRCS:cgi-bin/%.cc=$(BUILD)/cgi-bin/%)
TOOL      := $(BUILD)/pwreset
TOOL_OBJS := $(patsubst %.cc,$(BUILD)/%.o,$(sort $(wildcard tools/*.cc)))

UNIT_SRCS := $(sort $(wildcard tests/unit/*_test.cc))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.cc=$(BUILD)/tests/unit/%)

.PHONY: all check unit deps demo install clean bench fuzz
all: $(TOOL) $(CGI_BINS)

deps:
	scripts/install-deps

$(BUILD)/%.o: %.cc
	@mkdir -p $(@D)
	$(CXX) $(ALL_CXXFLAGS) -c $< -o $@

# The schema is compiled in so `pwreset db init` needs no data file at run time.
$(BUILD)/gen/schema_sql.cc: sql/schema.sql
	@mkdir -p $(@D)
	{ printf 'namespace pwreset { extern const char kSchemaSql[] = R"SQL('; cat $<; printf ')SQL"; }\n'; } > $@

$(BUILD)/gen/schema_sql.o: $(BUILD)/gen/schema_sql.cc
	$(CXX) $(ALL_CXXFLAGS) -c $< -o $@

$(LIBRARY): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(TOOL): $(TOOL_OBJS) $(LIBRARY)
	$(CXX) $(ALL_LDFLAGS) $(TOOL_OBJS) $(LIBRARY) $(PKG_LIBS) -o $@

$(BUILD)/cgi-bin/%: $(BUILD)/cgi-bin/%.o $(LIBRARY)
	$(CXX) $(ALL_LDFLAGS) $< $(LIBRARY) $(PKG_LIBS) -o $@

$(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(LIBRARY)
	$(CXX) $(ALL_LDFLAGS) $< $(LIBRARY) $(PKG_LIBS) -lboost_unit_test_framework -o $@

unit: $(UNIT_BINS)

# Every suite (unit, integration, browser); tests/run prints the final "N passed, N failed".
check: all $(UNIT_BINS)
	BUILD=$(BUILD) tests/run

# Installs what is missing (as root), builds, and serves the demo until Ctrl-C.
demo:
	@if [ "$$(id -u)" -eq 0 ]; then scripts/install-deps; fi
	$(MAKE) all
	PWRESET_BUILD=$(CURDIR)/$(BUILD) scripts/demo

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(DATADIR)/templates \
	           $(DESTDIR)$(DATADIR)/static $(DESTDIR)$(DATADIR)/nginx $(DESTDIR)$(SYSCONFDIR)/pwreset
	install -m 755 $(TOOL) $(DESTDIR)$(PREFIX)/bin/pwreset
	$(if $(CGI_BINS),install -m 755 $(CGI_BINS) $(DESTDIR)$(LIBEXECDIR)/)
	$(if $(wildcard templates/*.tpl),install -m 644 templates/*.tpl $(DESTDIR)$(DATADIR)/templates/)
	$(if $(wildcard static/*),install -m 644 static/* $(DESTDIR)$(DATADIR)/static/)
	$(if $(wildcard nginx/*),install -m 644 nginx/* $(DESTDIR)$(DATADIR)/nginx/)
	install -m 644 sql/schema.sql $(DESTDIR)$(DATADIR)/schema.sql

clean:
	rm -rf build build-san var/demo

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
