//! Server-rendered pages: minijinja templates embedded in the binary, optionally overridden by files
//! from `server.templates_dir`.

use std::path::Path;

use minijinja::Environment;
use rust_embed::Embed;
use serde::Serialize;

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
        }
        Ok(Templates { env })
    }

    pub fn render<S: Serialize>(&self, name: &str, context: S) -> Result<String, minijinja::Error> {
        self.env
            .get_template(name)?
            .render(minijinja::value::Serde(context))
    }
}

fn add(env: &mut Environment<'static>, name: String, source: String) -> Result<(), TemplateError> {
    env.add_template_owned(name.clone(), source)
        .map_err(|source| TemplateError::Syntax { name, source })
}
