//! OpenID Connect ID tokens: JWTs whose header and claims are base64url-encoded JSON, and the key
//! set that `jwks_uri` publishes to verify them.
//!
//! NOTE: Salesforce signs ID tokens with RS256 and publishes its RSA public keys at `/id/keys`.
//! The emulator signs with HS256 and a fixed key, and `/id/keys` publishes that key as an `oct`
//! JWK. A client that accepts only RS256, as it should for Salesforce, rejects the emulator's
//! signature, so tests that verify ID tokens must allow HS256 for the emulator.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde_json::{Value as Json, json};
use sha2::{Digest, Sha256};

/// The `kid` of the emulator's only signing key.
pub const KEY_ID: &str = "emulator-hs256";

/// The HS256 key of every ID token. It is public on purpose: `/id/keys` publishes it.
const SIGNING_KEY: &[u8] = b"salesforce-org-emulator-id-token-key";

/// Lifetime of an ID token, in seconds.
/// NOTE: Salesforce's ID token lifetime is unconfirmed; five minutes is an assumption.
pub const LIFETIME_SECONDS: u64 = 300;

/// Encodes and signs `claims` as a compact JWT: `header.payload.signature`.
pub fn encode(claims: &Json) -> String {
    let header = json!({"kid": KEY_ID, "typ": "JWT", "alg": "HS256"});
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let mut mac =
        Hmac::<Sha256>::new_from_slice(SIGNING_KEY).expect("HMAC accepts keys of any length");
    mac.update(signing_input.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{signing_input}.{signature}")
}

/// Builds the `at_hash` claim: base64url of the left half of the access token's SHA-256 digest,
/// as OpenID Connect Core defines it for RS256 and HS256.
pub fn access_token_hash(access_token: &str) -> String {
    let digest = Sha256::digest(access_token.as_bytes());
    URL_SAFE_NO_PAD.encode(&digest[..digest.len() / 2])
}

/// Builds the JSON Web Key Set of `/id/keys`.
pub fn key_set() -> Json {
    json!({
        "keys": [{
            "kty": "oct",
            "kid": KEY_ID,
            "use": "sig",
            "alg": "HS256",
            "k": URL_SAFE_NO_PAD.encode(SIGNING_KEY),
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_part(part: &str) -> Json {
        let bytes = URL_SAFE_NO_PAD.decode(part).expect("base64url");
        serde_json::from_slice(&bytes).expect("JSON")
    }

    #[test]
    fn encode_builds_three_parts() {
        let token = encode(&json!({"sub": "someone", "iat": 1}));
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(
            decode_part(parts[0]),
            json!({"kid": KEY_ID, "typ": "JWT", "alg": "HS256"})
        );
        assert_eq!(decode_part(parts[1]), json!({"sub": "someone", "iat": 1}));
    }

    #[test]
    fn signature_verifies_with_published_key() {
        let token = encode(&json!({"sub": "someone"}));
        let (signing_input, signature) = token.rsplit_once('.').expect("three parts");
        let key_text = key_set()["keys"][0]["k"]
            .as_str()
            .expect("k is a string")
            .to_owned();
        let key = URL_SAFE_NO_PAD.decode(key_text).expect("base64url key");
        let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("any key length");
        mac.update(signing_input.as_bytes());
        let expected = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        assert_eq!(signature, expected);
    }

    #[test]
    fn access_token_hash_is_half_digest() {
        let hash = access_token_hash("token");
        assert_eq!(URL_SAFE_NO_PAD.decode(&hash).expect("base64url").len(), 16);
    }
}
