// The demo org's credentials, read from the emulator's `demo` module so they are defined once.
import { readFileSync } from "node:fs";
import path from "node:path";

/** The constants of `emulator::demo` that the suite signs in with. */
export interface DemoOrg {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  orgDomain: string;
}

const emulatorSource = path.resolve(__dirname, "../../emulator/src");

/** Returns the source text of `pub mod demo`, whether it is inline in lib.rs or in its own file. */
function readDemoModule(): string {
  const libraryPath = path.join(emulatorSource, "lib.rs");
  const library = readFileSync(libraryPath, "utf8");

  if (/^\s*pub mod demo;/m.test(library)) {
    const filePath = path.join(emulatorSource, "demo.rs");
    return readFileSync(filePath, "utf8");
  }

  const start = library.search(/^\s*pub mod demo\s*\{/m);
  if (start === -1) {
    throw new Error(`${libraryPath} has no \`pub mod demo\`, so the demo org's credentials are unknown`);
  }
  // The module ends at the brace that closes the one opening it.
  const open = library.indexOf("{", start);
  let depth = 0;
  for (let index = open; index < library.length; index += 1) {
    if (library[index] === "{") {
      depth += 1;
    } else if (library[index] === "}") {
      depth -= 1;
      if (depth === 0) {
        return library.slice(open + 1, index);
      }
    }
  }
  throw new Error(`${libraryPath}: \`pub mod demo\` has no closing brace`);
}

/** Returns the value of `pub const NAME: &str = "...";` in `source`. */
function readStringConstant(source: string, name: string): string {
  const pattern = new RegExp(`pub const ${name}\\s*:\\s*&(?:'static\\s+)?str\\s*=\\s*"([^"]*)"\\s*;`);
  const match = pattern.exec(source);
  if (match === null) {
    throw new Error(`emulator::demo has no string constant ${name}`);
  }
  const value = match[1];
  // Escapes would need Rust's unescaping rules, and a credential has no need for them.
  if (value.includes("\\")) {
    throw new Error(`emulator::demo::${name} contains a backslash escape, which this reader does not decode`);
  }
  return value;
}

function loadDemoOrg(): DemoOrg {
  const source = readDemoModule();
  return {
    clientId: readStringConstant(source, "CLIENT_ID"),
    clientSecret: readStringConstant(source, "CLIENT_SECRET"),
    username: readStringConstant(source, "USERNAME"),
    password: readStringConstant(source, "PASSWORD"),
    orgDomain: readStringConstant(source, "ORG_DOMAIN"),
  };
}

export const demoOrg: DemoOrg = loadDemoOrg();
