//! The `newsdedup` binary: parse arguments, pick a mode, map errors to exit codes.

#[cfg(not(unix))]
compile_error!(
    "the newsdedup command needs a Unix-like system (its batch mode relies on openat-style \
     calls); the library builds anywhere"
);

mod batch;
mod cli;
mod corpus;
mod diag;
mod jsonl;
mod listing;
mod single;

use std::io;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Parser;

use cli::{Args, Format};
use diag::say;
use listing::Listing;

/// The exit codes, as documented in `--help` and the README.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Success = 0,
    RepeatsFound = 1,
    Error = 2,
    Interrupted = 130,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(exit) => exit.into(),
        Err(err) if is_broken_pipe(&err) => Exit::Success.into(),
        Err(err) => {
            say!("{err:#}");
            Exit::Error.into()
        }
    }
}

fn run(args: &Args) -> Result<Exit> {
    let config = args.config()?;
    if let Some(asked) = args.jobs
        && asked.get() > cli::cores()
        && !args.quiet
    {
        say!(
            "--jobs {asked}: this machine has {} cores; using one thread per core",
            cli::cores()
        );
    }
    if args.across || args.across_stage.is_some() {
        return corpus::run::run(args, &config);
    }
    if args.jsonl {
        return jsonl::run_cli(args, &config);
    }
    let single = match args.paths.as_slice() {
        [] => Some(None),
        [p] if p.as_os_str() == "-" => Some(None),
        [p] if args.out_dir.is_none() && !args.in_place && !p.is_dir() => Some(Some(p.as_path())),
        _ => None,
    };
    match single {
        Some(path) => single::run(args, &config, path),
        None => run_batch(args, &config),
    }
}

/// Files and folders: `--out-dir`, `--in-place` or `--check`.
fn run_batch(args: &Args, config: &newsdedup::Config) -> Result<Exit> {
    let target = match (&args.out_dir, args.in_place, args.check) {
        (Some(dir), _, _) => batch::Target::OutDir(dir.clone()),
        (None, true, _) => batch::Target::InPlace,
        (None, false, true) => batch::Target::Check,
        (None, false, false) => bail!(
            "several articles or a folder to clean: say where the results go with \
             --out-dir DIR, or use --in-place or --check"
        ),
    };
    if args.format == Format::Json {
        bail!("--format json is for one article; for many, use --report FILE");
    }
    if args.explain {
        bail!("--explain is for one article; for many, use --report FILE");
    }
    let report_to_stdout = args.report.as_deref() == Some(Path::new("-"));
    if report_to_stdout && target == batch::Target::Check {
        bail!("--check lists files on stdout; write the --report to a file");
    }
    let extensions = if args.ext.is_empty() {
        batch::Extensions::default()
    } else {
        batch::Extensions::parse(&args.ext)
    };
    let options = batch::Options {
        config,
        target: target.clone(),
        extensions,
        hidden: args.hidden,
        follow: args.follow,
        jobs: args.jobs(),
        quiet: args.quiet,
        report: args.report.clone(),
        listing: Listing::stdout(args.null),
    };
    let summary = batch::run(&args.paths, options)?;
    if !args.quiet {
        say!("{}", summary.line());
    }
    Ok(if summary.interrupted {
        Exit::Interrupted
    } else if summary.failed > 0 || summary.walk_errors > 0 || summary.report_failed {
        Exit::Error
    } else if target == batch::Target::Check && summary.cleaned > 0 {
        Exit::RepeatsFound
    } else {
        Exit::Success
    })
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_the_documented_ones() {
        assert_eq!(Exit::Success as u8, 0);
        assert_eq!(Exit::RepeatsFound as u8, 1);
        assert_eq!(Exit::Error as u8, 2);
        assert_eq!(Exit::Interrupted as u8, 130);
    }

    #[test]
    fn broken_pipe_anywhere_in_the_chain_is_recognised() {
        let err =
            anyhow::Error::from(io::Error::from(io::ErrorKind::BrokenPipe)).context("writing");
        assert!(is_broken_pipe(&err));
        assert!(!is_broken_pipe(&anyhow::anyhow!("other")));
    }
}
