//! The `membernet` command line (DESIGN.md, "Commands").

use std::net::SocketAddr;

use anyhow::Context;
use clap::{Parser, Subcommand};
use membernet_domain::{FullName, MemberEmail, token::TokenPurpose};
use membernet_persistence::{members, tokens};
use time::OffsetDateTime;
use tokio::net::TcpListener;

use crate::{
    app::App,
    config::{Config, Settings},
    state::AppState,
};

#[derive(Parser)]
#[command(
    name = "membernet",
    version,
    about = "A self-hostable membership network"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site (the default when no command is given).
    Serve {
        /// Address to listen on [env: MEMBERNET_BIND] [default: 127.0.0.1:3000]
        #[arg(long)]
        bind: Option<String>,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Staff administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Make an admin (a new account, or an existing one promoted) and print a
    /// one-time link to set the password.
    Create {
        #[arg(long)]
        email: String,
        /// The name shown for a new account [default: the address's local part]
        #[arg(long)]
        name: Option<String>,
    },
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let mut settings = Settings::from_env();
    match cli.command.unwrap_or(Command::Serve { bind: None }) {
        Command::Serve { bind } => {
            if bind.is_some() {
                settings.bind = bind;
            }
            let config = Config::from_settings(settings)?;
            let bind: SocketAddr = config.bind;
            let app = App::build(config).await?;
            let listener = TcpListener::bind(bind)
                .await
                .with_context(|| format!("cannot listen on {bind}"))?;
            app.serve(listener).await
        }
        Command::Migrate => {
            App::build(Config::from_settings(settings)?).await?;
            println!("The database is up to date.");
            Ok(())
        }
        Command::Admin {
            command: AdminCommand::Create { email, name },
        } => {
            let app = App::build(Config::from_settings(settings)?).await?;
            let link = create_admin(&app.state, &email, name.as_deref()).await?;
            println!(
                "{email} is an admin. To choose a password, open this link within 24 hours (it works once):"
            );
            println!("{link}");
            Ok(())
        }
    }
}

/// Makes the admin and returns the one-time link for choosing a password.
pub async fn create_admin(
    state: &AppState,
    email: &str,
    name: Option<&str>,
) -> anyhow::Result<String> {
    let email = MemberEmail::parse(email).map_err(|error| anyhow::anyhow!("--email: {error}"))?;
    let local_part = email
        .as_str()
        .split('@')
        .next()
        .unwrap_or("Admin")
        .to_owned();
    let name = FullName::parse(name.unwrap_or(&local_part))
        .map_err(|error| anyhow::anyhow!("--name: {error}"))?;
    let now = OffsetDateTime::now_utc();
    let db = &state.db;
    let id = members::make_admin(db, &email, &name, now).await?;
    let token = tokens::issue(db, id, TokenPurpose::AccountSetup, now).await?;
    Ok(format!(
        "{}/password/reset?token={token}",
        state.config.base_url
    ))
}
