# Sourced by the Makefile and .ci/run: makes sure a Redis is there to talk to.
#
# ensure_redis_server_binary installs Debian's redis-server when it is missing.
# ensure_redis starts a local redis-server on a free loopback port under ./data/redis
# when REDIS_URL is not set, and exports REDIS_URL.

ensure_redis_server_binary() {
  if command -v redis-server >/dev/null 2>&1; then return 0; fi
  echo "redis-server not found; installing it with apt-get" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >/dev/null && \
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null || {
      echo "could not install redis-server; set REDIS_URL to an existing Redis" >&2; return 1; }
  # Debian starts a system service on install; chainrelay runs its own on a free port.
}

ensure_redis() {
  if [ -n "${REDIS_URL:-}" ]; then export REDIS_URL; return 0; fi
  ensure_redis_server_binary || return 1
  local dir port
  dir="$(pwd)/data/redis"
  mkdir -p "$dir"
  if [ -f "$dir/port" ] && redis-cli -p "$(cat "$dir/port")" ping >/dev/null 2>&1; then
    export REDIS_URL="redis://127.0.0.1:$(cat "$dir/port")/0"
    return 0
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 6390)
  redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --appendonly yes --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --save "" >/dev/null
  for _ in $(seq 1 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  echo "$port" > "$dir/port"
  export REDIS_URL="redis://127.0.0.1:$port/0"
}
