# Platform Builder — the two commands README gives are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run
TAURI := ui/node_modules/.bin/tauri

.PHONY: run test deps ui build release package bindings e2e fmt lint clean screenshots sample-platform bench fuzz

## Install what is missing, build (release) and start the app.
run: deps ui
	cargo build --release --locked --bin platform-builder --bin pb-connector-postgresql
	./target/release/platform-builder

## Every check CI runs: fmt, clippy, Rust tests, UI checks, bindings, e2e, package.
test:
	.ci/test.sh

deps:
	.ci/install-deps.sh

ui: deps
	cd ui && npm run --silent build

## Debug build of the app (the e2e tests drive this binary).
build: ui
	cargo build --locked --bin platform-builder

## The .deb package (target/release/bundle/deb/).
package: ui
	# The PostgreSQL preset's program ships beside the app (/usr/bin).
	cargo build --release --locked -p pb-connector-postgresql
	$(TAURI) build --bundles deb --ci

## Regenerate ui/src/bindings and docs/connector.schema.json from the Rust types (commit the result).
bindings:
	rm -rf ui/src/bindings
	# The same packages as the CI test step: a wider set unifies serde_json features
	# (key order) differently and would reorder the JSON Schemas.
	cargo test --workspace --exclude pb-e2e --exclude pb-bench-empty-window --locked export_

## Only the end-to-end tests, against the debug build.
e2e: build
	.ci/install-deps.sh --test
	.ci/session.sh cargo test --locked -p pb-e2e -- --test-threads=2

fmt:
	cargo fmt --all
	cd ui && npx eslint . --fix

lint:
	cargo clippy --workspace --all-targets -- -D warnings
	cd ui && npm run --silent typecheck && npm run --silent lint

clean:
	cargo clean
	rm -rf ui/dist target/e2e-work target/test-session

## Regenerate docs/screenshots from the real window under Xvfb.
screenshots: build
	.ci/install-deps.sh --test
	.ci/session.sh cargo run --locked -p pb-e2e --bin screenshots

## Run the sample platform (127.0.0.1:8787, demo credentials printed) for demos;
## `make sample-platform ARGS=--tls` (or --mtls) serves HTTPS with a fresh CA.
sample-platform:
	cargo run --locked -p pb-sample-platform --bin sample-platform -- $(ARGS)

## Benchmarks, each next to its baseline in one run: writes bench/RESULTS.md.
bench:
	.ci/install-deps.sh --test
	bench/run.sh

## Property-based fuzzing of everything that reads someone else's text, a few
## minutes per target (PB_FUZZ_CASES raises the budget `make test` uses).
fuzz:
	PB_FUZZ_CASES=$${PB_FUZZ_CASES:-200000} cargo test --release --locked -p pb-connector --test fuzz -- --test-threads=2
	PB_FUZZ_CASES=$${PB_FUZZ_CASES:-200000} cargo test --release --locked -p pb-registry --test definitions_fuzz -- --test-threads=2
