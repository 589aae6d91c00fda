# Baton: the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

SWIFT ?= swift
FUZZ_RUNS ?= 1000000

.PHONY: help deps generate check-generated build test demo bench fuzz clean train-intent

help:
	@echo "make demo   - install what is missing, start the local stack, run the main job"
	@echo "make test   - the whole test suite (a private Postgres included)"
	@echo "make bench  - benchmarks against the named peers (long; not part of test)"
	@echo "make fuzz   - libFuzzer targets, $(FUZZ_RUNS) runs each (FUZZ_RUNS=...)"
	@echo "make generate - regenerate Swift message types from proto/"
	@echo "make train-intent - retrain the intent model and the escalation cues (needs ../shared/data)"

# Each target's first step is its preflight: scripts/install-deps checks what
# the target uses (scripts/requirements), installs what is missing as root,
# and otherwise stops naming the Debian package to install.
deps:
	@scripts/install-deps test

# Swift message types are generated from proto/ and committed; the codec they
# call is the hand-written runtime in Shared/Wire/Codec.
generate:
	@scripts/install-deps generate
	@scripts/generate

check-generated:
	@scripts/install-deps generate
	@scripts/generate --check

build:
	@scripts/install-deps test
	$(SWIFT) build

# The private Postgres is stopped whatever the tests did. Swift tests run one
# at a time: on 2 cores the cooperative pool has 2 threads, and CPU-bound
# tests (10,000 dispatch states, 259,000 flipped proofs, the CEL conformance
# files) running side by side starved the socket tests' tasks for seconds
# (a clean-clone run saw a 10 s deadline pass while connecting). Serial: ~30 s.
test:
	@scripts/install-deps test
	@scripts/generate --check
	@set -o pipefail; \
	trap 'deploy/local/postgres stop' EXIT; \
	url=$$(deploy/local/postgres start) || { echo "test: the private Postgres did not start (see above)"; exit 1; }; \
	export BATON_DATABASE_URL=$$url; \
	echo "test: private Postgres at $$BATON_DATABASE_URL"; \
	$(SWIFT) test --no-parallel 2>&1 | tee .baton/swift-test.log | grep -vE '^\[[0-9]+/[0-9]+\]' && \
	Tests/Interop/run && \
	Tests/Interop/json-run && \
	Tests/EndToEnd/run && \
	Tests/Router/run && \
	Tests/Audit/run && \
	Tests/Reflection/run && \
	Tests/Edge/run && \
	Tests/Planner/run && \
	Tests/Handoff/run && \
	Tests/ConnectorDemo/run && \
	Tests/Gateway/run && \
	Tests/Deploy/run

# The local stack (release build), the main job through batonctl, then everything stopped.
# Each run has a tenant of its own (the demo connector's orders change as the demo refunds and cancels them).
demo:
	@scripts/install-deps demo
	@trap 'deploy/local/down >/dev/null' EXIT; \
	export BATON_DEMO_TENANT=demo-retail-$$(date +%Y%m%d-%H%M%S); \
	deploy/local/up && \
	$$(swift build -c release --show-bin-path)/batonctl demo --tenant $$BATON_DEMO_TENANT

bench:
	@scripts/install-deps bench
	@Benchmarks/run

fuzz:
	@scripts/install-deps fuzz
	@Fuzz/run $(FUZZ_RUNS)

# The intent model and its golden file are derived artefacts, committed.
train-intent:
	@scripts/install-deps bench
	.venv-train/bin/python Tools/intent/train.py
	.venv-train/bin/python Tools/intent/train_escalation.py

clean:
	rm -rf .build .build-* Benchmarks/.build Fuzz/.build
