//! The one error of the model: a field, what it allows, and what was given.

use std::fmt;

use serde::Serialize;

/// Longest piece of user input repeated back in a message; the rest is cut with "…".
const MAX_ECHO_CHARS: usize = 60;

/// User input that cannot become a command: which field, what is allowed, what was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvalidInput {
    /// The field, as the user input names it (`positions[2].latitude`, `programs[0].slot`).
    pub field: String,
    /// What the field accepts, in words (`a number from -90 to 90`).
    pub allowed: String,
    /// What was given, shortened if long.
    pub got: String,
}

impl InvalidInput {
    /// Builds the error for `field`; `got` is shortened so a message stays readable.
    pub fn new(
        field: impl Into<String>,
        allowed: impl Into<String>,
        got: impl fmt::Display,
    ) -> Self {
        let got = got.to_string();
        let got = if got.is_empty() {
            "nothing".to_owned()
        } else if got.chars().count() > MAX_ECHO_CHARS {
            let mut cut: String = got.chars().take(MAX_ECHO_CHARS).collect();
            cut.push('…');
            cut
        } else {
            got
        };
        Self {
            field: field.into(),
            allowed: allowed.into(),
            got,
        }
    }

    /// Places the field inside its parent (`3` in `positions` becomes `positions[3].latitude`).
    pub fn within(mut self, parent: &str) -> Self {
        self.field = if self.field.is_empty() {
            parent.to_owned()
        } else {
            format!("{parent}.{}", self.field)
        };
        self
    }
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is not valid (got {}): use {}",
            self.field, self.got, self.allowed
        )
    }
}

impl std::error::Error for InvalidInput {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_field_allowed_and_got() {
        let error =
            InvalidInput::new("latitude", "a number from -90 to 90", 91.5).within("positions[0]");
        assert_eq!(error.field, "positions[0].latitude");
        assert_eq!(
            error.to_string(),
            "positions[0].latitude is not valid (got 91.5): use a number from -90 to 90"
        );
    }

    #[test]
    fn long_input_is_shortened() {
        let error = InvalidInput::new("state", "Locked or Unlocked", "x".repeat(500));
        assert_eq!(error.got.chars().count(), MAX_ECHO_CHARS + 1);
        assert!(error.got.ends_with('…'));
    }
}
