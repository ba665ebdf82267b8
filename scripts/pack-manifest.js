#!/usr/bin/env node
// `npm pack` and `npm publish` ship package.json, and with it every script: the packed copy
// leaves out the checkout's own lifecycle scripts (`prepare` builds dist/ after a clone's
// `npm install`; `prepack`/`postpack` run this), which mean nothing in a project that
// installs the package. `strip` (prepack) saves package.json and writes it without them;
// `restore` (postpack) puts the saved copy back. npm reads the manifest it packs after
// prepack, so the build in `prepare` does not run while packing either.
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
const MANIFEST = path.join(ROOT, "package.json");
const SAVED = path.join(ROOT, "node_modules", ".cache", "cisco-edge-pack", "package.json");
const CHECKOUT_ONLY = ["prepare", "prepack", "postpack"];

/** Replaces a file at once (a reader never sees half a package.json). */
function write(file, text) {
  const next = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(next, text);
  fs.renameSync(next, file);
}

function restore() {
  if (!fs.existsSync(SAVED)) return;
  write(MANIFEST, fs.readFileSync(SAVED, "utf8"));
  fs.rmSync(SAVED);
}

const command = process.argv[2];
if (command === "strip") {
  // A pack that died before its postpack left the stripped copy: put the saved one back first.
  restore();
  const text = fs.readFileSync(MANIFEST, "utf8");
  fs.mkdirSync(path.dirname(SAVED), { recursive: true });
  fs.writeFileSync(SAVED, text);
  const manifest = JSON.parse(text);
  for (const name of CHECKOUT_ONLY) delete manifest.scripts[name];
  write(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
} else if (command === "restore") {
  restore();
} else {
  console.error("usage: node scripts/pack-manifest.js strip|restore");
  process.exit(2);
}
