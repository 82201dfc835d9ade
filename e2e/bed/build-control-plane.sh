#!/usr/bin/env bash
# build-control-plane.sh - build a real Kubernetes v1.20.2 control plane (kube-apiserver,
# kube-controller-manager, kubectl) plus etcd 3.4.23, using nothing but Debian bookworm's
# package mirror, and cache the result.
#
# Why this exists: our machines reach only Debian's mirror and Maven Central. Debian
# bookworm ships the Kubernetes 1.20.2 *source* package (with vendor/) and etcd 3.4.23, so
# we can build a real control plane offline instead of downloading release binaries.
#
# Output layout is the one io.fabric8:kube-api-test 7.6.1 looks for (BinaryManager:
# <KUBE_API_TEST_DIR>/k8s/<version>-<os>-<arch>/{kube-apiserver,etcd,kubectl}); we also put
# kube-controller-manager there and a build-stamp.txt that records what went in.
#
# Usage: e2e/bed/build-control-plane.sh [--verbose]
#   stdout: exactly one line, the binaries directory
#           (KUBE_API_TEST_DIR is two levels up: .../kube-api-test)
#   stderr: one line per stage with elapsed seconds; on failure one line with the reason.
# Environment:
#   CONNECT_K8S_CACHE   cache root (default ~/.cache/connect-k8s)
#   DEBIAN_MIRROR       Debian mirror URI (default: the one apt already uses for bookworm,
#                       else http://deb.debian.org/debian/)
#   BUILD_CP_JOBS       parallel compile jobs (default: nproc)
#   BUILD_CP_VERBOSE=1  stream tool output to stderr (same as --verbose)
#   BUILD_CP_UNPACK_TOOLS=1  unpack make/patch/xz/rsync from Debian even if installed
#                       (to exercise the fresh-machine path)
#
# It never changes the system: every Debian package it needs is fetched with
# `apt-get download`/`apt-get source --download-only` through a private apt configuration
# (own sources, lists and cache under the work dir) and unpacked with `dpkg-deb -x`.
set -Eeuo pipefail

# ---- what we build; bump RECIPE whenever the recipe changes so caches are rebuilt ----------
readonly RECIPE=1
readonly KUBE_VERSION=1.20.2
# The upstream commit of tag v1.20.2 (also what the tarball's git-archive stamp says).
readonly KUBE_COMMIT=faecb196815e248d3ecfb03c680a4507229c2a56
readonly ETCD_VERSION=3.4.23
readonly GO_PKG=golang-1.19          # bookworm's Go; builds k8s 1.20 in GOPATH mode
readonly REFLECT2_VERSION=1.0.2
readonly SUITE=bookworm              # always bookworm packages, whatever the host says
readonly BINARIES=(kube-apiserver kube-controller-manager kubectl etcd)

CACHE_ROOT=${CONNECT_K8S_CACHE:-$HOME/.cache/connect-k8s}
API_TEST_DIR=$CACHE_ROOT/kube-api-test
ARCH=$(dpkg --print-architecture)    # amd64 / arm64: the same names kube-api-test's OSInfo uses
OUT_DIR=$API_TEST_DIR/k8s/$KUBE_VERSION-linux-$ARCH
STAMP=$OUT_DIR/build-stamp.txt
WORK=$CACHE_ROOT/build-control-plane.work
LOG=$WORK/build.log
VERBOSE=${BUILD_CP_VERBOSE:-0}
[[ ${1:-} == --verbose ]] && VERBOSE=1

# ---- progress and failure reporting ---------------------------------------------------------
SECONDS=0
CUR_STAGE=startup
STAGE_T0=0
LINE_OPEN=0

# One line per stage on stderr: the name when it starts, its duration when it ends.
stage() {
  CUR_STAGE=$1
  STAGE_T0=$SECONDS
  if [[ $VERBOSE == 1 ]]; then
    printf '[build-control-plane] %s ...\n' "$1" >&2
  else
    printf '[build-control-plane] %-60s' "$1 ..." >&2
    LINE_OPEN=1
  fi
}
stage_done() {
  local msg
  msg=$(printf '%4ds (total %ds)' $((SECONDS - STAGE_T0)) "$SECONDS")
  if [[ $VERBOSE == 1 ]]; then
    printf '[build-control-plane] %s done %s\n' "$CUR_STAGE" "$msg" >&2
  else
    printf ' %s\n' "$msg" >&2
  fi
  LINE_OPEN=0
}
fail_line() {
  [[ $LINE_OPEN == 1 ]] && printf '\n' >&2
  LINE_OPEN=0
  printf 'build-control-plane.sh: FAILED in stage "%s" after %ds: %s\n' "$CUR_STAGE" "$SECONDS" "$*" >&2
}
die() { trap - ERR; fail_line "$*"; exit 1; }
on_err() {
  local rc=$1 line=$2 cmd=$3
  trap - ERR
  local where=""
  [[ -f $LOG ]] && where=" (full log: $LOG)"
  fail_line "'$cmd' exited $rc at line $line$where"
  exit "$rc"
}
trap 'on_err $? $LINENO "$BASH_COMMAND"' ERR
# Ctrl-C / CI cancellation: stop the running tool too. run() starts each tool in its own
# session (setsid), so that is one kill of its process group (make -> go -> compile ...).
CHILD=
on_signal() {
  trap - ERR INT TERM
  [[ -n $CHILD ]] && { kill -TERM -- "-$CHILD" 2>/dev/null || kill -TERM "$CHILD" 2>/dev/null || true; }
  fail_line "interrupted by $1"
  exit 130
}
trap 'on_signal SIGINT' INT
trap 'on_signal SIGTERM' TERM

# Run a tool with its output going to the log (or stderr too with --verbose). On failure the
# one-line reason names the command and quotes the log's last line (usually the real error).
# The tool runs in the background and we `wait` for it: bash delays traps until a foreground
# command ends, but `wait` returns at once on a signal, so on_signal can stop a 10-minute make.
run() {
  local rc=0
  if [[ $VERBOSE == 1 ]]; then
    setsid "$@" > >(tee -a "$LOG" >&2) 2>&1 &
  else
    setsid "$@" >>"$LOG" 2>&1 &
  fi
  CHILD=$!
  wait "$CHILD" || rc=$?
  CHILD=
  if [[ $rc != 0 ]]; then
    trap - ERR
    fail_line "'${*:1:3}...' exited $rc: $(grep -v '^[[:space:]]*$' "$LOG" | tail -n1 | cut -c1-200) (full log: $LOG)"
    exit "$rc"
  fi
}

# ---- fast path: a complete build of this recipe is already cached --------------------------
cached() {
  [[ -f $STAMP ]] || return 1
  grep -qx "recipe=$RECIPE" "$STAMP" && grep -qx "kubernetes=v$KUBE_VERSION" "$STAMP" \
    && grep -qx "etcd=$ETCD_VERSION" "$STAMP" || return 1
  local b
  for b in "${BINARIES[@]}"; do [[ -x $OUT_DIR/$b ]] || return 1; done
}
if cached; then
  stage "cached (recipe $RECIPE, v$KUBE_VERSION)"; stage_done
  echo "$OUT_DIR"
  exit 0
fi

# Several builds at once (parallel CI jobs, two Maven modules) would trample the same work
# dir: serialise on a lock and re-check, the other run may have finished the job for us.
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.build-control-plane.lock"
if ! flock -n 9; then
  stage "waiting for another build-control-plane.sh"
  flock 9
  stage_done
  if cached; then echo "$OUT_DIR"; exit 0; fi
fi

# Start from scratch: a half-done work dir from an earlier failed run is not trusted.
stage "prepare work dir"
rm -rf "$WORK"
mkdir -p "$WORK"/{apt/sources.list.d,apt/lists/partial,apt/cache/archives/partial,dl,tools/bin,tools/root,tools/rsync,home}
: >"$LOG"
stage_done

# ---- private apt configuration ---------------------------------------------------------------
# deb-src is normally not configured, and we do not want to touch /etc/apt or the system's
# lists: point apt at our own sources/lists/cache. Signatures are still checked against
# Debian's archive keyring, and apt verifies every downloaded file's hash against the
# signed index.
stage "apt index ($SUITE main, binary + source)"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
[[ -r $KEYRING ]] || die "$KEYRING missing (package debian-archive-keyring): is this Debian?"
MIRROR=${DEBIAN_MIRROR:-}
if [[ -z $MIRROR ]]; then
  # Reuse the mirror apt is configured with (CI may use a local mirror or proxy).
  MIRROR=$(apt-get indextargets --no-release-info --format '$(TARGET_OF) $(RELEASE) $(REPO_URI)' 2>/dev/null \
    | awk -v s="$SUITE" '$1 == "deb" && $2 == s && !found { print $3; found = 1 }') || true
  MIRROR=${MIRROR:-http://deb.debian.org/debian/}
fi
cat >"$WORK/apt/sources.list.d/$SUITE.sources" <<EOF
Types: deb deb-src
URIs: $MIRROR
Suites: $SUITE
Components: main
Signed-By: $KEYRING
EOF
: >"$WORK/apt/sources.list"
APT_OPTS=(
  -o "Dir::Etc::SourceList=$WORK/apt/sources.list"
  -o "Dir::Etc::SourceParts=$WORK/apt/sources.list.d"
  -o "Dir::State::Lists=$WORK/apt/lists"
  -o "Dir::Cache=$WORK/apt/cache"
  -o "Acquire::Languages=none"
  -o "APT::Sandbox::User=root"     # files land in our dir, not readable by _apt: no warning
  -o "APT::Architecture=$ARCH"
)
run apt-get "${APT_OPTS[@]}" update
# apt-get update only warns when a mirror is unreachable: check we really got both indexes.
compgen -G "$WORK/apt/lists/*_Sources*" >/dev/null && compgen -G "$WORK/apt/lists/*_Packages*" >/dev/null \
  || die "apt-get update got no $SUITE indexes from $MIRROR: $(grep -m1 -E '^(W|E):' "$LOG" | cut -c1-200)"
stage_done

# ---- downloads -------------------------------------------------------------------------------
stage "download Debian packages + kubernetes source"
cd "$WORK/dl"
run apt-get "${APT_OPTS[@]}" download \
  "$GO_PKG-go" "$GO_PKG-src" golang-github-modern-go-reflect2-dev etcd-server
run apt-get "${APT_OPTS[@]}" source --download-only --only-source kubernetes
deb_of() { local f=("$WORK"/dl/"$1"_*.deb); [[ -e ${f[0]} ]] || die "no $1 .deb downloaded"; echo "${f[0]}"; }
deb_version() { dpkg-deb -f "$(deb_of "$1")" Version; }
ETCD_DEB_VERSION=$(deb_version etcd-server)
REFLECT2_DEB_VERSION=$(deb_version golang-github-modern-go-reflect2-dev)
GO_DEB_VERSION=$(deb_version "$GO_PKG-go")
[[ $ETCD_DEB_VERSION == "$ETCD_VERSION"-* ]] || die "Debian etcd-server is $ETCD_DEB_VERSION, expected $ETCD_VERSION-*"
[[ $REFLECT2_DEB_VERSION == "$REFLECT2_VERSION"-* ]] || die "Debian reflect2 is $REFLECT2_DEB_VERSION, expected $REFLECT2_VERSION-*"
DSCS=("$WORK"/dl/kubernetes_*.dsc)
DSC=${DSCS[0]}
[[ -e $DSC ]] || die "apt-get source did not fetch kubernetes_*.dsc"
K8S_SRC_VERSION=$(awk '/^Version:/ { print $2; exit }' "$DSC")
# Debian calls it 1.20.5+really1.20.2: make sure it still is 1.20.2 underneath.
[[ $K8S_SRC_VERSION == *"really$KUBE_VERSION"-* || $K8S_SRC_VERSION == "$KUBE_VERSION"-* ]] \
  || die "Debian kubernetes source is $K8S_SRC_VERSION, not Kubernetes $KUBE_VERSION"
stage_done

# ---- build tools -----------------------------------------------------------------------------
# The k8s Makefile needs make, rsync (only `rsync -pc` to place binaries) and we need patch
# and xz for Debian's patches. A fresh Debian may lack them: unpack Debian's .debs privately
# instead of installing them. make/patch/xz need only libc6/liblzma5 (always there). rsync
# needs libraries a minimal system may lack (libpopt0, libssl3): unpack it with all of its
# libraries and run it through a wrapper that points the loader at them.
stage "build tools (make, patch, xz, rsync)"
TOOLS=$WORK/tools
want_unpack() { [[ ${BUILD_CP_UNPACK_TOOLS:-0} == 1 ]] || ! command -v "$1" >/dev/null 2>&1; }
unpack_debs() {  # unpack_debs <dest> <package>...
  local dest=$1; shift
  cd "$WORK/dl"
  run apt-get "${APT_OPTS[@]}" download "$@"
  local p
  for p in "$@"; do dpkg-deb -x "$(deb_of "$p")" "$dest"; done
}
UNPACKED_TOOLS=()
for pair in make:make patch:patch xz:xz-utils; do
  cmd=${pair%%:*} pkg=${pair#*:}
  if want_unpack "$cmd"; then
    unpack_debs "$TOOLS/root" "$pkg"
    ln -sf "$TOOLS/root/usr/bin/$cmd" "$TOOLS/bin/$cmd"
    UNPACKED_TOOLS+=("$pkg")
  fi
done
if want_unpack rsync; then
  RSYNC_DEBS=(rsync libpopt0 libacl1 liblz4-1 libssl3 libxxhash0 libzstd1 zlib1g)
  unpack_debs "$TOOLS/rsync" "${RSYNC_DEBS[@]}"
  libdirs=$(find "$TOOLS/rsync" -name '*.so.*' -printf '%h\n' | sort -u | paste -sd:)
  cat >"$TOOLS/bin/rsync" <<EOF
#!/bin/sh
# rsync unpacked from Debian with its libraries next to it (not installed in the system).
LD_LIBRARY_PATH="$libdirs\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" exec "$TOOLS/rsync/usr/bin/rsync" "\$@"
EOF
  chmod +x "$TOOLS/bin/rsync"
  UNPACKED_TOOLS+=("${RSYNC_DEBS[@]}")
fi
export PATH="$TOOLS/bin:$PATH"
for t in make patch xz rsync; do
  "$t" --version >>"$LOG" 2>&1 || die "$t --version fails (unpacked from Debian: ${UNPACKED_TOOLS[*]:-none})"
done
stage_done

# ---- Go toolchain ----------------------------------------------------------------------------
stage "unpack $GO_PKG ($GO_DEB_VERSION)"
dpkg-deb -x "$(deb_of "$GO_PKG-go")" "$WORK/go"
dpkg-deb -x "$(deb_of "$GO_PKG-src")" "$WORK/go"
export GOROOT=$WORK/go/usr/lib/go-${GO_PKG#golang-}   # src/ etc. are relative symlinks: fine
export PATH="$GOROOT/bin:$PATH"
GO_VERSION=$(go version | awk '{ print $3 }')
[[ $GO_VERSION == go${GO_PKG#golang-}* ]] || die "unpacked Go reports '$GO_VERSION'"
stage_done

# ---- Kubernetes source -----------------------------------------------------------------------
stage "unpack kubernetes $K8S_SRC_VERSION + patches"
mkdir -p "$WORK/src"
tar -xzf "$WORK"/dl/kubernetes_*.orig.tar.gz -C "$WORK/src"
KSRC=$WORK/src/kubernetes-$KUBE_VERSION
[[ -d $KSRC/vendor ]] || die "orig tarball did not unpack to $KSRC with vendor/"
# Format 3.0 (quilt) by hand, so dpkg-dev/dpkg-source are not needed: debian/ on top of the
# orig tree, then debian/patches/series in order (today: kubectl printing fixes + CVE-2021-25743).
tar -xJf "$WORK"/dl/kubernetes_*.debian.tar.xz -C "$KSRC"
PATCHES=()
if [[ -f $KSRC/debian/patches/series ]]; then
  while read -r p _; do
    [[ -z $p || $p == \#* ]] && continue
    run patch -d "$KSRC" -p1 --batch --forward -i "debian/patches/$p"
    PATCHES+=("$p")
  done <"$KSRC/debian/patches/series"
fi
stage_done

# The vendored github.com/modern-go/reflect2 v1.0.1 reads runtime internals that changed in
# Go 1.18: kube-apiserver built with it crashes on the first custom
# resource it decodes. 1.0.2 fixes it and is API-compatible; Debian packages it. In GOPATH
# mode vendor/modules.txt is not consulted, so swapping the directory is enough.
stage "swap vendored reflect2 1.0.1 for Debian's $REFLECT2_DEB_VERSION"
dpkg-deb -x "$(deb_of golang-github-modern-go-reflect2-dev)" "$WORK/reflect2"
R2=$WORK/reflect2/usr/share/gocode/src/github.com/modern-go/reflect2
[[ -f $R2/reflect2.go ]] || die "reflect2 sources not found in the Debian package"
rm -rf "$KSRC/vendor/github.com/modern-go/reflect2"
cp -a "$R2" "$KSRC/vendor/github.com/modern-go/reflect2"
stage_done

# ---- build -----------------------------------------------------------------------------------
# `make WHAT=...` is the upstream (and Debian's) way: it regenerates the generated code and
# builds in GOPATH mode (GO111MODULE=off via hack/lib/init.sh). `go build -mod=vendor` does not
# work on this tree (go.mod would need updates). Notes on the environment:
#  - KUBE_GIT_VERSION_FILE pins what `--version` and /version report (v1.20.2, clean tree);
#  - GOFLAGS must stay unset: hack/lib/golang.sh greps it for -tags and, without one, turns
#    the whole value into a bogus build tag. Parallelism is set with GOMAXPROCS (= go -p);
#  - HOME/GOCACHE/GOPATH point into the work dir so nothing lands in the user's home;
#  - GOPROXY=off / GOENV=off / CGO_ENABLED=0: fully offline, no user go env, static binaries.
stage "make apiserver, controller-manager, kubectl (~10 min)"
cat >"$WORK/version.env" <<EOF
KUBE_GIT_COMMIT='$KUBE_COMMIT'
KUBE_GIT_TREE_STATE='clean'
KUBE_GIT_VERSION='v$KUBE_VERSION'
KUBE_GIT_MAJOR='${KUBE_VERSION%%.*}'
KUBE_GIT_MINOR='$(echo "$KUBE_VERSION" | cut -d. -f2)'
EOF
# (set in this shell, not in a subshell: a subshell would delay the INT/TERM trap until make
# is done; nothing after this step cares about these variables)
cd "$KSRC"
unset GOFLAGS GOBIN GOPATH GO111MODULE
export HOME=$WORK/home GOCACHE=$WORK/home/go-cache GOENV=off GOPROXY=off GOSUMDB=off \
  CGO_ENABLED=0 GOMAXPROCS=${BUILD_CP_JOBS:-$(nproc)} KUBE_GIT_VERSION_FILE=$WORK/version.env
run make WHAT='cmd/kube-apiserver cmd/kube-controller-manager cmd/kubectl'

stage_done

# ---- verify ----------------------------------------------------------------------------------
stage "verify versions"
BIN=$KSRC/_output/bin
dpkg-deb -x "$(deb_of etcd-server)" "$WORK/etcd"
cp "$WORK/etcd/usr/bin/etcd" "$BIN/etcd"
for b in kube-apiserver kube-controller-manager; do
  v=$("$BIN/$b" --version)
  [[ $v == "Kubernetes v$KUBE_VERSION" ]] || die "$b --version says '$v'"
done
v=$("$BIN/kubectl" version --client --short)
[[ $v == "Client Version: v$KUBE_VERSION" ]] || die "kubectl version says '$v'"
# (no `| head -n1` under pipefail: etcd may get SIGPIPE and the build would fail with 141)
v=$("$BIN/etcd" --version)
[[ $v == "etcd Version: $ETCD_VERSION"$'\n'* ]] || die "etcd --version says '${v%%$'\n'*}'"
stage_done

# ---- install into the cache ------------------------------------------------------------------
# Assemble next to the final dir and rename, so a reader never sees half a directory, and
# write the stamp last: it is what marks the directory complete.
stage "install into kube-api-test/k8s/${OUT_DIR##*/}"
TMP_OUT=$API_TEST_DIR/k8s/.incoming-$$    # does not end in -linux-<arch>: kube-api-test ignores it
rm -rf "$TMP_OUT"
mkdir -p "$TMP_OUT"
for b in "${BINARIES[@]}"; do install -m 0755 "$BIN/$b" "$TMP_OUT/$b"; done
{
  echo "recipe=$RECIPE"
  echo "kubernetes=v$KUBE_VERSION"
  echo "etcd=$ETCD_VERSION"
  echo "# details"
  echo "kubernetes-source=debian kubernetes $K8S_SRC_VERSION (commit $KUBE_COMMIT)"
  echo "debian-patches=${PATCHES[*]:-none}"
  echo "reflect2=debian golang-github-modern-go-reflect2-dev $REFLECT2_DEB_VERSION (replaces vendored 1.0.1)"
  echo "go=$GO_VERSION (debian $GO_PKG-go $GO_DEB_VERSION)"
  echo "etcd-package=debian etcd-server $ETCD_DEB_VERSION"
  echo "mirror=$MIRROR"
  echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ) in ${SECONDS}s on $(uname -m)"
  (cd "$TMP_OUT" && sha256sum "${BINARIES[@]}")
} >"$TMP_OUT/build-stamp.txt.tmp"
rm -rf "$OUT_DIR"
mv "$TMP_OUT" "$OUT_DIR"
mv "$OUT_DIR/build-stamp.txt.tmp" "$STAMP"
stage_done

# ---- clean up --------------------------------------------------------------------------------
# Source tree, Go toolchain, Go build cache and downloads are ~2 GB: keep only the binaries.
# (A failed run leaves the work dir and its build.log for inspection; the next run wipes it.)
stage "remove work dir"
cd "$CACHE_ROOT"
rm -rf "$WORK"
stage_done

echo "$OUT_DIR"
