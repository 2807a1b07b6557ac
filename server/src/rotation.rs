//! `rotate-master-key`: reseals every sealed value with a new master key in one transaction.

use anyhow::Context;
use secrecy::ExposeSecret;

use crate::config::{MasterKeySource, Settings};
use crate::db::Db;
use crate::master_key::{key_file, load_keys, read, sibling, write_new};
use crate::secrets::{MasterKey, Sealer};

/// The outcome of a rotation.
#[derive(Debug)]
pub struct Rotation {
    pub resealed: u64,
    pub key_id: String,
}

/// Rotates the master key.
///
/// With a key file (the generated default or `CONSOLE_MASTER_KEY_FILE`), a new key is written to
/// `{file}.next` first, every value is resealed with it in one transaction, and only then do the
/// files swap: the old key becomes `{file}.previous`. A crash at any point leaves a key that
/// opens every value, because start-up also loads `.next` and `.previous`.
///
/// With `CONSOLE_MASTER_KEY`, the operator has already set the new key there and listed the old
/// one in `CONSOLE_PREVIOUS_MASTER_KEYS`; the values are resealed with the current key.
pub async fn rotate_master_key(settings: &Settings) -> anyhow::Result<Rotation> {
    let (current, previous) = load_keys(settings)?;
    let db = Db::connect(&settings.database_url).await?;

    let Some(path) = key_file(&settings.master_key) else {
        let key_id = current.key_id();
        let sealer = Sealer::new(current, previous);
        let resealed = reseal(&db, &sealer).await?;
        return Ok(Rotation { resealed, key_id });
    };

    let next_path = sibling(path, "next");
    let next = if next_path.exists() {
        // An earlier rotation stopped after writing its key: finish it with that key, because
        // some values may already be sealed with it.
        read(&next_path).with_context(|| format!("{} is not usable", next_path.display()))?
    } else {
        let key = MasterKey::generate();
        write_new(&next_path, key.to_base64().expose_secret())?;
        key
    };
    let key_id = next.key_id();
    let mut openers = vec![current];
    openers.extend(previous);
    let sealer = Sealer::new(next, openers);
    let resealed = reseal(&db, &sealer).await?;

    let previous_path = sibling(path, "previous");
    std::fs::rename(path, &previous_path)
        .with_context(|| format!("cannot move {} to {}", path.display(), previous_path.display()))?;
    std::fs::rename(&next_path, path)
        .with_context(|| format!("cannot move {} to {}", next_path.display(), path.display()))?;
    if matches!(settings.master_key, MasterKeySource::Generated(_)) {
        tracing::info!(path = %path.display(), "the generated key file now contains the new key");
    }
    Ok(Rotation { resealed, key_id })
}

async fn reseal(db: &Db, sealer: &Sealer) -> anyhow::Result<u64> {
    db.reseal_all(|sealed, aad| {
        let plaintext = sealer.open(sealed, aad)?;
        sealer.seal(plaintext.expose_secret(), aad)
    })
    .await
}

