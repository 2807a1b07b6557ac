//! PKCE (RFC 7636) `code_verifier` generation and the S256 `code_challenge`.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore as _;
use secrecy::SecretString;
use sha2::{Digest as _, Sha256};

/// Number of random bytes behind a `code_verifier`. Their base64url form is 86 characters,
/// inside the 43 to 128 characters RFC 7636 allows.
const VERIFIER_BYTES: usize = 64;

/// Generates a random `code_verifier` of 86 characters from `A-Z a-z 0-9 - _` only.
///
/// RFC 7636 also allows `.` and `~`, but Salesforce rejects a verifier containing `~` with
/// `invalid_grant` "invalid code verifier", so the verifier is base64url without padding, whose
/// alphabet has neither character.
pub fn new_code_verifier() -> SecretString {
    let mut bytes = [0u8; VERIFIER_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    SecretString::from(URL_SAFE_NO_PAD.encode(bytes))
}

/// Computes the S256 `code_challenge`: base64url of the SHA-256 of the verifier, without padding.
pub fn code_challenge_s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret as _;

    #[test]
    fn challenge_matches_rfc7636_appendix_b() {
        assert_eq!(
            code_challenge_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn challenge_is_not_standard_base64_or_hex() {
        let challenge = code_challenge_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_ne!(challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM=");
        assert_eq!(challenge.len(), 43);
    }

    #[test]
    fn verifiers_use_only_salesforce_safe_characters() {
        for _ in 0..10_000 {
            let verifier = new_code_verifier();
            let verifier = verifier.expose_secret();
            assert!(!verifier.contains('~'), "verifier contains '~': {verifier}");
            assert!(!verifier.contains('.'), "verifier contains '.': {verifier}");
            assert!(
                verifier
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'),
                "verifier has a character outside [A-Za-z0-9_-]: {verifier}"
            );
            assert!(
                (43..=128).contains(&verifier.len()),
                "verifier length {} is outside 43..=128",
                verifier.len()
            );
        }
    }

    #[test]
    fn verifiers_differ() {
        let first = new_code_verifier();
        let second = new_code_verifier();
        assert_ne!(first.expose_secret(), second.expose_secret());
    }
}
