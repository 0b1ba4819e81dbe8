#!/usr/bin/env bash
# Every test: Rust (unit, integration, doc tests incl. the README's Rust quickstart), then the
# Python extension and pytest (incl. the README's Python quickstart and every notebook).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_system
setup_python
if cargo fmt --version >/dev/null 2>&1; then
    log "cargo fmt --check"
    cargo fmt --all -- --check
fi
log "Rust tests (cargo test --release --features cli)"
set +e
cargo test --release --locked --features cli 2>&1 | tee "$CARGO_TARGET_DIR/cargo-test.log"
status=("${PIPESTATUS[@]}")
set -e
if [ "${status[0]}" -ne 0 ] || [ "${status[1]}" -ne 0 ]; then
    log "cargo test exited with ${status[0]} (tee: ${status[1]})"
    exit 1
fi
build_python
log "Python tests and notebooks (pytest)"
python -m pytest -q tests/python
