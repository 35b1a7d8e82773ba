// How the server is started: `gotestsmells.path`, else `gotestsmells.interpreter -m gotestsmells`, else
// `gotestsmells` from PATH.  No `vscode` import, so it can be tested under plain node.
import * as fs from "fs";
import * as path from "path";

export interface ServerCommand {
  command: string;
  args: string[];
  /** Where the command came from, for messages. */
  origin: "gotestsmells.path" | "gotestsmells.interpreter" | "PATH";
}

export type Resolution = { ok: true; cmd: ServerCommand } | { ok: false; reason: string };

function isExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) {
      return false;
    }
    if (process.platform === "win32") {
      return true;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `which`: the first executable `name` on PATH. */
export function findOnPath(name: string, envPath: string | undefined = process.env.PATH): string | undefined {
  const exts = process.platform === "win32" ? (process.env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
  for (const dir of (envPath ?? "").split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    for (const ext of exts) {
      const cand = path.join(dir, name + ext);
      if (isExecutable(cand)) {
        return cand;
      }
    }
  }
  return undefined;
}

function expandHome(p: string): string {
  if (p === "~" || p.startsWith("~/")) {
    return path.join(process.env.HOME ?? "", p.slice(1));
  }
  return p;
}

export function resolveServer(setPath: string, interpreter: string, envPath?: string): Resolution {
  const p = expandHome(setPath.trim());
  if (p) {
    const exe = path.isAbsolute(p) || !p.includes(path.sep) ? p : path.resolve(p);
    const found = path.isAbsolute(exe) ? (isExecutable(exe) ? exe : undefined) : findOnPath(exe, envPath);
    if (!found) {
      return { ok: false, reason: `gotestsmells.path is set to "${setPath}", which is not an executable file.` };
    }
    return { ok: true, cmd: { command: found, args: ["serve"], origin: "gotestsmells.path" } };
  }
  const py = expandHome(interpreter.trim());
  if (py) {
    const found = path.isAbsolute(py) ? (isExecutable(py) ? py : undefined) : findOnPath(py, envPath);
    if (!found) {
      return {
        ok: false,
        reason: `gotestsmells.interpreter is set to "${interpreter}", which is not an executable file.`,
      };
    }
    return { ok: true, cmd: { command: found, args: ["-m", "gotestsmells", "serve"], origin: "gotestsmells.interpreter" } };
  }
  const onPath = findOnPath("gotestsmells", envPath);
  if (onPath) {
    return { ok: true, cmd: { command: onPath, args: ["serve"], origin: "PATH" } };
  }
  return {
    ok: false,
    reason: "The gotestsmells language server was not found: it is not on PATH, and neither gotestsmells.path nor gotestsmells.interpreter is set.",
  };
}
