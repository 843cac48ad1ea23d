# The two commands of the README, and a few more. Everything real is in
# scripts/ and meson; this file only orders the steps.
BUILD ?= _build
MESON_OPTS ?=

.PHONY: run test deps build bench fuzz flatpak install clean

run: BUILD_DEPS = build
run: build
	@scripts/run-app.sh $(BUILD)

test: BUILD_DEPS = test
test: build
	@scripts/run-tests.sh $(BUILD)

bench: BUILD_DEPS = bench
bench: build
	@scripts/run-bench.sh $(BUILD)

deps:
	@bash scripts/install-deps.sh $(or $(BUILD_DEPS),build)

build: deps
	@if [ ! -f $(BUILD)/build.ninja ]; then meson setup $(BUILD) $(MESON_OPTS); fi
	@ninja -C $(BUILD)

# Each fuzz target runs FUZZ_SECONDS; see scripts/fuzz.sh.
FUZZ_SECONDS ?= 60
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

install: build
	meson install -C $(BUILD)

flatpak:
	@bash scripts/flatpak-build.sh

clean:
	rm -rf $(BUILD)
