# AMS — the two commands of the README: `make run` and `make test`.
# Everything else here serves those two.
BUILD      ?= build
BUILD_TYPE ?= RelWithDebInfo
DATA       ?= var
LISTEN     ?= 127.0.0.1:8080
JOBS       ?= $(shell nproc)
export CCACHE_BASEDIR := $(CURDIR)
CMAKE_FLAGS = -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCMAKE_CXX_COMPILER_LAUNCHER=ccache

.PHONY: deps configure build run test test-asan test-fuzz clean

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DAMS_WERROR=$(if $(CI),ON,OFF) >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

# Serve the embedded SQLite deployment under ./var with demo data. Builds
# only the service itself, not the tests.
run: configure
	@cmake --build $(BUILD) -j$(JOBS) --target ams
	@bash scripts/run.sh $(BUILD)/ams $(DATA) $(LISTEN)

# Every suite: unit, store contract and end-to-end on SQLite and PostgreSQL,
# then the unit tests again under ASan+UBSan, then the parsers under libFuzzer.
test: build
	@bash scripts/test.sh $(BUILD)

test-asan: deps
	@cmake -S . -B $(BUILD)-asan $(CMAKE_FLAGS) -DAMS_SANITIZE=ON -DAMS_WERROR=ON -DAMS_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(BUILD)-asan -j$(JOBS) --target ams_unit_tests
	@$(BUILD)-asan/tests/ams_unit_tests --gtest_brief=1

# libFuzzer on the CSR and OCSP request parsers, ~20 s each (fuzz/run.sh).
# A clang project of its own in $(BUILD)-fuzz that compiles only those parsers.
FUZZ_SECONDS ?= 20
test-fuzz: deps
	@cmake -S fuzz -B $(BUILD)-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
	  -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
	@cmake --build $(BUILD)-fuzz -j$(JOBS)
	@bash fuzz/run.sh $(BUILD)-fuzz $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(BUILD)-fuzz
