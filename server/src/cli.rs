//! The `server` binary's command line: serving the console, `create-user` to add a console user
//! such as the first admin, and `rotate-master-key`.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Context;
use app::model::Role;
use secrecy::SecretString;

use crate::auth::password::MIN_PASSWORD_CHARS;
use crate::auth::{CreateUserError, create_user};
use crate::config::Settings;
use crate::db::Db;

/// The help text.
pub const USAGE: &str = "\
Usage:
  server                                         serve the console (also: server serve)
  server create-user --role ROLE --email EMAIL   add a console user
  server rotate-master-key                       reseal every secret with a new master key

create-user reads the password from the first line of standard input. It must have at least
12 characters. ROLE is admin or support. The database is the one the console would use, from
DATABASE_URL or CONSOLE_DATA_DIR.

Example:
  printf '%s\\n' \"$PASSWORD\" | server create-user --role admin --email admin@example.com";

/// A command parsed from the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Serve,
    CreateUser { email: String, role: Role },
    RotateMasterKey,
    Help,
}

/// An invalid command line. The message names the wrong argument.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(String);

/// Parses the arguments after the program name.
pub fn parse(arguments: impl IntoIterator<Item = String>) -> Result<Command, UsageError> {
    let mut arguments = arguments.into_iter();
    match arguments.next().as_deref() {
        None | Some("serve") => match arguments.next() {
            None => Ok(Command::Serve),
            Some(extra) => Err(UsageError(format!(
                "serve takes no arguments, got {extra:?}"
            ))),
        },
        Some("help" | "--help" | "-h") => Ok(Command::Help),
        Some("create-user") => parse_create_user(arguments),
        Some("rotate-master-key") => match arguments.next() {
            None => Ok(Command::RotateMasterKey),
            Some(extra) => Err(UsageError(format!(
                "rotate-master-key takes no arguments, got {extra:?}"
            ))),
        },
        Some(other) => Err(UsageError(format!(
            "unknown command {other:?}; use serve (the default), create-user or rotate-master-key"
        ))),
    }
}

fn parse_create_user(mut arguments: impl Iterator<Item = String>) -> Result<Command, UsageError> {
    let mut email = None;
    let mut role = None;
    while let Some(argument) = arguments.next() {
        let (name, inline_value) = match argument.split_once('=') {
            Some((name, value)) => (name.to_string(), Some(value.to_string())),
            None => (argument, None),
        };
        let slot = match name.as_str() {
            "--email" => &mut email,
            "--role" => &mut role,
            _ => {
                return Err(UsageError(format!(
                    "create-user does not take {name:?}; use --role and --email"
                )));
            }
        };
        let value = match inline_value.or_else(|| arguments.next()) {
            Some(value) if !value.is_empty() => value,
            _ => return Err(UsageError(format!("{name} needs a value"))),
        };
        if slot.replace(value).is_some() {
            return Err(UsageError(format!("{name} is given twice")));
        }
    }
    let email = email.ok_or_else(|| UsageError("create-user needs --email EMAIL".to_string()))?;
    let role = role
        .ok_or_else(|| UsageError("create-user needs --role admin or --role support".to_string()))?
        .parse::<Role>()
        .map_err(|error| UsageError(format!("--role: {error}")))?;
    Ok(Command::CreateUser { email, role })
}

/// Reads the password from the first line of `input`, without its line ending. Spaces are part
/// of the password.
pub fn read_password(input: &mut impl BufRead) -> anyhow::Result<SecretString> {
    let mut line = String::new();
    input
        .read_line(&mut line)
        .context("reading the password from standard input failed")?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password);
    Ok(SecretString::from(password.to_string()))
}

/// Runs `create-user` against the database of `settings`, reading the password from standard
/// input, and prints the new user's id.
pub async fn run_create_user(settings: &Settings, email: &str, role: Role) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        // NOTE: the terminal shows the typed password, because hiding it needs a terminal crate
        // that this binary does not have. Pipe the password in to keep it off the screen.
        eprint!(
            "Password for {email} (at least {MIN_PASSWORD_CHARS} characters; shown as you type): "
        );
        std::io::stderr()
            .flush()
            .context("writing the prompt failed")?;
    }
    let password = read_password(&mut stdin.lock())?;

    if settings.database_url.starts_with("sqlite://") {
        std::fs::create_dir_all(&settings.data_dir).with_context(|| {
            format!(
                "cannot create CONSOLE_DATA_DIR {}",
                settings.data_dir.display()
            )
        })?;
    }
    let db = Db::connect(&settings.database_url).await?;
    match create_user(&db, email, role, password).await {
        Ok(user) => {
            println!(
                "Created the {} {} with id {}.",
                user.role, user.email, user.id
            );
            Ok(())
        }
        Err(CreateUserError::Storage(error)) => Err(error),
        Err(error) => anyhow::bail!("{error}"),
    }
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    fn parse_words(words: &[&str]) -> Result<Command, UsageError> {
        parse(words.iter().map(|word| word.to_string()))
    }

    #[test]
    fn no_arguments_serve() {
        assert_eq!(parse_words(&[]), Ok(Command::Serve));
        assert_eq!(parse_words(&["serve"]), Ok(Command::Serve));
    }

    #[test]
    fn create_user_with_separate_values() {
        assert_eq!(
            parse_words(&["create-user", "--role", "admin", "--email", "a@b.example"]),
            Ok(Command::CreateUser {
                email: "a@b.example".to_string(),
                role: Role::Admin
            })
        );
    }

    #[test]
    fn create_user_with_inline_values() {
        assert_eq!(
            parse_words(&["create-user", "--email=ops@b.example", "--role=support"]),
            Ok(Command::CreateUser {
                email: "ops@b.example".to_string(),
                role: Role::Support
            })
        );
    }

    #[test]
    fn create_user_errors_name_the_argument() {
        let cases: [(&[&str], &str); 6] = [
            (
                &["create-user", "--email", "a@b.example"],
                "create-user needs --role admin or --role support",
            ),
            (
                &["create-user", "--role", "admin"],
                "create-user needs --email EMAIL",
            ),
            (
                &["create-user", "--role", "owner", "--email", "a@b.example"],
                "--role: unknown role \"owner\": use admin or support",
            ),
            (&["create-user", "--role"], "--role needs a value"),
            (
                &["create-user", "--role", "admin", "--role", "support"],
                "--role is given twice",
            ),
            (
                &["create-user", "--password", "x"],
                "create-user does not take \"--password\"; use --role and --email",
            ),
        ];
        for (words, message) in cases {
            assert_eq!(
                parse_words(words),
                Err(UsageError(message.to_string())),
                "{words:?}"
            );
        }
    }

    #[test]
    fn unknown_command_is_rejected() {
        assert_eq!(
            parse_words(&["delete-user"]),
            Err(UsageError(
                "unknown command \"delete-user\"; use serve (the default), create-user or rotate-master-key"
                    .to_string()
            ))
        );
    }

    #[test]
    fn rotate_master_key_is_recognized() {
        assert_eq!(
            parse_words(&["rotate-master-key"]),
            Ok(Command::RotateMasterKey)
        );
    }

    #[test]
    fn help_is_recognized() {
        assert_eq!(parse_words(&["--help"]), Ok(Command::Help));
    }

    #[test]
    fn password_is_the_first_line_without_its_ending() {
        let mut input = std::io::Cursor::new("  spaced password \r\nsecond line\n");
        let password = read_password(&mut input).expect("read");
        assert_eq!(password.expose_secret(), "  spaced password ");
    }

    #[test]
    fn password_without_line_ending() {
        let mut input = std::io::Cursor::new("no newline at the end");
        let password = read_password(&mut input).expect("read");
        assert_eq!(password.expose_secret(), "no newline at the end");
    }
}
