//! Server-rendered pages: minijinja templates embedded in the binary, optionally overridden by files
//! from `server.templates_dir`. Their text comes from `locales/` (`crate::i18n`): a template says
//! `{{ t("home-heading") }}`, with arguments as keywords (`t("full-lead-limit", room=tag("strong", room),
//! limit=limit)`), and gets `lang` (for `<html lang>`) and `languages` (the language choice) with every page.

use std::path::Path;

use fluent_bundle::FluentArgs;
use minijinja::value::{Kwargs, Serde, Value, ValueKind};
use minijinja::{Environment, ErrorKind, State, context};
use rust_embed::Embed;
use serde::Serialize;

use crate::i18n::{self, Lang};

#[derive(Embed)]
#[folder = "../../templates/"]
struct BuiltIn;

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("template {name}: {source}")]
    Syntax {
        name: String,
        source: minijinja::Error,
    },
    #[error("templates directory {dir}: {source}")]
    Io { dir: String, source: std::io::Error },
    #[error("template {0} is not UTF-8")]
    Encoding(String),
}

pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    pub fn load(override_dir: &str) -> Result<Templates, TemplateError> {
        let mut env = Environment::new();
        // Limits the pages need, from the one definition the server enforces.
        env.add_global(
            "max_room_name_len",
            vroom_core::room_name::MAX_ROOM_NAME_LEN,
        );
        env.add_function("t", translate);
        env.add_function("tag", tag);
        for name in BuiltIn::iter() {
            let Some(file) = BuiltIn::get(&name) else {
                continue;
            };
            let source = String::from_utf8(file.data.into_owned())
                .map_err(|_| TemplateError::Encoding(name.to_string()))?;
            add(&mut env, name.to_string(), source)?;
        }
        if !override_dir.is_empty() {
            let dir = Path::new(override_dir);
            let entries = std::fs::read_dir(dir).map_err(|source| TemplateError::Io {
                dir: override_dir.to_owned(),
                source,
            })?;
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().and_then(|e| e.to_str()) != Some("html") {
                    continue;
                }
                let name = entry.file_name().to_string_lossy().into_owned();
                let source =
                    std::fs::read_to_string(&path).map_err(|source| TemplateError::Io {
                        dir: override_dir.to_owned(),
                        source,
                    })?;
                add(&mut env, name, source)?;
            }
            // Mails: `<dir>/mail/<kind>.txt`, `.html` and `.subject`.
            if let Ok(mails) = std::fs::read_dir(dir.join("mail")) {
                for entry in mails.flatten() {
                    let path = entry.path();
                    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                    if !matches!(ext, "txt" | "html" | "subject") {
                        continue;
                    }
                    let name = format!("mail/{}", entry.file_name().to_string_lossy());
                    let source =
                        std::fs::read_to_string(&path).map_err(|source| TemplateError::Io {
                            dir: override_dir.to_owned(),
                            source,
                        })?;
                    add(&mut env, name, source)?;
                }
            }
        }
        Ok(Templates { env })
    }

    /// Renders a page in `lang`.
    pub fn render<S: Serialize>(
        &self,
        name: &str,
        lang: Lang,
        context: S,
    ) -> Result<String, minijinja::Error> {
        let context = context! {
            lang => lang.code(),
            languages => Value::from(Serde(i18n::choices(lang))),
            ..Value::from(Serde(context))
        };
        self.env.get_template(name)?.render(context)
    }
}

fn add(env: &mut Environment<'static>, name: String, source: String) -> Result<(), TemplateError> {
    env.add_template_owned(name.clone(), source)
        .map_err(|source| TemplateError::Syntax { name, source })
}

/// `t("id", name=value, …)`: a message in the page's language. Arguments that are safe HTML (made by `tag`)
/// go in as they are and the rest of the text is escaped; otherwise the text is escaped where it is used.
fn translate(state: &State, id: String, kwargs: Kwargs) -> Result<Value, minijinja::Error> {
    let lang = state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Lang::from_code))
        .unwrap_or_default();
    let mut args = FluentArgs::new();
    let mut markup: Vec<String> = Vec::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        if value.is_safe() {
            // A placeholder no translation contains, swapped for the markup once the text is escaped.
            args.set(name.to_owned(), format!("\u{E000}{}\u{E001}", markup.len()));
            markup.push(value.to_string());
        } else if value.kind() == ValueKind::Number
            && let Ok(n) = i64::try_from(value.clone())
        {
            args.set(name.to_owned(), n);
        } else {
            args.set(name.to_owned(), value.to_string());
        }
    }
    let text = lang.format(&id, &args);
    if markup.is_empty() {
        return Ok(Value::from(text));
    }
    let mut html = escape(&text);
    for (i, piece) in markup.iter().enumerate() {
        html = html.replace(&format!("\u{E000}{i}\u{E001}"), piece);
    }
    Ok(Value::from_safe_string(html))
}

/// `tag("strong", text)`: the text, escaped, in a `strong` / `em` / `span` element (an argument of `t`).
fn tag(name: String, text: String) -> Result<Value, minijinja::Error> {
    if !matches!(name.as_str(), "strong" | "em" | "span") {
        return Err(minijinja::Error::new(
            ErrorKind::InvalidOperation,
            format!("tag: <{name}> is not allowed"),
        ));
    }
    Ok(Value::from_safe_string(format!(
        "<{name}>{}</{name}>",
        escape(&text)
    )))
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(source: &str, lang: &str) -> String {
        let mut env = Environment::new();
        env.add_function("t", translate);
        env.add_function("tag", tag);
        env.add_template("page.html", source).unwrap();
        env.get_template("page.html")
            .unwrap()
            .render(context! { lang => lang })
            .unwrap()
    }

    #[test]
    fn templates_say_messages_in_the_page_language_and_escape_them() {
        assert_eq!(render(r#"{{ t("full-title") }}"#, "fr"), "Réunion complète");
        assert_eq!(render(r#"{{ t("full-title") }}"#, "en"), "Meeting full");
        assert_eq!(
            render(r#"{{ t("error-status", status=404) }}"#, "fr"),
            "Erreur 404"
        );
        // Markup from tag() stays; the argument inside it and the rest of the text are escaped.
        assert_eq!(
            render(
                r#"{{ t("goodbye-title-room", room=tag("strong", "<b>&")) }}"#,
                "en"
            ),
            "You left <strong>&lt;b&gt;&amp;</strong>"
        );
        assert_eq!(
            render(r#"{{ t("goodbye-title-room", room="<b>") }}"#, "en"),
            "You left &lt;b&gt;"
        );
    }
}
