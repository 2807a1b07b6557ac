// Waits for the console's WebAssembly to start, so that tests type only into hydrated pages.
//
// Leptos loads the wasm module with a dynamic import that the page's load event does not wait
// for, and text typed before hydration is overwritten when the inputs' values are hydrated.
import type { Page } from "@playwright/test";

const startedFlag = "__consoleWasmStarted";

/** The pages whose documents already get the probe, so that installing it twice is harmless. */
const probedPages = new WeakSet<Page>();

/**
 * Wraps WebAssembly.instantiate and instantiateStreaming in every document that `page` opens,
 * so that the document sets a flag once the module is instantiated.
 */
export async function installHydrationProbe(page: Page): Promise<void> {
  if (probedPages.has(page)) {
    return;
  }
  probedPages.add(page);
  await page.addInitScript((flag: string) => {
    const flags = window as unknown as Record<string, boolean>;
    // wasm-bindgen's loader calls the app's `hydrate` in promise callbacks right after
    // instantiation, and promise callbacks all run before a timer fires, so a zero timer sets
    // the flag after hydration has run.
    // NOTE: work that hydration itself defers to a later timer could still be pending then.
    const markStarted = () => {
      setTimeout(() => {
        flags[flag] = true;
      }, 0);
    };
    const instantiateStreaming = WebAssembly.instantiateStreaming.bind(WebAssembly);
    WebAssembly.instantiateStreaming = async (...args) => {
      const result = await instantiateStreaming(...args);
      markStarted();
      return result;
    };
    const instantiate = WebAssembly.instantiate.bind(WebAssembly) as (
      ...args: unknown[]
    ) => Promise<unknown>;
    WebAssembly.instantiate = (async (...args: unknown[]) => {
      const result = await instantiate(...args);
      markStarted();
      return result;
    }) as typeof WebAssembly.instantiate;
  }, startedFlag);
}

const hydrationTimeoutMs = 30_000;

/**
 * Waits until the document open in `page` has instantiated the console's wasm module, and
 * throws when that takes longer than 30 seconds, as when the module fails to load.
 */
export async function waitForHydration(page: Page): Promise<void> {
  try {
    await page.waitForFunction(
      (flag: string) => (window as unknown as Record<string, boolean>)[flag] === true,
      startedFlag,
      { timeout: hydrationTimeoutMs },
    );
  } catch (error) {
    throw new Error(
      `${page.url()} did not instantiate its wasm module within ${hydrationTimeoutMs} ms, so the page never hydrated`,
      { cause: error },
    );
  }
}
