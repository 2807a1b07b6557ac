//! An alert that shows an [`AppError`] with its Salesforce code and hint.

use leptos::prelude::*;

use crate::error::AppError;

/// Shows an error as an alert: the message, and for Salesforce errors the `errorCode`, the
/// message Salesforce returned and what to do next.
#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    let body = match &error {
        AppError::Salesforce { title, hint, error_code, message } => view! {
            <p class="error-title">
                {error_code.clone().map(|code| view! { <code class="error-code">{code}</code> " " })}
                {title.clone()}
            </p>
            {message.clone().map(|message| view! { <pre class="error-message">{message}</pre> })}
            <p class="error-hint">{hint.clone()}</p>
        }
        .into_any(),
        other => view! { <p class="error-title">{other.to_string()}</p> }.into_any(),
    };
    view! { <div role="alert" class="error-box">{body}</div> }
}
