#!/usr/bin/env bash
# The demo: set up, build the command-line program, and plan one week for the Anonymous Bank
# from the bundled data (data/demo_job.toml). Outputs go to out/demo (or the first argument).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_system
out="${1:-out/demo}"
log "building wfmkit (release)"
cargo build --release --locked --features cli --bin wfmkit
log "running: wfmkit plan --config data/demo_job.toml --out $out"
"$CARGO_TARGET_DIR/release/wfmkit" plan --config data/demo_job.toml --out "$out"
log "done: forecast, requirements, shifts, activities, coverage and manifest.json are in $out/latest/"
