#!/usr/bin/env node
// Biome's formatter wraps code at 120 columns but never splits a string literal, so
// long messages would slip through: this fails on any tracked source line past the limit.
const { execFileSync } = require("node:child_process");
const { readFileSync } = require("node:fs");

const limit = Number(process.argv[2] ?? 120);
const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts", "*.js"], {
  encoding: "utf8",
})
  .split("\n")
  .filter((f) => f !== "" && !f.endsWith(".generated.ts"));
const long = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    continue; // deleted in the working tree
  }
  text.split("\n").forEach((line, index) => {
    if (line.length > limit) long.push(`${file}:${index + 1}: ${line.length} columns`);
  });
}
if (long.length > 0) {
  console.error(`${long.length} line(s) longer than ${limit} columns:\n${long.join("\n")}`);
  process.exit(1);
}
