//! The command line of corpus mode: checks the flags, picks files, JSON
//! Lines or an engine stage, and maps the outcome to an exit code.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use newsdedup::Config;
use newsdedup::paths::escape_path;

use crate::Exit;
use crate::batch::Target;
use crate::batch::walk::Extensions;
use crate::cli::{Args, Format};
use crate::diag::say;
use crate::listing::Listing;

use super::{Params, folders};

/// Runs `--across` (or `--across-stage`).
pub fn run(args: &Args, config: &Config) -> Result<Exit> {
    let params = Params {
        min_pages: args.furniture_pages,
    };
    if let Some(stage) = args.across_stage {
        return super::stages::run(stage, args, config, &params);
    }
    if args.jsonl {
        return super::records::run(args, config, &params);
    }
    if args.paths.is_empty() || args.paths.iter().any(|p| p.as_os_str() == "-") {
        bail!("--across needs folders or files to read (or --jsonl)");
    }
    let target = target(args)?;
    if target == Target::Check && args.save_sketches.is_some() {
        bail!("--check writes nothing; --save-sketches needs --out-dir or --in-place");
    }
    let summary = folders::run(&args.paths, options(args, config, params, target.clone())?)?;
    Ok(finish(args, &summary, &target))
}

/// Where the results go: `--out-dir`, `--in-place` or `--check`.
pub fn target(args: &Args) -> Result<Target> {
    if args.format == Format::Json {
        bail!("--format json is for one article; for many, use --report FILE");
    }
    let target = match (&args.out_dir, args.in_place, args.check) {
        (Some(dir), _, _) => Target::OutDir(dir.clone()),
        (None, true, _) => Target::InPlace,
        (None, false, true) => Target::Check,
        (None, false, false) => bail!(
            "corpus mode needs to know where the results go: --out-dir DIR, --in-place or --check"
        ),
    };
    let to_stdout = |p: &Option<PathBuf>| p.as_ref().is_some_and(|r| r.as_os_str() == "-");
    if target == Target::Check && (to_stdout(&args.report) || to_stdout(&args.clusters)) {
        bail!("--check lists files on stdout; write the --report and --clusters to files");
    }
    Ok(target)
}

/// The options of a run over files.
pub fn options<'a>(
    args: &Args,
    config: &'a Config,
    params: Params,
    target: Target,
) -> Result<folders::Options<'a>> {
    Ok(folders::Options {
        config,
        params,
        target,
        extensions: if args.ext.is_empty() {
            Extensions::default()
        } else {
            Extensions::parse(&args.ext)
        },
        hidden: args.hidden,
        follow: args.follow,
        jobs: args.jobs(),
        quiet: args.quiet,
        explain: args.explain,
        site_depth: args.site_depth,
        spool_dir: args.spool_dir.clone(),
        move_duplicates: args.move_duplicates.clone(),
        against: args.against.clone(),
        save_sketches: args.save_sketches.clone(),
        report: args.report.clone(),
        clusters: args.clusters.clone(),
        listing: Listing::stdout(args.null),
    })
}

/// Prints the summary and picks the exit code.
pub fn finish(args: &Args, summary: &folders::Summary, target: &Target) -> Exit {
    if !args.quiet {
        say!("{}", summary.line());
        let listed: Vec<String> = summary
            .skipped
            .iter()
            .take(20)
            .map(|(p, why)| format!("{} ({why})", escape_path(p)))
            .collect();
        if !listed.is_empty() {
            say!("skipped: {}", listed.join(", "));
        }
    }
    if summary.interrupted {
        Exit::Interrupted
    } else if summary.failed > 0 {
        Exit::Error
    } else if *target == Target::Check && summary.changed > 0 {
        Exit::RepeatsFound
    } else {
        Exit::Success
    }
}

/// Opens an output file (`-`: stdout).
pub fn open(path: &PathBuf, what: &str) -> Result<Box<dyn Write + Send>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(BufWriter::new(io::stdout())));
    }
    let file = File::create(path)
        .with_context(|| format!("cannot create the {what} {}", escape_path(path)))?;
    Ok(Box::new(BufWriter::new(file)))
}
