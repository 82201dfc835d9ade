#!/usr/bin/env bash
# start-control-plane.sh - run a local Kubernetes v1.20.2 control plane (etcd + kube-apiserver +
# kube-controller-manager) from the binaries built by build-control-plane.sh, until Ctrl-C.
#
# What you get: a real API server with RBAC, service-account tokens and the real controllers
# (StatefulSet/ReplicaSet/Job controllers create Pods, garbage collection, namespace deletion,
# token secrets). What you do not get: no scheduler and no kubelet, so Pods stay Pending.
#
# Usage: e2e/bed/start-control-plane.sh [BIN_DIR] [KUBECONFIG_OUT]
#   BIN_DIR         directory holding kube-apiserver, kube-controller-manager, kubectl, etcd
#                   (the line build-control-plane.sh prints; a KUBE_API_TEST_DIR works too).
#                   Default: whatever build-control-plane.sh prints (instant when cached).
#   KUBECONFIG_OUT  where to write the admin kubeconfig (default: <data dir>/admin.kubeconfig).
#                   It is written only once everything is ready, so its appearance is the
#                   "ready" signal for scripts (see smoke-control-plane.sh).
# Environment:
#   CP_DATA_DIR       state, certificates, logs (default: a fresh mktemp dir, removed on exit)
#   CP_KEEP_DATA=1    keep CP_DATA_DIR on exit
#   CP_APISERVER_PORT, CP_ETCD_PORT, CP_ETCD_PEER_PORT   (default: free random ports)
#   CP_READY_TIMEOUT  seconds to wait for readiness (default 90)
#
# Everything listens on 127.0.0.1 only. The admin identity is a client certificate in group
# system:masters; the controller manager uses its own certificate (system:kube-controller-manager)
# and, with --use-service-account-credentials, one service account per controller, as in a
# real cluster.
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
log() { printf '[control-plane] %s\n' "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

BIN_DIR=${1:-}
if [[ -z $BIN_DIR ]]; then
  BIN_DIR=$("$HERE/build-control-plane.sh") || die "build-control-plane.sh failed"
fi
# Accept the KUBE_API_TEST_DIR too: pick the k8s/1.20.2-linux-<arch> directory below it.
if [[ ! -x $BIN_DIR/kube-apiserver && -d $BIN_DIR/k8s ]]; then
  for d in "$BIN_DIR"/k8s/1.20.2-linux-*; do BIN_DIR=$d; break; done
fi
for b in etcd kube-apiserver kube-controller-manager kubectl; do
  [[ -x $BIN_DIR/$b ]] || die "$BIN_DIR/$b missing: run e2e/bed/build-control-plane.sh"
done
command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"

if [[ -n ${CP_DATA_DIR:-} ]]; then
  DATA=$CP_DATA_DIR
  mkdir -p "$DATA"
else
  DATA=$(mktemp -d "${TMPDIR:-/tmp}/connect-k8s-cp.XXXXXX")
fi
KUBECONFIG_OUT=${2:-$DATA/admin.kubeconfig}
rm -f "$KUBECONFIG_OUT"   # a stale file would look like "ready"
PKI=$DATA/pki
mkdir -p "$PKI" "$DATA/etcd"
KUBECTL=$BIN_DIR/kubectl

# ---- shutdown: stop everything we started, newest first, on any exit --------------------------
PIDS=()     # etcd apiserver controller-manager, in start order
NAMES=()
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill -TERM "${PIDS[i]}" 2>/dev/null || true
  done
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    # give each a few seconds to exit cleanly, then insist
    for _ in $(seq 50); do kill -0 "${PIDS[i]}" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "${PIDS[i]}" 2>/dev/null || true
    wait "${PIDS[i]}" 2>/dev/null || true
  done
  if [[ -z ${CP_DATA_DIR:-} && ${CP_KEEP_DATA:-0} != 1 ]]; then
    rm -rf "$DATA"
  else
    log "data and logs kept in $DATA"
  fi
  [[ ${#PIDS[@]} -gt 0 ]] && log "stopped"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- ports ---------------------------------------------------------------------------------------
# Random free ports by default, so several control planes (and kube-api-test) can coexist.
USED_PORTS=" "
free_port() {
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 30000))
    [[ $USED_PORTS == *" $p "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      USED_PORTS+="$p "
      echo "$p"
      return 0
    fi
  done
  return 1
}
APISERVER_PORT=${CP_APISERVER_PORT:-$(free_port)}
ETCD_PORT=${CP_ETCD_PORT:-$(free_port)}
ETCD_PEER_PORT=${CP_ETCD_PEER_PORT:-$(free_port)}
SERVICE_CIDR=10.0.0.0/24
SERVICE_IP=10.0.0.1          # first address of SERVICE_CIDR: the "kubernetes" Service
SERVER=https://127.0.0.1:$APISERVER_PORT

# ---- certificates (openssl) -------------------------------------------------------------------------
# A throw-away CA signs: the API server's serving cert, the admin client cert (group
# system:masters), the controller manager's client cert. Plus an RSA key pair that signs and
# verifies service-account tokens.
cat >"$PKI/openssl.cnf" <<EOF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,digitalSignature,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:$SERVICE_IP
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
EOF
ossl() { openssl "$@" >>"$PKI/openssl.log" 2>&1 || die "openssl $1 failed (see $PKI/openssl.log)"; }
ossl req -x509 -config "$PKI/openssl.cnf" -extensions ca -newkey rsa:2048 -nodes \
  -keyout "$PKI/ca.key" -out "$PKI/ca.crt" -days 3650 -subj "/CN=connect-k8s-local-ca"
issue() {  # issue <name> <subject> <extension section>
  ossl req -new -config "$PKI/openssl.cnf" -newkey rsa:2048 -nodes \
    -keyout "$PKI/$1.key" -out "$PKI/$1.csr" -subj "$2"
  ossl x509 -req -in "$PKI/$1.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
    -out "$PKI/$1.crt" -days 365 -extfile "$PKI/openssl.cnf" -extensions "$3"
}
issue apiserver "/CN=kube-apiserver" server
issue admin "/O=system:masters/CN=admin" client
issue controller-manager "/CN=system:kube-controller-manager" client
ossl genrsa -out "$PKI/sa.key" 2048
ossl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub"

write_kubeconfig() {  # write_kubeconfig <file> <cert name>
  local k=("$KUBECTL" config --kubeconfig="$1")
  "${k[@]}" set-cluster local --server="$SERVER" --certificate-authority="$PKI/ca.crt" --embed-certs=true >/dev/null
  "${k[@]}" set-credentials "$2" --client-certificate="$PKI/$2.crt" --client-key="$PKI/$2.key" --embed-certs=true >/dev/null
  "${k[@]}" set-context local --cluster=local --user="$2" >/dev/null
  "${k[@]}" use-context local >/dev/null
}
write_kubeconfig "$DATA/admin.kubeconfig.pending" admin
write_kubeconfig "$DATA/controller-manager.kubeconfig" controller-manager
KC=$DATA/admin.kubeconfig.pending

# ---- processes -----------------------------------------------------------------------------------
start() {  # start <name> <binary> <args...>: background, log to $DATA/<name>.log
  local name=$1; shift
  "$@" >"$DATA/$name.log" 2>&1 &
  PIDS+=($!)
  NAMES+=("$name")
}
alive_or_die() {
  local i
  for i in "${!PIDS[@]}"; do
    if ! kill -0 "${PIDS[i]}" 2>/dev/null; then
      tail -n 20 "$DATA/${NAMES[i]}.log" >&2 || true
      CP_KEEP_DATA=1
      die "${NAMES[i]} exited during start-up (log: $DATA/${NAMES[i]}.log)"
    fi
  done
}
T0=$SECONDS
TIMEOUT=${CP_READY_TIMEOUT:-90}
wait_for() {  # wait_for <what> <command...>
  local what=$1; shift
  until "$@" >/dev/null 2>&1; do
    alive_or_die
    ((SECONDS - T0 < TIMEOUT)) || { CP_KEEP_DATA=1; die "timed out after ${TIMEOUT}s waiting for $what (logs in $DATA)"; }
    sleep 0.5
  done
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# etcd: single member, plain HTTP on loopback (like kube-api-test does).
start etcd "$BIN_DIR/etcd" --name=local --data-dir="$DATA/etcd" \
  --listen-client-urls="http://127.0.0.1:$ETCD_PORT" --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster="local=http://127.0.0.1:$ETCD_PEER_PORT" --log-level=warn --logger=zap
wait_for "etcd on port $ETCD_PORT" port_open "$ETCD_PORT"
log "etcd up on 127.0.0.1:$ETCD_PORT ($((SECONDS - T0))s)"

# kube-apiserver. Notes on the flags:
#  - --service-account-issuer + --service-account-signing-key-file: needed for the TokenRequest
#    API (projected tokens); --service-account-key-file verifies both legacy and new tokens;
#  - Node,RBAC: the production authorizers; admin is system:masters via its certificate;
#  - --insecure-port=0: no unauthenticated HTTP port (deprecated, off by default since 1.20).
start kube-apiserver "$BIN_DIR/kube-apiserver" \
  --bind-address=127.0.0.1 --secure-port="$APISERVER_PORT" --insecure-port=0 \
  --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
  --cert-dir="$DATA/apiserver-certs" \
  --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
  --client-ca-file="$PKI/ca.crt" \
  --authorization-mode=Node,RBAC \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$PKI/sa.pub" \
  --service-account-signing-key-file="$PKI/sa.key" \
  --service-cluster-ip-range="$SERVICE_CIDR" \
  --allow-privileged=true --profiling=false
wait_for "kube-apiserver /readyz on $SERVER" \
  bash -c '[[ $("$1" --kubeconfig="$2" get --raw=/readyz 2>/dev/null) == ok ]]' _ "$KUBECTL" "$KC"
log "kube-apiserver ready on $SERVER ($((SECONDS - T0))s)"

# kube-controller-manager. '*' = every controller that is on by default; no leader election
# (single instance); the SA private key lets the token controller sign legacy token Secrets;
# --root-ca-file goes into those Secrets as ca.crt. Serving is disabled (--secure-port=0,
# --port=0): nothing to collide with, and readiness is checked through the API instead.
start kube-controller-manager "$BIN_DIR/kube-controller-manager" \
  --kubeconfig="$DATA/controller-manager.kubeconfig" \
  --controllers='*' --leader-elect=false \
  --service-account-private-key-file="$PKI/sa.key" \
  --root-ca-file="$PKI/ca.crt" \
  --use-service-account-credentials=true \
  --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
  --service-cluster-ip-range="$SERVICE_CIDR" \
  --secure-port=0 --port=0
# Ready when the serviceaccount + token controllers did their first job: the "default"
# ServiceAccount of namespace default exists and has its token Secret.
wait_for "kube-controller-manager (default ServiceAccount token)" \
  bash -c '[[ -n $("$1" --kubeconfig="$2" -n default get serviceaccount default -o "jsonpath={.secrets[0].name}" 2>/dev/null) ]]' _ "$KUBECTL" "$KC"
log "kube-controller-manager running ($((SECONDS - T0))s)"

mv "$KC" "$KUBECONFIG_OUT"
log "READY in $((SECONDS - T0))s: export KUBECONFIG=$KUBECONFIG_OUT  (logs: $DATA/*.log; Ctrl-C stops)"

# Stay in the foreground; if any component dies, stop the rest and fail.
while :; do
  wait -n "${PIDS[@]}" || true
  for i in "${!PIDS[@]}"; do
    if ! kill -0 "${PIDS[i]}" 2>/dev/null; then
      tail -n 20 "$DATA/${NAMES[i]}.log" >&2 || true
      CP_KEEP_DATA=1
      die "${NAMES[i]} exited unexpectedly (log: $DATA/${NAMES[i]}.log)"
    fi
  done
done
