//! The one error type of validation: options that make no sense.

use crate::error::Fault;

/// An option of a validation run that cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ValidateError {
    /// An option's value is outside what is allowed; `option` names it in words (the
    /// command line adds the flag).
    #[error("{option} must be {allowed}, got {value}")]
    BadOption {
        option: &'static str,
        value: String,
        allowed: &'static str,
    },
}

impl Fault for ValidateError {
    /// Every validation error is about the options the user gave.
    fn is_input(&self) -> bool {
        true
    }
}
