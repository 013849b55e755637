# kb — build, test, install.
#
#   make            build build/kb
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

# Debian packages the build, the tests and the demo need.
DEB_PACKAGES = gcc make pkg-config libsqlite3-dev libxml2-dev libcmark-gfm-dev \
               libcmark-gfm-extensions-dev libcmocka-dev bats sqlite3 libxml2-utils \
               sqlite-utils python3 man-db

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

$(BUILD)/obj/%.o: %.c $(wildcard include/kb/*.h) kb/internal.h kb/cli/cli.h
	@mkdir -p $(dir $@)
	$(CC) $(KB_CFLAGS) -c -o $@ $<

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

$(BUILD)/tests/%: tests/%.c $(BUILD)/libkb.a
	@mkdir -p $(dir $@)
	$(CC) $(KB_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libkb.a $(LDLIBS) -lcmocka

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
SANLOG = $(CURDIR)/build/asan/report
asan:
	@mkdir -p build/asan && rm -f $(SANLOG).*
	KB_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1:log_path=$(SANLOG) \
	  UBSAN_OPTIONS=print_stacktrace=1:log_path=$(SANLOG) \
	  $(MAKE) BUILD=build/asan CFLAGS="-O1 -g $(SAN)" LDFLAGS="$(SAN)" test
	@if ls $(SANLOG).* >/dev/null 2>&1; then cat $(SANLOG).*; echo "sanitizers reported errors"; exit 1; fi
	@echo "asan: no sanitizer reports"

# The whole suite again under valgrind's memcheck: every kb run and every unit
# test must end with no error and no leak (slow: minutes, not seconds).
VALGRIND = valgrind --quiet --suppressions=$(CURDIR)/tests/valgrind.supp --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --log-file=$(CURDIR)/build/valgrind/vg.%p.log
valgrind: all $(UNIT_BIN)
	@rm -rf build/valgrind && mkdir -p build/valgrind
	@printf '%s\n' '#!/bin/sh' 'exec $(VALGRIND) $(CURDIR)/$(BUILD)/kb "$$@"' > build/valgrind/kb
	@chmod +x build/valgrind/kb
	@set -e; for t in $(UNIT_BIN); do echo "== valgrind $$t"; $(VALGRIND) $$t >/dev/null; done
	KB_SANITIZED=1 KB_VALGRIND=1 KB=$(CURDIR)/build/valgrind/kb bats tests/cli
	@if grep -l . build/valgrind/vg.*.log >/dev/null 2>&1; then grep -h . build/valgrind/vg.*.log | head -50; echo "valgrind reported errors"; exit 1; fi
	@echo "valgrind: no error, no leak in $$(ls build/valgrind/vg.*.log | wc -l) processes"

# Fuzzing (libFuzzer, clang): make fuzz builds the targets; make fuzz-run runs
# each for FUZZ_SECONDS from a seed corpus made of ../shared/corpora, data/ and
# the tests' fixtures. Crashes land in build/fuzz/crashes/.
FUZZ_TARGETS = extract feed load note query
FUZZ_SECONDS ?= 60
FUZZ_SAN = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
fuzz:
	$(MAKE) BUILD=build/fuzz CC=clang CFLAGS="-g -O1 $(FUZZ_SAN)" build/fuzz/libkb.a
	@set -e; for t in $(FUZZ_TARGETS); do \
	  clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
	    $$(pkg-config --cflags $(PKGS)) -o build/fuzz/fuzz_$$t tests/fuzz/fuzz_$$t.c \
	    build/fuzz/libkb.a $(LDLIBS); \
	done
	sh tests/fuzz/seeds.sh build/fuzz/seeds

fuzz-run: fuzz
	@mkdir -p build/fuzz/crashes
	@set -e; for t in $(FUZZ_TARGETS); do \
	  echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	  mkdir -p build/fuzz/corpus/$$t; \
	  ASAN_OPTIONS=detect_leaks=1 build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	    -max_len=262144 -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
	    -artifact_prefix=build/fuzz/crashes/$$t- \
	    build/fuzz/corpus/$$t build/fuzz/seeds/$$t 2>&1 | \
	    grep -E 'stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY|Done' || true; \
	  if ls build/fuzz/crashes/$$t-* >/dev/null 2>&1; then echo "fuzz_$$t found a crash"; exit 1; fi; \
	done

# Benchmarks print figures; they assert nothing about time. BENCH_SIZES takes
# SIZE:RUNS pairs (the medians of RUNS runs are printed).
BENCH_SIZES ?= 10000:3 100000:1
bench: all
	python3 tests/bench/score_extraction.py $(BUILD)/kb ../shared/corpora/extraction/dev
	python3 tests/bench/bench_ingest.py $(BUILD)/kb $(BUILD)/bench $(BENCH_SIZES)
	python3 tests/bench/bench_query.py $(BUILD)/kb $(BUILD)/bench

clean:
	rm -rf build
