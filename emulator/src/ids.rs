//! Salesforce record ids: 15-character case-sensitive ids with the 3-character suffix that makes them
//! 18-character case-insensitive ids.

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SUFFIX_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/// Builds a deterministic 18-character id from a key prefix (`001` for Account), the org's pod
/// letter, and a counter that is unique within that org and prefix.
pub fn salesforce_id(key_prefix: &str, pod: char, counter: u64) -> String {
    let mut digits = [b'0'; 7];
    let mut rest = counter;
    for slot in digits.iter_mut().rev() {
        *slot = BASE62[(rest % 62) as usize];
        rest /= 62;
    }
    let digits = std::str::from_utf8(&digits).expect("base62 digits are ASCII");
    let short = format!("{key_prefix}Dm{pod}00{digits}");
    debug_assert_eq!(short.len(), 15, "an id before its suffix has 15 characters");
    with_suffix(&short)
}

/// Appends the case-insensitivity suffix: each suffix character encodes which of five characters
/// of its third of the id are upper-case letters.
pub fn with_suffix(short: &str) -> String {
    let bytes = short.as_bytes();
    let mut id = String::with_capacity(18);
    id.push_str(short);
    for chunk in bytes.chunks(5) {
        let mut flags = 0usize;
        for (position, byte) in chunk.iter().enumerate() {
            if byte.is_ascii_uppercase() {
                flags |= 1 << position;
            }
        }
        id.push(SUFFIX_ALPHABET[flags] as char);
    }
    id
}

/// Normalizes a 15- or 18-character id to its 18-character form, or returns `None` when the text
/// is not shaped like an id. Salesforce rejects such filter values with "invalid ID field".
pub fn normalize(text: &str) -> Option<String> {
    let valid_chars = text.bytes().all(|byte| byte.is_ascii_alphanumeric());
    if !valid_chars {
        return None;
    }
    match text.len() {
        15 => Some(with_suffix(text)),
        18 => {
            let restored = restore_case(text)?;
            let expected = with_suffix(&restored);
            expected.eq_ignore_ascii_case(text).then_some(expected)
        }
        _ => None,
    }
}

/// Rebuilds the case of the first 15 characters of an 18-character id from its suffix, so that an id
/// whose case was lost (upper- or lower-cased by some tool) still names the same record.
fn restore_case(text: &str) -> Option<String> {
    let (short, suffix) = text.split_at(15);
    let mut restored = String::with_capacity(15);
    for (chunk, flag_char) in short.as_bytes().chunks(5).zip(suffix.bytes()) {
        let flags = SUFFIX_ALPHABET
            .iter()
            .position(|candidate| *candidate == flag_char.to_ascii_uppercase())?;
        for (position, byte) in chunk.iter().enumerate() {
            let upper = flags & (1 << position) != 0;
            let byte = if upper {
                byte.to_ascii_uppercase()
            } else {
                byte.to_ascii_lowercase()
            };
            restored.push(byte as char);
        }
    }
    Some(restored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_matches_known_id() {
        // A documented example pair of a 15- and an 18-character id.
        assert_eq!(with_suffix("001A0000006Vm9r"), "001A0000006Vm9rIAC");
    }

    #[test]
    fn id_has_prefix_and_length() {
        let id = salesforce_id("001", 'a', 1);
        assert_eq!(id.len(), 18);
        assert!(id.starts_with("001"));
    }

    #[test]
    fn normalize_accepts_short_and_long() {
        let long = salesforce_id("003", 'a', 42);
        assert_eq!(normalize(&long[..15]).as_deref(), Some(long.as_str()));
        assert_eq!(
            normalize(&long.to_lowercase()).as_deref(),
            Some(long.as_str())
        );
        assert_eq!(normalize("abc"), None);
    }
}
