//! `vroom admin …`: admin accounts from the command line.

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, bail};
use vroom_store::{Store, StoreError};

use crate::cli::AdminCommand;
use crate::{clock, passwords};

/// Admin names: 1 to 64 ASCII letters, digits, `.`, `-`, `_` or `@` (a single sign-on proxy's header
/// can only carry ASCII). They are kept in lower case, so that every database compares them alike.
pub fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'))
}

/// How a name is stored and looked up.
pub fn canonical_name(name: &str) -> String {
    name.trim().to_ascii_lowercase()
}

/// The stored "hash" of an account that has no password: not a PHC string, so no password matches
/// it; such an account comes in only through a single sign-on proxy.
pub const NO_PASSWORD: &str = "!single-sign-on-only";

/// Shortest admin password.
pub const MIN_PASSWORD_CHARS: usize = 10;
const MAX_PASSWORD_CHARS: usize = 128;

/// The password: asked twice on a terminal (not echoed), else the first line of standard input.
fn read_password(name: &str) -> anyhow::Result<String> {
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("Password for {name}: "))
            .context("reading the password")?;
        let again = rpassword::prompt_password("Again: ").context("reading the password")?;
        if first != again {
            bail!("the two passwords differ");
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    let n = password.chars().count();
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&n) {
        bail!("a password has {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters");
    }
    Ok(password)
}

pub async fn run(store: &Store, command: AdminCommand) -> anyhow::Result<()> {
    let admins = store.admins();
    let command = match command {
        AdminCommand::Add { name, no_password } => AdminCommand::Add {
            name: canonical_name(&name),
            no_password,
        },
        AdminCommand::Remove { name } => AdminCommand::Remove {
            name: canonical_name(&name),
        },
        AdminCommand::ResetPassword { name } => AdminCommand::ResetPassword {
            name: canonical_name(&name),
        },
        AdminCommand::List => AdminCommand::List,
    };
    match command {
        AdminCommand::Add { name, no_password } => {
            if !valid_name(&name) {
                bail!("an admin name has 1 to 64 letters, digits, '.', '-', '_' or '@'");
            }
            if admins.get(&name).await?.is_some() {
                bail!("there is already an admin named {name}");
            }
            let hash = if no_password {
                NO_PASSWORD.to_owned()
            } else {
                passwords::hash(read_password(&name)?).await?
            };
            match admins.create(&name, &hash, clock::unix_now_i64()).await {
                Ok(_) => println!("admin {name} added"),
                Err(StoreError::Conflict) => bail!("there is already an admin named {name}"),
                Err(e) => return Err(e.into()),
            }
        }
        AdminCommand::List => {
            let list = admins.list().await?;
            if list.is_empty() {
                println!("no admin accounts (add one with `vroom admin add <name>`)");
            }
            for admin in list {
                let last = admin
                    .last_login_at
                    .map(|at| format!("last login {}", clock::format_utc(at)))
                    .unwrap_or_else(|| "never logged in".into());
                let sso = if admin.password_hash == NO_PASSWORD {
                    "\tsingle sign-on only"
                } else {
                    ""
                };
                println!(
                    "{}\tcreated {}\t{last}{sso}",
                    admin.username,
                    clock::format_utc(admin.created_at)
                );
            }
        }
        AdminCommand::Remove { name } => {
            if !admins.remove(&name).await? {
                bail!("there is no admin named {name}");
            }
            println!("admin {name} removed");
        }
        AdminCommand::ResetPassword { name } => {
            if admins.get(&name).await?.is_none() {
                bail!("there is no admin named {name}");
            }
            let password = read_password(&name)?;
            let hash = passwords::hash(password).await?;
            admins.set_password(&name, &hash).await?;
            println!("password of {name} changed; its sessions ended");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{canonical_name, valid_name};

    #[test]
    fn names() {
        assert!(valid_name("ops"));
        assert!(valid_name("ana.m@example.org"));
        assert!(!valid_name("josé"), "a proxy's header cannot carry it");
        assert_eq!(canonical_name(" Ops "), "ops");
        assert!(!valid_name(""));
        assert!(!valid_name("a b"));
        assert!(!valid_name(&"a".repeat(65)));
        assert!(!valid_name("x;drop"));
    }
}
