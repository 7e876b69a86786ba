//! Errors shown beside a form's fields: each field's first problem in plain words,
//! for the `<p class="field-error" id="<field>-error">` under its input, and a summary
//! above the form (role=alert) linking to each field in error, first one first, as
//! GOV.UK and Entra forms do.

use crate::texts::fields::{self as field_texts, FieldTexts};
use entente_domain::DomainError;
use entente_domain::fields::{Fault, Rule};
use entente_domain::invitations::Language;

/// The problems of one submitted form, by field id, in the form's order of submission.
pub struct FieldErrors {
    pub texts: &'static FieldTexts,
    errors: Vec<(&'static str, String)>,
    /// What was typed into the form's inputs, by input id, shown again (never a
    /// password).
    kept: Vec<(&'static str, String)>,
}

impl FieldErrors {
    pub fn new(language: Language) -> FieldErrors {
        FieldErrors {
            texts: field_texts::for_language(language),
            errors: Vec::new(),
            kept: Vec::new(),
        }
    }

    /// A refused form: `error` beside its field (`inputs` maps the API names of the
    /// form's fields to their input ids) and the `typed` values kept. The message is
    /// for the line above the form, when no field takes the refusal.
    pub fn refused(
        language: Language,
        error: &DomainError,
        inputs: &[(&str, &'static str)],
        typed: Vec<(&'static str, String)>,
    ) -> (FieldErrors, Option<String>) {
        let mut fields = FieldErrors::new(language).keeping(typed);
        let message = fields.place(error, inputs);
        (fields, message)
    }

    /// The same, showing the `typed` values again (by input id).
    pub fn keeping(mut self, typed: Vec<(&'static str, String)>) -> FieldErrors {
        self.kept = typed;
        self
    }

    /// The value to show in the input `id`: what was typed when the form was refused,
    /// else `stored`.
    pub fn value<'a>(&'a self, id: &str, stored: &'a str) -> &'a str {
        self.kept
            .iter()
            .find(|(input, _)| *input == id)
            .map_or(stored, |(_, typed)| typed.as_str())
    }

    /// Whether the checkbox `id` is ticked: as sent when its form was refused (kept as
    /// [`FieldErrors::tick`] wrote it), else `stored`.
    pub fn ticked(&self, id: &str, stored: impl std::borrow::Borrow<bool>) -> bool {
        self.kept
            .iter()
            .find(|(input, _)| *input == id)
            .map_or(*stored.borrow(), |(_, typed)| !typed.is_empty())
    }

    /// Whether the refused form is the one whose input ids start with `prefix` (to
    /// open the `<details>` it sits in).
    pub fn refused_form(&self, prefix: &str) -> bool {
        self.kept.iter().any(|(input, _)| input.starts_with(prefix))
    }

    /// A checkbox's state as sent, for the values kept of a refused form.
    pub fn tick(id: &'static str, sent: &Option<String>) -> (&'static str, String) {
        (id, if sent.is_some() { "on" } else { "" }.to_owned())
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

impl FieldErrors {
    /// Places a refusal beside the field it is about: `inputs` maps the API names of
    /// the form's fields to their input ids. Returns the refusal's message when no
    /// field of the form takes it, for the line above the form.
    pub fn place(
        &mut self,
        error: &DomainError,
        inputs: &[(&str, &'static str)],
    ) -> Option<String> {
        if let DomainError::Field { fault, message } = error {
            match inputs.iter().find(|(field, _)| *field == fault.field) {
                Some((_, input)) => self.add(input, words(self.texts, fault)),
                None => return Some(message.clone()),
            }
            return None;
        }
        Some(error.to_string())
    }
}

/// The plain words for `fault` beside its field, in the texts' language.
pub fn words(texts: &FieldTexts, fault: &Fault) -> String {
    match &fault.rule {
        Rule::Empty => match fault.field {
            "displayName" => texts.enter_display_name.to_owned(),
            "id" | "domains" => texts.enter_domain.to_owned(),
            _ => texts.enter_value.to_owned(),
        },
        Rule::TooLong { length, max } => texts
            .too_long
            .arg("length", *length)
            .arg("max", *max)
            .to_string(),
        Rule::NotAnAddress => texts.enter_email.to_owned(),
        // The form of a new member says which domains fit; without them, this.
        Rule::OutsideDomains => texts.enter_email.to_owned(),
        Rule::PasswordTooShort => texts.password_too_short.to_owned(),
        Rule::PasswordTooLong => texts.password_too_long.to_owned(),
        Rule::NotWebAddress => texts.enter_web_address.to_owned(),
        Rule::NotHttps if fault.field == "redirectUris" => texts.redirect_https.to_owned(),
        Rule::NotHttps => texts.enter_https_url.to_owned(),
        Rule::Fragment => texts.redirect_fragment.to_owned(),
        Rule::NotColour => texts.enter_colour.to_owned(),
        Rule::NotDomain { entry } => texts.not_a_domain.arg("entry", entry).to_string(),
        Rule::AllowedAndBlocked { entry } => {
            texts.allowed_and_blocked.arg("entry", entry).to_string()
        }
        Rule::OutOfRange { min, max } => texts
            .days_between
            .arg("min", *min)
            .arg("max", *max)
            .to_string(),
        Rule::OwnOrganization => texts.own_organization.to_owned(),
        Rule::UnknownPartner { entry } => texts.unknown_partner.arg("entry", entry).to_string(),
        Rule::TooManyTargets { max } => texts.too_many_targets.arg("max", *max).to_string(),
        Rule::NotUserOrGroup { entry } => texts.not_user_or_group.arg("entry", entry).to_string(),
        Rule::OnlyAllUsers => texts.only_all_users.to_owned(),
        Rule::NotApplicationHere { entry } => texts
            .not_an_application_here
            .arg("entry", entry)
            .to_string(),
        Rule::RedemptionOrder => texts.redemption_order.to_owned(),
    }
}
