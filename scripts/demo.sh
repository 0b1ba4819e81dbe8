#!/usr/bin/env bash
# The demo: set up, build the command-line program, and plan one week for the Anonymous Bank
# from the bundled data (data/demo_roster_job.toml): forecast, requirements, shifts, and a roster of
# 60 named agents with breaks. Outputs go to out/demo (or the first argument).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_system
out="${1:-out/demo}"
log "building wfmkit (release)"
cargo build --release --locked --features cli --bin wfmkit
log "running: wfmkit plan --config data/demo_roster_job.toml --out $out"
status=0
"$CARGO_TARGET_DIR/release/wfmkit" plan --config data/demo_roster_job.toml --out "$out" || status=$?
# 5: every queue planned and published, but a solver stopped at its time limit (gap in the log).
if [ "$status" -ne 0 ] && [ "$status" -ne 5 ]; then
    log "wfmkit plan failed with exit status $status"
    exit "$status"
fi
log "done: forecast, requirements, shifts, activities, coverage, roster_shifts, roster_activities,"
log "roster_coverage, roster_summary and manifest.json are in $out/latest/"
