#!/usr/bin/env bash
# Runs every test runner even when one fails, then prints one total line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p artifacts
passed=0; failed=0; status=0

echo "== backend (NUnit) =="
dotnet build Recovery.sln --no-restore --nologo --verbosity quiet || status=1
dotnet test Recovery.sln --no-build --nologo --verbosity quiet --logger "console;verbosity=minimal" --logger "trx" --results-directory artifacts/test-results 2>&1 | tee artifacts/backend-tests.log
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
while read -r f p; do failed=$((failed + f)); passed=$((passed + p)); done < <(
  grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+' artifacts/backend-tests.log | sed -E 's/Failed: +([0-9]+), Passed: +([0-9]+)/\1 \2/')

echo "== frontend: API types against the OpenAPI document, build (with its JavaScript budget) =="
(cd frontend && npm run -s api:check && npm run -s build) || status=1

echo "== OpenAPI document: redocly and spectral lint (one test each: no error), Portman contract tests against the host =="
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
for lint in "redocly lint openapi.json --config openapi-checks/redocly.yaml" "spectral lint openapi.json --ruleset openapi-checks/.spectral.yaml --fail-severity error"; do
  if (cd frontend && npx --no-install $lint); then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi
done
rm -f artifacts/contract-tests.json
(cd frontend && node openapi-checks/contract-tests.mjs) || status=1
if [ -f artifacts/contract-tests.json ]; then
  read -r p f < <(node -e 'const r=require("./artifacts/contract-tests.json");console.log(r.passed, r.failed)')
  passed=$((passed + p)); failed=$((failed + f))
else
  failed=$((failed + 1))
fi

echo "== frontend (Vitest) =="
(cd frontend && npx vitest run --reporter=default --reporter=json --outputFile=../artifacts/frontend-tests.json) || status=1
if [ -f artifacts/frontend-tests.json ]; then
  read -r p f < <(node -e 'const r=require("./artifacts/frontend-tests.json");console.log(r.numPassedTests, r.numFailedTests)')
  passed=$((passed + p)); failed=$((failed + f))
fi

echo "== known vulnerabilities in shipped dependencies =="
while read -r line; do
  echo "$line"
  case "$line" in "audit "*": passed") passed=$((passed + 1)) ;; "audit "*": failed") failed=$((failed + 1)); status=1 ;; esac
done < <(bash scripts/audit-dependencies.sh 2>&1)

echo "== browser flows (Playwright in Debian's Chromium, against the API host) =="
if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's chromium"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  ($sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq chromium) >/dev/null || status=1
fi
rm -rf artifacts/screenshots artifacts/e2e-tests.json && mkdir -p artifacts/screenshots
(cd frontend && npx playwright test -c e2e/playwright.config.ts) || status=1
if [ -f artifacts/e2e-tests.json ]; then
  read -r p f < <(node -e 'const s=require("./artifacts/e2e-tests.json").stats;console.log(s.expected + s.flaky, s.unexpected)')
  passed=$((passed + p)); failed=$((failed + f))
else
  failed=$((failed + 1))
fi
echo "screenshots: $(ls artifacts/screenshots 2>/dev/null | wc -l) in artifacts/screenshots"

[ "$passed" -gt 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
