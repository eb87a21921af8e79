#!/usr/bin/env bash
# ci/coverage.sh: line coverage of reference/ and of the suite's own code, merged by ReportGenerator.
#
#   ci/coverage.sh [PART...]      PART: reference-tests | suite-tests | conformance (default: all three)
#
# 1. reference-tests  reference/Tests under coverlet.collector   -> [OsConformance.Reference]*, [osc*harness]* (the
#                     tests run the harness's Session in-process too; its fork, exec and exit tests drive the
#                     NativeAOT binary, which coverlet cannot see)
# 2. suite-tests      suite/Tests under coverlet.collector       -> OsConformance.Protocol, OsConformance.Reports,
#                                                                   OsConformance.Performance, os-conformance-cli,
#                                                                   OsConformance.Suite
# 3. conformance      the conformance suite run against a JIT (non-AOT) build of the reference harness
#                     whose OsConformance.Reference.dll and osc-harness.dll coverlet.msbuild has instrumented.
#                     Cases that send the fork op are left out (see docs/coverage-report.md): a forked child
#                     of a JIT process that runs managed code crashes, so what such a case covers is not counted.
#
# Outputs (under $COVERAGE_OUT, default ./coverage): raw/<part>/**/coverage.cobertura.xml, report/index.html
# (all parts merged), Summary.txt (its text summary), parts/<name>/Summary.txt (one figure per part and the
# reference/ and suite figures on their own), conformance/ (the excluded and the run case lists, the run's
# results.json). Builds go to $COVERAGE_ARTIFACTS (default .build/coverage-artifacts: it has to be inside
# the repository, because the unit tests find the repository root above their own binaries).
# Linux only for part 3 (it needs setsid(1) from util-linux). Exit status: 0 when every part ran and every
# unit test passed; 1 otherwise (the report is still written from what was collected).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mkdir -p "${COVERAGE_OUT:-$root/coverage}" && cd "${COVERAGE_OUT:-$root/coverage}" && pwd)"
art="${COVERAGE_ARTIFACTS:-$root/.build/coverage-artifacts}"
coverlet_msbuild_version=10.0.1   # served by NuGet; run by a throwaway driver project in $art, not by the solution
export OSC_ROOT="$root" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(reference-tests suite-tests conformance)
for p in "${parts[@]}"; do
  case "$p" in reference-tests|suite-tests|conformance) ;; *) echo "coverage.sh: unknown part $p" >&2; exit 2 ;; esac
done
wants() { local p; for p in "${parts[@]}"; do [ "$p" = "$1" ] && return 0; done; return 1; }

status=0
t0=$SECONDS
say() { printf 'coverage.sh [%4ds] %s\n' "$((SECONDS - t0))" "$*" >&2; }

cd "$root"
say "dotnet tool restore (ReportGenerator, .config/dotnet-tools.json)"
dotnet tool restore >/dev/null

# The unit tests of both projects drive the NativeAOT reference harness in .build/harness (reference/Tests/Harness,
# suite/Tests smoke and reference-run tests). Build it the usual way only when it is missing.
if wants reference-tests || wants suite-tests; then
  if [ ! -x "$root/.build/harness/osc-harness" ]; then
    say "no .build/harness/osc-harness: ./os-conformance build"
    "$root/os-conformance" build
  fi
fi

collector_run() { # name project include
  local name="$1" project="$2" include="$3" dir="$out/raw/$1"
  rm -rf "$dir"
  say "$name: dotnet test $project --collect:\"XPlat Code Coverage\" (include $include)"
  if ! dotnet test "$project" -c Debug --artifacts-path "$art" --nologo \
      --collect:"XPlat Code Coverage" --results-directory "$dir" \
      -- DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.Format=cobertura \
         ${include:+"DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.Include=$include"} \
      > "$out/logs/$name.log" 2>&1; then
    say "$name: dotnet test failed (see $out/logs/$name.log); its coverage is still collected"
    status=1
  fi
  grep -E '^(Passed|Failed)!' "$out/logs/$name.log" >&2 || true
}

mkdir -p "$out/logs"
wants reference-tests && collector_run reference-tests reference/Tests/OsConformance.Reference.Tests.csproj \
  '[OsConformance.Reference]*,[osc*harness]*'   # "*" for the "-": [osc-harness]* leaves it "Excluded module" (--diag)
# No include filter here: with [OsConformance.Protocol]*,[OsConformance.Reports]*,[os-conformance-cli]*,[OsConformance.Suite]*
# coverlet.collector 6.0.4 reported os-conformance-cli.dll as "Excluded module" (dotnet test --diag) and left it out
# (as [osc-harness]* does osc-harness.dll above, where [osc*harness]* works: the "-" in the filter is the likely cause).
# Without a filter it instruments the modules of the test folder that have their pdb: exactly the suite's five.
wants suite-tests && collector_run suite-tests suite/Tests/OsConformance.Suite.Tests.csproj ''

if wants conformance; then
  command -v setsid >/dev/null || { echo "coverage.sh: the conformance part needs setsid(1) (util-linux)" >&2; exit 2; }
  dotnet_exe="$(readlink -f "$(command -v dotnet)")"
  setsid_exe="$(command -v setsid)"
  conf="$out/conformance"; raw="$out/raw/conformance"; drv="$art/coverlet-driver"
  rm -rf "$conf" "$raw" "$drv"; mkdir -p "$conf" "$raw" "$drv"

  say "conformance: dotnet build reference/Harness and suite/Cli (Debug, JIT)"
  dotnet build reference/Harness/OsConformance.Harness.csproj -c Debug --artifacts-path "$art" --nologo -v quiet -clp:ErrorsOnly >&2
  dotnet build suite/Cli/OsConformance.Cli.csproj -c Debug --artifacts-path "$art" --nologo -v quiet -clp:ErrorsOnly >&2
  cli="$art/bin/OsConformance.Cli/debug/os-conformance-cli.dll"
  # coverlet rewrites the assemblies it instruments: work on a copy of the harness's output folder.
  hdir="$drv/harness"; cp -r "$art/bin/OsConformance.Harness/debug" "$hdir"

  # Pass 1, uninstrumented: which cases send the fork op? Every harness transcript of a case is kept in the
  # case's folder of work/, so a case is a fork case when one of its transcripts holds a fork request. The
  # JIT children of those cases crash, which does not matter here: only the requests are read.
  say "conformance: pass 1 (find the fork cases), os-conformance run against the JIT harness"
  dotnet "$cli" run --harness "$dotnet_exe $hdir/osc-harness.dll" --out "$drv/discovery" --label coverage-discovery \
    > "$out/logs/conformance-discovery.log" 2>&1 || true   # cases fail under JIT (forks); only the transcripts matter
  [ -f "$drv/discovery/results.json" ] || { echo "coverage.sh: pass 1 wrote no results.json (see $out/logs/conformance-discovery.log)" >&2; exit 1; }
  python3 - "$drv/discovery" "$conf" <<'PY'
import json, os, sys
run, conf = sys.argv[1], sys.argv[2]
ids = [c["id"] for c in json.load(open(os.path.join(run, "results.json")))["cases"]]
def forks(case_id):
    d = os.path.join(run, "work", case_id.replace("/", "~"))
    if not os.path.isdir(d):
        return False
    for name in os.listdir(d):
        if name.endswith(".transcript"):
            with open(os.path.join(d, name), encoding="utf-8", errors="replace") as f:
                if any(l.startswith("> ") and '"op":"fork"' in l for l in f):
                    return True
    return False
fork = [i for i in ids if forks(i)]
kept = [i for i in ids if i not in set(fork)]
open(os.path.join(conf, "excluded-fork-cases.txt"), "w").write("".join(i + "\n" for i in fork))
open(os.path.join(conf, "run-cases.txt"), "w").write("".join(i + "\n" for i in kept))
print(f"{len(ids)} cases: {len(fork)} send the fork op (excluded), {len(kept)} run under coverage", file=sys.stderr)
PY

  # Pass 2, instrumented. The runner ends a harness with SIGKILL to its process group, and coverlet writes its
  # hit counts when the process exits normally; so the wrapper starts the harness in a session of its own. The
  # harness then outlives the killed wrapper, reads end of input when the runner closes its stdin, and exits
  # (Main returns), which writes the hits. Pids go to a file so the end of the pass can wait for them.
  pids="$drv/harness.pids"; : > "$pids"
  cat > "$drv/harness.sh" <<EOF
#!/bin/bash
# Written by ci/coverage.sh: the instrumented JIT harness, out of the runner's process group.
"$setsid_exe" "$dotnet_exe" "$hdir/osc-harness.dll" <&0 &
echo \$! >> "$pids"
wait \$!
EOF
  filters=(); while IFS= read -r id; do filters+=(--filter "$id"); done < "$conf/run-cases.txt"
  {
    echo '#!/bin/bash'
    printf 'cd %q\n' "$root"
    printf '%q ' dotnet "$cli" run --harness "/bin/bash $drv/harness.sh" --out "$drv/run" --label coverage "${filters[@]}"
    # shellcheck disable=SC2016 # written for run.sh, expanded there
    echo '> "$1" 2>&1'
    cat <<'EOF'
echo "os-conformance run exited $?"
# Wait for the detached harnesses (up to 60 s), then SIGTERM (the runtime runs ProcessExit, so hits are
# still written), then SIGKILL: hits of a harness killed that way are lost, and the count says so.
pids="$2"
alive() { local p n=0; for p in $(cat "$pids"); do kill -0 "$p" 2>/dev/null && n=$((n + 1)); done; echo $n; }
for _ in $(seq 60); do [ "$(alive)" = 0 ] && break; sleep 1; done
echo "harnesses started: $(wc -l < "$pids"); still running after the run: $(alive)"
for p in $(cat "$pids"); do kill -TERM "$p" 2>/dev/null || true; done
for _ in $(seq 20); do [ "$(alive)" = 0 ] && break; sleep 1; done
left=$(alive); echo "killed with SIGKILL (hits lost): $left"
for p in $(cat "$pids"); do kill -KILL "$p" 2>/dev/null || true; done
EOF
  } > "$drv/run.sh"
  # Empty Directory.*.props stop MSBuild's upward search: the driver lives under the repository (in $art) but
  # must not take the solution's props or its central package versions.
  echo '<Project />' > "$drv/Directory.Build.props"; echo '<Project />' > "$drv/Directory.Packages.props"
  echo '<Project />' > "$drv/Directory.Build.targets"
  cat > "$drv/driver.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <!-- Written by ci/coverage.sh: runs coverlet.msbuild's instrument / collect targets around one command. -->
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <EnableDefaultItems>false</EnableDefaultItems>
    <IncludeTestAssembly>true</IncludeTestAssembly>
    <CoverletOutputFormat>cobertura</CoverletOutputFormat>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="coverlet.msbuild" Version="$coverlet_msbuild_version" PrivateAssets="all" />
  </ItemGroup>
  <Target Name="RunCovered" DependsOnTargets="InstrumentModules">
    <Exec Command="\$(CoveredCommand)" ContinueOnError="true" />
  </Target>
  <Target Name="Cover" DependsOnTargets="RunCovered;GenerateCoverageResult" />
</Project>
EOF
  say "conformance: pass 2 (coverage), $(wc -l < "$conf/run-cases.txt") cases against the instrumented JIT harness"
  # Every assembly of the harness folder that has a pdb is instrumented: OsConformance.Reference and osc-harness.
  if ! dotnet msbuild "$drv/driver.csproj" -restore -nologo -v:m -t:Cover \
      -p:TargetPath="$hdir/osc-harness.dll" -p:CoverletOutput="$raw/" \
      -p:CoveredCommand="/bin/bash $drv/run.sh $out/logs/conformance-run.log $pids" \
      > "$out/logs/conformance-coverlet.log" 2>&1; then
    say "conformance: coverlet failed (see $out/logs/conformance-coverlet.log)"; status=1
  fi
  grep -E 'harnesses started|SIGKILL|run exited' "$out/logs/conformance-coverlet.log" >&2 || true
  grep -E '^ *[0-9]+ pass' "$out/logs/conformance-run.log" >&2 || true
  [ -f "$drv/run/results.json" ] && cp "$drv/run/results.json" "$conf/results.json"
  [ -f "$raw/coverage.cobertura.xml" ] || { echo "coverage.sh: no coverage from the conformance run" >&2; status=1; }
fi

say "reportgenerator: merging $(find "$out/raw" -name coverage.cobertura.xml | wc -l) cobertura files"
rg() { dotnet tool run reportgenerator -- "$@" > /dev/null; }
rm -rf "$out/report" "$out/parts"
rg "-reports:$out/raw/**/coverage.cobertura.xml" "-targetdir:$out/report" '-reporttypes:Html;TextSummary' \
   "-title:os-conformance coverage"
cp "$out/report/Summary.txt" "$out/Summary.txt"
for d in "$out"/raw/*/; do
  name="$(basename "$d")"
  [ -n "$(find "$d" -name coverage.cobertura.xml -print -quit)" ] || continue
  rg "-reports:$d**/coverage.cobertura.xml" "-targetdir:$out/parts/$name" -reporttypes:TextSummary
done
rg "-reports:$out/raw/**/coverage.cobertura.xml" "-targetdir:$out/parts/reference" -reporttypes:TextSummary \
   '-assemblyfilters:+OsConformance.Reference;+osc-harness'
# The same without the P/Invoke stubs that the LibraryImport source generator writes into obj/ (*.g.cs):
# the lines of the files under reference/ only.
rg "-reports:$out/raw/**/coverage.cobertura.xml" "-targetdir:$out/parts/reference-sources" -reporttypes:TextSummary \
   '-assemblyfilters:+OsConformance.Reference;+osc-harness' '-filefilters:-*.g.cs'
rg "-reports:$out/raw/**/coverage.cobertura.xml" "-targetdir:$out/parts/suite" -reporttypes:TextSummary \
   '-assemblyfilters:+OsConformance.Protocol;+OsConformance.Reports;+OsConformance.Performance;+os-conformance-cli;+OsConformance.Suite'
for f in "$out"/parts/*/Summary.txt; do
  printf '%-18s %s\n' "$(basename "$(dirname "$f")")" "$(grep -m1 -E '^ *Line coverage:' "$f" | sed 's/^ *//')" >&2
done
say "done: $out/report/index.html, $out/Summary.txt (exit $status)"
exit $status
