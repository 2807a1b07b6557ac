// The demo org's credentials, read from the emulator's `demo` module so that they are defined once.
import { inlineModuleBody, readStringConstant, readWorkspaceFile } from "./rust-constants";

/** The constants of `emulator::demo` that the suite connects with. */
export interface DemoOrg {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  orgDomain: string;
}

/** Returns the source of `emulator::demo`, whether it is inline in lib.rs or in its own file. */
function readDemoModule(): string {
  const library = readWorkspaceFile("emulator/src/lib.rs");
  if (/^\s*pub mod demo;/m.test(library)) {
    return readWorkspaceFile("emulator/src/demo.rs");
  }
  const body = inlineModuleBody(library, "demo");
  if (body === undefined) {
    throw new Error("emulator/src/lib.rs has no `pub mod demo`, so the demo org's credentials are unknown");
  }
  return body;
}

function loadDemoOrg(): DemoOrg {
  const source = readDemoModule();
  const where = "emulator::demo";
  return {
    clientId: readStringConstant(source, "CLIENT_ID", where),
    clientSecret: readStringConstant(source, "CLIENT_SECRET", where),
    username: readStringConstant(source, "USERNAME", where),
    password: readStringConstant(source, "PASSWORD", where),
    orgDomain: readStringConstant(source, "ORG_DOMAIN", where),
  };
}

export const demoOrg: DemoOrg = loadDemoOrg();
