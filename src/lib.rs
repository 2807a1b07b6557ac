//! Browser entry: hydrates the server-rendered console so its pages become interactive.

// Leptos views nest deeply in their types; release builds without erased components need
// a higher limit than the default 128 to name them.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
