# Baton: the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

SWIFT ?= swift
VENV := .venv
PY := $(VENV)/bin/python
PROTO_FILES := $(shell cd proto && find . -name '*.proto' | sed 's|^\./||' | sort)
FUZZ_RUNS ?= 1000000

.PHONY: help deps generate check-generated build test demo bench fuzz clean train-intent

help:
	@echo "make demo   - install what is missing, start the local stack, run the main job"
	@echo "make test   - the whole test suite (a private Postgres included)"
	@echo "make bench  - benchmarks against the named peers (long; not part of test)"
	@echo "make fuzz   - libFuzzer targets, $(FUZZ_RUNS) runs each (FUZZ_RUNS=...)"
	@echo "make generate - regenerate Swift message types from proto/"
	@echo "make train-intent - retrain the intent model (needs ../shared/data)"

deps:
	@scripts/install-deps

# Swift message types are generated from proto/ and committed; the codec they
# call is the hand-written runtime in Shared/Wire/Codec.
generate: deps
	rm -rf Shared/Wire/Messages
	$(PY) Tools/protogen/protogen.py --proto-path proto --out Shared/Wire/Messages $(PROTO_FILES)
	rm -rf Tests/WireTests/Generated
	$(PY) Tools/protogen/protogen.py --proto-path Tests/WireTests/Fixtures/Protos --out Tests/WireTests/Generated \
		--registry TestProtoRegistry --runtime-import Wire descriptor_subset.proto
	rm -rf Shared/API/Generated
	$(PY) Tools/protogen/protogen.py --proto-path proto --out Shared/API/Generated --runtime-import Wire \
		--services-only $(PROTO_FILES)
	rm -rf Tests/Interop/Service/Generated
	$(PY) Tools/protogen/protogen.py --proto-path Tests/Interop --out Tests/Interop/Service/Generated \
		--registry InteropRegistry --runtime-import Wire --services interop.proto

check-generated: deps
	@tmp=$$(mktemp -d); trap 'rm -rf $$tmp' EXIT; \
	$(PY) Tools/protogen/protogen.py --proto-path proto --out $$tmp/main $(PROTO_FILES) 2>/dev/null; \
	$(PY) Tools/protogen/protogen.py --proto-path Tests/WireTests/Fixtures/Protos --out $$tmp/test \
		--registry TestProtoRegistry --runtime-import Wire descriptor_subset.proto 2>/dev/null; \
	$(PY) Tools/protogen/protogen.py --proto-path Tests/Interop --out $$tmp/interop \
		--registry InteropRegistry --runtime-import Wire --services interop.proto 2>/dev/null; \
	$(PY) Tools/protogen/protogen.py --proto-path proto --out $$tmp/api --runtime-import Wire \
		--services-only $(PROTO_FILES) 2>/dev/null; \
	if ! diff -r $$tmp/main Shared/Wire/Messages >/dev/null || ! diff -r $$tmp/test Tests/WireTests/Generated >/dev/null \
		|| ! diff -r $$tmp/interop Tests/Interop/Service/Generated >/dev/null \
		|| ! diff -r $$tmp/api Shared/API/Generated >/dev/null; then \
		echo "check-generated: Shared/Wire/Messages is stale: run 'make generate' and commit"; exit 1; \
	fi; echo "check-generated: generated Swift matches proto/"

build: deps
	$(SWIFT) build

# The private Postgres is stopped whatever the tests did.
test: deps check-generated
	@set -o pipefail; \
	trap 'deploy/local/postgres stop' EXIT; \
	url=$$(deploy/local/postgres start) || { echo "test: the private Postgres did not start (see above)"; exit 1; }; \
	export BATON_DATABASE_URL=$$url; \
	echo "test: private Postgres at $$BATON_DATABASE_URL"; \
	$(SWIFT) test 2>&1 | tee .baton/swift-test.log | grep -vE '^\[[0-9]+/[0-9]+\]' && \
	Tests/Interop/run && \
	Tests/EndToEnd/run && \
	Tests/Router/run

# The local stack (release build), the main job through batonctl, then everything stopped.
demo: deps
	@trap 'deploy/local/down >/dev/null' EXIT; \
	deploy/local/up && \
	$$(swift build -c release --show-bin-path)/batonctl demo

bench: deps
	@Benchmarks/run

fuzz: deps
	@Fuzz/run $(FUZZ_RUNS)

# The intent model and its golden file are derived artefacts, committed.
train-intent:
	test -x .venv-train/bin/python || (python3 -m venv .venv-train && .venv-train/bin/pip install -q numpy scipy)
	.venv-train/bin/python Tools/intent/train.py

clean:
	rm -rf .build .build-* Benchmarks/.build Fuzz/.build
