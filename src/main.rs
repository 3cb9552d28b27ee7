//! The `newsdedup` binary: parse arguments, run, map errors to exit codes.

mod cli;

use std::io::{self, BufWriter, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use clap::Parser;

use cli::Args;
use newsdedup::{Cleaned, clean};

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("newsdedup: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<ExitCode> {
    let config = args.config()?;
    let path = match args.paths.as_slice() {
        [] => None,
        [p] if p.as_os_str() == "-" => None,
        [p] => Some(p.as_path()),
        _ => bail!("more than one path given; batch mode is not available yet"),
    };
    let bytes = read_input(path)?;
    let name = path.map_or("<stdin>".into(), |p| p.display().to_string());
    let text = decode(&bytes).with_context(|| name.clone())?;
    let cleaned = clean(text, &config);
    if args.explain {
        explain(&cleaned, &mut io::stderr().lock())?;
    }
    let mut out = BufWriter::new(io::stdout().lock());
    cleaned.write_to(&mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn read_input(path: Option<&Path>) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    match path {
        None => io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("cannot read stdin")?,
        Some(p) => {
            bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
            bytes.len()
        }
    };
    Ok(bytes)
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
    let text = cleaned.input();
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    for d in &cleaned.decisions {
        let what = newsdedup::write::shorten(d.span.text(text), 60);
        write!(
            out,
            "drop {:<11} {:.2}  line {}: \"{}\"",
            d.kind.as_str(),
            d.score,
            line_of(d.span.start),
            what
        )?;
        if let Some(w) = d.witnesses.first() {
            let witness = newsdedup::write::shorten(w.text(text), 60);
            write!(out, "  ← line {}: \"{}\"", line_of(w.start), witness)?;
        }
        if let Some(rule) = &d.rule {
            write!(out, "  ({rule})")?;
        }
        writeln!(out)?;
    }
    for n in &cleaned.notes {
        let what = newsdedup::write::shorten(n.span.text(text), 60);
        writeln!(
            out,
            "keep {:<11} {:.2}  line {}: \"{}\"  (has {})",
            "similar",
            n.score,
            line_of(n.span.start),
            what,
            n.reason.as_str()
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
