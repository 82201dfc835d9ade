#!/usr/bin/env bash
# fetch-postgresql.sh - Debian bookworm's PostgreSQL 15 server, unpacked into a cache without
# installing anything, for the end-to-end bed's CDC and JDBC scenarios.
#
# Why this exists: the bed needs a real PostgreSQL with wal_level=logical, and our machines reach
# only Debian's mirror and Maven Central (no Docker). `apt-get install` would change the system
# (and start a cluster as a service); instead the .debs are fetched with `apt-get download`
# through a private apt configuration and unpacked with `dpkg-deb -x`. PostgreSQL is relocatable:
# initdb and postgres find share/ and lib/ relative to their own bin/.
#
# Libraries: postgresql-15 and libpq5 always; every other library package postgresql-15 depends
# on (recursively) only when the machine does not have it installed, so a fresh minimal Debian
# works and a full one downloads two packages. The caller puts <cache>/root/lib/<triplet> and
# <cache>/root/usr/lib/<triplet> (bookworm packages use both) on LD_LIBRARY_PATH (see e2e's
# PostgresProcess). libllvm14 is skipped: it serves only the JIT
# (llvmjit.so), which the bed turns off.
#
# Usage: e2e/bed/fetch-postgresql.sh
#   stdout: exactly one line, the bin directory (initdb, postgres, pg_ctl)
#   stderr: one line per stage with elapsed seconds; on failure one line with the reason.
# Environment:
#   CONNECT_K8S_CACHE   cache root (default ~/.cache/connect-k8s)
#   DEBIAN_MIRROR       Debian mirror URI (default: the one apt already uses for bookworm,
#                       else http://deb.debian.org/debian/)
#   FETCH_PG_UNPACK_ALL_LIBS=1  unpack every library package as if none were installed (to
#                       exercise the fresh-machine path on a full one)
set -Eeuo pipefail

# Bump RECIPE whenever the recipe changes so caches are refetched.
readonly RECIPE=2
readonly PG_MAJOR=15
readonly SUITE=bookworm
# Present wherever Java runs, or only needed by the JIT: never unpacked from Debian.
readonly SKIP_LIBS=" libc6 libgcc-s1 libstdc++6 libllvm14 "

CACHE_ROOT=${CONNECT_K8S_CACHE:-$HOME/.cache/connect-k8s}
OUT=$CACHE_ROOT/postgresql-$PG_MAJOR
BIN=$OUT/root/usr/lib/postgresql/$PG_MAJOR/bin
STAMP=$OUT/stamp.txt
WORK=$CACHE_ROOT/fetch-postgresql.work
LOG=$WORK/fetch.log
ARCH=$(dpkg --print-architecture)
TRIPLET=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")

SECONDS=0
CUR_STAGE=startup
STAGE_T0=0
stage() {
  CUR_STAGE=$1
  STAGE_T0=$SECONDS
  printf '[fetch-postgresql] %-50s' "$1 ..." >&2
}
stage_done() { printf ' %4ds (total %ds)\n' $((SECONDS - STAGE_T0)) "$SECONDS" >&2; }
die() {
  trap - ERR
  printf '\nfetch-postgresql.sh: FAILED in stage "%s" after %ds: %s\n' "$CUR_STAGE" "$SECONDS" "$*" >&2
  exit 1
}
trap 'rc=$?; die "\`$BASH_COMMAND\` exited $rc at line $LINENO (log: $LOG)"' ERR
run() { "$@" >>"$LOG" 2>&1 || die "'${*:1:3}...' failed: $(grep -v '^[[:space:]]*$' "$LOG" | tail -n1 | cut -c1-200) (log: $LOG)"; }

cached() {
  [[ -f $STAMP ]] && grep -qx "recipe=$RECIPE" "$STAMP" && [[ -x $BIN/postgres && -x $BIN/initdb ]]
}
if cached; then
  echo "$BIN"
  exit 0
fi

# Two test JVMs or CI jobs at once: serialise, and re-check after waiting.
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.fetch-postgresql.lock"
if ! flock -n 9; then
  stage "waiting for another fetch-postgresql.sh"
  flock 9
  stage_done
  if cached; then echo "$BIN"; exit 0; fi
fi

rm -rf "$WORK"
mkdir -p "$WORK"/{apt/sources.list.d,apt/lists/partial,apt/cache/archives/partial,dl}
: >"$LOG"

# ---- private apt configuration (same as build-control-plane.sh: no change to /etc/apt) -------
stage "apt index ($SUITE main)"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
[[ -r $KEYRING ]] || die "$KEYRING missing (package debian-archive-keyring): is this Debian?"
MIRROR=${DEBIAN_MIRROR:-}
if [[ -z $MIRROR ]]; then
  MIRROR=$(apt-get indextargets --no-release-info --format '$(TARGET_OF) $(RELEASE) $(REPO_URI)' 2>/dev/null \
    | awk -v s="$SUITE" '$1 == "deb" && $2 == s && !found { print $3; found = 1 }') || true
  MIRROR=${MIRROR:-http://deb.debian.org/debian/}
fi
cat >"$WORK/apt/sources.list.d/$SUITE.sources" <<EOF
Types: deb
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
  -o "APT::Sandbox::User=root"
  -o "APT::Architecture=$ARCH"
)
run apt-get "${APT_OPTS[@]}" update
compgen -G "$WORK/apt/lists/*_Packages*" >/dev/null \
  || die "apt-get update got no $SUITE index from $MIRROR: $(grep -m1 -E '^(W|E):' "$LOG" | cut -c1-200)"
stage_done

# ---- which packages ----------------------------------------------------------------------------
stage "resolve library packages missing on this machine"
installed() {
  [[ ${FETCH_PG_UNPACK_ALL_LIBS:-0} != 1 ]] && [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) == installed ]]
}
lib_deps() {  # the first alternative of each Depends that is a library package, of all "$@"
  apt-cache "${APT_OPTS[@]}" depends --no-recommends --no-suggests --no-enhances --no-conflicts \
    --no-breaks --no-replaces "$@" 2>>"$LOG" \
    | awk '/^  Depends: (lib|zlib1g)/ { sub(/:.*$/, "", $2); print $2 }' | sed 's/:any$//' | sort -u
}
# Breadth first, one apt-cache call per level (each call reads the whole index: seconds).
PACKAGES=("postgresql-$PG_MAJOR" libpq5)
declare -A SEEN=(["postgresql-$PG_MAJOR"]=1 [libpq5]=1)
LEVEL=("postgresql-$PG_MAJOR")
while ((${#LEVEL[@]})); do
  NEXT=()
  for dep in $(lib_deps "${LEVEL[@]}"); do
    [[ -n ${SEEN[$dep]:-} || $SKIP_LIBS == *" $dep "* ]] && continue
    SEEN[$dep]=1
    if ! installed "$dep"; then
      PACKAGES+=("$dep")
      NEXT+=("$dep")
    fi
  done
  LEVEL=("${NEXT[@]}")
done
stage_done
printf '[fetch-postgresql] packages: %s\n' "${PACKAGES[*]}" >&2

# ---- download and unpack -------------------------------------------------------------------------
stage "download and unpack ${#PACKAGES[@]} packages"
cd "$WORK/dl"
run apt-get "${APT_OPTS[@]}" download "${PACKAGES[@]}"
TMP_OUT=$CACHE_ROOT/.postgresql-$PG_MAJOR.incoming-$$
rm -rf "$TMP_OUT"
mkdir -p "$TMP_OUT/root"
for deb in "$WORK"/dl/*.deb; do dpkg-deb -x "$deb" "$TMP_OUT/root"; done
stage_done

# ---- verify ------------------------------------------------------------------------------------
stage "verify libraries and version"
TMP_BIN=$TMP_OUT/root/usr/lib/postgresql/$PG_MAJOR/bin
TMP_LIBS=$TMP_OUT/root/lib/$TRIPLET:$TMP_OUT/root/usr/lib/$TRIPLET
ELF=("$TMP_BIN"/{postgres,initdb,pg_ctl} "$TMP_OUT"/root/usr/lib/postgresql/$PG_MAJOR/lib/pgoutput.so)
resolved=$(for f in "${ELF[@]}"; do LD_LIBRARY_PATH=$TMP_LIBS ldd "$f"; done)
missing=$(awk '/not found/ { print $1 }' <<<"$resolved" | sort -u | paste -sd' ')
[[ -z $missing ]] || die "libraries still missing after unpacking: $missing"
if [[ ${FETCH_PG_UNPACK_ALL_LIBS:-0} == 1 ]]; then
  # As on a bare machine: only the C and C++ runtimes may come from the host.
  from_host=$(awk '$2 == "=>" && $3 ~ /^\// { print $1 " " $3 }' <<<"$resolved" | grep -v " $TMP_OUT/" \
    | grep -vE '^(libc|libm|libgcc_s|libstdc\+\+|libdl|libpthread|librt|libresolv)\.so' | sort -u | paste -sd' ') || true
  [[ -z $from_host ]] || die "still taken from the host: $from_host"
fi
version=$(LD_LIBRARY_PATH=$TMP_LIBS "$TMP_BIN/postgres" --version)
[[ $version == "postgres (PostgreSQL) $PG_MAJOR."* ]] || die "postgres --version says '$version'"
stage_done

# Assemble next to the final dir and rename, so a reader never sees half a directory; the stamp
# written last marks it complete.
{
  echo "recipe=$RECIPE"
  echo "version=$version"
  echo "lib-dirs=lib/$TRIPLET usr/lib/$TRIPLET"
  echo "packages=$(cd "$WORK/dl" && ls -1 ./*.deb | sed 's|^\./||' | paste -sd' ')"
  echo "mirror=$MIRROR"
  echo "fetched=$(date -u +%Y-%m-%dT%H:%M:%SZ) in ${SECONDS}s"
} >"$TMP_OUT/stamp.txt.tmp"
rm -rf "$OUT"
mv "$TMP_OUT" "$OUT"
mv "$OUT/stamp.txt.tmp" "$STAMP"
cd "$CACHE_ROOT"
rm -rf "$WORK"
echo "$BIN"
