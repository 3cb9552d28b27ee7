//! The plan of a batch run: its inputs resolved once, and the refusals that
//! keep every input safe, decided before anything is written.
//!
//! Without `--in-place` newsdedup never writes where it reads: an output
//! folder that holds an input, or lies inside an input folder, is refused
//! (an output could otherwise replace an input before it is read). A report
//! path that is, or may become, an input or an output is refused too. The
//! same input given twice is handled once.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::Target;
use super::files::{Identity, kind_name};
use newsdedup::paths::{Mirror, MirrorInput, escape_path};

/// One path named on the command line.
#[derive(Debug)]
pub struct Root {
    /// As the user gave it.
    pub path: PathBuf,
    /// Absolute, links resolved (empty if it does not exist).
    pub canonical: PathBuf,
    pub kind: RootKind,
    /// Its size, for a file.
    pub size: u64,
}

#[derive(Debug)]
pub enum RootKind {
    Folder,
    File {
        identity: Identity,
    },
    /// Not to be cleaned (a FIFO, a device, a link under `--in-place`), and why.
    Skipped(String),
    /// Cannot be read, and why.
    Missing(String),
}

impl Root {
    /// The name of this input's output under `--out-dir` (for a folder given
    /// with other inputs, its folder there): its own name.
    pub fn own_name(&self) -> Option<OsString> {
        own_name(&self.path, &self.canonical)
    }
}

/// The last component of `path` if it is a name, else of its resolved path
/// (`.` is named after the folder it stands for).
fn own_name(path: &Path, canonical: &Path) -> Option<OsString> {
    match path.components().next_back() {
        Some(Component::Normal(name)) => Some(name.to_owned()),
        _ => canonical.file_name().map(OsStr::to_owned),
    }
}

/// A batch run's inputs and outputs, checked.
#[derive(Debug)]
pub struct Plan {
    pub roots: Vec<Root>,
    /// Under `--out-dir`: where each input goes.
    pub mirror: Option<Mirror>,
    /// Under `--out-dir`: the output folder, absolute, links resolved.
    pub out_abs: Option<PathBuf>,
}

/// Resolves `inputs` and checks the run is safe: see the module doc.
pub fn plan(
    inputs: &[PathBuf],
    target: &Target,
    follow: bool,
    report: Option<&Path>,
) -> Result<Plan> {
    if inputs.iter().any(|p| p.as_os_str() == "-") {
        bail!("stdin (-) is one article: it cannot be cleaned with files or folders");
    }
    let in_place = *target == Target::InPlace;
    let mut roots: Vec<Root> = Vec::with_capacity(inputs.len());
    for path in inputs {
        let root = resolve(path, in_place, follow);
        let seen = !root.canonical.as_os_str().is_empty()
            && roots.iter().any(|r| r.canonical == root.canonical);
        if !seen {
            roots.push(root);
        }
    }
    if !matches!(target, Target::OutDir(_)) {
        // A path inside an input folder is walked with it (--out-dir mirrors
        // each input instead, as `cp -r` copies each).
        let folders: Vec<PathBuf> = roots
            .iter()
            .filter(|r| matches!(r.kind, RootKind::Folder))
            .map(|r| r.canonical.clone())
            .collect();
        roots.retain(|r| {
            let inside = |f: &PathBuf| r.canonical != *f && r.canonical.starts_with(f);
            r.canonical.as_os_str().is_empty() || !folders.iter().any(inside)
        });
    }
    let (mirror, out_abs) = match target {
        Target::OutDir(out) => {
            let out_abs = absolute_resolved(out)?;
            refuse_overlap(out, &out_abs, &roots)?;
            // A single input folder needs no name: it maps onto the output folder.
            let single_folder =
                matches!(roots.as_slice(), [r] if matches!(r.kind, RootKind::Folder));
            let mut inputs = Vec::with_capacity(roots.len());
            for root in &roots {
                let name = match root.own_name() {
                    Some(name) => name,
                    None if single_folder => OsString::new(),
                    None => bail!(
                        "cannot mirror {} under its name: give it as the only input",
                        escape_path(&root.path)
                    ),
                };
                inputs.push(MirrorInput {
                    path: root.path.clone(),
                    name,
                    is_dir: matches!(root.kind, RootKind::Folder),
                });
            }
            let mirror = Mirror::new(out, &inputs).map_err(anyhow::Error::msg)?;
            (Some(mirror), Some(out_abs))
        }
        _ => (None, None),
    };
    let plan = Plan {
        roots,
        mirror,
        out_abs,
    };
    if let Some(report) = report.filter(|r| r.as_os_str() != "-") {
        refuse_report(report, &plan)?;
    }
    Ok(plan)
}

/// What `path` is, as an input.
fn resolve(path: &Path, in_place: bool, follow: bool) -> Root {
    let mut root = Root {
        path: path.to_path_buf(),
        canonical: PathBuf::new(),
        kind: RootKind::Folder,
        size: 0,
    };
    let link = match fs::symlink_metadata(path) {
        Ok(meta) => meta.file_type().is_symlink(),
        Err(e) => {
            root.kind = RootKind::Missing(e.to_string());
            return root;
        }
    };
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) => {
            root.kind = RootKind::Missing(format!("a broken symbolic link ({e})"));
            return root;
        }
    };
    root.canonical = fs::canonicalize(path).unwrap_or_default();
    root.kind = if meta.is_dir() {
        RootKind::Folder
    } else if !meta.is_file() {
        RootKind::Skipped(format!("{}, not an article file", kind_name(&meta)))
    } else if link && in_place && !follow {
        RootKind::Skipped(
            "a symbolic link; not rewritten (--follow rewrites the file it leads to)".into(),
        )
    } else {
        root.size = meta.len();
        RootKind::File {
            identity: Identity::of(&meta),
        }
    };
    root
}

/// Refuses an output folder that holds an input, or lies inside an input
/// folder.
fn refuse_overlap(out: &Path, out_abs: &Path, roots: &[Root]) -> Result<()> {
    for root in roots.iter().filter(|r| !r.canonical.as_os_str().is_empty()) {
        if root.canonical.starts_with(out_abs) {
            bail!(
                "refusing to write into {}: the input {} is inside it, and an output \
                 could replace an input before it is read (choose an --out-dir outside \
                 the inputs, or use --in-place)",
                escape_path(out),
                escape_path(&root.path)
            );
        }
        if matches!(root.kind, RootKind::Folder) && out_abs.starts_with(&root.canonical) {
            bail!(
                "refusing to write into {}: it is inside the input folder {} \
                 (choose another --out-dir, or use --in-place to rewrite the files)",
                escape_path(out),
                escape_path(&root.path)
            );
        }
    }
    Ok(())
}

/// Refuses a report path that is, or may become, an input (or an output).
fn refuse_report(report: &Path, plan: &Plan) -> Result<()> {
    refuse_written_file(report, "the report", plan)
}

/// Refuses a path the run writes besides its outputs (`what`: the report,
/// corpus mode's clusters or sketches file) that is, or may become, an
/// input (or an output).
pub fn refuse_written_file(report: &Path, what: &str, plan: &Plan) -> Result<()> {
    let report_abs = absolute_resolved(report)?;
    let refuse = |why: String| -> Result<()> {
        bail!("refusing to write {what} to {}: {why}", escape_path(report))
    };
    for root in plan
        .roots
        .iter()
        .filter(|r| !r.canonical.as_os_str().is_empty())
    {
        if report_abs == root.canonical {
            return refuse(format!("it is the input {}", escape_path(&root.path)));
        }
        if matches!(root.kind, RootKind::Folder) && report_abs.starts_with(&root.canonical) {
            return refuse(format!(
                "it is inside the input folder {}, where it could be read as an article",
                escape_path(&root.path)
            ));
        }
    }
    if let (Some(mirror), Some(out_abs)) = (&plan.mirror, &plan.out_abs)
        && let Ok(inside) = report_abs.strip_prefix(out_abs)
        && let Some(input) = mirror.input_path(&mirror.out().join(inside))
        && fs::symlink_metadata(&input).is_ok()
    {
        return refuse(format!(
            "the output of {} would be written there",
            escape_path(&input)
        ));
    }
    if let Ok(meta) = fs::metadata(report)
        && meta.is_file()
        && meta.nlink() > 1
    {
        return refuse(format!(
            "it has {} hard links, and another name of it may be an input",
            meta.nlink()
        ));
    }
    Ok(())
}

/// `path` made absolute with symbolic links resolved as far as it exists
/// (an output folder or report may not exist yet).
pub fn absolute_resolved(path: &Path) -> Result<PathBuf> {
    let absolute = std::path::absolute(path)
        .with_context(|| format!("cannot resolve {}", escape_path(path)))?;
    let mut existing = absolute.as_path();
    let mut rest: Vec<&OsStr> = Vec::new();
    loop {
        if let Ok(resolved) = fs::canonicalize(existing) {
            let mut out = resolved;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Ok(normalize_dots(&out));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return Ok(normalize_dots(&absolute)),
        }
    }
}

/// Removes `.` and resolves `..` lexically.
fn normalize_dots(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_dots_resolves_lexically() {
        assert_eq!(
            normalize_dots(Path::new("/a/./b/../c")),
            PathBuf::from("/a/c")
        );
    }

    #[test]
    fn an_input_is_named_after_itself_or_what_it_stands_for() {
        assert_eq!(
            own_name(Path::new("x/y/"), Path::new("/r/x/y")),
            Some(OsString::from("y"))
        );
        assert_eq!(
            own_name(Path::new("."), Path::new("/r/here")),
            Some(OsString::from("here"))
        );
        assert_eq!(own_name(Path::new("/"), Path::new("/")), None);
    }
}
