#!/usr/bin/env bash
# Build the Dockerfile and test the image end to end on a Debian bookworm machine that has no
# Docker engine running and no access to a container registry.
#
# The script installs docker.io and debootstrap when they are missing and starts a private
# Docker daemon that creates no bridge and no firewall rules. It builds a stand-in for
# node:20-bookworm-slim from debootstrap and the host's own node and npm, builds the image
# with host networking, runs it on 127.0.0.1 and calls the API with curl. It needs root,
# Debian's package mirror and the npm registry. On exit, even after a failure, it removes
# everything it started or created except the debootstrap cache (WORKLOAD_API_FAKE_CACHE,
# default /var/cache/workload-api-fake).
#
# The build runs on a private copy of the work tree, so the script writes nothing into the
# repository, not even the CA file, which a concurrent `git add` could otherwise pick up.
#
# Environment:
#   SMOKE_CA_BUNDLE        PEM bundle that npm trusts during the build, copied into the build
#                          context as build-ca.pem (default /etc/ssl/certs/ca-certificates.crt;
#                          an empty value builds without one)
#   SMOKE_DOCKER_BUILDKIT  1 builds with BuildKit instead of the classic builder (default 0)
#   DEBOOTSTRAP_MIRROR     Debian mirror for the base (default http://deb.debian.org/debian)
set -euo pipefail

started_at=$SECONDS
repo_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache_dir=${WORKLOAD_API_FAKE_CACHE:-/var/cache/workload-api-fake}
rootfs_cache=$cache_dir/bookworm-minbase
rootfs_partial=$cache_dir/bookworm-minbase.partial
mirror=${DEBOOTSTRAP_MIRROR:-http://deb.debian.org/debian}
ca_bundle=${SMOKE_CA_BUNDLE-/etc/ssl/certs/ca-certificates.crt}
buildkit=${SMOKE_DOCKER_BUILDKIT:-0}

base_image=workload-api-fake-base:local
app_image=workload-api-fake:smoke
container=workload-api-fake-smoke-$$

# Cleanup reads this state. Each step sets its part once it has created something.
work_dir=''
dockerd_pid=''
created_policy_rc_d=''
finished=''

log() {
  printf '[docker-smoke %4ss] %s\n' "$((SECONDS - started_at))" "$*" >&2
}

fail() {
  log "FAILED: $*"
  exit 1
}

# Run Debian's client, which matches the 20.10 daemon, against the private daemon only. Another
# docker on PATH, such as /usr/local/bin/docker, may be a newer release than the daemon.
docker() {
  /usr/bin/docker -H "unix://$work_dir/docker.sock" "$@"
}

# Unmount every mount point at or below $1, deepest first.
unmount_below() {
  local root=$1 target
  [[ -n $root ]] || return 0
  awk -v root="$root" '$2 == root || index($2, root "/") == 1 { print $2 }' /proc/self/mounts \
    | sort -r \
    | while read -r target; do
        umount "$target" 2>/dev/null || umount -l "$target" || log "could not unmount $target"
      done
}

stop_dockerd() {
  local waited=0
  kill -TERM "$dockerd_pid" 2>/dev/null || return 0
  while kill -0 "$dockerd_pid" 2>/dev/null && ((waited < 30)); do
    sleep 1
    waited=$((waited + 1))
  done
  if kill -0 "$dockerd_pid" 2>/dev/null; then
    log "dockerd (pid $dockerd_pid) still running after 30 s; sending SIGKILL"
    kill -KILL "$dockerd_pid" 2>/dev/null || true
  fi
  wait "$dockerd_pid" 2>/dev/null || true
}

cleanup() {
  local status=$? pid
  set +e
  # Finish the cleanup even when a second Ctrl-C or SIGTERM arrives.
  trap - EXIT
  trap '' INT TERM

  if [[ -n $dockerd_pid ]] && kill -0 "$dockerd_pid" 2>/dev/null; then
    docker rm --force "$container" >/dev/null 2>&1
    docker image rm --force "$app_image" "$base_image" >/dev/null 2>&1
    docker image prune --force >/dev/null 2>&1
    stop_dockerd
  fi

  if [[ -n $work_dir ]]; then
    # containerd and its shims name the private exec root on their command lines, so this
    # finds only the processes of this run's daemon.
    for pid in $(pgrep -f -- "$work_dir/" || true); do
      [[ $pid != "$$" ]] || continue
      log "stopping leftover process $pid: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)"
      kill -KILL "$pid" 2>/dev/null
    done
    unmount_below "$work_dir"
    rm -rf --one-file-system "$work_dir"
  fi

  # A debootstrap that was interrupted may leave /proc or /sys mounted in its target.
  unmount_below "$rootfs_partial"
  [[ -z $created_policy_rc_d ]] || rm -f /usr/sbin/policy-rc.d

  if [[ -n $finished ]]; then
    log "passed in $((SECONDS - started_at)) s"
  else
    log "failed (exit status $status) after $((SECONDS - started_at)) s"
    ((status != 0)) || status=1
  fi
  exit "$status"
}

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- tools ----

# Install the packages that are missing. A policy-rc.d that exits 101 keeps the package
# scripts from starting services. Without it, docker.io's postinst would start a default
# dockerd, which creates the docker0 bridge and rewrites the host firewall.
install_packages() {
  local missing=()
  [[ -x /usr/sbin/dockerd && -x /usr/bin/docker ]] || missing+=(docker.io)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  ((${#missing[@]} > 0)) || return 0

  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 0755 /usr/sbin/policy-rc.d
    created_policy_rc_d=1
  fi

  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
    apt-get update -qq
  fi
  if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$work_dir/apt.log" 2>&1; then
    # Stale package lists name versions that the mirror no longer has, so update and retry.
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$work_dir/apt.log" 2>&1 \
      || { tail -n 30 "$work_dir/apt.log" >&2; fail "apt-get install ${missing[*]} failed"; }
  fi

  if [[ -n $created_policy_rc_d ]]; then
    rm -f /usr/sbin/policy-rc.d
    created_policy_rc_d=''
  fi
}

# ---- private Docker daemon ----

start_dockerd() {
  mkdir -p "$work_dir/data" "$work_dir/exec" "$work_dir/client-config"
  # An empty configuration file, so a host /etc/docker/daemon.json cannot add a bridge or
  # firewall settings to this daemon.
  echo '{}' >"$work_dir/daemon.json"
  export DOCKER_CONFIG=$work_dir/client-config
  unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH

  # --bridge=none, --iptables=false and --ip-forward=false keep the host's interfaces,
  # firewall and sysctls as they are. Never drop them, because a default dockerd creates the
  # 172.17.0.0/16 docker0 bridge and adds iptables rules.
  /usr/sbin/dockerd \
    --bridge=none --iptables=false --ip-forward=false \
    --data-root "$work_dir/data" \
    --exec-root "$work_dir/exec" \
    --host "unix://$work_dir/docker.sock" \
    --pidfile "$work_dir/dockerd.pid" \
    --config-file "$work_dir/daemon.json" \
    >"$work_dir/dockerd.log" 2>&1 &
  dockerd_pid=$!
  log "started dockerd (pid $dockerd_pid), log in $work_dir/dockerd.log"

  local deadline=$((SECONDS + 60))
  until docker version >/dev/null 2>&1; do
    if ! kill -0 "$dockerd_pid" 2>/dev/null; then
      tail -n 30 "$work_dir/dockerd.log" >&2
      fail "dockerd exited before it answered"
    fi
    if ((SECONDS > deadline)); then
      tail -n 30 "$work_dir/dockerd.log" >&2
      fail "dockerd did not answer on $work_dir/docker.sock within 60 s"
    fi
    sleep 0.5
  done
  log "dockerd $(docker version --format '{{.Server.Version}}') answers, storage driver $(docker info --format '{{.Driver}}')"
}

# ---- stand-in base image ----

# Cache a minimal Debian bookworm root file system. debootstrap writes to a .partial folder
# that is renamed only after it succeeds, so an interrupted run never leaves a broken cache.
ensure_rootfs_cache() {
  if [[ -x $rootfs_cache/bin/sh ]]; then
    log "using the cached bookworm root file system in $rootfs_cache"
    return
  fi
  mkdir -p "$cache_dir"
  unmount_below "$rootfs_partial"
  rm -rf --one-file-system "$rootfs_partial"
  log "running debootstrap --variant=minbase bookworm from $mirror (first run only)"
  if ! debootstrap --variant=minbase bookworm "$rootfs_partial" "$mirror" >"$work_dir/debootstrap.log" 2>&1; then
    tail -n 30 "$work_dir/debootstrap.log" >&2
    fail "debootstrap failed; full log above"
  fi
  rm -rf "$rootfs_partial/var/cache/apt/archives/"*.deb "$rootfs_partial/var/lib/apt/lists/"*
  mv "$rootfs_partial" "$rootfs_cache"
}

# Build workload-api-fake-base:local: the cached root file system plus the host's node and
# npm, laid out like the official image (/usr/local/bin/node, /usr/local/lib/node_modules/npm).
# Like node:20-bookworm-slim it has no CA bundle of its own. npm gets one through the build
# context instead (see build-ca.pem in the Dockerfile), which keeps it out of the runtime image.
import_base_image() {
  local node_bin npm_dir base_dir=$work_dir/base-rootfs
  node_bin=$(readlink -f "$(command -v node)") || fail "node is not on PATH"
  npm_dir=$(dirname "$(dirname "$node_bin")")/lib/node_modules/npm
  [[ -f $npm_dir/bin/npm-cli.js ]] || fail "npm not found beside $node_bin (expected $npm_dir)"

  cp -a "$rootfs_cache" "$base_dir"
  install -D -m 0755 "$node_bin" "$base_dir/usr/local/bin/node"
  mkdir -p "$base_dir/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$base_dir/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$base_dir/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$base_dir/usr/local/bin/npx"

  # Check that the host's node runs with bookworm's libraries.
  local libraries
  libraries=$(chroot "$base_dir" /usr/bin/ldd /usr/local/bin/node 2>&1) \
    || fail "ldd failed on node inside the bookworm root: $libraries"
  if grep -q 'not found' <<<"$libraries"; then
    fail "node $node_bin needs libraries that bookworm lacks: $(grep 'not found' <<<"$libraries")"
  fi
  local in_root_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  local node_version npm_version
  node_version=$(chroot "$base_dir" /usr/bin/env -i PATH="$in_root_path" HOME=/root node --version) \
    || fail "node from $node_bin does not run inside the bookworm root"
  npm_version=$(chroot "$base_dir" /usr/bin/env -i PATH="$in_root_path" HOME=/root npm --version) \
    || fail "npm from $npm_dir does not run inside the bookworm root"
  [[ $node_version == v20.* ]] || fail "the host's node is $node_version; the image needs Node.js 20"

  tar --numeric-owner -C "$base_dir" -c . \
    | docker import \
        --change "ENV PATH=$in_root_path" \
        --change 'CMD ["node"]' \
        - "$base_image" >/dev/null
  rm -rf --one-file-system "$base_dir"
  log "imported $base_image: bookworm minbase, node $node_version, npm $npm_version"
}

# ---- image ----

# Copy the work tree into a private build context and add the CA file there. The copy skips
# node_modules, .git, dist and coverage, which .dockerignore drops anyway, and any build-ca.pem
# of the work tree. The docker client still applies the copied .dockerignore.
stage_build_context() {
  context_dir=$work_dir/context
  mkdir -p "$context_dir"
  local statuses
  set +e
  tar -C "$repo_dir" -c \
    --exclude=node_modules --exclude=./.git --exclude=./dist --exclude=./coverage \
    --exclude=./build-ca.pem --warning=no-file-changed . \
    | tar -C "$context_dir" -x
  statuses=("${PIPESTATUS[@]}")
  set -e
  # GNU tar exits 1 when a file changes while it is read, which happens while others edit.
  ((statuses[0] <= 1 && statuses[1] == 0)) || fail "copying $repo_dir into the build context failed"

  if [[ -n $ca_bundle ]]; then
    [[ -s $ca_bundle ]] || fail "CA bundle $ca_bundle is missing or empty; set SMOKE_CA_BUNDLE= to build without one"
    cp "$ca_bundle" "$context_dir/build-ca.pem"
    log "build context: copy of $repo_dir plus build-ca.pem from $ca_bundle"
  else
    log "build context: copy of $repo_dir without build-ca.pem"
  fi
}

build_image() {
  local builder=classic
  [[ $buildkit == 0 ]] || builder=BuildKit
  log "building $app_image ($builder builder, --network host)"
  # The daemon has no bridge, so RUN steps share the host's network.
  if ! DOCKER_BUILDKIT=$buildkit docker build \
      --network host \
      --build-arg BASE_IMAGE="$base_image" \
      --tag "$app_image" \
      "$context_dir" >"$work_dir/build.log" 2>&1; then
    tail -n 40 "$work_dir/build.log" >&2
    fail "docker build failed; last 40 lines above"
  fi
  rm -rf "$context_dir"
  log "built $app_image ($(docker image inspect --format '{{.Size}}' "$app_image" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
}

check_image_config() {
  local user exposed env health history
  user=$(docker image inspect --format '{{.Config.User}}' "$app_image")
  [[ -n $user && ${user%%:*} != 0 && ${user%%:*} != root ]] || fail "image user is '${user:-<unset, root>}', expected a non-root user"
  exposed=$(docker image inspect --format '{{json .Config.ExposedPorts}}' "$app_image")
  [[ $exposed == *'"8080/tcp"'* ]] || fail "image exposes $exposed, expected 8080/tcp"
  env=$(docker image inspect --format '{{json .Config.Env}}' "$app_image")
  [[ $env == *'"PORT=8080"'* && $env == *'"HOST=0.0.0.0"'* ]] || fail "image env $env lacks PORT=8080 or HOST=0.0.0.0"
  [[ $env != *NODE_EXTRA_CA_CERTS* ]] || fail "image env $env sets NODE_EXTRA_CA_CERTS"
  health=$(docker image inspect --format '{{json .Config.Healthcheck}}' "$app_image")
  [[ $health == *'/_fake/health'* ]] || fail "image healthcheck is $health, expected a call to /_fake/health"
  history=$(docker history --no-trunc "$app_image")
  [[ $history != *build-ca* ]] || fail "the runtime image's history mentions build-ca.pem: $history"
  log "image config: user $user, exposes 8080/tcp, PORT and HOST set, healthcheck on /_fake/health"
}

# ---- running container ----

pick_free_port() {
  node -e "const server = require('node:net').createServer();
    server.listen(0, '127.0.0.1', () => { console.log(server.address().port); server.close(); });"
}

start_container() {
  port=$(pick_free_port)
  docker run --detach --name "$container" --network host \
    --env PORT="$port" --env HOST=127.0.0.1 "$app_image" >/dev/null
  log "started container $container on 127.0.0.1:$port; waiting for the healthcheck"

  local deadline=$((SECONDS + 60)) state health
  while :; do
    state=$(docker inspect --format '{{.State.Status}}' "$container")
    health=$(docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{end}}' "$container")
    [[ $health != healthy ]] || break
    if [[ $state != running ]] || ((SECONDS > deadline)); then
      docker logs "$container" 2>&1 | tail -n 30 >&2
      docker inspect --format '{{json .State.Health}}' "$container" >&2
      fail "container is '$state' with health '${health:-none}', expected healthy within 60 s"
    fi
    sleep 1
  done
  log "container is healthy"
}

check_container_files() {
  local uid
  uid=$(docker exec "$container" id -u)
  [[ $uid =~ ^[0-9]+$ && $uid != 0 ]] || fail "server runs as uid '$uid', expected a non-root uid"
  # The runtime stage must hold production files only, and nothing of the build's CA.
  docker exec "$container" sh -c '
    for path in package.json dist/cli.js spec/workload-api.yaml fixtures/default.yaml node_modules/express; do
      [ -e "$path" ] || { echo "missing /app/$path"; exit 1; }
    done
    for path in build-ca.pem src test node_modules/typescript node_modules/vitest; do
      [ ! -e "$path" ] || { echo "unexpected /app/$path"; exit 1; }
    done
    [ -z "${NODE_EXTRA_CA_CERTS:-}" ] || { echo "NODE_EXTRA_CA_CERTS is set"; exit 1; }' >"$work_dir/files.txt" 2>&1 \
    || fail "runtime image contents: $(cat "$work_dir/files.txt")"
  log "server runs as uid $uid; /app has dist, spec, fixtures and production node_modules only"
}

# api METHOD PATH [JSON_BODY]: send one request, set http_status and write the body to
# $response_file.
api() {
  local method=$1 path=$2 body=${3-}
  local args=(--silent --show-error --max-time 10 --output "$response_file" --write-out '%{http_code}'
    --request "$method" --header 'Authorization: Bearer smoke-token')
  if [[ -n $body ]]; then
    args+=(--header 'Content-Type: application/json' --data "$body")
  fi
  http_status=$(curl "${args[@]}" "http://127.0.0.1:$port$path") || fail "$method $path: curl failed"
}

expect_status() {
  local expected=$1 request=$2
  [[ $http_status == "$expected" ]] \
    || fail "$request: expected HTTP $expected, got $http_status with body: $(cat "$response_file")"
}

# json_field NAME: print one top-level field of the last response (strings bare, others as
# JSON), or fail when the body is not a JSON object.
json_field() {
  node -e '
    const [file, name] = process.argv.slice(1);
    const value = JSON.parse(require("node:fs").readFileSync(file, "utf8"))[name];
    console.log(typeof value === "string" ? value : JSON.stringify(value));' "$response_file" "$1" \
    || fail "response is not JSON: $(cat "$response_file")"
}

expect_field() {
  local name=$1 expected=$2 request=$3 actual
  actual=$(json_field "$name")
  [[ $actual == "$expected" ]] \
    || fail "$request: expected $name $expected, got $actual in body: $(cat "$response_file")"
}

check_api() {
  response_file=$work_dir/response.json
  local total artifact_id

  api GET /api/v2/artifacts/
  expect_status 200 'GET /api/v2/artifacts/'
  total=$(json_field totalCount)
  [[ $total =~ ^[0-9]+$ && $total -gt 0 ]] \
    || fail "GET /api/v2/artifacts/: expected totalCount > 0, got $total in body: $(cat "$response_file")"
  log "GET /api/v2/artifacts/ -> 200, totalCount $total"

  api POST /api/v2/artifacts/ '{"name": "docker-smoke", "spec": {"containerGroups": [{"containers": [{"imageUri": "nginx:latest", "port": 8080, "primary": true}]}]}}'
  expect_status 201 'POST /api/v2/artifacts/'
  expect_field status draft 'POST /api/v2/artifacts/'
  artifact_id=$(json_field id)
  [[ $artifact_id =~ ^[0-9a-f]{24}$ ]] || fail "POST /api/v2/artifacts/: expected a 24-character hex id, got $artifact_id"
  log "POST /api/v2/artifacts/ -> 201, draft $artifact_id"

  api PATCH "/api/v2/artifacts/$artifact_id/" '{"status": "locked"}'
  expect_status 200 "PATCH /api/v2/artifacts/$artifact_id/"
  expect_field status locked "PATCH /api/v2/artifacts/$artifact_id/"
  expect_field version 1 "PATCH /api/v2/artifacts/$artifact_id/"
  log "PATCH {\"status\": \"locked\"} -> 200, version 1"

  api DELETE "/api/v2/artifacts/$artifact_id/"
  expect_status 409 "DELETE /api/v2/artifacts/$artifact_id/"
  log "DELETE of the locked artifact -> 409"

  api POST /_fake/scenarios/locked-artifact
  expect_status 200 'POST /_fake/scenarios/locked-artifact'
  api GET /api/v2/artifacts/
  expect_status 200 'GET /api/v2/artifacts/ after switching to locked-artifact'
  expect_field totalCount 1 'GET /api/v2/artifacts/ after switching to locked-artifact'
  log "POST /_fake/scenarios/locked-artifact -> 200, then totalCount 1"
}

# SIGTERM must reach the server as PID 1 and end it cleanly, which the exec-form CMD allows.
check_graceful_stop() {
  docker stop --time 10 "$container" >/dev/null
  local exit_code
  exit_code=$(docker inspect --format '{{.State.ExitCode}}' "$container")
  [[ $exit_code == 0 ]] || fail "container exited with $exit_code after docker stop, expected 0"
  log "docker stop -> exit code 0"
}

# ---- main ----

[[ $(id -u) == 0 ]] || fail "run as root: the script installs packages, runs debootstrap and starts dockerd"
command -v curl >/dev/null || fail "curl is required"
command -v node >/dev/null || fail "node is required: its binary goes into the stand-in base image"

mkdir -p "$cache_dir"
# One run at a time per cache, because runs share the debootstrap cache.
exec 9>"$cache_dir/.lock"
flock --wait 600 9 || fail "another docker-smoke run still holds $cache_dir/.lock after 600 s"

work_dir=$(mktemp -d /tmp/wafake-smoke.XXXXXX)

install_packages
ensure_rootfs_cache
start_dockerd
import_base_image
stage_build_context
build_image
check_image_config
start_container
check_container_files
check_api
check_graceful_stop
finished=1
