//! AES-256-GCM sealing of secrets at rest, with key ids so the master key can rotate.
//!
//! A sealed value reads `v1.{key_id}.{data}`, where `key_id` is the first 8 hex characters of the
//! SHA-256 of the key that sealed it and `data` is base64url (no padding) of the 12-byte nonce
//! followed by the ciphertext and its 16-byte tag. The associated data (`aad`) names the row and
//! column the value belongs to, so a sealed value copied into another row or column fails to open.

use std::fmt;

use aes_gcm::aead::{Aead as _, KeyInit as _, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use base64::alphabet;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use rand::RngCore as _;
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret as _, SecretBox, SecretString};
use sha2::{Digest as _, Sha256};

/// Length of an AES-256 key in bytes.
const KEY_BYTES: usize = 32;

/// Length of an AES-GCM nonce in bytes.
const NONCE_BYTES: usize = 12;

/// Length of the AES-GCM authentication tag in bytes.
const TAG_BYTES: usize = 16;

/// Format tag at the start of every sealed value.
const FORMAT_VERSION: &str = "v1";

/// Number of hex characters in a key id.
const KEY_ID_CHARS: usize = 8;

/// Decoding accepts keys with or without `=` padding, since people trim it when copying.
const DECODE_CONFIG: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD_ANY_PADDING: GeneralPurpose =
    GeneralPurpose::new(&alphabet::STANDARD, DECODE_CONFIG);
const URL_SAFE_ANY_PADDING: GeneralPurpose =
    GeneralPurpose::new(&alphabet::URL_SAFE, DECODE_CONFIG);

/// A failure to load a key or to seal or open a value. No message contains key material or
/// plaintext.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretsError {
    #[error("the master key is not valid base64 (standard or URL-safe alphabet)")]
    InvalidKeyEncoding,
    #[error("the master key must decode to {KEY_BYTES} bytes, but it decodes to {actual} bytes")]
    InvalidKeyLength { actual: usize },
    #[error("the sealed value is malformed: expected v1.{{key_id}}.{{data}}")]
    Malformed,
    #[error(
        "the value was sealed with key {key_id}, which is neither the current master key nor a \
         previous one: add that key to the previous keys"
    )]
    UnknownKey { key_id: String },
    #[error(
        "the sealed value with key {key_id} failed to open: the associated data does not match \
         or the value was altered"
    )]
    OpenFailed { key_id: String },
    #[error("the opened value is not valid UTF-8")]
    InvalidUtf8,
    #[error("sealing failed")]
    SealFailed,
}

/// A 256-bit master key, zeroized when dropped.
pub struct MasterKey {
    key: SecretBox<[u8; KEY_BYTES]>,
}

impl MasterKey {
    /// Reads a key from base64 (standard or URL-safe alphabet, padding optional), as stored in
    /// `CONSOLE_MASTER_KEY`. Surrounding whitespace is ignored.
    pub fn from_base64(value: &str) -> Result<Self, SecretsError> {
        let value = value.trim();
        let engine = if value.contains(['-', '_']) {
            &URL_SAFE_ANY_PADDING
        } else {
            &STANDARD_ANY_PADDING
        };
        let decoded = Zeroizing::new(
            engine
                .decode(value)
                .map_err(|_| SecretsError::InvalidKeyEncoding)?,
        );
        if decoded.len() != KEY_BYTES {
            return Err(SecretsError::InvalidKeyLength {
                actual: decoded.len(),
            });
        }
        let key = SecretBox::init_with_mut(|key: &mut [u8; KEY_BYTES]| {
            key.copy_from_slice(&decoded);
        });
        Ok(Self { key })
    }

    /// Generates a new random key from the operating system's secure random source.
    pub fn generate() -> Self {
        let key = SecretBox::init_with_mut(|key: &mut [u8; KEY_BYTES]| {
            rand::rngs::OsRng.fill_bytes(key);
        });
        Self { key }
    }

    /// Encodes the key as standard base64 with padding, the form `from_base64` reads.
    pub fn to_base64(&self) -> SecretString {
        SecretString::from(STANDARD.encode(self.key.expose_secret()))
    }

    /// Returns the key id: the first 8 hex characters of the key's SHA-256. It identifies the key
    /// in sealed values and logs and is not secret.
    pub fn key_id(&self) -> String {
        let digest = Sha256::digest(self.key.expose_secret());
        let mut key_id = String::with_capacity(KEY_ID_CHARS);
        for byte in &digest[..KEY_ID_CHARS / 2] {
            key_id.push_str(&format!("{byte:02x}"));
        }
        key_id
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(self.key.expose_secret().into())
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("MasterKey")
            .field("key_id", &self.key_id())
            .finish_non_exhaustive()
    }
}

/// Seals with the current master key and opens values sealed by it or by a previous key.
pub struct Sealer {
    current: MasterKey,
    current_key_id: String,
    previous: Vec<(String, MasterKey)>,
}

impl Sealer {
    pub fn new(current: MasterKey, previous: Vec<MasterKey>) -> Self {
        let current_key_id = current.key_id();
        let previous = previous
            .into_iter()
            .map(|key| (key.key_id(), key))
            .collect();
        Self {
            current,
            current_key_id,
            previous,
        }
    }

    /// Seals a value with the current key. `aad` binds it to where it is stored, such as
    /// `salesforce_integrations.client_secret:{env_id}`, and must be the same when opening.
    pub fn seal(&self, plaintext: &str, aad: &str) -> Result<String, SecretsError> {
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let payload = Payload {
            msg: plaintext.as_bytes(),
            aad: aad.as_bytes(),
        };
        let ciphertext = self
            .current
            .cipher()
            .encrypt(Nonce::from_slice(&nonce), payload)
            .map_err(|_| SecretsError::SealFailed)?;

        let mut data = Vec::with_capacity(NONCE_BYTES + ciphertext.len());
        data.extend_from_slice(&nonce);
        data.extend_from_slice(&ciphertext);
        Ok(format!(
            "{FORMAT_VERSION}.{}.{}",
            self.current_key_id,
            URL_SAFE_NO_PAD.encode(data)
        ))
    }

    /// Opens a sealed value with the key its key id names, checking `aad`.
    pub fn open(&self, sealed: &str, aad: &str) -> Result<SecretString, SecretsError> {
        let parts = SealedParts::parse(sealed)?;
        let candidates = self.keys_with_id(parts.key_id);
        if candidates.is_empty() {
            return Err(SecretsError::UnknownKey {
                key_id: parts.key_id.to_owned(),
            });
        }

        let (nonce, ciphertext) = parts.data.split_at(NONCE_BYTES);
        let opened = candidates.iter().find_map(|key| {
            let payload = Payload {
                msg: ciphertext,
                aad: aad.as_bytes(),
            };
            key.cipher().decrypt(Nonce::from_slice(nonce), payload).ok()
        });
        let Some(plaintext) = opened else {
            return Err(SecretsError::OpenFailed {
                key_id: parts.key_id.to_owned(),
            });
        };

        let plaintext = Zeroizing::new(plaintext);
        let text = std::str::from_utf8(&plaintext).map_err(|_| SecretsError::InvalidUtf8)?;
        Ok(SecretString::from(text))
    }

    /// Returns true when a value was not sealed by the current key (including values that are
    /// not sealed values at all), so it should be opened and sealed again.
    pub fn needs_reseal(&self, sealed: &str) -> bool {
        match SealedParts::parse(sealed) {
            Ok(parts) => parts.key_id != self.current_key_id,
            Err(_) => true,
        }
    }

    /// Returns the keys whose id matches, the current key first. Two keys share an id only by an
    /// unlikely 32-bit hash collision, and then each is tried.
    fn keys_with_id(&self, key_id: &str) -> Vec<&MasterKey> {
        let current = (self.current_key_id == key_id).then_some(&self.current);
        let previous = self
            .previous
            .iter()
            .filter(|(id, _)| id == key_id)
            .map(|(_, key)| key);
        current.into_iter().chain(previous).collect()
    }
}

impl fmt::Debug for Sealer {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let previous: Vec<&str> = self.previous.iter().map(|(id, _)| id.as_str()).collect();
        formatter
            .debug_struct("Sealer")
            .field("current_key_id", &self.current_key_id)
            .field("previous_key_ids", &previous)
            .finish()
    }
}

/// The parts of a `v1.{key_id}.{data}` sealed value.
struct SealedParts<'a> {
    key_id: &'a str,
    /// Nonce followed by ciphertext and tag, at least `NONCE_BYTES + TAG_BYTES` long.
    data: Vec<u8>,
}

impl<'a> SealedParts<'a> {
    fn parse(sealed: &'a str) -> Result<Self, SecretsError> {
        let mut parts = sealed.trim().splitn(3, '.');
        let (Some(version), Some(key_id), Some(data)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(SecretsError::Malformed);
        };
        let is_key_id =
            key_id.len() == KEY_ID_CHARS && key_id.bytes().all(|byte| byte.is_ascii_hexdigit());
        if version != FORMAT_VERSION || !is_key_id {
            return Err(SecretsError::Malformed);
        }
        let data = URL_SAFE_NO_PAD
            .decode(data)
            .map_err(|_| SecretsError::Malformed)?;
        if data.len() < NONCE_BYTES + TAG_BYTES {
            return Err(SecretsError::Malformed);
        }
        Ok(Self { key_id, data })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AAD: &str = "salesforce_integrations.client_secret:development";
    const PLAINTEXT: &str = "A1B2C3D4E5F60718293A4B5C6D7E8F90";

    /// 32 bytes 0x00..=0x1f in standard base64.
    const KEY_BASE64: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    fn sealer() -> Sealer {
        Sealer::new(MasterKey::generate(), Vec::new())
    }

    #[test]
    fn round_trip() {
        let sealer = sealer();
        let sealed = sealer.seal(PLAINTEXT, AAD).expect("sealing succeeds");
        let opened = sealer.open(&sealed, AAD).expect("opening succeeds");
        assert_eq!(opened.expose_secret(), PLAINTEXT);
    }

    #[test]
    fn round_trip_empty_and_non_ascii() {
        let sealer = sealer();
        for plaintext in ["", "Zürich – Rådgivning 🔑"] {
            let sealed = sealer.seal(plaintext, AAD).expect("sealing succeeds");
            let opened = sealer.open(&sealed, AAD).expect("opening succeeds");
            assert_eq!(opened.expose_secret(), plaintext);
        }
    }

    #[test]
    fn sealed_format() {
        let sealer = sealer();
        let sealed = sealer.seal(PLAINTEXT, AAD).expect("sealing succeeds");
        let parts: Vec<&str> = sealed.split('.').collect();
        assert_eq!(parts.len(), 3, "{sealed}");
        assert_eq!(parts[0], "v1");
        assert_eq!(parts[1], sealer.current.key_id());
        let data = URL_SAFE_NO_PAD
            .decode(parts[2])
            .expect("the data is base64url without padding");
        assert_eq!(data.len(), NONCE_BYTES + PLAINTEXT.len() + TAG_BYTES);
        assert!(!sealed.contains(PLAINTEXT));
    }

    #[test]
    fn sealing_twice_differs() {
        let sealer = sealer();
        let first = sealer.seal(PLAINTEXT, AAD).expect("sealing succeeds");
        let second = sealer.seal(PLAINTEXT, AAD).expect("sealing succeeds");
        assert_ne!(first, second);
    }

    #[test]
    fn wrong_aad_fails() {
        let sealer = sealer();
        let sealed = sealer.seal(PLAINTEXT, AAD).expect("sealing succeeds");
        let result = sealer.open(&sealed, "salesforce_integrations.client_secret:production");
        assert!(
            matches!(result, Err(SecretsError::OpenFailed { .. })),
            "{:?}",
            result.map(|_| "opened")
        );
    }

    #[test]
    fn tampered_ciphertext_fails() {
        let sealer = sealer();
        let sealed = sealer.seal(PLAINTEXT, AAD).expect("sealing succeeds");
        let (prefix, data) = sealed.rsplit_once('.').expect("the value has a data part");
        let mut bytes = URL_SAFE_NO_PAD.decode(data).expect("the data is base64url");
        bytes[NONCE_BYTES] ^= 0x01;
        let tampered = format!("{prefix}.{}", URL_SAFE_NO_PAD.encode(bytes));
        let result = sealer.open(&tampered, AAD);
        assert!(
            matches!(result, Err(SecretsError::OpenFailed { .. })),
            "{:?}",
            result.map(|_| "opened")
        );
    }

    #[test]
    fn truncated_value_is_malformed() {
        let sealer = sealer();
        let sealed = sealer.seal(PLAINTEXT, AAD).expect("sealing succeeds");
        let truncated = &sealed[..sealed.len() - 30];
        let result = sealer.open(truncated, AAD);
        assert!(
            matches!(
                result,
                Err(SecretsError::Malformed | SecretsError::OpenFailed { .. })
            ),
            "{:?}",
            result.map(|_| "opened")
        );
    }

    #[test]
    fn malformed_values() {
        let sealer = sealer();
        for sealed in [
            "",
            "plain secret",
            "v2.abcdef01.AAAA",
            "v1.xyz.AAAA",
            "v1.abcdef01.!!!",
        ] {
            let result = sealer.open(sealed, AAD);
            assert!(
                matches!(result, Err(SecretsError::Malformed)),
                "{sealed:?}: {:?}",
                result.map(|_| "opened")
            );
        }
    }

    #[test]
    fn previous_key_opens_and_needs_reseal() {
        let old = MasterKey::from_base64(KEY_BASE64).expect("the key is valid");
        let old_sealer = Sealer::new(
            MasterKey::from_base64(KEY_BASE64).expect("the key is valid"),
            Vec::new(),
        );
        let sealed = old_sealer.seal(PLAINTEXT, AAD).expect("sealing succeeds");

        let rotated = Sealer::new(MasterKey::generate(), vec![old]);
        let opened = rotated
            .open(&sealed, AAD)
            .expect("a previous key opens the value");
        assert_eq!(opened.expose_secret(), PLAINTEXT);
        assert!(rotated.needs_reseal(&sealed));
        assert!(!old_sealer.needs_reseal(&sealed));

        let resealed = rotated
            .seal(opened.expose_secret(), AAD)
            .expect("sealing succeeds");
        assert!(!rotated.needs_reseal(&resealed));
    }

    #[test]
    fn unknown_key_is_reported_by_id() {
        let sealed = sealer().seal(PLAINTEXT, AAD).expect("sealing succeeds");
        let other = sealer();
        let result = other.open(&sealed, AAD);
        let Err(SecretsError::UnknownKey { key_id }) = result else {
            panic!("expected UnknownKey, got {:?}", result.map(|_| "opened"));
        };
        assert_eq!(
            key_id,
            sealed.split('.').nth(1).expect("the value has a key id")
        );
    }

    #[test]
    fn malformed_value_needs_reseal() {
        assert!(sealer().needs_reseal("not sealed"));
    }

    #[test]
    fn key_from_standard_and_url_safe_base64() {
        let standard = MasterKey::from_base64(KEY_BASE64).expect("standard base64 is accepted");
        let url_safe = MasterKey::from_base64(
            &URL_SAFE_NO_PAD.encode(
                STANDARD
                    .decode(KEY_BASE64)
                    .expect("the constant is valid base64"),
            ),
        )
        .expect("URL-safe base64 is accepted");
        let unpadded = MasterKey::from_base64(KEY_BASE64.trim_end_matches('='))
            .expect("base64 without padding is accepted");
        assert_eq!(standard.key_id(), url_safe.key_id());
        assert_eq!(standard.key_id(), unpadded.key_id());
    }

    #[test]
    fn key_with_url_safe_characters() {
        let bytes = [0xfbu8; KEY_BYTES];
        let encoded = URL_SAFE_NO_PAD.encode(bytes);
        assert!(encoded.contains('-') || encoded.contains('_'), "{encoded}");
        let key = MasterKey::from_base64(&encoded).expect("URL-safe base64 is accepted");
        assert_eq!(
            key.to_base64().expose_secret(),
            STANDARD.encode(bytes).as_str()
        );
    }

    #[test]
    fn key_round_trips_through_base64() {
        let key = MasterKey::generate();
        let copy = MasterKey::from_base64(key.to_base64().expose_secret())
            .expect("to_base64 output is accepted");
        assert_eq!(copy.key_id(), key.key_id());
    }

    #[test]
    fn key_id_is_sha256_prefix() {
        let key = MasterKey::from_base64(KEY_BASE64).expect("the key is valid");
        let bytes: Vec<u8> = (0u8..32).collect();
        let expected: String = Sha256::digest(&bytes)[..4]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        assert_eq!(key.key_id(), expected);
        assert_eq!(key.key_id().len(), 8);
    }

    #[test]
    fn key_with_wrong_length() {
        let result = MasterKey::from_base64(&STANDARD.encode([7u8; 16]));
        assert_eq!(
            result.map(|key| key.key_id()),
            Err(SecretsError::InvalidKeyLength { actual: 16 })
        );
    }

    #[test]
    fn key_with_invalid_base64() {
        let result = MasterKey::from_base64("not base64 at all!");
        assert_eq!(
            result.map(|key| key.key_id()),
            Err(SecretsError::InvalidKeyEncoding)
        );
    }

    #[test]
    fn generated_keys_differ() {
        assert_ne!(
            MasterKey::generate().key_id(),
            MasterKey::generate().key_id()
        );
    }

    #[test]
    fn debug_shows_only_key_ids() {
        let key = MasterKey::from_base64(KEY_BASE64).expect("the key is valid");
        let key_id = key.key_id();
        let encoded = key.to_base64();
        let debug = format!("{key:?}");
        assert!(debug.contains(&key_id), "{debug}");
        assert!(!debug.contains(encoded.expose_secret()), "{debug}");
        assert!(!debug.contains("[0, 1, 2"), "{debug}");

        let sealer = Sealer::new(key, vec![MasterKey::generate()]);
        let sealer_debug = format!("{sealer:?}");
        assert!(sealer_debug.contains(&key_id), "{sealer_debug}");
        assert!(
            !sealer_debug.contains(encoded.expose_secret()),
            "{sealer_debug}"
        );
        assert!(!sealer_debug.contains("[0, 1, 2"), "{sealer_debug}");
    }

    #[test]
    fn errors_never_show_plaintext() {
        let sealer = sealer();
        let sealed = sealer.seal(PLAINTEXT, AAD).expect("sealing succeeds");
        let error = sealer
            .open(&sealed, "another row")
            .map(|_| ())
            .expect_err("a different aad fails");
        assert!(!error.to_string().contains(PLAINTEXT), "{error}");
        assert!(!format!("{error:?}").contains(PLAINTEXT), "{error:?}");
    }
}
