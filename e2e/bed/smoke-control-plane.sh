#!/usr/bin/env bash
# smoke-control-plane.sh - prove that the control plane built by build-control-plane.sh and run
# by start-control-plane.sh behaves like a real cluster (the things the fabric8 mock server
# cannot do). Exits non-zero if any check fails.
#
# Usage: e2e/bed/smoke-control-plane.sh [BIN_DIR]
#   BIN_DIR defaults to what build-control-plane.sh prints (instant when cached).
#
# Checks:
#   1. kubectl get ns works and the server says v1.20.2
#   2. kubectl create ns x
#   3. a tiny CRD gets Established, a custom resource of it is created and read back
#      (this is what crashed with the vendored reflect2 1.0.1 under Go >= 1.18)
#   4. a StatefulSet with 2 replicas: the real controller creates 2 Pods (they stay Pending:
#      there is no scheduler and no kubelet)
#   5. a new ServiceAccount gets its token Secret (1.20's token controller)
#   6. RBAC: that ServiceAccount's token may not list secrets (403 Forbidden, so it did
#      authenticate); after a Role + RoleBinding it may
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
T0=$SECONDS
BIN_DIR=${1:-$("$HERE/build-control-plane.sh")}
KUBECTL=$BIN_DIR/kubectl
TMP=$(mktemp -d "${TMPDIR:-/tmp}/connect-k8s-smoke.XXXXXX")
KC=$TMP/admin.kubeconfig
START_PID=

say() { printf '[smoke] %s\n' "$*"; }
cleanup() {
  local rc=$?
  if [[ -n $START_PID ]]; then
    kill -TERM "$START_PID" 2>/dev/null || true
    wait "$START_PID" 2>/dev/null || true
  fi
  if [[ $rc != 0 ]]; then
    say "control plane output:"; sed 's/^/    /' "$TMP/start.log" >&2 || true
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT

# Keep the control plane's data dir on failure would need CP_KEEP_DATA=1; by default it is
# thrown away together with everything else.
"$HERE/start-control-plane.sh" "$BIN_DIR" "$KC" >"$TMP/start.log" 2>&1 &
START_PID=$!
# start-control-plane.sh writes the kubeconfig only once apiserver + controller manager are ready.
until [[ -f $KC ]]; do
  kill -0 "$START_PID" 2>/dev/null || { say "FAIL: start-control-plane.sh exited before ready"; exit 1; }
  ((SECONDS - T0 < 150)) || { say "FAIL: control plane not ready after 150s"; exit 1; }
  sleep 0.5
done
say "control plane ready after $((SECONDS - T0))s"

k() { "$KUBECTL" --kubeconfig="$KC" "$@"; }
FAILED=0
check() {  # check <description> <command...>
  local what=$1; shift
  local t=$SECONDS
  # Run it as a background subshell: inside `if f; then` bash ignores set -e for everything f
  # runs, so a failing step in the middle of a check would go unnoticed.
  ("$@") >"$TMP/check.out" 2>&1 &
  if wait $!; then
    say "ok   $what ($((SECONDS - t))s)"
  else
    say "FAIL $what"
    sed 's/^/    /' "$TMP/check.out"
    FAILED=$((FAILED + 1))
  fi
}
# poll <seconds> <command...>: retry until the command succeeds (controllers are asynchronous)
poll() {
  local limit=$1; shift
  local end=$((SECONDS + limit))
  until "$@"; do
    ((SECONDS < end)) || return 1
    sleep 0.5
  done
}

# 1 ----------------------------------------------------------------------------------------------
# (matching on captured output rather than `| grep -q`: with pipefail, grep quitting early
# can SIGPIPE kubectl and fail the check at random)
get_ns() {
  local v ns
  v=$(k version --short)
  echo "$v"
  [[ $'\n'$v$'\n' == *$'\n''Server Version: v1.20.2'$'\n'* ]]
  k get ns
  ns=$(k get ns -o name)
  [[ $'\n'$ns$'\n' == *$'\n'namespace/kube-system$'\n'* ]]
}
check "kubectl get ns (server v1.20.2)" get_ns

# 2 ----------------------------------------------------------------------------------------------
check "kubectl create ns x" k create ns x

# 3 ----------------------------------------------------------------------------------------------
crd_and_cr() {
  k apply -f - <<'EOF'
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.smoke.connect-k8s.io
spec:
  group: smoke.connect-k8s.io
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
    - name: v1
      served: true
      storage: true
      subresources: {status: {}}
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: {type: integer, minimum: 1}
EOF
  k wait --for=condition=Established crd/widgets.smoke.connect-k8s.io --timeout=30s
  # discovery of the new group can lag a moment behind Established
  poll 30 k -n x get widgets >/dev/null 2>&1
  k -n x apply -f - <<'EOF'
apiVersion: smoke.connect-k8s.io/v1
kind: Widget
metadata: {name: w1}
spec: {size: 3}
EOF
  [[ $(k -n x get widget w1 -o 'jsonpath={.spec.size}') == 3 ]]
  k -n x get widgets
}
check "CRD established, custom resource created and read back" crd_and_cr

# 4 ----------------------------------------------------------------------------------------------
statefulset() {
  # Parallel: the default OrderedReady would wait for pod-0 to become Ready, which never
  # happens without a kubelet.
  k -n x apply -f - <<'EOF'
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  replicas: 2
  serviceName: web
  podManagementPolicy: Parallel
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: main, image: registry.invalid/never-pulled:1}
EOF
  # shellcheck disable=SC2016
  poll 60 bash -c '[[ $("$1" --kubeconfig="$2" -n x get pods -l app=web -o name | wc -l) == 2 ]]' _ "$KUBECTL" "$KC"
  k -n x get pods -l app=web -o wide
  [[ $(k -n x get pods -l app=web -o 'jsonpath={range .items[*]}{.status.phase}{"\n"}{end}' | sort -u) == Pending ]]
}
check "StatefulSet with 2 replicas -> controller creates 2 Pods (Pending)" statefulset

# 5 ----------------------------------------------------------------------------------------------
sa_token() {
  k -n x create serviceaccount smoke
  # shellcheck disable=SC2016
  poll 30 bash -c '[[ -n $("$1" --kubeconfig="$2" -n x get sa smoke -o "jsonpath={.secrets[0].name}") ]]' _ "$KUBECTL" "$KC"
  local SA_SECRET
  SA_SECRET=$(k -n x get sa smoke -o 'jsonpath={.secrets[0].name}')
  k -n x get secret "$SA_SECRET"
  [[ $(k -n x get secret "$SA_SECRET" -o 'jsonpath={.type}') == kubernetes.io/service-account-token ]]
  [[ -n $(k -n x get secret "$SA_SECRET" -o 'jsonpath={.data.token}') ]]
}
check "ServiceAccount gets its token Secret" sa_token

# 6 ----------------------------------------------------------------------------------------------
rbac() {
  local token server SA_SECRET
  SA_SECRET=$(k -n x get sa smoke -o 'jsonpath={.secrets[0].name}')
  [[ -n $SA_SECRET ]] || { echo "no token secret (check 5 failed)"; return 1; }
  token=$(k -n x get secret "$SA_SECRET" -o 'jsonpath={.data.token}' | base64 -d)
  server=$(k config view -o 'jsonpath={.clusters[0].cluster.server}')
  k config view --raw -o 'jsonpath={.clusters[0].cluster.certificate-authority-data}' | base64 -d >"$TMP/ca.crt"
  # only the token: no client cert, no kubeconfig
  as_sa() { "$KUBECTL" --kubeconfig=/dev/null --server="$server" --certificate-authority="$TMP/ca.crt" --token="$token" "$@"; }
  if as_sa -n x get secrets >"$TMP/denied.out" 2>&1; then
    echo "listing secrets was allowed without any role"; return 1
  fi
  cat "$TMP/denied.out"
  grep -q 'secrets is forbidden: User "system:serviceaccount:x:smoke" cannot list resource "secrets"' "$TMP/denied.out"
  # positive control: the same token may list secrets once a Role allows it
  k -n x create role secret-reader --verb=list --resource=secrets
  k -n x create rolebinding smoke-reads-secrets --role=secret-reader --serviceaccount=x:smoke
  poll 10 as_sa -n x get secrets
}
check "RBAC denies the SA token listing secrets (allowed after a RoleBinding)" rbac

if ((FAILED > 0)); then
  say "$FAILED check(s) FAILED after $((SECONDS - T0))s"
  exit 1
fi
say "all checks passed in $((SECONDS - T0))s"
