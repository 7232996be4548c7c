#!/usr/bin/env bash
# The real-editor end-to-end step CI runs after the unit tests (`npm run test:e2e`):
#   1. scripts/install-e2e-tools.sh   (idempotent; ~1.5-4 min the first time, ~0.2 s after)
#   2. build the extension (node esbuild.mjs) and compile the e2e suite (node scripts/e2e-compile.mjs)
#   3. node scripts/test.mjs neovim   Neovim as a second real LSP client (test/unit/neovim.e2e.test.ts)
#   4. test/e2e/codeServer.mjs        the mocha suite inside code-server's real extension host
#   5. test/e2e/uiCheck.mjs           the workbench UI: Problems panel, quick-fix menu, screenshot
#   6. test/e2e/uploadCheck.mjs       the upload by keyboard: picker, confirmation, results through edits and reopening
#   7. test/e2e/intuneCheck.mjs       Upload to Intune from the header lens: tenant typed in, device-code sign-in to it, results
#   8. test/e2e/germanCheck.mjs       the workbench in German: commands, problems, a quick fix, walkthrough, settings
#   9. test/e2e/accountsCheck.mjs     the Partner Center account in the Accounts menu: listed after sign-in, Sign Out there
# Exits non-zero if any step fails; the last line is the combined `N passed, N failed` of steps 3-9.
# Extra arguments go to both runners (e.g. --env NAME=VALUE, --keep). Logs and screenshots: test-output/e2e/.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
step_results=""
finish() {
  echo "e2e: neovim ${nv_result:-not run};${step_results}"
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
  step_results="$step_results $(basename "$script" .mjs) $p passed, $f failed (exit $rc);"
}

# The second client. CI runs `npm test` BEFORE this script, on a fresh machine where nvim is not installed yet, so
# the Neovim comparison skips there: it runs here, after step 1 installed nvim, so that it always runs in CI.
# node:test prints its counts as `# pass N` (TAP, when piped) or `ℹ pass N` (spec, on a terminal).
node_test_count() { # name file
  sed -nE "s/^(# |ℹ )$1 ([0-9]+)\$/\\2/p" "$2" | tail -n 1
}
run_neovim() {
  local rc p f s
  echo "e2e: running node scripts/test.mjs neovim"
  node scripts/test.mjs neovim 2>&1 | tee "$log_dir/neovim.log"
  rc=${PIPESTATUS[0]}
  p="$(node_test_count pass "$log_dir/neovim.log")"
  f="$(node_test_count fail "$log_dir/neovim.log")"
  s="$(node_test_count skipped "$log_dir/neovim.log")"
  p=${p:-0} f=${f:-0} s=${s:-0}
  # nvim was installed in step 1: a skipped comparison did not run, which is a failure here.
  if [ "$s" -gt 0 ]; then
    echo "e2e: the Neovim comparison was skipped ($s): is nvim on PATH?"
    f=$((f + s))
  fi
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; fi # no count at all: it did not report
  passed=$((passed + p))
  failed=$((failed + f))
  nv_result="$p passed, $f failed (exit $rc)"
}

run_neovim
run_step cs test/e2e/codeServer.mjs "$@"
run_step ui test/e2e/uiCheck.mjs "$@"
run_step editor test/e2e/editorCheck.mjs "$@"
run_step table test/e2e/deviceTableCheck.mjs "$@"
run_step tablede test/e2e/deviceTableGerman.mjs
run_step fixallbom test/e2e/fixAllBom.mjs "$@"
run_step tags test/e2e/groupTagsUi.mjs "$@"
run_step up test/e2e/uploadCheck.mjs "$@"
run_step intune test/e2e/intuneCheck.mjs "$@"
run_step german test/e2e/germanCheck.mjs "$@"
run_step accounts test/e2e/accountsCheck.mjs "$@"
finish
