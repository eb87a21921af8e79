#!/usr/bin/env python3
"""Structural checks of the GitHub Actions workflows, beyond what actionlint knows about this
project: parses each file as YAML (PyYAML, Debian's python3-yaml) and checks that

  * every job has runs-on and a non-empty list of steps, and every step has `uses` or `run`;
  * every `uses:` is pinned to a 40-hex commit with its release tag in a comment
    (`owner/repo@<sha> # vN.N.N`), and an action listed in CURRENT_MAJORS is on that major or later;
  * push and pull_request together: push is limited to branches, so a pull request from this
    repository does not run the workflow twice;
  * conformance.yml has a matrix job whose OSes include ubuntu-22.04, ubuntu-24.04, macOS arm64
    (macos-14) and macOS x64 (macos-15-intel, or the retired macos-13), that sets up .NET from
    global.json, runs `./os-conformance test` and `./os-conformance run --out`, and uploads the
    results as an artifact, writes each run's summary.md to $GITHUB_STEP_SUMMARY and publishes
    its junit.xml with a maintained test-report action (with checks: write);
  * a merge job `needs` the matrix job, downloads the artifacts, runs `./os-conformance merge`,
    uploads the merged report and appends Markdown to $GITHUB_STEP_SUMMARY.

usage: check-workflows.py WORKFLOW_DIR        exit 0 when clean, 1 on any problem, 2 on usage
"""
import os
import re
import sys

try:
    import yaml
except ImportError:
    sys.stderr.write("check-workflows: PyYAML is missing (apt-get install python3-yaml)\n")
    sys.exit(2)

REQUIRED_OSES = {
    "ubuntu-22.04": {"ubuntu-22.04"},
    "ubuntu-24.04": {"ubuntu-24.04"},
    "macOS arm64": {"macos-14", "macos-15", "macos-26", "macos-latest"},
    "macOS x64": {"macos-15-intel", "macos-13"},
}
PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
# `uses: owner/repo@<sha> # vN.N.N` as written in the file (YAML drops the comment).
USES_LINE = re.compile(r"^\s*(?:-\s*)?uses:\s*(?P<uses>\S+)\s*(?:#\s*(?P<tag>\S+))?\s*$")
TAG = re.compile(r"^v(?P<major>\d+)(\.\d+){0,2}$")
# The current major of each action the workflows use (read from each action's tags with the
# search tool's fetch: checkout v7.0.1, setup-dotnet v6.0.0, upload-artifact v7.0.0,
# download-artifact v8.0.1, dorny/test-reporter v3.0.0; all run on node24).
CURRENT_MAJORS = {
    "actions/checkout": 7,
    "actions/setup-dotnet": 6,
    "actions/upload-artifact": 7,
    "actions/download-artifact": 8,
    "dorny/test-reporter": 3,
}
# Maintained actions that publish a JUnit file as a check run / job summary.
TEST_REPORTERS = {"dorny/test-reporter": "reporter", "mikepenz/action-junit-report": None}
MATRIX_REF = re.compile(r"^\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}$")

problems = []


def problem(where, message):
    problems.append(f"{where}: {message}")


class UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate keys (GitHub rejects them; PyYAML keeps the last)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


def steps_text(job):
    return "\n".join(str(s.get("run", "")) for s in job.get("steps") or [] if isinstance(s, dict))


def uses_of(job, action):
    return [s for s in job.get("steps") or []
            if isinstance(s, dict) and str(s.get("uses", "")).split("@")[0] == action]


def runner_values(job):
    """The runner labels a job can get, with ${{ matrix.x }} resolved against its matrix."""
    runs_on = job.get("runs-on")
    labels = runs_on if isinstance(runs_on, list) else [runs_on]
    matrix = (job.get("strategy") or {}).get("matrix") or {}
    out = set()
    for label in labels:
        m = MATRIX_REF.match(str(label))
        if not m:
            out.add(str(label))
            continue
        key = m.group(1)
        values = matrix.get(key) or []
        out.update(str(v) for v in (values if isinstance(values, list) else [values]))
        for entry in matrix.get("include") or []:
            if isinstance(entry, dict) and key in entry:
                out.add(str(entry[key]))
    return out


def check_file(path):
    name = os.path.basename(path)
    try:
        with open(path, encoding="utf-8") as f:
            doc = yaml.load(f, Loader=UniqueKeyLoader)
    except (OSError, yaml.YAMLError) as e:
        problem(name, f"not valid YAML: {e}")
        return
    if not isinstance(doc, dict):
        problem(name, "the top level is not a mapping")
        return
    check_pins(name, path)
    check_triggers(name, doc)
    # YAML 1.1 reads the key `on` as the boolean true.
    if "on" not in doc and True not in doc:
        problem(name, "no `on:` triggers")
    jobs = doc.get("jobs")
    if not isinstance(jobs, dict) or not jobs:
        problem(name, "no jobs")
        return

    for job_id, job in jobs.items():
        where = f"{name}: job {job_id}"
        if not isinstance(job, dict):
            problem(where, "is not a mapping")
            continue
        if "uses" in job:  # a reusable-workflow call has neither runs-on nor steps
            if not PINNED.match(str(job["uses"])) and not str(job["uses"]).startswith("./"):
                problem(where, f"uses {job['uses']!r} is not pinned to a version")
            continue
        if not job.get("runs-on"):
            problem(where, "has no runs-on")
        steps = job.get("steps")
        if not isinstance(steps, list) or not steps:
            problem(where, "has no steps")
            continue
        for i, step in enumerate(steps, 1):
            if not isinstance(step, dict) or not ("uses" in step or "run" in step):
                problem(where, f"step {i} has neither uses nor run")
                continue
            uses = step.get("uses")
            if uses is None or str(uses).startswith("./"):
                continue
            if str(uses).startswith("docker://"):
                if "@sha256:" not in uses and not re.search(r":[^/]+$", uses[len("docker://"):]):
                    problem(where, f"step {i} uses {uses!r} without a tag or digest")
            elif not PINNED.match(str(uses)):
                problem(where, f"step {i} uses {uses!r}, which is not pinned to a commit")
        for need in ([job["needs"]] if isinstance(job.get("needs"), str) else job.get("needs") or []):
            if need not in jobs:
                problem(where, f"needs unknown job {need!r}")

    if name in ("conformance.yml", "conformance.yaml"):
        check_conformance(name, jobs, doc.get("permissions"))


def check_pins(name, path):
    """Each remote `uses:` line names its release tag, on the action's current major or later."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = USES_LINE.match(line)
            if not m or m.group("uses").startswith(("./", "docker://")):
                continue
            action = m.group("uses").split("@")[0]
            tag = TAG.match(m.group("tag") or "")
            if not tag:
                problem(f"{name}:{n}", f"uses {m.group('uses')!r} without its release tag in a comment (# vN.N.N)")
                continue
            current = CURRENT_MAJORS.get(action)
            if current is not None and int(tag.group("major")) < current:
                problem(f"{name}:{n}", f"{action} {m.group('tag')} is older than its current major v{current}")


def check_triggers(name, doc):
    on = doc.get("on", doc.get(True))
    if not isinstance(on, dict) or "push" not in on or "pull_request" not in on:
        return
    push = on.get("push") or {}
    if not any(k in push for k in ("branches", "branches-ignore", "tags")):
        problem(name, "push and pull_request on every branch run twice for a pull request from this "
                      "repository; limit push to branches (e.g. [main])")


def permission(job, doc_permissions, scope):
    perms = job.get("permissions", doc_permissions)
    if perms in ("write-all",):
        return "write"
    return (perms or {}).get(scope) if isinstance(perms, dict) else None


def check_conformance(name, jobs, doc_permissions=None):
    matrix_jobs = {j: job for j, job in jobs.items()
                   if isinstance(job, dict) and (job.get("strategy") or {}).get("matrix")}
    if not matrix_jobs:
        problem(name, "no matrix job")
        return
    for job_id, job in matrix_jobs.items():
        where = f"{name}: matrix job {job_id}"
        runners = runner_values(job)
        for what, accepted in REQUIRED_OSES.items():
            if not runners & accepted:
                problem(where, f"the matrix has no {what} runner ({' or '.join(sorted(accepted))}); it has {sorted(runners)}")
        setup = uses_of(job, "actions/setup-dotnet")
        if not setup or not any((s.get("with") or {}).get("global-json-file") == "global.json" for s in setup):
            problem(where, "does not set up .NET with actions/setup-dotnet and global-json-file: global.json")
        text = steps_text(job)
        if not re.search(r"\./os-conformance test\b", text):
            problem(where, "does not run ./os-conformance test")
        if not re.search(r"\./os-conformance run\b[^\n]*--out", text):
            problem(where, "does not run ./os-conformance run --out ...")
        uploads = uses_of(job, "actions/upload-artifact")
        if not any("results.json" in str((s.get("with") or {}).get("path", "")) for s in uploads):
            problem(where, "does not upload its results.json with actions/upload-artifact")
        if not any("summary.md" in str(s.get("run", "")) and "GITHUB_STEP_SUMMARY" in str(s.get("run", ""))
                   for s in job.get("steps") or [] if isinstance(s, dict)):
            problem(where, "does not write its summary.md to $GITHUB_STEP_SUMMARY")
        reporters = [s for a in TEST_REPORTERS for s in uses_of(job, a)]
        if not any("junit.xml" in str((s.get("with") or {}).get("path", "")) or
                   "junit.xml" in str((s.get("with") or {}).get("report_paths", "")) for s in reporters):
            problem(where, f"does not publish its junit.xml with a test-report action ({', '.join(TEST_REPORTERS)})")
        for s in uses_of(job, "dorny/test-reporter"):
            if (s.get("with") or {}).get("reporter") != "java-junit":
                problem(where, "dorny/test-reporter reads junit.xml only with reporter: java-junit")
        if reporters and permission(job, doc_permissions, "checks") != "write":
            problem(where, "the test-report action needs permissions: checks: write")

    merge_jobs = {j: job for j, job in jobs.items()
                  if isinstance(job, dict) and re.search(r"\./os-conformance merge\b", steps_text(job))}
    if not merge_jobs:
        problem(name, "no job runs ./os-conformance merge")
    for job_id, job in merge_jobs.items():
        where = f"{name}: merge job {job_id}"
        needs = job.get("needs") or []
        needs = [needs] if isinstance(needs, str) else needs
        for m in matrix_jobs:
            if m not in needs:
                problem(where, f"does not need the matrix job {m!r}")
        if not uses_of(job, "actions/download-artifact"):
            problem(where, "does not download the artifacts")
        if not uses_of(job, "actions/upload-artifact"):
            problem(where, "does not upload the merged report")
        if not any("GITHUB_STEP_SUMMARY" in str(s.get("run", "")) and "merged/" in str(s.get("run", ""))
                        for s in job.get("steps") or [] if isinstance(s, dict)):
            problem(where, "does not write the merged Markdown (merged/*.md) to $GITHUB_STEP_SUMMARY")


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        sys.stderr.write(__doc__)
        return 2
    files = sorted(os.path.join(argv[1], f) for f in os.listdir(argv[1])
                   if f.endswith((".yml", ".yaml")))
    if not files:
        problem(argv[1], "no workflow files")
    if not any(os.path.basename(f) in ("conformance.yml", "conformance.yaml") for f in files):
        problem(argv[1], "no conformance.yml")
    for f in files:
        check_file(f)
    for p in problems:
        print(f"check-workflows: {p}")
    print(f"check-workflows: {len(files)} file(s), {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
