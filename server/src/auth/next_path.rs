//! The page to return to after sign-in: only a path on the console itself, so a crafted
//! `next` cannot send a user elsewhere (an open redirect).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// The characters escaped when a path is put into `?next=`: everything but letters, digits and
/// the unreserved path characters.
const NEXT_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The page that a sign-in without a usable `next` returns to.
pub const DEFAULT_NEXT: &str = "/";

/// Returns `next` when it is a path on this site: it starts with exactly one `/`, holds only
/// printable ASCII without `\`, and is not the sign-in page itself. Anything else returns `None`.
///
/// This rejects `//evil.example` and `/\evil.example` (browsers read both as another host),
/// absolute URLs such as `https://evil.example`, and text with control characters that could
/// split a header.
pub fn safe_next(next: &str) -> Option<&str> {
    let mut characters = next.chars();
    if characters.next() != Some('/') {
        return None;
    }
    if matches!(characters.next(), Some('/' | '\\')) {
        return None;
    }
    if !next
        .chars()
        .all(|character| character.is_ascii_graphic() && character != '\\')
    {
        return None;
    }
    let path = next.split(['?', '#']).next().unwrap_or_default();
    if path == "/sign-in" {
        return None;
    }
    Some(next)
}

/// The sign-in page's URL, with the query of a failed attempt (such as `error=incorrect`) and
/// the page to return to. A `next` of `/` or one that [`safe_next`] rejects is left out.
pub fn sign_in_url(error_query: Option<&str>, next: Option<&str>) -> String {
    let next = next
        .filter(|next| *next != DEFAULT_NEXT)
        .and_then(safe_next);
    let mut parameters = Vec::new();
    if let Some(error_query) = error_query {
        parameters.push(error_query.to_string());
    }
    if let Some(next) = next {
        parameters.push(format!("next={}", utf8_percent_encode(next, NEXT_VALUE)));
    }
    if parameters.is_empty() {
        "/sign-in".to_string()
    } else {
        format!("/sign-in?{}", parameters.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn console_paths_are_kept() {
        for next in [
            "/",
            "/environments/development/integrations/salesforce",
            "/environments/development/integrations/salesforce/explorer?tab=soql#results",
        ] {
            assert_eq!(safe_next(next), Some(next), "{next}");
        }
    }

    #[test]
    fn other_hosts_are_rejected() {
        for next in [
            "//evil.example",
            "//evil.example/path",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
        ] {
            assert_eq!(safe_next(next), None, "{next:?}");
        }
    }

    #[test]
    fn backslash_anywhere_is_rejected() {
        assert_eq!(safe_next("/environments\\..\\\\evil.example"), None);
    }

    #[test]
    fn control_characters_and_spaces_are_rejected() {
        for next in ["/a\r\nSet-Cookie: x=1", "/a b", "/a\tb", "/caf\u{e9}"] {
            assert_eq!(safe_next(next), None, "{next:?}");
        }
    }

    #[test]
    fn sign_in_page_is_not_a_target() {
        assert_eq!(safe_next("/sign-in"), None);
        assert_eq!(safe_next("/sign-in?next=/"), None);
    }

    #[test]
    fn sign_in_url_escapes_the_query() {
        assert_eq!(
            sign_in_url(
                None,
                Some("/environments/dev/integrations/salesforce/explorer?a=1&b=2")
            ),
            "/sign-in?next=/environments/dev/integrations/salesforce/explorer%3Fa%3D1%26b%3D2"
        );
    }

    #[test]
    fn sign_in_url_drops_home_and_unsafe() {
        assert_eq!(sign_in_url(None, Some("/")), "/sign-in");
        assert_eq!(sign_in_url(None, Some("//evil.example")), "/sign-in");
        assert_eq!(sign_in_url(None, None), "/sign-in");
    }

    #[test]
    fn sign_in_url_with_error_and_next() {
        assert_eq!(
            sign_in_url(Some("error=throttled&minutes=15"), Some("/environments")),
            "/sign-in?error=throttled&minutes=15&next=/environments"
        );
        assert_eq!(
            sign_in_url(Some("error=incorrect"), None),
            "/sign-in?error=incorrect"
        );
    }
}
