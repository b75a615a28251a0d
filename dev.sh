#!/usr/bin/env bash
# Car Remote's one entry point for people and CI.
#   ./dev.sh run     set everything up, then start the app
#   ./dev.sh test    set everything up, then run every check and test (what CI runs)
#   ./dev.sh setup   only install what is missing (idempotent; seconds when all is there)
#   ./dev.sh bundle  build the installers (.deb and .rpm) into target/release/bundle/
#   ./dev.sh measure build the release and a bare Tauri window, then print sizes, start times
#                    and memory of both (under Xvfb; several minutes)
set -euo pipefail
cd "$(dirname "$0")"

# Debian/Ubuntu packages: build (WebKitGTK and friends), then headless run and test
# (virtual display, Secret Service keyring, WebKit's WebDriver, a second keyring client).
BUILD_PACKAGES=(build-essential pkg-config file libwebkit2gtk-4.1-dev)
TEST_PACKAGES=(xvfb xauth dbus gnome-keyring webkit2gtk-driver libsecret-tools)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

missing_packages() {
  local package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || echo "$package"
  done
}

install_system_packages() {
  if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
    cat >&2 <<'MSG'
error: this setup script installs packages with apt (Debian, Ubuntu). On this system, install by hand:
  - Rust (https://rustup.rs) and Node.js 20+ with npm
  - Fedora:  sudo dnf install webkit2gtk4.1-devel gcc pkgconf file xorg-x11-server-Xvfb gnome-keyring libsecret webkit2gtk4.1 dbus-daemon
  - Arch:    sudo pacman -S webkit2gtk-4.1 base-devel xorg-server-xvfb gnome-keyring libsecret dbus
  - macOS:   Xcode command line tools (xcode-select --install); the Keychain is used, no extra packages
  - Windows: Microsoft C++ Build Tools and WebView2 (preinstalled on Windows 11)
then run: npm ci && cargo install tauri-driver --locked --version '^2'   (tauri-driver: Linux and Windows only)
MSG
    exit 1
  fi
  local wanted=("${BUILD_PACKAGES[@]}")
  [ "${1:-}" = test ] && wanted+=("${TEST_PACKAGES[@]}")
  # Node.js may come from elsewhere (nvm, NodeSource); Debian's packages only when it is absent.
  command -v npm >/dev/null || wanted+=(nodejs npm)
  local missing
  missing=$(missing_packages "${wanted[@]}")
  [ -z "$missing" ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "installing $(echo $missing) needs root: run as root or install sudo"
    sudo=(sudo)
  fi
  say "installing system packages: $(echo $missing)"
  # shellcheck disable=SC2086 # word splitting of the package list is intended
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

setup() {
  install_system_packages "${1:-}"
  command -v cargo >/dev/null || die "Rust is not installed: install it from https://rustup.rs, then run this again"
  command -v npm >/dev/null || die "npm is not installed: install Node.js 20+ with npm, then run this again"
  # npm ci wipes node_modules: only run it when the lock file changed since the last install.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ ! -d ui/vendor ]; then
    say "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  if [ "${1:-}" = test ] && ! command -v tauri-driver >/dev/null; then
    say "installing tauri-driver"
    cargo install tauri-driver --locked --version '^2'
  fi
}

# Runs one check, remembers whether it passed, and goes on so one run shows every failure.
FAILED=()
step() {
  local name=$1
  shift
  say "$name"
  local start=$SECONDS
  if "$@"; then
    echo "--- $name: ok ($((SECONDS - start)) s)"
  else
    echo "--- $name: FAILED ($((SECONDS - start)) s)"
    FAILED+=("$name")
  fi
}

# Tests that need a display and a Secret Service run inside a virtual X server and a private
# D-Bus session with a freshly unlocked gnome-keyring, so the developer's keyring is never touched.
headless() {
  # Fresh data, config (saved window state) and cache folders too: nothing of the developer's.
  XDG_DATA_HOME="$(mktemp -d)" XDG_CONFIG_HOME="$(mktemp -d)" XDG_CACHE_HOME="$(mktemp -d)" timeout 1800 xvfb-run -a -s "-screen 0 1280x800x24" \
    dbus-run-session -- bash -c '
      printf %s car-remote-test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null
      exec "$@"' headless "$@"
}

run_tests() {
  setup test
  local total=$SECONDS
  step "tauri versions (Cargo.lock and package-lock.json in step)" tauri_versions
  step "rustfmt" cargo fmt --all --check
  step "eslint (ui)" npm run --silent lint
  step "ui unit tests" npm run --silent test:ui
  step "build (workspace, all targets)" cargo build --workspace --all-targets
  step "clippy" cargo clippy --workspace --all-targets -- -D warnings
  step "cargo test (real keyring)" headless cargo test --workspace --no-fail-fast
  step "end-to-end (real window)" headless env CAR_REMOTE_E2E_PRIVATE_KEYRING=1 CAR_REMOTE_DEMO_TIME_SCALE=0.05 CAR_REMOTE_TILE_URL='http://127.0.0.1:9/{z}/{x}/{y}.png' npm run --silent test:e2e
  echo
  if [ ${#FAILED[@]} -eq 0 ]; then
    say "all checks passed in $((SECONDS - total)) s"
  else
    say "failed: ${FAILED[*]} (after $((SECONDS - total)) s)"
    exit 1
  fi
}

# The Tauri crate and the @tauri-apps npm packages must share a minor release (tauri build
# refuses to bundle otherwise); the checker has its own tests.
tauri_versions() {
  node .ci/tauri-versions.mjs && node --test --test-reporter=dot .ci/tauri-versions.test.mjs
}

# The newest file matching a glob, or nothing.
newest() { ls -t "$@" 2>/dev/null | head -n 1; }

# The installers, in release mode. AppImage is not built here: its tooling (linuxdeploy and its
# plugins) is downloaded from GitHub while bundling, which these machines cannot reach; the
# release workflow builds it on GitHub's runners.
bundle() {
  setup
  local config=()
  if [ -n "${TAURI_SIGNING_PRIVATE_KEY:-}" ]; then
    # With the update key at hand, also sign the bundles for the updater (.sig files).
    config=(--config '{"bundle":{"createUpdaterArtifacts":true}}')
  fi
  say "building the installers (.deb, .rpm; release)"
  npx tauri build --bundles deb,rpm "${config[@]}"
  ls -l target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm
}

measure() {
  setup test
  bundle
  say "building the baseline: a bare Tauri window (tests/baseline, release, same profile)"
  (cd tests/baseline && npx tauri build --bundles deb,rpm)
  cargo build -p car-remote-measure
  say "measuring (Xvfb, private D-Bus and keyring)"
  headless target/debug/car-remote-measure --app target/release/car-remote \
    --baseline target/release/car-remote-baseline --runs 5 \
    --installer "app .deb=$(newest target/release/bundle/deb/Car\ Remote_*.deb)" \
    --installer "app .rpm=$(newest target/release/bundle/rpm/Car\ Remote-*.rpm)" \
    --installer "baseline .deb=$(newest target/release/bundle/deb/Bare\ Window_*.deb)" \
    --installer "baseline .rpm=$(newest target/release/bundle/rpm/Bare\ Window-*.rpm)" "$@"
}

case "${1:-}" in
  run)
    setup
    # The very build `./dev.sh test` makes (whole workspace, all targets): the same feature set,
    # so right after the tests nothing is recompiled. (`cargo run -p car-remote` unifies the
    # features of the app alone and rebuilds tokio, hyper, tauri... for two minutes.)
    cargo build --workspace --all-targets
    say "starting Car Remote"
    exec ./target/debug/car-remote
    ;;
  test) run_tests ;;
  setup) setup "${2:-test}" ;;
  bundle) bundle ;;
  measure) shift; measure "$@" ;;
  *)
    echo "usage: ./dev.sh run | test | setup | bundle | measure [--drop-caches]" >&2
    exit 2
    ;;
esac
