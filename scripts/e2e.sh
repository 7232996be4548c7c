#!/usr/bin/env bash
# The real-editor end-to-end step CI runs after the unit tests (`npm run test:e2e`):
#   1. scripts/install-e2e-tools.sh   (idempotent; ~1.5-4 min the first time, ~0.2 s after)
#   2. build the extension (node esbuild.mjs) and compile the e2e suite (node scripts/e2e-compile.mjs)
#   3. test/e2e/codeServer.mjs        the mocha suite inside code-server's real extension host
#   4. test/e2e/uiCheck.mjs           the workbench UI: Problems panel, quick-fix menu, screenshot
# Exits non-zero if any step fails; the last line is the combined `N passed, N failed`.
# Extra arguments go to both runners (e.g. --env NAME=VALUE, --keep). Logs and screenshots: test-output/e2e/.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
finish() {
  echo "e2e: codeServer ${cs_result:-not run}; uiCheck ${ui_result:-not run}"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
  exit $?
}
setup_failed() {
  echo "e2e: $1 failed"
  failed=$((failed + 1))
  finish
}

bash scripts/install-e2e-tools.sh || setup_failed "installing the e2e tools"
node esbuild.mjs || setup_failed "building the extension"
node scripts/e2e-compile.mjs || setup_failed "compiling the e2e suite"

log_dir="$(mktemp -d)"
trap 'rm -rf "$log_dir"' EXIT

# Runs one runner, echoing its output, and adds its `N passed, N failed` line to the totals.
run_step() { # name script args...
  local name="$1" script="$2" rc line p f
  shift 2
  echo "e2e: running $script"
  node "$script" "$@" 2>&1 | tee "$log_dir/$name.log"
  rc=${PIPESTATUS[0]}
  line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log_dir/$name.log" | tail -n 1)"
  if [ -z "$line" ]; then
    p=0 f=1
  else
    p="${line%% passed*}"
    f="${line#*, }"
    f="${f%% failed}"
  fi
  # A runner that exits non-zero counts as at least one failure, whatever it printed.
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  printf -v "${name}_result" '%s' "$p passed, $f failed (exit $rc)"
}

run_step cs test/e2e/codeServer.mjs "$@"
run_step ui test/e2e/uiCheck.mjs "$@"
finish
