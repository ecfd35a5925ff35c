#!/usr/bin/env bash
# Known vulnerabilities in what ships: NuGet packages (with transitive ones) and the SPA's npm packages (not the
# dev tools). Prints one line per check, "audit <name>: passed|failed|not checked (why)", and exits 1 on a finding.
# A check whose advisory source does not answer is reported as not checked, never as passed: for NuGet a canary
# package with a published advisory must be flagged first, for npm the audit endpoint must answer.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0

canary=$(mktemp -d)
trap 'rm -rf "$canary"' EXIT
cat > "$canary/canary.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup><PackageReference Include="Newtonsoft.Json" Version="12.0.1" /></ItemGroup>
</Project>
XML
if dotnet restore "$canary/canary.csproj" --verbosity quiet >/dev/null 2>&1 \
   && dotnet list "$canary/canary.csproj" package --vulnerable 2>/dev/null | grep -q "Newtonsoft.Json"; then
  report=$(dotnet list Recovery.sln package --vulnerable --include-transitive 2>&1)
  if grep -q "has the following vulnerable packages" <<<"$report"; then
    echo "$report"; echo "audit nuget: failed"; status=1
  else
    echo "audit nuget: passed"
  fi
else
  echo "audit nuget: not checked (the package source publishes no vulnerability data here)"
fi

npm_report=$(cd frontend && npm audit --omit=dev --json 2>/dev/null)
if node -e 'const r=JSON.parse(process.argv[1]);process.exit(r.metadata&&r.metadata.vulnerabilities?0:1)' "$npm_report" 2>/dev/null; then
  if node -e 'const v=JSON.parse(process.argv[1]).metadata.vulnerabilities;process.exit(v.total>0?1:0)' "$npm_report"; then
    echo "audit npm: passed"
  else
    (cd frontend && npm audit --omit=dev); echo "audit npm: failed"; status=1
  fi
else
  echo "audit npm: not checked (the registry's audit endpoint did not answer)"
fi
exit $status
