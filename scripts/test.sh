#!/usr/bin/env bash
# Every test: formatting and clippy, Rust (unit, integration, doc tests incl. the README's Rust
# quickstart), the core without default features, then the Python extension and pytest (incl.
# the README's Python quickstart, every notebook and the stubs against the module).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_system
setup_python
if cargo fmt --version >/dev/null 2>&1; then
    log "cargo fmt --check"
    cargo fmt --all -- --check
fi
if ! cargo clippy --version >/dev/null 2>&1 && command -v rustup >/dev/null 2>&1; then
    rustup component add clippy
fi
log "cargo clippy (every target, with the CLI and Python features; warnings are errors)"
PYO3_PYTHON="$(command -v python)" cargo clippy --release --locked --features cli,python --all-targets -- -D warnings
log "Rust tests (cargo test --release --features cli)"
set +e
cargo test --release --locked --features cli 2>&1 | tee "$CARGO_TARGET_DIR/cargo-test.log"
status=("${PIPESTATUS[@]}")
set -e
if [ "${status[0]}" -ne 0 ] || [ "${status[1]}" -ne 0 ]; then
    log "cargo test exited with ${status[0]} (tee: ${status[1]})"
    exit 1
fi
# The core without polars, TOML or the CLI, as a Rust user who opts out of `io` builds it: every
# test target compiles, and the unit and doc tests pass.
log "Rust core without default features (cargo test --no-default-features)"
cargo test --release --locked --no-default-features --no-run
cargo test --release --locked --no-default-features --lib
cargo test --release --locked --no-default-features --doc
build_python
log "Python tests and notebooks (pytest)"
python -m pytest -q tests/python
