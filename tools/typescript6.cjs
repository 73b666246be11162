/**
 * Preload (`node -r ./tools/typescript6.cjs <tool>`): makes the tools that parse TypeScript through the
 * compiler's JS API (dependency-cruiser's `tsc` parser, typedoc) load TypeScript 6.0.3, installed as the
 * npm alias `typescript6`, when they ask for `typescript`. The project itself compiles with TypeScript 7
 * (native), whose package has no JS API: `require('typescript')` returns only a version string, and
 * dependency-cruiser then falls back to a JavaScript parser that reads almost no file.
 *
 * Both module systems are redirected: CommonJS `require` (dependency-cruiser reads the version from
 * `typescript/package.json` through `createRequire`) by wrapping `Module._resolveFilename`, and ESM
 * `import` (both tools import `typescript` itself) by a resolve hook (`module.register`, Node >= 20.6).
 * Only the bare name `typescript` and its subpaths are mapped; `tsc` and the project's build are untouched.
 */
'use strict';
const Module = require('node:module');

const FROM = 'typescript';
const TO = 'typescript6';

/** `typescript` or `typescript/...` -> the same under `typescript6`; anything else unchanged. */
function mapped(specifier) {
  return specifier === FROM || specifier.startsWith(FROM + '/') ? TO + specifier.slice(FROM.length) : specifier;
}

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, mapped(request), ...rest);
};

const hook = `const m = ${mapped.toString()}; const FROM = ${JSON.stringify(FROM)}, TO = ${JSON.stringify(TO)};
export async function resolve(specifier, context, next) { return next(m(specifier), context); }`;
Module.register('data:text/javascript,' + encodeURIComponent(hook));
