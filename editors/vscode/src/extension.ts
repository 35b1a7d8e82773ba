// gotestsmells for VS Code: starts `gotestsmells serve` and connects it with vscode-languageclient.
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

import { resolveServer } from "./command";
import { initializationOptions, serverSettings } from "./settings";

const ID = "gotestsmells";
const INSTALL_ACTION = "How to install";
const SETTINGS_ACTION = "Open settings";

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
let starting: Promise<void> | undefined;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function packageJson(context: vscode.ExtensionContext): any {
  return context.extension.packageJSON;
}

function getter(scope?: vscode.ConfigurationScope): (key: string) => unknown {
  const cfg = vscode.workspace.getConfiguration(ID, scope);
  return (key: string) => cfg.get(key);
}

/** The scope settings are read for: the first workspace folder, so folder settings apply. */
function defaultScope(): vscode.ConfigurationScope | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function showNotFound(reason: string): Promise<void> {
  output?.error(reason);
  const choice = await vscode.window.showErrorMessage(
    `gotestsmells: ${reason} Install it with "pip install gotestsmells" (or pipx), or set gotestsmells.path.`,
    INSTALL_ACTION,
    SETTINGS_ACTION,
  );
  if (choice === INSTALL_ACTION) {
    const ext = vscode.extensions.getExtension(`${ID}.${ID}`);
    // vsce stores the README as readme.md; a development checkout has README.md.
    for (const name of ["readme.md", "README.md"]) {
      const readme = ext ? vscode.Uri.joinPath(ext.extensionUri, name) : undefined;
      if (readme && (await exists(readme))) {
        await vscode.commands.executeCommand("markdown.showPreview", readme);
        return;
      }
    }
  } else if (choice === SETTINGS_ACTION) {
    await vscode.commands.executeCommand("workbench.action.openSettings", "gotestsmells.");
  }
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const pkg = packageJson(context);
  const cfg = vscode.workspace.getConfiguration(ID, defaultScope());
  const resolved = resolveServer(cfg.get<string>("path") ?? "", cfg.get<string>("interpreter") ?? "");
  if (!resolved.ok) {
    void showNotFound(resolved.reason);
    return;
  }
  const { command, args, origin } = resolved.cmd;
  output?.info(`starting ${command} ${args.join(" ")} (from ${origin})`);
  // No `transport`: TransportKind.stdio would append `--stdio`, which `gotestsmells serve` does not take.
  const serverOptions: ServerOptions = { run: { command, args }, debug: { command, args } };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "go" },
      { scheme: "untitled", language: "go" },
    ],
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: initializationOptions(pkg, getter(defaultScope())),
    middleware: {
      workspace: {
        // The server asks for section "gotestsmells": answer with exactly what we send on changes.
        configuration: async (params, token, next) => {
          const results = await next(params, token);
          if (!Array.isArray(results)) {
            return results;
          }
          return params.items.map((item, i) => {
            if (item.section !== ID) {
              return results[i];
            }
            const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : defaultScope();
            return serverSettings(pkg, getter(scope));
          });
        },
      },
    },
  };
  const c = new LanguageClient(ID, "gotestsmells", serverOptions, clientOptions);
  client = c;
  try {
    await c.start();
  } catch (e) {
    output?.error(`the server failed to start: ${e}`);
    void vscode.window.showErrorMessage(
      `gotestsmells: the server (${command} ${args.join(" ")}) failed to start; see the output channel.`,
      "Show output",
    ).then((choice) => choice && output?.show());
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(5000);
    } catch (e) {
      output?.warn(`stopping the server: ${e}`);
    }
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  // Serialize restarts: a second one waits for the first.
  const previous = starting ?? Promise.resolve();
  starting = previous.then(async () => {
    await stopClient();
    await startClient(context);
  });
  await starting;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("gotestsmells", { log: true });
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand("gotestsmells.restart", async () => {
      output?.info("restarting the server");
      await restart(context);
    }),
    vscode.commands.registerCommand("gotestsmells.showOutput", () => output?.show()),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("gotestsmells.path") || e.affectsConfiguration("gotestsmells.interpreter")) {
        output?.info("gotestsmells.path or gotestsmells.interpreter changed: restarting the server");
        await restart(context);
        return;
      }
      if (e.affectsConfiguration(ID) && client?.isRunning()) {
        const settings = serverSettings(packageJson(context), getter(defaultScope()));
        output?.info(`settings changed: ${JSON.stringify(settings)}`);
        await client.sendNotification(DidChangeConfigurationNotification.type, { settings: { [ID]: settings } });
      }
    }),
  );
  await restart(context);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
