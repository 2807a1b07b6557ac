//! PKCE (RFC 7636) verification of a `code_verifier` against the stored `code_challenge`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// Computes the S256 challenge of a verifier: base64url of its SHA-256, without padding.
pub fn s256_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Checks a verifier against a challenge. Besides RFC 7636's length and character rules,
/// Salesforce rejects a `~` in the verifier although the RFC allows it, and so does this check.
/// A missing method means `plain`, the RFC's default.
pub fn verify(verifier: &str, challenge: &str, method: Option<&str>) -> bool {
    let length_ok = (43..=128).contains(&verifier.len());
    let characters_ok = verifier
        .bytes()
        .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_'));
    if !length_ok || !characters_ok {
        return false;
    }
    match method.unwrap_or("plain") {
        "S256" => s256_challenge(verifier) == challenge,
        "plain" => verifier == challenge,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn s256_matches_rfc_example() {
        assert_eq!(s256_challenge(VERIFIER), CHALLENGE);
    }

    #[test]
    fn verify_accepts_rfc_pair() {
        assert!(verify(VERIFIER, CHALLENGE, Some("S256")));
    }

    #[test]
    fn verify_rejects_tilde() {
        let verifier = format!("{VERIFIER}~");
        let challenge = s256_challenge(&verifier);
        assert!(!verify(&verifier, &challenge, Some("S256")));
    }

    #[test]
    fn verify_rejects_short_verifier() {
        assert!(!verify("abc", &s256_challenge("abc"), Some("S256")));
    }

    #[test]
    fn verify_missing_method_is_plain() {
        assert!(!verify(VERIFIER, CHALLENGE, None));
        assert!(verify(VERIFIER, VERIFIER, None));
    }
}
