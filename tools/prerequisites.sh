# Sourced by tools/run and tools/test: installs what the build needs when it
# is missing, on a Debian machine that has only rustup. Safe to run again.
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.10
# The wasm-bindgen CLI must match the library version pinned in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "tools: '$*' needs root; run it as root or install the package yourself." >&2; exit 1; fi
}

apt_install() {
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "tools: adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    echo "tools: adding the $component component"
    rustup component add "$component"
  fi
done

if ! command -v cc >/dev/null; then
  echo "tools: installing a C compiler (Debian build-essential)"
  apt_install build-essential pkg-config
fi

# The build tools only orchestrate the build: installed with a quick
# profile (no LTO, many codegen units, little or no optimisation) they
# compile in a fraction of the release profile's time. cargo-leptos is a
# large tree (swc, lightningcss, gix, a vendored OpenSSL) whose own work per
# build is small: opt-level 0. wasm-bindgen parses the whole WASM on every
# build: opt-level 1. The two install side by side, filling each other's
# single-threaded stretches (big crates, linking) on a small machine.
quick_install() {
  local level=$1
  shift
  CARGO_PROFILE_RELEASE_OPT_LEVEL=$level CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=64 \
    CARGO_PROFILE_RELEASE_DEBUG=0 CARGO_PROFILE_RELEASE_INCREMENTAL=false cargo install "$@"
}

installing=()
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  echo "tools: installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: a dependency pinned in its lockfile is missing from crates.io.
  quick_install 1 wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" &
  installing+=($!)
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  echo "tools: installing cargo-leptos $CARGO_LEPTOS_VERSION (several minutes, once)"
  quick_install 0 "cargo-leptos@$CARGO_LEPTOS_VERSION" --locked &
  installing+=($!)
fi

# While the build tools compile, the first debug build of the app starts at
# the lowest priority (tools/run and tools/test ask for it): it takes only
# what the installs leave idle (their big single-threaded crates, linking)
# and carries on at full speed once they are done. These are the two builds
# cargo-leptos runs, with its exact arguments, so it finds their work done
# (it waits on their locks while they finish).
if [ ${#installing[@]} -gt 0 ] && [ "${TOOLS_HEAD_START:-}" = debug ]; then
  echo "tools: the app's first build starts beside them, at low priority"
  nice -n 19 cargo build --quiet --package=app --lib --target-dir="$PWD/target/front" --target=wasm32-unknown-unknown \
    --no-default-features --features=hydrate --profile=wasm-dev >/dev/null 2>&1 &
  nice -n 19 cargo build --quiet --package=server --bin=innspill --no-default-features >/dev/null 2>&1 &
fi

for pid in "${installing[@]}"; do
  wait "$pid" || { echo "tools: installing the build tools failed (see above)" >&2; exit 1; }
done

if ! command -v npm >/dev/null; then
  echo "tools: installing Node.js and npm (Debian) for the design system CSS"
  apt_install nodejs npm
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "tools: installing the npm packages (design system CSS, test tools)"
  npm ci --no-audit --no-fund --ignore-scripts
fi

# wasm-opt for release builds comes from npm's binaryen (Debian's is too old
# and silently breaks the WASM). cargo-leptos looks tools up on PATH.
export PATH="$PWD/node_modules/.bin:$PATH"
