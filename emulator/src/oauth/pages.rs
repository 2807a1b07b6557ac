//! The HTML pages of the authorize flow: login, approval and OAuth error pages. They are plain
//! forms that work without JavaScript and label every control, as Salesforce's pages do.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// The message Salesforce's login page shows for a wrong username or password.
pub const LOGIN_FAILED: &str = "Please check your username and password. If you still can't log in, contact your Salesforce administrator.";

const STYLE: &str = "body{font-family:system-ui,sans-serif;background:#f3f2f2;margin:0}\
main{max-width:24rem;margin:4rem auto;background:#fff;border:1px solid #d8dde6;border-radius:.25rem;padding:1.5rem}\
.brand{color:#0176d3;font-size:1.75rem;font-weight:700;text-align:center;margin-bottom:1rem}\
label{display:block;margin:.75rem 0 .25rem;color:#3e3e3c}\
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #c9c9c9;border-radius:.25rem}\
button{margin-top:1rem;padding:.6rem 1.2rem;border-radius:.25rem;border:1px solid #0176d3;background:#0176d3;color:#fff;font-size:1rem}\
button.secondary{background:#fff;color:#0176d3}\
.error{color:#c23934;border:1px solid #c23934;padding:.5rem;border-radius:.25rem}\
ul{padding-left:1.25rem}";

/// Escapes text for an HTML element or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title}</title><style>{STYLE}</style></head>\
<body><main><div class=\"brand\" aria-hidden=\"true\">salesforce</div>{body}</main></body></html>\n",
        title = escape(title),
    )
}

/// Renders the login form of a pending authorization, with an error above it after a failed
/// attempt.
pub fn login_page(pending_id: &str, username: &str, error: Option<&str>) -> Response {
    let error_html = error
        .map(|message| {
            format!(
                "<div id=\"error\" class=\"error\" role=\"alert\">{}</div>",
                escape(message)
            )
        })
        .unwrap_or_default();
    let body = format!(
        "<h1>Log In</h1>{error_html}\
<form method=\"post\" action=\"/login\">\
<input type=\"hidden\" name=\"pending\" value=\"{pending}\">\
<label for=\"username\">Username</label>\
<input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" value=\"{username}\" required>\
<label for=\"password\">Password</label>\
<input type=\"password\" id=\"password\" name=\"pw\" autocomplete=\"current-password\" required>\
<button type=\"submit\" id=\"Login\">Log In</button>\
</form>",
        pending = escape(pending_id),
        username = escape(username),
    );
    Html(page("Login | Salesforce", &body)).into_response()
}

/// Renders the approval page naming the app, the user and the requested scopes.
pub fn approval_page(
    pending_id: &str,
    app_name: &str,
    username: &str,
    scopes: &[String],
) -> Response {
    // Several scopes share one label (`refresh_token` and `offline_access`), which is listed once.
    let mut labels: Vec<String> = Vec::new();
    for scope in scopes {
        let label = scope_label(scope);
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    let items: String = labels
        .iter()
        .map(|label| format!("<li>{}</li>", escape(label)))
        .collect();
    let body = format!(
        "<h1>Allow Access?</h1>\
<p><strong>{app}</strong> is asking to:</p><ul>{items}</ul>\
<p>Do you want to allow access for {user}?</p>\
<form method=\"post\" action=\"/setup/secur/RemoteAccessAuthorizationPage.apexp\">\
<input type=\"hidden\" name=\"pending\" value=\"{pending}\">\
<button type=\"submit\" class=\"secondary\" name=\"decision\" value=\"deny\">Deny</button> \
<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>\
</form>",
        app = escape(app_name),
        user = escape(username),
        pending = escape(pending_id),
    );
    Html(page("Allow Access? | Salesforce", &body)).into_response()
}

/// Renders an OAuth error on Salesforce's own page, for errors that cannot be sent to the
/// callback (an unregistered `redirect_uri`, an expired login form).
pub fn error_page(status: StatusCode, error: &str, description: &str) -> Response {
    let body = format!(
        "<h1>OAuth Error</h1>\
<p>We can't authorize you because of an OAuth error. For more information, contact your Salesforce administrator.</p>\
<p id=\"oauth-error\">error={error}&amp;error_description={description}</p>",
        error = escape(error),
        description = escape(description),
    );
    (status, Html(page("OAuth Error | Salesforce", &body))).into_response()
}

/// Renders the page Salesforce shows for a My Domain that does not exist.
pub fn unknown_domain_page() -> Response {
    let body = "<h1>URL No Longer Exists</h1>\
<p>You have attempted to reach a URL that no longer exists on salesforce.com.</p>";
    (
        StatusCode::NOT_FOUND,
        Html(page("URL No Longer Exists", body)),
    )
        .into_response()
}

/// Returns the label Salesforce shows for a scope on the approval page.
pub fn scope_label(scope: &str) -> String {
    let label = match scope {
        "id" => "Access the identity URL service (id, profile, email, address, phone)",
        "api" => "Manage user data via APIs (api)",
        "refresh_token" | "offline_access" => {
            "Perform requests at any time (refresh_token, offline_access)"
        }
        "full" => "Full access (full)",
        "web" => "Manage user data via Web browsers (web)",
        "openid" => "Access unique user identifiers (openid)",
        "profile" | "email" | "address" | "phone" => {
            "Access the identity URL service (id, profile, email, address, phone)"
        }
        "chatter_api" => "Access Connect REST API resources (chatter_api)",
        "visualforce" => "Access Visualforce applications (visualforce)",
        other => return other.to_owned(),
    };
    label.to_owned()
}
