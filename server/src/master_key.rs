//! Loading the master key from `CONSOLE_MASTER_KEY`, `CONSOLE_MASTER_KEY_FILE`, or a key file
//! generated for the embedded default.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use secrecy::ExposeSecret;

use crate::config::{MasterKeySource, Settings};
use crate::secrets::MasterKey;

/// Loads the master key, generating `data/master.key` (mode 0600) on the first start of the
/// embedded default.
pub fn load(source: &MasterKeySource) -> anyhow::Result<MasterKey> {
    match source {
        MasterKeySource::Value(value) => MasterKey::from_base64(value.expose_secret().trim())
            .context("CONSOLE_MASTER_KEY must be 32 bytes encoded as base64"),
        MasterKeySource::File(path) => read(path)
            .with_context(|| format!("CONSOLE_MASTER_KEY_FILE {} is not usable", path.display())),
        MasterKeySource::Generated(path) if path.exists() => read(path)
            .with_context(|| format!("the generated master key {} is not usable", path.display())),
        MasterKeySource::Generated(path) => {
            let key = MasterKey::generate();
            write_new(path, key.to_base64().expose_secret())?;
            tracing::warn!(
                path = %path.display(),
                key.id = %key.key_id(),
                "generated a new master key file; set CONSOLE_MASTER_KEY or CONSOLE_MASTER_KEY_FILE in production"
            );
            Ok(key)
        }
    }
}

/// Loads the current key and every key that may still open older values: the keys in
/// `CONSOLE_PREVIOUS_MASTER_KEYS`, and, next to a key file, `.previous` (the key before the last
/// rotation) and `.next` (the key of a rotation that stopped before it swapped the files).
pub fn load_keys(settings: &Settings) -> anyhow::Result<(MasterKey, Vec<MasterKey>)> {
    let current = load(&settings.master_key)?;
    let mut previous = Vec::new();
    for (index, value) in settings.previous_master_keys.iter().enumerate() {
        let key = MasterKey::from_base64(value.expose_secret()).with_context(|| {
            format!("key {} of CONSOLE_PREVIOUS_MASTER_KEYS must be 32 bytes encoded as base64", index + 1)
        })?;
        previous.push(key);
    }
    if let Some(path) = key_file(&settings.master_key) {
        let next = sibling(path, "next");
        if next.exists() {
            tracing::warn!(
                path = %next.display(),
                "a master key rotation did not finish; run rotate-master-key again to complete it"
            );
            previous.push(read(&next).with_context(|| format!("{} is not usable", next.display()))?);
        }
        let before = sibling(path, "previous");
        if before.exists() {
            previous.push(read(&before).with_context(|| format!("{} is not usable", before.display()))?);
        }
    }
    Ok((current, previous))
}

/// The key file of a file-based source.
pub fn key_file(source: &MasterKeySource) -> Option<&Path> {
    match source {
        MasterKeySource::Value(_) => None,
        MasterKeySource::File(path) | MasterKeySource::Generated(path) => Some(path),
    }
}

/// `master.key` → `master.key.{suffix}`.
pub fn sibling(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    name.into()
}

/// Reads a key file.
pub fn read(path: &Path) -> anyhow::Result<MasterKey> {
    let text = std::fs::read_to_string(path).context("the file cannot be read")?;
    MasterKey::from_base64(text.trim()).context("the file must hold 32 bytes encoded as base64")
}

/// Writes a new key file with mode 0600; it fails when the file exists.
pub fn write_new(path: &Path, contents: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create the folder {}", parent.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create the master key file {}", path.display()))?;
    file.write_all(contents.as_bytes())
        .and_then(|()| file.write_all(b"\n"))
        .with_context(|| format!("cannot write the master key file {}", path.display()))?;
    if !path.is_file() {
        bail!("the master key file {} vanished after writing", path.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_key_file_is_private_and_reused() {
        let folder = std::env::temp_dir().join(format!("console-key-{}", uuid::Uuid::new_v4()));
        let path = folder.join("master.key");
        let source = MasterKeySource::Generated(path.clone());
        let first = load(&source).expect("generates a key");
        let second = load(&source).expect("reads the same key");
        assert_eq!(first.key_id(), second.key_id());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("file exists").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(folder).expect("temporary folder is removable");
    }
}
