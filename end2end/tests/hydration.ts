// Waits for the console's WebAssembly to start, so that tests type only into hydrated pages.
//
// Leptos loads the wasm module with a dynamic import that the page's load event does not wait
// for, and text typed before hydration is overwritten when the inputs' values are hydrated.
import type { Page } from "@playwright/test";

const startedFlag = "__consoleWasmStarted";

/**
 * Wraps WebAssembly.instantiate and instantiateStreaming in every document that `page` opens,
 * so that the document sets a flag once the module is instantiated.
 */
export async function installHydrationProbe(page: Page): Promise<void> {
  await page.addInitScript((flag: string) => {
    const flags = window as unknown as Record<string, boolean>;
    // wasm-bindgen's loader calls the app's `hydrate` in promise callbacks right after
    // instantiation, and promise callbacks all run before a timer fires, so a zero timer sets
    // the flag after hydration has run.
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

/** Waits until the document open in `page` has instantiated the console's wasm module. */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(
    (flag: string) => (window as unknown as Record<string, boolean>)[flag] === true,
    startedFlag,
  );
}
