//! An environment's name and URL slug, as typed in the environments form.

use serde::{Deserialize, Serialize};

/// The maximum slug length, because slugs appear in every URL of the environment.
pub const MAX_SLUG_LENGTH: usize = 40;
/// The maximum display name length.
pub const MAX_NAME_LENGTH: usize = 80;

/// The values the create and rename forms post.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvironmentInput {
    pub name: String,
    /// Empty means "derive it from the name".
    pub slug: String,
}

/// A validated environment name and slug.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvironmentFields {
    pub name: String,
    pub slug: String,
}

impl EnvironmentInput {
    /// Validates both fields and returns every field's message at once, keyed `name` and `slug`.
    pub fn validate(&self) -> Result<EnvironmentFields, super::FieldErrors> {
        let mut errors = super::FieldErrors::default();
        let name = self.name.trim().to_string();
        if name.is_empty() {
            errors.0.insert("name".into(), "Name is required: enter a name such as Staging.".into());
        } else if name.chars().count() > MAX_NAME_LENGTH {
            errors.0.insert(
                "name".into(),
                format!("Name is too long: use at most {MAX_NAME_LENGTH} characters."),
            );
        }
        let slug_source = if self.slug.trim().is_empty() { slugify(&name) } else { self.slug.trim().to_string() };
        if let Err(message) = check_slug(&slug_source) {
            errors.0.insert("slug".into(), message);
        }
        if errors.0.is_empty() {
            Ok(EnvironmentFields { name, slug: slug_source })
        } else {
            Err(errors)
        }
    }
}

/// Returns the message for a slug that another environment already uses.
pub fn slug_taken_message(slug: &str) -> String {
    format!("Another environment already uses the URL slug {slug}: choose another one.")
}

/// Turns a name into a slug: lower case ASCII letters and digits, other runs become one hyphen.
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for character in name.chars() {
        if character.is_ascii_alphanumeric() {
            slug.push(character.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').chars().take(MAX_SLUG_LENGTH).collect::<String>().trim_end_matches('-').to_string()
}

fn check_slug(slug: &str) -> Result<(), String> {
    if slug.is_empty() {
        return Err("URL slug is required: use lower-case letters, digits and hyphens, such as staging.".into());
    }
    if slug.len() > MAX_SLUG_LENGTH {
        return Err(format!("URL slug is too long: use at most {MAX_SLUG_LENGTH} characters."));
    }
    if let Some(bad) = slug.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')) {
        return Err(format!(
            "URL slug contains {}: use only lower-case letters, digits and hyphens.",
            super::describe_character(&bad)
        ));
    }
    if slug.starts_with('-') || slug.ends_with('-') {
        return Err("URL slug may not start or end with a hyphen.".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, slug: &str) -> EnvironmentInput {
        EnvironmentInput { name: name.into(), slug: slug.into() }
    }

    #[test]
    fn slug_is_derived_from_name() {
        let fields = input("  Staging EU (new) ", "").validate().expect("valid");
        assert_eq!(fields.name, "Staging EU (new)");
        assert_eq!(fields.slug, "staging-eu-new");
    }

    #[test]
    fn typed_slug_is_kept() {
        assert_eq!(input("Production", "prod").validate().expect("valid").slug, "prod");
    }

    #[test]
    fn empty_name_is_rejected() {
        let errors = input(" ", "x").validate().expect_err("invalid");
        assert_eq!(errors.0.get("name").map(String::as_str), Some("Name is required: enter a name such as Staging."));
    }

    #[test]
    fn upper_case_slug_is_rejected() {
        let errors = input("Prod", "Prod").validate().expect_err("invalid");
        assert_eq!(
            errors.0.get("slug").map(String::as_str),
            Some("URL slug contains 'P': use only lower-case letters, digits and hyphens.")
        );
    }

    #[test]
    fn name_without_letters_needs_a_slug() {
        let errors = input("???", "").validate().expect_err("invalid");
        assert!(errors.0.contains_key("slug"));
    }

    #[test]
    fn hyphen_at_edge_is_rejected() {
        assert!(input("A", "-a").validate().is_err());
        assert!(input("A", "a-").validate().is_err());
    }
}
