// Reads string constants out of the workspace's Rust sources, so that the suite and the Rust
// code define each demo credential once.
import { readFileSync } from "node:fs";
import path from "node:path";

/** The workspace root: end2end/ sits directly inside it. */
const workspaceRoot = path.resolve(__dirname, "../..");

/** Returns the text of `relativePath`, a file of the workspace such as `emulator/src/lib.rs`. */
export function readWorkspaceFile(relativePath: string): string {
  return readFileSync(path.join(workspaceRoot, relativePath), "utf8");
}

/**
 * Returns the body of `pub mod NAME { ... }` in `source`, or undefined when `source` declares no
 * such inline module.
 */
export function inlineModuleBody(source: string, name: string): string | undefined {
  const start = source.search(new RegExp(`^\\s*pub mod ${name}\\s*\\{`, "m"));
  if (start === -1) {
    return undefined;
  }
  // The module ends at the brace that closes the one opening it.
  const open = source.indexOf("{", start);
  let depth = 0;
  for (let index = open; index < source.length; index += 1) {
    if (source[index] === "{") {
      depth += 1;
    } else if (source[index] === "}") {
      depth -= 1;
      if (depth === 0) {
        return source.slice(open + 1, index);
      }
    }
  }
  throw new Error(`pub mod ${name} has no closing brace`);
}

/** Returns the value of `pub const NAME: &str = "...";` in `source`, which `where` names. */
export function readStringConstant(source: string, name: string, where: string): string {
  const pattern = new RegExp(`pub const ${name}\\s*:\\s*&(?:'static\\s+)?str\\s*=\\s*"([^"]*)"\\s*;`);
  const match = pattern.exec(source);
  if (match === null) {
    throw new Error(`${where} has no string constant ${name}`);
  }
  const value = match[1];
  // Escapes would need Rust's unescaping rules, and a credential has no need for them.
  if (value.includes("\\")) {
    throw new Error(`${where}: ${name} contains a backslash escape, which this reader does not decode`);
  }
  return value;
}
