# chainrelay — build, run and test. See README.md.
SHELL := /bin/bash
GO ?= go
MODULES := schemas streams redisbridge services projections tests
PKGS := $(addprefix ./,$(addsuffix /...,$(MODULES)))
BIN := bin/chainrelay
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# make run also streams these real Stellar ledgers when they are there (../shared beside
# the repository); STELLAR_FILE= turns it off.
STELLAR_FILE ?= $(wildcard ../shared/fixtures/stellar/load-test-ledgers-v23.xdr.zstd)
STELLAR_ARGS = $(if $(STELLAR_FILE),--stellar-file $(STELLAR_FILE) --stellar-passphrase "load test network" --stellar-network loadtest)
# Test timeout per package; the cluster and pipeline suites take the longest.
TEST_TIMEOUT ?= 15m
FUZZTIME ?= 20s
# Minimizing a new input may take the default 60 s, the whole fuzzing budget; bound it.
FUZZMINIMIZE ?= 2s

.PHONY: all build run test test-short fuzz bench lint contracts contracts-check clean redis

all: build

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./services/cmd/chainrelay

# Start everything on embedded defaults with a local Redis, push sample messages and show
# where each one ends. Ctrl-C stops it. The simulated chain lives in memory, so each run
# starts from a fresh log under data/demo to match it.
run: build
	@source ops/scripts/redis.sh && ensure_redis && \
	  echo "chainrelay: Redis at $$REDIS_URL" && \
	  rm -rf data/demo && \
	  CHAINRELAY_REDIS_URL=$$REDIS_URL ./$(BIN) up --demo --data-dir data/demo $(STELLAR_ARGS) $(ARGS)

test:
	@source ops/scripts/redis.sh && ensure_redis_server_binary
	$(GO) test -count=1 -timeout $(TEST_TIMEOUT) $(PKGS)
	$(MAKE) --no-print-directory fuzz

test-short:
	$(GO) test -short -count=1 $(PKGS)

# Bounded fuzzing of the decoders that face untrusted input.
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzSubjectToken$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) ./schemas/
	@if ls services/validator/*_test.go >/dev/null 2>&1 && grep -q 'func FuzzValidate' services/validator/*_test.go; then \
	  $(GO) test -run '^$$' -fuzz '^FuzzValidate$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) ./services/validator/; fi

# Every benchmark prints its figure beside a baseline measured in the same run, as a ratio.
# One package at a time (-p 1): benchmarks of two packages at once would share the cores.
bench:
	@source ops/scripts/redis.sh && ensure_redis_server_binary
	$(GO) test -p 1 -run '^$$' -bench . -timeout 30m $(PKGS) | tee bench.out | grep -E '^(Benchmark|ok|FAIL|---)'

lint:
	@out=$$(gofmt -l $(MODULES) | grep -v '/bindings/' || true); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	$(GO) run $(STATICCHECK) $(PKGS)

# Compile the Solidity contracts with the pinned solc from npm and regenerate artifacts
# and Go bindings (needs Node and npm).
contracts:
	bash services/evm/contracts/build.sh

contracts-check:
	bash services/evm/contracts/check.sh

redis:
	@source ops/scripts/redis.sh && ensure_redis && echo "$$REDIS_URL"

clean:
	rm -rf bin data bench.out
