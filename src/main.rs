//! The `newsdedup` binary: parse arguments, pick a mode, map errors to exit codes.

mod batch;
mod cli;
mod corpus;
mod jsonl;

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use clap::Parser;

use cli::{Args, Format};
use newsdedup::write::Report;
use newsdedup::{Cleaned, clean};

/// The exit codes, as documented in `--help` and the README.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Exit {
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
            eprintln!("newsdedup: {err:#}");
            Exit::Error.into()
        }
    }
}

fn run(args: &Args) -> Result<Exit> {
    let config = args.config()?;
    if args.across || args.across_stage.is_some() {
        return corpus::run::run(args, &config);
    }
    if args.jsonl {
        if !args.paths.is_empty() {
            bail!("--jsonl reads stdin; it takes no paths");
        }
        let summary = jsonl::run_stdio(&config, &args.text_field, args.jobs())?;
        if !args.quiet {
            eprintln!(
                "newsdedup: {} records: {} cleaned, {} without a string field {:?}, {} not JSON objects",
                summary.records,
                summary.cleaned,
                summary.without_text,
                args.text_field,
                summary.errors
            );
        }
        return Ok(if summary.errors > 0 {
            Exit::Error
        } else {
            Exit::Success
        });
    }
    let single = match args.paths.as_slice() {
        [] => Some(None),
        [p] if p.as_os_str() == "-" => Some(None),
        [p] if args.out_dir.is_none() && !args.in_place && !p.is_dir() => Some(Some(p.as_path())),
        _ => None,
    };
    match single {
        Some(path) => run_single(args, &config, path),
        None => run_batch(args, &config),
    }
}

/// One article: stdin or a file, to stdout.
fn run_single(args: &Args, config: &newsdedup::Config, path: Option<&Path>) -> Result<Exit> {
    if args.in_place || args.out_dir.is_some() {
        bail!("--out-dir and --in-place need files or folders to clean, not stdin");
    }
    let bytes = read_input(path)?;
    let name = path.map_or("<stdin>".into(), |p| p.display().to_string());
    let text = decode(&bytes).with_context(|| name.clone())?;
    let cleaned = clean(text, config);
    if args.explain {
        explain(&cleaned, &mut io::stderr().lock())?;
    }
    let path_text = path.map(|p| p.to_string_lossy().into_owned());
    let report = Report::new(&cleaned, path_text.as_deref());
    if let Some(target) = &args.report {
        let mut out = open_report(target)?;
        writeln!(out, "{}", report.to_json_line())?;
        out.flush()?;
    }
    let mut out = BufWriter::new(io::stdout().lock());
    if args.check {
        if cleaned.changed() {
            writeln!(
                out,
                "{}",
                path.map_or("-".into(), |p| p.display().to_string())
            )?;
        }
        out.flush()?;
        return Ok(if cleaned.changed() {
            Exit::RepeatsFound
        } else {
            Exit::Success
        });
    }
    match args.format {
        Format::Text => cleaned.write_to(&mut out)?,
        Format::Json => writeln!(out, "{}", report.to_json_line())?,
    }
    out.flush()?;
    Ok(Exit::Success)
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
    let report_to_stdout = args.report.as_ref().is_some_and(|r| r.as_os_str() == "-");
    if report_to_stdout && target == batch::Target::Check {
        bail!("--check lists files on stdout; write the --report to a file");
    }
    let report = args.report.as_ref().map(|r| open_report(r)).transpose()?;
    let options = batch::Options {
        config,
        target: target.clone(),
        extensions: args.ext.clone(),
        follow_links: args.follow,
        jobs: args.jobs(),
        quiet: args.quiet,
        report,
        listing: Box::new(BufWriter::new(io::stdout())),
    };
    let summary = batch::run(&args.paths, options)?;
    if !args.quiet {
        let listed: Vec<String> = summary
            .skipped
            .iter()
            .take(20)
            .map(|(p, why)| format!("{} ({why})", p.display()))
            .collect();
        eprintln!("newsdedup: {}", summary.line());
        if !listed.is_empty() {
            let more = summary.skipped.len().saturating_sub(listed.len());
            let tail = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            eprintln!("newsdedup: skipped: {}{tail}", listed.join(", "));
        }
    }
    Ok(if summary.interrupted {
        Exit::Interrupted
    } else if summary.failed > 0 {
        Exit::Error
    } else if target == batch::Target::Check && summary.cleaned > 0 {
        Exit::RepeatsFound
    } else {
        Exit::Success
    })
}

fn open_report(target: &PathBuf) -> Result<Box<dyn Write + Send>> {
    if target.as_os_str() == "-" {
        return Ok(Box::new(BufWriter::new(io::stdout())));
    }
    let file = File::create(target)
        .with_context(|| format!("cannot create the report {}", target.display()))?;
    Ok(Box::new(BufWriter::new(file)))
}

fn read_input(path: Option<&Path>) -> Result<Vec<u8>> {
    match path {
        None => {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .context("cannot read stdin")?;
            Ok(bytes)
        }
        Some(p) => std::fs::read(p).with_context(|| format!("cannot read {}", p.display())),
    }
}

/// The input as text, or an error naming the first invalid byte.
fn decode(bytes: &[u8]) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|e| {
        anyhow!(
            "not valid UTF-8: invalid byte at offset {}",
            e.valid_up_to()
        )
    })
}

/// One line per dropped passage (and per near miss kept) on `out`.
fn explain(cleaned: &Cleaned, out: &mut impl Write) -> io::Result<()> {
    use newsdedup::write::shorten;
    let text = cleaned.input();
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    for d in &cleaned.decisions {
        let what = shorten(d.span.text(text), 60);
        let (kind, score, line) = (d.kind.as_str(), d.score, line_of(d.span.start));
        write!(out, "drop {kind:<11} {score:.2}  line {line}: \"{what}\"")?;
        if let Some(w) = d.witnesses.first() {
            write!(
                out,
                "  ← line {}: \"{}\"",
                line_of(w.start),
                shorten(w.text(text), 60)
            )?;
        }
        if let Some(rule) = &d.rule {
            write!(out, "  ({rule})")?;
        }
        writeln!(out)?;
    }
    for n in &cleaned.notes {
        let what = shorten(n.span.text(text), 60);
        let (score, line, why) = (n.score, line_of(n.span.start), n.reason.as_str());
        writeln!(
            out,
            "keep similar     {score:.2}  line {line}: \"{what}\"  (has {why})"
        )?;
    }
    Ok(())
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
        assert!(!is_broken_pipe(&anyhow!("other")));
    }
}
