// Loads the packaged extension (the `extension/` folder of the .vsix, unpacked) under node with a
// stub `vscode` module and checks what activate() does: the real vscode-languageclient from the
// package must load, and the LanguageClient it constructs runs `erlint lsp` for Bicep, Terraform
// and JSON files, restarts with new settings, and is disposed on deactivate().
//   node vscode_activate_check.js EXTENSION_DIR
'use strict';
const Module = require('module');
const path = require('path');
const assert = require('assert/strict');

const extensionDir = path.resolve(process.argv[2]);
let passed = 0;
let failed = 0;
function check(name, fn) {
  try {
    fn();
    passed++;
    console.log(`ok ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}: ${error.message}`);
  }
}

// --- a stub of the parts of the VS Code API the extension and vscode-languageclient touch.
const settings = {};
const registeredCommands = new Map();
const configListeners = [];
const errors = [];
const watchers = [];
const disposable = () => ({ dispose() {} });
// Names the library only reads at load time (enums, classes): anything callable and constructible.
function anything(name) {
  const target = function () {};
  return new Proxy(target, {
    get: (t, key) => (key === Symbol.toPrimitive ? () => name : key in t ? t[key] : anything(`${name}.${String(key)}`)),
    apply: () => anything(`${name}()`),
    construct: () => anything(`new ${name}`),
  });
}
const vscodeApi = {
  workspace: {
    getConfiguration(section) {
      assert.equal(section, 'erlint');
      return { get: (key, fallback) => (key in settings ? settings[key] : fallback) };
    },
    createFileSystemWatcher(glob) {
      const watcher = { glob, disposed: false, dispose() { this.disposed = true; } };
      watchers.push(watcher);
      return watcher;
    },
    onDidChangeConfiguration(listener) {
      configListeners.push(listener);
      return disposable();
    },
  },
  window: {
    createOutputChannel: (name) => ({ name, append() {}, appendLine() {}, show() {}, dispose() {} }),
    showErrorMessage: (message) => { errors.push(message); return Promise.resolve(undefined); },
  },
  commands: {
    registerCommand(id, fn) {
      registeredCommands.set(id, fn);
      return disposable();
    },
  },
};
const vscode = new Proxy(vscodeApi, { get: (t, key) => (key in t ? t[key] : anything(`vscode.${String(key)}`)) });

const originalLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  return originalLoad.call(this, request, parent, isMain);
};

// --- the real library from the package; its LanguageClient is replaced by a recorder so no
// server process is started (tests/lsp drives the real server).
let library;
check('vscode-languageclient/node loads from the packaged node_modules', () => {
  library = require(require.resolve('vscode-languageclient/node', { paths: [extensionDir] }));
  assert.equal(typeof library.LanguageClient, 'function');
  assert.ok(require.resolve('vscode-languageclient/node', { paths: [extensionDir] }).startsWith(extensionDir));
});
if (!library) {
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
}
const clients = [];
library.LanguageClient = class RecordingClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions, started: false, disposed: false });
    clients.push(this);
  }
  start() { this.started = true; return Promise.resolve(); }
  stop() { return Promise.resolve(); }
  dispose() { this.disposed = true; return Promise.resolve(); }
  isRunning() { return this.started && !this.disposed; }
};

const extension = require(path.join(extensionDir, require(path.join(extensionDir, 'package.json')).main));
const context = { subscriptions: [] };
const changeOf = (...keys) => ({ affectsConfiguration: (key) => keys.includes(key) });

(async () => {
  await extension.activate(context);
  const first = clients[0];
  check('activate() starts one LanguageClient with id erlint', () => {
    assert.equal(clients.length, 1);
    assert.equal(first.id, 'erlint');
    assert.equal(first.started, true);
  });
  check('the server is `erlint lsp` over stdio', () => {
    assert.deepEqual(first.serverOptions, { command: 'erlint', args: ['lsp'] });
  });
  check('documents: Bicep, Terraform and JSON files on disk', () => {
    const selector = first.clientOptions.documentSelector;
    for (const entry of selector) assert.equal(entry.scheme, 'file');
    const languages = selector.map((entry) => entry.language).filter(Boolean);
    for (const language of ['bicep', 'terraform', 'json', 'jsonc']) assert.ok(languages.includes(language), language);
    const patterns = selector.map((entry) => entry.pattern).filter(Boolean).join(' ');
    for (const extension of ['bicep', 'bicepparam', 'tf', 'tfvars', 'json']) assert.match(patterns, new RegExp(`\\b${extension}\\b`));
  });
  check('synchronizes the erlint settings and watches the files and .erlint.yaml', () => {
    assert.equal(first.clientOptions.synchronize.configurationSection, 'erlint');
    const globs = first.clientOptions.synchronize.fileEvents.map((watcher) => watcher.glob);
    assert.ok(globs.includes('**/.erlint.yaml'), globs.join(' '));
    assert.ok(globs.some((glob) => /bicep/.test(glob) && /tfvars/.test(glob) && /json/.test(glob)), globs.join(' '));
  });
  check('registers erlint.restart', () => assert.equal(typeof registeredCommands.get('erlint.restart'), 'function'));

  settings.path = '/opt/erlint/bin/erlint';
  settings.args = ['--debounce-ms', '300'];
  for (const listener of configListeners) listener(changeOf('editor.fontSize'));
  await new Promise((resolve) => setImmediate(resolve));
  check('an unrelated setting does not restart the server', () => assert.equal(clients.length, 1));
  for (const listener of configListeners) listener(changeOf('erlint.args', 'erlint'));
  await new Promise((resolve) => setTimeout(resolve, 10));
  check('changing erlint.args restarts with erlint.path and the new arguments', () => {
    assert.equal(clients.length, 2);
    assert.equal(first.disposed, true);
    assert.deepEqual(clients[1].serverOptions, { command: '/opt/erlint/bin/erlint', args: ['lsp', '--debounce-ms', '300'] });
    assert.equal(clients[1].started, true);
  });
  await registeredCommands.get('erlint.restart')();
  check('erlint.restart replaces the client and disposes the old watchers', () => {
    assert.equal(clients.length, 3);
    assert.equal(clients[1].disposed, true);
    assert.equal(watchers.filter((watcher) => !watcher.disposed).length, 2);
  });
  await extension.deactivate();
  check('deactivate() disposes the client and its watchers', () => {
    assert.equal(clients[2].disposed, true);
    assert.equal(watchers.filter((watcher) => !watcher.disposed).length, 0);
  });
  check('no error was shown', () => assert.deepEqual(errors, []));
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
})().catch((error) => {
  console.log(`FAIL ${error.stack}`);
  process.exit(1);
});
