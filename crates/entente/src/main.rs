use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = entente::cli::Cli::parse();
    match entente::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            entente::cli::exit_code(&error)
        }
    }
}
