//! Writing a mail: subject, plain text and HTML from the templates, in one language.

use minijinja::Value;
use serde::Serialize;

use crate::i18n::Lang;
use crate::templates::Templates;

/// A mail ready to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Renders `mail/<kind>.txt` and `mail/<kind>.html` in `lang` with `context` (plus `public_url`),
/// and the subject from the message `mail-<kind>-subject` with the context's `subject_args`.
pub fn compose<S: Serialize>(
    templates: &Templates,
    lang: Lang,
    kind: &str,
    public_url: &str,
    context: S,
) -> Result<Composed, minijinja::Error> {
    let context = minijinja::context! {
        public_url => public_url.trim_end_matches('/'),
        ..Value::from(minijinja::value::Serde(&context))
    };
    let text = templates.render(&format!("mail/{kind}.txt"), lang, &context)?;
    let html = templates.render(&format!("mail/{kind}.html"), lang, &context)?;
    let subject = templates.render(&format!("mail/{kind}.subject"), lang, &context)?;
    // A subject is one line: no header can be injected through a name in it.
    let subject = subject
        .split(['\r', '\n'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Composed {
        subject,
        text: text.trim().to_owned() + "\n",
        html,
    })
}
