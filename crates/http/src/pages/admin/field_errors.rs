//! Errors shown beside a form's fields: each field's first problem in plain words,
//! for the `<p class="field-error" id="<field>-error">` under its input, and a summary
//! above the form (role=alert) linking to each field in error, first one first, as
//! GOV.UK and Entra forms do.

use entente_domain::field_texts::{self, FieldTexts};
use entente_domain::invitations::Language;

/// The problems of one submitted form, by field id, in the form's order of submission.
pub struct FieldErrors {
    pub texts: &'static FieldTexts,
    errors: Vec<(&'static str, String)>,
}

impl FieldErrors {
    pub fn new(language: Language) -> FieldErrors {
        FieldErrors {
            texts: field_texts::for_language(language),
            errors: Vec::new(),
        }
    }

    /// Adds `message` for the field with id `field`; a field keeps its first problem.
    pub fn add(&mut self, field: &'static str, message: String) {
        if self.get(field).is_none() {
            self.errors.push((field, message));
        }
    }

    /// The problem of the field with id `field`.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(id, _)| *id == field)
            .map(|(_, message)| message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// Every field in error with its problem, for the summary's links.
    pub fn all(&self) -> &[(&'static str, String)] {
        &self.errors
    }
}
