//! What staff call a plan they keep: a scenario's name, on one line.

pub const SCENARIO_NAME_MAX_CHARS: usize = 120;

/// A scenario's name: its words separated by single spaces, not empty, at most
/// [`SCENARIO_NAME_MAX_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioNameError {
    #[error("a scenario needs a name")]
    Empty,
    #[error("a scenario's name may be at most 120 characters")]
    TooLong,
}

impl ScenarioName {
    pub fn parse(typed: &str) -> Result<Self, ScenarioNameError> {
        let name = typed.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            Err(ScenarioNameError::Empty)
        } else if name.chars().count() > SCENARIO_NAME_MAX_CHARS {
            Err(ScenarioNameError::TooLong)
        } else {
            Ok(Self(name))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
