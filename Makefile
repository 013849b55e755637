# kb — build, test, install.
#
#   make            build $(BUILD)/kb (BUILD=build unless set; every target follows it)
#   make demo       set up a fresh Debian 12 machine, build, load data/, show the base
#   make test       unit tests (cmocka) and CLI tests (bats)
#   make asan       the same tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   make clean      remove what the build made

CC      ?= gcc
PKGS     = sqlite3 libxml-2.0 libcmark-gfm
CFLAGS  ?= -O2 -g
KB_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
            -Wall -Wextra -Wpedantic -Iinclude \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions -pthread

# The Debian packages the build, the tests and the demo need: one list, which
# .ci/run reads too.
DEB_PACKAGES = $(shell sed 's/\#.*//' .ci/packages)

# Each header the build includes from outside, with the package that has it:
# a missing one is named before anything is compiled.
NEEDED_HEADERS = sqlite3.h:libsqlite3-dev libxml/parser.h:libxml2-dev \
                 cmark-gfm.h:libcmark-gfm-dev \
                 cmark-gfm-core-extensions.h:libcmark-gfm-extensions-dev
TEST_HEADERS   = cmocka.h:libcmocka-dev

BUILD   ?= build
LIB_SRC  = $(wildcard kb/*.c)
CLI_SRC  = $(wildcard kb/cli/*.c)
SCHEMA   = $(sort $(wildcard schema/*.sql)) schema/kb.rng schema/doc.tsv kb/cli/kb.1.md
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/embedded.o
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_SRC = $(wildcard tests/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/%.c=$(BUILD)/tests/%)

.PHONY: all demo deps test unit cli asan valgrind bench install uninstall fuzz fuzz-run clean
all: $(BUILD)/kb $(BUILD)/kb.1

# Says which Debian package is missing, rather than a compiler error about an
# include. The stamp is made once per build folder.
$(BUILD)/.headers-found: Makefile
	@mkdir -p $(BUILD)
	@command -v pkg-config >/dev/null || { \
	  echo "kb: the build needs pkg-config: sudo apt-get install -y pkg-config (or: make deps)"; exit 1; }
	@missing=""; for h in $(NEEDED_HEADERS); do \
	  echo "#include <$${h%%:*}>" | $(CC) $(KB_CFLAGS) -E -x c - >/dev/null 2>&1 || missing="$$missing $${h#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "kb: the build needs these Debian packages:$$missing"; \
	  echo "  sudo apt-get install -y$$missing   (or, as root: make deps)"; exit 1; \
	fi
	@touch $@

$(BUILD)/.test-headers-found: Makefile
	@mkdir -p $(BUILD)
	@missing=""; for h in $(TEST_HEADERS); do \
	  printf '#include <stdarg.h>\n#include <stddef.h>\n#include <setjmp.h>\n#include <stdint.h>\n#include <%s>\n' "$${h%%:*}" | \
	    $(CC) $(KB_CFLAGS) -E -x c - >/dev/null 2>&1 || missing="$$missing $${h#*:}"; \
	done; \
	command -v bats >/dev/null || missing="$$missing bats"; \
	command -v sqlite3 >/dev/null || missing="$$missing sqlite3"; \
	if [ -n "$$missing" ]; then \
	  echo "kb: the tests need these Debian packages:$$missing"; \
	  echo "  sudo apt-get install -y$$missing   (or, as root: make deps)"; exit 1; \
	fi
	@touch $@

# The man page, written in Markdown and rendered by cmark-gfm's man renderer.
$(BUILD)/kb.1: $(BUILD)/kb
	./$(BUILD)/kb help --man > $@.tmp && mv $@.tmp $@

PREFIX  ?= /usr/local
BINDIR   = $(PREFIX)/bin
MANDIR   = $(PREFIX)/share/man/man1
COMPDIR  = $(PREFIX)/share/bash-completion/completions
install: all
	install -D -m 755 $(BUILD)/kb $(DESTDIR)$(BINDIR)/kb
	install -D -m 644 $(BUILD)/kb.1 $(DESTDIR)$(MANDIR)/kb.1
	install -D -m 644 kb/cli/kb.bash $(DESTDIR)$(COMPDIR)/kb

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kb $(DESTDIR)$(MANDIR)/kb.1 $(DESTDIR)$(COMPDIR)/kb

$(BUILD)/kb: $(CLI_OBJ) $(BUILD)/libkb.a
	$(CC) $(KB_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libkb.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

# Each object's header dependencies come from the compiler (-MMD -MP).
$(BUILD)/obj/%.o: %.c | $(BUILD)/.headers-found
	@mkdir -p $(dir $@)
	$(CC) $(KB_CFLAGS) -MMD -MP -c -o $@ $<

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_BIN:=.d)

# The schema files become C arrays, so kb runs from any directory.
$(BUILD)/embedded.c: $(SCHEMA) Makefile
	@mkdir -p $(BUILD)
	@{ echo '#include "kb/db.h"'; i=0; \
	  for f in $(SCHEMA); do \
	    echo "static const unsigned char f$$i[] = {"; \
	    od -An -v -tx1 $$f | sed -e 's/ \([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	    echo '0x00};'; i=$$((i+1)); \
	  done; \
	  echo 'const kb_embedded_file kb_embedded_files[] = {'; i=0; \
	  for f in $(SCHEMA); do \
	    echo "  {\"$$(basename $$f)\", f$$i, sizeof f$$i - 1},"; i=$$((i+1)); \
	  done; \
	  echo '};'; \
	  echo 'const unsigned long kb_embedded_count = sizeof kb_embedded_files / sizeof kb_embedded_files[0];'; \
	} > $@.tmp && mv $@.tmp $@

$(BUILD)/embedded.o: $(BUILD)/embedded.c
	$(CC) $(KB_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(BUILD)/libkb.a | $(BUILD)/.test-headers-found
	@mkdir -p $(dir $@)
	$(CC) $(KB_CFLAGS) -MMD -MP -MF $@.d $(LDFLAGS) -o $@ $< $(BUILD)/libkb.a $(LDLIBS) -lcmocka

# As root, installs what is missing; otherwise says what to install and stops.
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	  else \
	    echo "kb needs these Debian packages; install them, then run make demo again:"; \
	    echo "  sudo apt-get install -y $$missing"; exit 1; \
	  fi; \
	fi

demo: deps
	$(MAKE) all
	rm -f kb.db kb.db-wal kb.db-shm
	./$(BUILD)/kb init
	./$(BUILD)/kb load data/
	./$(BUILD)/kb check --quiet
	./$(BUILD)/kb stats
	@echo; echo "The seed story's debate:"
	./$(BUILD)/kb show meta-cloud-expansion-or-retreat
	@echo; echo "Next: kb search meta cloud; kb brief meta > meta.md; kb help"

test: all $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done
	KB=$(CURDIR)/$(BUILD)/kb KB_BUILD=$(BUILD) bats tests/cli

SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# Every report of the sanitizers goes to a log: a test that ignores an exit
# status still fails the run when anything was reported.
SANLOG = $(CURDIR)/$(BUILD)/asan/report
asan:
	@mkdir -p $(BUILD)/asan && rm -f $(SANLOG).*
	KB_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1:log_path=$(SANLOG) \
	  UBSAN_OPTIONS=print_stacktrace=1:log_path=$(SANLOG) \
	  $(MAKE) BUILD=$(BUILD)/asan CFLAGS="-O1 -g $(SAN)" LDFLAGS="$(SAN)" test
	@if ls $(SANLOG).* >/dev/null 2>&1; then cat $(SANLOG).*; echo "sanitizers reported errors"; exit 1; fi
	@echo "asan: no sanitizer reports"

# The whole suite again under valgrind's memcheck: every kb run and every unit
# test must end with no error and no leak (slow: minutes, not seconds).
VGDIR    = $(BUILD)/valgrind
VALGRIND = valgrind --quiet --suppressions=$(CURDIR)/tests/valgrind.supp --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --log-file=$(CURDIR)/$(VGDIR)/vg.%p.log
valgrind: all $(UNIT_BIN)
	@rm -rf $(VGDIR) && mkdir -p $(VGDIR)
	@printf '%s\n' '#!/bin/sh' 'exec $(VALGRIND) $(CURDIR)/$(BUILD)/kb "$$@"' > $(VGDIR)/kb
	@chmod +x $(VGDIR)/kb
	@set -e; for t in $(UNIT_BIN); do echo "== valgrind $$t"; $(VALGRIND) $$t >/dev/null; done
	KB_SANITIZED=1 KB_VALGRIND=1 KB=$(CURDIR)/$(VGDIR)/kb KB_BUILD=$(BUILD) bats tests/cli
	@if grep -l . $(VGDIR)/vg.*.log >/dev/null 2>&1; then grep -h . $(VGDIR)/vg.*.log | head -50; echo "valgrind reported errors"; exit 1; fi
	@echo "valgrind: no error, no leak in $$(ls $(VGDIR)/vg.*.log | wc -l) processes"

# Fuzzing (libFuzzer, clang): make fuzz builds the targets; make fuzz-run runs
# each for FUZZ_SECONDS from a seed corpus made of ../shared/corpora, data/ and
# the tests' fixtures. Crashes land in $(BUILD)/fuzz/crashes/.
FUZZ_TARGETS = extract feed load md note query date
FUZZ_SECONDS ?= 60
FUZZ_SAN = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
FUZZDIR = $(BUILD)/fuzz
fuzz:
	$(MAKE) BUILD=$(FUZZDIR) CC=clang CFLAGS="-g -O1 $(FUZZ_SAN)" $(FUZZDIR)/libkb.a
	@set -e; for t in $(FUZZ_TARGETS); do \
	  clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
	    $$(pkg-config --cflags $(PKGS)) -o $(FUZZDIR)/fuzz_$$t tests/fuzz/fuzz_$$t.c \
	    $(FUZZDIR)/libkb.a $(LDLIBS); \
	done
	sh tests/fuzz/seeds.sh $(FUZZDIR)/seeds

fuzz-run: fuzz
	@mkdir -p $(FUZZDIR)/crashes
	@set -e; for t in $(FUZZ_TARGETS); do \
	  echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	  mkdir -p $(FUZZDIR)/corpus/$$t; \
	  ASAN_OPTIONS=detect_leaks=1 $(FUZZDIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	    -max_len=262144 -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZDIR)/crashes/$$t- \
	    $(FUZZDIR)/corpus/$$t $(FUZZDIR)/seeds/$$t 2>&1 | \
	    grep -E 'stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY|Done' || true; \
	  if ls $(FUZZDIR)/crashes/$$t-* >/dev/null 2>&1; then echo "fuzz_$$t found a crash"; exit 1; fi; \
	done

# Benchmarks print figures; they assert nothing about time. BENCH_SIZES takes
# SIZE:RUNS pairs (the medians of RUNS runs are printed).
BENCH_SIZES ?= 10000:3 100000:1
bench: all
	python3 tests/bench/score_extraction.py $(BUILD)/kb ../shared/corpora/extraction/dev
	python3 tests/bench/bench_ingest.py $(BUILD)/kb $(BUILD)/bench $(BENCH_SIZES)
	python3 tests/bench/bench_query.py $(BUILD)/kb $(BUILD)/bench
	python3 tests/bench/growth.py $(BUILD)/kb $(BUILD)/bench/growth

clean:
	rm -rf $(BUILD)
