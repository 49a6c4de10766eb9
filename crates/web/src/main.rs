//! The `membernet` binary.

use clap::Parser;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // Logs go to stderr, so commands that write data to stdout (an export) stay clean.
    let logs = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(filter);
    match std::env::var("MEMBERNET_LOG_FORMAT").as_deref() {
        // One JSON object a line, for a log collector.
        Ok("json") => logs.json().flatten_event(true).init(),
        Ok("text") | Ok("") | Err(_) => logs.init(),
        Ok(other) => {
            logs.init();
            tracing::warn!(
                format = other,
                "MEMBERNET_LOG_FORMAT is text or json; writing text"
            );
        }
    }
    match membernet_web::cli::run(membernet_web::cli::Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("membernet: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
