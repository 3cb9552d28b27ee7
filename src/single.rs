//! One article: stdin or a file, cleaned to stdout.

use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};

use crate::Exit;
use crate::cli::{Args, Format};
use crate::listing::Listing;
use newsdedup::paths::escape_path;
use newsdedup::write::Report;
use newsdedup::{Cleaned, Config, clean};

/// Cleans the article at `path` (`None`: stdin) and writes it, or its report,
/// to stdout.
pub fn run(args: &Args, config: &Config, path: Option<&Path>) -> Result<Exit> {
    if args.in_place || args.out_dir.is_some() {
        bail!("--out-dir and --in-place need files or folders to clean, not stdin");
    }
    if let Some(report) = &args.report {
        refuse_report(report, path)?;
    }
    let name = path.map_or("<stdin>".into(), |p| escape_path(p).into_owned());
    let bytes = match path {
        None => read_stdin()?,
        Some(p) => crate::batch::read_named_file(p).map_err(|e| anyhow!("{name}: {e}"))?,
    };
    // The same rule as batch mode: a NUL byte means a binary file.
    let text = crate::batch::decode(&bytes).map_err(|e| anyhow!("{name}: {e}; not cleaned"))?;
    let cleaned = clean(text, config);
    if args.explain {
        // On stderr, best-effort: the article still goes to stdout.
        let _ = explain(&cleaned, &mut io::stderr().lock());
    }
    let report = Report::new(&cleaned, path);
    if let Some(target) = &args.report {
        let file = fs::File::create(target)
            .with_context(|| format!("cannot create the report {}", escape_path(target)))?;
        let mut out = BufWriter::new(file);
        writeln!(out, "{}", report.to_json_line())?;
        out.flush()?;
    }
    if args.check {
        let exit = if cleaned.changed() {
            Exit::RepeatsFound
        } else {
            Exit::Success
        };
        if cleaned.changed() {
            // The exit code says it all: a reader that went away changes nothing.
            let _ = Listing::stdout(args.null).write(path.unwrap_or(Path::new("-")));
        }
        return Ok(exit);
    }
    let mut out = BufWriter::new(io::stdout().lock());
    match args.format {
        Format::Text => cleaned.write_to(&mut out)?,
        Format::Json => writeln!(out, "{}", report.to_json_line())?,
    }
    out.flush()?;
    Ok(Exit::Success)
}

/// Refuses a report on stdout (it would mix with the article) or onto the
/// input itself.
fn refuse_report(report: &Path, input: Option<&Path>) -> Result<()> {
    if report.as_os_str() == "-" {
        bail!(
            "--report - would mix the report with the article on stdout; \
             use --format json, or --report FILE"
        );
    }
    // The same file, whatever the name (a link, a hard link).
    let identity = |p: &Path| {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(p).ok().map(|m| (m.dev(), m.ino()))
    };
    if let Some(input) = input
        && identity(report).is_some()
        && identity(report) == identity(input)
    {
        bail!(
            "refusing to write the report to {}: it is the input",
            escape_path(report)
        );
    }
    Ok(())
}

/// All of stdin, read into a buffer sized from the start when stdin is a file.
fn read_stdin() -> Result<Vec<u8>> {
    let mut stdin = io::stdin().lock();
    let mut bytes = Vec::new();
    let size = stdin_size().unwrap_or(0);
    bytes
        .try_reserve_exact(size.saturating_add(1))
        .context("stdin is too large for memory")?;
    stdin.read_to_end(&mut bytes).context("cannot read stdin")?;
    Ok(bytes)
}

/// The size of stdin when it is a regular file (`newsdedup < big.txt`).
fn stdin_size() -> Option<usize> {
    use std::os::fd::AsFd;
    let stdin = io::stdin();
    let meta = rustix::fs::fstat(stdin.as_fd()).ok()?;
    let regular =
        rustix::fs::FileType::from_raw_mode(meta.st_mode) == rustix::fs::FileType::RegularFile;
    regular
        .then(|| usize::try_from(meta.st_size).ok())
        .flatten()
}

/// One line per dropped passage (and per near miss kept) on `out`.
pub(crate) fn explain(cleaned: &Cleaned, out: &mut impl Write) -> io::Result<()> {
    use newsdedup::write::shorten;
    let text = cleaned.input();
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    for d in &cleaned.decisions {
        let what = shorten(d.span.text(text), 60);
        let (kind, score, line) = (d.kind.as_str(), d.score, line_of(d.span.start));
        write!(out, "drop {kind:<11} {score:.2}  line {line}: \"{what}\"")?;
        if let Some(rule) = &d.rule {
            write!(out, "  ({rule})")?;
        }
        // Each witness, and (for a merge of several) the part it supplies.
        let merged = d.witnesses.len() > 1;
        for (k, w) in d.witnesses.iter().enumerate() {
            if k > 0 {
                write!(out, "\n{:33}", "")?;
            }
            write!(
                out,
                "  ← line {}: \"{}\"",
                line_of(w.start),
                shorten(w.text(text), 60)
            )?;
            if let Some(part) = d.supplied.get(k).filter(|_| merged) {
                write!(out, "  (supplies \"{}\")", shorten(part.text(text), 40))?;
            }
        }
        writeln!(out)?;
    }
    for n in &cleaned.notes {
        let what = shorten(n.span.text(text), 60);
        let (score, line, why) = (n.score, line_of(n.span.start), n.reason.as_str());
        writeln!(
            out,
            "keep similar     {score:.2}  line {line}: \"{what}\"  (kept: {why})"
        )?;
    }
    Ok(())
}
