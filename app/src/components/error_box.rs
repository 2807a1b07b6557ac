//! An alert that shows an [`AppError`] with its Salesforce code and hint.

use leptos::prelude::*;

use crate::error::AppError;

/// Shows an error as an alert: the message, and for Salesforce errors the `errorCode`, the
/// message Salesforce returned and what to do next.
#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    let body = match &error {
        AppError::Salesforce { title, hint, error_code, message, position, .. } => view! {
            <p class="error-title">
                {error_code.clone().map(|code| view! { <code class="error-code">{code}</code> " " })}
                {title.clone()}
            </p>
            {message.clone().map(|message| view! { <pre class="error-message">{message}</pre> })}
            {position.map(|at| view! {
                <p class="error-position">{format!("At row {}, column {} of the query.", at.row, at.column)}</p>
            })}
            <p class="error-hint">{hint.clone()}</p>
        }
        .into_any(),
        // The session can end while a page is open, and the link returns to this page after sign-in.
        AppError::Unauthorized => {
            let sign_in = format!("/sign-in?next={}", leptos_router::hooks::use_location().pathname.get_untracked());
            view! {
                <p class="error-title">{error.to_string()}</p>
                <p class="error-hint"><a href=sign_in rel="external">"Sign in"</a></p>
            }
            .into_any()
        }
        other => view! { <p class="error-title">{other.to_string()}</p> }.into_any(),
    };
    view! { <div role="alert" class="error-box">{body}</div> }
}
