// The settings the extension sends to the server, derived from package.json so the two never drift:
// every `gotestsmells.*` property goes to the server except the ones only the extension reads.
// No `vscode` import here: tests/editors/test_vscode_settings.py runs this module under plain node.

/** Settings the extension itself uses to start and trace the server; never sent. */
export const CLIENT_ONLY = new Set(["path", "interpreter", "trace.server"]);

/** What editors should pick: VS Code shows pushed and pulled diagnostics separately (twice), so push only. */
export const DIAGNOSTIC_MODE = "push";

interface PackageJson {
  contributes: { configuration: { properties: Record<string, unknown> } };
}

/** The keys (without the `gotestsmells.` prefix) the server receives, in package.json order. */
export function serverKeys(pkg: PackageJson): string[] {
  return Object.keys(pkg.contributes.configuration.properties)
    .filter((k) => k.startsWith("gotestsmells."))
    .map((k) => k.slice("gotestsmells.".length))
    .filter((k) => !CLIENT_ONLY.has(k));
}

/** The object the server reads under `gotestsmells` (didChangeConfiguration, workspace/configuration).
 * `get(key)` returns the effective value of `gotestsmells.<key>`; null/undefined values are left out so the
 * server (and gotestsmells.toml) keep their defaults. */
export function serverSettings(pkg: PackageJson, get: (key: string) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of serverKeys(pkg)) {
    const value = get(key);
    if (value !== undefined && value !== null) {
      out[key] = value;
    }
  }
  return out;
}

/** initializationOptions: the settings plus what only the server reads at start. */
export function initializationOptions(
  pkg: PackageJson,
  get: (key: string) => unknown,
): Record<string, unknown> {
  return { gotestsmells: { ...serverSettings(pkg, get), diagnosticMode: DIAGNOSTIC_MODE } };
}
