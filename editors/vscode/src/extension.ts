// VS Code client for `erlint lsp`: starts the language server for Bicep, ARM JSON and Terraform
// files and restarts it on `erlint.restart` or when `erlint.path` / `erlint.args` change.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
let clientDisposables: vscode.Disposable[] = [];
let output: vscode.OutputChannel | undefined;

// Which documents the server sees. erlint itself decides whether a JSON file is an ARM template or
// parameters file (by its $schema) and ignores other JSON, so every *.json / *.jsonc file goes to it,
// whatever language the editor gave it (json, jsonc, or arm-template from the ARM Tools extension).
export const documentSelector = [
  { scheme: 'file', language: 'bicep' },
  { scheme: 'file', language: 'bicep-params' },
  { scheme: 'file', pattern: '**/*.{bicep,bicepparam}' },
  { scheme: 'file', language: 'terraform' },
  { scheme: 'file', language: 'terraform-vars' },
  { scheme: 'file', pattern: '**/*.{tf,tfvars}' },
  { scheme: 'file', language: 'json', pattern: '**/*.{json,jsonc}' },
  { scheme: 'file', language: 'jsonc', pattern: '**/*.{json,jsonc}' },
  { scheme: 'file', language: 'arm-template', pattern: '**/*.{json,jsonc}' },
];

export function serverOptions(config: vscode.WorkspaceConfiguration): ServerOptions {
  const command = config.get<string>('path', 'erlint').trim() || 'erlint';
  const extra = config.get<unknown>('args', []);
  const args = Array.isArray(extra) ? extra.map(String) : [];
  // No `transport` here: the client would append `--stdio`; stdio is erlint's default anyway.
  return { command, args: ['lsp', ...args] };
}

async function startClient(): Promise<void> {
  const config = vscode.workspace.getConfiguration('erlint');
  const server = serverOptions(config);
  clientDisposables = [
    vscode.workspace.createFileSystemWatcher('**/*.{bicep,bicepparam,tf,tfvars,json,jsonc}'),
    vscode.workspace.createFileSystemWatcher('**/.erlint.yaml'),
  ];
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    synchronize: {
      configurationSection: 'erlint',
      fileEvents: clientDisposables as vscode.FileSystemWatcher[],
    },
  };
  client = new LanguageClient('erlint', 'erlint', server, clientOptions);
  try {
    await client.start();
  } catch (error) {
    const { command, args } = server as { command: string; args: string[] };
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(
      `erlint: could not start \`${[command, ...args].join(' ')}\` (${message}). Set "erlint.path" to the erlint program.`,
    );
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  try {
    await running?.dispose(); // shutdown + exit when the server runs
  } catch {
    // It never started or has already exited: there is nothing left to stop.
  } finally {
    for (const disposable of clientDisposables) disposable.dispose();
    clientDisposables = [];
  }
}

async function restartClient(): Promise<void> {
  await stopClient();
  await startClient();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('erlint');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('erlint.restart', restartClient),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('erlint.path') || event.affectsConfiguration('erlint.args')) void restartClient();
    }),
  );
  await startClient();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
